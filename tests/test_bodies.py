"""Bodies are parsed as Hugo's Goldmark reads them and rendered from tokens (sphinx_talks.markup)."""

from __future__ import annotations

import json
import shutil

from conftest import CORPUS, needs_corpus, players

MUNICH = CORPUS / "munich-nlp" / "home" / "events"
#: Curly quotes and dashes (Hugo's typographer, and docutils' smart quotes) as typed.
TYPO = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def _page(title: str, body: str) -> str:
    return f'+++\ntitle = "{title}"\ndate = 2024-01-02\n+++\n{body}'


def _headings(soup):
    """(depth under the title, text, ids) of the body's section headings."""
    out = []
    for h in soup.select("section section h2, section section h3, section section h4, section section h5"):
        depth = int(h.name[1]) - 2
        out.append((depth, h.get_text().rstrip("¶").strip(), h.parent.get("id")))
    return out


def test_headings_nest_by_the_stack_rule_and_keep_hugos_ids(project):
    body = "### Intro\n\nx\n\n##### Detail\n\ny\n\n## Über uns\n\nz\n\n# Schluss\n\nw\n\n## Über uns\n\nv\n"
    built = project({"events/a.md": _page("A", body)})
    found = _headings(built.html("talks/a"))
    assert [(d, t) for d, t, _ in found] == [
        (0, "Intro"),
        (1, "Detail"),
        (0, "Über uns"),
        (0, "Schluss"),
        (1, "Über uns"),
    ]
    assert [i for _, _, i in found] == ["intro", "detail", "über-uns", "schluss", "über-uns-1"]


def test_in_page_links_to_hugo_ids_resolve_non_ascii_included(project):
    body = "## Über uns {#custom}\n\nSee [above](#custom) and [the team](#das-team).\n\n## Das Team\n\nt\n"
    built = project({"events/a.md": _page("A", body)})
    soup = built.html("talks/a")
    hrefs = {a.get_text(): a["href"] for a in soup.select("section a.reference")}
    assert hrefs["above"] == "#custom" and hrefs["the team"] == "#das-team"
    assert soup.find(id="custom") is not None and soup.find(id="das-team") is not None
    assert "bad-anchor" not in built.warnings


def test_a_rule_before_a_setext_heading_stays(project):
    body = "First paragraph.\n\n---\nSetext\n======\n\nText.\n"
    soup = project({"events/a.md": _page("A", body)}).html("talks/a")
    rule = soup.find("hr")
    assert rule is not None
    heading = soup.find(id="setext")
    assert heading is not None and rule.find_next("h2").get_text().startswith("Setext")


def test_bare_urls_are_links_as_goldmark_makes_them(project):
    body = "See https://example.org/a and www.example.com now.\n"
    soup = project({"events/a.md": _page("A", body)}).html("talks/a")
    hrefs = [a["href"] for a in soup.select("section p a.reference")]
    assert "https://example.org/a" in hrefs and "https://www.example.com" in hrefs


def test_every_youtube_parameter_reaches_the_player(project):
    body = '{{< youtube id="dQw4w9WgXcQ" mute=1 start=30 end=60 loop=true controls=false >}}\n'
    soup = project({"events/a.md": _page("A", body)}).html("talks/a")
    (src,) = players(soup)
    for part in ("mute=1", "start=30", "end=60", "loop=1", "playlist=dQw4w9WgXcQ", "controls=0"):
        assert part in src, (part, src)


def test_hugos_privacy_disable_is_honoured_with_a_notice(project):
    body = "{{< youtube dQw4w9WgXcQ >}}\n"
    built = project(
        {"events/a.md": _page("A", body), "hugo.toml": "[privacy.youtube]\ndisable = true\n"}, verbosity=1
    )
    soup = built.html("talks/a")
    assert players(soup) == []
    assert soup.select_one('section a[href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"]') is not None
    assert "video-disabled" in built.status


