"""Odd input never crashes the build or ``sphinx-talks check`` (issue 26, items 5, 10,
11, 13, 14, 15 and 24): each bad value is a warning at its source file and line, and
the rest still builds and is published."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from conftest import ROOT, build, write_project

TALK = '+++\ntitle = "Kept"\ndate = 2024-01-01T10:00:00\n+++\nText.\n'


def warned(built, subtype: str) -> list[str]:
    """The warning lines of ``subtype`` (``talks.<subtype>``)."""
    return [w for w in built.warning_lines() if f"[talks.{subtype}]" in w]


def published(outdir: Path) -> list[str]:
    """The calendars, feeds and talks.json below ``outdir``, relative to it."""
    return sorted(
        str(p.relative_to(outdir))
        for pattern in ("*.ics", "*.atom", "talks.json")
        for p in outdir.rglob(pattern)
    )


# -- 5: pretalx values of the wrong type -------------------------------------------------------


def test_pretalx_values_of_the_wrong_type_are_warnings_at_their_session(project):
    schedule = (
        '{"talks": [\n'
        '{"code": "AAA", "title": "Numbered tags", "date": "2024-05-03T12:00:00", "tags": 5},\n'
        '{"code": "BBB", "title": "One speaker", "date": "2024-05-03T13:00:00", "speakers": "Ann Lee"},\n'
        '{"code": "CCC", "title": "Odd lists", "date": "2024-05-03T14:00:00",\n'
        ' "resources": 7, "speakers": 3, "room": 12},\n'
        '{"code": "DDD", "title": "Odd items", "date": "2024-05-03T15:00:00",\n'
        ' "speakers": [{"name": "Bo Kim"}, 4], "tags": ["ok", 6], "resources": [8]},\n'
        '{"code": "EEE", "title": "Odd length", "date": "2024-05-03T16:00:00", "duration": true},\n'
        '{"code": "FFF", "title": {"en": 5, "de": "Titel"}, "date": "2024-05-03T17:00:00"}\n'
        "]}\n"
    )
    built = project({"events/schedule.json": schedule})
    assert not warned(built, "internal-error")
    for slug in ("aaa", "bbb", "ccc", "ddd", "eee", "fff"):
        assert (built.outdir / "talks" / f"{slug}.html").is_file(), slug
    bad = warned(built, "bad-type")
    at = sorted(w.split("schedule.json:")[1].split(":")[0] for w in bad)
    # tags 5 (line 2); resources, speakers and room (line 4); a speaker, a tag, a resource
    # (line 6); the duration (line 8); a translation of the title that is no text (line 9),
    # the other translation taken
    assert at == ["2", "4", "4", "4", "6", "6", "6", "8", "9"], bad
    assert "Titel" in built.html("talks/fff").select_one("h1").get_text()
    speakers = [a.get_text() for a in built.html("talks/bbb").select("a[href*='speakers/']")]
    assert "Ann Lee" in speakers and "A" not in speakers
    assert "Bo Kim" in built.html("talks/ddd").get_text()
    assert "ok" in built.html("talks/ddd").get_text()


# -- 10: lone surrogates in JSON -------------------------------------------------------------


def _lone(built, name: str, line: int) -> None:
    """The build warned of a surrogate at ``name:line`` and wrote every published file, in UTF-8."""
    found = warned(built, "surrogate")
    assert any(f"{name}:{line}:" in w for w in found), built.warning_lines()
    assert not warned(built, "internal-error")
    assert {"talks/index.ics", "talks/index.atom", "talks/talks.json"} <= set(published(built.outdir))
    for path in built.outdir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ics", ".atom", ".json"):
            path.read_bytes().decode("utf-8")  # every file is UTF-8


def test_a_lone_surrogate_in_json_front_matter_is_cleaned_with_a_warning(project):
    page = '{\n"title": "Bad \\ud800 one",\n"date": "2024-01-01T10:00:00",\n"speakers": ["Al\\udc00 Bo"]\n}\nText.\n'
    built = project({"events/a.md": page})
    _lone(built, "events/a.md", 2)
    _lone(built, "events/a.md", 4)
    assert "Bad \ufffd one" in built.html("talks/a").get_text()


def test_a_lone_surrogate_in_yaml_front_matter_is_cleaned_with_a_warning(project):
    page = '---\ntitle: "Bad \\ud800 one"\ndate: 2024-01-01T10:00:00\n---\nText.\n'
    _lone(project({"events/a.md": page}), "events/a.md", 2)


def test_a_lone_surrogate_in_pretalx_json_is_cleaned_with_a_warning(project):
    schedule = (
        '{"talks": [\n{"code": "AAA", "title": "Fine", "date": "2024-05-03T12:00:00"},\n'
        '{"code": "BBB", "title": "One \\ud800", "date": "2024-05-03T13:00:00"}\n]}\n'
    )
    built = project({"events/schedule.json": schedule})
    _lone(built, "events/schedule.json", 3)
    assert (built.outdir / "talks" / "bbb.html").is_file()


def test_a_lone_surrogate_in_pyvideo_json_is_cleaned_with_a_warning(project):
    talk = {"title": "T", "recorded": "2024-01-01", "speakers": ["A \ud800"], "description": "x"}
    built = project({"events/lt.json": json.dumps(talk, indent=1)})
    _lone(built, "events/lt.json", 5)  # the line of the escape
    assert (built.outdir / "talks" / "lt.html").is_file()


def test_a_lone_surrogate_in_the_speakers_file_is_cleaned_with_a_warning(project):
    files = {
        "people.json": '[\n{"name": "Ann Lee",\n "bio": "Bio \\ud800"}\n]\n',
        "events/a.md": '+++\ntitle = "A"\ndate = 2024-01-01T10:00:00\nspeakers = ["Ann Lee"]\n+++\nText.\n',
    }
    built = project(files, conf='talks_speakers = "people.json"\n')
    _lone(built, "people.json", 3)


# -- 11: control characters ------------------------------------------------------------------

CONTROL_PAGES = {
    "events/a.md": '+++\ntitle = "\\u0001\\u0002"\ndate = 2024-01-01T10:00:00\n+++\nText.\n',
    "events/b.md": (
        '+++\ntitle = "B"\nevent = "\\u0007\\u0008"\ndate = 2024-01-02T10:00:00\nspeakers = ["\\u0000"]\n'
        "+++\nText.\n"
    ),
}


def test_a_title_or_event_of_control_characters_still_publishes_calendars_and_feeds(project):
    built = project(CONTROL_PAGES)
    assert not warned(built, "internal-error")
    lines = built.warning_lines()
    assert not [w for w in lines if "talks/b.md" in w or "talks/a.md" in w and "events/" not in w], lines
    control = warned(built, "control-character")
    for where in ("events/a.md:2:", "events/b.md:3:", "events/b.md:5:"):  # title, event, speaker
        assert any(where in w for w in control), lines
    assert any("events/a.md:" in w for w in warned(built, "no-title")), lines
    assert {"talks/index.ics", "talks/index.atom", "talks/talks.json"} <= set(published(built.outdir))
    feed = feedparser.parse((built.outdir / "talks" / "index.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert sorted(e.title for e in feed.entries) == ["A", "B"]
    assert built.html("talks/a").find("h1").get_text().strip("¶# \n") == "A"


def check_json(folder: Path, *options: str) -> dict:
    """``sphinx-talks check --format json`` of ``folder``."""
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_talks.cli", "check", str(folder), "--format", "json", *options],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "ext")},
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_check_reports_what_the_build_reports_for_surrogates_and_control_characters(project):
    files = {
        **CONTROL_PAGES,
        "events/c.md": '{\n"title": "Bad \\ud800 one",\n"date": "2024-01-01T10:00:00"\n}\nText.\n',
    }
    built = project(files)
    by_build = sorted(
        (w.split(": WARNING")[0].split("/events/")[1], w.rsplit("[talks.", 1)[1].rstrip("]"))
        for w in built.warning_lines()
    )
    report = check_json(built.srcdir / "events")
    by_check = sorted(
        (f"{Path(d['file']).name}:{d['line']}", d["subtype"])
        for d in report["diagnostics"]
        if d["level"] == "warning"
    )
    assert by_check == by_build
    assert {s for _, s in by_check} >= {"surrogate", "control-character", "no-title"}


# -- 13: symbolic link loops -----------------------------------------------------------------


def test_a_symlink_loop_inside_the_source_is_skipped_with_a_warning(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": TALK})
    (src / "events" / "loop.md").symlink_to("loop.md")
    (src / "events" / "l1").symlink_to("l2")
    (src / "events" / "l2").symlink_to("l1")
    built = build(src)
    loops = [w for w in warned(built, "not-read") if "events/loop.md:1:" in w]
    assert len(loops) == 1 and "loop" in loops[0], built.warning_lines()
    assert (built.outdir / "talks" / "a.html").is_file()
    report = check_json(src / "events")
    assert [d["subtype"] for d in report["diagnostics"] if d["file"].endswith("loop.md")] == ["not-read"]
    assert report["talks"] == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [("source", '"loop"'), ("static", '["static", "loop"]'), ("profiles", '["loop"]')]
    + [("speakers", '"loop"'), ("output_dir", '"loop"')],
)
def test_a_talks_path_that_is_a_symlink_loop_is_refused_with_a_warning(tmp_path, name, value):
    src = write_project(tmp_path / "src", {"events/a.md": TALK}, f"talks_{name} = {value}\n")
    (src / "static").mkdir()
    (src / "loop").symlink_to("loop")
    built = build(src)
    found = warned(built, "config")
    assert len(found) == 1 and "conf.py:3:" in found[0] and "loop" in found[0], built.warning_lines()
    if name != "source":  # (without a source there is no catalog for index.md to list)
        assert not [w for w in built.warning_lines() if w not in found], built.warning_lines()
        assert (built.outdir / "talks" / "a.html").is_file()
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_talks.cli", "check", "--conf", str(src / "conf.py")]
        + ([] if name == "source" else [str(src / "events")]),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "ext")},
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == (2 if name == "source" else 0), (done.stdout, done.stderr)
    assert "loop" in done.stderr


# -- 14: an empty catalog title ----------------------------------------------------------------


@pytest.mark.parametrize("title", ['""', '"   "', '"\\t\\n"', '"\\u0001 \\u200b"'])
def test_an_empty_catalog_title_is_refused_at_validation(project, title):
    built = project({"events/a.md": TALK}, conf=f"talks_catalog_title = {title}\n")
    found = warned(built, "config")
    assert len(found) == 1 and "conf.py:3:" in found[0] and "'Talks'" in found[0], built.warning_lines()
    assert built.html("talks/index").find("h1").get_text().strip("¶# \n") == "Talks"
    feed = feedparser.parse((built.outdir / "talks" / "index.atom").read_bytes())
    assert not feed.bozo and feed.feed.author == "Talks"


# -- 15: check --conf reads only a bounded regular file ---------------------------------------


def run_check(*args: str) -> subprocess.CompletedProcess:
    """``sphinx-talks check ARGS`` in a process that a hang cannot hold (30 s)."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx_talks.cli", "check", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": str(ROOT / "ext")},
    )


