"""Command line: ``sphinx-talks check PATH`` reads a folder of event pages without
building and prints ``file:line: subtype: message`` for every fault found.

Exit status: 0 when no warning was found, 1 otherwise, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from .sources import read_folder
from .sources.common import ReaderSettings


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sphinx-talks`` console script."""
    parser = argparse.ArgumentParser(prog="sphinx-talks", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="lint a folder of event pages without building")
    check.add_argument("path", type=Path)
    check.add_argument("--timezone", default="UTC", help="IANA zone for times without offset")
    check.add_argument("-v", "--verbose", action="store_true", help="also print notices")
    args = parser.parse_args(argv)
    root = args.path.resolve()
    if not root.is_dir():
        parser.error(f"{args.path} is not a folder")
    talks, diagnostics = read_folder(ReaderSettings(root=root, zone=ZoneInfo(args.timezone)))
    warnings = 0
    for d in diagnostics:
        if d.level == "warning" or args.verbose:
            print(f"{d.location}: {d.subtype}: {d.message}")
        warnings += d.level == "warning"
    print(f"{len(talks)} talks, {warnings} warnings", file=sys.stderr)
    return 1 if warnings else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
