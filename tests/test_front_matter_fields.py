"""Front matter fields read as carefully as bodies: named links keep their names
whatever their URL, the banner's caption is shown, and every text field is checked
for mis-decoded text (issue 27, item 8)."""

from __future__ import annotations

import re

from conftest import PNG, players


def _buttons(html):
    """The talk page's link buttons as ``{label: href}``."""
    return {a.get_text(" ", strip=True): a["href"] for a in html.select(".talks-links a")}


def _mojibake(built):
    return [line for line in built.warning_lines() if "[talks.mojibake]" in line]


# -- 1. a named link keeps its name whatever its URL ---------------------------------------


def test_a_named_link_keeps_its_name_whatever_its_url(project):
    toml = (
        '+++\ntitle = "Named"\ndate = 2024-01-02T10:00:00\nlinks = [\n'
        '  {name = "Teaser (short)", url = "https://www.youtube.com/shorts/dQw4w9WgXcQ"},\n'
        '  {name = "On the phone", url = "https://m.youtube.com/watch?v=aaaaaaaaaaa"},\n'
        '  "https://youtu.be/bbbbbbbbbbb",\n'
        "]\n+++\nText.\n"
    )
    blox = (  # Hugo Blox: `type` names a link that has no `name`; a `video` is the recording
        "---\ntitle: Blox\ndate: 2024-01-03T10:00:00\nlinks:\n"
        "  - type: slides\n    url: https://vimeo.com/123456789\n"
        "  - type: video\n    url: https://youtu.be/ccccccccccc\n"
        "  - icon_pack: fab\n    icon: youtube\n    name: Follow the series\n"
        "    url: https://www.youtube.com/watch?v=ddddddddddd\n---\nText.\n"
    )
    built = project({"events/named.md": toml, "events/blox.md": blox})
    html = built.html("talks/named")
    assert _buttons(html) == {
        "Teaser (short)": "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "On the phone": "https://m.youtube.com/watch?v=aaaaaaaaaaa",
    }, _buttons(html)
    shown = players(html)  # each video still gets its player; the unnamed one only that
    assert [s for s in shown if "dQw4w9WgXcQ" in s or "aaaaaaaaaaa" in s or "bbbbbbbbbbb" in s], shown
    assert len(shown) == 3, shown
    blox_html = built.html("talks/blox")
    assert _buttons(blox_html) == {
        "Slides": "https://vimeo.com/123456789",
        "Follow the series": "https://www.youtube.com/watch?v=ddddddddddd",
    }, _buttons(blox_html)
    assert len(players(blox_html)) == 3, players(blox_html)
    assert built.warning_lines() == []


def test_a_titled_resource_keeps_its_title_on_its_video(project):
    page = (
        '---\ntitle: "Conf"\ndate: 2024-01-01T10:00:00\nresources:\n'
        '  - title: "Talk one"\n    speaker: "Ann Lee"\n'
        '    video: "https://www.youtube.com/watch?v=dQw4w9WgXcQ"\n'
        '  - video: "https://youtu.be/aaaaaaaaaaa"\n---\nText.\n'
    )
    built = project({"events/c.md": page})
    html = built.html("talks/c")
    assert _buttons(html) == {"Talk one: Video (Ann Lee)": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}, (
        _buttons(html)
    )
    assert len(players(html)) == 2, players(html)


# -- 2. the banner's caption -----------------------------------------------------------------

CAPTION = "Photo by <b>X</b> on [Unsplash](https://unsplash.com/@x) & {sub}`y` [z](javascript:alert(1))"
#: How the caption reads: its http(s) link a link, the rest the text it was written as.
SHOWN = "Photo by <b>X</b> on Unsplash & {sub}`y` [z](javascript:alert(1))"


def _captioned(extra: str = "") -> str:
    return (
        "---\ntitle: Captioned\ndate: 2024-01-02T10:00:00\n"
        f"image:\n  filename: featured.png\n  caption: '{CAPTION}'\n  focal_point: Smart\n{extra}"
        "---\nText.\n"
    )


def test_the_banner_shows_its_caption_as_text(project):
    toml = (
        '+++\ntitle = "Toml"\ndate = 2024-01-03T10:00:00\n[image]\n'
        'filename = "featured.png"\ncaption = "Photo by Y on Unsplash"\n+++\nText.\n'
    )
    built = project(
        {
            "events/a/index.md": _captioned(),
            "events/a/featured.png": PNG,
            "events/t/index.md": toml,
            "events/t/featured.png": PNG,
        }
    )
    html = built.html("talks/a")
    figure = html.select_one("figure")
    assert figure is not None and figure.select_one("img.talks-banner"), html.select("img")
    caption = figure.select_one("figcaption")
    assert caption is not None and caption.select_one(".caption-text").get_text() == SHOWN, caption
    links = caption.select(".caption-text a")  # data, not markup: only the http(s) link is one
    assert [(a["href"], a.get_text()) for a in links] == [("https://unsplash.com/@x", "Unsplash")], caption
    assert not caption.find("b") and not caption.find(href=re.compile("javascript")), caption
    tcaption = built.html("talks/t").select_one("figure figcaption")
    assert (
        tcaption is not None and tcaption.select_one(".caption-text").get_text() == "Photo by Y on Unsplash"
    )
    assert built.warning_lines() == []


