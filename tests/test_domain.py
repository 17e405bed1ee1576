"""Talks and speakers as linkable objects: roles, objects.inv, intersphinx, talk-list, identities."""

from __future__ import annotations

import json
import re
import unicodedata
import zlib

import pytest
from conftest import CORPUS, SEED, Built, build, html_pages, needs_corpus, write_project
from text_unidecode import unidecode

TALK = '+++\ntitle = "{title}"\ndate = {date}T18:00:00\nspeakers = [{who}]\ntags = [{tags}]\n+++\nBody of {title}.\n'


def talk(title: str, date: str, who: str = '"Ann Lee"', tags: str = '"Graphs"') -> str:
    return TALK.format(title=title, date=date, who=who, tags=tags)


def _inventory(path) -> list[str]:
    data = path.read_bytes()
    header, _, body = data.partition(b"\n# The remainder of this file is compressed using zlib.\n")
    return zlib.decompress(body).decode("utf-8").splitlines()


@needs_corpus
def test_consumer_project_links_talks_through_intersphinx(tmp_path):
    catalog = build(write_project(tmp_path / "catalog", {"events/auroram-lm.md": SEED.read_bytes()}))
    entries = _inventory(catalog.outdir / "objects.inv")
    assert any(e.startswith("auroram-lm talk:talk -1 talks/auroram-lm.html Aurora-M") for e in entries), (
        entries
    )
    assert any(
        e.startswith("diganta-misra talk:speaker -1 talks/speakers/diganta-misra.html Diganta Misra")
        for e in entries
    )
    assert any(e.startswith("talk-auroram-lm std:label") for e in entries)

    consumer = tmp_path / "consumer"
    consumer.mkdir()
    (consumer / "conf.py").write_text(
        'extensions = ["sphinx_talks", "sphinx.ext.intersphinx"]\n'
        f'intersphinx_mapping = {{"cat": ("https://talks.example.org/", {str(catalog.outdir / "objects.inv")!r})}}\n'
        "nitpicky = True\n",
        "utf-8",
    )
    (consumer / "index.md").write_text(
        "# Course\n\nSee {talk:talk}`auroram-lm`, by {talk:speaker}`diganta-misra`.\n\n"
        "Also {external+cat:talk:talk}`the talk <auroram-lm>` and {ref}`talk-auroram-lm`.\n\n"
        "Missing: {talk:talk}`no-such-talk`.\n",
        "utf-8",
    )
    built = build(consumer)
    html = built.html("index")
    pairs = [(a.get_text(strip=True), a["href"]) for a in html.find_all("a", href=True)]
    links = dict(pairs[::-1])  # first occurrence wins
    title = "Aurora-M: The First Open Source Multilingual Language Model Red-teamed according to the U.S. Executive Order"
    assert links[title] == "https://talks.example.org/talks/auroram-lm.html"
    assert (title, "https://talks.example.org/talks/auroram-lm.html#talk-auroram-lm") in pairs  # {ref} label
    assert links["Diganta Misra"] == "https://talks.example.org/talks/speakers/diganta-misra.html"
    assert links["the talk"] == "https://talks.example.org/talks/auroram-lm.html"
    assert not (consumer / "talks").exists()
    missing = [w for w in built.warning_lines() if "no-such-talk" in w]
    assert len(missing) == 1 and "reference target not found" in missing[0]
    assert len(built.warning_lines()) == 1


def test_local_roles_and_list_directive(project):
    page = (
        "# Reading\n\n{talk:talk}`b-talk` and {talk:speaker}`Ann Lee <ann-lee>`.\n\n"
        "```{talk-list}\n:speaker: Dr. Ann Lee\n:layout: table\n```\n\n"
        "```{talk-list}\n:tag: graphs\n:when: upcoming\n```\n\n"
        "```{talk-list}\n:year: 2023\n:limit: 1\n:sort: oldest\n```\n"
    )
    files = {
        "events/a.md": talk("A talk", "2023-01-05"),
        "events/b-talk.md": talk("B talk", "2023-06-01", who='"Bob Roe", "ann lee"'),
        "events/c.md": talk("C talk", "2030-01-01", who='"Bob Roe"'),
        "reading.md": "---\norphan: true\n---\n" + page,
    }
    built = project(files, conf='talks_today = "2025-01-01"\n')
    html = built.html("reading")
    text = html.get_text(" ")
    assert html.find("a", string="B talk")["href"].endswith("talks/b-talk.html")
    assert html.find("a", string="Ann Lee")["href"].endswith("talks/speakers/ann-lee.html")
    rows = html.select("table.talks-table tbody tr")
    assert [r.find("a").get_text() for r in rows] == ["B talk", "A talk"]
    lists = html.select("ul.talks-list")
    assert [a.get_text() for a in lists[0].find_all("a")] == ["C talk"]
    assert [a.get_text() for a in lists[1].find_all("a")] == ["A talk"]
    assert "2030-01-01" in text
    index = built.html("talks/index")
    headings = [h.get_text(strip=True).rstrip("¶#") for h in index.find_all("h2")]
    assert headings == ["Upcoming talks", "Past talks"]
    assert not built.warning_lines()


