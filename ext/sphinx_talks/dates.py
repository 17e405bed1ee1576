"""Dates and times as event pages write them.

Every function returns timezone-aware datetimes: naive values are read in the
zone passed in (``talks_timezone`` or the page's own ``timezone`` field), aware
values are converted to it.  Nothing here raises on bad input; unreadable values
give ``None`` and the caller warns with the source line.

A naive time the zone skips (02:30 on 2024-03-31 in Europe/Berlin, where the clocks
go from 02:00 to 03:00) is read with the UTC offset in force before the change, as
:mod:`zoneinfo` reads it (``fold=0``), and then shown as the zone's clocks show that
moment: 01:30 UTC, so 03:30 CEST (:func:`past_gap`).  :func:`in_gap` tells the
caller, who warns with the source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T :]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.I,
)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ],
        start=1,
    )
    for m in names.split()
}
#: Zone abbreviations a summary may name after its times, with their UTC offsets in
#: hours; ambiguous ones (CST, IST, BST outside the UK …) are not read.
ZONE_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2,
    "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13, "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8,
    "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
}  # fmt: skip
_HUMAN = re.compile(
    r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:\s*[-–]\s*(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?,?\s+(?P<year>\d{4})"
    r"(?:,?\s+(?:at\s+)?(?P<t1>\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)"
    r"(?:\s*(?:[-–]|to|until)\s*(?P<t2>\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?))?"
    r"(?:\s*\(?(?P<tz>(?:UTC|GMT)\s*[+-−]\s*\d{1,2}(?::?\d{2})?|[A-Z]{1,5})\b\)?)?)?",
    re.I,
)
#: A clock time written in a summary (also one that is not a valid time, ``25:00``).
CLOCK_WRITTEN = re.compile(r"(?<![\d:])\d{1,2}[:.]\d{2}(?![\d:])|\b\d{1,2}\s*[ap]\.?m\b", re.I)
#: A day named in prose: ``April 24th``, ``24 April 2023``, ``Apr 24, 2023``.
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MENTION = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_NAME})\.?[ \t]+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?[ \t]+(?P<y1>\d{{4}}))?"
    rf"|(?<![\d:.])(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\.?[ \t]+(?:of[ \t]+)?(?P<m2>{_MONTH_NAME})\b\.?"
    r"(?:,?[ \t]+(?P<y2>\d{4}))?)\b",
    re.I,
)
#: A day written in digits: ISO ``2023-04-20`` or day-first ``20.04.2023``.
_NUMERIC_DAY = re.compile(
    r"(?<![\d.:-])(?:(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4}))(?!\w)"
)
_CLOCK = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([ap])?\.?\s*m?\.?\s*$", re.I)


@dataclass(frozen=True)
class When:
    """A point in time read from a field: ``value`` is aware, in the zone asked
    for; ``has_time`` is False when the source gave only a date (``value`` is then
    midnight); ``written_offset`` is the UTC offset the source wrote explicitly
    (``+09:00``), or None."""

    value: datetime
    has_time: bool
    written_offset: timedelta | None = None


def _offset(text: str) -> tzinfo:
    from datetime import timezone

    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def read_when(value: object, zone: tzinfo) -> When | None:
    """Read a TOML/YAML date, datetime or string into a :class:`When` in ``zone``.

    Accepts ``date``/``datetime`` objects, ISO strings (also ``T8:00:00`` single-digit
    hours, a space or colon before the time, ``Z`` and ``+09:00`` offsets) and
    human dates (``May 23, 2024``).  Returns None when nothing can be read,
    including values that fall outside the representable range.
    """
    try:
        found = _read_when(value, zone)
    except (ValueError, OverflowError):
        return None
    if found is not None and not 1 < found.value.year < 9999:
        return None  # too close to datetime's limits to convert between zones
    return found


def _read_when(value: object, zone: tzinfo) -> When | None:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return When(value.replace(tzinfo=zone), True)
        return When(value.astimezone(zone), True, value.utcoffset())
    if isinstance(value, date):
        return When(datetime.combine(value, time(0), tzinfo=zone), False)
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = _ISO.match(text)
    if m:
        y, mo, d, hh, mm, ss, off = m.groups()
        try:
            day = date(int(y), int(mo), int(d))
            if hh is None:
                return When(datetime.combine(day, time(0), tzinfo=zone), False)
            t = time(int(hh), int(mm), int(ss or 0))
        except ValueError:
            return None
        if off:
            written = datetime.combine(day, t, tzinfo=_offset(off))
            return When(written.astimezone(zone), True, written.utcoffset())
        return When(datetime.combine(day, t, tzinfo=zone), True)
    human = read_human(text, zone)
    if human is not None:
        return human[0]
    return None


def in_gap(value: datetime) -> bool:
    """Whether the wall time of the aware ``value`` does not exist in its zone: it lies in
    the hour (or so) the clocks skip at a change to daylight saving time."""
    if value.tzinfo is None or value.tzinfo is UTC:
        return False
    return value.astimezone(UTC).astimezone(value.tzinfo).replace(tzinfo=None, fold=0) != value.replace(
        tzinfo=None, fold=0
    )


def past_gap(value: datetime) -> datetime:
    """``value`` as its zone's clocks show the same moment (for a time :func:`in_gap`:
    read with the offset before the change, so 02:30 CET is 03:30 CEST)."""
    return value.astimezone(UTC).astimezone(value.tzinfo)


def read_clock(text: str) -> time | None:
    """Read a clock time such as ``"18:00"``, ``"6pm"`` or ``"10:00 AM"``; else None."""
    m = _CLOCK.match(text or "")
    if not m:
        return None
    hour, minute, second = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    ampm = (m.group(4) or "").lower()
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    if m.group(2) is None and not ampm:
        return None
    try:
        return time(hour, minute, second)
    except ValueError:
        return None


def read_human(text: str, zone: tzinfo) -> tuple[When, When | None] | None:
    """Find a human date like ``May 16, 2023 18:00-22:00`` or ``Oct 20-21th, 2023`` in text.

    Returns ``(start, end)`` in ``zone`` (``end`` is None when no range is given),
    or None when no such date is found or it cannot be represented.
    """
    try:
        found = _read_human(text, zone)
    except (ValueError, OverflowError):
        return None
    if found is not None and not 1 < found[0].value.year < 9998:
        return None
    return found


def _read_human(text: str, zone: tzinfo) -> tuple[When, When | None] | None:
    m = _HUMAN.search(text)
    if not m:
        return None
    month = _MONTHS.get(m.group("month").lower())
    if not month:
        return None
    try:
        day = date(int(m.group("year")), month, int(m.group("day")))
        day2 = date(day.year, month, int(m.group("day2"))) if m.group("day2") else None
    except ValueError:
        return None
    t1 = read_clock(m.group("t1") or "")
    t2 = read_clock(m.group("t2") or "")
    written = _zone_written(m.group("tz") or "")
    if written is not None and t1 is not None:
        zone_written = timezone(written)
        start = datetime.combine(day, t1, tzinfo=zone_written)
        end_at = datetime.combine(day2 or day, t2, tzinfo=zone_written) if t2 is not None else None
        if end_at is not None and end_at <= start:
            end_at += timedelta(days=1)
        return (
            When(start.astimezone(zone), True, written),
            When(end_at.astimezone(zone), True, written) if end_at else None,
        )
    if t1 is None:
        start = When(datetime.combine(day, time(0), tzinfo=zone), False)
        end = When(datetime.combine(day2, time(0), tzinfo=zone), False) if day2 else None
        return start, end
    start = When(datetime.combine(day, t1, tzinfo=zone), True)
    end = None
    if t2 is not None:
        end_day = day2 or day
        end_dt = datetime.combine(end_day, t2, tzinfo=zone)
        if end_dt <= start.value:
            end_dt += timedelta(days=1)
        end = When(end_dt, True)
    return start, end


def _zone_written(text: str) -> timedelta | None:
    """The UTC offset of a zone a summary names (``CEST``, ``UTC+2``, ``GMT-05:00``), else None."""
    text = text.strip().upper().replace("−", "-").replace(" ", "")
    if text in ZONE_ABBREVIATIONS:
        return timedelta(hours=ZONE_ABBREVIATIONS[text])
    m = re.fullmatch(r"(?:UTC|GMT)([+-])(\d{1,2}):?(\d{2})?", text)
    if not m or int(m.group(2)) > 14:
        return None
    offset = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
    return -offset if m.group(1) == "-" else offset


def mentions(text: str) -> dict[tuple[int, int], list[tuple[int | None, int]]]:
    """Days named in prose (``April 24th``, ``24 April 2023``, ``Apr 24, 2023``):
    ``{(month, day): [(year or None, 0-based line), …]}``, in order.  Used as
    evidence when a page's fields disagree about the day of its talk."""
    found: dict[tuple[int, int], list[tuple[int | None, int]]] = {}
    for m in _MENTION.finditer(text):
        name = (m.group("m1") or m.group("m2")).lower()
        month = _MONTHS.get(name)
        day = int(m.group("d1") or m.group("d2"))
        if month is None or not 1 <= day <= 31:
            continue
        year = m.group("y1") or m.group("y2")
        line = text.count("\n", 0, m.start())
        found.setdefault((month, day), []).append((int(year) if year else None, line))
    for m in _NUMERIC_DAY.finditer(text):
        # 2023-04-20 and 20.04.2023 (day first, as written in Europe)
        year, month, day = (
            (m.group("y"), m.group("m"), m.group("d"))
            if m.group("y")
            else (m.group("y2"), m.group("m2"), m.group("d2"))
        )
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            line = text.count("\n", 0, m.start())
            found.setdefault((int(month), int(day)), []).append((int(year), line))
    return found


def mentioned(found: dict[tuple[int, int], list[tuple[int | None, int]]], day: date) -> int | None:
    """The 0-based line of the first mention of ``day`` in ``found`` (see
    :func:`mentions`; a mention without a year matches any year), or None."""
    for year, line in found.get((day.month, day.day), ()):
        if year in (None, day.year):
            return line
    return None
