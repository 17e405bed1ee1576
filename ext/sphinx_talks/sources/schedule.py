"""Conference schedule exports → many talks per file.

Reads frab ``schedule.xml`` and pretalx ``schedule.json`` exports (the frab-compatible
layout and the per-day/per-slot layout some sites publish).  Each session is mapped
onto the Hugo reader's vocabulary (``title``, ``date``, ``time_end``, ``speakers``,
``abstract``, ``location``, ``tags``, ``links``) and built by the same code, so the
same checks, escaping and warnings apply.  Diagnostics point at the line where the
session starts in the export.
"""

from __future__ import annotations

import json
import re
import reprlib
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..diagnostics import Report
from ..frontmatter import FrontMatter, read_text, without_surrogates
from ..model import Talk
from .common import ReaderSettings, slug_for
from .hugo import build_talk

_DURATION = re.compile(r"^(\d{1,3}):(\d{2})$")


def is_schedule(path: Path) -> bool:
    """True for ``schedule.xml`` / ``schedule.json`` exports."""
    return path.name.lower() in ("schedule.xml", "schedule.json")


def read_schedule(path: Path, settings: ReaderSettings, report: Report) -> list[Talk]:
    """Every session of a frab XML or pretalx JSON export as a :class:`Talk`.

    A file that cannot be parsed is one warning; a session without a title is a
    warning at its line; the other sessions still build.
    """
    text = read_text(path, report)
    if text is None:
        return []
    try:
        if path.suffix.lower() == ".xml":
            sessions = _frab(text)
        else:
            sessions = _pretalx(without_surrogates(json.loads(text), text, 1, report))
    except (ET.ParseError, ValueError, RecursionError) as exc:
        line = 1
        if isinstance(exc, ET.ParseError):
            line = exc.position[0]
        elif isinstance(exc, json.JSONDecodeError):
            line = exc.lineno
        report.warn(line, "schedule-error", f"cannot read schedule export: {exc}")
        return []
    talks = []
    cursor = 0
    for data, body, needle, problems in sessions:
        line, cursor = _line_of(text, needle, cursor)
        for problem in problems:
            report.warn(line, "bad-type", problem)
        if not data.get("title"):
            report.warn(line, "no-title", "session without a title left out")
            continue
        fm = FrontMatter(
            data=data, format="schedule", body=body, body_line=line, key_lines=dict.fromkeys(data, line)
        )
        try:
            talk = build_talk(path, fm, settings, report)
        except (ValueError, OverflowError, TypeError) as exc:
            report.warn(line, "schedule-error", f"session skipped: {exc}")
            continue
        if talk is not None:
            talks.append(talk)
    return talks


def _line_of(text: str, needle: re.Pattern[str] | None, cursor: int) -> tuple[int, int]:
    """``(line, new cursor)``: the 1-based line of the first match of ``needle`` at or
    after offset ``cursor`` (sessions come in file order, so a repeated id or code
    finds its own session), or the cursor's line when there is none."""
    found = needle.search(text, cursor) if needle is not None else None
    index = found.start() if found else cursor
    return text.count("\n", 0, index) + 1, (found.end() if found else cursor)


def _end(start: str | None, duration: Any, problems: list[str] | None = None) -> str | None:
    """ISO end time from a start and a ``"01:30"`` or minutes duration, written with
    the start's own offset (or none, when the start has none).  With ``problems``, a
    duration that is neither is a problem appended there."""
    if duration in (None, ""):
        return None
    m = _DURATION.match(duration.strip()) if isinstance(duration, str) else None
    if isinstance(duration, int) and not isinstance(duration, bool):
        minutes = duration
    elif m:
        minutes = int(m.group(1)) * 60 + int(m.group(2))
    else:
        if problems is not None:
            problems.append(f"duration = {_short(duration)} is not minutes or HH:MM; left out")
        return None
    if not isinstance(start, str):
        return None
    try:
        moment = datetime.fromisoformat(start.strip())
    except ValueError:
        return None
    try:
        return (moment + timedelta(minutes=minutes)).isoformat()
    except (OverflowError, ValueError):
        return None


