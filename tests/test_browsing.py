"""Browsing the catalog: click-to-load videos (issue 13)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import PNG, build, players, write_project

TALK = (
    '+++\ntitle = "Fast <b>parsers</b>"\ndate = 2024-03-01T18:00:00\nimage = "poster.png"\n'
    'youtube = "https://youtu.be/dQw4w9WgXcQ?t=95"\nvimeo = "https://vimeo.com/76979871"\n+++\nText.\n'
)


def talk_project(tmp_path):
    return write_project(tmp_path / "src", {"events/fast/index.md": TALK, "events/fast/poster.png": PNG})


def test_videos_load_only_when_played(tmp_path):
    built = build(talk_project(tmp_path))
    assert built.warning_lines() == []
    page = built.html("talks/fast")
    assert page.find_all("iframe") == []  # nothing from a video host before the click
    first, second = page.select("a.talks-player")
    assert first["data-src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=95&autoplay=1"
    assert first["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=95s"  # no script: the video's page
    assert second["data-src"] == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    assert second["href"] == "https://vimeo.com/76979871"
    # each iframe gets a title of its own, the talk's title as text
    assert [a["data-title"] for a in (first, second)] == [
        "Video: Fast <b>parsers</b>",
        "Video 2: Fast <b>parsers</b>",
    ]
    assert first.select_one(".talks-player-title").get_text() == "Fast <b>parsers</b>"
    assert first.select_one(".talks-player-host").get_text() == "YouTube" and first["role"] == "button"
    # the talk's picture is the first player's poster, and shown once
    (poster,) = page.select("img.talks-player-poster")
    assert poster.find_parent("a") is first and poster["loading"] == "lazy" and poster["alt"] == ""
    assert (built.outdir / "talks" / poster["src"]).resolve().is_file()
    assert page.select("img.talks-banner") == []
    assert any("_static/sphinx-talks.js" in s.get("src", "") for s in page.find_all("script"))
    assert (built.outdir / "_static" / "sphinx-talks.js").is_file()


def test_iframe_and_link_modes_and_other_builders(tmp_path):
    src = talk_project(tmp_path)
    iframe = build(src, talks_video_embed="iframe").html("talks/fast")
    assert iframe.select("a.talks-player") == [] and iframe.select("img.talks-banner")
    assert players(iframe) == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=95",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ]
    link = build(src, talks_video_embed="link").html("talks/fast")
    assert players(link) == [] and link.select("a.talks-player") == []
    hrefs = [a["href"] for a in link.find_all("a", href=True)]
    assert (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=95s" in hrefs and "https://vimeo.com/76979871" in hrefs
    )
    text = build(src, "text")
    assert text.warning_lines() == []
    assert "Video: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=95s" in (
        text.outdir / "talks" / "fast.txt"
    ).read_text("utf-8")


def test_a_bad_embed_mode_is_a_located_warning(tmp_path):
    src = talk_project(tmp_path)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text("utf-8") + 'talks_video_embed = "autoplay"\n', "utf-8"
    )
    built = build(src)
    (warning,) = built.warning_lines()
    assert "conf.py:3" in warning and "talks_video_embed" in warning and "[talks.config]" in warning
    assert len(built.html("talks/fast").select("a.talks-player")) == 2  # the default: click


def catalog_files() -> dict[str, str | bytes]:
    return {
        "events/a/index.md": (
            '+++\ntitle = "Alpha"\ndate = 2024-03-01T18:00:00\nimage = "poster.png"\nspeakers = ["Ann Lee"]\n'
            'tags = ["NLP", "</script>x"]\nevent = "Lab seminar"\nlanguage = "DE"\nyoutube = "dQw4w9WgXcQ"\n'
            '[[links]]\nname = "Slides"\nurl = "https://example.org/a.pdf"\n+++\nA.\n'
        ),
        "events/a/poster.png": PNG,
        "events/b.md": "---\ntitle: Beta\ndate: 2023-05-02\nspeakers: [Bo Chen]\ntags: [NLP]\nevent: Lab seminar\n---\nB.\n",
        "events/c.md": "---\ntitle: Gamma\ndate: 2022-01-02\nspeakers: [Cy Dee]\n---\nC.\n",
        "speakers.yml": "- name: Cy Dee\n  photo: https://example.org/cy.jpg\n",
    }


def test_lists_show_pictures_marks_and_facets(tmp_path):
    src = write_project(tmp_path / "src", catalog_files(), 'talks_speakers = "speakers.yml"\n')
    built = build(src)
    assert built.warning_lines() == []
    index = built.html("talks/index")
    items = {li.select_one("a.reference").get_text(): li for li in index.select("ul.talks-list-cards > li")}
    assert list(items) == ["Alpha", "Beta", "Gamma"]
    a, b, c = items.values()
    # the talk's own picture, copied with the pages' images, lazy and sized
    img = a.select_one("a.talks-card-picture img")
    assert (built.outdir / "talks" / img["src"]).resolve().is_file()
    assert img["loading"] == "lazy" and img["width"] == "320" and img["height"] == "180"
    assert b.select_one(".talks-card-initials").get_text() == "BC"  # no picture: the initials
    assert c.select_one("img")["src"] == "https://example.org/cy.jpg"  # the speaker's photo
    assert [m.get_text() for m in a.select(".talks-mark")] == ["Video", "Slides"] and not b.select(
        ".talks-mark"
    )
    assert a["data-year"] == "2024" and a["data-date"] == "2024-03-01" and a["data-lang"] == "de"
    assert a["data-tags"].split() == ["nlp", "script-x"] and a["data-series"] == "lab-seminar"
    assert a.has_attr("data-video") and a.has_attr("data-slides") and not b.has_attr("data-video")
    assert b["data-speakers"] == "bo-chen" and not c.has_attr("data-series")
    # year, speaker, tag and series pages show cards too
    for page in ("years/2024", "speakers/ann-lee", "tags/nlp", "series/lab-seminar"):
        assert built.html(f"talks/{page}").select("ul.talks-list-cards a.talks-card-picture img"), page


def test_generated_pages_carry_no_front_matter_and_are_orphans(tmp_path):
    """Talk, speaker, tag and series pages are in no toctree: the directive opening each
    marks it an orphan, as ``orphan: true`` front matter did (front matter costs MyST a
    YAML parse and a configuration copy per page).  Only the catalog's own pages: a
    project's page is still warned about."""
    files = catalog_files()
    files["mine.md"] = "# Mine\n\n```{talk:label} my-label\n:orphan:\n```\n\n{talk:talk}`a`\n"
    built = build(write_project(tmp_path / "src", files))
    toctree = [line for line in built.warning_lines() if "toctree" in line]
    assert len(toctree) == 1 and "mine" in toctree[0], built.warning_lines()
    metadata = built.app.env.metadata
    orphans = {d for d in built.app.env.found_docs if metadata[d].get("orphan")}
    assert orphans == {
        "talks/a",
        "talks/b",
        "talks/c",
        *(f"talks/speakers/{s}" for s in ("ann-lee", "bo-chen", "cy-dee")),
        *(f"talks/tags/{t}" for t in ("nlp", "script-x")),
        "talks/series/lab-seminar",
    }, orphans
    for docname in orphans:
        assert not (built.srcdir / f"{docname}.md").read_text("utf-8").startswith("---"), docname
    assert "talks-list-cards" in str(built.html("talks/series/lab-seminar"))


