"""pyvideo-style JSON talk files (one talk per ``*.json``, or an array of talks) → Talk.

The fields (``title``, ``speakers``, ``recorded``, ``videos``, ``related_urls``,
``tags``, ``description``) map onto the Hugo reader's; the description is the body.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from pathlib import Path

from .. import myst
from ..diagnostics import Report
from ..frontmatter import FrontMatter, json_key_lines, normalise, read_text, without_surrogates
from ..model import SeriesAbout, Talk
from .common import ReaderSettings, slug_for, url_path
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
        data = without_surrogates(json.loads(text), text, 1, report)
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


def category(
    path: Path, root: Path, seen: dict[Path, tuple[str, SeriesAbout] | None], report: Report
) -> tuple[str, SeriesAbout] | None:
    """The series of the pyvideo talk file ``path`` as ``(title, about)``: the
    ``category.json`` of its event (``<event>/category.json`` beside
    ``<event>/videos/``, or beside the file) gives the title, and ``description``,
    ``start_date``, ``end_date`` and ``url`` (http/https only) for the series page.
    Each file is read once (``seen``, by file) and only inside ``root`` (a file
    behind a link that leaves it is not read); None without one or without a title.
    A ``category.json`` that cannot be read is a warning in ``report`` at the talk's
    first line, naming the file; a bad date or URL in it is left out with a warning.
    What reading the file finds (its encoding, a lone surrogate) is added to ``report``
    at the file's own lines."""
    folder = path.parent.parent if path.parent.name == "videos" else path.parent
    file = folder / "category.json"
    if file not in seen:
        seen[file] = None
        try:
            inside = file.is_file() and file.resolve().is_relative_to(root.resolve())
        except OSError:
            inside = False
        if inside:
            own = Report(file)  # what reading it finds is reported at its own lines
            text = read_text(file, own)
            try:
                data = without_surrogates(json.loads(text), text, 1, own) if text is not None else None
            except (json.JSONDecodeError, RecursionError):
                data = None
                report.warn(1, "json-error", f"{file}: invalid JSON; the talk has no series")
            if isinstance(data, dict):
                seen[file] = _series(file, data, report)
            elif data is not None:
                report.warn(1, "json-error", f"{file}: not a JSON object; the talk has no series")
            if isinstance(data, dict) and seen[file] is None:
                report.warn(1, "no-title", f"{file}: no title; the talk has no series")
            report.items.extend(own.items)
    return seen[file]


def _series(file: Path, data: dict, report: Report) -> tuple[str, SeriesAbout] | None:
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    dates: list[str | None] = []
    for key in ("start_date", "end_date"):
        value = data.get(key)
        try:
            dates.append(date.fromisoformat(value.strip()).isoformat() if value else None)
        except (AttributeError, ValueError):
            dates.append(None)
            report.warn(1, "bad-date", f"{file}: {key} {value!r} is not a date; left out")
    url = data.get("url")
    safe = myst.safe_url(url, {"http", "https"}) if isinstance(url, str) and url.strip() else None
    if isinstance(url, str) and url.strip() and not safe:
        report.warn(1, "bad-url", f"{file}: url {url!r} is not an http(s) URL; left out")
    description = data.get("description")
    about = SeriesAbout(
        description=description.strip() if isinstance(description, str) else "",
        start=dates[0],
        end=dates[1],
        url=safe or None,
    )
    return " ".join(title.split()), about


def old_urls(path: Path, data: dict, settings: ReaderSettings) -> list[tuple[str, int, str]]:
    """The addresses pyvideo.org gave the talk file ``path`` in ``<event>/videos/``:
    ``/<event>/<file name>.html`` (today's site, under ``settings.old_url_root``) and
    ``alias`` (``video/709/robot-nao``, the older site's), as ``(value, line, key)``
    for :meth:`~sphinx_talks.sources.hugo._Builder.publication`."""
    found: list[tuple[str, int, str]] = []
    if settings.old_url_root is not None and path.parent.name == "videos":
        found.append(
            (f"{settings.old_url_root.rstrip('/')}/{path.parent.parent.name}/{path.stem}.html", 1, "")
        )
    alias = data.get("alias")
    if isinstance(alias, str) and alias.strip():
        value = alias.strip()
        found.append((value if "://" in value else "/" + value.lstrip("/"), 0, "alias"))
    return found


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
    addresses = old_urls(path, data, settings)
    data.pop("alias", None)  # an old address: a redirect, below
    if path.parent.name == "videos":  # pyvideo's layout: its addresses are not Hugo's
        settings = replace(settings, old_url_root=None)
    fm = FrontMatter(
        data=data,
        format="json",
        body=body if isinstance(body, str) else "",
        body_line=lines.get("description", line),
        key_lines=lines,
    )
    talk = build_talk(path, fm, settings, report)
    for value, n, key in addresses if talk is not None else []:
        at = lines.get(key, line) if key else n
        address = url_path(value)
        if address is None and not key:  # the address pyvideo.org derived from the file name
            report.info(at, "redirect", f"pyvideo.org's address {value!r} is not a URL path; no redirect")
        elif address is None:
            report.warn(at, "bad-url", f"{key} {value!r} is not a URL path; no redirect")
        elif address not in (p for p, _ in talk.old_urls):
            talk.old_urls.append((address, at))
    seconds = isinstance(length, int | float) and not isinstance(length, bool) and math.isfinite(length)
    if talk is not None and seconds and 1 <= length < 10**7:  # at most about 115 days
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
