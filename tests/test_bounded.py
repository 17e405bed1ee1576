"""Bounded work (issue 26, faults 8 and 9): fetched posters have a total deadline, a
size cap, public addresses only and cached failures; output grows linearly with the
talks and people that share a speaker or tag, and calendars' zones stay small."""

from __future__ import annotations

import functools
import http.server
import ipaddress
import json
import os
import threading
import time

from conftest import PNG, build, write_project

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


def _poster_server(asked: list[str]):
    """A local host: ``/ok`` a PNG, ``/trickle`` a PNG one byte every 50 ms for 10 s,
    ``/huge`` 50,000 bytes without a length, ``/redirect`` to a private address."""

    class Host(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the base class's name
            asked.append(self.path)
            if self.path == "/redirect":  # to a private address: checked again, refused
                self.send_response(302)
                self.send_header("Location", "http://10.0.0.1/poster.png")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            try:
                if self.path == "/trickle":
                    for byte in (PNG * 200)[:200]:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.05)
                elif self.path == "/huge":
                    self.wfile.write(PNG + b"\0" * 50_000)
                else:
                    self.wfile.write(PNG)
            except OSError:
                pass  # the client went away: what the deadline is for

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _poster_files(base: str) -> dict[str, str]:
    """Four pyvideo talks whose thumbnails are ``/ok``, ``/trickle``, ``/huge`` and
    ``/redirect``."""
    files = {}
    for i, name in enumerate(("ok", "trickle", "huge", "redirect")):
        talk = {
            "title": name.title(),
            "recorded": f"2021-05-0{i + 1}",
            "thumbnail_url": f"{base}/{name}",
            "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=9bZkp7q19f0"}],
        }
        files[f"events/videos/{name}.json"] = json.dumps(talk)
    return files


def test_public_address_refuses_loopback_private_link_local_and_reserved():
    from sphinx_talks.posters import public_address

    refused = ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0"]
    refused += ["::1", "::ffff:127.0.0.1", "fe80::1%eth0", "fd00::1", "224.0.0.1", "240.0.0.1"]
    assert [a for a in refused if public_address(a)] == []
    assert public_address("93.184.215.14") and public_address("2606:2800:21f:cb07:6820:80da:af6b:8b2c")


def test_poster_fetch_has_a_deadline_a_cap_no_loopback_and_cached_failures(tmp_path, monkeypatch):
    from sphinx_talks import posters

    asked: list[str] = []
    server, base = _poster_server(asked)
    try:
        # without the test's allowance, 127.0.0.1 is refused before anything is sent
        plain = build(
            write_project(tmp_path / "plain", _poster_files(base)), verbosity=1, talks_video_posters="fetch"
        )
        assert asked == []
        assert plain.status.count("is at 127.0.0.1, not a public address") == 4
        lines = [line for line in plain.status.splitlines() if "not a public address" in line]
        assert sorted(line.split("/events/videos/")[1].split(":")[0] for line in lines) == [
            "huge.json",
            "ok.json",
            "redirect.json",
            "trickle.json",
        ]

        monkeypatch.setattr(posters, "ALLOWED_NETWORKS", LOOPBACK, raising=False)
        monkeypatch.setattr(posters, "DEADLINE", 1.0, raising=False)
        monkeypatch.setattr(posters, "MAX_BYTES", 20_000)
        src = write_project(tmp_path / "src", _poster_files(base))
        began = time.monotonic()
        built = build(src, verbosity=1, talks_video_posters="fetch")
        took = time.monotonic() - began
        assert took < 8, f"the build took {took:.1f} s: the trickle was not cut off"
        assert sorted(asked) == ["/huge", "/ok", "/redirect", "/trickle"]
        assert f"{base}/trickle took longer than 1 s" in built.status
        assert f"{base}/huge is larger than 20000 bytes" in built.status
        assert "10.0.0.1 is at 10.0.0.1, not a public address" in built.status
        assert built.html("talks/ok").select("img.talks-player-poster")

        again = build(src, verbosity=1, talks_video_posters="fetch")  # failures are cached: nobody is asked
        assert len(asked) == 4
        assert again.status.count("an earlier build's failure") == 3

        cache = built.app.doctreedir / "talks-posters"
        failures = sorted(cache.glob("*.failed"))
        assert len(failures) == 3
        old = time.time() - posters.RETRY_AFTER - 60
        for path in failures:
            os.utime(path, (old, old))
        build(src, talks_video_posters="fetch")  # a day later they are asked again
        assert sorted(asked[4:]) == ["/huge", "/redirect", "/trickle"]
    finally:
        server.shutdown()


def test_a_calendar_spanning_ten_thousand_years_has_a_small_vtimezone_with_right_times(project):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import icalendar

    when = {"a": "0003-03-01T18:00:00", "b": "9997-07-01T18:00:00", "c": "2024-10-27T02:30:00"}
    files = {
        f"events/{slug}.md": f'+++\ntitle = "{slug}"\ndate = {start}\ntimezone = "Europe/Berlin"\n'
        f'tags = ["far"]\n+++\nx\n'
        for slug, start in when.items()
    }
    built = project(files)
    berlin = ZoneInfo("Europe/Berlin")
    calendars = [built.outdir / "talks" / "index.ics", built.outdir / "talks" / "tags" / "far.ics"]
    calendars += [built.outdir / "talks" / f"{slug}.ics" for slug in when]
    for path in calendars:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        (zone,) = cal.walk("VTIMEZONE")
        assert len(zone.to_ical()) < 10_000, f"{path.name}: a VTIMEZONE of {len(zone.to_ical())} bytes"
        own = zone.to_tz(lookup_tzid=False)  # the offsets this file itself states
        events = cal.walk("VEVENT")
        assert events
        for item in events:
            wall = item["DTSTART"].dt.replace(tzinfo=None)
            slug = str(item["URL"] if "URL" in item else item["SUMMARY"]).rsplit("/", 1)[-1]
            assert wall == datetime.fromisoformat(when[slug]), path.name
            assert wall.replace(tzinfo=own).utcoffset() == wall.replace(tzinfo=berlin).utcoffset(), (
                f"{path.name}: {slug} at {wall}"
            )