def test_series_pages_and_the_series_option(tmp_path):
    files = catalog_files()
    files["list.md"] = "---\norphan: true\n---\n# L\n\n```{talk-list}\n:series: Lab seminar\n```\n"
    built = build(write_project(tmp_path / "src", files))
    series = built.html("talks/series/index")
    assert [a.get_text() for a in series.select("[role=main] li a")] == ["Lab seminar"]
    assert "(2)" in series.select_one("[role=main] li").get_text()
    page = built.html("talks/series/lab-seminar")
    assert page.find("h1").get_text().rstrip("#¶") == "Lab seminar"
    assert [a.get_text() for a in page.select("li a.reference")] == ["Alpha", "Beta"]
    assert [a.get_text() for a in built.html("list").select("li a.reference")] == ["Alpha", "Beta"]
    assert "Series" in [a.get_text() for a in built.html("talks/index").select("[role=main] p a")]


def test_the_filter_carries_the_catalogs_names_as_data(tmp_path):
    import json

    built = build(write_project(tmp_path / "src", catalog_files()))
    index = built.html("talks/index")
    box = index.select_one("div.talks-filter")
    assert box.has_attr("hidden")  # shown by the script: without it, the full list
    raw = (built.outdir / "talks" / "index.html").read_text("utf-8")
    assert "</script>x" not in raw  # a tag's name cannot end the data's script
    data = json.loads(box.find("script", type="application/json").string)
    assert data["names"]["tags"] == {"nlp": "NLP", "script-x": "</script>x"}
    assert data["names"]["series"] == {"lab-seminar": "Lab seminar"}
    assert data["names"]["speakers"]["bo-chen"] == "Bo Chen"
    for builder in ("singlehtml", "text"):
        other = build(built.srcdir, builder)
        assert other.warning_lines() == [], builder
        out = other.outdir / ("index.html" if builder == "singlehtml" else "talks/index.txt")
        assert "talks-filter" not in out.read_text("utf-8"), builder


