"""site_stats: the 年度统计 page of a real build against a hand count of a fixture."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plugin_testing import build_site
from sitekit.settings import OptionsError

COLUMNS = {
    "news/_index.md": "Title: 协会动态\nSection: 协会工作\nOrder: 10\n\n协会新闻。\n",
    "campus/_index.md": "Title: 学校后勤动态\nSection: 后勤动态\nOrder: 70\n\n会员动态。\n",
    "tenders/_index.md": "Title: 招投标信息\nSection: 招投标\nOrder: 80\n\n招标。\n",
    "documents/_index.md": "Title: 后勤管理文件\nSection: 会员专区\nOrder: 90\nAccess: members\n\n文件。\n",
}
REGISTRY = """\
totals:
  units: 236
  regions: 8
members:
  - {id: scu, name: 四川大学, kind: university, region: 成都片区, homepage: "https://www.scu.edu.cn/"}
  - {id: uestc, name: 电子科技大学, kind: university, region: 成都片区, homepage: "https://www.uestc.edu.cn/"}
  - {id: sicau, name: 四川农业大学, kind: university, region: 雅安片区, homepage: "https://www.sicau.edu.cn/"}
  - {id: abtu, name: 阿坝师范学院, kind: university, region: 阿坝片区, homepage: "https://www.abtu.edu.cn/"}
