"""Publishing: calendars, feeds, the JSON export, structured data, share cards and
redirects, read back with independent parsers."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
import vobject
from bs4 import BeautifulSoup
from conftest import SEED, build, needs_corpus, write_project

SITE = 'html_baseurl = "https://talks.example.org/"\ntalks_timezone = "Europe/Berlin"\n'


def page(title: str, day: int, **fields: str) -> str:
    extra = "".join(f"{k} = {v}\n" for k, v in fields.items())
    return f'+++\ntitle = "{title}"\ndate = 2024-03-{day:02d}T18:00:00\nspeakers = ["Ann Lee"]\n{extra}+++\nAbout {title}.\n'


def parse_ics(data: bytes) -> tuple[icalendar.Calendar, list]:
    """The calendar read by icalendar and by vobject (both must accept it)."""
    text = data.decode("utf-8")
    return icalendar.Calendar.from_ical(text), list(vobject.readComponents(text))


def redirect_target(outdir: Path, old: str) -> Path:
    """The file the redirect page at the old URL path ``old`` sends the browser to."""
    path = outdir / old.strip("/")
    if old.endswith("/"):
        path = path / "index.html"
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    target = refresh["content"].split("url=", 1)[1]
    resolved = (path.parent / target).resolve()
    return resolved / "index.html" if target.endswith("/") else resolved


@pytest.fixture
def seed(tmp_path):
    if not SEED.is_file():
        pytest.skip("corpus not available")
    src = write_project(tmp_path / "src", {}, conf=SITE)
    shutil.copy(SEED, src / "events" / SEED.name)
    return src


def test_the_seed_talk_is_published_in_every_form(seed):
    built = build(seed)
    out = built.outdir
    assert built.warning_lines() == []
    # the calendar: both parsers, the talk at 18:00 in the configured zone
    cal, (vcal,) = parse_ics((out / "talks" / "auroram-lm.ics").read_bytes())
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(2024, 5, 23, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert [c["tzid"] for c in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert vcal.vevent.dtstart.value.replace(tzinfo=None) == datetime(2024, 5, 23, 18, 0)
    assert vcal.vevent.dtstart.value.utcoffset().total_seconds() == 7200
    assert str(event["url"]) == "https://talks.example.org/talks/auroram-lm.html"
    assert "5PsRbCbpWg8" in str(event["conference"])
    assert "Pretrained language models" in str(event["description"])
    # the feed
    feed = feedparser.parse((out / "talks" / "index.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    assert entry.link == "https://talks.example.org/talks/auroram-lm.html"
    assert entry.title.startswith("Aurora-M")
    # JSON-LD, read by extruct
    import extruct

    html = (out / "talks" / "auroram-lm.html").read_text("utf-8")
    data = extruct.extract(
        html, base_url="https://talks.example.org/talks/auroram-lm.html", syntaxes=["json-ld"]
    )
    nodes = [n for doc in data["json-ld"] for n in doc.get("@graph", [doc])]
    videos = [n for n in nodes if n.get("@type") == "VideoObject"]
    assert len(videos) == 1 and videos[0]["embedUrl"] == "https://www.youtube.com/embed/5PsRbCbpWg8"
    assert videos[0]["uploadDate"].startswith("2024-05-23T18:00")
    # the share card
    soup = BeautifulSoup(html, "html.parser")
    title = soup.find("h1").get_text().rstrip("#¶").strip()
    assert soup.find("meta", property="og:title")["content"] == title
    assert soup.find("meta", property="og:type")["content"] == "video.other"
    assert (
        soup.find("meta", property="og:url")["content"] == "https://talks.example.org/talks/auroram-lm.html"
    )
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    feeds = [link["href"] for link in soup.find_all("link", rel="alternate", type="application/atom+xml")]
    assert feeds == ["index.atom"]
    # the add-to-calendar link and the redirect from the old URL
    link = soup.select_one(".talks-calendar a")
    assert link["href"] == "auroram-lm.ics" and link.has_attr("download")
    assert redirect_target(out, "/events/auroram-lm/") == out / "talks" / "auroram-lm.html"


def test_the_seed_talks_old_url_redirects_on_dirhtml(seed):
    built = build(seed, "dirhtml")
    out = built.outdir
    assert redirect_target(out, "/events/auroram-lm/") == out / "talks" / "auroram-lm" / "index.html"
    soup = BeautifulSoup((out / "talks" / "auroram-lm" / "index.html").read_text("utf-8"), "html.parser")
    assert soup.select_one(".talks-calendar a")["href"] == "../auroram-lm.ics"
    assert (out / "talks" / "auroram-lm.ics").is_file()
    feed = feedparser.parse((out / "talks" / "index.atom").read_bytes())
    assert feed.entries[0].link == "https://talks.example.org/talks/auroram-lm/"


def test_the_export_follows_its_schema(project):
    import jsonschema
    from sphinx_talks.export import SCHEMA_PATH

    built = project(
        {
            "events/a.md": page("A", 1, tags='["NLP"]', event='"Lab seminar"', location='"Room 1, Berlin"'),
            "events/b.md": "---\ntitle: B\ndate: 2024-04-02\nspeakers: [Bo Chen]\n---\nAll day.\n",
            "events/c.md": '+++\ntitle = "C undated"\n+++\nNo date.\n',
        },
        SITE,
    )
    data = json.loads((built.outdir / "talks" / "talks.json").read_text("utf-8"))
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    talks = {t["slug"]: t for t in data["talks"]}
    assert talks["a"]["tags"] == ["nlp"] and talks["a"]["series"] == "Lab seminar"
    assert talks["b"]["all_day"] is True and talks["c"]["calendar"] is None
    assert [s["slug"] for s in data["speakers"]] == ["ann-lee", "bo-chen"]
    assert data["series"] == [{"key": "lab-seminar", "name": "Lab seminar", "talks": ["a"]}]
    # a document that breaks the schema is refused (the check can fail)
    data["talks"][0]["start"] = 5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_calendars_per_speaker_tag_and_series_and_all_day_talks(project):
    built = project(
        {
            "events/a.md": page("A", 1, tags='["NLP"]', event='"Lab seminar"', location='"Room 1, Berlin"'),
            "events/b.md": "---\ntitle: B\ndate: 2024-04-02\nspeakers: [Bo Chen]\ntags: [NLP]\n---\nAll day.\n",
            "events/x.md": page("Cancelled Event. X", 5, lastmod="2024-02-01T10:00:00Z"),
        },
        SITE,
    )
    out = built.outdir / "talks"
    for name, count in [("index", 3), ("speakers/ann-lee", 2), ("tags/nlp", 2), ("series/lab-seminar", 1)]:
        cal, _ = parse_ics((out / f"{name}.ics").read_bytes())
        assert len(cal.walk("VEVENT")) == count, name
        feed = feedparser.parse((out / f"{name}.atom").read_bytes())
        assert not feed.bozo and len(feed.entries) == count, name
    (b,) = parse_ics((out / "b.ics").read_bytes())[0].walk("VEVENT")
    assert b["dtstart"].params.get("VALUE") == "DATE" and str(b.decoded("dtend")) == "2024-04-03"
    (x,) = parse_ics((out / "x.ics").read_bytes())[0].walk("VEVENT")
    assert x["status"] == "CANCELLED"
    assert (
        x.decoded("last-modified")
        == x.decoded("dtstamp")
        == datetime.fromisoformat("2024-02-01T10:00:00+00:00")
    )
    (a,) = parse_ics((out / "a.ics").read_bytes())[0].walk("VEVENT")
    assert str(a["location"]) == "Room 1, Berlin"
    # Event JSON-LD for the talk with a place, with its series
    soup = BeautifulSoup((out / "a.html").read_text("utf-8"), "html.parser")
    (script,) = soup.find_all("script", type="application/ld+json")
    (event,) = json.loads(script.string)["@graph"]
    assert event["@type"] == "Event" and event["superEvent"]["name"] == "Lab seminar"
    assert event["performer"][0]["name"] == "Ann Lee"
    speaker = BeautifulSoup((out / "speakers" / "ann-lee.html").read_text("utf-8"), "html.parser")
    feeds = [link["href"] for link in speaker.find_all("link", rel="alternate", type="application/atom+xml")]
    assert feeds == ["../index.atom", "ann-lee.atom"]
    (profile,) = json.loads(speaker.find("script", type="application/ld+json").string)["@graph"]
    assert profile["@type"] == "ProfilePage" and profile["mainEntity"]["name"] == "Ann Lee"


def test_a_uid_survives_a_rename_through_aliases(tmp_path):
    src = write_project(tmp_path / "src", {"events/old-name.md": page("T", 1)}, SITE)
    first = build(src)
    (uid,) = [
        e["uid"] for e in parse_ics((first.outdir / "talks" / "old-name.ics").read_bytes())[0].walk("VEVENT")
    ]
    (src / "events" / "old-name.md").unlink()
    (src / "events" / "new-name.md").write_text(page("T", 1, aliases='["/events/old-name/"]'), "utf-8")
    again = build(src)
    (renamed,) = parse_ics((again.outdir / "talks" / "new-name.ics").read_bytes())[0].walk("VEVENT")
    assert renamed["uid"] == uid
    assert not (again.outdir / "talks" / "old-name.ics").exists()  # the stale calendar is gone
    assert redirect_target(again.outdir, "/events/old-name/") == again.outdir / "talks" / "new-name.html"


def test_old_urls_of_every_kind_redirect_and_can_be_turned_off(tmp_path):
    files = {
        "events/a.md": page("A", 1, url='"/events/first-talk"', aliases='["/old/a.html", "/x/../etc/"]'),
        "events/b.md": "---\ntitle: B\ndate: 2024-03-02\npermalink: /talks/2024-b/\n---\nB.\n",
        "events/c.md": page("C", 3),
        "speakers.yml": "- name: Ann Lee\n  aliases: [Ann L.]\n",
    }
    src = write_project(tmp_path / "src", files, SITE + 'talks_speakers = "speakers.yml"\n')
    built = build(src)
    out = built.outdir
    # url and permalink also name the page (their last segment is the slug)
    assert redirect_target(out, "/events/first-talk/") == out / "talks" / "first-talk.html"
    assert redirect_target(out, "/old/a.html") == out / "talks" / "first-talk.html"
    assert redirect_target(out, "/talks/2024-b/") == out / "talks" / "2024-b.html"
    assert redirect_target(out, "/events/c/") == out / "talks" / "c.html"  # the URL Hugo gave it
    assert redirect_target(out, "/talks/speakers/ann-l.html") == out / "talks" / "speakers" / "ann-lee.html"
    assert any("/x/../etc/" in w and "[talks.bad-url]" in w for w in built.warning_lines()), built.warnings
    assert not (out / "etc").exists()
    off = build(src, talks_redirects=False)
    assert not (off.outdir / "events").exists() and not (off.outdir / "old").exists()


def test_script_in_a_title_stays_text_in_every_output(project):
    evil = "</script><script>alert(1)</script> & <b>bold</b>"
    built = project({"events/evil.md": page(evil.replace('"', '\\"'), 1, youtube='"5PsRbCbpWg8"')}, SITE)
    out = built.outdir / "talks"
    for name in ("evil.html", "index.html", "speakers/ann-lee.html"):
        soup = BeautifulSoup((out / name).read_text("utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert(1)" not in (script.string or "") or script.get("type") == "application/ld+json", (
                name
            )
        assert not soup.find_all("b", string="bold"), name
    soup = BeautifulSoup((out / "evil.html").read_text("utf-8"), "html.parser")
    (script,) = soup.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["@graph"][0]["name"] == evil
    assert soup.find("meta", property="og:title")["content"] == evil
    (event,) = parse_ics((out / "evil.ics").read_bytes())[0].walk("VEVENT")
    assert str(event["summary"]) == evil
    assert feedparser.parse((out / "index.atom").read_bytes()).entries[0].title == evil
    assert json.loads((out / "talks.json").read_text("utf-8"))["talks"][0]["title"] == evil


@pytest.mark.parametrize("builder", ["text", "latex", "singlehtml", "epub"])
def test_other_builders_publish_nothing(builder, tmp_path):
    from conftest import build as build_

    conf = SITE + 'project = "T"\ncopyright = "2024"\nauthor = "A"\nversion = "1"\n'  # EPUB needs them
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1, url='"/events/a-old"')}, conf)
    built = build_(src, builder)
    assert built.warning_lines() == []
    made = [
        p.name for p in built.outdir.rglob("*") if p.suffix in (".ics", ".atom") or p.name == "talks.json"
    ]
    assert made == [] and not (built.outdir / "events").exists()


def test_the_sitemap_lists_every_page_after_an_incremental_build(tmp_path):
    conf = SITE + 'extensions = ["sphinx_talks", "sphinx_sitemap"]\nsitemap_url_scheme = "{link}"\n'
    src = write_project(tmp_path / "src", {f"events/t{k}.md": page(f"T{k}", k + 1) for k in range(3)}, conf)

    def listed(built) -> list[str]:
        soup = BeautifulSoup((built.outdir / "sitemap.xml").read_text("utf-8"), "xml")
        return [loc.get_text() for loc in soup.find_all("loc")]

    clean = listed(build(src))
    assert "https://talks.example.org/talks/t1.html" in clean and clean == sorted(clean)
    (src / "events" / "t1.md").write_text(page("T1 renamed", 2), "utf-8")
    assert listed(build(src)) == clean  # only t1's pages were written


@needs_corpus
def test_every_corpus_talk_publishes_parsable_calendars_and_json_ld_and_redirects(tmp_path):
    from conftest import CORPUS
    from sphinx_talks.publish import MANIFEST

    sites = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    problems: list[str] = []
    counted = {"calendars": 0, "old URLs": 0, "talks": 0}
    for site in sites:
        outputs = []
        for run in range(2):
            src = write_project(tmp_path / f"{site.name}-{run}", {}, SITE)
            (src / "conf.py").write_text(
                f'extensions = ["sphinx_talks"]\ntalks_source = {str(site)!r}\n' + SITE, "utf-8"
            )
            built = build(src)
            out = built.outdir
            published = json.loads((out / MANIFEST).read_text("utf-8"))
            outputs.append({n: (out / n).read_bytes() for n in published})
        data = json.loads(outputs[0]["talks/talks.json"])
        claims: dict[str, list[Path]] = {}  # old URL: the pages of the talks declaring it
        for talk in data["talks"]:
            page_file = (out / talk["path"]).resolve()
            soup = BeautifulSoup(page_file.read_text("utf-8"), "html.parser")
            for script in soup.find_all("script", type="application/ld+json"):
                json.loads(script.string)
            if talk["calendar"]:
                counted["calendars"] += 1
                cal, parsed = parse_ics(outputs[0][talk["calendar"]])
                if len(cal.walk("VEVENT")) != 1 or len(parsed) != 1:
                    problems.append(f"{site.name}: {talk['calendar']}")
            for old in talk["old_urls"]:
                if old.endswith(("/", ".html")):  # other files are no HTML page: a notice says so
                    claims.setdefault(old, []).append(page_file)
        counted["talks"] += len(data["talks"])
        counted["old URLs"] += len(claims)
        for old, pages in claims.items():
            file = out / old.strip("/") / "index.html" if old.endswith("/") else out / old.strip("/")
            if file.resolve() in pages:
                continue  # the old URL is the new page
            if not file.is_file():
                problems.append(f"{site.name}: {old} does not redirect")
                continue
            target = redirect_target(out, old)
            named = [p for p in pages if p.stem == old.rstrip("/").rsplit("/", 1)[-1]]
            if target not in (named or pages):  # two talks claiming one URL: the one named after it
                problems.append(f"{site.name}: {old} redirects to {target}, not to one of {pages}")
        differ = sorted(n for n in outputs[0] if outputs[0][n] != outputs[1].get(n))
        if differ:
            problems.append(f"{site.name}: two clean builds differ in {differ[:5]}")
    assert problems == [], "\n".join(problems)
    assert counted["talks"] > 500 and counted["calendars"] > 500 and counted["old URLs"] > 500, counted


@pytest.mark.parametrize("builder", ["json", "pickle"])
def test_the_serializing_builders_build(builder, tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1, youtube='"5PsRbCbpWg8"')}, SITE)
    built = build(src, builder)
    assert built.warning_lines() == []
    assert (built.outdir / "talks" / f"a.f{builder}").is_file()


def test_calendars_are_the_bytes_icalendar_writes(project):
    """Each talk's VEVENT is serialised once per build and each VTIMEZONE once per zone
    and span: every calendar is still byte for byte what icalendar writes when it is
    given the events and adds the missing time zones itself."""
    from sphinx_talks import ical
    from sphinx_talks.publish import catalog_of, groups

    def page(title: str, date: str, tz: str = "", tags: str = '"x"') -> str:
        zone = f'timezone = "{tz}"\n' if tz else ""
        return f'+++\ntitle = "{title}"\ndate = {date}\n{zone}tags = [{tags}]\nauthors = ["Ada Lovelace"]\n+++\nAbout.\n'

    built = project(
        {
            "events/berlin.md": page("Berlin", "2023-05-01T18:00:00", "Europe/Berlin"),
            "events/ny.md": page("New York", "2024-11-03T01:30:00", "America/New_York"),
            "events/kolkata.md": page("Kolkata", "2019-01-01T09:00:00", "Asia/Kolkata", '"x", "y"'),
            "events/offset.md": page("Offset", "2022-02-02T10:00:00+05:45"),
            "events/day.md": page("Day", "2021-07-07"),
            "events/utc.md": page("UTC", "2020-03-03T12:00:00Z"),
        },
        'html_baseurl = "https://talks.example.org/"\n',
    )
    app = built.app
    catalog = catalog_of(app)
    checked = 0
    for stem, title, _docname, talks in groups(catalog):
        reference = icalendar.Calendar()
        for key, value in (("prodid", ical.PRODID), ("version", "2.0"), ("calscale", "GREGORIAN")):
            reference.add(key, value)
        reference.add("name", ical.one_line(title))
        reference.add("x-wr-calname", ical.one_line(title))
        dated = sorted((t for t in talks if t.start), key=lambda t: (t.start, t.slug))
        for talk in dated:
            reference.add_component(ical.event(app, catalog, talk))
        years = [t.start.year for t in dated]
        reference.add_missing_timezones(
            first_date=datetime(min(years) - 1, 1, 1).date(),
            last_date=datetime(max(years) + 1, 12, 31).date(),
        )
        written = (built.outdir / f"{stem}.ics").read_bytes()
        # icalendar adds missing zones in set order (it varies with the hash seed); ours
        # come sorted by TZID, so that two builds write the same bytes
        zones = re.compile(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", re.DOTALL)
        ours, theirs = zones.findall(written), zones.findall(reference.to_ical())
        assert ours == sorted(theirs, key=lambda z: re.search(rb"TZID:(.*?)\r\n", z).group(1)), stem
        assert zones.sub(b"", written) == zones.sub(b"", reference.to_ical()), stem
        checked += 1
    assert checked == 4  # the catalog, the speaker, the two tags
    whole = (built.outdir / "talks" / "index.ics").read_bytes()
    assert whole.count(b"BEGIN:VTIMEZONE") == 3 and whole.count(b"BEGIN:VEVENT") == 6


def test_a_rebuild_with_nothing_changed_makes_no_calendar_or_feed_again(tmp_path, monkeypatch):
    from sphinx_talks import publish

    calls: list[int] = []
    real = publish.published_files

    def counted(app, catalog):
        calls.append(1)
        return real(app, catalog)

    monkeypatch.setattr(publish, "published_files", counted)
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1), "events/b.md": page("B", 2)}, SITE)
    out = build(src).outdir / "talks"
    assert len(calls) == 1
    ics = out / "a.ics"
    made = ics.read_bytes()
    build(src)
    assert len(calls) == 1 and ics.read_bytes() == made  # nothing changed: nothing made again
    ics.unlink()
    build(src)
    assert len(calls) == 2 and ics.read_bytes() == made  # a published file is missing: made again
    (src / "events" / "b.md").write_text(page("B renamed", 2), "utf-8")
    build(src)
    assert len(calls) == 3 and "B renamed" in (out / "index.ics").read_text("utf-8")
    assert "B renamed" in (out / "index.atom").read_text("utf-8")


def test_a_speaker_page_is_described_by_the_person(project):
    """A speaker page's description (and share card) names the person and their
    affiliation, then gives the bio as plain text; without a bio, "Talks by …" —
    not the page's first words run together (card lines, navigation)."""
    with_bio = (
        '+++\ntitle = "A"\ndate = 2024-03-01T18:00:00\n[[speakers]]\nname = "Marta Kowalczyk"\n'
        'affiliation = "Ferrous Widgets"\nhomepage = "https://marta.example.org"\n'
        'bio = "Marta builds *embedded* tools."\n+++\nBody of A.\n'
    )
    without = '+++\ntitle = "B"\ndate = 2024-03-02T18:00:00\nauthors = ["Jonas Brandt"]\n+++\nBody of B.\n'
    built = project({"events/a.md": with_bio, "events/b.md": without})
    assert not built.warning_lines()
    for slug, expected in [
        ("marta-kowalczyk", "Marta Kowalczyk, Ferrous Widgets: Marta builds *embedded* tools."),
        ("jonas-brandt", "Talks by Jonas Brandt"),
    ]:
        page = built.html(f"talks/speakers/{slug}")
        assert page.find("meta", attrs={"name": "description"})["content"] == expected
        assert page.find("meta", property="og:description")["content"] == expected


