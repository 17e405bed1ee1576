"""Incremental builds: unchanged input reads and writes nothing; removed talks disappear."""

from __future__ import annotations

import os
import pickle
import re

from conftest import build, write_project
from sphinx.testing.util import SphinxTestApp
from sphinx_talks.generate import CACHE

TALK = '+++\ntitle = "{title}"\ndate = {date}T18:00:00\nspeakers = ["{who}"]\ntags = ["t"]\n+++\nBody of {title}.\n'


def _files(n: int) -> dict[str, str]:
    return {
        f"events/talk{i}.md": TALK.format(title=f"Talk {i}", date=f"2023-0{i + 1}-01", who="Ann Lee")
        for i in range(n)
    }


def _mtimes(srcdir):
    return {p: p.stat().st_mtime_ns for p in (srcdir / "talks").rglob("*") if p.is_file()}


def _updated(status: str) -> tuple[int, int, int]:
    m = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", status)
    return tuple(int(x) for x in m.groups())


def test_second_build_reads_and_writes_nothing(tmp_path):
    src = write_project(tmp_path / "src", _files(3))
    first = build(src)
    assert _updated(first.status)[0] > 3
    before = _mtimes(src)
    second = build(src)
    assert _updated(second.status) == (0, 0, 0)
    assert "no targets are out of date" in second.status
    assert _mtimes(src) == before


def test_edit_rewrites_only_affected_pages(tmp_path):
    src = write_project(tmp_path / "src", _files(3))
    build(src)
    path = src / "events" / "talk1.md"
    path.write_text(path.read_text("utf-8").replace("Body of Talk 1.", "New words."), "utf-8")
    again = build(src)
    assert _updated(again.status) == (0, 1, 0)
    assert "New words." in (again.outdir / "talks" / "talk1.html").read_text("utf-8")


def test_removed_talk_removes_its_pages(tmp_path):
    files = _files(3)
    files["events/solo.md"] = TALK.format(title="Solo", date="2022-01-01", who="Only Once")
    src = write_project(tmp_path / "src", files)
    build(src)
    assert (src / "talks" / "solo.md").is_file() and (src / "talks" / "speakers" / "only-once.md").is_file()
    (src / "events" / "solo.md").unlink()
    again = build(src)
    assert not (src / "talks" / "solo.md").exists()
    assert not (src / "talks" / "speakers" / "only-once.md").exists()
    assert not (src / "talks" / "years" / "2022.md").exists()
    assert _updated(again.status)[2] == 3
    assert "Solo" not in (again.outdir / "talks" / "index.html").read_text("utf-8")


def test_user_files_in_output_folder_are_kept(tmp_path):
    src = write_project(tmp_path / "src", _files(1) | {"talks/notes.txt": "mine"})
    build(src)
    build(src)
    assert (src / "talks" / "notes.txt").read_text("utf-8") == "mine"


def test_talk_pages_stay_out_of_toctrees(tmp_path):
    src = write_project(tmp_path / "src", _files(5))
    built = build(src)
    env = built.app.env
    in_toctrees = {doc for docs in env.toctree_includes.values() for doc in docs}
    talk_docs = {f"talks/talk{i}" for i in range(5)}
    assert talk_docs <= set(env.found_docs)
    assert not talk_docs & in_toctrees
    assert in_toctrees == {"talks/index", "talks/years/2023", "talks/speakers/index", "talks/tags/index"}
    assert not built.warning_lines()


def test_parallel_build_gives_same_pages(tmp_path):
    serial = build(write_project(tmp_path / "a", _files(4)))
    src = write_project(tmp_path / "b", _files(4))
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=src, parallel=2)
    try:
        app.build()
    finally:
        app.cleanup()
    assert not [w for w in app.warning.getvalue().splitlines() if "WARNING" in w]
    for name in ("talks/talk1.html", "talks/index.html", "talks/speakers/ann-lee.html"):
        a = (serial.outdir / name).read_text("utf-8")
        b = (app.outdir / name).read_text("utf-8")
        assert a == b, name


