"""Parse the metadata header of a content file, keeping line numbers.

The format is Pelican's (Python-Markdown ``meta``): ``Key: value`` lines at the
top, an optional ``---`` fence line before them, continuation lines indented by
at least four spaces, and a blank line before the body. Keys are case-insensitive.

A header line written with a slip — a full-width colon (``Access：members``), a
space before the colon (``Access : members``), a key indented into the line
above, or a key line after a stray blank line — silently ends the header in
that format, so the key would become body text. ``header_slips`` finds such
lines for known keys; the checks stop the build on each (fail closed: a
misread ``Access`` would publish a member-only item).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .keys import display, normal_key

_KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_FENCE = re.compile(r"^-{3}\s*$")
#: A line that looks like a metadata key, however the colon, width or indent is written.
_LOOSE_KEY = re.compile(
    r"^(?P<indent>[ \t\u3000]*)(?P<key>[A-Za-z\uff21-\uff3a\uff41-\uff5a][A-Za-z0-9_\-\uff21-\uff3a\uff41-\uff5a\uff10-\uff19\uff3f\uff0d]*)"
    r"(?P<before>[ \t\u3000]*)(?P<colon>[:：﹕])(?P<after>[ \t\u3000]*)(?P<value>.*)$"
)
#: How far into the body a stray key line is looked for.
BODY_LINES_SCANNED = 12
#: Keys looked for anywhere in those lines, not only right after the header:
#: misread, they publish what should not be (a member-only item, a draft).
SENSITIVE_KEYS = frozenset({"access", "status"})


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
    #: 1-based lines that continued a field (indented), by line number → text.
    continuations: dict[int, str] = field(default_factory=dict)
    #: The blank line that ended the header (None: it ended otherwise).
    closing_blank: int | None = None

    def get(self, key: str) -> str | None:
        found = self.fields.get(key)
        if found is None:
            return None
        return found.values[0].strip() if len(found.values) == 1 else found.value.strip()

    def line(self, key: str) -> int:
        found = self.fields.get(key)
        return found.line if found else 1


@dataclass(frozen=True)
class Slip:
    """A line that was meant as metadata but is not read as such."""

    line: int
    kind: str  # a message code: header_fullwidth_colon, header_spaced_colon, header_after_blank,
    #            header_indented_key, header_in_body
    key: str  # lower-case ASCII
    text: str
    fixed: str  # the line as it should be written
    blank: int | None = None  # the stray blank line (header_after_blank)


def parse_header(text: str) -> Header:
    """Split ``text`` into metadata fields and the Markdown body."""
    header = Header()
    values: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    current: str | None = None
    position, number, end = 0, 1, len(text)  # start of the line, its 1-based number
    first = True
    while position < end:
        stop = text.find("\n", position)
        stop = end if stop < 0 else stop
        line = text[position:stop].rstrip("\r")
        following = stop + 1
        if first and _FENCE.match(line):
            first, position, number = False, following, number + 1
            continue
        first = False
        if not line.strip() or _FENCE.match(line):
            if not line.strip():
                header.closing_blank = number
            position, number = following, number + 1
            break
        key_match = _KEY_LINE.match(line)
        if key_match:
            current = key_match.group("key").lower()
            values.setdefault(current, []).append(key_match.group("value").strip())
            starts.setdefault(current, number)
        elif current is not None and (more_match := _MORE_LINE.match(line)):
            values[current].append(more_match.group("value").strip())
            header.continuations[number] = line
        else:
            break
        position, number = following, number + 1
    header.fields = {key: Field(tuple(vals), starts[key]) for key, vals in values.items()}
    header.body = text[position:] if position <= end else ""
    header.body_line = number
    return header


def _loose(line: str, known: frozenset[str]) -> tuple[str, re.Match[str]] | None:
    match = _LOOSE_KEY.match(line)
    if match is None:
        return None
    key = normal_key(match.group("key"))
    return (key, match) if key in known else None


def _fixed(key: str, match: re.Match[str]) -> str:
    return f"{display(key)}: {match.group('value').strip()}".rstrip()


def header_slips(header: Header, known: frozenset[str]) -> list[Slip]:
    """Lines of the header and the first body lines that look like one of the
    ``known`` keys but are not read as metadata (see the module docstring)."""
    slips = [
        Slip(number, "header_indented_key", found[0], text.strip(), _fixed(*found))
        for number, text in header.continuations.items()
        if (found := _loose(text, known))
    ]
    blank = header.closing_blank
    in_key_run = True  # still in the lines right after the header
    for offset, raw in enumerate(header.body.split("\n")[:BODY_LINES_SCANNED]):
        number = header.body_line + offset
        line = raw.rstrip("\r")
        if not line.strip():
            blank = number
            continue
        found = _loose(line, known)
        if found is None:
            in_key_run = False
            continue
        key, match = found
        if not in_key_run and key not in SENSITIVE_KEYS:
            continue
        text, fixed = line.strip(), _fixed(key, match)
        if match.group("colon") != ":" or not match.group("key").isascii():
            slips.append(Slip(number, "header_fullwidth_colon", key, text, fixed))
        elif match.group("before"):
            slips.append(Slip(number, "header_spaced_colon", key, text, fixed))
        elif match.group("indent"):
            slips.append(Slip(number, "header_indented_key", key, text, fixed))
        elif not in_key_run:
            slips.append(Slip(number, "header_in_body", key, text, fixed))
        elif blank is not None:
            slips.append(Slip(number, "header_after_blank", key, text, fixed, blank))
    return slips


def key_line(source_path: str, key: str) -> int | None:
    """The line of a file's header where ``key`` is written (to point an editor at it)."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*[:：]", re.IGNORECASE)
    try:
        with open(source_path, encoding="utf-8-sig", errors="replace") as source:
            for number, line in enumerate(source, 1):
                if pattern.match(line):
                    return number
                if number > 60:
                    break
    except OSError:
        return None
    return None
