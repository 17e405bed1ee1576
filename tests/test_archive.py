"""pyvideo's archive layout (``<event>/category.json`` and ``<event>/videos/*.json``),
and the ``check`` report over a large folder."""

from __future__ import annotations

import json
import re

import pytest
from conftest import build, write_project

LONG = "machine-learning-with-scikit-learn-scipy-2015-tutorial-andreas-mueller-kyle-kastner-part"


def _talk(title: str, day: str, **more: object) -> str:
    data = {"title": title, "recorded": day, "speakers": ["Mary Major"], "description": "About it.", **more}
    return json.dumps(data, indent=2)


def _archive() -> dict[str, str]:
    youtube = {"type": "youtube", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}
    return {
        "data/pycon-2012/category.json": json.dumps(
            {
                "title": "PyCon  2012",
                "description": "The largest gathering.\n\nSecond paragraph with *no markup*.",
                "start_date": "2012-03-07",
                "end_date": "2012-03-15",
                "url": "https://us.pycon.org/2012/",
            }
        ),
        "data/pycon-2012/videos/robot-nao.json": _talk(
            "Robot NAO",
            "2012-03-11",
            alias="video/709/robot-nao",
            category="PyCon 2012",
            copyright_text="CC BY-SA",
            language="eng",
            summary="\n\n",
            thumbnail_url="https://img.youtube.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
            videos=[
                youtube,
                {"type": "mp4", "url": "https://dl.example.org/robot-nao.mp4"},
                {"type": "webm", "url": "https://dl.example.org/robot-nao.webm"},
            ],
        ),
        "data/pycon-2012/videos/lightning-talks.json": _talk("Lightning talks", "2012-03-10"),
        f"data/pycon-2012/videos/{LONG}-i.json": _talk("Part I", "2012-03-08"),
        f"data/pycon-2012/videos/{LONG}-ii.json": _talk("Part II", "2012-03-09"),
        "data/scipy-2013/category.json": json.dumps({"title": "SciPy 2013", "start_date": "someday"}),
        "data/scipy-2013/videos/lightning-talks.json": _talk("Lightning talks", "2013-06-27", language="fra"),
        # a file name no redirect file can carry: a notice, not a warning
        "data/scipy-2013/videos/J'ai-hacke-ma-chaudiere!.json": _talk("Chaudière", "2013-06-28"),
    }


def test_a_pyvideo_archive_builds_series_pages_with_their_talks(tmp_path):
    src = write_project(
        tmp_path / "src",
        _archive(),
        'talks_source = "data"\nhtml_baseurl = "https://talks.example.org/"\n',
        all_pages=False,  # the default
    )
    built = build(src)

    # the series page: the category's title, dates, description and link, then its talks
    page = built.html("talks/series/pycon-2012")
    main = page.select_one("[role=main]")
    assert page.find("h1").get_text().rstrip("#¶") == "PyCon 2012"
    text = main.get_text(" ", strip=True)
    assert "Wednesday, 2012-03-07 – Thursday, 2012-03-15" in text
    assert "The largest gathering." in text and "Second paragraph with *no markup*." in text
    assert main.find("a", href="https://us.pycon.org/2012/") is not None
    assert [a.get_text() for a in main.select("li a.reference")] == [
        "Robot NAO",
        "Lightning talks",
        "Part II",
        "Part I",
    ]
    # a category.json with a bad date: the series still has its page and talk
    scipy = built.html("talks/series/scipy-2013")
    assert [a.get_text() for a in scipy.select("[role=main] li a.reference")] == [
        "Chaudière",
        "Lightning talks",
    ]
    assert "someday" not in scipy.get_text()

    # one talk: its licence is in the header; the series (category), the old address
    # (alias) and the host's thumbnail are used, so nothing is left for "More details"
    talk = built.html("talks/robot-nao")
    assert "CC BY-SA" in talk.select_one(".talks-meta").get_text()
    assert talk.select_one("details") is None
    # pyvideo's ISO 639-3 codes: the language is named as "en" (the site's: the text
    # needs no mark of its own) and "fr" (the text is tagged)
    assert "English" in talk.select_one(".talks-meta").get_text() and "United States" not in talk.get_text()
    assert talk.select_one("div[lang]") is None
    assert built.html("talks/lightning-talks-scipy-2013").select_one("div[lang]")["lang"] == "fr"
    # every video source: the player, and a link for each file
    assert len(talk.select("a.talks-player")) == 1
    links = {a.get_text(" ", strip=True): a["href"] for a in talk.select(".talks-links a")}
    assert links["Video (mp4)"] == "https://dl.example.org/robot-nao.mp4"
    assert links["Video (webm)"] == "https://dl.example.org/robot-nao.webm"

    # the same file name in two events: both pages, the second named after its event
    assert built.html("talks/lightning-talks").find("h1").get_text().startswith("Lightning talks")
    assert (built.outdir / "talks" / "lightning-talks-scipy-2013.html").is_file()
    # a long file name is the page's name, whole: part I and part II stay apart
    assert (built.outdir / "talks" / f"{LONG}-i.html").is_file()
    assert (built.outdir / "talks" / f"{LONG}-ii.html").is_file()

    # pyvideo.org's addresses, today's and the older site's, lead to the talk
    for old, new in [
        ("pycon-2012/robot-nao.html", "talks/robot-nao.html"),
        ("scipy-2013/lightning-talks.html", "talks/lightning-talks-scipy-2013.html"),
        ("video/709/robot-nao/index.html", "talks/robot-nao.html"),
    ]:
        redirect = (built.outdir / old).read_text("utf-8")
        assert re.search(r"url=[./]*" + re.escape(new), redirect), old

    assert "Chaudière" in built.html("talks/j-ai-hacke-ma-chaudiere").find("h1").get_text()
    # warnings: only the real fault (the bad date); no blank summary, no duplicate slug
    lines = built.warning_lines()
    assert len(lines) == 1, lines
    assert "scipy-2013/category.json" in lines[0] and "[talks.bad-date]" in lines[0]