def test_slides_embedded_under_their_heading_become_a_click_to_load_player(project):
    deck = "https://docs.google.com/presentation/d/e/2PACX-abc/embed?start=false"
    body = f'## About\n\nText.\n\n## Slides\n\n{{{{< gslides src="{deck}" >}}}}\n\n<iframe src="{deck}"></iframe>\n'
    soup = project({"events/a.md": _page("A", body)}).html("talks/a")
    section = soup.find(id="slides")
    assert section is not None and section.find("h2").get_text().startswith("Slides")
    (player,) = section.select("a.talks-player[data-src]")  # the call and its iframe: one deck
    assert player["data-src"] == deck
    assert soup.find("iframe") is None  # nothing loads before a click


@needs_corpus
def test_a_sites_own_shortcode_mapped_to_redirect_makes_a_redirect_page(project, tmp_path):
    src = tmp_path / "src"
    (src / "events").mkdir(parents=True)
    shutil.copy(MUNICH / "event33.md", src / "events" / "event33.md")
    conf = 'talks_shortcodes = {"forward_generata": "redirect https://generatax.example.org/"}\n'
    built = project({}, conf=conf)
    soup = built.html("talks/generatax")
    meta = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert meta is not None and meta["content"] == "0; url=https://generatax.example.org/"
    assert "unknown-shortcode" not in built.warnings
    assert "{{" not in soup.get_text()


@needs_corpus
def test_unmapped_site_shortcodes_are_located_warnings_and_never_leak(project, tmp_path):
    src = tmp_path / "src"
    (src / "events").mkdir(parents=True)
    shutil.copy(MUNICH / "event33.md", src / "events" / "event33.md")
    built = project({"events/x.md": _page("X", "{{% callout note %}}\nA *note*.\n{{% /callout %}}\n")})
    assert "event33.md:10: WARNING: unknown shortcode 'forward_generata'" in built.warnings
    assert "x.md:5: WARNING: unknown shortcode 'callout'" in built.warnings
    soup = built.html("talks/x")
    assert "{{" not in soup.get_text() and soup.find("em").get_text() == "note"


@needs_corpus
def test_every_paragraph_of_a_bio_stays_on_its_card_in_source_order(project, tmp_path):
    """Munich events 15, 24 and 34 write bios of several paragraphs under "Speaker(s)":
    each card shows its person's whole bio, paragraphs in the page's order, and the body
    no longer shows them."""
    src = tmp_path / "src"
    (src / "events").mkdir(parents=True)
    slugs = {
        15: "ekin-akyurek-in-context-learning",
        24: "bringing-your-insights-to-life-with-ipyvizzu-story",
        34: "dora-exploring-outlier-representations",
    }
    for n in slugs:
        shutil.copy(MUNICH / f"event{n}.md", src / "events" / f"event{n}.md")
    built = project({})
    for n, slug in slugs.items():
        text = (MUNICH / f"event{n}.md").read_text("utf-8")
        section = text[text.index("### Speaker") :]
        paragraphs = [p for p in section.split("\n\n")[1:] if p.strip() and not p.lstrip().startswith("![")]
        soup = built.html(f"talks/{slug}")
        cards = soup.select(".talks-speaker")
        card_text = " ".join(" ".join(c.get_text(" ").split()) for c in cards).translate(TYPO)
        positions = []
        for paragraph in paragraphs:
            words = " ".join(paragraph.replace("**", "").split()[2:8])  # past the bold name
            assert words in card_text, (n, words)
            positions.append(card_text.index(words))
        assert positions == sorted(positions), n
        assert len(paragraphs) >= 2 or n == 34
        body = soup.select_one("section section")
        for paragraph in paragraphs:
            words = " ".join(paragraph.replace("**", "").split()[2:8])
            assert body is None or words not in " ".join(body.get_text(" ").split()).translate(TYPO), (
                n,
                words,
            )


@needs_corpus
def test_a_resource_link_stays_under_its_talks_heading(project, tmp_path):
    """Munich event42 writes `[[Paper]](…)` in the heading of one of its two talks: the
    link is shown right under that heading, not among the page's header buttons."""
    src = tmp_path / "src"
    (src / "events").mkdir(parents=True)
    shutil.copy(MUNICH / "event42.md", src / "events" / "event42.md")
    soup = project({}).html("talks/june-24-meetup")
    link = soup.select_one('a[href="https://arxiv.org/abs/2307.07262"]')
    assert link is not None and link.get_text().strip() == "Paper"
    heading = link.find_previous(["h2", "h3", "h4"])
    assert heading.get_text().startswith("Haris Jabbar")
    assert soup.select_one(".talks-links a[href='https://arxiv.org/abs/2307.07262']") is None or (
        link.find_parent(class_="talks-links").find_previous(["h2", "h3"]) == heading
    )