def test_pages_of_the_catalog_show_where_they_lie(tmp_path):
    src = write_project(tmp_path / "src", catalog_files())
    built = build(src, html_theme="furo")
    for page, want in [
        ("talks/a", [("index.html", "Talks"), ("years/2024.html", "Talks in 2024")]),
        ("talks/speakers/ann-lee", [("../index.html", "Talks"), ("index.html", "Speakers")]),
        ("talks/tags/nlp", [("../index.html", "Talks"), ("index.html", "Tags")]),
        ("talks/series/lab-seminar", [("../index.html", "Talks"), ("index.html", "Series")]),
    ]:
        html = built.html(page)
        crumbs = html.select_one("nav.talks-crumbs")
        assert [(a["href"], a.get_text()) for a in crumbs.find_all("a")] == want, page
        # above the page's title
        assert crumbs.find_next("h1") is not None and crumbs.find_previous("h1") is None, page
    single = build(src, "singlehtml")
    assert "talks-crumbs" not in (single.outdir / "index.html").read_text("utf-8")


def test_pyvideo_events_are_series(tmp_path):
    import json

    def talk(title: str, day: str) -> str:
        return json.dumps({"title": title, "recorded": day, "speakers": ["Mary Major"], "description": "D."})

    files = {
        "events/pycon-2021/category.json": json.dumps({"title": "PyCon 2021", "description": "x"}),
        "events/pycon-2021/videos/a.json": talk("Alpha", "2021-05-01"),
        "events/pycon-2021/videos/b.json": talk("Beta", "2021-05-02"),
        "events/euro/category.json": "{not json",
        "events/euro/videos/c.json": talk("Gamma", "2022-07-01"),
        "events/d.json": talk("Delta", "2020-01-01"),  # no category beside it
    }
    built = build(write_project(tmp_path / "src", files))
    page = built.html("talks/series/pycon-2021")
    assert page.find("h1").get_text().rstrip("#¶") == "PyCon 2021"
    assert [a.get_text() for a in page.select("li a.reference")] == ["Beta", "Alpha"]
    assert [a.get_text() for a in built.html("talks/series/index").select("[role=main] li a")] == [
        "PyCon 2021"
    ]
    assert "PyCon 2021" in built.html("talks/a").select_one(".talks-meta").get_text()
    (warning,) = built.warning_lines()
    assert (
        "c.json" in warning and "category.json: invalid JSON" in warning and "[talks.json-error]" in warning
    )


def test_a_recordings_length_is_shown_on_its_player(tmp_path):
    import json

    data = {
        "title": "Long talk",
        "recorded": "2021-05-01",
        "duration": 5176,
        "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}],
    }
    bad = {"title": "Odd", "recorded": "2021-05-02", "duration": "long", "description": "x"}
    files = {
        "events/videos/long.json": json.dumps(data, indent=1),
        "events/videos/odd.json": json.dumps(bad, indent=1),
    }
    built = build(write_project(tmp_path / "src", files, 'html_baseurl = "https://t.example.org/"\n'))
    page = built.html("talks/long")
    assert page.select_one("a.talks-player .talks-player-duration").get_text() == "1:26:16"
    (script,) = page.find_all("script", type="application/ld+json")
    (video,) = [n for n in json.loads(script.string)["@graph"] if n["@type"] == "VideoObject"]
    assert video["duration"] == "PT1H26M16S"
    (warning,) = built.warning_lines()
    assert "odd.json:4" in warning and "[talks.bad-duration]" in warning


