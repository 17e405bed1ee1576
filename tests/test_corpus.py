"""Real event folders build: every video once, every summary speaker a card, located warnings."""

from __future__ import annotations

import re
import tomllib
import traceback
from pathlib import Path

import pytest
from conftest import CORPUS, build, needs_corpus, players, write_project
from sphinx_talks.sources.common import identity, near_forms

pytestmark = needs_corpus

TITLES = {"dr", "dr.", "prof", "prof.", "phd", "ph.d.", "ph.d"}
YOUTUBE_SHORTCODE = re.compile(r"\{\{<\s*youtube\s+(?:id=)?[\"']?([A-Za-z0-9_-]{11})")
WATCH = re.compile(r"(?:v=|youtu\.be/|embed/|live/|shorts/)([A-Za-z0-9_-]{11})")


def munich_events() -> list[Path]:
    return sorted(
        p for p in (CORPUS / "munich-nlp" / "home" / "events").glob("*.md") if not p.name.startswith("_")
    )


def expected(path: Path) -> tuple[str, set[str], list[str]]:
    """Slug, distinct YouTube ids and summary speaker names, read independently of the package."""
    text = path.read_text("utf-8")
    _, front, body = text.split("+++", 2)
    data = tomllib.loads(front)
    # Hugo lower-cases URLs; our slugs have a hyphen for an underscore (the talks-1 schema)
    slug = (data.get("url", "").strip("/").split("/")[-1] or path.stem).lower().replace("_", "-")
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    ids = set(YOUTUBE_SHORTCODE.findall(body))
    ids.update(WATCH.findall(data.get("recording", "")))
    names = []
    m = re.match(r"\s*Speakers?:\s*([^|]+)", data.get("summary", ""))
    if m:
        for part in re.split(r",|&|\band\b", m.group(1)):
            words = [w for w in part.split() if w.lower() not in TITLES]
            if words:
                names.append(" ".join(words))
    return slug, ids, names


@pytest.fixture(scope="module")
def munich(tmp_path_factory):
    src = tmp_path_factory.mktemp("munich")
    write_project(
        src,
        {},
        conf=f"talks_source = {str(CORPUS / 'munich-nlp' / 'home' / 'events')!r}\n"
        "talks_timezone = 'Europe/Berlin'\n",
    )
    return build(src)


def test_munich_every_event_builds(munich):
    events = munich_events()
    assert len(events) == 44
    for path in events:
        slug, _, _ = expected(path)
        assert (munich.outdir / "talks" / f"{slug}.html").is_file(), path.name


def test_munich_each_video_embedded_once(munich):
    total = 0
    for path in munich_events():
        slug, ids, _ = expected(path)
        page = munich.html(f"talks/{slug}")
        srcs = players(page)
        # the video players (a page's slides have click-to-load players too)
        embedded = [
            m.group(1) for m in (re.search(r"youtube[\w.-]*/embed/([A-Za-z0-9_-]{11})", s) for s in srcs) if m
        ]
        assert sorted(embedded) == sorted(ids), (path.name, embedded, ids)
        total += len(ids)
    assert total > 10


def page_cards(built, slug):
    return built.html(f"talks/{slug}").select(".talks-speaker")


def test_munich_summary_speakers_have_cards(munich):
    checked = 0
    for path in munich_events():
        slug, _, names = expected(path)
        cards = " ".join(c.get_text(" ") for c in munich.html(f"talks/{slug}").select(".talks-speaker"))
        shown = [c.select_one(".talks-who").get_text(" ", strip=True) for c in page_cards(munich, slug)]
        for name in names:
            # a summary's misspelling (Muthasham) is the bio's person (Muhtasham), named as there
            near = any(near_forms(identity(name)) & near_forms(identity(s)) for s in shown)
            assert name in cards or near, (path.name, name, shown)
            checked += 1
        assert "PhD" not in [c.strip() for c in cards.split("\n")]
    assert checked >= 60


def test_munich_warnings_name_source_file_and_line(munich):
    lines = munich.warning_lines()
    for line in lines:
        assert re.search(r"munich-nlp/home/events/[^:]+\.md:\d+: WARNING: .*\[talks\.[a-z0-9-]+\]", line), (
            line
        )


SITES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []


@pytest.mark.parametrize("site", SITES)
def test_site_builds_without_traceback(site, tmp_path):
    src = write_project(tmp_path / "src", {}, conf=f"talks_source = {str(CORPUS / site)!r}\n")
    try:
        built = build(src)
    except Exception:  # noqa: BLE001 - the assertion shows the traceback
        pytest.fail(f"{site}: build raised\n{traceback.format_exc()}")
    assert "Traceback" not in built.warnings
    assert (built.outdir / "talks" / "index.html").is_file()
    for line in built.warning_lines():
        assert re.search(r"\.(md|json|markdown|xml):\d+: WARNING: .*\[talks\.[a-z0-9-]+\]", line), line


def _talk_pages(built) -> set[str]:
    talks = built.outdir / "talks"
    return {p.stem for p in talks.glob("*.html") if p.stem != "index"}


def test_schedule_exports_give_one_page_per_session(tmp_path):
    import json
    import xml.etree.ElementTree as ET

    frab = CORPUS / "31c3-frab" / "schedule.xml"
    sessions = ET.parse(frab).getroot().findall(".//event")
    src = write_project(tmp_path / "frab", {}, conf=f"talks_source = {str(frab.parent)!r}\n")
    built = build(src)
    assert len(_talk_pages(built)) == len(sessions) == 138
    first = sessions[0]
    page = built.html("talks/" + re.sub(r"[^a-z0-9]+", "-", first.findtext("title").lower()).strip("-"))
    assert first.findtext("title") in page.find("h1").get_text()
    assert "2014-12-27" in page.get_text()

    pretalx = CORPUS / "pyconfr-2024-pretalx" / "schedule.json"
    data = json.loads(pretalx.read_text("utf-8"))
    count = sum(
        1
        for part in ("schedule", "sprints")
        for day in data[part].values()
        for slot in day.values()
        for talk in slot.values()
        if talk
    )
    src = write_project(tmp_path / "pretalx", {}, conf=f"talks_source = {str(pretalx.parent)!r}\n")
    built = build(src)
    assert len(_talk_pages(built)) == count
    assert not built.warning_lines()


def test_parallel_reading_gives_the_serial_result():
    """``jobs=2`` (``-j 2`` builds, ``sphinx-talks check``) reads the whole corpus in
    worker processes; talks, slugs and diagnostics are the serial ones, in order."""
    from zoneinfo import ZoneInfo

    from sphinx_talks.sources import folder
    from sphinx_talks.sources.common import ReaderSettings

    settings = ReaderSettings(root=CORPUS.resolve(), zone=ZoneInfo("Europe/Berlin"))
    serial = folder.read_folder(settings, jobs=1)
    parallel = folder.read_folder(settings, jobs=2)
    assert len(folder.source_files(settings.root)) >= folder.PARALLEL_MIN_FILES  # the pool is used
    assert [(t.slug, t.title, t.start, t.body) for t in parallel[0]] == [
        (t.slug, t.title, t.start, t.body) for t in serial[0]
    ]
    assert [(d.location, d.subtype, d.message) for d in parallel[1]] == [
        (d.location, d.subtype, d.message) for d in serial[1]
    ]
    assert len(serial[0]) > 300
