"""Identity, names and dates (issue 26, items 3, 4, 7, 21, 22 and 23): one calendar UID
and feed id per talk, speaker lists split only between names, ``lastmod`` read like
``date``, slugs the export's schema accepts, times in a DST gap or across a DST change,
and Jekyll permalinks that end in ``.html``."""

from __future__ import annotations

import json

import feedparser
import icalendar
import jsonschema
from conftest import build, write_project
from sphinx_talks.export import SCHEMA_PATH
from sphinx_talks.sources.common import split_names

SITE = 'html_baseurl = "https://talks.example.org/"\ntalks_timezone = "Europe/Berlin"\n'


def page(title: str, day: int, *more: str) -> str:
    """A YAML-front-matter page dated 2024-03-``day`` 18:00; ``more`` are further lines."""
    lines = [f"title: {title}", f"date: 2024-03-{day:02d}T18:00:00", *more]
    return "---\n" + "\n".join(lines) + "\n---\nAbout it.\n"


def pyvideo(title: str, day: str) -> str:
    return json.dumps({"title": title, "recorded": day, "speakers": ["Mary Major"]}, indent=2)


def uids_of(data: bytes) -> list[str]:
    return [str(e["uid"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


# -- 3: one UID and feed id per talk ---------------------------------------------------------


def test_every_talk_has_its_own_calendar_uid_and_feed_id(tmp_path):
    files = {
        # pyvideo: one file name in two events
        "events/pycon-2012/category.json": json.dumps({"title": "PyCon 2012"}),
        "events/pycon-2012/videos/lightning-talks.json": pyvideo("Lightning talks", "2012-03-10"),
        "events/scipy-2013/category.json": json.dumps({"title": "SciPy 2013"}),
        "events/scipy-2013/videos/lightning-talks.json": pyvideo("Lightning talks", "2013-06-27"),
        # Hugo: one file name in two folders
        "events/2023/talk.md": page("Talk of 2023", 1),
        "events/2024/talk.md": page("Talk of 2024", 2),
        # one uid written twice
        "events/u1.md": page("U1", 3, "uid: shared-talk"),
        "events/u2.md": page("U2", 4, "uid: shared-talk"),
        # an alias naming another talk's slug
        "events/renamed.md": page("Renamed", 5, "aliases: [/events/c/]"),
        "events/c.md": page("C", 6),
    }
    src = write_project(tmp_path / "src", files, SITE)
    built = build(src)
    out = built.outdir / "talks"
    catalog = uids_of((out / "index.ics").read_bytes())
    assert len(catalog) == len(set(catalog)) == 8, catalog
    own = [
        uid
        for path in sorted(out.glob("*.ics"))
        if path.name != "index.ics"
        for uid in uids_of(path.read_bytes())
    ]
    assert sorted(own) == sorted(catalog)  # each talk's own calendar has its UID of the catalog's
    feed = feedparser.parse((out / "index.atom").read_bytes())
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids)) == 8, ids
    exported = [
        t["uid"] for t in json.loads((built.outdir / "talks" / "talks.json").read_text("utf-8"))["talks"]
    ]
    assert len(exported) == len(set(exported)) == 8
    # the repeated uid: a warning at its line in the second file, which gets a UID of its own
    (repeat,) = [w for w in built.warning_lines() if "[talks.duplicate-uid]" in w]
    assert "u2.md:4" in repeat and "u1.md" in repeat, repeat
    # the talk at /events/c/ keeps the UID its own slug gives; the alias does not take it
    again = build(src)
    assert uids_of((again.outdir / "talks" / "index.ics").read_bytes()) == catalog


def test_a_renamed_talk_keeps_its_uid_unless_its_old_name_is_another_talk_s(tmp_path):
    src = write_project(tmp_path / "src", {"events/old.md": page("T", 1)}, SITE)
    (uid,) = uids_of((build(src).outdir / "talks" / "old.ics").read_bytes())
    (src / "events" / "old.md").unlink()
    (src / "events" / "new.md").write_text(page("T", 1, "aliases: [/events/old/]"), "utf-8")
    (renamed,) = uids_of((build(src).outdir / "talks" / "new.ics").read_bytes())
    assert renamed == uid


# -- 4: names -------------------------------------------------------------------------------


def test_a_name_is_never_split_inside():
    assert [n for n, _ in split_names("Santiago Ramón y Cajal")] == ["Santiago Ramón y Cajal"]
    assert [n for n, _ in split_names("John Y. Smith")] == ["John Y. Smith"]
    assert [n for n, _ in split_names("Martin Luther King, Jr.")] == ["Martin Luther King, Jr."]
    assert [n for n, _ in split_names("José Ortega y Gasset & Ana Pérez")] == [
        "José Ortega y Gasset",
        "Ana Pérez",
    ]
    # lists still split
    assert [n for n, _ in split_names("A, B and C")] == ["A", "B", "C"]
    assert [n for n, _ in split_names("A & B")] == ["A", "B"]
    # a list's conjunction after a comma or at its end, CJK separators, "and/or"
    assert [n for n, _ in split_names("Ana Pérez, Ph.D., y Luis Gómez")] == ["Ana Pérez", "Luis Gómez"]
    assert [n for n, _ in split_names("Ana y Luis y")] == ["Ana", "Luis"]
    assert [n for n, _ in split_names("山田太郎、佐藤花子")] == ["山田太郎", "佐藤花子"]
    assert [n for n, _ in split_names("Ann Lee；Bo Chen，Cy Wu")] == ["Ann Lee", "Bo Chen", "Cy Wu"]
    assert [n for n, _ in split_names("Ann Lee and/or Bo Chen")] == ["Ann Lee", "Bo Chen"]
    assert [n for n, _ in split_names("A und B")] == ["A", "B"]
    assert [n for n, _ in split_names("Ana García y Luis Pérez")] == ["Ana García", "Luis Pérez"]
    assert split_names("Jane Doe, PhD, and John Roe") == [("Jane Doe", ("PhD",)), ("John Roe", ())]


def test_speakers_written_in_one_entry_are_split_only_between_names(project):
    files = {
        "events/a.md": page(
            "A", 1, 'speakers: ["Santiago Ramón y Cajal", "John Y. Smith, Martin Luther King, Jr."]'
        ),
    }
    built = project(files)
    names = [
        a.get_text(" ", strip=True)
        for a in built.html("talks/a").select(".talks-speakers a[href*='speakers/']")
    ]
    names = list(dict.fromkeys(n for n in names if n))
    assert names == ["Santiago Ramón y Cajal", "John Y. Smith", "Martin Luther King, Jr."], names


# -- 7: lastmod -----------------------------------------------------------------------------


def test_an_unreadable_lastmod_warns_at_its_line(project):
    built = project({"events/a.md": page("A", 1, "lastmod: next tuesday-ish")})
    (warning,) = [w for w in built.warning_lines() if "lastmod" in w]
    assert "a.md:4" in warning and "[talks.bad-date]" in warning, warning
    assert (built.outdir / "talks" / "a.html").is_file()


# -- 21: slugs without underscores ----------------------------------------------------------


def test_slugs_have_no_underscore_and_the_old_url_still_redirects(tmp_path):
    files = {
        "events/my_talk.md": page("Mine", 1),
        "events/other.md": page("Other", 2, "slug: protein_lms"),
        "course.md": "---\norphan: true\n---\n# Course\n\nSee {talk:talk}`my_talk`.\n",
    }
    src = write_project(tmp_path / "src", files, SITE)
    built = build(src)
    out = built.outdir
    assert (out / "talks" / "my-talk.html").is_file() and (out / "talks" / "protein-lms.html").is_file()
    data = json.loads((out / "talks" / "talks.json").read_text("utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text("utf-8")))
    old = {t["slug"]: t["old_urls"] for t in data["talks"]}
    assert old["my-talk"] == ["/events/my_talk/"] and old["protein-lms"] == ["/events/protein_lms/"], old
    refresh = (out / "events" / "my_talk" / "index.html").read_text("utf-8")
    assert "talks/my-talk.html" in refresh, refresh
    # a reference written with the old slug still finds the talk
    assert built.html("course").select_one("a.reference")["href"] == "talks/my-talk.html"


# -- 22: daylight saving time ---------------------------------------------------------------


def test_a_time_in_a_dst_gap_warns_and_is_read_as_the_time_after_the_change(tmp_path):
    files = {"events/gap.md": "---\ntitle: Gap\ndate: 2024-03-31T02:30:00\n---\nGap.\n"}
    built = build(write_project(tmp_path / "src", files, SITE))
    (warning,) = [w for w in built.warning_lines() if "[talks.dst-gap]" in w]
    assert "gap.md:3" in warning and "02:30" in warning and "03:30" in warning, warning
    meta = built.html("talks/gap").select_one(".talks-meta").get_text(" ")
    assert "03:30 CEST" in meta, meta
    (vevent,) = icalendar.Calendar.from_ical((built.outdir / "talks" / "gap.ics").read_bytes()).walk("VEVENT")
    start = vevent.decoded("dtstart")
    assert (start.hour, start.minute, start.utcoffset().total_seconds()) == (3, 30, 7200)


def test_a_range_across_a_dst_change_names_each_end_s_zone(tmp_path):
    files = {
        "events/night.md": "---\ntitle: Night\ndate: 2024-03-31T01:00:00\n"
        "time_end: 2024-03-31T04:00:00\n---\nNight.\n"
    }
    built = build(write_project(tmp_path / "src", files, SITE))
    meta = built.html("talks/night").select_one(".talks-meta").get_text(" ")
    assert "01:00 CET – 04:00 CEST" in meta, meta
    assert not [w for w in built.warning_lines() if "night.md" in w], built.warnings


# -- 23: Jekyll permalinks ending in .html --------------------------------------------------


def test_a_permalink_s_page_extension_is_not_part_of_the_slug(tmp_path):
    files = {"events/b.md": "---\ntitle: B\ndate: 2024-03-02\npermalink: /talk-b.html\n---\nB.\n"}
    built = build(write_project(tmp_path / "src", files, SITE))
    out = built.outdir
    assert (out / "talks" / "talk-b.html").is_file()
    assert not (out / "talks" / "talk-b-html.html").exists()
    assert "talks/talk-b.html" in (out / "talk-b.html").read_text("utf-8")  # the old URL redirects
