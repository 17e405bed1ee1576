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
