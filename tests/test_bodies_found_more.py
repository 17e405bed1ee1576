"""Faults found by writing unusual talk bodies (issue 27's reader), each pinned by a test."""

from __future__ import annotations

import json

import pytest
from conftest import players

Y = "dQw4w9WgXcQ"


def _page(body: str, title: str = "A talk") -> str:
    # front matter: 4 lines, so the body's first line is the file's line 5
    return f'+++\ntitle = "{title}"\ndate = 2024-01-02\n+++\n{body}'


def _lines(built, subtype: str) -> list[int]:
    return [int(w.split("a.md:")[1].split(":")[0]) for w in built.warning_lines() if f"talks.{subtype}" in w]


def _videos(built) -> set[tuple[str, str]]:
    data = json.loads((built.outdir / "talks" / "talks.json").read_text("utf-8"))
    return {(v["provider"], v["id"]) for t in data["talks"] for v in t["videos"]}


@pytest.mark.parametrize(
    ("body", "subtype", "line"),
    [
        # a call over three lines, then text in the same paragraph: file line 8, not 6
        (f'Para {{{{< youtube\n  id="{Y}"\n>}}}} text\nmore {{{{< zzz >}}}}\n', "unknown-shortcode", 8),
        ('x {{< details summary="S" >}}\na\n\nb\n{{< /details >}} y\n[l](#nope)\n', "bad-anchor", 10),
        (f'Para {{{{< youtube\n  id="{Y}"\n>}}}} text\nmore [^nope]\n', "footnote-missing", 8),
    ],
    ids=["call", "pair", "footnote"],
)
def test_a_line_after_a_multi_line_call_or_pair_in_a_paragraph_is_warned_at_its_own_line(
    project, body, subtype, line
):
    """The lines inside a call or pair written over several lines count: what follows
    it in the same paragraph is warned about at its own file line."""
    built = project({"events/a.md": _page(body)})
    assert _lines(built, subtype) == [line]


def test_a_call_in_a_written_heading_id_does_not_leak_the_placeholder(project):
    """Hugo puts the call's output into the id and into the link alike, so the link lands."""
    body = "## Foo {#a{{< scx >}}b}\n\ntext [x](#a{{< scx >}}b)\n"
    built = project({"events/a.md": _page(body)})
    page = (built.outdir / "talks" / "a.html").read_text("utf-8")
    assert "TALKSSC" not in page
    assert not _lines(built, "bad-anchor"), built.warning_lines()


def test_a_body_holding_the_placeholder_prefix_many_times_over_gets_a_longer_one():
    """``protect`` lengthened its prefix one ``Q`` at a time, scanning the body each time
    (quadratic: 100,000 Qs took 8 s); now one pass finds the longest run (the timing is
    the ``prefix`` case of ``benchmarks.bodies``)."""
    from sphinx_talks.markup.placeholders import protect

    prot = protect("TALKSSC" + "Q" * 150_000 + " {{< a >}}")
    assert len(prot.placed) == 1 and prot.pattern.pattern.split("(")[0] not in "TALKSSC" + "Q" * 150_000


def test_a_call_that_shows_nothing_does_not_split_a_code_block(project):
    body = "```\na {{< zzz >}} b\n```\n"
    soup = project({"events/a.md": _page(body)}).html("talks/a")
    blocks = soup.select("div.highlight pre")
    assert len(blocks) == 1 and blocks[0].get_text().strip() == "a  b"


def test_a_highlight_pair_is_a_code_block_of_its_text(project):
    """Hugo's own ``highlight`` shortcode: its text is code, not Markdown."""
    body = "{{< highlight python >}}\n# a comment\ndef __init__(self):\n    return a*b*c\n"
    body += "{{< /highlight >}}\n"
    built = project({"events/a.md": _page(body)})
    soup = built.html("talks/a")
    (code,) = soup.select("div.highlight pre")
    assert code.get_text().strip() == "# a comment\ndef __init__(self):\n    return a*b*c"
    assert not soup.select("section section h2, p.rubric, section em, section strong")
    assert not _lines(built, "unknown-shortcode")


def test_a_youtube_call_given_a_closing_call_is_played_if_and_only_if_listed(project):
    """The page showed no player (and called 'youtube' an unknown shortcode) while
    talks.json listed the video."""
    body = f"{{{{< youtube {Y} >}}}}caption{{{{< /youtube >}}}}\n"
    built = project({"events/a.md": _page(body)})
    shown = {("youtube", Y)} if any(Y in p for p in players(built.html("talks/a"))) else set()
    assert shown == _videos(built)
    assert not [w for w in built.warning_lines() if "unknown shortcode 'youtube'" in w]


def test_a_button_pair_enclosing_a_video_at_the_top_shows_text_and_agrees_with_the_export(project):
    """The header button's label was the call as written and talks.json listed a video the
    page does not play."""
    body = f'{{{{< button href="https://example.org" >}}}}{{{{< youtube {Y} >}}}}'
    body += "{{< /button >}}\n\ntext\n"
    built = project({"events/a.md": _page(body)})
    soup = built.html("talks/a")
    assert "{{<" not in soup.get_text()
    shown = {("youtube", Y)} if any(Y in p for p in players(soup)) else set()
    assert shown == _videos(built)


def test_a_figures_title_and_attribution_are_shown_and_its_alt_is_plain_text(project):
    """Hugo shows ``title`` (a heading) and ``attr`` in the caption and takes the alt text
    from the caption without its Markdown."""
    body = '{{< figure src="pic.png" caption="**bold** caption" title="The Title" attr="by X" >}}\n'
    from conftest import PNG

    built = project({"events/a.md": _page(body), "events/pic.png": PNG})
    figure = built.html("talks/a").find("figure")
    assert figure is not None
    assert figure.img["alt"] == "bold caption"
    text = " ".join(figure.get_text().split())
    assert "The Title" in text and "by X" in text