def test_speakers_and_tags_of_one_talk_are_shown_on_it_without_a_page(project):
    """The default ``talks_speaker_pages``/``talks_tag_pages = "auto"``: a page for a
    speaker with two talks or a profile and a tag of two talks; the others are named on
    their talk's page, and the indexes link that page."""

    def page(title: str, day: int, speakers: str, tags: str) -> str:
        return f"---\ntitle: {title}\ndate: 2024-03-{day:02d}\nspeakers: [{speakers}]\ntags: [{tags}]\n---\nText.\n"

    built = project(
        {
            "events/a.md": page("Alpha", 1, "Ann Lee, Solo Person", "nlp, rare"),
            "events/b.md": page("Beta", 2, "Ann Lee", "nlp"),
            "events/c.md": page("Gamma", 3, "Cy Dee", "nlp"),
            "speakers.yml": "- name: Cy Dee\n  bio: Cy studies parsers.\n",
        },
        'talks_speakers = "speakers.yml"\nhtml_baseurl = "https://t.example.org/"\n',
        all_pages=False,
    )
    assert built.warning_lines() == []
    out = built.outdir / "talks"
    pages = {p.stem for p in (out / "speakers").glob("*.html")}
    assert pages == {"index", "ann-lee", "cy-dee"}  # two talks; a bio
    assert {p.stem for p in (out / "tags").glob("*.html")} == {"index", "nlp"}
    assert not (out / "speakers" / "solo-person.ics").exists() and not (out / "tags" / "rare.atom").exists()
    assert (out / "speakers" / "ann-lee.ics").is_file() and (out / "tags" / "nlp.atom").is_file()

    alpha = built.html("talks/a")
    meta = alpha.select_one(".talks-meta")
    linked = {a.get_text(): a["href"] for a in meta.find_all("a")}
    assert linked["Ann Lee"] == "speakers/ann-lee.html" and linked["nlp"] == "tags/nlp.html"
    assert "Solo Person" in meta.get_text() and "Solo Person" not in linked
    assert "rare" in meta.get_text() and "rare" not in linked
    cards = {
        c.select_one(".sd-card-title, strong").get_text(" ", strip=True): c
        for c in alpha.select(".talks-speaker")
    }
    assert cards["Solo Person"].find("a", href=re.compile("speakers/")) is None
    # the indexes link the talk of those without a page
    speakers = {
        a.get_text(): a["href"] for a in built.html("talks/speakers/index").select("[role=main] li a")
    }
    assert speakers == {"Ann Lee": "ann-lee.html", "Cy Dee": "cy-dee.html", "Solo Person": "../a.html"}
    tags = {a.get_text(): a["href"] for a in built.html("talks/tags/index").select("[role=main] li a")}
    assert tags == {"nlp": "nlp.html", "rare": "../a.html"}
    # lists still name every speaker; the export points at the page that shows them
    index = built.html("talks/index")
    (alpha_card,) = [li for li in index.select("ul.talks-list-cards > li") if "Alpha" in li.get_text()]
    assert "Solo Person" in alpha_card.get_text()
    export = json.loads((out / "talks.json").read_text("utf-8"))
    solo = next(s for s in export["speakers"] if s["name"] == "Solo Person")
    assert solo["path"] == "talks/a.html" and solo["talks"] == ["a"]


