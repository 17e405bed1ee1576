"""Bad and hostile pages: no traceback, warnings at the source line, nothing injected or leaked."""

from __future__ import annotations

import re

import pytest

FM = '+++\ntitle = "{title}"\ndate = 2024-01-01\n+++\n'


def page(body: str, title: str = "T") -> str:
    return FM.format(title=title) + body


CASES = {
    # front-matter values the parsers cannot represent
    "yaml-impossible-date": ("---\ntitle: x\ndate: 2021-13-45\n---\n", "bad-date", 3),  # the rest is kept
    "toml-huge-int": ('+++\ntitle = "x"\nn = ' + "1" * 5000 + "\n+++\n", "toml-error", 2),
    "yaml-huge-int": ("---\ntitle: x\nn: " + "1" * 5000 + "\n---\n", "no-date", 1),  # n is kept as text
    "json-huge-int": ('{"title": "x", "n": ' + "1" * 5000 + "}\n", "json-error", 1),
    "json-array": ("[1, 2, 3]\n", None, None),
    "date-underflow": ('+++\ntitle = "x"\ndate = 0001-01-01T00:00:00+05:00\n+++\n', "bad-date", 3),
    "date-overflow": ('+++\ntitle = "x"\ndate = 9999-12-31T23:00:00-05:00\n+++\n', "bad-date", 3),
    "bad-offset": ('+++\ntitle = "x"\ndate = "2021-01-01T10:00+99:00"\n+++\n', "bad-date", 3),
    "summary-end-of-time": (
        '+++\ntitle = "x"\nsummary = "Speaker: A | Dec 31, 9999 23:00-01:00"\n+++\n',
        None,
        None,
    ),
    "yaml-alias-bomb": (
        "---\ntitle: x\n"
        + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "---\n",
        "yaml-error",
        2,
    ),
    # bodies that must not take quadratic time (they finish; no timing asserted)
    "many-backticks": (page("x " + "`" * 3000 + "\n"), None, None),
    "many-brackets": (page("x " + "[" * 50000 + "\n"), None, None),
    "many-comment-openers": (page("x " + "<!--" * 20000 + "\n"), None, None),
    # markup that would reach Sphinx
    "fence-directive": (page("```{literalinclude} ../../../../../../etc/hostname\n```\n"), None, None),
    "fence-eval-rst": (page("```{eval-rst}\n.. include:: ../../../../../../etc/hostname\n```\n"), None, None),
    "fence-raw-script": (page("```{raw} html\n<script>alert('fence')</script>\n```\n"), None, None),
    "fence-unknown-lang": (
        page("```mermaid\ngraph TD\n```\n\n```{r, echo=FALSE}\nx <- 1\n```\n"),
        None,
        None,
    ),
    "figure-caption-fence": (
        page('{{< figure src="https://example.com/a.png" caption="cap\n~~~{literalinclude} x\n~~~" >}}\n'),
        None,
        None,
    ),
    "bio-fence": (
        page(
            "### Speakers\n\n**Jane Doe** is a researcher\n    ````\n    ~~~{literalinclude} /etc/hostname\n    ~~~\n"
        ),
        None,
        None,
    ),
    "nested-script": (page("x <<script>script>alert('nested')<</script>/script> y\n"), None, None),
    "multiline-image": (
        page("An ![multi\nline](../../../../../../etc/hostname) image\n"),
        "image-not-found",
        5,
    ),
    "refdef-next-line": (page("See ![y][img]\n\n[img]:\n  ../../../../../../etc/hostname\n"), None, None),
    "multiline-link": (page("A [multi\nline](other-page.md) link\n"), None, None),
    "footnotes": (page("Text[^1] and more.\n\n[^1]: a plain note\n"), None, None),
    "adjacent-rules": (page("para\n\n***\n\n---\n\nend\n\n## H\n\n---\n\ntext\n\n---\n"), None, None),
    "unclosed-fence": (page("Intro\n\n```python\ncode\n"), "unclosed-fence", 7),
    "backtick-title": (page("Body\n", title="Using `foo` in prod"), None, None),
    "backtick-details": (page('{{< details "Use `x`" >}}\ninside\n{{< /details >}}\n'), None, None),
    "long-fence-in-details": (
        page('{{< details "More" >}}\n````\ncode\n````\n{{< /details >}}\n\nAfter\n'),
        None,
        None,
    ),
    "backtick-urls": (
        '+++\ntitle = "x"\ndate = 2024-01-01\nimage = "https://example.com/a`b`.png"\n'
        'url_slides = "https://example.com/```x"\n+++\nbody\n',
        None,
        None,
    ),
    "block-shortcode-line": (
        page("para {{< youtube dQw4w9WgXcQ >}}\n{{< unknownB >}}\n[x](javascript:alert(1))\n"),
        "unsafe-url",
        7,
    ),
    "end-before-start": (
        '+++\ntitle = "x"\ndate = 2024-01-02\ndate_end = 2024-01-01\n+++\n',
        "end-before-start",
        4,
    ),
    "videoseries": (page('{{< youtube "videoseries?list=PLxyz" >}}\n'), None, None),
    "draft-string": ('+++\ntitle = "x"\ndraft = "true"\n+++\n', None, None),
    "bad-types": ('+++\ntitle = "x"\ndate = 2024-01-01\ntags = [["a"], true, "ok"]\n+++\n', "bad-type", 4),
    "control-chars": (page("body\n", title="a\\u0001b\\u001bc"), None, None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_page(name, project):
    content, subtype, line = CASES[name]
    built = project({f"events/{name}.md": content})
    warnings = built.warning_lines()
    # every warning names the source file (never a generated page) and is ours
    for warning in warnings:
        assert f"events/{name}.md:" in warning and "[talks." in warning, warning
    if subtype:
        located = [w for w in warnings if f"[talks.{subtype}]" in w]
        assert located, warnings
        assert any(f"events/{name}.md:{line}:" in w for w in located), located
    for html in built.outdir.rglob("*.html"):
        text = html.read_text("utf-8")
        assert not re.search(r"<script>alert", text), html
        assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', text)), html
    assert not any(p.name == "hostname" for p in built.outdir.rglob("*")), "file from outside leaked"
    index = (built.outdir / "talks" / "index.html").read_text("utf-8")
    assert "grid-item-card" not in index


def test_backtick_title_is_a_list_entry_and_a_heading(project):
    built = project({"events/t.md": page("Body\n", title="Using `foo` in prod")})
    assert "Using `foo` in prod" in built.html("talks/t").find("h1").get_text()
    entries = built.html("talks/index").select(".talks-list li a.reference")
    assert [a.get_text(strip=True) for a in entries] == ["Using `foo` in prod"]


def test_fence_content_stays_code(project):
    built = project(
        {
            "events/f.md": page(
                '```{raw} html\n<b>x</b>\n```\n\n{{< details "More" >}}\n````\ncode\n````\n{{< /details >}}\n\nAfter\n'
            )
        }
    )
    html = built.html("talks/f")
    assert "<b>x</b>" in html.find("pre").get_text()
    details = html.find("details")
    assert "code" in details.get_text() and "After" not in details.get_text()
    assert "After" in html.get_text()


def test_draft_string_is_a_draft(project):
    built = project({"events/d.md": CASES["draft-string"][0]})
    assert not (built.outdir / "talks" / "d.html").exists()


def test_speaker_and_tag_named_index_keep_their_pages(project):
    content = '+++\ntitle = "x"\ndate = 2024-01-01\nspeakers = ["index", "Index Person"]\ntags = ["index", "index-2"]\n+++\n'
    built = project({"events/i.md": content})
    speakers = {p.stem for p in (built.outdir / "talks" / "speakers").glob("*.html")}
    assert {"index", "index-person"} <= speakers and len(speakers) == 3
    tags = {p.stem for p in (built.outdir / "talks" / "tags").glob("*.html")}
    assert len(tags) == 3


def test_header_values_are_text_in_the_written_html(project):
    """The talk header is written as HTML at the end of the build: every value from
    front matter arrives escaped, links only to pages of the catalog."""
    hostile = "<img src=x onerror=alert(1)> *em* {role}`x` [l](javascript:alert(1))"
    content = (
        f'+++\ntitle = "H"\ndate = 2024-01-01T10:00:00\nlocation = "{hostile}"\nevent = "{hostile}"\n'
        f'speakers = ["{hostile}"]\ntags = ["{hostile}"]\n+++\nBody.\n'
    )
    built = project({"events/h.md": content})
    meta = built.html("talks/h").select_one(".talks-meta")
    assert meta is not None and not meta.find("img") and not meta.find("em")
    assert meta.get_text().count("<img src=x onerror=alert(1)>") == 4  # place, series, speaker, tag
    hrefs = [a["href"] for a in meta.find_all("a") if not a.find_parent(class_="talks-calendar")]
    assert len(hrefs) == 3 and all(h.startswith(("speakers/", "tags/", "series/")) for h in hrefs), hrefs


def test_names_no_file_system_holds_or_decodes_keep_their_talks(project):
    """An image name longer than a file name may be, a file name that is not UTF-8
    and two speakers whose names give one slug: each talk is built whole (these
    were an internal error that dropped the talk, and a speaker lost silently)."""
    import os

    latin1 = os.fsdecode(b"events/caf\xe9.md")  # the byte 0xE9 is no UTF-8
    built = project(
        {
            "events/long.md": f'+++\ntitle = "Long"\ndate = 2024-01-01\nimage = "{"y" * 300}.png"\n+++\n'
            f"![pic]({'x' * 300}.png)\n",
            latin1: page("Text.\n", title="Latin one"),
            "events/sato.md": '---\ntitle: Sato\ndate: 2024-01-01\nspeakers: ["佐藤 健太", "佐藤 建太"]\n---\n',
        }
    )
    lines = built.warning_lines()
    assert not [w for w in lines if "internal-error" in w or "Traceback" in w], lines
    assert built.html("talks/long").find("h1").get_text().startswith("Long")
    index = built.html("talks/index").get_text()
    assert "Latin one" in index and "Long" in index
    who = built.html("talks/sato").select_one(".talks-meta").get_text()
    assert "佐藤 健太" in who and "佐藤 建太" in who