def _shared(tmp_path, name: str, talks: int, people: int) -> dict[str, int]:
    """Build ``talks`` talks that all have the same ``people`` speakers and ``people``
    tags; the size in bytes of each output file (not Sphinx's own static files), and
    the build as ``"built"``."""
    names = ", ".join(f'"Person{j} Surname{j}"' for j in range(people))
    tags = ", ".join(f'"topic{j}"' for j in range(people))
    files = {
        f"events/t{i}.md": f'+++\ntitle = "Talk {i}"\ndate = 2020-03-01T{i % 24:02d}:00:00+01:00\n'
        f"speakers = [{names}]\ntags = [{tags}]\n+++\nAbout talk {i}.\n"
        for i in range(talks)
    }
    built = build(write_project(tmp_path / name, files))
    assert built.warning_lines() == []
    sizes = {
        str(path.relative_to(built.outdir)): path.stat().st_size
        for path in built.outdir.rglob("*")
        if path.is_file() and path.relative_to(built.outdir).parts[0] not in ("_static", "_sources")
    }
    return {**sizes, "built": built}


def _per_kind(sizes: dict[str, int]) -> dict[str, int]:
    """The largest file of each kind: a talk page, a speaker's or tag's page, feed and
    calendar (``talks/speakers/*.html`` → ``speakers/.html``)."""
    largest: dict[str, int] = {}
    for name, size in sizes.items():
        if name == "built":
            continue
        parts = name.split("/")
        if len(parts) == 3 and parts[1] in ("speakers", "tags") and "index" not in parts[2]:
            kind = parts[1] + "/" + parts[2].rsplit(".", 1)[-1]
        elif len(parts) == 2 and parts[1].startswith("t") and parts[1][1].isdigit():
            kind = "talk/" + parts[1].rsplit(".", 1)[-1]
        else:
            continue
        largest[kind] = max(largest.get(kind, 0), size)
    return largest


def test_each_page_feed_and_calendar_of_a_shared_speaker_or_tag_stays_bounded(tmp_path):
    """Two talks sharing 30 speakers and 30 tags instead of 10: each speaker's and tag's
    page, feed and calendar may grow by a constant, not by the 20 more names of each
    talk it lists (that is N² in all)."""
    import icalendar

    shared = _shared(tmp_path, "many", 2, 30)
    few, many = _per_kind(_shared(tmp_path, "few", 2, 10)), _per_kind(shared)
    assert set(few) >= {"speakers/html", "speakers/atom", "speakers/ics", "tags/html", "tags/atom"}
    grown = {kind: many[kind] - few[kind] for kind in few if not kind.startswith("talk/")}
    assert {kind: size for kind, size in grown.items() if size > 600} == {}
    # a list names the first speakers and how many more; the talk's page names them all
    built = shared["built"]
    (row,) = {
        li.select_one(".talks-people").get_text()
        for li in built.html("talks/tags/topic29").select("li[data-talk]")
    }
    assert row.startswith("Person0 Surname0, Person1 Surname1") and row.endswith(" and 22 more")
    page = built.html("talks/t0").get_text()
    assert all(f"Person{j} Surname{j}" in page for j in range(30))
    event = icalendar.Calendar.from_ical((built.outdir / "talks" / "t0.ics").read_bytes()).walk("VEVENT")[0]
    described = str(event["DESCRIPTION"])
    assert "Speakers: Person0 Surname0, " in described and described.endswith(" and 22 more")
    assert len(event["CATEGORIES"].cats) == 8


def test_talk_pages_stay_the_same_size_however_many_talks_share_a_speaker(tmp_path):
    """30 talks by one speaker with one tag instead of 10: a talk's page, calendar and
    its entry in talks.json do not grow (no list of the other 29 talks on each)."""
    few, many = _shared(tmp_path, "few", 10, 1), _shared(tmp_path, "many", 30, 1)
    for kind in ("html", "ics"):
        assert many[f"talks/t0.{kind}"] - few[f"talks/t0.{kind}"] < 200, kind
    assert many["talks/talks.json"] / 30 < few["talks/talks.json"] / 10 + 200


def test_the_shared_benchmark_runs(tmp_path):
    """``python -m benchmarks.shared`` (untimed, N = 3): it cannot rot unnoticed, and
    its projects build without a warning."""
    from benchmarks.shared import VARIANTS, run, write_project

    for variant in VARIANTS:
        assert build(write_project(tmp_path / f"w{variant}", variant, 3)).warning_lines() == []
    results = run([3], list(VARIANTS), tmp_path / "runs")
    for variant in VARIANTS:
        entry = results[variant]["3"]
        assert entry["talks bytes"] > 0 and entry["bytes"] > entry["talks bytes"] and entry["seconds"] > 0