def test_adding_a_talk_updates_lists_and_indexes_only(tmp_path):
    files = {
        "events/a.md": talk("A talk", "2023-01-05"),
        "events/b.md": talk("B talk", "2023-06-01", who='"Bob Roe"', tags='"Other"'),
        "events/c.md": talk("C talk", "2021-03-01", who='"Cy Doe"', tags='"Other"'),
        "reading.md": "# Reading\n\n```{talk-list}\n:speaker: ann-lee\n```\n",
        "other.md": "# Other\n\nNo list here.\n",
    }
    src = write_project(tmp_path / "src", files)
    (src / "index.md").write_text("# T\n\n```{toctree}\ntalks/index\nreading\nother\n```\n", "utf-8")
    build(src)
    # a year that has talks already: a new year writes every page again (the navigation
    # of each lists the years; see tests/test_ownership.py)
    (src / "events" / "new.md").write_text(talk("New talk", "2023-07-01"), "utf-8")
    again = build(src)
    status = re.sub(r"\x1b\[[0-9;]*m", "", again.status)
    read = set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status))
    written = set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))
    for doc in ("speakers/ann-lee", "tags/graphs", "years/2023", "index"):
        assert "New talk" in again.html(f"talks/{doc}").get_text(), doc
    assert "New talk" in again.html("reading").get_text()
    assert "talks/new" in read and "reading" in written and "reading" not in read
    # only the new talk and the pages whose source changed (counts) are read;
    # list pages and the neighbour's previous/next links are written again from the domain
    assert read <= {
        "talks/new",
        "talks/index",
        "talks/years/2023",
        "talks/speakers/index",
        "talks/tags/index",
    }
    assert {"talks/b", "talks/speakers/ann-lee", "talks/tags/graphs"} <= written - read
    assert not written & {"talks/a", "talks/c", "talks/speakers/cy-doe", "talks/tags/other", "other"}
    assert "New talk" in again.html("talks/b").select_one(".talks-nav").get_text()
    assert written <= read | {"reading", "index", "talks/b", "talks/speakers/ann-lee", "talks/tags/graphs"}, (
        written - read
    )


def test_one_identity_per_speaker_and_tag(project, tmp_path):
    files = {
        "events/a.md": talk("A", "2023-01-05", who='"Dr. José  Pérez"', tags='"Machine Learning"'),
        "events/b.md": talk("B", "2023-02-05", who='"jose perez, PhD"', tags='"machine-learning"'),
        "events/c.md": talk("C", "2023-03-05", who='"Jose\u0301 Pe\u0301rez"', tags='"Machine learning"'),
        "events/d.md": talk("D", "2023-04-05", who='"JP"', tags='"NLP"'),
        "events/speakers/jose.md": '+++\ntitle = "José Pérez"\nbio = "Works on parsers."\n+++\n',
        "people.yaml": "- name: Jean Paul\n  aliases: [JP]\n  homepage: https://jp.example.org\n",
    }
    built = project(files, conf='talks_speakers = "people.yaml"\n')
    speakers = sorted(p.stem for p in html_pages(built.outdir / "talks" / "speakers"))
    assert speakers == ["index", "jean-paul", "jose-perez"]
    jose = built.html("talks/speakers/jose-perez")
    assert [a.get_text() for a in jose.select("[role=main] li a.reference")] == ["C", "B", "A"]
    assert "Works on parsers." in jose.get_text()
    jp = built.html("talks/speakers/jean-paul")
    assert jp.find("a", href="https://jp.example.org")
    tags = sorted(p.stem for p in (built.outdir / "talks" / "tags").glob("*.html"))
    assert tags == ["index", "machine-learning", "nlp"]
    assert "Machine learning" in built.html("talks/tags/machine-learning").find("h1").get_text()