def test_the_collector_is_tuned_during_the_build_and_restored_after(tmp_path):
    """``talks_tune_gc``: rarer passes while pages are read, a frozen environment while
    they are written; the process's settings come back when the build ends."""
    import gc

    probe = (
        "import gc\nseen = []\n"
        "def setup(app):\n"
        "    app.connect('doctree-read', lambda app, doctree: seen.append(('read', gc.get_threshold(), gc.get_freeze_count())))\n"
        "    app.connect('doctree-resolved', lambda app, doctree, docname: seen.append(('write', gc.get_threshold(), gc.get_freeze_count())))\n"
    )
    before = gc.get_threshold()
    for tuned in (True, False):
        src = write_project(
            tmp_path / f"src-{tuned}",
            {"events/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n", "probe.py": probe},
            f"import os, sys; sys.path.insert(0, os.path.dirname(__file__))\nextensions.append('probe')\ntalks_tune_gc = {tuned}\n",
        )
        import sys

        sys.modules.pop("probe", None)
        build(src)
        seen = sys.modules["probe"].seen
        assert {phase for phase, _, _ in seen} == {"read", "write"}, seen
        for phase, thresholds, frozen in seen:
            if not tuned:
                assert thresholds == before and frozen == 0
            elif phase == "read":  # rarer young passes while reading
                assert thresholds == (20_000, *before[1:]) and frozen == 0
            else:  # frozen environment, usual young passes free each written doctree;
                # full passes ten times rarer in this serial build
                assert thresholds == (*before[:2], before[2] * 10) and frozen > 0
        assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_environment_is_collected_before_it_is_frozen_only_after_merges():
    """A parallel read leaves each merged environment's copy as garbage: one full pass
    before freezing frees it.  A serial read leaves little, and the pass over the
    whole environment (0.36 s on 2,000 talks) is skipped."""
    import gc
    from types import SimpleNamespace

    from sphinx_talks import collector

    full = []

    def watch(phase, info):
        if phase == "stop" and info["generation"] == 2:
            full.append(info["collected"])

    before = gc.get_threshold()
    gc.callbacks.append(watch)
    try:
        for merged in (False, True):
            full.clear()
            app = SimpleNamespace(parallel=2 if merged else 1)
            app.__dict__[collector._SAVED] = before
            collector.count_read(app, None, ["a", "b"])
            if merged:
                collector.note_merge(app, None, {"a"}, None)
            collector.freeze(app, None)
            frozen = gc.get_freeze_count()
            gc.unfreeze()
            assert frozen > 0
            assert len(full) == (1 if merged else 0), (merged, full)
            # a parallel build writes in parallel too: the usual full passes stay
            assert gc.get_threshold() == (before if merged else (*before[:2], before[2] * 10))
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*before)


