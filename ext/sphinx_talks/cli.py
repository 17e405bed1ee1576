"""Command line: ``sphinx-talks check PATH`` lints a folder of event pages without building.

The text report starts with what a person reads first: the number of talks and
warnings, the warnings counted per subtype, and the sites (each folder directly
under PATH) that have warnings, most first.  Then come ``file:line: subtype:
message`` lines, one per warning (and, with ``--verbose``, per notice), at most
``--max`` of them (0: all).  Progress goes to standard error.  ``--format json``
prints one JSON document with every diagnostic, the front-matter fields nothing
used, and the per-site counts.

Exit status: 0 when no warning was found, 1 otherwise, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import stat
import sys
import time
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import collector
from .config import FIELDS, path_problems, value_problem
from .diagnostics import Diagnostic, Report
from .sources import read_folder
from .sources.common import ReaderSettings, parts_below
from .sources.hugo import profile_folders
from .sources.site import display_zone


def _site(root: Path, path: Path) -> str:
    parts = parts_below(path, root) or path.parts
    return parts[0] if len(parts) > 1 else "."


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sphinx-talks`` console script."""
    parser = argparse.ArgumentParser(prog="sphinx-talks", description="Tools for sphinx-talks event folders.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="lint a folder of event pages without building")
    check.add_argument("path", type=Path, nargs="?", help="the talk folder (default: talks_source of --conf)")
    check.add_argument(
        "--timezone", help="IANA zone for times without offset (default: the site's timeZone, else UTC)"
    )
    check.add_argument(
        "--static", type=Path, action="append", default=[], help="a static folder (repeatable)"
    )
    check.add_argument(
        "--profiles", type=Path, action="append", default=[], help="a folder of profile pages (repeatable)"
    )
    check.add_argument("--speakers", type=Path, help="a speakers file (YAML, TOML or JSON)")
    check.add_argument(
        "--conf", type=Path, help="a Sphinx conf.py whose talks_* values to use (command-line options win)"
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("-v", "--verbose", action="store_true", help="also print notices and unused fields")

    def count(text: str) -> int:
        value = int(text)
        if value < 0:
            raise argparse.ArgumentTypeError(f"{text} is not a number of lines (0 or more)")
        return value

    check.add_argument(
        "--max",
        type=count,
        default=50,
        metavar="N",
        help="print at most N diagnostic lines after the counts (default: 50; 0: all)",
    )
    check.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, help="processes reading files (default: all)"
    )
    args = parser.parse_args(argv)
    conf, base = _conf_values(parser, args.conf)

    def folder(value: object) -> Path:
        return _resolved(parser, base / str(value))

    def folders(value: object) -> list[Path]:
        return [folder(v) for v in ([value] if isinstance(value, str) else value or [])]

    if args.path is None and not isinstance(conf.get("source"), str):
        parser.error("give the talk folder, or a --conf that sets talks_source")
    root = _resolved(parser, args.path) if args.path else folder(conf["source"])
    if not root.is_dir():
        parser.error(f"{root} is not a folder")
    timezone = args.timezone or conf.get("timezone")  # a bad talks_timezone was left out above
    try:
        zone = ZoneInfo(timezone) if isinstance(timezone, str) else display_zone(None, root)[0]
    except (ZoneInfoNotFoundError, ValueError):
        parser.error(f"{timezone!r} is not an IANA time zone")
    static = [_resolved(parser, p) for p in args.static] or folders(conf.get("static"))
    profiles = [_resolved(parser, p) for p in args.profiles] or folders(conf.get("profiles"))
    speakers = _resolved(parser, args.speakers) if args.speakers else None
    if speakers is None and isinstance(conf.get("speakers"), str):
        speakers = folder(conf["speakers"])
    options = {k: conf[k] for k in ("base_url", "raw_html", "fix_mojibake") if k in conf}

    started = time.monotonic()
    shown = [started]

    def progress(number: int, total: int) -> None:
        now = time.monotonic()
        if now - shown[0] >= 2 or (number == total and now - started >= 2):
            shown[0] = now
            print(f"checked {number}/{total} files", file=sys.stderr, flush=True)

    settings = ReaderSettings(root=root, zone=zone, static=static, **options)
    from .people import load, resolve_people

    with collector.reading():  # rarer collector passes while every talk is kept
        talks, diagnostics = read_folder(settings, progress, jobs=max(1, args.jobs), bodies=False)
        # what the build reports beyond single files: profiles, the speakers file, people
        reports: list[Report] = []
        everyone = [p for p in profiles + profile_folders(root) if p.is_dir()]
        directory = load(speakers if speakers and speakers.is_file() else None, everyone, settings, reports)
        diagnostics += [d for report in reports for d in report.items]
        resolve_people(talks, directory, diagnostics)
    unused = (
        [  # listed with -v and in JSON only
            Diagnostic(
                talk.source,
                line,
                "unused-field",
                f"front-matter field {key!r} is not used by the catalog",
                "info",
            )
            for talk in talks
            for key, line in talk.unused.items()
        ]
        if args.verbose or args.format == "json"
        else []
    )
    sites: dict[str, Counter[str]] = {}
    for talk in talks:
        sites.setdefault(_site(root, talk.source), Counter())["talks"] += 1
    for d in diagnostics:
        sites.setdefault(_site(root, d.path), Counter())[d.level + "s"] += 1
    warnings = sum(d.level == "warning" for d in diagnostics)

    if isinstance(sys.stdout, io.TextIOWrapper):  # a file name need not be UTF-8: its
        # undecodable bytes are written as \udcXX escapes, never as raw bytes or an error
        sys.stdout.reconfigure(errors="backslashreplace")
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
        shown = [
            d for d in diagnostics + (unused if args.verbose else []) if d.level == "warning" or args.verbose
        ]
        shown.sort(key=lambda d: d.level != "warning")  # warnings first, each kind in file order
        print("\n".join(report_head(root, talks, diagnostics, sites, verbose=args.verbose)))
        limit = len(shown) if args.max <= 0 else args.max
        for d in shown[:limit]:
            print(f"{d.location}: {d.subtype}: {d.message}")
        if len(shown) > limit:
            print(f"… and {len(shown) - limit} more (--max 0 prints all)")
    return 1 if warnings else 0


def report_head(
    root: Path,
    talks: list,
    diagnostics: list[Diagnostic],
    sites: dict[str, Counter[str]],
    verbose: bool = False,
    top: int = 20,
) -> list[str]:
    """The first lines of the text report: ``"N talks, M warnings"`` (and notices), the
    warnings per subtype, most first, and the ``top`` sites with the most warnings
    (``"name: talks, warnings"``), each list after a heading; with ``verbose`` the
    notices per subtype too."""
    warnings = Counter(d.subtype for d in diagnostics if d.level == "warning")
    notices = Counter(d.subtype for d in diagnostics if d.level != "warning")
    head = [
        f"{_count(len(talks), 'talk')} in {_count(len(sites), 'site')}, {_count(warnings.total(), 'warning')}"
    ]
    if notices:
        head[0] += f", {_count(notices.total(), 'notice')}"
    lists = [("warnings by subtype", warnings)] + ([("notices by subtype", notices)] if verbose else [])
    for title, counts in lists:
        if counts:
            head += ["", f"{title}:"] + [f"{n:>8}  {subtype}" for subtype, n in counts.most_common()]
    faulty = sorted(
        ((root.name if name == "." else name, c) for name, c in sites.items() if c["warnings"]),
        key=lambda item: (-item[1]["warnings"], item[0]),
    )
    if faulty and len(sites) > 1:
        head += ["", f"sites with warnings ({len(faulty)} of {len(sites)}):"]
        head += [f"{c['warnings']:>8}  {name} ({_count(c['talks'], 'talk')})" for name, c in faulty[:top]]
        if len(faulty) > top:
            head.append(f"          … and {len(faulty) - top} more")
    return head + ([""] if warnings or verbose else [])


#: Largest ``conf.py`` that ``--conf`` reads, in bytes.
MAX_CONF_BYTES = 1 << 20


def read_conf(path: Path) -> dict[str, object]:
    """The ``talks_*`` values a ``conf.py`` assigns as literals (``talks_source =
    "events"``), without running it: ``{"source": "events", …}``.  Values that are
    not literals are left out.

    Raises ``ValueError`` (with the reason) when ``path`` is not a regular file (a
    device such as ``/dev/zero``, a FIFO: opened without waiting for a writer), is
    larger than :data:`MAX_CONF_BYTES`, cannot be read or is not Python."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(f"{path} is not a regular file")
        data = file.read(MAX_CONF_BYTES + 1)
    if len(data) > MAX_CONF_BYTES:
        raise ValueError(f"{path} is larger than {MAX_CONF_BYTES} bytes")
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.startswith("talks_"):
                try:
                    values[name.removeprefix("talks_")] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return values


def _conf_values(parser: argparse.ArgumentParser, path: Path | None) -> tuple[dict[str, object], Path]:
    """The usable ``talks_*`` values of the ``conf.py`` at ``path`` (see :func:`read_conf`),
    checked as the build checks them (a bad value, or a path entry that does not
    resolve, is reported on standard error and not used), and the folder relative paths
    start from (the current folder without ``path``).  A file that cannot be read is a
    usage error (exit status 2)."""
    if path is None:
        return {}, Path.cwd()
    try:
        conf = read_conf(path)
    except ValueError as exc:
        parser.error(str(exc))
    base = _resolved(parser, path).parent
    for name in list(conf):
        value, problem = value_problem(name, conf[name]) if name in FIELDS else (conf[name], "no such option")
        if problem:
            print(f"{path}: talks_{name} = {value!r}: {problem}; not used", file=sys.stderr)
            del conf[name]
            continue
        conf[name], unresolved = path_problems(name, value, base)
        for reason in unresolved:
            print(f"{path}: talks_{name}: {reason}; left out", file=sys.stderr)
    return conf, base


def _resolved(parser: argparse.ArgumentParser, path: Path) -> Path:
    """``path`` made absolute with its links resolved; a usage error (exit status 2)
    when it cannot be (a symbolic link loop, a name the system refuses)."""
    try:
        return path.resolve()
    except RuntimeError:  # Python before 3.13; since, an OSError with ELOOP
        parser.error(f"{path} is a symbolic link loop")
    except OSError as exc:
        parser.error(f"{path} cannot be resolved: {exc.strerror or exc}")


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