def test_names_that_transliterate_alike_stay_two_people(project):
    """佐藤 健太 and 佐藤 建太 give one ASCII slug but are two people: two pages, each
    with their own talk; roles and lists by name find the right one; without a
    speakers file the second in code point order gets ``-2`` (an info notice)."""
    files = {
        "events/a.md": talk("Talk of Kenta A", "2023-01-05", who='"佐藤 健太"'),
        "events/b.md": talk("Talk of Kenta B", "2023-02-05", who='"佐藤建太"'),
        "events/c.md": talk("Talk of Kenta B again", "2023-03-05", who='"佐藤 建太"'),
        "list.md": "---\norphan: true\n---\n# L\n\n{talk:speaker}`佐藤 建太`\n\n"
        "```{talk-list}\n:speaker: 佐藤 建太\n```\n",
    }
    built = project(files)
    speakers = sorted(p.stem for p in html_pages(built.outdir / "talks" / "speakers"))
    assert speakers == ["index", "zuo-teng-jian-tai", "zuo-teng-jian-tai-2"]
    first, second = (built.html(f"talks/speakers/{s}") for s in speakers[1:])
    assert first.find("h1").get_text().startswith("佐藤 健太")
    assert [a.get_text() for a in first.select("[role=main] li a.reference")] == ["Talk of Kenta A"]
    assert [a.get_text() for a in second.select("[role=main] li a.reference")] == [
        "Talk of Kenta B again",
        "Talk of Kenta B",
    ]
    page = built.html("list")
    assert page.find("a", string="佐藤 建太")["href"].endswith("speakers/zuo-teng-jian-tai-2.html")
    assert [a.get_text() for a in page.select("[role=main] li a.reference")] == [
        "Talk of Kenta B again",
        "Talk of Kenta B",
    ]
    assert not built.warning_lines()


def test_a_speakers_file_keeps_people_apart_with_their_slugs_and_photos(project):
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    files = {
        "people.yaml": "- name: 佐藤 健太\n  slug: kenta-a\n  photo: a.png\n"
        "- name: 佐藤 建太\n  slug: kenta-b\n  photo: b.png\n",
        "a.png": png,
        "b.png": png + b"\x00",  # another file
        "events/a.md": talk("Talk of Kenta A", "2023-01-05", who='"佐藤 健太"'),
        "events/b.md": talk("Talk of Kenta B", "2023-02-05", who='"佐藤 建太"'),
    }
    built = project(files, conf='talks_speakers = "people.yaml"\ntalks_static = ["."]\n')
    for slug, title in (("kenta-a", "Talk of Kenta A"), ("kenta-b", "Talk of Kenta B")):
        page = built.html(f"talks/speakers/{slug}")
        assert [a.get_text() for a in page.select("[role=main] li a.reference")] == [title]
    photos = {
        built.html(f"talks/speakers/{s}").find("img", class_="talks-avatar")["src"]
        for s in ("kenta-a", "kenta-b")
    }
    assert len(photos) == 2
    assert not built.warning_lines()


