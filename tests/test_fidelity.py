"""Every fact a page states is shown right and nothing is lost: dates by evidence,
speakers with honorifics, video fields, headings' old anchors, encodings."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import CORPUS, PNG, build, needs_corpus, players, write_project

MUNICH = CORPUS / "munich-nlp" / "home" / "events"


def _front(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text("utf-8").split("+++", 2)
    return tomllib.loads(front), body


@pytest.fixture(scope="module")
def munich(tmp_path_factory):
    """The Munich-NLP events, unchanged, with a static folder holding a placeholder
    picture at every site path the pages name (the real site's static/ is not in the
    sample), so banners and body images are all shown."""
    src = tmp_path_factory.mktemp("munich-fidelity")
    static = src / "static"
    for page in MUNICH.glob("*.md"):
        for ref in re.findall(r"\(?\"?(/?images/[^)\"\s]+)", page.read_text("utf-8")):
            target = static / ref.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(PNG)
    conf = (
        f"talks_source = {str(MUNICH)!r}\ntalks_static = ['static']\n"
        "talks_timezone = 'Europe/Berlin'\ntalks_today = '2024-01-01'\n"
    )
    write_project(src, {}, conf=conf)
    return build(src)


def _page(built, path: Path) -> BeautifulSoup:
    data, _ = _front(path)
    # Hugo lower-cases URLs; our slugs have a hyphen for an underscore (the talks-1 schema)
    slug = (data.get("url", "").strip("/").split("/")[-1] or path.stem).lower().replace("_", "-")
    return built.html(f"talks/{slug}")


@needs_corpus
@pytest.mark.parametrize(
    ("event", "day", "clock"),
    [
        ("event29", "2023-04-24", "18:00–21:00"),
        ("event37", "2023-11-15", "18:30–22:00"),
        ("event43", "2025-04-28", "19:00–20:00"),
    ],
)
def test_munich_summary_date_and_time_win_over_a_disagreeing_date(munich, event, day, clock):
    data, _ = _front(MUNICH / f"{event}.md")
    assert day not in str(data["date"])  # the front matter really disagrees
    meta = _page(munich, MUNICH / f"{event}.md").select_one(".talks-meta").get_text(" ")
    assert day in meta and clock in meta, meta
    found = [w for w in munich.warning_lines() if f"{event}.md:" in w and "date-mismatch" in w]
    assert len(found) == 1 and str(data["date"]) in found[0] and day in found[0], found


@needs_corpus
def test_munich_every_speakers_section_bio_reaches_a_card(munich):
    """Counted from the files without the package: a bold name opening a paragraph
    under a "Speaker(s)" heading (outside HTML comments) is a bio; its card holds it."""
    counted = 0
    for path in sorted(MUNICH.glob("event*.md")):
        _, body = _front(path)
        body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
        section = re.split(r"^#+\s*Speakers?\s*$", body, maxsplit=1, flags=re.M | re.I)
        if len(section) < 2:
            continue
        section = re.split(r"^#{1,3} ", section[1], maxsplit=1, flags=re.M)[0]
        names = re.findall(r"^\[?\*\*([^*]+)\*\*\]?(?:\([^)]*\))?\s+\w", section, re.M)
        cards = {
            card.select_one(".talks-who strong").get_text(" ", strip=True): card
            for card in _page(munich, path).select(".talks-speaker")
        }
        for name in names:
            card = next((c for shown, c in cards.items() if name.strip() in shown), None)
            assert card is not None, (path.name, name, list(cards))
            assert card.select_one(".talks-bio"), (path.name, name)
            counted += 1
    assert counted >= 34


@needs_corpus
def test_munich_names_keep_their_honorifics(munich):
    page = _page(munich, MUNICH / "event29.md")
    names = [s.get_text(" ", strip=True) for s in page.select(".talks-speaker .talks-who strong")]
    assert "Prof. Dr. Barbara Plank" in names, names


@needs_corpus
def test_munich_no_image_twice_and_no_theme_markers(munich):
    pages = [p for p in (munich.outdir / "talks").glob("*.html") if p.stem != "index"]
    shown = 0
    for html in pages:
        text = html.read_text("utf-8")
        assert "&gt;&lt;" not in text and "><" not in BeautifulSoup(text, "html.parser").get_text(), html
        soup = BeautifulSoup(text, "html.parser")
        body = soup.select_one('[role="main"]') or soup.body
        sources = [img["src"] for img in body.find_all("img") if "_images/" in img["src"]]
        assert len(sources) == len(set(sources)), (html.name, sources)
        for img in body.find_all("img"):
            assert "\\" not in img.get("alt", ""), (html.name, img)
        shown += len(sources)
    assert shown > 40  # the placeholder pictures are really shown


HUGO_BODY = """
## Über uns {#about-us}

