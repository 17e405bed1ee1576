"""Bodies of unusual shapes, each pinning a fault found by comparing our pages with
Hugo 0.168's (benchmarks/hugo_oracle.py) or with the talk's own exports."""

from __future__ import annotations

import json

from conftest import PNG, players


def _page(title: str, body: str) -> str:
    return f'+++\ntitle = "{title}"\ndate = 2024-01-02\n+++\n{body}'


def _talk_json(built) -> dict:
    (talk,) = json.loads((built.outdir / "talks" / "talks.json").read_text("utf-8"))["talks"]
    return talk


def test_a_video_call_in_indented_code_plays_as_in_a_fence_and_is_listed(project):
    """Hugo runs a call in an indented code block as in a fence; the page plays it and
    the JSON export lists it (it listed it while the page showed the call as code)."""
    body = "Para\n\n    {{< youtube dQw4w9WgXcQ >}}\n\n\tbefore {{< vimeo 146022717 >}} after\n"
    built = project({"events/a.md": _page("A", body)})
    soup = built.html("talks/a")
    assert len(players(soup)) == 2
    assert sorted(v["id"] for v in _talk_json(built)["videos"]) == ["146022717", "dQw4w9WgXcQ"]
    codes = [c.get_text() for c in soup.select("section pre")]
    assert not any("{{" in c for c in codes)
    assert any("before" in c for c in codes) and any("after" in c for c in codes)


def test_a_comment_pair_shows_nothing_and_its_videos_are_not_the_talks(project):
    """Hugo's ``comment`` shortcode prints nothing of what it encloses, in either form:
    the page shows none of the commented-out text or video, and the JSON export lists
    no video from it (both had shown and listed them)."""
    body = (
        "{{< comment >}}\nsecret *draft* {{< youtube M7lc1UVf-VE >}}\n{{< /comment >}}\n\n"
        "Kept {{< comment >}}hidden words{{< /comment >}} text.\n\n"
        "{{% comment %}}\nmarkdown draft {{< vimeo 146022717 >}}\n{{% /comment %}}\n\n"
        "Also {{% comment %}}quiet words{{% /comment %}} kept.\n"
    )
    built = project({"events/a.md": _page("A", body)})
    soup = built.html("talks/a")
    text = soup.select_one("div[role=main]").get_text(" ")
    for hidden in ("secret", "draft", "hidden words", "quiet words"):
        assert hidden not in text
    assert "Kept" in text and "Also" in text and "kept." in text
    assert players(soup) == []
    assert _talk_json(built)["videos"] == []
    assert not [w for w in built.warning_lines() if "comment" in w]


def test_a_quoted_argument_holding_the_closing_delimiter_does_not_end_the_call(project):
    """Hugo's lexer reads a quoted argument whole, ``>}}`` in it included; the call
    had been cut there, its rest shown as text and the video lost."""
    body = 'A {{< youtube id="dQw4w9WgXcQ" title="a >}} b" >}} B\n\n{{% figure src=`x %}}` %}}\n\nC\n'
    built = project({"events/a.md": _page("A", body)})
    soup = built.html("talks/a")
    text = soup.select_one("div[role=main]").get_text(" ")
    assert "}}" not in text and "B" in text and "C" in text
    assert players(soup) == ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"]
    assert [v["id"] for v in _talk_json(built)["videos"]] == ["dQw4w9WgXcQ"]


def test_calls_in_a_pictures_alt_text_give_their_text_not_their_markup(project):
    """Hugo runs a call in an image's alt text (a pair gives what it encloses); the alt
    had shown the calls as written.  A call that gives no text there is warned about
    at its line."""
    body = "Intro.\n\n![alt {{< note >}}*x*{{< /note >}} y](pic.png)\n\n![see {{< youtube dQw4w9WgXcQ >}}](pic.png)\n"
    built = project({"events/a.md": _page("A", body), "events/pic.png": PNG})
    alts = [img["alt"] for img in built.html("talks/a").select("div[role=main] img")]
    assert alts == ["alt x y", "see"]
    assert any("a.md:9:" in w and "youtube" in w for w in built.warning_lines())


def test_a_warning_after_a_call_spanning_lines_inside_a_paragraph_has_its_own_line(project):
    """A call or pair written over several lines is one word of its paragraph; the
    lines after it in the same paragraph had been counted without its line breaks."""
    body = (
        'Intro {{< youtube\n  id="dQw4w9WgXcQ"\n>}} and\n[one](#nowhere)\n\n'
        "a {{< note\nq=1 >}}b\nc{{< /note\n>}} d\n[two](#nowhere-else)\n"
    )
    built = project({"events/a.md": _page("A", body)})
    found = {w.split("'")[1]: w.split(":")[1] for w in built.warning_lines() if "bad-anchor" in w}
    assert found == {"#nowhere": "8", "#nowhere-else": "14"}


