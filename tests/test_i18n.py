"""Labels in the site's language (issue 13): every label through the message
catalogs, dates through Babel, a talk's own language shown."""

from __future__ import annotations

import gettext
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import ROOT, SEED, build, write_project
from sphinx_talks.catalogs import SOURCE, languages, write_catalogs

PACKAGE = ROOT / "ext" / "sphinx_talks"


def msgids() -> set[str | tuple[str, str]]:
    """Every label the code translates: ``_("…")`` and ``ngettext("one", "many", n)``."""
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords={"_": None, "ngettext": (1, 2)}
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_every_label_is_translated_in_every_shipped_language():
    wanted = msgids()
    assert len(wanted) > 40 and ("{n} talk", "{n} talks") in wanted
    assert languages() == ["de", "es", "fr", "ja", "zh_CN"]
    with (SOURCE / "sphinx_talks.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(handle) if m.id}
    assert template == wanted
    for language in languages():
        with (SOURCE / language / "LC_MESSAGES" / "sphinx_talks.po").open("rb") as handle:
            catalog = read_po(handle)
        ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}
        assert ids == wanted, (language, wanted ^ ids)
        for message in catalog:
            if message.id:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                assert all(strings), (language, message.id)
                names = set(
                    re.findall(
                        r"\{\w+\}", " ".join(message.id if isinstance(message.id, tuple) else [message.id])
                    )
                )
                assert all(set(re.findall(r"\{\w+\}", s)) == names for s in strings), (language, message.id)


def test_the_catalogs_compile_and_load(tmp_path):
    written = write_catalogs(tmp_path)
    assert {p.parent.parent.name for p in written} == {"de", "es", "fr", "ja", "zh_CN"}
    german = gettext.translation("sphinx_talks", tmp_path, ["de"])
    assert german.gettext("Upcoming talks") == "Kommende Vorträge"
    assert german.ngettext("{n} talk", "{n} talks", 2) == "{n} Vorträge"
    assert gettext.translation("sphinx_talks", tmp_path, ["zh_CN"]).gettext("Slides") == "幻灯片"
    # a Traditional Chinese site gets no Simplified labels (English, as Sphinx's own fall back)
    assert (
        gettext.translation("sphinx_talks", tmp_path, ["zh_TW"], fallback=True).gettext("Slides") == "Slides"
    )
    stamps = [p.stat().st_mtime_ns for p in written]
    write_catalogs(tmp_path)  # unchanged: nothing is written again
    assert [p.stat().st_mtime_ns for p in written] == stamps