def test_the_caption_stays_when_the_player_takes_the_banner(project):
    built = project(
        {
            "events/a/index.md": _captioned("url_video: https://youtu.be/dQw4w9WgXcQ\n"),
            "events/a/featured.png": PNG,
        }
    )
    html = built.html("talks/a")
    player = html.select_one("a.talks-player")
    assert player is not None and player.select_one("img.talks-player-poster"), html
    assert not html.select("img.talks-banner")  # the picture is shown once, as the poster
    captions = html.select("figcaption")
    assert [c.select_one(".caption-text").get_text() for c in captions] == [SHOWN], captions
    figure = captions[0].parent
    assert figure.name == "figure" and figure.select_one("a.talks-player"), figure  # under the player
    assert built.warning_lines() == []


# -- 3. every text field is checked for mis-decoded text ------------------------------------

#: ``Köln`` mis-decoded, as a TOML escape (the file itself is ASCII).
BAD = "K\\u00c3\\u00b6ln"
FIELDS = {  # field line → TOML line; each holds the mis-decoded text once
    3: f'location = "{BAD}, Messehalle"',
    4: f'venue = "Halle {BAD}"',
    5: f'summary = "A day in {BAD}."',
    6: f'abstract = "About {BAD}."',
    7: f'tags = ["{BAD}", "ok"]',
    8: f'event = "PyCon {BAD}"',
    9: f'links = [{{name = "Map of {BAD}", url = "https://example.org/map"}}]',
    10: f'speakers = [{{name = "Ann {BAD}", affiliation = "Uni {BAD}"}}]',
    11: f'room = "Saal {BAD}"',
}


def _page() -> str:
    lines = ["+++", 'title = "Fields"', *FIELDS.values(), "date = 2024-01-02T10:00:00", "+++", "Text."]
    return "\n".join(lines) + "\n"


def test_every_text_field_is_repaired(project):
    built = project({"events/f.md": _page()}, verbosity=1)
    assert _mojibake(built) == [], built.warning_lines()
    html = built.html("talks/f")
    text = html.get_text(" ")
    assert "\u00c3" not in text, re.findall(r".{20}\u00c3.{20}", text)
    for shown in ("Köln, Messehalle", "Halle Köln", "A day in Köln.", "About Köln.", "PyCon Köln"):
        assert shown in text, shown
    assert "Map of Köln" in _buttons(html)
    assert "Ann Köln" in text and "Uni Köln" in text and "Saal Köln" in text
    notices = [line for line in built.status.splitlines() if "[talks.mojibake]" in line]
    assert sorted(int(re.search(r"f\.md:(\d+)", n).group(1)) for n in notices) == sorted(FIELDS), notices


def test_every_text_field_is_warned_at_its_line(project):
    raw = "---\ntitle: Raw\ndate: 2024-01-02\nlocation: K\u00c3\u00b6ln\n---\nIn K\u00c3\u00b6ln.\n"
    built = project({"events/f.md": _page(), "events/r.md": raw}, conf="talks_fix_mojibake = False\n")
    warnings = _mojibake(built)
    lines = sorted(int(re.search(r"f\.md:(\d+)", w).group(1)) for w in warnings if "f.md:" in w)
    assert lines == sorted(FIELDS), warnings
    assert all("'Köln'" in w or "Köln" in w for w in warnings), warnings
    # a mis-decoded line written as such is warned about once, front matter and body alike
    raw_lines = sorted(int(re.search(r"r\.md:(\d+)", w).group(1)) for w in warnings if "r.md:" in w)
    assert raw_lines == [4, 6], warnings
    assert "K\u00c3\u00b6ln" in built.html("talks/f").get_text(" ")  # kept as written


def test_a_caption_that_is_not_text_is_a_warning(project):
    page = (
        "---\ntitle: Listed\ndate: 2024-01-02T10:00:00\n"
        "image:\n  filename: featured.png\n  caption: [a, b]\n---\nText.\n"
    )
    built = project({"events/a/index.md": page, "events/a/featured.png": PNG})
    warnings = built.warning_lines()
    assert len(warnings) == 1 and "index.md:4:" in warnings[0] and "[talks.bad-type]" in warnings[0], warnings
    html = built.html("talks/a")
    assert html.select_one("img.talks-banner") and not html.select("figcaption")
