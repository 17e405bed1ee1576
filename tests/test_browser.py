"""Checks in a real browser (headless Chromium through Playwright); skipped where
Chromium or Playwright is not installed (``.ci/run`` installs both)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import SEED, build, write_project

from benchmarks.filter import big_catalog, chosen

CHROMIUM = Path("/usr/bin/chromium")
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not installed")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def served(tmp_path):
    """``serve(folder)``: the folder over HTTP on a free local port; its base URL."""
    servers = []

    def serve(folder: Path) -> str:
        handler = functools.partial(Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()


def test_add_to_calendar_downloads_a_calendar_that_parses(tmp_path, served):
    import icalendar
    import vobject

    if not SEED.is_file():
        pytest.skip("corpus not available")
    src = write_project(tmp_path / "src", {}, conf='talks_timezone = "Europe/Berlin"\n')
    shutil.copy(SEED, src / "events" / SEED.name)
    built = build(src)
    base = served(built.outdir)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page(accept_downloads=True)
            page.goto(base + "talks/auroram-lm.html")
            link = page.get_by_role("link", name="Add to calendar")
            assert link.is_visible()
            with page.expect_download() as info:
                link.click()
            saved = tmp_path / "download.ics"
            info.value.save_as(saved)
            assert info.value.suggested_filename == "auroram-lm.ics"
            # the old URL sends the browser to the talk page
            page.goto(base + "events/auroram-lm/")
            page.wait_for_url("**/talks/auroram-lm.html")
            assert page.title().startswith("Aurora-M")
        finally:
            browser.close()
    text = saved.read_text("utf-8")
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2024, 5, 23, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    (parsed,) = vobject.readComponents(text)
    assert parsed.vevent.summary.value.startswith("Aurora-M")


def recorder(base: str, requested: list[str]):
    """A route handler: notes every URL asked for; serves the local ones, aborts the rest."""

    def route(r) -> None:
        requested.append(r.request.url)
        r.continue_() if r.request.url.startswith(base) else r.abort()

    return route


def test_the_seed_video_loads_nothing_before_play(tmp_path, served):
    if not SEED.is_file():
        pytest.skip("corpus not available")
    src = write_project(tmp_path / "src", {}, conf='talks_timezone = "Europe/Berlin"\n')
    shutil.copy(SEED, src / "events" / SEED.name)
    base = served(build(src).outdir)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            for press in ("click", "Enter", " "):
                page = browser.new_page()
                requested: list[str] = []
                page.route("**/*", recorder(base, requested))
                page.goto(base + "talks/auroram-lm.html")
                page.wait_for_load_state("networkidle")
                assert requested and all(u.startswith(base) for u in requested), requested
                assert page.locator("iframe").count() == 0
                player = page.get_by_role("button", name="Play Video: Aurora-M", exact=False)
                if press == "click":
                    player.click()
                else:
                    player.focus()
                    page.keyboard.press(press)
                frame = page.locator("iframe")
                frame.wait_for()
                assert frame.count() == 1, press
                src = frame.get_attribute("src")
                assert src == "https://www.youtube-nocookie.com/embed/5PsRbCbpWg8?autoplay=1", press
                assert frame.get_attribute("title").startswith("Video: Aurora-M")
                outside = [u for u in requested if not u.startswith(base)]
                assert outside and all(u.startswith("https://www.youtube-nocookie.com/") for u in outside)
                page.close()
        finally:
            browser.close()


def test_the_filter_narrows_20000_talks_and_the_url_restores_it(tmp_path, served):
    files = {
        "events/a.md": '+++\ntitle = "A"\ndate = 2024-03-01T18:00:00\ntags = ["NLP"]\nyoutube = "dQw4w9WgXcQ"\n+++\nA.\n',
        "events/b.md": "---\ntitle: B\ndate: 2023-05-02\ntags: [Vision]\n---\nB.\n",
    }
    built = build(write_project(tmp_path / "src", files))
    path, entries = big_catalog(built.outdir, 20_000)
    want = chosen(entries)
    assert 5 < want < 200
    base = served(built.outdir)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(base + path)
            # the lists show 500 talks at a time, the button adds the next 500
            visible = "document.querySelectorAll('li[data-talk]').length"
            assert page.evaluate(visible) == 500
            assert page.locator(".talks-filter-status").inner_text() == "20000 of 20000 talks"
            page.get_by_role("button", name="Show 500 more (19500 left)").click()
            assert page.evaluate(visible) == 1000
            page.select_option("select[name=tag]", "t3")
            page.select_option("select[name=year]", "2019")
            page.check("input[name=video]")
            assert page.evaluate(visible) == want
            assert page.locator(".talks-filter-status").inner_text() == f"{want} of 20000 talks"
            assert all(part in page.url for part in ("tag=t3", "year=2019", "video=1")), page.url
            # the page's own entry point (the benchmark times it) answers with the count
            # and puts the first page of the whole list back
            assert page.evaluate("window.sphinxTalksFilter.apply({}).shown") == 20_000
            assert page.evaluate(visible) == 500
            answer = page.evaluate("window.sphinxTalksFilter.apply({tag: 't3', year: '2019', video: '1'})")
            assert answer["shown"] == want and page.evaluate(visible) == want
            page.evaluate("window.sphinxTalksFilter.apply({})")
            assert page.evaluate(visible) == 500 and not page.locator(".talks-filter-more").is_hidden()
            page.evaluate("window.sphinxTalksFilter.apply({tag: 't3', year: '2019', video: '1'})")
            url = page.url
            # the URL brings the same choice back
            again = browser.new_page()
            again.goto(url)
            assert again.evaluate(visible) == want
            assert again.locator("select[name=tag]").input_value() == "t3"
            assert again.locator("input[name=video]").is_checked()
            # without JavaScript: no form, every talk listed
            off = browser.new_context(java_script_enabled=False).new_page()
            off.goto(url)
            assert off.locator("li[data-talk]").count() == 20_000
            assert off.locator("li[data-talk][hidden]").count() == 0
            assert not off.locator("div.talks-filter").is_visible()
        finally:
            browser.close()


def test_speaker_cards_line_up_with_the_text(tmp_path, served):
    """A speaker card's edge is the text column's edge, as the talk cards' are, on a
    desktop and a phone screen."""
    event = (
        '+++\ntitle = "Aligned"\ndate = 2024-03-01T18:00:00\n[[speakers]]\nname = "Ann Lee"\n'
        'affiliation = "Uni X"\nbio = "Works on graphs."\n+++\nA paragraph of the abstract, long enough.\n'
    )
    built = build(write_project(tmp_path / "src", {"events/a.md": event}))
    base = served(built.outdir)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(base + "talks/a.html")
                card = page.locator(".talks-speaker").bounding_box()
                text = page.get_by_text("A paragraph of the abstract").bounding_box()
                assert card and text and abs(card["x"] - text["x"]) < 1, (width, card, text)
                page.close()
        finally:
            browser.close()


def test_the_filter_controls_stand_in_one_line(tmp_path, served):
    """The filter's text box, lists and button are one height, so their labels stand
    in one line on a wide screen."""
    files = {
        f"events/t{n}.md": f'+++\ntitle = "T{n}"\ndate = 202{n}-03-01T18:00:00\ntags = ["x{n % 2}"]\n'
        f'authors = ["P{n % 2}"]\n+++\nText.\n'
        for n in range(4)
    }
    built = build(write_project(tmp_path / "src", files))
    base = served(built.outdir)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 900})
            page.goto(base + "talks/index.html")
            boxes = page.locator(".talks-filter-form > label:not(.talks-filter-check)")
            tops = [boxes.nth(i).bounding_box()["y"] for i in range(boxes.count())]
            assert len(tops) >= 4 and max(tops) - min(tops) < 1, tops
        finally:
            browser.close()