def _frab(text: str) -> list[tuple[dict[str, Any], str, re.Pattern[str] | None, list[str]]]:
    root = ET.fromstring(text)
    for element in root.iter():  # a namespaced export: match tags by their local names
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    conference = root.findtext("conference/title") or root.findtext("conference/acronym")
    sessions = []
    for event in root.iter("event"):
        start = event.findtext("date")
        persons = [{"name": (p.text or "").strip()} for p in event.iter("person") if (p.text or "").strip()]
        links = [
            {"name": (a.text or "").strip() or "Link", "url": a.get("href", "")}
            for a in event.iter("link")
            if a.get("href")
        ]
        track = (event.findtext("track") or "").strip()
        data = {
            "title": (event.findtext("title") or "").strip(),
            "subtitle": (event.findtext("subtitle") or "").strip(),
            "date": start,
            "time_end": _end(start, event.findtext("duration")),
            "speakers": persons,
            "abstract": (event.findtext("abstract") or "").strip(),
            "location": (event.findtext("room") or "").strip(),
            "tags": [track] if track else [],
            "links": links,
            "event": conference,
            "slug": slug_for(event.findtext("title") or "", event.get("id", "")),
            "talk_type": (event.findtext("type") or "").strip().capitalize(),
        }
        _keep_rest(data, {child.tag.lower(): _element_value(child) for child in event}, _FRAB_READ)
        needle = re.compile(
            r"<event\b"
            + (rf"[^>]*\bid=[\"']{re.escape(event.get('id', ''))}[\"']" if event.get("id") else "")
        )
        sessions.append((data, (event.findtext("description") or "").strip(), needle, []))
    return sessions


def _pretalx(doc: Any) -> list[tuple[dict[str, Any], str, re.Pattern[str] | None, list[str]]]:
    sessions = []
    for item in _walk(doc):
        problems: list[str] = []  # values of the wrong type, reported at the session's line
        slot = item.get("slot")
        if not isinstance(slot, dict):
            if slot not in (None, "", [], {}):
                problems.append(f"slot = {_short(slot)} is not a time slot; left out")
            slot = {}
        room = _localized(slot.get("room", item.get("room")), "room", problems)
        start = slot.get("start") or item.get("date")
        end = slot.get("end") or _end(start, item.get("duration"), problems)
        people: list[Any] = []
        for person in _entries(item, ("speakers", "persons"), problems):
            if isinstance(person, dict):
                people.append(
                    {
                        "name": person.get("name") or person.get("public_name") or "",
                        "bio": person.get("biography") or "",
                        "photo": person.get("avatar") or "",
                    }
                )
            elif isinstance(person, str):
                people.append({"name": person})  # one entry is one person: never split
            else:
                people.append(person)  # the page reader reports it (bad-type) at this line
        links = []
        for r in _entries(item, ("resources", "links"), problems):
            if isinstance(r, dict):
                links.append(
                    {
                        "name": r.get("description") or "Resource",
                        "url": r.get("resource") or r.get("url") or "",
                    }
                )
            else:
                problems.append(f"resources: {_short(r)} is not a resource; left out")
        tags = []
        for tag in _entries(item, ("tags",), problems):
            text = _localized(tag.get("tag") if isinstance(tag, dict) else tag, "tags", problems)
            if text:
                tags.append(text)
        track = _localized(item.get("track"), "track", problems)
        if track:
            tags.append(track)
        code = item.get("code") or item.get("guid") or item.get("id")
        if not isinstance(code, str | int | None) or isinstance(code, bool):
            problems.append(f"code = {_short(code)} is not text; the page is named after the title")
            code = None
        raw_title = item.get("title")  # a title that is no text at all is a no-title warning later
        title = _localized(raw_title, "title", problems if isinstance(raw_title, dict) else None)
        data = {
            "title": title,
            "date": start,
            "time_end": end,
            "speakers": people,
            "abstract": item.get("abstract") or "",
            "location": room,
            "tags": tags,
            "links": links,
            "slug": slug_for(str(code) if code else title),
            "talk_type": _localized(item.get("submission_type"), "submission_type", problems),
        }
        _keep_rest(data, {str(k).lower(): v for k, v in item.items()}, _PRETALX_READ)
        key = next((k for k in ("code", "guid", "id") if item.get(k)), None)
        needle = (
            re.compile(rf'"{key}"\s*:\s*"?{re.escape(str(item[key]))}(?!\w)')
            if key
            else re.compile(rf'"title"\s*:\s*{re.escape(json.dumps(item["title"], ensure_ascii=False))}')
            if isinstance(item["title"], str)
            else None
        )
        description = _localized(item.get("description"), "description", problems)
        sessions.append((data, description.replace("\r\n", "\n"), needle, problems))
    return sessions