def test_check_refuses_a_conf_that_is_a_device_a_fifo_or_too_large(tmp_path):
    (tmp_path / "events").mkdir()
    fifo = tmp_path / "fifo.py"
    os.mkfifo(fifo)
    big = tmp_path / "big.py"
    big.write_bytes(b"# " + b"x" * (1 << 20) + b"\ntalks_source = 'events'\n")
    for conf, reason in (("/dev/zero", "not a regular file"), (fifo, "not a regular file"), (big, "larger")):
        done = run_check(str(tmp_path / "events"), "--conf", str(conf))
        assert done.returncode == 2, (conf, done.stdout, done.stderr)
        assert reason in done.stderr and str(conf) in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "conf.py").write_text("talks_source = 'events'\n", "utf-8")
    assert run_check("--conf", str(tmp_path / "conf.py")).returncode == 0


# -- 24: a feed without entries ----------------------------------------------------------------


def test_a_feed_without_entries_is_updated_when_its_inputs_were(tmp_path):
    undated = '+++\ntitle = "Someday"\ntags = ["later"]\n+++\nText.\n'
    src = write_project(tmp_path / "src", {"events/a.md": undated, "events/b.md": undated})
    when = datetime(2023, 3, 4, 5, 6, 7, tzinfo=UTC).timestamp()
    os.utime(src / "events" / "a.md", (when - 60, when - 60))
    os.utime(src / "events" / "b.md", (when, when))  # the newest input
    built = build(src)
    assert not [w for w in built.warning_lines() if "[talks.no-date]" not in w]
    for name in ("index.atom", "tags/later.atom"):
        data = (built.outdir / "talks" / name).read_bytes()
        assert b"1970-01-01" not in data, name
        feed = feedparser.parse(data)
        assert not feed.bozo, (name, feed.bozo_exception)
        assert not feed.entries
        assert feed.feed.updated_parsed[:6] == (2023, 3, 4, 5, 6, 7), (name, feed.feed.updated)
    feed = (built.outdir / "talks" / "index.atom").read_bytes()
    assert build(src).outdir.joinpath("talks", "index.atom").read_bytes() == feed  # nothing changed
    os.utime(src / "events" / "b.md", (when + 3600, when + 3600))  # touched: as a clean build says
    again = feedparser.parse((build(src).outdir / "talks" / "index.atom").read_bytes())
    assert again.feed.updated_parsed[:6] == (2023, 3, 4, 6, 6, 7)