def test_posters_are_fetched_by_the_build_only_when_asked(tmp_path, monkeypatch):
    import functools
    import http.server
    import ipaddress
    import json
    import threading

    from sphinx_talks import posters

    asked: list[str] = []

    class Host(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the base class's name
            asked.append(self.path)
            body, kind = (PNG, "image/png") if self.path.startswith("/vi/") else (b"<html>", "text/html")
            self.send_response(200 if "missing" not in self.path else 404)
            self.send_header("Content-Type", kind)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setitem(posters.POSTER_URLS, "youtube", base + "/vi/{id}/hqdefault.jpg")
    # loopback is refused unless a test allows it
    monkeypatch.setattr(posters, "ALLOWED_NETWORKS", (ipaddress.ip_network("127.0.0.0/8"),))
    pyvideo = {
        "title": "Thumb",
        "recorded": "2021-05-01",
        "thumbnail_url": base + "/page.html",
        "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=9bZkp7q19f0"}],
    }
    files = {
        "events/v.md": '+++\ntitle = "V"\ndate = 2024-03-01\nyoutube = "dQw4w9WgXcQ"\n+++\nV.\n',
        "events/videos/thumb.json": json.dumps(pyvideo),
        "events/own/index.md": '+++\ntitle = "Own"\ndate = 2024-03-02\nimage = "p.png"\nyoutube = "M7lc1UVf-VE"\n+++\nO.\n',
        "events/own/p.png": PNG,
    }
    src = write_project(tmp_path / "src", files)
    try:
        local = build(src)  # the default: nothing fetched, no poster
        assert asked == [] and not local.html("talks/v").select("img.talks-player-poster")
        fetched = build(src, verbosity=1, talks_video_posters="fetch")
        assert sorted(asked) == [
            "/page.html",
            "/vi/dQw4w9WgXcQ/hqdefault.jpg",
        ]  # not for a talk with a picture
        poster = fetched.html("talks/v").select_one("a.talks-player img.talks-player-poster")
        assert (fetched.outdir / "talks" / poster["src"]).resolve().read_bytes() == PNG
        cards = {
            li.select_one("a.reference").get_text(): li
            for li in fetched.html("talks/index").select("li[data-talk]")
        }
        card = cards["V"].select_one("img")  # the list shows the poster too: published, never hot-linked
        assert (fetched.outdir / "talks" / card["src"]).resolve().read_bytes() == PNG
        assert "page.html is not a JPEG, PNG, GIF or WebP picture" in fetched.status
        assert "thumb.json" in fetched.status.split("page.html is not")[0].rsplit("\n", 1)[-1]
        assert not fetched.html("talks/thumb").select("img.talks-player-poster")
        again = build(src, talks_video_posters="fetch")  # cached in the doctree folder
        assert len(asked) == 2 and again.html("talks/v").select(
            "img.talks-player-poster"
        )  # the failure is cached too (asked again a day later)
    finally:
        server.shutdown()


