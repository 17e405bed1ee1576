"""Real event folders build: every video once, every summary speaker a card, located warnings."""

from __future__ import annotations

import re
import tomllib
import traceback
from pathlib import Path

import pytest
from conftest import CORPUS, build, needs_corpus, write_project

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
    slug = (data.get("url", "").strip("/").split("/")[-1] or path.stem).lower()  # Hugo lower-cases URLs
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
        srcs = [f["src"] for f in page.find_all("iframe")]
        embedded = [re.search(r"/embed/([A-Za-z0-9_-]{11})", s).group(1) for s in srcs]
        assert sorted(embedded) == sorted(ids), (path.name, embedded, ids)
        total += len(ids)
    assert total > 10


def test_munich_summary_speakers_have_cards(munich):
    checked = 0
    for path in munich_events():
        slug, _, names = expected(path)
        cards = " ".join(c.get_text(" ") for c in munich.html(f"talks/{slug}").select(".talks-speaker"))
        for name in names:
            assert name in cards, (path.name, name)
            checked += 1
        assert "PhD" not in [c.strip() for c in cards.split("\n")]
    assert checked >= 60


def test_munich_warnings_name_source_file_and_line(munich):
    lines = munich.warning_lines()
    for line in lines:
        assert re.search(r"munich-nlp/home/events/[^:]+\.md:\d+: WARNING: .*\[talks\.[a-z-]+\]", line), line


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
        assert re.search(r"\.(md|json|markdown)(:\d+)?: WARNING: .*\[talks\.[a-z-]+\]", line), line
