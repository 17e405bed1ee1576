"""Command line: ``sphinx-talks check PATH`` lints a folder of event pages without building.

Text output is one ``file:line: subtype: message`` line per warning (and, with
``--verbose``, per notice), then one summary line per site (each folder directly
under PATH) on standard error.  ``--format json`` prints one JSON document with
every diagnostic, the front-matter fields nothing used, and the per-site counts.

Exit status: 0 when no warning was found, 1 otherwise, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .diagnostics import Diagnostic
from .sources import read_folder
from .sources.common import ReaderSettings, parts_below


def _site(root: Path, path: Path) -> str:
    parts = parts_below(path, root) or path.parts
    return parts[0] if len(parts) > 1 else "."


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sphinx-talks`` console script."""
    parser = argparse.ArgumentParser(prog="sphinx-talks", description="Tools for sphinx-talks event folders.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="lint a folder of event pages without building")
    check.add_argument("path", type=Path)
    check.add_argument("--timezone", default="UTC", help="IANA zone for times without offset")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("-v", "--verbose", action="store_true", help="also print notices and unused fields")
    check.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, help="processes reading files (default: all)"
    )
    args = parser.parse_args(argv)
    root = args.path.resolve()
    if not root.is_dir():
        parser.error(f"{args.path} is not a folder")
    try:
        zone = ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        parser.error(f"{args.timezone!r} is not an IANA time zone")

    started = time.monotonic()
    shown = [started]

    def progress(number: int, total: int) -> None:
        now = time.monotonic()
        if now - shown[0] >= 2 or (number == total and now - started >= 2):
            shown[0] = now
            print(f"checked {number}/{total} files", file=sys.stderr, flush=True)

    talks, diagnostics = read_folder(ReaderSettings(root=root, zone=zone), progress, jobs=max(1, args.jobs))
    unused = [
        Diagnostic(
            talk.source, 1, "unused-field", f"front-matter field {key!r} is not used by the catalog", "info"
        )
        for talk in talks
        for key in talk.extra
    ]
    sites: dict[str, Counter[str]] = {}
    for talk in talks:
        sites.setdefault(_site(root, talk.source), Counter())["talks"] += 1
    for d in diagnostics:
        sites.setdefault(_site(root, d.path), Counter())[d.level + "s"] += 1
    warnings = sum(d.level == "warning" for d in diagnostics)

    if args.format == "json":
        document = {
            "root": str(root),
            "talks": len(talks),
            "warnings": warnings,
            "diagnostics": [_record(d) for d in diagnostics],
            "unused_fields": [_record(d) for d in unused],
            "sites": {
                name: {key: counts[key] for key in ("talks", "warnings", "infos")}
                for name, counts in sorted(sites.items())
            },
        }
        json.dump(document, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        for d in diagnostics + (unused if args.verbose else []):
            if d.level == "warning" or args.verbose:
                print(f"{d.location}: {d.subtype}: {d.message}")
        for name, counts in sorted(sites.items()):
            print(
                f"{name}: {_count(counts['talks'], 'talk')}, {_count(counts['warnings'], 'warning')}",
                file=sys.stderr,
            )
        print(f"{_count(len(talks), 'talk')}, {_count(warnings, 'warning')}", file=sys.stderr)
    return 1 if warnings else 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _record(d: Diagnostic) -> dict[str, object]:
    return {
        "file": str(d.path),
        "line": d.line or 1,
        "subtype": d.subtype,
        "level": d.level,
        "message": d.message,
    }


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