def test_footnotes_are_numbered_as_goldmark_numbers_them_and_every_back_link_has_a_target(project):
    body = "A claim[^z] here.\n\nAgain[^z] and[^a].\n\n[^a]: First defined.\n\n[^z]: The note.\n"
    soup = project({"events/a.md": _page("A", body)}).html("talks/a")
    refs = soup.select("section p sup")
    assert [(s.get("id"), s.a["href"], s.get_text()) for s in refs] == [
        ("fnref:1", "#fn:1", "1"),
        ("fnref1:1", "#fn:1", "1"),
        ("fnref:2", "#fn:2", "2"),
    ]
    notes = soup.select(".footnotes li")
    assert [li.get("id") for li in notes] == ["fn:1", "fn:2"]
    assert [a["href"] for a in notes[0].select("a.footnote-backref")] == ["#fnref:1", "#fnref1:1"]
    for li in notes:
        for back in li.select("a.footnote-backref"):
            assert soup.find(id=back["href"][1:]) is not None


def test_double_angle_brackets_are_guillemets_not_a_tag_and_www_links_are_https(project):
    body = "<<guillemets>> and <<x>>, see www.example.com or http://www.example.net.\n"
    soup = project({"events/a.md": _page("A", body)}).html("talks/a")
    paragraph = soup.find(lambda tag: tag.name == "p" and "see" in tag.get_text())
    assert paragraph.get_text().startswith("\u00abguillemets\u00bb and \u00abx\u00bb, see")
    assert [a["href"] for a in paragraph.select("a.reference")] == [
        "https://www.example.com",
        "http://www.example.net",
    ]


def test_a_call_on_the_line_after_a_list_item_stays_in_the_item_and_a_closing_call_ends_text(project):
    """In Hugo a call is a placeholder in the text: on the line after a list item's text it
    continues that item; a pair with its text is one word too, so ``**After**`` right
    below it is in its paragraph, which the disclosure splits as a browser splits a
    ``<p>`` around a ``<details>``."""
    body = (
        "- first\n{{< youtube dQw4w9WgXcQ >}}\n- second\n\n"
        '{{< details summary="More" >}}\nHidden *text*.\n{{< /details >}}\n**After**\n'
    )
    soup = project({"events/a.md": _page("A", body)}).html("talks/a")
    items = soup.select("section ul li")
    assert [len(players(li)) for li in items] == [1, 0]
    details = soup.find("details")
    assert details is not None and details.find("strong") is None
    assert details.find_next("strong").get_text() == "After"


def test_a_sites_own_shortcodes_map_to_built_in_behaviours_or_a_template(project):
    body = (
        '{{< paper url="https://arxiv.org/abs/1" text="The paper" >}}\n\n'
        "{{< quiet >}}\n\n"
        "{{% aside %}}\nAn *aside*.\n{{% /aside %}}\n\n"
        '{{< deck "https://slides.example.org/d/embed" >}}\n\n'
        '{{< doi "10.1000/xyz" >}}\n\n'
        "{{< other >}}\n"
    )
    conf = (
        'talks_shortcodes = {"paper": "link", "quiet": "drop", "aside": "text", "deck": "embed", '
        '"doi": "DOI [{0}](https://doi.org/{0})"}\n'
    )
    built = project({"events/a.md": _page("A", body)}, conf=conf)
    soup = built.html("talks/a")
    hrefs = {a.get_text(" ", strip=True): a.get("href") for a in soup.select("section a")}
    assert hrefs["The paper"] == "https://arxiv.org/abs/1"
    assert hrefs["10.1000/xyz"] == "https://doi.org/10.1000/xyz" and "DOI" in soup.get_text()
    assert soup.find("em").get_text() == "aside"
    player = soup.select_one('a.talks-player[data-src="https://slides.example.org/d/embed"]')
    assert player is not None
    warned = [w for w in built.warning_lines() if "unknown-shortcode" in w]
    assert len(warned) == 1 and "'other'" in warned[0] and "a.md:17:" in warned[0]
    assert "{{" not in soup.get_text()


