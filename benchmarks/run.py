"""Benchmark: our catalog against the plain-MyST floor and ablog, built in one run.

For each size, the same generated talks are built three ways, alternating within
each round so that machine noise hits all three alike:

* ``ours`` — Hugo pages in ``events/`` with ``extensions = ["sphinx_talks"]``;
* ``floor`` — the same talks hand-written as plain MyST orphan pages linked from one
  index page, with myst-parser, sphinx-design and sphinxcontrib-youtube only;
* ``ablog`` — the same talks as ablog posts.

All use the same theme and ``-q``.  Reported: the median wall time and peak memory
(max RSS of the ``sphinx-build`` process) of ``--runs`` rounds, ratios ours/floor
and ours/ablog, t(largest)/t(half of it) when both sizes ran, three incremental
builds against the floor doing the same edit (one talk's abstract edited, one talk
added, one speaker renamed in every page naming them), the speed-up of ``-j
--jobs`` full builds, and the throughput of ``sphinx-talks check`` reading
``--check-files`` files.

``--against REV`` adds ``baseline``: the ``ours`` project built (full builds only) with the
package as it was at the git revision ``REV``, alternating with the others, so that a
change is judged by ours/floor against baseline/floor of the same run.

Usage: ``python -m benchmarks.run --sizes 500 1000 --runs 3 --out benchmarks/out/results.json``;
``--archive PATH`` builds a pyvideo ``data`` checkout instead (see :mod:`benchmarks.archive`);
``--filter COUNT`` times the talk filter on a list of COUNT talks in Chromium instead
(see :mod:`benchmarks.filter`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from .generate_talks import TalkData, ablog_post, floor_page, hugo_page, make_talks

INDEX_OURS = "# Bench\n\n```{toctree}\ntalks/index\n```\n"


def build_projects(root: Path, n: int, theme: str, variants: list[str]) -> dict[str, Path]:
    """Write one project per variant for ``n`` talks; returns their source folders."""
    talks = make_talks(n)
    ablog_index = '# Talks\n\n```{postlist}\n:format: "{title}"\n```\n'
    floor_index = "# Talks\n\n" + "\n".join(f"- [{t.title}](talks/{t.slug}.md)" for t in talks) + "\n"
    shapes = {
        "ours": (
            "events",
            hugo_page,
            INDEX_OURS,
            'extensions = ["sphinx_talks"]\ntalks_source = "events"\ntalks_today = "2026-01-01"\n',
        ),
        "floor": (
            "talks",
            floor_page,
            floor_index,
            'extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.youtube"]\n',
        ),
        "ablog": (
            "posts",
            ablog_post,
            ablog_index,
            'extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.youtube", "ablog"]\n'
            'blog_path = "blog"\nblog_post_pattern = "posts/*"\npost_auto_image = 0\n'
            # ablog's own page template extends layout.html, which furo refuses (it then
            # writes an error notice instead of each post): the theme's page template
            # renders posts, ablog's catalog templates come from _templates/ablog
            "skip_injecting_base_ablog_templates = True\ntemplates_path = ['_templates']\n"
            "exclude_patterns = ['_build']\n",
        ),
    }
    projects = {}
    shapes["baseline"] = shapes["ours"]
    for variant in variants:
        folder, page, index, conf = shapes[variant]
        src = root / variant
        (src / folder).mkdir(parents=True)
        for talk in talks:
            (src / folder / f"{talk.slug}.md").write_text(page(talk), "utf-8")
        (src / "index.md").write_text(index, "utf-8")
        (src / "conf.py").write_text(conf + f'html_theme = "{theme}"\n', "utf-8")
        if variant == "ablog":
            import ablog

            shutil.copytree(Path(ablog.get_html_templates_path(), "ablog"), src / "_templates" / "ablog")
        projects[variant] = src
    return projects


def timed_build(src: Path, clean: bool, jobs: int = 1, package: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, the largest process) of one ``sphinx-build -q
    -j jobs`` of ``src``; ``package``: a folder holding another ``sphinx_talks`` to
    build with (put first on ``PYTHONPATH``)."""
    out = src / "_build"
    if clean:
        shutil.rmtree(out, ignore_errors=True)
        if (src / "events").is_dir():  # our generated pages count as part of a full build
            shutil.rmtree(src / "talks", ignore_errors=True)
    cmd = [sys.executable, "-m", "sphinx", "-q", "-j", str(jobs), "-b", "html", str(src), str(out / "html")]
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would block the build
        start = time.perf_counter()
        env = None
        if package is not None:
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join(filter(None, (str(package), os.environ.get("PYTHONPATH")))),
            }
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        err = log.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"build of {src} failed:\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


