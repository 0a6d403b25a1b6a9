"""Chinese sentences for the benchmark corpus, from real words.

Half the sentences follow the site's own phrasing (openers, units, verbs and
objects of university logistics news, vocab.py); the other half are built
from the several thousand most frequent words of a real dictionary
(words.txt, by part of speech), so the text has the vocabulary spread of the
archive rather than a few dozen repeated phrases (search index size, the
number of distinct tokens, feed and page sizes all depend on it). Numbers,
dates and Latin terms (HACCP, 6T, DB51/T 2769-2021) appear as in real news.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

from . import vocab as V

WORDS_FILE = Path(__file__).with_name("words.txt")
LATIN = ("HACCP", "6T", "ISO 9001", "DB51/T 2769-2021", "PPP", "EPC", "AI", "App", "LED", "PDF",
         "5G", "GB 31654-2021", "Wi-Fi", "CCTV", "QQ", "PM2.5")


@lru_cache(maxsize=1)
def words() -> dict[str, tuple[str, ...]]:
    """Words by part of speech (n, vn, v, a, d, ad)."""
    found: dict[str, list[str]] = {}
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, pos = line.split()
            found.setdefault(pos, []).append(word)
    return {pos: tuple(items) for pos, items in found.items()}


def vocabulary_size() -> int:
    return sum(len(items) for items in words().values())


class Writer:
    """Sentences and paragraphs drawn from one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.w = words()

    def number(self) -> str:
        r = self.rng
        return str(r.choice((r.randint(3, 99), r.randint(100, 4029), r.randint(2, 12))))

    def noun(self) -> str:
        return self.rng.choice(self.w["n"] if self.rng.random() < 0.75 else self.w["vn"])

    def clause(self) -> str:
        """A clause of real words: [adverb] noun verb [adjective] noun [noun]."""
        r, w = self.rng, self.w
        parts = []
        if r.random() < 0.3:
            parts.append(r.choice(w["d"] + w["ad"]))
        parts += [self.noun(), r.choice(w["v"])]
        if r.random() < 0.3:
            parts.append(r.choice(w["a"]) + "的")
        parts.append(self.noun())
        if r.random() < 0.4:
            parts.append(self.noun())
        if r.random() < 0.12:
            parts.append(r.choice(LATIN))
        return "".join(parts)

    def sentence(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.1:
            return f"{r.choice(V.LEADER_PHRASES)}，{r.choice(V.LEADER_CLAUSES)}。"
        if roll < 0.5:
            tail = r.choice(V.TAILS).replace("{n}", self.number())
            return f"{r.choice(V.OPENERS)}{r.choice(V.UNITS)}{r.choice(V.VERBS)}{r.choice(V.OBJECTS)}{tail}"
        clauses = [self.clause() for _ in range(r.randint(1, 3))]
        if r.random() < 0.25:
            clauses.append(f"共有{self.number()}名{r.choice(('师生', '员工', '学生', '代表'))}参加")
        if r.random() < 0.1:
            clauses.insert(0, f"{r.randint(2014, 2026)}年{r.randint(1, 12)}月{r.randint(1, 28)}日")
        return "，".join(clauses) + r.choice("。。。。！；")

    def paragraph(self, low: int = 2, high: int = 6) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def phrase(self, low: int = 2, high: int = 4) -> str:
        """A short noun phrase (titles, captions, table cells)."""
        return "".join(self.noun() for _ in range(self.rng.randint(low, high)))


def wrap(par: str, width: int) -> list[str]:
    """Cut a paragraph into source lines of ~width chars, never inside a Latin word."""
    lines: list[str] = []
    i, size = 0, len(par)
    while size - i > width + 4:
        cut = i + width
        while cut < size and par[cut - 1].isascii() and par[cut].isascii():
            cut += 1
        if cut < size and par[cut] in "，。、；：！？）”":
            cut += 1  # editors keep closing punctuation on the line it closes
        lines.append(par[i:cut].rstrip())
        i = cut
        while i < size and par[i] == " ":
            i += 1
    if i < size:
        lines.append(par[i:])
    return lines
