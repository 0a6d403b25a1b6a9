"""What a Markdown body holds: the features the benchmark corpus's mix is checked on."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

FEATURES: dict[str, re.Pattern[str]] = {
    "image": re.compile(r"!\[[^\]]*\]\("),
    "link": re.compile(r"(?<!!)\[[^\]]*\]\(<?https?://"),
    "attachment": re.compile(r"^\*\*附件\*\*$|附件【", re.M),
    "br": re.compile(r"  \n"),
    "table": re.compile(r"^\|.*\|\s*\n\|[ :|-]+\|\s*$|<table", re.M),
    "aligned table": re.compile(r"^\|(?:[ ]*:?-+:?[ ]*\|)*[ ]*(?::-+|-+:)[ ]*\|", re.M),
    "nested list": re.compile(r"^ {4,}(?:[-+*]|\d+\.) ", re.M),
    "list": re.compile(r"^(?:[-+*]|\d+\.) ", re.M),
    "heading": re.compile(r"^#{1,6} ", re.M),
    "bold": re.compile(r"\*\*[^*\n]+\*\*"),
    "quote": re.compile(r"^> ", re.M),
    "escape": re.compile(r"\\[\\`*_{}\[\]()#+.!|-]"),
    "soft break": re.compile(r"[^\n ]\n[^\n]"),
}
#: Features that make an article "rich" (the issue's list): at least half must have one.
RICH = ("image", "link", "attachment", "br", "aligned table", "nested list")


def features(text: str) -> set[str]:
    """Feature names found in a whole file: in its body, and ``Attachments:`` in its header."""
    head, _, body = text.partition("\n\n")
    found = {name for name, pattern in FEATURES.items() if pattern.search(body)}
    if any(line.lower().startswith("attachments:") for line in head.split("\n")):
        found.add("attachment")
    return found


def shares(texts: Iterable[str]) -> dict[str, float]:
    """Fraction of files with each feature, and of files with any RICH one ("rich")."""
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        found = features(text)
        counts.update(found)
        counts["rich"] += bool(found & set(RICH))
        total += 1
    return {name: counts[name] / total for name in [*FEATURES, "rich"]} if total else {}