def test_a_warning_after_any_inline_construct_spanning_lines_has_its_own_line(project):
    """Line breaks inside a code span, a link's title, inline HTML, a picture's alt
    text (a pair in it too), an escaped call or a ``{{% %}}`` call are lines of the
    paragraph too; only the breaks between words had been counted, so a warning after
    them came too early."""
    shapes = [
        "a `x\ny\nz` d",
        'a [x](https://e.org/ "t\nu") d',
        "a <span\nclass=x>b</span> d",
        "a ![x\ny](p.png) d",
        "a {{</* x\ny */>}} d",
        "a {{% note\nq=1 %}}b\nc{{% /note\n%}} d",
        "a `x\ny` ![x\ny](p.png) ![gone](../gone.png) d",
        "![a {{< note >}}x\ny{{< /note >}}](p.png) d",
    ]
    body = "".join(f"{shape}\n[bad](#nowhere{i})\n\n" for i, shape in enumerate(shapes))
    built = project({"events/a.md": _page("A", body), "events/p.png": PNG})
    found = {w.split("'")[1]: int(w.split(":")[1]) for w in built.warning_lines() if "bad-anchor" in w}
    expected, line = {}, 5
    for i, shape in enumerate(shapes):
        line += shape.count("\n") + 1
        expected[f"#nowhere{i}"] = line
        line += 2
    assert found == expected
    (gone,) = [w for w in built.warning_lines() if "gone.png" in w]
    assert f"a.md:{expected['#nowhere6'] - 1}:" in gone


def _video_ids(urls: list[str]) -> list[str]:
    return sorted(u.split("/embed/")[1].split("?")[0] for u in urls)


def test_a_video_in_a_speakers_bio_is_played_and_listed_alike(project):
    """What the page plays, the JSON export lists, and the reverse.  A video call in a
    Speakers section's bio had been counted among the talk's videos (talks.json listed
    it), but the bio is shown on the speaker's card, where the call is a link: the
    person's video, not the talk's.  The reader now leaves bios out of the talk's
    videos."""
    body = "Abstract.\n\n## Speaker\n\n**Ann Example** is a researcher. {{< youtube ScMzIvxBSi4 >}}\n"
    built = project({"events/a.md": _page("A", body)})
    soup = built.html("talks/a")
    played = _video_ids(players(soup))
    listed = sorted(v["id"] for v in _talk_json(built)["videos"])
    assert played == listed
    assert soup.find("a", href=lambda h: h and "ScMzIvxBSi4" in h) is not None  # the card links it


def test_an_html_comment_never_closed_hides_the_rest_of_the_body_with_a_warning(project):
    """An HTML block opened by ``<!--`` runs to the end of the body when no ``-->``
    follows (CommonMark; Hugo hides it too): the heading and text after it vanished
    without a word.  Now a warning at the comment's line says so."""
    body = "Para\n\n<!-- note to self\n\n## Heading\n\nLots of text\n"
    closed = "x\n\n<!-- fine,\nclosed -->\n\ny\n"
    built = project({"events/a.md": _page("A", body), "events/b.md": _page("B", closed)})
    text = built.html("talks/a").select_one("div[role=main]").get_text(" ")
    assert "Para" in text and "Lots of text" not in text
    (warning,) = built.warning_lines()
    assert "a.md:7:" in warning and "[talks.unclosed-comment]" in warning


def test_a_backslash_before_a_call_leaves_the_call_a_call(project):
    """``\\{{< name >}}``: Goldmark keeps the backslash (the next character is no
    punctuation) and Hugo runs the call.  markdown-it's escape rule took the first
    letter of the placeholder word with the backslash, so the page showed the internal
    placeholder (``\\TALKSSC0SC``) instead of the call; before a ``{{% %}}`` call it took
    the ``{``, showing the call as written."""
    body = (
        "Intro \\{{< youtube dQw4w9WgXcQ >}} and \\{{< note >}}*x*{{< /note >}} end.\n\n"
        "Then \\{{% note %}}*y*{{% /note %}} too.\n"
    )
    built = project({"events/a.md": _page("A", body)})
    soup = built.html("talks/a")
    text = soup.select_one("div[role=main]").get_text(" ")
    assert "TALKSSC" not in text and "{{" not in text and "\\" in text
    assert "x" in text and "end." in text and "y" in text and "too." in text
    assert _video_ids(players(soup)) == ["dQw4w9WgXcQ"]
    assert [v["id"] for v in _talk_json(built)["videos"]] == ["dQw4w9WgXcQ"]
