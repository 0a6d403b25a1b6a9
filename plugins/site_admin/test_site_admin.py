"""The web editor in real Pelican builds: written only when asked, complete and
self-contained (no request leaves the site), its config generated from the
columns and templates, bad settings refused by name, nothing member-only leaked."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pelican import Pelican
from pelican.settings import read_settings

from site_admin.config import collection, decap_config
from site_admin.settings import AdminSettings, AdminSettingsError, load
from site_content.archetypes import load_archetypes, new_file_text
from site_content.columns import load_columns

ROOT = Path(__file__).resolve().parent.parent.parent
DECAP = ROOT / "admin" / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
needs_npm = pytest.mark.skipif(not DECAP.is_file(), reason="run `make admin-install` (the tests do: make test)")


def build(content: Path, output: Path, **overrides: object) -> Path:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(output.parent / "cache"),
        "SEARCH_INDEX": False, **overrides})
    Pelican(settings).run()
    return output


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("admin-site")
    shutil.copytree(ROOT / "content", root / "content")
    return root


def test_the_config_has_one_collection_per_column_with_its_template_fields() -> None:
    columns, problems = load_columns(ROOT / "content")
    assert not problems
    config = decap_config(columns, load_archetypes(ROOT / "archetypes"), AdminSettings(), "https://x.cn/")
    by_name = {c["name"]: c for c in config["collections"]}
    assert list(by_name) == list(columns) and config["locale"] == "zh_Hans"
    tenders = by_name["tenders"]
    assert tenders["folder"] == "content/tenders" and tenders["path"] == "{{folder}}/{{slug}}"
    assert tenders["format"] == "pelican" and tenders["delete"] is False
    names = [f["name"] for f in tenders["fields"]]
    assert names[:5] == ["name", "title", "date", "status", "access"]
    assert names[5:10] == ["tags", "summary", "project_no", "budget", "deadline"]  # archetypes, in order
    labels = {f["name"]: f.get("label") for f in tenders["fields"]}
    assert (labels["project_no"], labels["budget"], labels["deadline"]) == ("项目编号", "预算", "截止时间")
    assert by_name["notices"]["fields"][7]["label"] == "发文单位"
    # Member-only columns: no public/members switch, uploads under members/.
    documents = by_name["documents"]
    assert "access" not in [f["name"] for f in documents["fields"]]
    assert documents["media_folder"] == "/content/images/members/{{fields.date | date('YYYY')}}"
    files = [f for f in documents["fields"] if f["name"] == "attachments"][0]["fields"][0]
    assert files["media_folder"] == "/content/files/members/{{fields.date | date('YYYY')}}"
    assert files["public_folder"] == "files/members/{{fields.date | date('YYYY')}}"
    news_files = [f for f in by_name["news"]["fields"] if f["name"] == "attachments"][0]["fields"][0]
    assert news_files["media_folder"] == "/content/files/{{fields.access | ternary('members','')}}/{{fields.date | date('YYYY')}}"
    assert by_name["news"]["public_folder"].startswith("{static}/images/")


def test_a_new_template_field_shows_up_in_the_editor(tmp_path: Path) -> None:
    archetypes = tmp_path / "archetypes"
    shutil.copytree(ROOT / "archetypes", archetypes)
    (archetypes / "news.yml").write_text("fields:\n  - key: Venue\n    label: 会议地点\n", encoding="utf-8")
    columns, _ = load_columns(ROOT / "content")
    news = collection(columns["news"], load_archetypes(archetypes).for_column("news"))
    assert {"name": "venue", "label": "会议地点", "widget": "string", "required": False} in news["fields"]
    (archetypes / "news.yml").write_text("fields:\n  - key: Status\n    label: 状态\n", encoding="utf-8")
    with pytest.raises(AdminSettingsError, match="'Status', which the editor writes itself"):
        collection(columns["news"], load_archetypes(archetypes).for_column("news"))


@pytest.mark.parametrize(("given", "message"), [
    ({"backnd": {}}, r"unknown key\(s\) in SITE_ADMIN: \['backnd'\]"),
    ({"backend": {"name": "netlify"}}, r"SITE_ADMIN\['backend'\]\['name'\] is 'netlify'"),
    ({"backend": {"name": "github"}}, r"the github backend needs SITE_ADMIN\['backend'\]\['repo'\]"),
    ({"backend": {"name": "gitea", "repo": "a/b", "base_url": "https://g.cn", "api_root": "https://g.cn/api/v1"}},
     r"the gitea backend needs SITE_ADMIN\['backend'\]\['app_id'\]"),
    ({"path": "../x"}, r"SITE_ADMIN\['path'\]"),
])
def test_bad_settings_are_refused_by_name(given: dict, message: str) -> None:
    with pytest.raises(AdminSettingsError, match=message):
        load({"SITE_ADMIN": given})


@needs_npm
def test_the_editor_is_written_only_when_asked(sample: Path) -> None:
    output = sample / "output"
    build(sample / "content", output)
    assert not (output / "admin").exists()
    build(sample / "content", output, SITE_ADMIN_ENABLED=True)
    admin = output / "admin"
    assert (admin / "index.html").is_file() and (admin / "vendor/decap-cms/decap-cms.js").is_file()
    build(sample / "content", output)
    assert not (admin).exists(), "switched off, the editor is removed"
    (output / "admin").mkdir()
    (output / "admin" / "mine.txt").write_text("not the plugin's", encoding="utf-8")
    with pytest.raises(AdminSettingsError, match="was not written by this plugin"):
        build(sample / "content", output, SITE_ADMIN_ENABLED=True)
    build(sample / "content", output)
    assert (output / "admin" / "mine.txt").is_file(), "a folder the plugin did not write is left alone"


@needs_npm
def test_the_editor_is_complete_and_loads_nothing_from_elsewhere(sample: Path) -> None:
    output = build(sample / "content", sample / "full", SITE_ADMIN_ENABLED=True,
                   SITE_ADMIN={"backend": {"name": "gitea", "repo": "scgxhq/site", "branch": "main",
                                           "base_url": "https://git.example.cn",
                                           "api_root": "https://git.example.cn/api/v1", "app_id": "abc"}})
    admin = output / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not ref.startswith(("http:", "https:", "//")), ref
        assert (admin / ref).is_file(), ref
    for script in (admin / "editor").glob("*.js"):
        for target in re.findall(r'from "([^"]+)"', script.read_text(encoding="utf-8")):
            assert (script.parent / target).resolve().is_file(), (script.name, target)
    chunks = sorted(p.name for p in (admin / "vendor/decap-cms").iterdir())
    assert any(c.endswith(".decap-cms.js") for c in chunks) and any(c.endswith(".wasm") for c in chunks)
    assert not [c for c in chunks if c.endswith(".map")] and "package.json" not in [p.name for p in admin.rglob("*")]
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "gitea" and config["backend"]["app_id"] == "abc"
    data = json.loads((admin / "site-data.json").read_text(encoding="utf-8"))
    assert "party-brand-creation" in data["columns"]["notices"]["taken"]["2022"]  # a published notice's name
    # Only public names: a member-only item's address would be a leak.
    assert data["columns"]["documents"] == {"title": "后勤管理文件", "members": True, "taken": {}}
    assert "association-rules-2022" not in json.dumps(data)
    leaks = subprocess.run([sys.executable, str(ROOT / "scripts/check_leaks.py"), "--content", str(sample / "content"),
                            "--output", str(output)], capture_output=True, text=True)
    assert leaks.returncode == 0, leaks.stdout + leaks.stderr


def test_the_local_proxy_is_refused_in_a_build_for_the_public_address() -> None:
    from site_admin.settings import check_backend_for_site

    check_backend_for_site(load({}), {"SITEURL": ""})
    check_backend_for_site(load({}), {"SITEURL": "http://127.0.0.1:8000"})
    with pytest.raises(AdminSettingsError, match="local proxy, but this build is for https://www.scgxhq.org.cn"):
        check_backend_for_site(load({}), {"SITEURL": "https://www.scgxhq.org.cn"})


@needs_npm
def test_members_area_build_never_gets_the_editor(sample: Path) -> None:
    settings = read_settings(str(ROOT / "membersconf.py"), override={
        "PATH": str(sample / "content"), "OUTPUT_PATH": str(sample / "members-out"),
        "CACHE_PATH": str(sample / "members-cache"), "SITE_ADMIN_ENABLED": True, "SEARCH_INDEX": False})
    Pelican(settings).run()
    assert not (sample / "members-out" / "admin").exists()


def test_an_untouched_new_article_of_every_column_passes_the_check(sample: Path, tmp_path: Path) -> None:
    """What the editor (and make new) start with may be published as it is: the
    template's example image is shown as code, not linked to a missing file."""
    content = tmp_path / "content"
    shutil.copytree(sample / "content", content)
    columns, _ = load_columns(content)
    archetypes = load_archetypes(ROOT / "archetypes")
    for slug in columns:
        path = content / slug / "2024" / "untouched-template.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_file_text(archetypes.for_column(slug), "模板原样发布", "2024-03-01 10:00", {}, "published"),
                        encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "scripts/check_content.py"), "--content", str(content)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
