"""The benchmark code runs (N = 20, one round, untimed): it cannot rot unnoticed."""

from __future__ import annotations

import pytest
from conftest import players

from benchmarks.generate_talks import floor_page, hugo_page, make_talks
from benchmarks.run import run


def test_generated_talks_share_speakers_and_shapes():
    talks = make_talks(40)
    names = [name for talk in talks for name, _ in talk.speakers]
    assert len(set(names)) < len(names)  # speakers are shared across talks
    assert all(len(t.abstract.split()) == 150 for t in talks)
    assert "recording = " in hugo_page(talks[0]) and "{youtube}" in floor_page(talks[0])


def test_benchmark_runs_all_variants(tmp_path):
    results = run(
        [10, 20],
        runs=1,
        theme="furo",
        variants=["ours", "floor", "ablog"],
        check_files=50,
        workdir=tmp_path,
        jobs=2,
    )
    for size in ("10", "20"):
        entry = results["sizes"][size]
        ratios = {f"{edit}: ours/floor" for edit in ("abstract edited", "talk added", "speaker renamed")}
        assert {"ours", "floor", "ablog", "ours/floor", "ours/ablog", *ratios} <= set(entry)
        assert entry["ours"]["seconds"] > 0 and entry["floor"]["peak_mib"] > 0
        assert entry["ours"]["-j 2 speed-up"] > 0
    assert results["scaling t(n)/t(n/2)"] > 0
    assert results["check files/s"] > 0
    # the incremental edits reached the output of both projects
    ours = tmp_path / "n20" / "ours" / "_build" / "html" / "talks"
    floor = tmp_path / "n20" / "floor" / "_build" / "html"
    assert "Added talk 0" in (ours / "talk-90000.html").read_text("utf-8")
    assert "Added talk 0" in (floor / "index.html").read_text("utf-8")
    assert "Renamed Speaker 0" in (ours / "talk-00001.html").read_text("utf-8")
    assert "Renamed Speaker 0" in (floor / "talks" / "talk-00001.html").read_text("utf-8")
    assert "Edited 0." in (ours / "talk-00001.html").read_text("utf-8")
    # every variant writes real talk pages: title, abstract, video and theme
    # navigation (not a theme's error notice in place of the page)
    from bs4 import BeautifulSoup

    talk = make_talks(20)[5]
    pages = {
        "ours": tmp_path / "n20" / "ours" / "_build" / "html" / "talks" / f"{talk.slug}.html",
        "floor": floor / "talks" / f"{talk.slug}.html",
        "ablog": tmp_path / "n20" / "ablog" / "_build" / "html" / "posts" / f"{talk.slug}.html",
    }
    for variant, path in pages.items():
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert soup.h1 and talk.title in soup.h1.get_text(), variant
        assert " ".join(talk.abstract.split()[:8]) in soup.get_text(" "), variant
        assert len(players(soup)) == 1, variant
        assert soup.select_one(".sidebar-tree") is not None, variant


def test_archive_benchmark_runs_on_a_small_pyvideo_folder(tmp_path):
    import json

    from benchmarks.archive import run_archive

    archive = tmp_path / "data"
    for event in ("conf-2020", "conf-2021"):
        (archive / event / "videos").mkdir(parents=True)
        (archive / event / "category.json").write_text(json.dumps({"title": event.upper()}), "utf-8")
        for n in range(3):
            talk = {
                "title": f"Talk {n} at {event}",
                "recorded": f"{event[-4:]}-05-0{n + 1}",
                "speakers": [f"Speaker {n}"],
                "description": f"About talk {n}.",
                "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}],
            }
            (archive / event / "videos" / f"talk-{n}.json").write_text(json.dumps(talk), "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    results = run_archive(archive, work, runs=1, jobs=1)
    assert results["talk files"] == 6
    for variant in ("ours", "floor"):
        entry = results[variant]
        assert entry["full seconds"] > 0 and entry["full peak MiB"] > 0 and entry["warnings"] == 0
        assert entry["no-op rebuild seconds"] > 0 and entry["edit rebuild seconds"] > 0
    assert results["edit: ours/floor"] > 0 and results["check files/s"] > 0
    # the edit reached both outputs; the archive itself was not touched
    assert "Edited 0." in (work / "ours" / "_build" / "html" / "talks" / "talk-0.html").read_text("utf-8")
    assert "Edited 0." in (work / "floor" / "_build" / "html" / "talks" / "t00000.html").read_text("utf-8")
    assert "Edited" not in (archive / "conf-2020" / "videos" / "talk-0.json").read_text("utf-8")


def test_filter_benchmark_times_narrowing_widening_and_a_baseline(tmp_path):
    from benchmarks.filter import CHROMIUM, run_filter

    pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed")
    results = run_filter(2_000, rounds=2, workdir=tmp_path, theme="alabaster")
    assert results["talks"] == 2_000 and 0 < results["narrowed to"] < 2_000
    for kind in ("narrow", "widen", "baseline"):
        assert len(results["samples"][kind]) == 2 and results[f"{kind} ms"] > 0
    assert results["widen/baseline"] == results["widen ms"] / results["baseline ms"]


def test_the_baseline_variant_builds_with_the_package_it_is_given(tmp_path):
    """``--against``: the baseline is built with the other package, not ours (a package
    whose setup fails makes its build fail, ours builds)."""
    other = tmp_path / "other" / "sphinx_talks"
    other.mkdir(parents=True)
    (other / "__init__.py").write_text(
        "def setup(app):\n    raise RuntimeError('the baseline package ran')\n"
    )
    with pytest.raises(RuntimeError, match="the baseline package ran"):
        run(
            [10],
            runs=1,
            theme="furo",
            variants=["floor"],
            check_files=0,
            workdir=tmp_path / "w",
            baseline=other.parent,
        )
    results = run(
        [10], runs=1, theme="furo", variants=["floor"], check_files=0, workdir=tmp_path / "v", baseline=None
    )
    assert "baseline" not in results["sizes"]["10"]