"""


def item(title: str, date: str, member: str | None = None, extra: str = "") -> str:
    return f"Title: {title}\nDate: {date}\n" + (f"Member: {member}\n" if member else "") + extra + "\n正文。\n"


# Hand count (published, public items only):
#            news  campus  tenders | total
#   2020       1      0       0    |   1
#   2021       0      0       0    |   0   (a year without items still has its row)
#   2022       2      3       1    |   6
#   2023       1      2       2    |   5
#   total      4      5       3    |  12
# Members: scu 2022×2 + 2023×1 = 3; uestc 2022×1 (campus) + 2023×2 (tenders) = 3;
#          sicau 2022×1 (tenders) + 2023×1 (campus) = 2; abtu 0.
# 片区: 成都片区 (scu, uestc) 6 items, 3 in 2023; 雅安片区 2, 1 in 2023; 阿坝片区 0.
# Not counted: a draft, a member-only item, an item in a member-only column.
FILES = {
    **COLUMNS,
    "data/members.yml": REGISTRY,
    "news/2020/a.md": item("甲", "2020-05-01"),
    "news/2022/b.md": item("乙", "2022-03-01"),
    "news/2022/c.md": item("丙", "2022-09-01"),
    "news/2023/d.md": item("丁", "2023-01-10"),
    "news/2023/draft.md": item("草稿", "2023-02-01", extra="Status: draft\n"),
    "news/2023/secret.md": item("会员专享", "2023-02-02", extra="Access: members\n"),
    "documents/2023/rules.md": item("制度", "2023-02-03"),
    "campus/scu/2022/s1.md": item("川大一", "2022-04-01", "scu"),
    "campus/scu/2022/s2.md": item("川大二", "2022-05-01", "scu"),
    "campus/scu/2023/s3.md": item("川大三", "2023-03-01", "scu"),
    "campus/uestc/2022/u1.md": item("电子一", "2022-06-01", "uestc"),
    "campus/sicau/2023/a1.md": item("川农一", "2023-04-01", "sicau"),
    "tenders/sicau/2022/t1.md": item("川农招标", "2022-07-01", "sicau"),
    "tenders/uestc/2023/t2.md": item("电子招标一", "2023-05-01", "uestc"),
    "tenders/uestc/2023/t3.md": item("电子招标二", "2023-06-01", "uestc"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("stats"), FILES)


def table(doc: BeautifulSoup, selector: str) -> list[list[str]]:
    return [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
            for row in doc.select(f"{selector} tr")]


def page(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "stats/index.html").read_text(encoding="utf-8"), "html.parser")


def test_items_per_column_per_year_match_the_hand_count(site: Path) -> None:
    rows = table(page(site), "#columns-by-year")
    assert rows == [
        ["年份", "协会动态", "学校后勤动态", "招投标信息", "合计"],
        ["2023年", "1", "2", "2", "5"],
        ["2022年", "2", "3", "1", "6"],
        ["2021年", "0", "0", "0", "0"],
        ["2020年", "1", "0", "0", "1"],
        ["合计", "4", "5", "3", "12"],
    ]


def test_members_regions_and_top_contributors(site: Path) -> None:
    doc = page(site)
    members = [row[:4] for row in table(doc, "#members")[1:]]
    # Most items first; equal totals: more in the newest year first.
    assert members == [["电子科技大学", "成都片区", "2", "3"], ["四川大学", "成都片区", "1", "3"],
                       ["四川农业大学", "雅安片区", "1", "2"], ["阿坝师范学院", "阿坝片区", "0", "0"]]
    regions = [row[:4] for row in table(doc, "#regions")[1:]]
    assert regions == [["成都片区", "2", "3", "6"], ["雅安片区", "1", "1", "2"], ["阿坝片区", "1", "0", "0"]]
    top = [row[:2] for row in table(doc, "#chart-top")[1:]]
    assert top == [["电子科技大学", "2"], ["四川大学", "1"], ["四川农业大学", "1"]]


def test_bars_are_inline_svg_scaled_to_the_largest_value(site: Path) -> None:
    doc = page(site)
    chart = doc.select_one("#chart-years")
    widths = {row.th.get_text(strip=True): row.select_one("svg .bar-fill")["width"] for row in chart.tbody.find_all("tr")}
    assert widths == {"2023年": "83.3%", "2022年": "100.0%", "2021年": "0.0%", "2020年": "16.7%"}
    for svg in doc.select("svg.bar"):
        assert svg["aria-hidden"] == "true" and not svg.find("text")  # numbers are table text (大字 scales them)
    assert not doc.find("script", src=re.compile("stats"))


def test_csv_downloads_hold_the_same_tables(site: Path) -> None:
    data = (site / "stats/columns-by-year.csv").read_bytes()
    assert data.startswith("\ufeff".encode())  # Excel on Chinese Windows needs the BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["年份", "协会动态", "学校后勤动态", "招投标信息", "合计"],
        ["2023", "1", "2", "2", "5"], ["2022", "2", "3", "1", "6"], ["2021", "0", "0", "0", "0"],
        ["2020", "1", "0", "0", "1"], ["合计", "4", "5", "3", "12"]]
    members = list(csv.reader(io.StringIO((site / "stats/members-by-year.csv").read_text(encoding="utf-8-sig"))))
    assert members[0] == ["会员单位", "片区", "2020", "2021", "2022", "2023", "合计"]
    assert members[2] == ["四川大学", "成都片区", "0", "0", "2", "1", "3"]
    links = {a["href"] for a in page(site).select(".csv-link a[download]")}
    assert links == {"/stats/columns-by-year.csv", "/stats/members-by-year.csv"}


def test_stats_page_is_in_the_sitemap_and_menu(site: Path) -> None:
    assert "<loc>http://127.0.0.1:8000/stats/</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one(".site-nav a[href='/stats/']")


def test_members_area_build_writes_no_statistics(tmp_path: Path) -> None:
    out = build_site(tmp_path, FILES, "members", MEMBERS_ONLY_MODE="members", SITEURL="/members-area")
    assert (out / "documents/2023/rules.html").is_file()
    assert not (out / "stats").exists()
    assert not BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser").select("a[href$='/stats/']")


def test_a_wrong_setting_names_the_plugin_and_key(tmp_path: Path) -> None:
    with pytest.raises(OptionsError, match=r"site_stats: unknown key SITE_STATS\['tops'\]"):
        build_site(tmp_path, COLUMNS, SITE_STATS={"tops": 3})
    with pytest.raises(OptionsError, match=r"SITE_STATS\['top'\] must be int"):
        build_site(tmp_path, COLUMNS, "out2", SITE_STATS={"top": "3"})