def test_identity_keeps_marks_and_joins_spacing_outside_the_latin_script(project):
    """Kana voicing marks tell names apart (ボブ is not ホフ); 김민수 and 김 민수 are one
    person with one page; a speakers file naming only 佐藤 健太 does not take in
    佐藤 建太; each person's aliases stay on their own page; a role naming someone
    without a page is not sent to another person's."""
    files = {
        "people.yaml": "- name: 佐藤 健太\n  aliases: [Kenta One]\n",
        "events/a.md": talk("Talk Bob", "2023-01-05", who='"ボブ・スミス"'),
        "events/b.md": talk("Talk Hof", "2023-02-05", who='"ホフ・スミス"'),
        "events/c.md": talk("Talk Kim", "2023-03-05", who='"김민수"'),
        "events/d.md": talk("Talk Kim again", "2023-04-05", who='"김 민수"'),
        "events/e.md": talk("Talk Kenta A", "2023-05-05", who='"佐藤 健太"'),
        "events/f.md": talk("Talk Kenta B", "2023-06-05", who='"佐藤 建太"'),
        "list.md": "---\norphan: true\n---\n# L\n\n{talk:speaker}`Kenta One` and {talk:speaker}`佐藤 太郎`\n",
    }
    built = project(files, conf='talks_speakers = "people.yaml"\n')
    pages = {p.stem: p for p in html_pages(built.outdir / "talks" / "speakers") if p.stem != "index"}
    titles = {}
    for stem in pages:
        page = built.html(f"talks/speakers/{stem}")
        titles[page.find("h1").get_text().rstrip("#¶ ")] = [
            a.get_text() for a in page.select("[role=main] li a.reference")
        ]
    assert titles["ボブ・スミス"] == ["Talk Bob"] and titles["ホフ・スミス"] == ["Talk Hof"]
    assert sum(1 for name in titles if name.replace(" ", "") == "김민수") == 1
    assert ["Talk Kim again", "Talk Kim"] in titles.values()
    assert titles["佐藤 健太"] == ["Talk Kenta A"] and titles["佐藤 建太"] == ["Talk Kenta B"]
    page = built.html("list")
    kenta = built.html("talks/speakers/zuo-teng-jian-tai")
    assert kenta.find("h1").get_text().startswith("佐藤 健太")
    assert page.find("a", string="佐藤 健太")["href"].endswith("speakers/zuo-teng-jian-tai.html")
    assert not page.find("a", string=re.compile("太郎"))  # 佐藤 太郎 has no page
    assert len([w for w in built.warning_lines() if "佐藤 太郎" in w]) == 1


def _one_person(a: str, b: str) -> bool:
    """Equal but for one-letter words, or one edit (two neighbours swapped counts as one)."""
    a2, b2 = (" ".join(w for w in x.split() if len(w) > 1) for x in (a, b))
    if a2 == b2:
        return True
    if len(a2) != len(b2):
        short, long = sorted((a2, b2), key=len)
        return len(long) - len(short) == 1 and any(
            long[:k] + long[k + 1 :] == short for k in range(len(long))
        )
    diff = [k for k in range(len(a2)) if a2[k] != b2[k]]
    swapped = (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a2[diff[0]] == b2[diff[1]]
        and a2[diff[1]] == b2[diff[0]]
    )
    return len(diff) == 1 or swapped


def _key(name: str) -> str:
    """Identity as the issue defines it, computed independently: Unicode folded to ASCII,
    case folded, titles dropped, punctuation and spacing ignored."""
    text = unidecode(unicodedata.normalize("NFC", name)).casefold().replace("ph.d.", " ")
    words = [w for w in re.split(r"[^\w]+", text) if w and w not in {"dr", "prof", "phd"}]
    return " ".join(words)


@needs_corpus
@pytest.mark.parametrize("site", ["pyvideo-data", "munich-nlp", "pyladies-vancouver"])
def test_speaker_pages_match_distinct_people(site, tmp_path):
    src = write_project(tmp_path / "src", {}, conf=f"talks_source = {str(CORPUS / site)!r}\n")
    built = build(src)
    pages = [p for p in html_pages(built.outdir / "talks" / "speakers") if p.stem != "index"]
    people: set[str] = set()
    if site == "pyvideo-data":
        for path in CORPUS.joinpath(site).rglob("*.json"):
            data = json.loads(path.read_text("utf-8"))
            if isinstance(data, dict) and "speakers" in data:
                people.update(_key(n) for n in data["speakers"] if n.strip())
    elif site == "pyladies-vancouver":
        for path in CORPUS.joinpath(site, "events").glob("*.md"):
            m = re.search(r"^speakers = \[(.*)\]", path.read_text("utf-8"), re.M)
            if m:
                people.update(re.findall(r'"([^"]+)"', m.group(1)))
    else:
        for path in CORPUS.joinpath(site, "home", "events").glob("event*.md"):
            text = re.sub(r"<!--.*?-->", "", path.read_text("utf-8"), flags=re.S)
            m = re.search(r'^summary = "Speakers?: ([^|"]+)', text, re.M)
            named = {_key(p) for p in re.split(r",|&|\band\b", m.group(1)) if _key(p)} if m else set()
            section = re.search(r"^#+\s*Speakers?\s*$(.*?)(?=^#+\s|\Z)", text, re.M | re.S)
            if section:
                for name in re.findall(r"^\[?\*\*([^*]+)\*\*", section.group(1), re.M):
                    # one page names one person twice, once a little differently (a middle
                    # initial, two letters swapped): the bio's spelling is the person
                    named = {n for n in named if not _one_person(n, _key(name))} | {_key(name)}
            people.update(named)
    assert len(pages) == len(people), (len(pages), len(people))
    for page in pages:
        html = page.read_text("utf-8")
        assert re.search(
            r'<span class="talks-date">(\d{4}-\d{2}-\d{2}|undated)</span><span class="talks-sep"> · </span>',
            html,
        ), f"{page.name} lists no talk"


