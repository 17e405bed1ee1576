"""The site navigation shared by pages outside every toctree equals Sphinx's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build, write_project
from sphinx.builders.html import StandaloneHTMLBuilder

PAGES = {
    "events/a.md": '+++\ntitle = "Alpha"\ndate = 2023-01-05T10:00:00\ntags = ["graphs"]\nauthors = ["Ann Lee"]\n+++\nText.\n',
    "events/b.md": '+++\ntitle = "Beta"\ndate = 2023-03-05T10:00:00\ntags = ["graphs"]\nauthors = ["Bo Chen"]\n+++\nText.\n',
    "events/c.md": '+++\ntitle = "Gamma"\ndate = 2024-02-05T10:00:00\nauthors = ["Ann Lee"]\n+++\nText.\n',
    "about.md": "# About\n\nA page of the site.\n",
}
CONF = 'html_theme = "furo"\n'


def _sidebars(outdir: Path) -> dict[str, str]:
    found = {}
    for path in sorted(outdir.rglob("*.html")):
        text = path.read_text("utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect from an old URL, not a page
        tree = BeautifulSoup(text, "html.parser").select_one(".sidebar-tree")
        found[path.relative_to(outdir).as_posix()] = str(tree)
    return found


def test_pages_outside_toctrees_share_the_navigation_sphinx_computes(tmp_path, monkeypatch):
    calls: list[str] = []
    original = StandaloneHTMLBuilder._get_local_toctree

    def counted(self, docname, collapse=True, **kwargs):
        calls.append(docname)
        return original(self, docname, collapse, **kwargs)

    monkeypatch.setattr(StandaloneHTMLBuilder, "_get_local_toctree", counted)
    index = "# Site\n\n```{toctree}\ntalks/index\nabout\n```\n"
    shared = build(write_project(tmp_path / "shared", {**PAGES, "index.md": index}, CONF))
    shared_calls = list(calls)

    import sphinx_talks.sidebar

    monkeypatch.setattr(sphinx_talks.sidebar, "share_toctree", lambda *args: None)
    calls.clear()
    plain = build(write_project(tmp_path / "plain", {**PAGES, "index.md": index}, CONF))

    ours, theirs = _sidebars(shared.outdir), _sidebars(plain.outdir)
    assert ours.keys() == theirs.keys() and "talks/a.html" in ours
    for page in ours:
        assert ours[page] == theirs[page], page
    # pages in a toctree are marked in their own navigation
    year = BeautifulSoup(ours["talks/years/2023.html"], "html.parser")
    assert [a.get_text() for a in year.select("a.current")] == ["Talks in 2023"]
    # talk, speaker and tag pages asked Sphinx once per folder, not once per page
    outside = [
        p for p in ours if p.startswith(("talks/a", "talks/b", "talks/c", "talks/speakers/", "talks/tags/"))
    ]
    outside = [p for p in outside if not p.endswith("index.html")]
    assert len(outside) == 6
    assert len(calls) == len(theirs)  # Sphinx alone: once per page
    assert len(shared_calls) <= len(calls) - len(outside) + 3


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml"])
def test_other_html_builders_keep_their_navigation(tmp_path, builder):
    index = "# Site\n\n```{toctree}\ntalks/index\nabout\n```\n"
    built = build(write_project(tmp_path / "src", {**PAGES, "index.md": index}, CONF), builder)
    assert not built.warning_lines()
    page = "talks/a/index.html" if builder == "dirhtml" else "index.html"
    tree = BeautifulSoup((built.outdir / page).read_text("utf-8"), "html.parser").select_one(".sidebar-tree")
    assert tree is not None and "About" in tree.get_text()