def _short(value: Any) -> str:
    """``repr`` of a value, cut for a message."""
    return reprlib.repr(value)


def _entries(item: dict[str, Any], keys: tuple[str, ...], problems: list[str]) -> list[Any]:
    """The entries of the first of ``keys`` that ``item`` sets: a list as it is, one
    object or one text as a list of it; any other value (a number) is a problem
    appended to ``problems`` and gives ``[]``."""
    for key in keys:
        value = item.get(key)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            return value
        if isinstance(value, dict | str):
            return [value]
        problems.append(f"{key} = {_short(value)} is not a list; left out")
        return []
    return []


#: Session fields the readers above map onto the page's fields.
_FRAB_READ = frozenset(
    {"title", "subtitle", "date", "start", "duration", "persons", "abstract", "room", "track", "links"}
    | {"description", "type"}
)
_PRETALX_READ = frozenset(
    {"slot", "room", "date", "start", "end", "duration", "speakers", "persons", "resources", "links", "tags"}
    | {"track", "title", "abstract", "description", "submission_type"}
)


def _keep_rest(data: dict[str, Any], fields: dict[str, Any], read: frozenset[str]) -> None:
    """Add the session's other fields to ``data`` as they are (``language``,
    ``recording``, ``submission_type`` …), so the page uses them or lists them as
    unused: nothing a schedule holds is dropped unseen."""
    for key, value in fields.items():
        if key not in read and key not in data and value not in (None, "", [], {}):
            data[key] = value


def _element_value(element: ET.Element) -> Any:
    """An XML element as data: its text, or ``{child: value}`` for an element with
    children (``<recording><license>…</license></recording>``)."""
    if len(element) == 0:
        return (element.text or "").strip()
    return {child.tag.lower(): _element_value(child) for child in element}


def _localized(value: Any, key: str = "", problems: list[str] | None = None) -> str:
    """A text, or a pretalx translation table's English (else first) text, a translation
    that is no text passed over; else ``""``.
    With ``problems``, a value that is neither (a number, a list) is a problem
    appended there, naming ``key``."""
    if isinstance(value, dict):
        odd = [lang for lang, v in value.items() if not isinstance(v, str | None)]
        if odd and problems is not None:
            problems.append(f"{key} in {', '.join(map(str, odd))} is not text; passed over")
        texts = [value.get("en"), *value.values()]  # English, else the first text there is
        value = next((v for v in texts if isinstance(v, str) and v), "")
    if isinstance(value, str):
        return value
    if problems is not None and value not in (None, "", [], {}):
        problems.append(f"{key} = {_short(value)} is not text; left out")
    return ""


def _walk(value: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every dict below ``value`` that looks like a session: a ``title`` (of any type;
    a bad one is reported) and a time slot, and no ``days`` or ``rooms`` of its own."""
    if depth > 20:
        return []
    if isinstance(value, dict):
        container = "days" in value or "rooms" in value  # a conference or a day holds sessions
        timed = "slot" in value or "date" in value or "start" in value
        if "title" in value and timed and not container:
            return [value]
        return [s for v in value.values() for s in _walk(v, depth + 1)]
    if isinstance(value, list):
        return [s for v in value for s in _walk(v, depth + 1)]
    return []