def test_the_process_exit_does_not_scan_what_the_build_left_alive(tmp_path):
    """After ``sphinx-build`` returns, the interpreter's shutdown would run full passes
    of the collector over the whole environment (2.1 s of a 2,000-talk build): the
    objects are frozen first.  Watched from an ``atexit`` handler registered before
    the build, which therefore runs after ours."""
    import subprocess
    import sys

    src = write_project(tmp_path / "src", {"events/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n"})
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count()))\n"
        "from sphinx.cmd.build import main\n"
        "code = main(['-q', '-b', 'html', sys.argv[1], sys.argv[2]])\n"
        "print('frozen after the build:', gc.get_freeze_count())\n"
        "sys.exit(code)\n"
    )
    for tuned in (True, False):
        (src / "conf.py").write_text(
            (src / "conf.py").read_text("utf-8") + f"talks_tune_gc = {tuned}\n", "utf-8"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(src), str(tmp_path / f"out-{tuned}")],
            capture_output=True,
            text=True,
            check=True,
        )
        after, at_exit = (int(line.rpartition(" ")[2]) for line in done.stdout.splitlines()[-2:])
        assert after == 0, done.stdout  # a process that goes on building frees each build
        if tuned:
            assert at_exit > 10_000, done.stdout
        else:
            assert at_exit == 0, done.stdout


def test_odd_pyvideo_values_are_warnings_and_the_talk_still_builds(project):
    """Found by trying hostile pyvideo files: an alias naming a page Sphinx writes, a
    duration no number of seconds can hold, an alias written as a full URL, a
    ``category.json`` holding a list."""
    built = project(
        {
            "events/ev/videos/gen.json": json.dumps(
                {"title": "Gen", "recorded": "2020-01-08", "alias": "genindex.html"}
            ),
            "events/ev/videos/inf.json": '{"title": "Inf", "recorded": "2020-01-09", "duration": 1e400}',
            "events/ev/videos/full.json": json.dumps(
                {"title": "Full", "recorded": "2020-01-10", "alias": "https://pyvideo.org/video/3/full"}
            ),
            "events/ev/category.json": '[{"title": "A list"}]',
        },
        all_pages=False,
    )
    out = built.outdir
    genindex = (out / "genindex.html").read_text("utf-8")
    assert "General Index" in genindex and "http-equiv" not in genindex  # Sphinx's own page stays
    assert built.html("talks/inf").find("h1").get_text().startswith("Inf")
    assert "talks/full.html" in (out / "video" / "3" / "full" / "index.html").read_text("utf-8")
    lines = built.warning_lines()
    assert any("inf.json" in w and "[talks.bad-duration]" in w for w in lines), lines
    assert any("category.json: not a JSON object" in w for w in lines), lines
    assert not any("internal-error" in w for w in lines), lines


def test_a_serial_build_and_a_rebuild_that_read_nothing_freeze_without_a_full_collection(tmp_path):
    """A full pass over a loaded environment costs seconds at archive size and finds
    little after a serial read and nothing when no page was read: the first build and
    a rebuild with nothing changed only freeze (a parallel read collects first: see
    ``test_the_environment_is_collected_before_it_is_frozen_only_after_merges``)."""
    probe = (
        "import gc\ncalls = []\n_collect = gc.collect\n"
        "def counted(*args):\n    calls.append(1)\n    return _collect(*args)\n"
        "def setup(app):\n    gc.collect = counted\n"
        "    app.connect('build-finished', lambda app, exc: calls.append(('frozen', gc.get_freeze_count() > 0)))\n"
        "    app.connect('build-finished', lambda app, exc: setattr(gc, 'collect', _collect))\n"
    )
    src = write_project(
        tmp_path / "src",
        {"events/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n", "probe.py": probe},
        "import os, sys; sys.path.insert(0, os.path.dirname(__file__))\nextensions.append('probe')\n",
    )
    import sys

    seen = []
    for _ in range(2):
        sys.modules.pop("probe", None)
        build(src)
        seen.append(sys.modules["probe"].calls)
    first, again = seen
    assert first == [("frozen", True)], first
    assert again == [("frozen", True)], again


