"""Each Pelican internal that sitekit/pelican_seam.py relies on, checked against
the installed Pelican. A failure names the assumption and the code that needs
it: read the seam's docstring (same number), then adapt the seam, not the plugins.

``make test-upgrade PELICAN=x.y.z`` runs this module first.
"""

from __future__ import annotations

import inspect
from datetime import datetime
from urllib.parse import urljoin

import pelican
import pytest
from pelican import Pelican
from pelican.cache import FileStampDataCacher
from pelican.contents import Article, Content, Page, Static
from pelican.generators import ArticlesGenerator, CachingGenerator, Generator, PagesGenerator, StaticGenerator
from pelican.readers import Readers
from pelican.utils import memoized
from pelican.writers import Writer

from sitekit import pelican_seam as seam


def _params(function: object) -> tuple[str, ...]:
    return tuple(inspect.signature(function).parameters)  # type: ignore[arg-type]


def _explain(number: int, what: str, users: str) -> str:
    return (f"Pelican {pelican.__version__}: seam assumption {number} broke: {what}. "
            f"Needed by {users}; see sitekit/pelican_seam.py, item {number}.")


def test_1_get_files_signature() -> None:
    assert _params(Generator.get_files)[:4] == ("self", "paths", "exclude", "extensions"), _explain(
        1, f"Generator.get_files{inspect.signature(Generator.get_files)} is no longer (paths, exclude, extensions)",
        "plugins/site_content/tuning.py (get_files replaced per generator)")


def test_2_static_source_is_newer() -> None:
    method = getattr(StaticGenerator, seam.SOURCE_IS_NEWER, None)
    assert callable(method), _explain(2, "StaticGenerator._source_is_newer is gone",
                                      "plugins/site_content/tuning.py (deleted linked static files)")
    assert _params(method) == ("self", "staticfile"), _explain(
        2, f"StaticGenerator._source_is_newer{inspect.signature(method)} changed", "plugins/site_content/tuning.py")


@pytest.mark.parametrize("cacher", [CachingGenerator, ArticlesGenerator, PagesGenerator, Readers])
def test_3_file_stamp_cache_methods(cacher: type) -> None:
    assert issubclass(cacher, FileStampDataCacher), _explain(
        3, f"{cacher.__name__} is no longer a FileStampDataCacher", "plugins/site_content/tuning.py (disable_stamp_cache)")
    get, put = seam.STAMP_CACHE_METHODS
    assert _params(getattr(cacher, get)) == ("self", "filename", "default"), _explain(
        3, f"{cacher.__name__}.{get} changed signature", "plugins/site_content/tuning.py")
    assert _params(getattr(cacher, put)) == ("self", "filename", "data"), _explain(
        3, f"{cacher.__name__}.{put} changed signature", "plugins/site_content/tuning.py")


@pytest.mark.parametrize("cls", [Article, Page, Static])
def test_4_content_keeps_state_in_instance_dict(cls: type) -> None:
    assert "__slots__" not in vars(cls) and "__dict__" in dir(cls), _explain(
        4, f"{cls.__name__} objects have no instance __dict__",
        "plugins/site_content/snapshots.py (restore_instance), contents.py, incremental_writer, site_sitemap")
    item = seam.restore_instance(cls, {"metadata": {"title": "x"}, "relative_source_path": "a/b.md"})
    assert seam.own_attribute(item, "relative_source_path") == "a/b.md", _explain(
        4, "attributes written to __dict__ are not read back", "plugins/site_content/snapshots.py")


