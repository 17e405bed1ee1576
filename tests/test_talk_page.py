"""Talk pages built from Hugo pages: body conversion, shortcodes, speakers, escaping."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from conftest import build, players

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _lines(built, subtype):
    return [line for line in built.warning_lines() if f"[talks.{subtype}]" in line]


def test_body_conversion(project):
    body = """+++
title = "Body test"
date = 2024-01-02T10:00:00
recording = "https://youtu.be/dQw4w9WgXcQ?t=95"
+++
{{< youtube dQw4w9WgXcQ >}}

<!--more-->

# Big heading

##### Deep heading

%50 of people like $5 and $6 and {{ .Title }} and {ref}`x`.

Embed with {{</* youtube abc */>}} in your page.

{{< mystery arg="1" >}}

{{< details summary="Reading list" >}}
- one
{{< /details >}}

```text
{{< youtube dQw4w9WgXcQ >}}
```

<div class="x">raw html</div>

[[slides]](https://example.org/slides.pdf)
"""
    built = project({"events/body.md": body}, talks_video_embed="iframe")
    page = built.html("talks/body")
    text = page.get_text(" ")
    iframes = page.find_all("iframe")
    assert len(iframes) == 1 and "start=95" in iframes[0]["src"]
    assert "width: 100%" in iframes[0]["style"]  # responsive on phones
    assert "%50 of people like $5 and $6 and {{ .Title }} and {ref}" in text
    assert "{{< youtube abc >}}" in text
    assert "{{< mystery" not in text  # an unknown shortcode is a warning, never text
    assert page.find("details") is not None and "Reading list" in page.find("details").get_text()
    # a shortcode in a code fence is expanded, as Hugo does; the video is embedded once
    assert page.find("pre") is None and "{{< youtube dQw4w9WgXcQ >}}" not in text
    assert "raw html" not in text and 'class="x"' not in str(page)
    assert page.find("a", string=re.compile("slides"))["href"] == "https://example.org/slides.pdf"
    assert any("Big heading" in h.get_text() for h in page.find_all("h2"))
    assert any("Deep heading" in h.get_text() for h in page.find_all("h3"))
    unknown = _lines(built, "unknown-shortcode")
    assert len(unknown) == 1 and re.search(r"events/body\.md:18: WARNING", unknown[0])
    assert not [w for w in built.warning_lines() if "/talks/" in w.split(":")[0]]
    assert "myst.header" not in built.warnings


def test_speakers_from_front_matter_and_body(project):
    page = """---
title: Two people
date: 2023-03-01
speakers:
  - name: Ada Lovelace
    homepage: https://ada.example.org
    affiliation: Analytical Engines
  - Grace Hopper
tags: [Compilers, compilers]
---
Talk text.

### Speakers

![Grace Hopper ><](grace.png)

**Grace Hopper** is a computer scientist.

Not a bio line.
"""
    built = project({"events/two/index.md": page, "events/two/grace.png": PNG})
    html = built.html("talks/two")
    cards = html.select(".talks-speaker")
    assert [c.find("strong").get_text() for c in cards] == ["Ada Lovelace", "Grace Hopper"]
    assert cards[0].find("a", href="https://ada.example.org")
    assert "Analytical Engines" in cards[0].get_text()
    assert "computer scientist" in cards[1].get_text()
    img = cards[1].find("img")
    assert img is not None and (built.outdir / "talks" / img["src"]).resolve().is_file()
    assert "Not a bio line." in html.get_text()
    assert len(html.find_all(string=re.compile("computer scientist"))) == 1
    speaker = built.html("talks/speakers/grace-hopper")
    hrefs = {a.get_text(strip=True): a["href"] for a in speaker.select(".talks-nav a")}
    assert hrefs["Speakers"].endswith("index.html") and "Talks" in hrefs
    assert built.html("talks/tags/compilers").select(".talks-nav a")
    tag_pages = list((built.outdir / "talks" / "tags").glob("*.html"))
    assert sorted(p.name for p in tag_pages) == ["compilers.html", "index.html"]


def test_front_matter_values_are_literal_text(project):
    page = """+++
title = "<script>alert(1)</script> `code` {ref}`x` [x](javascript:alert(1)) :::"
date = 2024-01-01
location = "**Room 1**\\n:class: evil"
tags = ["<b>tag</b>"]
url_slides = "javascript:alert(1)"
[[speakers]]
name = "Eve [click](javascript:alert(2))"
homepage = "javascript:alert(3)"
+++
Body [bad](javascript:alert(4)) and [ok](https://ok.example.org).
"""
    built = project({"events/evil.md": page})
    html = built.html("talks/evil")
    raw = (built.outdir / "talks" / "evil.html").read_text("utf-8")
    assert "<script>alert" not in raw
    assert "javascript:" not in " ".join(a.get("href", "") for a in html.find_all("a"))
    assert (
        "<script>alert(1)</script> `code` {ref}`x` [x](javascript:alert(1)) :::" in html.find("h1").get_text()
    )
    assert "**Room 1** :class: evil" in html.get_text(" ")
    assert html.find("a", href="https://ok.example.org")
    assert _lines(built, "unsafe-url") and _lines(built, "bad-url")


def test_drafts_are_left_out(project):
    built = project(
        {
            "events/a.md": '+++\ntitle = "Kept"\ndate = 2024-01-01\n+++\n',
            "events/b.md": '+++\ntitle = "Secret"\ndate = 2024-01-01\ndraft = true\n+++\n',
            "events/c.md": "---\ntitle: Hidden\npublished: false\n---\n",
            "events/_index.md": '+++\ntitle = "Section"\n+++\n',
        }
    )
    assert (built.outdir / "talks" / "a.html").is_file()
    assert not (built.outdir / "talks" / "b.html").exists()
    assert not (built.outdir / "talks" / "c.html").exists()
    assert "Secret" not in (built.outdir / "talks" / "index.html").read_text("utf-8")
    assert "draft page left out" in built.status


def test_image_outside_allowed_folders_is_refused(project, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    built = project(
        {
            "events/x.md": '+++\ntitle = "X"\ndate = 2024-01-01\nimage = "../../secret.png"\n+++\n'
            "![s](../../secret.png)\n"
        }
    )
    assert not any(p.name.endswith("secret.png") for p in built.outdir.rglob("*.png"))
    lines = _lines(built, "image-not-found")
    assert len(lines) == 2 and all("events/x.md:" in line for line in lines)


def test_bundle_files_become_download_links_and_profiles_are_not_talks(project):
    page = '+++\ntitle = "With slides"\ndate = 2024-01-01T10:00:00\nurl_pdf = "slides.pdf"\n+++\nText.\n'
    built = project(
        {
            "events/talk/with-slides/index.md": page,
            "events/talk/with-slides/slides.pdf": b"%PDF-1.4\n",
            "events/speakers/jane.md": '+++\ntitle = "Jane Doe"\n+++\nJane is a person.\n',
            "events/authors/admin/index.md": '+++\ntitle = "Admin"\n+++\n',
        }
    )
    html = built.html("talks/with-slides")
    link = html.find("a", string=re.compile("PDF"))
    assert link is not None
    assert (built.outdir / "talks" / link["href"]).resolve().read_bytes() == b"%PDF-1.4\n"
    assert not (built.outdir / "talks" / "jane.html").exists()
    assert not (built.outdir / "talks" / "admin.html").exists()
    assert not built.warning_lines()


def test_pyvideo_json_talk(project):
    data = {
        "title": "Packaging in practice",
        "recorded": "2021-10-03",
        "speakers": ["Mary Major"],
        "description": "How we ship wheels.\n\nSpeaker: Mary Major",
        "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}],
        "related_urls": [{"label": "slides", "url": "https://example.org/s"}],
        "tags": ["packaging"],
        "language": "eng",
    }
    files = {"events/videos/packaging.json": json.dumps(data), "events/category.json": '{"title": "X"}'}
    built = project(files)
    html = built.html("talks/packaging")
    assert "Packaging in practice" in html.find("h1").get_text()
    assert len(players(html)) == 1
    assert "2021-10-03" in html.get_text()
    assert html.find("a", href="https://example.org/s")
    assert [c.find("strong").get_text() for c in html.select(".talks-speaker")] == ["Mary Major"]
    assert not (built.outdir / "talks" / "category.html").exists()


def test_site_paths_resolve_in_talks_static(project):
    page = '+++\ntitle = "S"\ndate = 2024-01-01T10:00:00\nimage = "/images/banner.png"\n+++\n![p](images/p.png)\n'
    built = project(
        {"events/s.md": page, "static/images/banner.png": PNG, "static/images/p.png": PNG},
        conf='talks_static = ["static"]\n',
    )
    html = built.html("talks/s")
    sources = [img["src"] for img in html.find_all("img")]
    assert len(sources) == 2
    assert all((built.outdir / "talks" / src).resolve().is_file() for src in sources)
    assert not built.warning_lines()


def test_site_paths_without_talks_static_are_notices(project):
    page = '+++\ntitle = "S"\ndate = 2024-01-01T10:00:00\nimage = "/images/banner.png"\n+++\n![p](images/p.png)\n'
    built = project({"events/s.md": page})
    assert not built.warning_lines()
    assert built.html("talks/s").find("h1")


def test_text_builder_links_videos_instead_of_embedding(tmp_path):
    from conftest import build, write_project

    page = '+++\ntitle = "V"\ndate = 2024-01-01T10:00:00\nrecording = "https://youtu.be/dQw4w9WgXcQ"\nvimeo = "76979871"\n+++\nText.\n'
    started = page.replace("dQw4w9WgXcQ", "dQw4w9WgXcQ?t=95").replace(
        '"76979871"', '"https://vimeo.com/76979871#t=12s"'
    )
    built = build(
        write_project(tmp_path / "src", {"events/v.md": page, "events/s.md": started}), buildername="text"
    )
    text = (built.outdir / "talks" / "v.txt").read_text("utf-8")
    assert "Video: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n" in text
    assert "Video: https://vimeo.com/76979871\n" in text
    text = (built.outdir / "talks" / "s.txt").read_text("utf-8")  # the start offset is kept
    assert "Video: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=95s" in text
    assert "Video: https://vimeo.com/76979871#t=12s" in text
    assert not built.warning_lines()


def test_text_builder_gets_lists_cards_and_navigation_as_text(tmp_path):
    """Parts built as nodes (header, cards, lists, navigation) degrade to plain text:
    no HTML, every talk listed, links become their text."""
    from conftest import build, write_project

    def talk(title: str, day: str) -> str:
        return (
            f'+++\ntitle = "{title}"\ndate = {day}T10:00:00\ntags = ["graphs"]\n'
            '[[speakers]]\nname = "Ann Lee"\nbio = "Works on *graphs* & <b>trees</b>."\n+++\nText.\n'
        )

    files = {"events/a.md": talk("Alpha talk", "2023-01-05"), "events/b.md": talk("Beta talk", "2023-06-01")}
    built = build(write_project(tmp_path / "src", files), buildername="text")
    out = built.outdir / "talks"
    year = (out / "years" / "2023.txt").read_text("utf-8")
    assert "Beta talk" in year and "Alpha talk" in year and year.index("Beta talk") < year.index("Alpha talk")
    speaker = (out / "speakers" / "ann-lee.txt").read_text("utf-8")
    assert "Alpha talk" in speaker and "Works on *graphs* & <b>trees</b>." in speaker
    page = (out / "b.txt").read_text("utf-8")
    assert "Ann Lee" in page and "graphs" in page and "Older: Alpha talk" in page
    for text in (year, speaker, page):
        assert "<svg" not in text and "<span" not in text and "<ul" not in text
    assert not built.warning_lines()


def test_search_finds_a_talk_on_its_page_not_on_every_list(tmp_path):
    import json

    from conftest import build, write_project

    page = '+++\ntitle = "Zyxwv retrieval"\ndate = 2023-01-05T10:00:00\ntags = ["graphs"]\nauthors = ["Ann Lee"]\n+++\nText.\n'
    other = '+++\ntitle = "Other"\ndate = 2023-02-05T10:00:00\n+++\nText.\n'
    built = build(write_project(tmp_path / "src", {"events/z.md": page, "events/o.md": other}))
    raw = (built.outdir / "searchindex.js").read_text("utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    docs = index["docnames"]

    def pages(table: str) -> list[str]:
        found = index[table].get("zyxwv", [])
        return [docs[i] for i in ([found] if isinstance(found, int) else found)]

    assert pages("titleterms") == ["talks/z"]
    # the lists and the neighbour's navigation naming the talk are not indexed
    assert pages("terms") == []
    assert "talks/years/2023" in docs  # list pages stay searchable by their own title


def test_line_syntax_after_list_markers_and_odd_spaces_stays_text(project):
    """MyST line syntax after a list marker or a no-break space is shown as text; a
    code fence left open inside a list item does not swallow the rest of the page; a
    rule inside a list or quote (docutils refuses it there) is left out."""
    page = (
        '+++\ntitle = "Lines"\ndate = 2024-01-01T10:00:00\n'
        '[[speakers]]\nname = "Ann Lee"\nbio = "Researcher."\n+++\n'
        "1. % secret note\n2) (intro2)=\n\n\u00a0(intro)=\n\n- ~~~\nAfter.\n\n1. one\n2. ---\n\n> ***\n"
    )
    built = project({"events/l.md": page})
    soup = built.html("talks/l")
    text = soup.get_text(" ")
    assert "% secret note" in text and "(intro2)=" in text and "(intro)=" in text
    assert not soup.find(id="intro") and not soup.find(id="intro2")
    card = soup.find(string=lambda s: s and "Researcher." in s)
    assert card is not None and card.find_parent("pre") is None
    assert not [line for line in built.warning_lines() if "l.md" in line]


def _builder_talks() -> dict[str, str]:
    """Two talks with a speaker, a tag, a video and an unknown field (a dropdown)."""

    def talk(title: str, day: str) -> str:
        return (
            f'+++\ntitle = "{title}"\ndate = {day}T10:00:00\ntags = ["graphs"]\nroom = "Hall B"\n'
            'recording = "https://youtu.be/dQw4w9WgXcQ"\n'
            '[[speakers]]\nname = "Ann Lee"\nbio = "Works on graphs."\n+++\nText.\n'
        )

    return {"events/a.md": talk("Alpha talk", "2023-01-05"), "events/b.md": talk("Beta talk", "2023-06-01")}


def test_epub_builds_sphinx_design_parts(tmp_path):
    """sphinxcontrib-youtube registers a handler for ``epub``, which stops Sphinx
    from using the ``html`` handlers of sphinx-design's nodes there; the talk page
    has a dropdown and cards, and EPUB writes them as HTML does."""
    from conftest import build, write_project

    built = build(
        write_project(tmp_path / "src", _builder_talks()), buildername="epub", copyright="2023", version="1"
    )
    page = BeautifulSoup((built.outdir / "talks" / "b.xhtml").read_text("utf-8"), "html.parser")
    dropdown = page.find("details", class_="sd-dropdown")
    assert dropdown is not None and "Hall B" in dropdown.get_text()
    assert "Ann Lee" in page.find(class_="sd-card").get_text()
    assert page.find("h1").get_text(strip=True).startswith("Beta talk")
    assert not built.warning_lines()
    # every page of the book is well-formed XML (no attribute without a value)
    import xml.etree.ElementTree as ET

    pages = sorted((built.outdir / "talks").rglob("*.xhtml"))
    assert len(pages) >= 5
    for path in pages:
        ET.parse(path)
    assert 'data-talk=""' in (built.outdir / "talks" / "index.xhtml").read_text("utf-8")


@pytest.mark.parametrize(
    ("buildername", "suffix"), [("latex", ".tex"), ("texinfo", ".texi"), ("singlehtml", ".html")]
)
def test_one_document_builders_include_every_catalog_page(tmp_path, buildername, suffix):
    """LaTeX, texinfo and singlehtml write the root's toctree only; on them the year,
    speaker and tag indexes list their pages in hidden toctrees, so every talk, speaker
    and tag page is in the document (an HTML build keeps them out of all toctrees)."""
    from conftest import build, write_project

    files = _builder_talks()
    files["events/a.md"] = files["events/a.md"].replace("Text.", "Alpha body words.")
    src = write_project(tmp_path / "src", files)
    built = build(src, buildername=buildername)
    out = next(p for p in built.outdir.iterdir() if p.suffix == suffix and p.stem != "genindex")
    text = out.read_text("utf-8")
    for expected in ("Alpha body words.", "Beta talk", "Works on graphs.", "Hall B"):
        assert expected in text
    assert re.search(r"Talks tagged .graphs", text)
    assert not built.warning_lines()
    if buildername == "singlehtml":  # every in-page link has its target
        soup = BeautifulSoup(text, "html.parser")
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        body = soup.find(role="main")  # the page body: lists, header lines, navigation
        anchors = [a["href"][1:] for a in body.find_all("a", href=True) if a["href"].startswith("#")]
        assert "document-talks/a" in anchors and not [a for a in anchors if a not in ids]
    html = build(write_project(tmp_path / "html", _builder_talks()))
    assert "toctree" not in (html.srcdir / "talks" / "years" / "2023.md").read_text("utf-8")


@pytest.mark.parametrize("buildername", ["latex", "singlehtml"])
def test_links_to_pages_outside_the_document_become_text(tmp_path, buildername):
    """A ``talk-list`` and a ``talk`` role on the root page of a one-document build
    whose root toctree leaves the catalog out: the talks are not in the document,
    so the list and the role name them (by title) without a link."""
    from conftest import build, write_project

    src = write_project(tmp_path / "src", _builder_talks())
    (src / "index.md").write_text("# Root\n\nSee {talk:talk}`b`.\n\n```{talk-list}\n```\n", "utf-8")
    built = build(src, buildername=buildername, suppress_warnings=["toc.not_included"])
    out = next(p for p in built.outdir.iterdir() if p.suffix in (".tex", ".html") and p.stem != "genindex")
    text = out.read_text("utf-8")
    assert "Alpha talk" in text and "See Beta talk." in re.sub(r"<[^>]+>", "", text)
    assert "Works on graphs." not in text  # the talk pages themselves are not included
    if buildername == "latex":
        assert "\\hyperref" not in text.split("Alpha talk")[0].rsplit("\\item", 1)[-1]
        assert "\\DUrole{talk-talk}{b}" not in text
    else:
        main = BeautifulSoup(text, "html.parser").find(role="main")
        assert not [a["href"] for a in main.find_all("a", href=True) if "talks/" in a["href"]]
    assert not built.warning_lines()


def test_vimeo_start_offset_reaches_the_player(project):
    """``#t=12s`` is written as a quoted option: unquoted, MyST reads it as a comment,
    warns, and the player starts at 0."""
    page = '+++\ntitle = "V"\ndate = 2024-01-01T10:00:00\nvimeo = "https://vimeo.com/76979871#t=12s"\n+++\nText.\n'
    built = project({"events/v.md": page})
    assert players(built.html("talks/v")) == [
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1#t=12s"
    ]
    # the same in the player of the iframe mode (with Vimeo's do-not-track)
    iframes = build(built.srcdir, talks_video_embed="iframe").html("talks/v").find_all("iframe")
    assert [i["src"] for i in iframes] == ["https://player.vimeo.com/video/76979871?dnt=1#t=12s"]
    assert not built.warning_lines()


def test_one_document_catalog_reads_in_order_and_keeps_pages_named_self(tmp_path):
    """LaTeX: the catalog index's own text comes before the years it includes, years
    run newest first by number (999 after 2024), and a tag and speaker called "self"
    (a toctree keyword) are still included as pages."""
    from conftest import build, write_project

    def talk(title: str, day: str) -> str:
        return (
            f'+++\ntitle = "{title}"\ndate = {day}T10:00:00\ntags = ["self"]\n'
            'speakers = ["Self"]\n+++\nBody of ' + title + ".\n"
        )

    files = {"events/a.md": talk("Alpha talk", "2024-01-05"), "events/b.md": talk("Old talk", "0999-06-01")}
    built = build(write_project(tmp_path / "src", files), buildername="latex")
    tex = next(p for p in built.outdir.iterdir() if p.suffix == ".tex").read_text("utf-8")
    order = [tex.index(s) for s in ("By year:", r"\section{Talks in 2024}", r"\section{Talks in 999}")]
    assert order == sorted(order)
    assert tex.count(r"\subsection{Self}") == 1 and re.search(r"\\subsection\{Talks tagged .self", tex)
    assert "Body of Old talk." in tex
    assert not built.warning_lines()


def test_catalog_page_names_are_not_talk_slugs(tmp_path):
    """A talk whose slug would be ``tags``, ``speakers`` or ``years`` gets a suffix and a
    warning: in dirhtml, ``talks/tags/`` is the tag index."""
    from conftest import build, write_project

    page = '+++\ntitle = "{t}"\ndate = 2024-01-05T10:00:00\ntags = ["x"]\n+++\nBody of {t}.\n'
    files = {f"events/{n}.md": page.format(t=f"Talk {n}") for n in ("tags", "speakers", "years")}
    built = build(write_project(tmp_path / "src", files), buildername="dirhtml")
    warned = [w for w in built.warning_lines() if "[talks.duplicate-slug]" in w]
    assert len(warned) == 3 and len(built.warning_lines()) == 3
    for name in ("tags", "speakers", "years"):
        text = (built.outdir / "talks" / f"{name}-2" / "index.html").read_text("utf-8")
        assert f"Body of Talk {name}." in text
    assert "Tags" in (built.outdir / "talks" / "tags" / "index.html").read_text("utf-8")


def test_man_pages_include_the_talks(tmp_path):
    from conftest import build, write_project

    built = build(write_project(tmp_path / "src", _builder_talks()), buildername="man")
    text = next(built.outdir.rglob("*.1")).read_text("utf-8")
    assert "Alpha talk" in text and "Works on graphs." in text
    assert not built.warning_lines()


def test_a_talk_page_has_no_more_nodes_than_the_same_page_written_by_hand(tmp_path):
    """Every transform of a build walks every node of every page: a talk page read
    from front matter holds no more nodes than a plain MyST page showing the same talk
    (title, date line, video, abstract, two speaker cards with bios)."""
    from conftest import build, write_project

    bio_a, bio_b = "Works on graphs and trees.", "Studies sparse models."
    event = (
        '+++\ntitle = "Graph talk"\ndate = 2024-03-01T18:00:00\ntags = ["graphs", "trees"]\n'
        'location = "Hall B"\nyoutube = "dQw4w9WgXcQ"\n'
        f'[[speakers]]\nname = "Ann Lee"\nbio = "{bio_a}"\n[[speakers]]\nname = "Bo Chen"\nbio = "{bio_b}"\n'
        "+++\nAbstract words about graphs.\n"
    )
    plain = (
        "---\norphan: true\n---\n\n# Graph talk\n\n2024-03-01 18:00 · Hall B\n\n"
        "```{youtube} dQw4w9WgXcQ\n:privacy_mode: true\n```\n\n## Abstract\n\nAbstract words about graphs.\n\n"
        "## Speakers\n\n`````{grid} 1 1 2 2\n"
        f"````{{grid-item-card}} Ann Lee\n{bio_a}\n````\n````{{grid-item-card}} Bo Chen\n{bio_b}\n````\n`````\n"
    )
    built = build(write_project(tmp_path / "src", {"events/graph.md": event, "plain.md": plain}))
    assert not built.warning_lines()
    html = built.html("talks/graph")
    cards = html.select(".talks-speaker")
    assert [c.select_one(".talks-who strong a").get_text() for c in cards] == ["Ann Lee", "Bo Chen"]
    assert [c.select_one(".talks-bio").get_text(strip=True) for c in cards] == [bio_a, bio_b]
    env = built.app.env

    def size(docname: str) -> int:
        return sum(1 for _node in env.get_doctree(docname).findall())

    print("nodes: talk page", size("talks/graph"), "hand-written", size("plain"))
    assert size("talks/graph") <= size("plain"), (size("talks/graph"), size("plain"))


def test_speaker_cards_keep_their_text_as_nodes(tmp_path):
    """A card's frame is written late, its text is not: the name and affiliation are
    typeset (smart quotes), described (meta description) and indexed like the page's
    other text, the homepage is a link linkcheck sees, an image in a hand-written bio
    stays in the bio, and a ``:page:`` naming no document is a warning."""
    import json

    from conftest import build, write_project

    event = (
        '+++\ntitle = "Q"\ndate = 2024-03-01T18:00:00\n'
        '[[speakers]]\nname = "Ann O\'Brien"\naffiliation = "AT&T Labs Zyxq"\n'
        'homepage = "http://127.0.0.1:9/ann-home"\n+++\nShort.\n'
    )
    hand = (
        "# Hand\n\n````{talk-speaker} img\n:name: Img Person\n:page: /does/not/exist\n\n"
        "```{image} face.png\n:alt: a diagram\n```\n\nA bio paragraph after the picture.\n````\n"
    )
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    files = {"events/q.md": event, "hand.md": hand, "face.png": png}
    src = write_project(tmp_path / "src", files, conf='\nextensions += ["sphinxext.opengraph"]\n')
    (src / "index.md").write_text("# Test project\n\n```{toctree}\ntalks/index\nhand\n```\n", "utf-8")
    built = build(src)
    # a :page: that names no document: one warning at the directive, name not linked
    assert any("unknown-page" in line and "hand.md" in line for line in built.warning_lines()), built.warnings
    page = built.html("talks/q")
    (card,) = page.select(".talks-speaker")
    # one block of name lines beside the face (the style sheet sizes that block)
    assert [(e.name, e.parent["class"]) for e in card.select(".talks-who")] == [
        ("div", ["sd-card-body", "docutils"])
    ]
    assert card.select_one(".talks-who strong a").get_text() == "Ann O’Brien"  # smart quotes, linked
    assert "AT&T Labs Zyxq" in card.select_one(".talks-who").get_text()
    assert "Ann O’Brien" in page.find("meta", attrs={"name": "description"})["content"]
    raw = (built.outdir / "searchindex.js").read_text("utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    assert "zyxq" in index["terms"] and "amp" not in index["terms"]
    (hand_card,) = built.html("hand").select(".talks-speaker")
    assert hand_card.select_one(".talks-face img") is None  # no photo: the initials only
    assert hand_card.select_one(".talks-bio img")["alt"] == "a diagram"
    assert hand_card.select_one(".talks-who strong a") is None
    # linkcheck sees the homepage (a closed local port: reported broken, no network needed)
    checked = build(src, buildername="linkcheck")
    report = [json.loads(line) for line in (checked.outdir / "output.json").read_text("utf-8").splitlines()]
    assert any(r["uri"] == "http://127.0.0.1:9/ann-home" and r["status"] == "broken" for r in report), report
