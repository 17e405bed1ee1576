"""Benchmark: output size and build time as talks share speakers, tags and years.

Each variant builds catalogs of growing size N and reports, per N, the bytes of the
output folder (without Sphinx's pickles in ``.doctrees``), the bytes the catalog
wrote below ``talks/``, the wall time and peak memory of one clean ``sphinx-build
-q``, and ``talks/`` bytes / N: linear output keeps that ratio flat.

* ``talks`` — N talks, all by one speaker with one tag (the speaker's and the tag's
  page, feed and calendar list N talks; each talk's page must not list the N-1 others);
* ``years`` — the same, the talks dated in the years 3 and 9997 in Europe/Berlin (each
  calendar's ``VTIMEZONE`` must cover the talks' years, not the 9,994 between);
* ``people`` — 2 talks, both by the same N speakers with the same N tags (N speaker
  and N tag pages, feeds and calendars, each listing the two talks: naming every
  speaker and tag of each talk there made the output grow with N²);
* ``aliases`` — 2 talks, the first with N old URLs (``aliases``), a redirect page each,
  half of them 200 characters deep (the redirects are outside ``talks/``: read the
  whole output's bytes per N).

These are measurements, not timed tests.  Usage: ``python -m benchmarks.shared
--sizes 10 100 1000 --variants talks years people --out benchmarks/out/shared.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from .run import timed_build

VARIANTS = ("talks", "years", "people", "aliases")
CONF = 'extensions = ["sphinx_talks"]\ntalks_source = "events"\ntalks_today = "2026-01-01"\n'
INDEX = "# Shared\n\n```{toctree}\ntalks/index\n```\n"


def talk_page(i: int, start: str, speakers: list[str], tags: list[str], aliases: list[str] = ()) -> str:
    """A Hugo page (TOML front matter) of talk ``i`` starting at ``start`` (ISO, Berlin time)."""
    names = ", ".join(json.dumps(s) for s in speakers)
    labels = ", ".join(json.dumps(t) for t in tags)
    old = ", ".join(json.dumps(a) for a in aliases)
    return (
        f'+++\ntitle = "Talk {i}"\ndate = {start}\ntimezone = "Europe/Berlin"\n'
        f"speakers = [{names}]\ntags = [{labels}]\naliases = [{old}]\n+++\nWhat talk {i} is about.\n"
    )


def write_project(root: Path, variant: str, n: int) -> Path:
    """Write the project of ``variant`` with size ``n`` into ``root`` (emptied first)."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "events").mkdir(parents=True)
    (root / "conf.py").write_text(CONF, "utf-8")
    (root / "index.md").write_text(INDEX, "utf-8")
    if variant == "people":
        speakers = [f"Person{j} Surname{j}" for j in range(n)]
        tags = [f"topic{j}" for j in range(n)]
        pages = [talk_page(i, f"2024-03-0{i + 1}T18:00:00", speakers, tags) for i in range(2)]
    elif variant == "aliases":
        deep = "/".join(["level"] * 33)  # 200 characters
        old = [f"/old/{deep if j % 2 else 'flat'}/a{j}/" for j in range(n)]
        pages = [
            talk_page(i, f"2024-03-0{i + 1}T18:00:00", ["Ann Lee"], ["shared"], old if i == 0 else [])
            for i in range(2)
        ]
    else:
        pages = []
        for i in range(n):
            if variant == "years":
                start = f"{3 if i % 2 else 9997:04d}-{i % 12 + 1:02d}-01T18:00:00"
            else:
                start = f"{2000 + i % 25}-{i % 12 + 1:02d}-01T18:00:00"
            pages.append(talk_page(i, start, ["Ann Lee"], ["shared"]))
    for i, page in enumerate(pages):
        (root / "events" / f"t{i}.md").write_text(page, "utf-8")
    return root


def folder_bytes(folder: Path) -> int:
    """The bytes of the files below ``folder``, without Sphinx's ``.doctrees``."""
    return sum(
        p.stat().st_size
        for p in folder.rglob("*")
        if p.is_file() and ".doctrees" not in p.relative_to(folder).parts
    )


def measure(src: Path) -> dict[str, float]:
    """One clean build of ``src``: ``{"bytes", "talks bytes", "seconds", "peak_mib"}``."""
    seconds, peak = timed_build(src, clean=True)
    out = src / "_build" / "html"
    return {
        "bytes": folder_bytes(out),
        "talks bytes": folder_bytes(out / "talks"),
        "seconds": round(seconds, 2),
        "peak_mib": round(peak, 1),
    }


def run(sizes: list[int], variants: list[str], workdir: Path) -> dict[str, dict[str, dict[str, float]]]:
    """``{variant: {str(n): measure(...) plus "talks bytes / N"}}`` for each size."""
    results: dict[str, dict[str, dict[str, float]]] = {}
    for variant in variants:
        results[variant] = {}
        for n in sizes:
            entry = measure(write_project(workdir / f"{variant}{n}", variant, n))
            entry["talks bytes / N"] = round(entry["talks bytes"] / n)
            entry["bytes / N"] = round(entry["bytes"] / n)
            results[variant][str(n)] = entry
            print(
                f"{variant:>7} N={n:>5}: {entry['bytes']:>12,} B  talks/ {entry['talks bytes']:>12,} B  "
                f"talks/ per N {entry['talks bytes / N']:>9,} B  all per N {entry['bytes / N']:>9,} B  "
                f"{entry['seconds']:>7.1f} s  "
                f"{entry['peak_mib']:>6.0f} MiB",
                flush=True,
            )
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the variants for the sizes; print a line per build; write JSON to ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/shared.json"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="talks-shared-") as tmp:
        results = run(args.sizes, args.variants, Path(tmp))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