def test_a_closing_call_right_below_a_list_ends_the_list_and_closes_its_pair(project):
    body = '{{< details summary="Reading list" >}}\n- one\n- two\n{{< /details >}}\n\nAfter.\n'
    built = project({"events/a.md": _page("A", body)})
    soup = built.html("talks/a")
    box = soup.find("details")
    assert box is not None and [li.get_text(strip=True) for li in box.find_all("li")] == ["one", "two"]
    assert "After." not in box.get_text() and "After." in soup.get_text()
    assert not [w for w in built.warning_lines() if "shortcode" in w], built.warning_lines()


def test_a_call_or_a_pair_is_one_word_of_the_text_as_hugos_placeholder_is(project):
    """Hugo reads a ``{{< >}}`` call, or a pair with everything it encloses, as one word:
    below table rows it is one more row (the disclosure in its cell), above a setext
    underline it is part of the heading.  Lines are still counted as the file's."""
    body = (
        "| a | b |\n|---|---|\n| 1 | c |\n"
        '{{< details summary="More" >}}\nHidden *text* {{< innerx >}}.\n{{< /details >}}\n\n'
        "{{< boxed >}}\nInner **text**.\n{{< /boxed >}}\nTitle\n=====\n\n"
        "{{< nosuch >}}\n"
    )
    built = project({"events/x.md": _page("X", body)})
    soup = built.html("talks/x")
    rows = soup.select("section table tbody tr")
    assert len(rows) == 2 and rows[1].find("details") is not None
    assert rows[1].find("details").find("em").get_text() == "text"
    heading = soup.find(id="title")  # a setext heading's id: its last line's (Goldmark)
    assert heading is not None and heading.find("h2").get_text().startswith("Inner text.")
    warned = {w.split(": WARNING: ")[1].split(":")[0]: w.split(": WARNING")[0] for w in built.warning_lines()}
    assert warned["unknown shortcode 'innerx' left out"].endswith("x.md:9")
    assert warned["unknown shortcode 'boxed'"].endswith("x.md:12")
    assert warned["unknown shortcode 'nosuch' left out"].endswith("x.md:18")


def test_terms_table_ends_and_footnote_order_follow_goldmark(project):
    """Measured with Hugo 0.168: every line above ``: definition`` is a term; a line
    ``=`` or ``: text`` ends a table's rows; footnote references are counted with every
    definition read where the first one is written."""
    body = (
        "Apple\nPear\n: Fruit\n\n"
        "| a |\n|---|\n| 1 |\nTitle\n=\n\n"
        "A[^x].\n\n[^x]: X.\n\nB[^z].\n\n[^z]: Z.\nC[^y].\n\n[^y]: Y.\n"
    )
    soup = project({"events/a.md": _page("A", body)}).html("talks/a")
    assert [dt.get_text(strip=True) for dt in soup.select("section dl dt")] == ["Apple", "Pear"]
    table = soup.select_one("section table")
    assert [tr.get_text(strip=True) for tr in table.select("tbody tr")] == ["1", "Title"]
    after = next(p for p in table.find_all_next("p") if p.find_parent("table") is None)
    assert after.get_text(strip=True) == "="
    numbers = {p.get_text()[0]: p.sup.get_text() for p in soup.select("section p") if p.sup}
    assert numbers["A"] == "1" and numbers["B"] == "3" and numbers["Z"] == "2"  # "Z. C[^y]."


def test_videos_in_code_and_in_a_pairs_text_are_the_talks_videos(project):
    """What the page plays, the reader lists: a call in a fence runs on the page (as in
    Hugo) and a player inside a ``details`` pair plays there, so both are among the
    talk's videos in the JSON export."""
    body = (
        "```\n{{< youtube dQw4w9WgXcQ >}}\n```\n\n"
        '{{< details summary="Recording" >}}\n{{< vimeo 146022717 >}}\n{{< /details >}}\n'
    )
    built = project({"events/a.md": _page("A", body)})
    soup = built.html("talks/a")
    assert len(players(soup)) == 2
    (talk,) = json.loads((built.outdir / "talks" / "talks.json").read_text("utf-8"))["talks"]
    assert sorted(v["id"] for v in talk["videos"]) == ["146022717", "dQw4w9WgXcQ"]


