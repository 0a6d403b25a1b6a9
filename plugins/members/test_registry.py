"""Tests for members.registry: valid files load, malformed ones are refused precisely."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from members.registry import Member, RegistryError, Selectors, Source, load_registry

GOOD = """\
- id: scu
  name: 四川大学
  kind: university
  region: 成都片区
  homepage: https://hq.scu.edu.cn/
  sources:
    - column: campus
      list_url: https://hq.scu.edu.cn/hqdt.htm
      preset: vsb
      max_pages: 2
    - column: tenders
      list_url: http://hq.scu.edu.cn/zbgg.htm
      selectors:
        item: "ul.news li"
        link: "a"
        date: "span"
        content: ".v_news_content"
- id: sc-food-group
  name: 四川某餐饮集团
  kind: enterprise
  region: 成都片区
  homepage: http://www.example.com
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "members.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_good_registry_loads_typed_frozen_values(tmp_path):
    members = load_registry(write(tmp_path, GOOD))
    assert [m.id for m in members] == ["scu", "sc-food-group"]
    scu = members[0]
    assert isinstance(scu, Member) and scu.name == "四川大学" and scu.region == "成都片区"
    assert scu.sources[0] == Source(column="campus", list_url="https://hq.scu.edu.cn/hqdt.htm",
                                    preset="vsb", max_pages=2)
    tenders = scu.sources[1]
    assert tenders.preset == "auto" and tenders.max_pages == 1
    assert tenders.selectors == Selectors(item="ul.news li", link="a", title=None, date="span",
                                          content=".v_news_content")
    assert members[1].sources == () and members[1].kind == "enterprise"
    with pytest.raises(AttributeError):
        scu.name = "x"  # type: ignore[misc]


def test_empty_file_is_an_empty_registry(tmp_path):
    assert load_registry(write(tmp_path, "")) == []


def _break(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


BROKEN = [
    # (description, old, new, words the message must contain)
    ("unknown key", "  region: 成都片区\n  homepage: https://hq",
     "  regoin: 成都片区\n  homepage: https://hq", ["entry 1", "'scu'", "'regoin'", "allowed keys"]),
    ("missing id", "- id: scu\n", "- name0: x\n", ["entry 1", "name0"]),
    ("missing id only", "- id: sc-food-group\n", "- \n", ["entry 2", "'id'", "missing", "add 'id:"]),
    ("missing name", "  name: 四川大学\n", "", ["entry 1", "'scu'", "'name'", "missing"]),
    ("bad id", "- id: scu\n", "- id: SCU大学\n", ["entry 1", "'id'", "lower-case"]),
    ("bad kind", "  kind: university\n", "  kind: school\n", ["'kind'", "university, enterprise"]),
    ("bad homepage", "homepage: https://hq.scu.edu.cn/", "homepage: hq.scu.edu.cn",
     ["'homepage'", "http(s)"]),
    ("ftp list_url", "list_url: https://hq.scu.edu.cn/hqdt.htm",
     "list_url: ftp://hq.scu.edu.cn/hqdt.htm", ["sources[0]", "'list_url'", "http(s)"]),
    ("hostless url", "list_url: https://hq.scu.edu.cn/hqdt.htm", "list_url: 'https:///x.htm'",
     ["sources[0]", "'list_url'"]),
    ("duplicate id", "- id: sc-food-group\n", "- id: scu\n",
     ["entry 2", "duplicate id 'scu'", "entry 1", "own id"]),
    ("bad column", "column: tenders", "column: news", ["sources[1]", "'column'", "campus, tenders"]),
    ("bad preset", "preset: vsb", "preset: wordpress", ["sources[0]", "'preset'", "vsb, sudy, auto"]),
    ("max_pages zero", "max_pages: 2", "max_pages: 0", ["'max_pages'", ">= 1"]),
    ("max_pages text", "max_pages: 2", "max_pages: two", ["'max_pages'"]),
    ("selector unknown key", 'date: "span"', 'datum: "span"', ["sources[1], selectors", "'datum'"]),
    ("selector missing link", '        link: "a"\n', "", ["selectors", "'link'", "missing"]),
    ("bad css", 'item: "ul.news li"', 'item: "ul..news li"', ["'item'", "invalid CSS"]),
    ("review not a bool", "max_pages: 2", "max_pages: 2\n      review: 是", ["sources[0]", "'review'",
                                                                           "true or false"]),
]


@pytest.mark.parametrize("desc,old,new,words", BROKEN, ids=[b[0] for b in BROKEN])
def test_malformed_registry_is_refused_with_where_and_fix(tmp_path, desc, old, new, words):
    path = write(tmp_path, _break(GOOD, old, new))
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    message = str(info.value)
    assert str(path) in message
    assert "Fix:" in message
    for word in words:
        assert word in message, (word, message)


def test_not_a_list_and_bad_yaml(tmp_path):
    with pytest.raises(RegistryError, match="YAML list"):
        load_registry(write(tmp_path, "id: scu\n"))
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_registry(write(tmp_path, "- id: [scu\n"))
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "missing.yml")


def test_registry_error_is_a_value_error():
    assert issubclass(RegistryError, ValueError)


def test_review_flag_defaults_off_and_reads_true(tmp_path):
    members = load_registry(write(tmp_path, _break(GOOD, "max_pages: 2", "max_pages: 2\n      review: true")))
    assert members[0].sources[0].review is True
    assert members[0].sources[1].review is False