def test_a_lead_taken_from_the_body_is_cut_like_any_other(tmp_path):
    """A talk with neither summary nor abstract is described by its body's first
    paragraph, cut at a word before 300 characters, in its calendar entry, its feed
    entry and its page's description (a long paragraph is not copied whole)."""
    words = " ".join(f"word{i}" for i in range(200))  # about 1,400 characters
    src = write_project(
        tmp_path / "src",
        {"events/long.md": f'+++\ntitle = "Long"\ndate = 2024-03-05T18:00:00\n+++\n## Abstract\n\n{words}\n'},
        conf=SITE,
    )
    out = build(src).outdir
    cal, _ = parse_ics((out / "talks" / "long.ics").read_bytes())
    (event,) = cal.walk("VEVENT")
    lead = str(event["description"]).split("\n\n")[0]
    assert lead.startswith("word0 word1 ") and lead.endswith("…") and len(lead) <= 301
    (entry,) = feedparser.parse((out / "talks" / "index.atom").read_bytes()).entries
    assert entry.summary == lead
    page = BeautifulSoup((out / "talks" / "long.html").read_text("utf-8"), "html.parser")
    assert page.find("meta", attrs={"name": "description"})["content"] == lead


def test_a_theme_keeping_its_own_sitemap_list_builds(tmp_path, monkeypatch):
    """sphinx-immaterial keeps its own sitemap under ``app.sitemap_links`` (a list, not
    sphinx-sitemap's queue): every build with it had crashed in ``complete_sitemap``.
    The sitemap is completed only when sphinx-sitemap is the extension loaded."""
    theme = tmp_path / "ext" / "own_sitemap.py"
    theme.parent.mkdir(parents=True)
    theme.write_text(
        "def setup(app):\n"
        "    app.connect('builder-inited', lambda app: setattr(app, 'sitemap_links', []))\n"
        "    return {'parallel_read_safe': True}\n",
        "utf-8",
    )
    monkeypatch.syspath_prepend(str(theme.parent))
    conf = SITE + 'extensions = ["sphinx_talks", "own_sitemap"]\n'
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 5)}, conf=conf)
    built = build(src)
    assert (built.outdir / "talks" / "a.html").is_file()
    assert built.warning_lines() == []