def test_line_breaks_and_a_series_called_index_build_cleanly(tmp_path):
    import icalendar

    files = {
        "events/a.md": '---\ntitle: |\n  A talk\n  two lines\ndate: 2024-05-23\nevent: |\n  PyCon DE\n  2024\ntags: ["a\\nb"]\n---\nx\n',
        "events/b.md": '+++\ntitle = "B"\ndate = 2023-01-01\nevent = "index"\n+++\nx\n',
        "events/c.md": "---\ntitle: C\ndate: 2023-02-01\nevent: pydata berlin\n---\nx\n",
        "events/d.md": "---\ntitle: D\ndate: 2024-02-01\nevent: PyData Berlin\n---\nx\n",
        "list.md": "---\norphan: true\n---\n# L\n\n```{talk-list}\n:series:\n```\n",
    }
    built = build(write_project(tmp_path / "src", files))
    warnings = built.warning_lines()
    assert len(warnings) == 1 and "list.md:6" in warnings[0] and ":series: is empty" in warnings[0], warnings
    out = built.outdir / "talks"
    (event,) = icalendar.Calendar.from_ical((out / "a.ics").read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "A talk two lines"
    assert (
        "PyCon DE 2024"
        in icalendar.Calendar.from_ical((out / "series" / "pycon-de-2024.ics").read_bytes())["name"]
    )
    # a series called "index" gets a page of its own; the series index stays the index
    assert built.html("talks/series/index-2").find("h1").get_text().rstrip("#¶") == "index"
    links = [a["href"] for a in built.html("talks/series/index").select("[role=main] li a")]
    assert "index-2.html" in links
    # one spelling of a series everywhere: its page's (the newest talk's) in the filter too
    import json

    names = json.loads(built.html("talks/index").select_one("script.talks-filter-data").string)["names"]
    assert names["series"]["pydata-berlin"] == "PyData Berlin"
    assert built.html("talks/series/pydata-berlin").find("h1").get_text().rstrip("#¶") == "PyData Berlin"
    # the talk page links its series' page
    meta = built.html("talks/c").select_one(".talks-meta")
    assert meta.find("a", string="pydata berlin")["href"] == "series/pydata-berlin.html"


def test_singlehtml_and_unlisted_videos_and_languages(tmp_path):
    import json

    files = {
        "events/v.md": '+++\ntitle = "V"\ndate = 2024-03-01\nlanguage = "de-DE"\nvimeo = "https://vimeo.com/123456/abcdef1234"\n+++\nV.\n',
        "events/w.md": '+++\ntitle = "W"\ndate = 2024-03-02\nlanguage = "de"\nyoutube = "dQw4w9WgXcQ"\nimage = "HTTPS://example.org/w.png"\n+++\nW.\n',
        "events/x.md": '+++\ntitle = "X"\nlanguage = "7"\n+++\nX.\n',
    }
    src = write_project(tmp_path / "src", files, 'language = "de"\n')
    built = build(src)
    page = built.html("talks/v")
    player = page.select_one("a.talks-player")
    assert player["href"] == "https://vimeo.com/123456/abcdef1234"  # without JavaScript: the key kept
    index = built.html("talks/index")
    langs = {
        li.select_one("a.reference").get_text(): li.get("data-lang") for li in index.select("li[data-talk]")
    }
    assert langs == {"V": "de", "W": "de", "X": None}
    names = json.loads(index.select_one("script.talks-filter-data").string)["names"]
    assert names["langs"] == {"de": "Deutsch"} and names["years"] == {"undated": "ohne Datum"}
    cards = {li.select_one("a.reference").get_text(): li for li in index.select("li[data-talk]")}
    assert cards["W"].select_one("img")["src"] == "HTTPS://example.org/w.png"
    # the one page of singlehtml loads no player either
    single = build(src, "singlehtml")
    html = (single.outdir / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all("iframe") == [] and len(soup.select("a.talks-player")) == 2
    assert {a["data-title"] for a in soup.select("a.talks-player")} == {"Aufzeichnung: V", "Aufzeichnung: W"}
    text = build(src, "text")
    assert "Aufzeichnung: https://vimeo.com/123456/abcdef1234" in (text.outdir / "talks" / "v.txt").read_text(
        "utf-8"
    )


def test_cards_give_the_day_the_page_gives_and_never_a_titles_letters(tmp_path):
    files = {
        # no zone configured or found: times are shown in the offset the page wrote
        "events/late.md": '+++\ntitle = "Our first meetup ever"\ndate = 2015-12-31T19:00:00-07:00\n+++\nx\n',
        "events/p.md": '+++\ntitle = "P"\ndate = 2016-01-02\nspeakers = ["Ann Lee"]\n+++\nx\n',
        "speakers.yml": "- name: Ann Lee\n  photo: https://example.org/gone.jpg\n",
    }
    built = build(write_project(tmp_path / "src", files, 'talks_speakers = "speakers.yml"\n'))
    assert "2015-12-31" in built.html("talks/late").select_one(".talks-meta").get_text()
    year = built.html("talks/years/2015")
    (li,) = year.select("li[data-talk]")
    assert li["data-date"] == "2015-12-31" and li["data-year"] == "2015"
    assert li.select_one(".talks-date").get_text() == "2015-12-31"
    assert not (built.outdir / "talks" / "years" / "2016.html").read_text("utf-8").count("Our first meetup")
    assert (
        li.select_one(".talks-card-blank") is not None and "OF" not in li.get_text()
    )  # no "initials" of a title
    index = built.html("talks/index")
    (card,) = [c for c in index.select("li[data-talk]") if c.select_one("a.reference").get_text() == "P"]
    # a remote photo lies over its person's initials, which show where it fails to load
    assert card.select_one(".talks-card-initials").get_text() == "AL"
    assert card.select_one("img")["data-initials"] == "AL"