def test_the_search_index_is_pruned_with_a_set_and_forgets_a_removed_talk(tmp_path):
    """Sphinx prunes the search index with ``env.all_docs``, a dict, which each word's
    set of documents copies again (31 s for pyvideo's archive): the catalog makes it
    a set once.  The index is what it was: a removed talk's page and words leave it."""
    probe = (
        "from sphinx.search import IndexBuilder\nkinds = []\n_prune = IndexBuilder.prune\n"
        "def prune(self, docnames):\n    kinds.append(type(docnames).__name__)\n    return _prune(self, docnames)\n"
        "def setup(app):\n    IndexBuilder.prune = prune\n"
        "    app.connect('build-finished', lambda app, exc: setattr(IndexBuilder, 'prune', _prune))\n"
    )
    src = write_project(
        tmp_path / "src",
        {
            "events/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nZebrafish larvae.\n",
            "events/b.md": "---\ntitle: B\ndate: 2024-02-01\n---\nOctopus arms.\n",
            "probe.py": probe,
        },
        "import os, sys; sys.path.insert(0, os.path.dirname(__file__))\nextensions.append('probe')\n",
    )
    import sys

    kinds = []
    indexes = []
    for step in range(2):
        if step:
            (src / "events" / "a.md").unlink()
        sys.modules.pop("probe", None)
        built = build(src)
        kinds += sys.modules["probe"].kinds
        raw = (built.outdir / "searchindex.js").read_text("utf-8")
        indexes.append(json.loads(raw[raw.index("(") + 1 : raw.rindex(")")]))
    assert kinds and set(kinds) <= {"set", "frozenset"}, kinds
    first, after = indexes
    assert "talks/a" in first["docnames"] and "zebrafish" in first["terms"]
    assert "talks/a" not in after["docnames"] and after["terms"].get("zebrafish", []) == []
    assert "talks/b" in after["docnames"] and "octopus" in after["terms"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_reads_without_bodies_and_reports_the_same(tmp_path, jobs, monkeypatch):
    """``sphinx-talks check`` has processes send talks back without their converted
    bodies (less to pickle); every diagnostic is the same as a build's read."""
    from zoneinfo import ZoneInfo

    from sphinx_talks.sources import folder
    from sphinx_talks.sources.common import ReaderSettings

    monkeypatch.setattr(folder, "PARALLEL_MIN_FILES", 2)
    events = tmp_path / "events"
    events.mkdir()
    for n in range(6):
        fence = "```\nnever closed\n" if n == 3 else ""
        (events / f"t{n}.md").write_text(
            f"---\ntitle: Talk {n}\ndate: 2024-01-0{n + 1}\nspeakers: [Ann Lee]\n---\nSome *text* {n}.\n{fence}",
            "utf-8",
        )
    settings = ReaderSettings(root=events, zone=ZoneInfo("UTC"))
    whole, reported = folder.read_folder(settings, jobs=jobs)
    lean, reported_lean = folder.read_folder(settings, jobs=jobs, bodies=False)
    assert [t.slug for t in whole] == [t.slug for t in lean]
    assert all(t.body for t in whole) and not any(t.body for t in lean)
    # what a lint needs stays (the people, their pages' slugs, the lines); dates and texts go
    for full, kept in zip(whole, lean, strict=True):
        assert (kept.source, kept.line, kept.title) == (full.source, full.line, full.title)
        assert [(p.name, p.slug) for p in kept.speakers] == [(p.name, p.slug) for p in full.speakers]
        assert full.start is not None and kept.start is None
    assert reported == reported_lean and any(d.subtype == "unclosed-fence" for d in reported)


def test_check_reads_with_rarer_collector_passes_and_restores_them(tmp_path, monkeypatch, capsys):
    """``sphinx-talks check`` keeps every talk its reading processes send back; while
    it reads, what was alive before is frozen and the first generation passes every
    20,000 objects (1.86 s to 0.5 s of collection in the main process over pyvideo's
    archive).  The process's settings come back afterwards, and the command still
    does not import Sphinx."""
    import gc
    import subprocess
    import sys

    from sphinx_talks import cli
    from sphinx_talks.sources import folder

    events = tmp_path / "events"
    events.mkdir()
    (events / "a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\nText.\n", "utf-8")
    seen = []
    real = cli.read_folder

    def watched(*args, **kwargs):
        seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "read_folder", watched)
    before = gc.get_threshold()
    assert cli.main(["check", str(events)]) == 0
    assert capsys.readouterr().out.startswith("1 talk")
    ((thresholds, frozen),) = seen
    assert thresholds == (20_000, *before[1:]) and frozen > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    assert folder.read_folder is real  # (the module's own function was not replaced)

    script = (
        "import sys\nfrom sphinx_talks.cli import main\n"
        "code = main(['check', sys.argv[1]])\n"
        "print('sphinx imported:', any(m == 'sphinx' or m.startswith('sphinx.') for m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(events)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "sphinx imported: False" in done.stdout
