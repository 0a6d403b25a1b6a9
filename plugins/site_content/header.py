"""Parse the metadata header of a content file, keeping line numbers.

The format is Pelican's (Python-Markdown ``meta``): ``Key: value`` lines at the
top, an optional ``---`` fence line before them, continuation lines indented by
at least four spaces, and a blank line before the body. Keys are case-insensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_FENCE = re.compile(r"^-{3}\s*$")
#: Python-Markdown expands tabs (its default ``tab_length``) before its meta
#: extension reads the header; values must come out the same.
TAB_LENGTH = 4


@dataclass(frozen=True)
class Field:
    """One metadata field: its value(s) and the 1-based line where it starts."""

    values: tuple[str, ...]
    line: int

    @property
    def value(self) -> str:
        """All values of the key joined with newlines (as Pelican does)."""
        return "\n".join(self.values)


@dataclass
class Header:
    """Metadata fields by lower-case key, and the body that follows them."""

    fields: dict[str, Field] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def get(self, key: str) -> str | None:
        found = self.fields.get(key)
        return found.value.strip() if found else None

    def line(self, key: str) -> int:
        found = self.fields.get(key)
        return found.line if found else 1


def parse_header(text: str) -> Header:
    """Split ``text`` into metadata fields and the Markdown body."""
    lines = text.split("\n")
    header = Header()
    index = 0
    if lines and _FENCE.match(lines[0]):
        index = 1
    values: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    current: str | None = None
    while index < len(lines):
        line = lines[index].rstrip("\r").expandtabs(TAB_LENGTH)
        if not line.strip() or _FENCE.match(line):
            index += 1
            break
        key_match = _KEY_LINE.match(line)
        more_match = _MORE_LINE.match(line)
        if key_match:
            current = key_match.group("key").lower()
            values.setdefault(current, []).append(key_match.group("value").strip())
            starts.setdefault(current, index + 1)
        elif more_match and current is not None:
            values[current].append(more_match.group("value").strip())
        else:
            break
        index += 1
    header.fields = {key: Field(tuple(vals), starts[key]) for key, vals in values.items()}
    header.body = "\n".join(lines[index:])
    header.body_line = index + 1
    return header