def test_only_the_links_a_body_opens_with_go_to_the_header(project):
    """A button written at the end of a body without headings (Meetup exports: "This
    event was originally hosted on Meetup." and the button) stays there with its label;
    one the body opens with becomes a header button."""
    closing = (
        "Come along.\n\n*This event was originally hosted on Meetup.*\n\n"
        '{{< button href="https://www.meetup.com/x/events/1/" label="View this event on Meetup" >}}\n'
    )
    opening = '{{< button href="https://example.org/slides" label="Slides" >}}\n\nCome along.\n'
    built = project({"events/a.md": _page("A", closing), "events/b.md": _page("B", opening)})
    soup = built.html("talks/a")
    button = soup.find("a", string=lambda s: s and "View this event on Meetup" in s)
    assert button is not None and button["href"] == "https://www.meetup.com/x/events/1/"
    assert "originally hosted" in button.find_parent("p").find_previous("p").get_text()
    assert not soup.select(".talks-links a")
    header = built.html("talks/b").select(".talks-links a")
    assert [a.get_text(strip=True) for a in header] == ["Slides"]


def test_a_description_that_repeats_the_body_as_written_is_not_shown_twice(project):
    """An export's description copies the body's start, heading marks included
    (``## Details …``): it is the body's, not a paragraph of its own above it."""
    page = (
        '+++\ntitle = "A"\ndate = 2024-01-02\n'
        'description = "## Details RLadies and PyLadies are teaming up for a career panel. Whether you are…"\n'
        "+++\n## Details\n\nRLadies and PyLadies are teaming up for a career panel. Whether you are new or not.\n"
    )
    soup = project({"events/a.md": page}).html("talks/a")
    assert "## Details" not in soup.get_text()
    assert soup.get_text().count("teaming up") == 1


def test_a_text_address_is_part_of_the_place(project):
    page = (
        '+++\ntitle = "A"\ndate = 2024-01-02T18:00:00\nvenue = "VISST"\n'
        'address = "1490 West Broadway, Vancouver"\n+++\nText.\n'
    )
    built = project({"events/a.md": page})
    assert "1490 West Broadway, Vancouver" in built.html("talks/a").get_text()
    (talk,) = json.loads((built.outdir / "talks" / "talks.json").read_text("utf-8"))["talks"]
    assert "1490 West Broadway" in (talk["location"] or "")


def test_a_sites_yaml_configuration_is_read_as_yaml_1_2_as_hugo_reads_it(project):
    """Hugo 0.168 reads ``disable: on`` as the text "on" (and refuses it: "cannot parse
    'YouTube.Disable' as bool"), not as true: the player stays; ``disable: true`` is true."""
    body = "{{< youtube dQw4w9WgXcQ >}}\n"
    text_on = project(
        {"events/a.md": _page("A", body), "hugo.yaml": "privacy:\n  youtube:\n    disable: on\n"}
    )
    assert len(players(text_on.html("talks/a"))) == 1
    true = project(
        {"events/a.md": _page("A", body), "hugo.yaml": "privacy:\n  youtube:\n    disable: true\n"}
    )
    assert players(true.html("talks/a")) == []


def test_a_body_heading_named_as_the_title_keeps_hugos_id_and_the_title_gives_way(project):
    """``## T`` in a talk titled "T": Hugo's id ``t`` stays the heading's (old ``#t``
    links land there); the page title takes another, with no duplicate-id error."""
    page = '+++\ntitle = "T"\ndate = 2024-01-02\n+++\n## T\n\nText.\n\nSee [above](#t).\n'
    built = project({"events/t.md": page})
    assert built.warning_lines() == []
    soup = built.html("talks/t")
    heading = soup.find(id="t")
    assert heading.name == "section" and heading.find("h2").get_text().startswith("T")
    title = soup.find("h1").find_parent("section")
    assert title["id"] != "t"
