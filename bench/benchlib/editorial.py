"""Editor-written articles of the association's own columns, as Markdown.

Editors write reports and notices the way the editor guide (README) shows:
source lines wrapped at about forty characters, ``## 一、…`` headings, bold
lead-ins (``**一是**``), quotes of speeches, numbered and nested lists,
tables with aligned columns, links, images from ``content/images/``,
occasionally a footnote or an admonition, and notices with ``Attachments:``.
"""

from __future__ import annotations

import random

from . import vocab as V
from .text import Writer, wrap

IMAGES = tuple(f"images/bench/photo-{k}.jpg" for k in range(1, 9))
FILES = tuple(f"files/bench/notice-{k}.pdf" for k in range(1, 5))


class Editorial:
    def __init__(self, rng: random.Random) -> None:
        self.rng, self.text = rng, Writer(rng)

    def _par(self, width: int, text: str | None = None) -> str:
        return "\n".join(wrap(text if text is not None else self.text.paragraph(), width))

    def body(self, column: str, chars: int) -> tuple[list[str], int, list[str]]:
        """Blocks, body characters and ``Attachments`` for one article."""
        r = self.rng
        width = r.randint(36, 42)
        blocks: list[str] = []
        total, heading, since = 0, 0, 0
        while total < chars:
            if since >= r.randint(2, 4) and heading < 10:
                blocks.append(f"## {V.HEADING_NUMBERS[heading]}、{r.choice(V.HEADING_TEXTS)}")
                heading, since = heading + 1, 0
            roll = r.random()
            if roll < 0.07:
                blocks.append(self.ordered_list())
            elif roll < 0.11:
                blocks.append(self.nested_list())
            elif roll < 0.16:
                blocks.append("\n".join("> " + line for line in wrap(
                    f"{r.choice(V.LEADER_PHRASES)}：“{self.text.paragraph(1, 3)}”", width)))
            elif roll < 0.19:
                blocks.append(self.aligned_table())
            elif roll < 0.22:
                blocks.append(f"![{self.text.phrase(2, 3)}]({{static}}/{r.choice(IMAGES)})")
            text = self.text.paragraph()
            if r.random() < 0.25:
                text = f"**{r.choice(('一是', '二是', '三是', '四是'))}**{text}"
            if r.random() < 0.12:
                text += f"详见[{self.text.phrase(2, 3)}](https://www.scgxhq.org.cn/notices/{r.randint(2014, 2026)}/a.html)。"
            if r.random() < 0.03:
                text += "[^1]"
            blocks.append(self._par(width, text))
            total += len(text)
            since += 1
        if any("[^1]" in block for block in blocks):
            blocks.append(f"[^1]: {self.text.sentence()}")
        if r.random() < 0.05:
            blocks.append(f'!!! note "提示"\n    {self.text.sentence()}')
        attachments = list(r.sample(FILES, r.randint(1, 2))) if column == "notices" and r.random() < 0.4 else []
        return blocks, total, attachments

    def ordered_list(self) -> str:
        return "\n".join(f"{k + 1}. {self.text.sentence()}" for k in range(self.rng.randint(2, 5)))

    def nested_list(self) -> str:
        r = self.rng
        lines = []
        for k in range(r.randint(2, 4)):
            lines.append(f"{k + 1}. {self.text.sentence()}")
            for _ in range(r.randint(0, 3)):
                lines.append(f"    - {self.text.sentence()}")
        return "\n".join(lines)

    def aligned_table(self) -> str:
        r = self.rng
        cols = r.randint(3, 5)
        align = [" :-- "] + [r.choice((" :-: ", " --: ", " --- ")) for _ in range(cols - 1)]
        rows = ["| 序号 | " + " | ".join(self.text.phrase(1, 2) for _ in range(cols - 1)) + " |",
                "|" + "|".join(align) + "|"]
        for k in range(r.randint(2, 6)):
            rows.append(f"| {k + 1} | " + " | ".join(
                r.choice((self.text.phrase(1, 3), self.text.number())) for _ in range(cols - 1)) + " |")
        return "\n".join(rows)