def test_demo_parallel_build_matches_serial(tmp_path):
    import shutil

    from conftest import ROOT
    from sphinx.testing.util import SphinxTestApp

    outputs = {}
    for jobs in (1, 4):
        src = tmp_path / f"docs{jobs}"
        shutil.copytree(ROOT / "docs", src, ignore=shutil.ignore_patterns("_build", "talks"))
        app = SphinxTestApp("html", srcdir=src, parallel=jobs, warningiserror=True)
        try:
            app.build()
        finally:
            app.cleanup()
        outputs[jobs] = {
            p.relative_to(app.outdir).as_posix(): p.read_text("utf-8")
            for p in (app.outdir / "talks").rglob("*.html")
        }
    assert len(outputs[1]) > 30
    assert outputs[1].keys() == outputs[4].keys()
    different = [name for name in outputs[1] if outputs[1][name] != outputs[4][name]]
    assert not different


def test_speakers_file_names_and_aliases_taken_twice_are_warnings(project):
    files = {
        "people.yaml": "- name: Chris Lee\n  aliases: [Christine Lee, A. Wong]\n"
        "- name: Christine Lee\n  bio: Her own bio.\n- name: Amy Wong\n  aliases: [A. Wong]\n",
        "events/a.md": talk("A", "2023-01-05", who='"Christine Lee"'),
    }
    built = project(files, conf='talks_speakers = "people.yaml"\n')
    warned = [w for w in built.warning_lines() if "[talks.bad-speaker]" in w]
    assert len(warned) == 2, warned
    assert any("Christine Lee: the name already names Chris Lee" in w for w in warned)
    assert any("Amy Wong: alias 'A. Wong' already names Chris Lee" in w for w in warned)


def test_every_catalog_page_has_its_standard_label_across_rebuilds(tmp_path):
    """The labels of the catalog's pages are given to the std domain once every page is
    read (not written ``(name)=`` in the pages); ``{ref}`` reaches each page's title,
    also after a rebuild that re-read only one talk; a label a page of the project
    defines itself stays that page's, with a warning."""
    event = 'event = "Lab Seminar"\n'
    files = {
        "events/a.md": talk("A talk", "2023-01-05").replace("+++\nBody", event + "+++\nBody"),
        "events/b.md": talk("B talk", "2023-06-01").replace("+++\nBody", event + "+++\nBody"),
    }
    labels = {
        "talk-a": "talks/a.html#talk-a",
        "speaker-ann-lee": "talks/speakers/ann-lee.html#speaker-ann-lee",
        "tag-graphs": "talks/tags/graphs.html#tag-graphs",
        "series-lab-seminar": "talks/series/lab-seminar.html#series-lab-seminar",
        "talks-year-2023": "talks/years/2023.html#talks-year-2023",
        "talks-index": "talks/index.html#talks-index",
        "talks-speakers": "talks/speakers/index.html#talks-speakers",
        "talks-tags": "talks/tags/index.html#talks-tags",
        "talks-series": "talks/series/index.html#talks-series",
    }
    refs = "\n".join(f"- {{ref}}`{name}`" for name in labels)
    files["reading.md"] = "---\norphan: true\n---\n# Reading\n\n" + refs + "\n"
    src = write_project(tmp_path / "src", files, all_pages=False)

    def hrefs(built: Built) -> dict[str, str]:
        links = built.html("reading").select("li a.reference")
        return {name: a["href"] for name, a in zip(labels, links, strict=True)}

    first = build(src)
    assert hrefs(first) == labels
    anchor = first.html("talks/a").find(id="talk-a")
    assert anchor.find_parent("section").find("h1").get_text().startswith("A talk")
    assert not first.warning_lines()
    assert "(talk-a)=" not in (src / "talks" / "a.md").read_text("utf-8")
    (src / "events" / "a.md").write_text(files["events/a.md"].replace("Body of", "New body of"), "utf-8")
    (src / "reading.md").write_text(files["reading.md"] + "\nEdited.\n", "utf-8")
    again = build(src)
    assert hrefs(again) == labels
    assert any(e.startswith("talk-a std:label") for e in _inventory(again.outdir / "objects.inv"))

    (src / "mine.md").write_text("---\norphan: true\n---\n(talk-b)=\n# My own B\n", "utf-8")
    (src / "reading.md").write_text(files["reading.md"] + "\n{ref}`talk-b`\n", "utf-8")
    mine = build(src)
    assert mine.html("reading").find("a", string="My own B")["href"] == "mine.html#talk-b"
    ours = [w for w in mine.warning_lines() if "[talks.duplicate-label]" in w]
    assert len(ours) == 1 and "talks/b.md" in ours[0] and "also defined in mine" in ours[0], ours