FOLDERS = {"ours": "events", "floor": "talks", "ablog": "posts"}
PAGES = {"ours": hugo_page, "floor": floor_page, "ablog": ablog_post}


def edit_abstract(src: Path, variant: str, round_: int, talks: list[TalkData]) -> None:
    """Change one talk's abstract the way a user would in that project."""
    page = src / FOLDERS[variant] / "talk-00001.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("Abstract\n\n", f"Abstract\n\nEdited {round_}. ", 1), "utf-8")


def add_talk(src: Path, variant: str, round_: int, talks: list[TalkData]) -> None:
    """Add one new talk (by speakers who already have talks) dated after all others."""
    model = talks[round_ % len(talks)]
    new = replace(model, number=90_000 + round_, title=f"Added talk {round_}", date="2030-01-01T18:00:00")
    (src / FOLDERS[variant] / f"{new.slug}.md").write_text(PAGES[variant](new), "utf-8")
    if variant == "floor":  # the hand-written index lists every talk
        with (src / "index.md").open("a", encoding="utf-8") as index:
            index.write(f"- [{new.title}](talks/{new.slug}.md)\n")


def rename_speaker(src: Path, variant: str, round_: int, talks: list[TalkData]) -> None:
    """Change one speaker's name in every page that names them."""
    old = talks[1].speakers[0][0] if round_ == 0 else f"Renamed Speaker {round_ - 1}"
    for page in (src / FOLDERS[variant]).glob("*.md"):
        text = page.read_text("utf-8")
        if old in text:
            page.write_text(text.replace(old, f"Renamed Speaker {round_}"), "utf-8")


EDITS = {"abstract edited": edit_abstract, "talk added": add_talk, "speaker renamed": rename_speaker}