def test_5_body_attribute_and_6_memoized_get_content(tmp_path: object) -> None:
    settings = pelican.settings.read_settings(override={"PATH": str(tmp_path), "SITEURL": ""})
    article = Article("<p>正文</p>", metadata={"title": "T", "date": datetime(2024, 1, 2)}, settings=settings,
                      source_path=str(tmp_path) + "/news/2024/a.md", context={"generated_content": {},
                                                                               "static_content": {}})
    assert seam.own_attribute(article, seam.BODY_ATTRIBUTE) == "<p>正文</p>", _explain(
        5, f"Content no longer stores its body HTML in {seam.BODY_ATTRIBUTE!r}",
        "plugins/site_content/contents.py (lazy HTML), snapshots.py, sitekit/links.py")
    memo = vars(Content).get("get_content")
    assert isinstance(memo, seam.MEMO_CLASS) and memoized is seam.MEMO_CLASS, _explain(
        6, "Content.get_content is no longer wrapped in pelican.utils.memoized",
        "plugins/site_content/contents.py (LazyHtmlArticle.get_content overrides it)")
    assert isinstance(getattr(memo, seam.MEMO_CACHE_ATTRIBUTE, None), dict), _explain(
        6, f"memoized no longer keeps its results in .{seam.MEMO_CACHE_ATTRIBUTE}", "plugins/site_content/contents.py")
    assert _params(Content._update_content) == ("self", "content", "siteurl"), _explain(
        6, f"Content._update_content{inspect.signature(Content._update_content)} changed",
        "sitekit.pelican_seam.resolve_links (contents.py)")
    assert seam.content_without_memo(article, "") == article.get_content(""), _explain(
        6, "content_without_memo differs from Content.get_content", "plugins/site_content/contents.py")


def test_7_intrasite_link_regex() -> None:
    settings = pelican.settings.read_settings(override={"SITEURL": ""})
    article = Article("", metadata={"title": "T"}, settings=settings)
    regex = seam.intrasite_link_regex(article)
    match = regex.search('<img alt="" src="{static}a.jpg">')
    assert match is not None, _explain(7, "Content._get_intrasite_link_regex no longer matches {static} links",
                                       "plugins/site_content/snapshots.py (link_markup)")
    assert set(seam.LINK_REGEX_GROUPS) <= set(regex.groupindex), _explain(
        7, f"the link regex lost a named group of {seam.LINK_REGEX_GROUPS}", "plugins/site_content/snapshots.py")


def test_13_direct_link_target(tmp_path: object) -> None:
    settings = pelican.settings.read_settings(override={"PATH": str(tmp_path), "SITEURL": "https://x.org"})
    context: dict = {"generated_content": {}, "static_content": {}}
    image = Static("", metadata={}, settings=settings, source_path=f"{tmp_path}/images/a.jpg", context=context)
    other = Article("", metadata={"title": "B", "date": datetime(2024, 1, 2), "slug": "b"}, settings=settings,
                    source_path=f"{tmp_path}/news/2024/b.md", context=context)
    context["static_content"]["images/a.jpg"] = image
    context["generated_content"]["news/2024/b.md"] = other
    html = '<img src="{static}/images/a.jpg"><a href="{filename}/news/2024/b.md#s">b</a>'
    article = Article(html, metadata={"title": "T", "date": datetime(2024, 1, 2)}, settings=settings,
                      source_path=f"{tmp_path}/news/2024/a.md", context=context)
    found = [(seam.direct_link_target(article, m.group("what"), m.group("value").split("#")[0]), m)
             for m in seam.intrasite_link_regex(article).finditer(html)]
    assert [target for target, _ in found] == [image, other], _explain(
        13, "direct_link_target no longer finds a root-relative {static}/{filename} target",
        "plugins/site_content/contents.py (link_fingerprint)")
    expected = html
    for target, match in found:
        rest = match.group("value")[len(match.group("value").split("#")[0]):]
        expected = expected.replace(match.group("value"), "").replace(
            "{" + match.group("what") + "}", urljoin("https://x.org/", target.url) + rest, 1)
    assert seam.resolve_links(article, html, "https://x.org") == expected, _explain(
        13, "Pelican no longer turns a found link into urljoin(siteurl, target.url)",
        "plugins/site_content/contents.py (link_fingerprint)")


