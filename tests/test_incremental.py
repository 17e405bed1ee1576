"""Incremental builds: unchanged input reads and writes nothing; removed talks disappear."""

from __future__ import annotations

import re

from conftest import build, write_project

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