def english_labels() -> list[re.Pattern[str]]:
    """Each English label as a whole-text pattern (placeholders match any text)."""
    patterns = []
    for message in msgids():
        for text in message if isinstance(message, tuple) else (message,):
            parts = re.split(r"\{\w+\}", text.strip())
            if not re.search(r"[A-Za-z]", "".join(parts)):
                continue  # "{talks} {speakers}.": no words of its own
            patterns.append(re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$", re.S))
    return patterns


def labels_left(page: Path, patterns: list[re.Pattern[str]]) -> list[str]:
    """The English labels of ours on ``page``: whole texts of elements, attributes a
    reader meets (``aria-label``, ``title``, ``data-title``) and the filter's words."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    main = soup.select_one("article") or soup.body
    texts = [
        s.strip()
        for s in main.find_all(string=True)
        if s.strip() and s.parent.name not in ("script", "style")
    ]
    texts += [
        t[a] for t in main.find_all(True) for a in ("aria-label", "title", "data-title") if t.has_attr(a)
    ]
    for script in main.select("script.talks-filter-data"):
        texts += json.loads(script.string)["labels"].values()
    return sorted({t for t in texts for p in patterns if p.match(t)})


def test_a_german_site_shows_no_english_label_of_ours(tmp_path):
    if not SEED.is_file():
        pytest.skip("corpus not available")
    conf = 'language = "de"\ntalks_timezone = "Europe/Berlin"\ntalks_today = "2024-01-01"\n'
    src = write_project(
        tmp_path / "src", {"events/b.md": "---\ntitle: B\ndate: 2023-05-02\ntags: [x]\n---\nB.\n"}, conf
    )
    shutil.copy(SEED, src / "events" / SEED.name)
    built = build(src)
    assert built.warning_lines() == []
    patterns = english_labels()
    pages = ["auroram-lm", "index", "years/2024", "speakers/index", "tags/index", "tags/x"]
    for name in pages:
        assert labels_left(built.outdir / "talks" / f"{name}.html", patterns) == [], name
    seed = built.html("talks/auroram-lm").get_text(" ")
    assert "Donnerstag, 23. Mai 2024" in seed and "Thursday" not in seed
    assert "Zum Kalender hinzufügen" in seed
    index = built.html("talks/index").get_text(" ")
    assert "2 Vorträge von 1 Vortragenden." in index and "Kommende Vorträge" in index
    # the check can fail: the same pages in English are full of our labels
    english = build(src, language="en")
    assert "Upcoming talks" in labels_left(english.outdir / "talks" / "index.html", patterns)
    assert "Add to calendar" in labels_left(english.outdir / "talks" / "auroram-lm.html", patterns)


@pytest.mark.parametrize(
    ("language", "label", "weekday"),
    [
        ("fr", "Présentations à venir", "jeudi"),
        ("es", "Próximas charlas", "jueves"),
        ("ja", "今後の講演", "木曜日"),
        ("zh_CN", "即将举行的演讲", "星期四"),
    ],
)
def test_other_shipped_languages(tmp_path, language, label, weekday):
    talk = '+++\ntitle = "T"\ndate = 2030-05-23T18:00:00\n+++\nT.\n'
    built = build(write_project(tmp_path / "src", {"events/t.md": talk}, f'language = "{language}"\n'))
    assert label in built.html("talks/index").get_text()
    assert weekday in built.html("talks/t").select_one(".talks-meta").get_text()


def test_a_talks_own_language_is_named_and_marks_its_text(tmp_path):
    talk = (
        "---\ntitle: Über Parser\ndate: 2024-05-02\nlanguage: de\nspeakers: [Ann Lee]\n"
        "summary: Eine Einführung.\n---\nText.\n\n## Hintergrund\n\nMehr.\n"
    )
    named = "---\ntitle: On parsers\ndate: 2024-05-03\nlanguage: Spanish\n---\nTexto.\n"
    same = "---\ntitle: In English\ndate: 2024-05-04\nlanguage: en-GB\n---\nText.\n"
    src = write_project(
        tmp_path / "src",
        {"events/t.md": talk, "events/n.md": named, "events/e.md": same},
        'html_theme = "furo"\n',
    )
    built = build(src)
    assert built.warning_lines() == []
    page = built.html("talks/t")
    assert "German" in page.select_one(".talks-meta").get_text()
    (box,) = page.select("div.talks-content")
    assert (
        box["lang"] == "de"
        and "Eine Einführung." in box.get_text()
        and box.select_one("section#hintergrund h2")
    )
    # the site's labels stay outside: the speakers heading is not the talk's text
    speakers = page.select_one("section#speakers h2")
    assert speakers is not None and box not in speakers.parents
    assert page.select_one(
        ".toc-tree a[href='#hintergrund']"
    )  # the body's heading stays in the page's contents
    assert built.html("talks/n").select_one("div.talks-content")["lang"] == "es"  # a name, as a tag
    # the site's own language needs no mark: the page's is the text's
    english = built.html("talks/e")
    assert english.select_one("div.talks-content") is None and "English" in english.get_text()
    assert built.html("talks/index").select_one("li[data-lang]") is not None
    text = build(src, "text")
    assert text.warning_lines() == [] and "Mehr." in (text.outdir / "talks" / "t.txt").read_text("utf-8")


def test_the_package_build_carries_compiled_catalogs(tmp_path):
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    locale = tmp_path / "sphinx_talks" / "locale"
    for language in ("de", "es", "fr", "ja", "zh_CN"):
        assert (locale / language / "LC_MESSAGES" / "sphinx_talks.mo").is_file(), language
    assert (
        gettext.translation("sphinx_talks", locale, ["ja"]).gettext("Add to calendar") == "カレンダーに追加"
    )