def test_only_the_catalog_gives_its_labels_and_a_late_own_label_warns_as_in_a_fresh_build(tmp_path):
    """Found by trying to break the labels: a project page with ``{talk:label} talk-b``
    took the catalog's label silently and lost it when edited; a page holding any
    ``{talk:label}`` counted as the catalog's; a label added after the catalog existed
    got Sphinx's own warning (no type) instead of ours; capitals could not be reached."""
    files = {"events/b.md": talk("B talk", "2024-06-01")}
    src = write_project(tmp_path / "src", files, "suppress_warnings = ['talks.duplicate-label']\n")
    (src / "refs.md").write_text("---\norphan: true\n---\n# Refs\n\n{ref}`talk-b`\n", "utf-8")
    (src / "zz.md").write_text(
        "---\norphan: true\n---\n# Other\n\n```{talk:label} talk-b\n```\n\n```{talk:label} MyLabel\n```\n",
        "utf-8",
    )
    first = build(src)
    assert first.html("refs").find("a", string="B talk")["href"] == "talks/b.html#talk-b"
    outside = [w for w in first.warning_lines() if "label-outside-catalog" in w]
    assert len(outside) == 2 and all("zz.md" in w for w in outside), first.warning_lines()

    (src / "zz.md").write_text("---\norphan: true\n---\n# Other\n\nNothing.\n", "utf-8")
    (src / "refs.md").write_text("---\norphan: true\n---\n# Refs\n\n{ref}`talk-b`\n\nEdited.\n", "utf-8")
    again = build(src)
    assert again.html("refs").find("a", string="B talk")["href"] == "talks/b.html#talk-b"
    assert not again.warning_lines(), again.warning_lines()

    # a project page's own (talk-b)= added later: kept, with our (suppressed) warning only
    (src / "mine.md").write_text("---\norphan: true\n---\n(talk-b)=\n# My own B\n", "utf-8")
    late = build(src)
    assert not late.warning_lines(), late.warning_lines()
    assert any(e.startswith("talk-b std:label -1 mine.html") for e in _inventory(late.outdir / "objects.inv"))


def test_the_search_lists_each_talk_and_speaker_once_by_its_page(tmp_path):
    """Talks and speakers are in the inventory but not among the search index's
    objects: the search finds their pages by title, once, with no anchor that the
    page lacks (an object's anchor left empty becomes its title in Sphinx's search)."""
    import json

    files = {
        "events/a.md": talk("Alpha talk", "2023-01-05", who='"Dr. Amara Okafor"'),
        "events/b.md": talk("Beta talk", "2023-06-01", who='"Dr. Amara Okafor"'),
    }
    built = build(write_project(tmp_path / "src", files))
    raw = (built.outdir / "searchindex.js").read_text("utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    kinds = [kind for kind in index["objtypes"].values() if kind.startswith("talk:")]
    assert kinds == [], index["objtypes"]
    assert all("Okafor" not in json.dumps(entries) for entries in index["objects"].values())
    titles = index["titles"]
    speaker_page = index["docnames"].index("talks/speakers/amara-okafor")
    assert "Okafor" in titles[speaker_page] and titles.count(titles[speaker_page]) == 1
    assert any(
        e.startswith("amara-okafor talk:speaker -1 ") for e in _inventory(built.outdir / "objects.inv")
    )
