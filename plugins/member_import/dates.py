"""Dates as member sites write them, read as Asia/Shanghai times.

Formats (see the reference README): ``2022-12-01``, ``2022/12/01``, ``2022.09.30``,
``2021年10月27日``, ``2022年12月01日 10:30``, ``发布时间：2022-12-01 10:30:00``, and
year-less ``[12-01]`` / ``12-01`` / ``12月01日`` which take the latest year that is
not in the future. No date found means ``None``: a date is never invented.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")

_TIME = r"(?:\s*(?:T|\s)?\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?)?"
FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    + _TIME
)
# A year-less date must be the whole text (apart from brackets and a label), so
# that phone numbers or scores in running text are never read as dates.
_LABEL = r"(?:(?:发布|发表|更新|公告|上传)?(?:时间|日期)\s*[:：]\s*)?"
YEARLESS = re.compile(
    r"^\s*[\[【(（]?\s*" + _LABEL + r"(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?" + _TIME
    + r"\s*[\]】)）]?\s*$"
)
LABELLED = re.compile(r"(?:发布|发表|更新|公告)(?:时间|日期)\s*[:：]")


def _build(y: int, m: int, d: int, hh: str | None, mm: str | None, ss: str | None) -> datetime | None:
    try:
        day = datetime(y, m, d, tzinfo=TZ)
    except ValueError:
        return None
    try:
        return day.replace(hour=int(hh or 0), minute=int(mm or 0), second=int(ss or 0))
    except ValueError:  # an impossible time keeps the (valid) day
        return day


def _latest_year(m: int, d: int, today: date) -> int | None:
    for year in range(today.year, today.year - 8, -1):
        try:
            if date(year, m, d) <= today:
                return year
        except ValueError:  # 02-29 in a common year
            continue
    return None


def parse_date(text: str | None, now: datetime | None = None) -> datetime | None:
    """Return the first date in ``text`` as an aware Asia/Shanghai datetime, else None."""
    if not text:
        return None
    text = text.replace("\xa0", " ").replace("\u3000", " ")
    now = (now or datetime.now(TZ)).astimezone(TZ)
    labelled = LABELLED.search(text)
    candidates = []
    if labelled:
        candidates.append(FULL_DATE.search(text, labelled.end()))
    candidates.append(FULL_DATE.search(text))
    for match in candidates:
        if match:
            found = _build(int(match["y"]), int(match["m"]), int(match["d"]),
                           match["H"], match["M"], match["S"])
            if found:
                return found
    match = YEARLESS.match(text)
    if match:
        m, d = int(match["m"]), int(match["d"])
        year = _latest_year(m, d, now.date())
        if year is not None:
            return _build(year, m, d, match["H"], match["M"], match["S"])
    return None


def format_date(value: datetime) -> str:
    """Pelican metadata form: ``2024-04-06 10:30:00+08:00``."""
    return value.astimezone(TZ).isoformat(sep=" ", timespec="seconds")