def test_cached_reads_still_warn_and_follow_changes(tmp_path):
    """Unchanged source files are not read again, but their warnings are reported on
    every build; a changed file, a changed bundle folder or changed settings are read."""
    bundle = '+++\ntitle = "Bundle"\ndate = 2023-05-01T18:00:00\n+++\n![a figure](figure.png)\n'
    files = {
        **_files(2),
        "events/b/index.md": bundle,
        "events/bad.md": '+++\ntitle = "Bad"\ndate = "soon"\n+++\n',
    }
    src = write_project(tmp_path / "src", files)
    first = build(src)
    cache = src / "_build" / "doctrees" / "sphinx-talks-sources.pickle"
    assert cache.is_file()
    warned = sorted(line for line in first.warning_lines() if "bad.md" in line or "index.md" in line)
    assert any("bad.md" in line for line in warned) and any("image" in line for line in warned)
    second = build(src)  # nothing changed: results come from the cache, warnings again
    assert sorted(line for line in second.warning_lines() if "bad.md" in line or "index.md" in line) == warned
    # a new image in the bundle's folder: the page is read again and now finds it
    (src / "events" / "b" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    third = build(src)
    assert not [line for line in third.warning_lines() if "index.md" in line]
    assert third.html("talks/b").find("img")
    # an edited file is read again
    path = src / "events" / "talk0.md"
    path.write_text(path.read_text("utf-8").replace("Talk 0", "Retitled"), "utf-8")
    assert "Retitled" in build(src).html("talks/talk0").find("h1").get_text()
    # changed reader settings (the time zone) read every file again
    zoned = build(src, talks_timezone="Asia/Tokyo")
    assert "JST" in zoned.html("talks/talk1").get_text()


def test_read_cache_reads_only_changed_files(tmp_path, monkeypatch):
    from zoneinfo import ZoneInfo

    from sphinx_talks.sources import folder
    from sphinx_talks.sources.common import ReaderSettings

    src = write_project(tmp_path / "src", _files(3))
    settings = ReaderSettings(root=(src / "events").resolve(), zone=ZoneInfo("UTC"))
    reads: list[str] = []
    real = folder.read_file
    monkeypatch.setattr(folder, "read_file", lambda path, s: reads.append(path.name) or real(path, s))

    titles = ["Talk 0", "Talk 1", "Talk 2"]

    def run() -> list[str]:
        reads.clear()
        cache = folder.ReadCache(tmp_path / "cache.pickle", repr(settings))
        talks, _ = folder.read_folder(settings, cache=cache)
        cache.save()
        assert sorted(t.title for t in talks) == titles
        return sorted(reads)

    events = src / "events"
    assert run() == ["talk0.md", "talk1.md", "talk2.md"]
    assert run() == []
    (events / "talk1.md").write_text(TALK.format(title="Talk 1", date="2023-02-02", who="B"), "utf-8")
    assert run() == ["talk1.md"]
    # saved the way many editors do (a temporary file renamed over the page): the
    # folder changes, but only that page is read again
    (events / "talk2.tmp").write_text(TALK.format(title="Talk 2", date="2023-03-02", who="C"), "utf-8")
    os.replace(events / "talk2.tmp", events / "talk2.md")
    assert run() == ["talk2.md"]
    # a new page is read alone
    (events / "talk3.md").write_text(TALK.format(title="Talk 3", date="2023-04-02", who="D"), "utf-8")
    titles.append("Talk 3")
    assert run() == ["talk3.md"]
    (tmp_path / "cache.pickle").write_bytes(b"not a pickle")
    assert run() == ["talk0.md", "talk1.md", "talk2.md", "talk3.md"]


def test_cached_read_follows_a_linked_file_appearing_in_the_folder(tmp_path):
    """A link to a file that is not there is read again when the folder changes;
    once the file is there, the link is a download link."""
    page = '+++\ntitle = "Slides"\ndate = 2024-01-01T10:00:00\nslides = "deck.pdf"\n+++\nText.\n'
    src = write_project(tmp_path / "src", {"events/s.md": page})
    first = build(src)
    assert any("bad-url" in line and "s.md" in line for line in first.warning_lines())
    (src / "events" / "deck.pdf").write_bytes(b"%PDF-1.4\n")
    second = build(src)
    assert not second.warning_lines()
    assert any(a.get("href", "").endswith(".pdf") for a in second.html("talks/s").find_all("a"))


def test_cached_read_follows_images_in_talks_static(tmp_path):
    """A talk's image found in ``talks_static`` is a dependency of its cached read:
    removing it reads the page again (a warning, no crash), adding it back finds it."""
    from test_talk_page import PNG

    page = '+++\ntitle = "S"\ndate = 2024-01-01T10:00:00\n+++\n![p](/images/p.png)\n'
    src = write_project(
        tmp_path / "src", {"events/s.md": page, "static/images/p.png": PNG}, 'talks_static = ["static"]\n'
    )
    assert build(src).html("talks/s").find("img")
    (src / "static" / "images" / "p.png").unlink()
    gone = build(src)
    assert any("image-not-found" in line and "s.md" in line for line in gone.warning_lines())
    (src / "static" / "images" / "p.png").write_bytes(PNG)
    back = build(src)
    assert back.html("talks/s").find("img") and not back.warning_lines()


def test_builders_sharing_doctrees_each_get_the_change(tmp_path):
    """An edit built first by another builder (same doctree folder) still reaches every
    HTML page that shows the talk: what each output last showed is kept per output."""
    src = write_project(tmp_path / "src", _files(2))
    (src / "index.md").write_text(
        "# T\n\nSee {talk:talk}`talk0`.\n\n```{toctree}\ntalks/index\n```\n", "utf-8"
    )
    build(src)
    path = src / "events" / "talk0.md"
    path.write_text(path.read_text("utf-8").replace("Talk 0", "Renamed talk"), "utf-8")
    build(src, buildername="text")
    html = build(src)
    for doc in (
        "index",
        "talks/index",
        "talks/years/2023",
        "talks/speakers/ann-lee",
        "talks/tags/t",
        "talks/talk1",
    ):
        text = html.html(doc).get_text()
        assert "Renamed talk" in text and "Talk 0" not in text, doc
    assert "Renamed talk" in (html.outdir.parent / "text" / "talks" / "talk1.txt").read_text("utf-8")


def test_a_file_saved_while_the_build_reads_it_is_read_again(tmp_path, monkeypatch):
    """An editor saves a page after the build read it but before the cache was written:
    the next build, and a -E build, show the saved text (issue: the cache paired the new
    modification time with the old text, forever)."""
    from sphinx_talks.sources import folder

    src = write_project(tmp_path / "src", _files(2))
    page = src / "events" / "talk1.md"
    real = folder.read_file

    def read_then_save(path, settings):
        result = real(path, settings)
        if path.name == "talk1.md" and "VERSION-B" not in page.read_text("utf-8"):
            page.write_text(TALK.format(title="VERSION-B", date="2023-02-01", who="Ann Lee"), "utf-8")
            stat = page.stat()  # a later modification time, as a save a moment later has
            os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        return result

    monkeypatch.setattr(folder, "read_file", read_then_save)
    first = build(src)
    assert "Talk 1" in first.html("talks/talk1").find("h1").get_text()  # read before the save
    monkeypatch.setattr(folder, "read_file", real)
    again = build(src)
    assert "VERSION-B" in again.html("talks/talk1").find("h1").get_text()
    # -E ignores the cache: a cache entry made stale by hand is not used
    cache = src / "_build" / "doctrees" / CACHE

    stored = pickle.loads(cache.read_bytes())
    for key, (stamp, blob) in stored["entries"].items():
        talks, diagnostics = pickle.loads(blob)
        for talk in talks:
            talk.title = "STALE " + talk.title
        stored["entries"][key] = (stamp, pickle.dumps((talks, diagnostics)))
    cache.write_bytes(pickle.dumps(stored))
    assert "STALE" in build(src).html("talks/talk1").find("h1").get_text()  # the cache is used
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    text = (src / "_build" / "html" / "talks" / "talk1.html").read_text("utf-8")
    assert "STALE" not in text and "VERSION-B" in text