def check_throughput(files: int, root: Path) -> float:
    """Files per second of ``sphinx-talks check`` on ``files`` generated pages: the
    command as a user runs it (its own process, all cores, interpreter start included)."""
    folder = root / "check"
    folder.mkdir()
    for talk in make_talks(files):
        (folder / f"{talk.slug}.md").write_text(hugo_page(talk), "utf-8")
    cmd = [sys.executable, "-c", "import sys; from sphinx_talks.cli import main; sys.exit(main())"]
    start = time.perf_counter()
    done = subprocess.run([*cmd, "check", str(folder)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.startswith(f"{files} talks in 1 site, 0 warnings"):
        raise RuntimeError(f"check failed:\n{done.stdout[-1000:]}{done.stderr[-1000:]}")
    return files / elapsed


def run(
    sizes: list[int],
    runs: int,
    theme: str,
    variants: list[str],
    check_files: int,
    workdir: Path,
    jobs: int = 1,
    baseline: Path | None = None,
) -> dict:
    """Build every size ``runs`` times, alternating variants; returns the results table.
    ``baseline``: the folder of the package the ``baseline`` variant builds with."""
    results: dict = {"theme": theme, "runs": runs, "jobs": jobs, "sizes": {}}
    if baseline is not None:
        variants = [*variants, "baseline"]
    for n in sizes:
        root = workdir / f"n{n}"
        talks = make_talks(n)
        projects = build_projects(root, n, theme, variants)
        full: dict[str, list[tuple[float, float]]] = {v: [] for v in projects}
        only_full = ("ablog", "baseline")
        parallel: dict[str, list[float]] = {v: [] for v in projects if jobs > 1 and v not in only_full}
        edits = {edit: {v: [] for v in projects if v not in only_full} for edit in EDITS}
        for round_ in range(runs):
            for variant, src in projects.items():
                full[variant].append(
                    timed_build(src, clean=True, package=baseline if variant == "baseline" else None)
                )
                if variant in parallel:
                    parallel[variant].append(timed_build(src, clean=True, jobs=jobs)[0])
            for edit, samples in edits.items():
                for variant in samples:
                    EDITS[edit](projects[variant], variant, round_, talks)
                    samples[variant].append(timed_build(projects[variant], clean=False)[0])
        entry: dict = {}
        for variant, samples in full.items():
            entry[variant] = {
                "seconds": statistics.median(s for s, _ in samples),
                "peak_mib": statistics.median(m for _, m in samples),
            }
            if variant in parallel:
                entry[variant][f"-j {jobs} seconds"] = statistics.median(parallel[variant])
                entry[variant][f"-j {jobs} speed-up"] = entry[variant]["seconds"] / statistics.median(
                    parallel[variant]
                )
            for edit, by_variant in edits.items():
                if variant in by_variant:
                    entry[variant][f"{edit} seconds"] = statistics.median(by_variant[variant])
        if "floor" in entry and "ours" in entry:
            entry["ours/floor"] = entry["ours"]["seconds"] / entry["floor"]["seconds"]
            entry["memory ours/floor"] = entry["ours"]["peak_mib"] / entry["floor"]["peak_mib"]
            for edit in EDITS:
                key = f"{edit} seconds"
                entry[f"{edit}: ours/floor"] = entry["ours"][key] / entry["floor"][key]
        if "floor" in entry and "baseline" in entry:
            entry["baseline/floor"] = entry["baseline"]["seconds"] / entry["floor"]["seconds"]
            entry["ours/baseline"] = entry["ours"]["seconds"] / entry["baseline"]["seconds"]
            entry["ours/baseline, each round"] = [
                o / b for (o, _), (b, _) in zip(full["ours"], full["baseline"], strict=True)
            ]
        if "ablog" in entry and "ours" in entry:
            entry["ours/ablog"] = entry["ours"]["seconds"] / entry["ablog"]["seconds"]
        results["sizes"][str(n)] = entry
        print(json.dumps({n: entry}, indent=1), flush=True)
    largest = max(sizes)
    if str(largest // 2) in results["sizes"] and "ours" in variants:
        results["scaling t(n)/t(n/2)"] = (
            results["sizes"][str(largest)]["ours"]["seconds"]
            / results["sizes"][str(largest // 2)]["ours"]["seconds"]
        )
    if check_files:
        results["check files/s"] = check_throughput(check_files, workdir)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--theme", default="furo")
    parser.add_argument("--variants", nargs="+", default=["ours", "floor", "ablog"])
    parser.add_argument("--check-files", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=2, help="also time full builds with -j JOBS (1: skip)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/results.json"))
    parser.add_argument(
        "--against",
        metavar="REV",
        help="also build the ours project with the package at git revision REV (variant baseline)",
    )
    parser.add_argument(
        "--archive",
        type=Path,
        help="build this pyvideo data checkout whole, ours and the floor (see benchmarks.archive), "
        "instead of generated talks",
    )
    parser.add_argument(
        "--filter",
        type=int,
        metavar="COUNT",
        help="time the talk filter on a list of COUNT talks in Chromium (see benchmarks.filter), "
        "--runs times, instead of building",
    )
    args = parser.parse_args(argv)
    if args.archive is not None or args.filter is not None:
        with tempfile.TemporaryDirectory(prefix="talks-bench-") as tmp:
            if args.archive is not None:
                from .archive import run_archive

                results = run_archive(args.archive, Path(tmp), args.runs, max(1, args.jobs))
            else:
                from .filter import run_filter

                results = run_filter(args.filter, args.runs, Path(tmp), args.theme)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1), "utf-8")
        print(json.dumps(results, indent=1))
        return 0
    with tempfile.TemporaryDirectory(prefix="talks-bench-") as tmp:
        baseline = None
        if args.against:
            baseline = Path(tmp, "baseline")
            baseline.mkdir()
            archive = subprocess.run(
                ["git", "archive", args.against, "ext"],
                check=True,
                capture_output=True,
                cwd=Path(__file__).parents[1],
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive, check=True)
            baseline = baseline / "ext"
        results = run(
            args.sizes, args.runs, args.theme, args.variants, args.check_files, Path(tmp), args.jobs, baseline
        )
        if args.against:
            results["baseline"] = args.against
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), "utf-8")
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
