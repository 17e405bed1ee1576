"""Walk a source folder and read every talk in it."""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import Diagnostic, Report
from ..model import Talk
from .common import ReaderSettings
from .hugo import is_event_page, is_profile_page, read_page
from .pyvideo import is_talk_json, read_json


def source_files(root: Path) -> list[Path]:
    """Talk source files under ``root``, sorted; symlinks leaving ``root`` are not followed."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if not (is_event_page(path) or is_talk_json(path)):
                continue
            try:
                if not path.resolve().is_relative_to(root):
                    continue
            except OSError:
                continue
            found.append(path)
    return found


def read_folder(settings: ReaderSettings) -> tuple[list[Talk], list[Diagnostic]]:
    """Read every talk under ``settings.root``.

    Returns the talks (drafts and unreadable files left out) with unique slugs,
    and all diagnostics in file order.  A slug taken by an earlier file is a
    warning naming both files; the later talk gets a ``-2``, ``-3`` … suffix.
    """
    talks: list[Talk] = []
    diagnostics: list[Diagnostic] = []
    owners: dict[str, Path] = {}
    for path in source_files(settings.root):
        report = Report(path)
        if is_profile_page(path, settings.root):
            report.info(0, "profile-page", "a person's profile page, not a talk; left out")
            diagnostics.extend(report.items)
            continue
        try:
            talk = (
                read_json(path, settings, report) if is_talk_json(path) else read_page(path, settings, report)
            )
        except RecursionError:
            report.warn(0, "too-deep", "input nested too deeply; file skipped")
            talk = None
        if talk is not None:
            base = talk.slug
            n = 1
            while talk.slug in owners or talk.slug == "index":
                n += 1
                talk.slug = f"{base}-{n}"
            if talk.slug != base:
                report.warn(
                    1,
                    "duplicate-slug",
                    f"slug {base!r} is already used by {owners.get(base, 'the catalog')}; "
                    f"this talk becomes {talk.slug!r}",
                )
            owners[talk.slug] = path
            talks.append(talk)
        diagnostics.extend(report.items)
    return talks, diagnostics
