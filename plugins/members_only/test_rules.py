"""Unit rules of members_only: what is member-only, settings, teasers."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from members_only import (
    MembersOnlyError,
    active,
    in_static_dirs,
    is_members_only,
    mode,
    teaser_for,
    teasers,
)
from members_only.settings import public_static

COLUMNS = {
    "documents": SimpleNamespace(access="members", url="documents/"),
    "news": SimpleNamespace(access="public", url="news/"),
}


def item(column: str | None, access: str | None = None) -> SimpleNamespace:
    metadata = {"access": access} if access else {}
    category = SimpleNamespace(slug=column) if column else None
    return SimpleNamespace(metadata=metadata, category=category)


def test_member_only_by_column_or_by_own_header() -> None:
    assert is_members_only(item("documents"), COLUMNS)
    assert is_members_only(item("news", "members"), COLUMNS)
    assert is_members_only(item("news", "MEMBERS"), COLUMNS)
    assert not is_members_only(item("news"), COLUMNS)
    assert not is_members_only(item("news", "public"), COLUMNS)
    assert is_members_only(item(None, "members"), {})  # a page
    assert not is_members_only(item("unknown"), COLUMNS)


def test_static_dirs_match_whole_path_segments() -> None:
    dirs = ("files/members", "images/members")
    assert in_static_dirs("files/members/2022/a.pdf", dirs)
    assert in_static_dirs("/images/members/x.png", dirs)
    assert not in_static_dirs("files/members-list.pdf", dirs)
    assert not in_static_dirs("files/2022/members/a.pdf", dirs)


def test_settings_are_checked() -> None:
    assert mode({}) == "public" and mode({"MEMBERS_ONLY_MODE": "members"}) == "members"
    with pytest.raises(MembersOnlyError):
        mode({"MEMBERS_ONLY_MODE": "off"})
    assert teasers({}) == "none", "teasers are off unless an editor turns them on"
    assert teasers({"MEMBERS_ONLY_TEASERS": True}) == "title"
    assert teasers({"MEMBERS_ONLY_TEASERS": False}) == "none"
    assert teasers({"MEMBERS_ONLY_TEASERS": "hidden"}) == "hidden"
    with pytest.raises(MembersOnlyError):
        teasers({"MEMBERS_ONLY_TEASERS": "maybe"})
    assert active({"PLUGINS": ["site_content", "members_only"]})
    assert not active({"PLUGINS": ["site_content"]})


def test_teaser_carries_title_date_and_members_area_link_only() -> None:
    article = SimpleNamespace(title="协会制度规定汇编", date=datetime(2022, 12, 30), url="documents/2022/rules.html",
                              column=COLUMNS["documents"], source_path="/c/documents/2022/rules.md",
                              summary="不应出现", content="不应出现")
    teaser = teaser_for(article, {})
    assert teaser.title == "【会员专属】协会制度规定汇编"
    assert teaser.url == "members-area/documents/2022/rules.html"
    assert teaser.metadata == {"access": "members"} and teaser.members_only
    assert not hasattr(teaser, "summary") and not hasattr(teaser, "content")
    hidden = teaser_for(article, {"MEMBERS_ONLY_TEASERS": "hidden", "MEMBERS_AREA_PATH": "/vip/"})
    assert public_static({"MEMBERS_ONLY_PUBLIC_STATIC": ["extra"], "EXTRA_PATH_METADATA": {"x/f.ico": {}}}) \
        == ("extra", "x/f.ico")
    with pytest.raises(MembersOnlyError, match="MEMBERS_ONLY_PUBLIC_STATIC"):
        public_static({"MEMBERS_ONLY_PUBLIC_STATIC": ["files"]})
    assert hidden.title == "【会员专属】标题仅会员可见" and hidden.url == "vip/documents/"