def test_a_former_output_folder_that_became_a_symlink_loop_is_left_alone(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": TALK}, 'talks_output_dir = "gen"\n')
    build(src)
    shutil.rmtree(src / "gen")
    (src / "gen").symlink_to("gen")
    (src / "conf.py").write_text((src / "conf.py").read_text("utf-8").replace('"gen"', '"talks"'), "utf-8")
    built = build(src)
    assert (built.outdir / "talks" / "a.html").is_file()
    assert (src / "gen").is_symlink()


def test_a_lone_surrogate_in_a_pyvideo_category_is_cleaned_with_a_warning(project):
    talk = json.dumps({"title": "T", "recorded": "2024-01-01", "speakers": ["A"]}, indent=1)
    files = {
        "events/conf/category.json": '{"title": "Conf",\n "description": "Odd \\ud800"}\n',
        "events/conf/videos/t.json": talk,
    }
    built = project(files)
    _lone(built, "events/conf/category.json", 2)
    assert (built.outdir / "talks" / "t.html").is_file()


def test_a_surrogate_pair_in_yaml_is_its_character_without_a_warning(project):
    page = '---\ntitle: "Smile \\ud83d\\ude00"\ndate: 2024-01-01T10:00:00\n---\nText.\n'
    built = project({"events/a.md": page})
    assert not built.warning_lines()
    assert "Smile \U0001f600" in built.html("talks/a").get_text()