def test_8_expand_settings() -> None:
    assert _params(Content._expand_settings) == ("self", "key", "klass"), _explain(
        8, f"Content._expand_settings{inspect.signature(Content._expand_settings)} changed",
        "plugins/site_content/contents.py (CachedUrlPage, CachedUrlStatic)")
    for cls, prop in ((Article, "url"), (Page, "save_as"), (Static, "url")):
        assert isinstance(vars(Content).get(prop) or getattr(cls, prop), property), _explain(
            8, f"{cls.__name__}.{prop} is no longer a property", "plugins/site_content/contents.py (cached_property)")



def test_8_static_path_pattern() -> None:
    """contents.py answers a ``{path}`` pattern itself: it must be url_format's ``path``."""
    from pelican.contents import Static
    from pelican.settings import DEFAULT_CONFIG

    static = Static("", metadata={}, settings={**DEFAULT_CONFIG, "PATH": "/site/content"},
                    source_path="/site/content/campus/2024/a b.png")
    assert static.url_format["path"] == "campus/2024/a b.png" == static.relative_source_path, _explain(
        8, "url_format's path is no longer the relative source path", "plugins/site_content/contents.py")

def test_9_safe_datetime() -> None:
    assert "strftime" in vars(seam.SAFE_DATETIME), _explain(
        9, "SafeDatetime no longer overrides strftime (plain_datetime may be unnecessary)", "sitekit/urls.py")
    moment = seam.safe_datetime(datetime(2024, 3, 1, 10, 0))
    assert type(moment) is seam.SAFE_DATETIME
    plain = seam.plain_datetime(moment)
    assert type(plain) is datetime and plain == datetime(2024, 3, 1, 10, 0) and f"{plain:%Y}" == "2024"


def test_10_output_retention_attribute(tmp_path: object) -> None:
    settings = pelican.settings.read_settings(override={"PATH": str(tmp_path), "OUTPUT_PATH": str(tmp_path),
                                                        "OUTPUT_RETENTION": ["keep"], "PLUGINS": []})
    instance = Pelican(settings)
    assert getattr(instance, seam.OUTPUT_RETENTION, None) == ["keep"], _explain(
        10, f"Pelican.{seam.OUTPUT_RETENTION} no longer holds OUTPUT_RETENTION",
        "plugins/site_search/__init__.py (keep_bundles)")
    assert seam.OUTPUT_RETENTION in inspect.getsource(Pelican.run), _explain(
        10, f"Pelican.run no longer passes self.{seam.OUTPUT_RETENTION} to clean_output_dir",
        "plugins/site_search/__init__.py (keep_bundles)")
    seam.retain_output(instance, ["search"])
    assert instance.output_retention == ["keep", "search"]


def test_11_period_archives() -> None:
    method = getattr(ArticlesGenerator, seam.PERIOD_ARCHIVES, None)
    assert callable(method) and _params(method) == ("self", "sorted_articles", "articles", "settings"), _explain(
        11, "ArticlesGenerator._build_period_archives(sorted_articles, articles, settings) is gone or changed",
        "plugins/members_only (archives without member-only items)")


def test_12_writer() -> None:
    assert _params(Writer.write_file) == seam.WRITE_FILE_PARAMETERS, _explain(
        12, f"Writer.write_file{inspect.signature(Writer.write_file)} changed", "plugins/incremental_writer")
    source = inspect.getsource(Writer.write_file)
    for key in ("localsiteurl", "output_file"):
        assert f'"{key}"' in source or f"'{key}'" in source, _explain(
            12, f"Writer.write_file no longer sets {key!r} in the page context",
            "plugins/incremental_writer (page_context)")
    with pytest.raises(RuntimeError):
        seam.output_join("/srv/out", "../escape.html")
    assert seam.output_join("/srv/out", "a/b.html") == "/srv/out/a/b.html"


def test_generator_classes_still_exist() -> None:
    for cls in (ArticlesGenerator, PagesGenerator, StaticGenerator):
        assert issubclass(cls, Generator), _explain(1, f"{cls.__name__} is no longer a Generator",
                                                    "plugins/site_content, members_only")