Gr&uuml;&szlig;e &amp; more. See [the summary](#概要) and [us](#about-us).

## 概要

Text.

## Code `x` & more
"""


def test_hugo_style_site_is_shown_right(project):
    files = {
        "events/video.md": '+++\ntitle = "Video talk"\ndate = 2024-05-23T18:00:00\nvideoId = "dQw4w9WgXcQ"\n+++\n'
        + HUGO_BODY,
        "events/multi.md": '+++\ntitle = "Three days"\ndate = 2024-06-01T09:00:00\ndateEnd = 2024-06-03\n+++\nBody.\n',
        "events/wide.md": (
            "\ufeff+++\ntitle = 'Sechzehn Äpfel'\ndate = 2024-01-01T10:00:00\n+++\nÄÖÜ body.\n"
        ).encode("utf-16-le"),
        "events/excerpt.md": '---\ntitle: "Quoted &quot;talk&quot;"\ndate: 2024-02-02\nexcerpt: "A &quot;successor&quot; system"\n---\nB.\n',
    }
    built = project(files)
    assert built.warning_lines() == []
    video = built.html("talks/video")
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in players(video)[0]
    text = video.get_text(" ")
    assert "Grüße & more" in text and "&uuml;" not in text and "{#about-us}" not in text
    ids = {tag.get("id") for tag in video.find_all(id=True)}
    assert {"about-us", "概要", "code-x--more"} <= ids, ids
    links = {a.get_text(): a["href"] for a in video.find_all("a", href=True)}
    assert links["us"] == "#about-us" and links["the summary"].startswith("#"), links
    assert links["the summary"][1:] in ids
    multi = built.html("talks/multi").select_one(".talks-meta").get_text(" ")
    assert "2024-06-01" in multi and "2024-06-03" in multi
    wide = built.html("talks/wide")
    assert "Sechzehn Äpfel" in wide.find("h1").get_text() and "ÄÖÜ body." in wide.get_text()
    assert "+++" not in wide.get_text()
    excerpt = built.html("talks/excerpt").get_text(" ")
    assert re.search(r'Quoted ["“]talk["”]', excerpt) and re.search(r'A ["“]successor["”] system', excerpt)
    assert "&quot;" not in excerpt


def test_video_fields_by_name_are_embedded(project):
    fields = {"youtube_id": "dQw4w9WgXcQ", "video": "https://vimeo.com/76979871", "video_id": "9bZkp7q19f0"}
    page = "".join(f'{k} = "{v}"\n' for k, v in fields.items())
    built = project({"events/a.md": f'+++\ntitle = "A"\ndate = 2024-01-01T10:00:00\n{page}+++\nText.\n'})
    srcs = " ".join(players(built.html("talks/a")))
    assert "dQw4w9WgXcQ" in srcs and "76979871" in srcs and "9bZkp7q19f0" in srcs, srcs


def test_pyvideo_speaker_strings_naming_two_people_give_two_pages(project):
    talk = (
        '{"title": "Pair talk", "recorded": "2022-03-21", "language": "eng",\n'
        ' "speakers": ["Calvin Hendryx-Parker & Nate Dotzlaf"], "description": "D."}\n'
    )
    built = project({"events/conf/videos/pair.json": talk, "events/conf/category.json": '{"title": "Conf"}'})
    speakers = built.outdir / "talks" / "speakers"
    assert (speakers / "calvin-hendryx-parker.html").is_file() and (speakers / "nate-dotzlaf.html").is_file()
    cards = built.html("talks/pair").select(".talks-speaker")
    assert len(cards) == 2


def test_near_duplicate_speakers_are_a_notice_and_an_alias_joins_them(project, tmp_path):
    def page(name: str, day: int) -> str:
        return (
            f'+++\ntitle = "Talk {day}"\ndate = 2024-01-{day:02d}T10:00:00\nspeakers = ["{name}"]\n+++\nT.\n'
        )

    files = {
        "events/a.md": page("Reuven Lerner", 1),
        "events/b.md": page("Reuven M. Lerner", 2),
        "events/c.md": page("Julia Simon", 3),
        "events/d.md": page("JuliaSimon", 4),
        "events/e.md": page("Jane Smith", 5),
        "events/f.md": page("Bob Stone", 6),
    }
    built = project(files, verbosity=1)
    notices = [line for line in built.status.splitlines() if "speaker-near-duplicate" in line]
    assert len(notices) == 2, notices
    assert any("Reuven M. Lerner" in n and "Reuven Lerner" in n for n in notices)
    assert any("JuliaSimon" in n and "Julia Simon" in n for n in notices)
    assert not built.warning_lines()
    people = "- name: Reuven Lerner\n  aliases: [Reuven M. Lerner]\n"
    (tmp_path / "people.yml").write_text(people, "utf-8")
    joined = build(
        write_project(tmp_path / "src2", files, conf=f"talks_speakers = {str(tmp_path / 'people.yml')!r}\n"),
        verbosity=1,
    )
    assert sum("speaker-near-duplicate" in line for line in joined.status.splitlines()) == 1
    # the spelling the alias joins has no page of its own: its address redirects to the person's
    old = (joined.outdir / "talks" / "speakers" / "reuven-m-lerner.html").read_text("utf-8")
    assert 'http-equiv="refresh"' in old and "reuven-lerner.html" in old


def test_no_tags_means_no_tags_page_and_no_link(project):
    built = project({"events/a.md": '+++\ntitle = "A"\ndate = 2024-01-01T10:00:00\n+++\nText.\n'})
    assert not (built.outdir / "talks" / "tags" / "index.html").exists()
    index = built.html("talks/index")
    assert not [a for a in index.find_all("a", href=True) if "tags/" in a["href"]]
    assert built.warning_lines() == []


def test_site_time_zone_is_used_when_none_is_configured(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "events").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntimeZone = "Europe/Berlin"\n', "utf-8")
    (site / "content" / "events" / "a.md").write_text(
        '+++\ntitle = "A"\ndate = 2024-07-01T18:00:00\n+++\nText.\n', "utf-8"
    )
    src = write_project(tmp_path / "docs", {}, conf=f"talks_source = {str(site / 'content' / 'events')!r}\n")
    built = build(src)
    meta = built.html("talks/a").select_one(".talks-meta").get_text(" ")
    assert "18:00" in meta and "Europe/Berlin" in meta, meta
    assert "times are shown in Europe/Berlin" in built.status and "hugo.toml:2" in built.status
    plain = build(
        write_project(
            tmp_path / "plain", {"events/a.md": '+++\ntitle = "A"\ndate = 2024-07-01T18:00:00\n+++\nT.\n'}
        )
    )
    assert "times are shown in UTC" in plain.status and "conf.py" in plain.status


def test_bare_hosts_are_linked_but_file_names_are_not_hosts(project):
    page = (
        '+++\ntitle = "#1 talk: a banner alt with a hash"\ndate = 2024-01-01T10:00:00\nimage = "pic.png"\n'
        'url_pdf = "slides.pdf"\nlinks = [{name = "Site", url = "www.example.org"}]\n+++\nText.\n'
    )
    built = project({"events/a/index.md": page, "events/a/pic.png": PNG})
    html = built.html("talks/a")
    assert html.find("a", href="https://www.example.org")
    assert not html.find("a", href=re.compile("https://slides"))
    warnings = built.warning_lines()
    assert len(warnings) == 1 and "slides.pdf" in warnings[0] and "[talks.bad-url]" in warnings[0], warnings
    banner = html.select_one("img.talks-banner")
    assert banner["alt"] == "#1 talk: a banner alt with a hash"


PARITY_BODY = """Intro.

---

After the rule.

Inline `{{< youtube dQw4w9WgXcQ >}}` and escaped `{{</* youtube abc */>}}` and {{%/* note */%}} here.

```python
print("before")
{{< youtube id="9bZkp7q19f0" start="30" end="1m" >}}
print("after")
```

## First

#### Deep

### Mid

## Second

{{< youtube id="M7lc1UVf-VE" start="30" end="60" autoplay="true" mute="true" >}}

[a playlist](https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=2)

<div class="x">raw <b>html</b></div>
"""


def test_hugo_parity_of_the_body(project):
    front = (
        '+++\ntitle = "Parity"\ndate = 2024-03-10T18:00:00-05:00\nrecording = "https://vimeo.com/76979871#t=45s"\n'
        'links = [{name = "Slides", url = "https://example.org/s"}, '
        '{name = "Repo", url = "https://example.org/r", details = "the example package"}]\n+++\n'
    )
    built = project({"events/a.md": front + PARITY_BODY}, verbosity=1, talks_timezone="Europe/Berlin")
    assert built.warning_lines() == []
    page = built.html("talks/a")
    main = page.select_one("section")
    # a thematic break stays a rule
    assert main.find("hr") is not None
    text = main.get_text(" ")
    # escapes are shown literally: in the code span as code, outside as text
    codes = [c.get_text() for c in main.find_all("code")]
    assert "{{< youtube abc >}}" in codes, codes
    assert "{{% note %}}" in text and "{{</*" not in text and "*/>}}" not in text
    assert "`" not in text  # no stray backticks around an expanded shortcode
    # shortcodes in a code span and a fence are expanded; the fence keeps its code around the embed
    srcs = players(main)
    assert any("embed/dQw4w9WgXcQ" in s for s in srcs), srcs
    assert any("embed/9bZkp7q19f0?start=30&end=60" in s for s in srcs), srcs
    pres = [p.get_text() for p in main.find_all("pre")]
    assert any('print("before")' in p for p in pres) and any('print("after")' in p for p in pres), pres
    assert not any("{{<" in p for p in pres)
    assert re.search(r"a\.md:\d+: shortcode 'youtube' inside a code block is expanded", built.status)
    # the youtube shortcode's start, end, autoplay and mute reach the player; Vimeo's #t= too
    assert any("embed/M7lc1UVf-VE?start=30&end=60&autoplay=1&mute=1" in s for s in srcs), srcs
    assert any("player.vimeo.com/video/76979871" in s and "#t=45s" in s for s in srcs), srcs
    # H2, H4, H3, H2: section, sub, sub, section
    levels = [(h.name, h.get_text(strip=True).rstrip("¶")) for h in main.find_all(["h2", "h3", "h4"])]
    body_levels = [lv for lv in levels if lv[1] in ("First", "Deep", "Mid", "Second")]
    assert body_levels == [("h2", "First"), ("h3", "Deep"), ("h3", "Mid"), ("h2", "Second")], levels
    # a playlist link keeps its whole query
    hrefs = [a["href"] for a in main.find_all("a", href=True)]
    assert (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=2" in hrefs
    )
    # links named in front matter keep their names and their details
    buttons = {a.get_text(" ", strip=True): a["href"] for a in main.select(".talks-links a")}
    assert buttons == {
        "Slides": "https://example.org/s",
        "Repo (the example package)": "https://example.org/r",
    }
    # a dropped raw HTML block is a notice naming the file and its line
    raw_line = (front + PARITY_BODY).splitlines().index('<div class="x">raw <b>html</b></div>') + 1
    assert f"a.md:{raw_line}: raw HTML block left out" in built.status, built.status
    # a time written with an offset: converted with the zone named, and the written time kept
    meta = page.select_one(".talks-meta").get_text(" ")
    assert "2024-03-11" in meta and "00:00" in meta and "Europe/Berlin" in meta, meta
    assert "18:00" in meta and "UTC-05:00" in meta, meta


def test_list_config_values_may_be_one_string(project):
    files = {
        "events/a.md": '+++\ntitle = "A"\ndate = 2024-01-01T10:00:00\nimage = "/img/pic.png"\n+++\nText.\n',
        "static/img/pic.png": PNG,
    }
    built = project(files, conf='talks_static = "static"\n')
    assert built.warning_lines() == []
    assert any("pic" in img["src"] for img in built.html("talks/a").find_all("img"))
    bad = build(write_project(built.srcdir, files, conf="talks_static = ['static', 3]\n"))
    assert any("talks_static" in w and "[talks.config]" in w for w in bad.warning_lines()), bad.warnings


def test_end_times_after_midnight_and_on_later_days_are_shown(project):
    files = {
        "events/late.md": '+++\ntitle = "Late"\ndate = 2014-12-27T23:00:00+01:00\n'
        "dateEnd = 2014-12-28T00:15:00+01:00\n+++\nText.\n",
        "events/long.md": '+++\ntitle = "Long"\ndate = 2024-05-01T09:00:00\ndateEnd = 2024-05-03T17:00:00\n+++\nT.\n',
        "events/plain.md": '+++\ntitle = "Plain"\ndate = 2024-05-01T09:00:00+02:00\n+++\nT.\n',
    }
    built = project(files)
    late = built.html("talks/late").select_one(".talks-meta").get_text(" ")
    # no zone configured or found: shown in the offset the page wrote, one day, with its end
    assert "Saturday, 2014-12-27" in late and "2014-12-28" not in late, late
    assert "23:00–00:15 (next day) UTC+01:00" in late, late
    long = built.html("talks/long").select_one(".talks-meta").get_text(" ")
    assert "2024-05-01 – 2024-05-03" in long and "09:00 – 2024-05-03 17:00" in long, long
    plain = built.html("talks/plain").select_one(".talks-meta").get_text(" ")
    assert "09:00 UTC+02:00" in plain and "07:00" not in plain, plain
    berlin = project(files, talks_timezone="Europe/Berlin").html("talks/late")
    meta = berlin.select_one(".talks-meta").get_text(" ")
    assert "23:00–00:15 (next day) CET (Europe/Berlin)" in meta, meta


def test_avatar_initials_skip_honorifics_and_a_broken_remote_photo_shows_them(project):
    page = (
        '+++\ntitle = "A"\ndate = 2024-01-01T10:00:00\n'
        '[[speakers]]\nname = "Sebastian Ruder, PhD"\nphoto = "https://example.org/sr.jpg"\n'
        '[[speakers]]\nname = "Prof. Dr. Barbara Plank"\n+++\nText.\n'
    )
    built = project({"events/a.md": page})
    cards = built.html("talks/a").select(".talks-speaker")
    initials = [c.select_one(".talks-initials").get_text() for c in cards]
    assert initials == ["SR", "BP"], initials
    img = cards[0].select_one("img.talks-avatar")
    assert img["src"] == "https://example.org/sr.jpg" and img["data-initials"] == "SR" and img["alt"] == ""
    css = (built.outdir / "_static" / "sphinx-talks.css").read_text("utf-8")
    assert re.search(r"img\.talks-avatar::before\s*\{[^}]*content:\s*attr\(data-initials\)", css)


def test_summary_and_description_both_shown_inline_html_links_kept_and_talk_type_shown(project):
    page = (
        '---\ntitle: "J"\ndate: 2011-01-03\nsummary: "SUMMARYTEXT here"\n'
        'description: "DESCRIPTIONTEXT that differs."\ntype: "Conference presentation"\n---\n'
        "<a href='https://example.org/paper.pdf'>Download paper here</a> and "
        '<A HREF="https://example.org/?a=1&amp;b=2">both</A>.\n'
    )
    hugo = '+++\ntitle = "H"\ndate = 2024-01-01T10:00:00\ntype = "event"\n+++\nText.\n'
    built = project({"events/a.md": page, "events/h.md": hugo})
    html = built.html("talks/a")
    text = html.get_text(" ")
    assert "SUMMARYTEXT here" in text and "DESCRIPTIONTEXT that differs." in text
    hrefs = {a.get_text(): a["href"] for a in html.find_all("a", href=True)}
    assert hrefs["Download paper here"] == "https://example.org/paper.pdf", hrefs
    assert hrefs["both"] == "https://example.org/?a=1&b=2", hrefs
    assert "Conference presentation" in html.select_one(".talks-meta").get_text(" ")
    # Hugo's `type` picks a layout: not a talk type
    assert "event" not in built.html("talks/h").select_one(".talks-meta").get_text(" ")


def test_lists_and_quotes_nested_too_deep_are_flattened_not_lost(project):
    items = "".join("  " * i + f"- level {i}\n" for i in range(10))
    quote = "> " * 20 + "deep quote DELTA\n"
    body = f"Intro.\n\n{items}\nAfter the list ALPHA.\n\n## Later BETA\n\n{quote}\nMore GAMMA.\n"
    front = '+++\ntitle = "Deep"\ndate = 2024-01-01T10:00:00\n+++\n'
    built = project({"events/deep.md": front + body})
    text = built.html("talks/deep").get_text(" ")
    for word in ("level 9", "ALPHA", "BETA", "DELTA", "GAMMA"):
        assert word in text, word
    warnings = [w for w in built.warning_lines() if "[talks.too-deep]" in w]
    lines = (front + body).splitlines()
    assert [int(w.split("deep.md:")[1].split(":")[0]) for w in warnings] == [
        lines.index("- level 0") + 1,
        lines.index(quote.strip()) + 1,
    ], warnings


@pytest.mark.parametrize(
    ("summary", "zone", "expected"),
    [
        ("Speaker: A | May 16, 2023 18:00-20:00 CEST", None, "18:00–20:00 UTC+02:00"),
        ("Speaker: A | May 16, 2023 18:00-20:00 CEST", "Europe/Berlin", "18:00–20:00 CEST (Europe/Berlin)"),
        ("Speaker: A | May 16, 2023 18:00-20:00 CEST", "UTC", "16:00–18:00 UTC; 18:00–20:00 UTC+02:00"),
        ("Speaker: A | May 16 2023, 18:00 – 20:00", "UTC", "18:00–20:00 UTC"),
        ("Speaker: A | June 15, 2023 15:30-19:30 (UTC+2)", "UTC", "13:30–17:30 UTC"),
    ],
)
def test_summary_times_with_zones_and_commas_are_read(project, summary, zone, expected):
    page = f'+++\ntitle = "S"\ndate = "2023-05-16"\nsummary = "{summary}"\n+++\nText.\n'
    overrides = {"talks_timezone": zone} if zone else {}
    built = project({"events/s.md": page}, **overrides)
    meta = built.html("talks/s").select_one(".talks-meta").get_text(" ")
    assert expected in meta, meta


def test_a_summary_time_that_cannot_be_read_keeps_the_summary_with_a_warning(project):
    page = (
        '+++\ntitle = "S"\ndate = "2023-05-16"\nsummary = "Speaker: A | May 16, 2023 25:00-26:00"\n+++\nT.\n'
    )
    built = project({"events/s.md": page})
    assert any("s.md:4:" in w and "'25:00'" in w and "[talks.bad-date]" in w for w in built.warning_lines())
    assert "May 16, 2023 25:00-26:00" in built.html("talks/s").get_text(" ")


def test_video_keys_and_playlists_reach_the_player(project):
    page = (
        '+++\ntitle = "V"\ndate = 2024-01-01T10:00:00\n'
        'recording = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLabcdefghijklmnop&t=1m30s&rel=0"\n'
        'vimeo = "https://player.vimeo.com/video/76979871?h=abcdef1234"\n'
        'video = "https://vimeo.com/22439234/0123456789#t=30s"\n+++\nText.\n'
    )
    built = project({"events/v.md": page})
    srcs = players(built.html("talks/v"))
    assert any("embed/dQw4w9WgXcQ?start=90&list=PLabcdefghijklmnop" in s for s in srcs), srcs
    assert any("video/76979871?h=abcdef1234" in s for s in srcs), srcs
    assert any("video/22439234?h=0123456789&" in s and s.endswith("#t=30s") for s in srcs), srcs
    # a parameter that changes what is seen and is not kept is a warning at its key
    assert any("v.md:4:" in w and "rel" in w and "[talks.video-id-query]" in w for w in built.warning_lines())


def test_speakers_section_labels_are_not_people_and_photos_follow_honorific_names(project):
    a = (
        '+++\ntitle = "A"\ndate = 2024-01-01T10:00:00\nspeakers = ["Jane Doe"]\n+++\nText.\n\n## Speakers\n\n'
        "![Jane Doe ><](https://example.org/j.jpg)\n\n**Dr. Jane Doe** is a professor.\n\n"
        "**Note:** the talk will be held remotely.\n\n**Important** please register.\n\n"
        "![Unrelated picture](https://example.org/other.jpg)\n\n**erdgeist** is a handle.\n"
    )
    b = (
        '+++\ntitle = "B"\ndate = 2024-02-01T10:00:00\n'
        'summary = "Speaker: Muthasham Oblokulov | Feb 1, 2024 10:00-11:00"\n+++\n'
        "Text.\n\n### Speaker\n\n**Muhtasham Oblokulov** is a researcher.\n"
    )
    built = project({"events/a.md": a, "events/b.md": b}, verbosity=1)
    pages = sorted(p.stem for p in (built.outdir / "talks" / "speakers").glob("*.html"))
    assert pages == ["erdgeist", "index", "jane-doe", "muhtasham-oblokulov"], pages
    page = built.html("talks/a")
    card = page.select_one(".talks-speaker")
    assert card.select_one("img.talks-avatar")["src"] == "https://example.org/j.jpg"
    body_imgs = [i["src"] for i in page.select("section img") if "talks-avatar" not in i.get("class", [])]
    assert body_imgs == ["https://example.org/other.jpg"], body_imgs  # a photo no bio took stays
    text = page.get_text(" ")
    assert "the talk will be held remotely" in text and "please register" in text
    cards = built.html("talks/b").select(".talks-speaker")
    assert len(cards) == 1 and "is a researcher" in cards[0].get_text(" ")
    assert "taken as one person, named 'Muhtasham Oblokulov'" in built.status


def test_footnotes_references_and_anchors_are_checked_at_the_source(project):
    page = (
        '+++\ntitle = "W"\ndate = 2024-03-01T10:00:00\n+++\n'
        "Text[^used] and [e](#nonexistent) and [ok](#real-heading) and [r][dup].\n\n"
        "[^used]: A used note.\n\n[^unused]: UNUSEDNOTE\n    continued\n\n"
        "[dup]: https://a.example.org\n[dup]: https://b.example.org\n\n## Real heading\n"
    )
    built = project({"events/w.md": page}, verbosity=1)
    warnings = built.warning_lines()
    # only our own warning, at the source's line; none from MyST at the generated page
    assert len(warnings) == 1 and "w.md:5:" in warnings[0] and "[talks.bad-anchor]" in warnings[0], warnings
    assert "w.md:9: footnote [^unused] is never referred to" in built.status
    assert "w.md:13: link reference [dup] is defined again" in built.status
    html = built.html("talks/w")
    hrefs = {a.get_text(): a["href"] for a in html.find_all("a", href=True)}
    assert hrefs["r"] == "https://a.example.org" and hrefs["ok"] == "#real-heading", hrefs
    assert "e" not in hrefs
    assert "UNUSEDNOTE" not in html.get_text() and "continued" not in html.get_text()


def test_refs_with_anchors_bare_refs_and_paired_buttons(project):
    a = (
        '+++\ntitle = "A"\ndate = 2024-01-01T10:00:00\n+++\n'
        'See [anchor]({{< ref "other.md#sec-two" >}}) and {{< ref "other.md" >}}.\n\n'
        '{{< button href="https://ok.example" >}}Register now{{< /button >}}\n'
    )
    other = '+++\ntitle = "Other talk"\ndate = 2024-01-02T10:00:00\n+++\n## Sec two\n\nText.\n'
    built = project({"events/a.md": a, "events/other.md": other})
    assert built.warning_lines() == []
    html = built.html("talks/a")
    hrefs = {a.get_text(" ", strip=True): a["href"] for a in html.find_all("a", href=True)}
    assert hrefs["anchor"] == "other.html#sec-two" and hrefs["Other talk"] == "other.html", hrefs
    assert hrefs["Register now"] == "https://ok.example", hrefs
    assert "{{" not in html.get_text() and "/talks/other.md" not in html.get_text()
    assert 'id="sec-two"' in (built.outdir / "talks" / "other.html").read_text("utf-8")


@pytest.mark.parametrize("mention", ["Join us on 20 April 2023.", "Join us on 2023-04-20.", "Am 20.04.2023."])
def test_a_body_naming_the_date_fields_day_keeps_it_with_the_summarys_time(project, mention):
    page = (
        '+++\ntitle = "D"\ndate = "2023-04-20"\nsummary = "Speaker: A | Apr 24, 2023 19:00-21:00"\n+++\n'
        f"{mention}\n"
    )
    built = project({"events/d.md": page}, talks_timezone="Europe/Berlin")
    meta = built.html("talks/d").select_one(".talks-meta").get_text(" ")
    assert "2023-04-20" in meta and "19:00–21:00" in meta, meta
    assert any("[talks.date-mismatch]" in w and "d.md:3:" in w for w in built.warning_lines())


def test_small_losses_are_reported(project, tmp_path, capsys):
    page = (
        '---\nTitle: "Case"\nTITLE: "Case2"\ndate: 2024-01-01T10:00:00\nlinks: [{name: x}, 5]\n---\n'
        '{{< details summary="More" >}}\nHidden text.\n'
    )
    built = project({"events/k.md": page})
    found = {(w.split("k.md:")[1].split(":")[0], w.rsplit("[", 1)[1]) for w in built.warning_lines()}
    assert found == {
        ("2", "talks.duplicate-key]"),
        ("5", "talks.bad-url]"),
        ("5", "talks.bad-type]"),
        ("7", "talks.shortcode-unclosed]"),
    }, built.warning_lines()
    assert "Case" in built.html("talks/k").find("h1").get_text()
    from sphinx_talks.cli import main

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "conf.py").write_text('talks_source = "ev"\ntalks_timezone = "Not/AZone"\n', "utf-8")
    (tmp_path / "c" / "ev").mkdir()
    (tmp_path / "c" / "ev" / "a.md").write_text('+++\ntitle = "A"\ndate = 2024-01-01T10:00:00\n+++\nT.\n')
    assert main(["check", "--conf", str(tmp_path / "c" / "conf.py")]) == 0
    assert "talks_timezone = 'Not/AZone': not an IANA time zone name; not used" in capsys.readouterr().err


def test_resources_whose_fields_hold_the_urls_are_linked_and_embedded(project):
    page = (
        '---\ntitle: "Conf"\ndate: 2024-01-01T10:00:00\nresources:\n'
        '  - title: "Talk one"\n    speaker: "Ann Lee"\n    slides: "https://example.org/slides/"\n'
        '    video: "https://www.youtube.com/watch?v=dQw4w9WgXcQ"\n'
        '  - title: "No links here"\n    speaker: "Bo"\n---\nText.\n'
    )
    built = project({"events/c.md": page})
    html = built.html("talks/c")
    buttons = {a.get_text(" ", strip=True): a["href"] for a in html.select(".talks-links a")}
    assert buttons == {
        "Talk one: Slides (Ann Lee)": "https://example.org/slides/",
        # a titled entry's video keeps its name as a button beside the player
        "Talk one: Video (Ann Lee)": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    }, buttons
    assert any("dQw4w9WgXcQ" in s for s in players(html))
    assert any("c.md:4:" in w and "has no url" in w for w in built.warning_lines()), built.warning_lines()


def test_a_slides_shortcode_stays_under_its_heading_as_a_player(project):
    """A slides embed is a click-to-load player where the author put it (it used to
    become a header button, and its emptied heading was left out)."""
    body = (
        'Intro.\n\n## Slides\n\n{{< gslides src="https://docs.google.com/presentation/d/abc/embed" >}}\n\n'
        "## Empty on purpose\n\n## Speakers\n\n**Ann Lee** is a researcher.\n"
    )
    built = project({"events/g.md": '+++\ntitle = "G"\ndate = 2024-01-01T10:00:00\n+++\n' + body})
    html = built.html("talks/g")
    headings = [h.get_text(strip=True).rstrip("¶") for h in html.select("section h2")]
    assert "Slides" in headings and "Empty on purpose" in headings, headings
    player = html.find(id="slides").select_one("a.talks-player")
    assert player["data-src"] == "https://docs.google.com/presentation/d/abc/embed"
    assert html.select_one(".talks-links a") is None
