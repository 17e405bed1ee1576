"""pyvideo-style JSON talk files (one talk per ``*.json``) → Talk.

The fields (``title``, ``speakers``, ``recorded``, ``videos``, ``related_urls``,
``tags``, ``description``) map onto the Hugo reader's; the description is the body.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..diagnostics import Report
from ..frontmatter import FrontMatter, json_key_lines, normalise, read_text
from ..model import Talk
from .common import ReaderSettings
from .hugo import build_talk


def is_talk_json(path: Path) -> bool:
    """True for ``*.json`` files other than pyvideo's ``category.json`` and schedule exports."""
    return path.suffix.lower() == ".json" and path.name.lower() not in ("category.json", "schedule.json")


def read_json(path: Path, settings: ReaderSettings, report: Report) -> Talk | None:
    """Read one JSON talk; None (with a notice) for files that are not a talk object."""
    text = read_text(path, report)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        report.warn(exc.lineno, "json-error", f"invalid JSON: {exc.msg}")
        return None
    except RecursionError:
        report.warn(1, "json-error", "JSON nested too deeply")
        return None
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        report.info(1, "not-a-talk", "JSON file without a talk title left out (not a talk page)")
        return None
    data = normalise(data, "json", 1, report)
    body = data.pop("description", "") or ""
    lines = json_key_lines(text)
    fm = FrontMatter(
        data=data,
        format="json",
        body=body if isinstance(body, str) else "",
        body_line=lines.get("description", 1),
        key_lines=lines,
    )
    return build_talk(path, fm, settings, report)
