"""pyvideo-style JSON talk files (one talk per ``*.json``, or an array of talks) → Talk.

The fields (``title``, ``speakers``, ``recorded``, ``videos``, ``related_urls``,
``tags``, ``description``) map onto the Hugo reader's; the description is the body.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..diagnostics import Report
from ..frontmatter import FrontMatter, json_key_lines, normalise, read_text
from ..model import Talk
from .common import ReaderSettings, slug_for
from .hugo import build_talk


def is_talk_json(path: Path) -> bool:
    """True for ``*.json`` files other than pyvideo's ``category.json`` and schedule exports."""
    return path.suffix.lower() == ".json" and path.name.lower() not in ("category.json", "schedule.json")


def read_json(path: Path, settings: ReaderSettings, report: Report) -> list[Talk]:
    """The talks of one JSON file: a talk object, or an array of talk objects (each read
    as a talk of its own, at its own lines; ``slug`` from its title unless it has one).
    Anything else is left out with a notice; invalid JSON is a warning."""
    text = read_text(path, report)
    if text is None:
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        report.warn(exc.lineno, "json-error", f"invalid JSON: {exc.msg}")
        return []
    except RecursionError:
        report.warn(1, "json-error", "JSON nested too deeply")
        return []
    if isinstance(data, list):
        talks = []
        for item, line, item_text in _items(text, data):
            if not _is_talk(item):
                report.info(line, "not-a-talk", "array entry without a talk title left out")
                continue
            if not isinstance(item.get("slug"), str):
                item = {**item, "slug": slug_for(item["title"])}
            talk = _talk(path, item, item_text, line, settings, report)
            if talk is not None:
                talks.append(talk)
        if not talks:
            report.info(1, "not-a-talk", "JSON array without talk objects left out (not a talk page)")
        return talks
    if not _is_talk(data):
        report.info(1, "not-a-talk", "JSON file without a talk title left out (not a talk page)")
        return []
    talk = _talk(path, data, text, 1, settings, report)
    return [talk] if talk is not None else []


def category_title(path: Path, root: Path, seen: dict[Path, str | None], report: Report) -> str | None:
    """The series of the pyvideo talk file ``path``: the ``title`` of the
    ``category.json`` of its event (``<event>/category.json`` beside
    ``<event>/videos/``, or beside the file), read once per folder (``seen``) and only
    inside ``root`` (a file behind a link that leaves it is not read); None without
    one.  A ``category.json`` that cannot be read is a warning in ``report`` at the
    talk's first line, naming the file."""
    folder = path.parent.parent if path.parent.name == "videos" else path.parent
    category = folder / "category.json"
    if category not in seen:
        seen[category] = None
        try:
            inside = category.is_file() and category.resolve().is_relative_to(root.resolve())
        except OSError:
            inside = False
        if inside:
            text = read_text(category, Report(category))
            try:
                data = json.loads(text) if text is not None else None
            except (json.JSONDecodeError, RecursionError):
                data = None
                report.warn(1, "json-error", f"{category}: invalid JSON; the talk has no series")
            title = data.get("title") if isinstance(data, dict) else None
            seen[category] = title.strip() if isinstance(title, str) and title.strip() else None
    return seen[category]


def _is_talk(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("title"), str)


def _talk(
    path: Path, data: dict, text: str, line: int, settings: ReaderSettings, report: Report
) -> Talk | None:
    """The talk of one JSON object whose text ``text`` starts at file line ``line``."""
    data = normalise(data, "json", line, report)
    body = data.pop("description", "") or ""
    length = data.pop("duration", None)
    lines = {key: line - 1 + n for key, n in json_key_lines(text).items()}
    fm = FrontMatter(
        data=data,
        format="json",
        body=body if isinstance(body, str) else "",
        body_line=lines.get("description", line),
        key_lines=lines,
    )
    talk = build_talk(path, fm, settings, report)
    if talk is not None and isinstance(length, int | float) and not isinstance(length, bool) and length >= 1:
        talk.duration = int(length)  # the recording's length in seconds
    elif talk is not None and length not in (None, "", 0):
        report.warn(
            lines.get("duration", line), "bad-duration", f"duration {length!r} is not a number of seconds"
        )
    return talk


def _items(text: str, data: list) -> list[tuple[object, int, str]]:
    """Each entry of a top-level JSON array with its first line and its own text."""
    decoder = json.JSONDecoder()
    found = []
    i = text.index("[") + 1
    for item in data:
        while text[i] in " \t\r\n,":
            i += 1
        _, end = decoder.raw_decode(text, i)
        found.append((item, text.count("\n", 0, i) + 1, text[i:end]))
        i = end
    return found
