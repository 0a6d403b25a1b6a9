"""Pelican plugin: member units on the site.

Loads ``content/data/members.yml`` (registry.py), gives templates the members
grouped by region (the 会员单位 page), links imported articles to their member
(``Member:`` field), writes one page per member listing its items, and offers a
feed per member to site_feeds. See README.md.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from sitekit.plugins import listed

from .registry import Member, RegistryError, Totals, load_registry_file

REGISTRY_FILE = "data/members.yml"
MEMBER_URL = "members/{id}/"
MEMBER_SAVE_AS = "members/{id}/index.html"


class MemberPagesGenerator(Generator):
    """Adds members to the context and writes one page per member unit."""

    def generate_context(self) -> None:
        registry = Path(self.path) / REGISTRY_FILE
        loaded = load_registry_file(registry) if registry.exists() else None
        members = loaded.members if loaded else []
        by_id = {member.id: member for member in members}
        items: dict[str, list] = {member.id: [] for member in members}
        unknown = []
        for article in self.context.get("articles", []):
            member_id = article.metadata.get("member")
            if member_id is None:
                continue
            if member_id not in by_id:
                unknown.append(f"{article.relative_source_path}: Member {member_id!r} is not in "
                               f"content/{REGISTRY_FILE}; add the member or fix the id")
                continue
            article.member_unit = by_id[member_id]
            items[member_id].append(article)
        if unknown:
            raise RegistryError("\n".join(unknown))
        for member_items in items.values():
            member_items.sort(key=lambda a: (a.date, a.source_path), reverse=True)
        regions: dict[str, list[Member]] = {}
        for member in members:
            regions.setdefault(member.region, []).append(member)
        self.context["MEMBERS"] = members
        self.context["MEMBER_TOTALS"] = loaded.totals if loaded else Totals()
        self.context["MEMBER_REGIONS"] = sorted(regions.items())
        self.context["MEMBER_ARTICLES"] = items
        self.context["MEMBER_URL"] = MEMBER_URL
        feeds = self.context.setdefault("FEED_SOURCES_EXTRA", [])
        for member in members:
            if items[member.id]:
                feeds.append(
                    {
                        "key": f"members/{member.id}",
                        "title": member.name,
                        "description": f"{member.name}在本站发布的后勤动态和招投标信息",
                        "page_url": MEMBER_URL.format(id=member.id),
                        "articles": items[member.id],
                        "group": "会员单位",
                    }
                )

    def generate_output(self, writer: object) -> None:
        template = self.get_template("member")
        for member in self.context.get("MEMBERS", []):
            writer.write_file(
                MEMBER_SAVE_AS.format(id=member.id),
                template,
                self.context,
                member=member,
                member_articles=self.context["MEMBER_ARTICLES"][member.id],
                url=MEMBER_URL.format(id=member.id),
            )


def get_generators(pelican: object) -> type[Generator] | None:
    return MemberPagesGenerator if listed(pelican.settings, __name__) else None


def register() -> None:
    signals.get_generators.connect(get_generators)
