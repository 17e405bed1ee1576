"""Front matter fields read as carefully as bodies: named links keep their names
whatever their URL, the banner's caption is shown, and every text field is checked
for mis-decoded text (issue 27, item 8)."""

from __future__ import annotations

from conftest import players


def _buttons(html):
    """The talk page's link buttons as ``{label: href}``."""
    return {a.get_text(" ", strip=True): a["href"] for a in html.select(".talks-links a")}


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
