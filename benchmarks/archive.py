"""Benchmark: a whole talk archive in pyvideo's layout, ours against a plain-MyST floor.

``python -m benchmarks.run --archive PATH`` (or ``nox -s bench -- --archive PATH``)
with ``PATH`` a checkout of pyvideo's ``data`` repository (``<event>/category.json``,
``<event>/videos/*.json``).  Two projects are built from it in a scratch folder:

* ``ours`` — ``talks_source`` at ``PATH``, unchanged;
* ``floor`` — each talk written once as a plain MyST page (title, date, the first
  YouTube recording, the description, the speakers), linked from one list page that
  the root page's toctree holds (a list of 21,000 links on the root page itself
  would make Sphinx search the root's doctree for toctrees on every page written:
  quadratic, 4.5 minutes for the first 3,700 pages here).

For each: a full build with ``-j --jobs`` (wall seconds; peak memory as the largest
sum of the proportional set sizes of ``sphinx-build`` and the processes it started,
sampled every 0.2 s), a rebuild with nothing changed, and a rebuild after one talk's
description was edited (the same talk, the same edit, in both projects).  Also
timed: ``sphinx-talks check PATH`` (files per second, its own process, ``-j
--jobs``, the median of three runs, without sampling memory).  The medians of
``--runs`` rebuilds are reported; the full build is run once (it takes minutes).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CONF_OURS = (
    'extensions = ["sphinx_talks"]\ntalks_source = {source!r}\ntalks_today = "2026-01-01"\n'
    'html_theme = "furo"\nexclude_patterns = ["_build"]\n'
)
CONF_FLOOR = (
    'extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.youtube"]\n'
    'html_theme = "furo"\nexclude_patterns = ["_build"]\n'
)


def talk_files(archive: Path) -> list[Path]:
    """The talk files of a pyvideo checkout, sorted: ``<event>/videos/*.json``."""
    return sorted(archive.glob("*/videos/*.json"))


def _process_tree_memory(pid: int) -> int:
    """Bytes of memory ``pid`` and every process below it use: the sum of their
    proportional set sizes (``Pss`` of ``/proc/<pid>/smaps_rollup``), so that pages a
    forked process shares with its parent count once, as the machine's limit counts
    them (a sum of resident sizes would count them in every process)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            pass
        todo += children.get(current, [])
    return total


def timed(cmd: list[str], ok: tuple[int, ...] = (0,), memory: bool = True) -> tuple[float, float, str]:
    """Run ``cmd``; returns wall seconds, peak MiB of its process tree (0 without
    ``memory``: sampling reads every process's memory map five times a second, which
    takes CPU from a short command that uses every core) and its standard error.
    Raises RuntimeError when its exit status is not in ``ok``."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would block
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
        peak = [0]

        def sample() -> None:
            while memory and proc.poll() is None:
                peak[0] = max(peak[0], _process_tree_memory(proc.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        proc.wait()
        elapsed = time.perf_counter() - start
        sampler.join()
        log.seek(0)
        err = log.read().decode(errors="replace")
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd[:4])} … failed:\n{err[-3000:]}")
    return elapsed, peak[0] / 2**20, err


def floor_page(data: dict) -> str:
    """One pyvideo talk written by hand as plain MyST (an orphan page)."""
    lines = ["---", "orphan: true", "---", "", f"# {_plain(data.get('title') or 'Untitled')}", ""]
    if data.get("recorded"):
        lines += [str(data["recorded"]), ""]
    for video in data.get("videos") or []:
        url = str(video.get("url") or "")
        if "youtube.com/watch?v=" in url:
            lines += ["```{youtube} " + url.split("v=", 1)[1][:11], ":privacy_mode: true", "```", ""]
            break
    if data.get("description"):
        lines += ["```text", str(data["description"]).replace("```", "'''"), "```", ""]
    speakers = [s for s in data.get("speakers") or [] if isinstance(s, str)]
    if speakers:
        lines += ["## Speakers", ""] + [f"- {_plain(s)}" for s in speakers] + [""]
    return "\n".join(lines)


def _plain(text: str) -> str:
    return " ".join(str(text).replace("`", "'").split()).lstrip("#*-+>") or "Untitled"


def make_projects(archive: Path, root: Path) -> dict[str, Path]:
    """The two projects for ``archive`` under ``root``: ``{"ours": …, "floor": …}``."""
    ours, floor = root / "ours", root / "floor"
    ours.mkdir(parents=True)
    (ours / "conf.py").write_text(CONF_OURS.format(source=str(archive.resolve())), "utf-8")
    (ours / "index.md").write_text("# Archive\n\n```{toctree}\ntalks/index\n```\n", "utf-8")
    (floor / "talks").mkdir(parents=True)
    (floor / "conf.py").write_text(CONF_FLOOR, "utf-8")
    (floor / "index.md").write_text("# Archive\n\n```{toctree}\nall\n```\n", "utf-8")
    index = ["# All talks", ""]
    for number, path in enumerate(talk_files(archive)):
        data = json.loads(path.read_text("utf-8"))
        name = f"t{number:05d}"
        (floor / "talks" / f"{name}.md").write_text(floor_page(data), "utf-8")
        index.append(f"- [{_plain(data.get('title') or name)}](talks/{name}.md)")
    (floor / "all.md").write_text("\n".join(index) + "\n", "utf-8")
    return {"ours": ours, "floor": floor}


def edit_one_talk(archive: Path, floor: Path, round_: int) -> None:
    """The same edit in both projects: the first talk's description gains a sentence."""
    first = talk_files(archive)[0]
    data = json.loads(first.read_text("utf-8"))
    data["description"] = f"Edited {round_}. " + str(data.get("description") or "")
    first.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    page = floor / "talks" / "t00000.md"
    page.write_text(page.read_text("utf-8").replace("```text\n", f"```text\nEdited {round_}. ", 1), "utf-8")


def run_archive(archive: Path, workdir: Path, runs: int = 3, jobs: int = 2) -> dict:
    """Build a pyvideo checkout (``archive``, copied into ``workdir`` first so the edits
    never touch it) as ours and as the floor; returns the results table."""
    copy = workdir / "archive"
    shutil.copytree(archive, copy, ignore=shutil.ignore_patterns(".git"))
    projects = make_projects(copy, workdir)
    files = len(talk_files(copy))
    results: dict = {"archive": str(archive), "talk files": files, "jobs": jobs, "runs": runs}
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-j", str(jobs), "-b", "html"]
    edits = {variant: [] for variant in projects}
    noops = {variant: [] for variant in projects}
    for variant, src in projects.items():
        seconds, peak, err = timed([*sphinx, str(src), str(src / "_build" / "html")])
        results[variant] = {"full seconds": seconds, "full peak MiB": peak, "warnings": err.count("WARNING")}
    for round_ in range(runs):
        for variant, src in projects.items():
            noops[variant].append(timed([*sphinx, str(src), str(src / "_build" / "html")])[0])
        edit_one_talk(copy, projects["floor"], round_)
        for variant, src in projects.items():
            edits[variant].append(timed([*sphinx, str(src), str(src / "_build" / "html")])[0])
    for variant in projects:
        results[variant]["no-op rebuild seconds"] = statistics.median(noops[variant])
        results[variant]["edit rebuild seconds"] = statistics.median(edits[variant])
    results["full: ours/floor"] = results["ours"]["full seconds"] / results["floor"]["full seconds"]
    results["edit: ours/floor"] = (
        results["ours"]["edit rebuild seconds"] / results["floor"]["edit rebuild seconds"]
    )
    check = [sys.executable, "-c", "import sys; from sphinx_talks.cli import main; sys.exit(main())"]
    # exit status 1: it found warnings; unsampled, like a user's run; the median of
    # three (a run takes seconds, so noise weighs more than in the builds)
    seconds = [
        timed([*check, "check", "-j", str(jobs), str(copy)], ok=(0, 1), memory=False)[0] for _ in range(3)
    ]
    results["check files/s"] = files / statistics.median(seconds)
    return results
