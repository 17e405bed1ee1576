"""Shared fixtures: build small Sphinx projects in temporary folders."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("SPHINX_TALKS_CORPUS", ROOT.parent / "shared" / "corpus"))
SEED = CORPUS / "seed" / "events" / "auroram-lm.md"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"sample pages not found at {CORPUS}")

#: A 1×1 PNG picture.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

INDEX = "# Test project\n\n```{toctree}\ntalks/index\n```\n"


@dataclass
class Built:
    """A finished build: its app, source and output folders, and warnings."""

    app: SphinxTestApp
    srcdir: Path
    outdir: Path
    warnings: str
    status: str

    def html(self, docname: str) -> BeautifulSoup:
        """The parsed HTML page of ``docname``."""
        return BeautifulSoup((self.outdir / f"{docname}.html").read_text("utf-8"), "html.parser")

    def warning_lines(self) -> list[str]:
        """Warning messages, one per entry (continuation lines joined)."""
        text = re.sub(r"\x1b\[[0-9;]*m", "", self.warnings)
        return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def players(soup: BeautifulSoup) -> list[str]:
    """The player URLs of a page, in page order: each click-to-load placeholder's iframe
    URL (``data-src``) and each iframe's ``src``."""
    return [
        tag["data-src"] if tag.name == "a" else tag["src"]
        for tag in soup.find_all(lambda t: t.name == "iframe" or (t.name == "a" and t.has_attr("data-src")))
    ]


def html_pages(folder: Path) -> list[Path]:
    """The HTML pages directly in ``folder``, without the redirect pages written at old
    URLs (a speaker renamed through a ``talks_speakers`` alias has one)."""
    return sorted(
        p
        for p in folder.glob("*.html")
        if 'http-equiv="refresh"' not in p.read_text("utf-8", errors="replace")
    )


#: Most tests build a talk or two per speaker and tag and check their pages: every
#: speaker and tag gets one (the default, "auto", gives pages to those with two talks
#: or more, or a profile; tests of it pass ``all_pages=False``).
#: (On the first line, so that the line numbers of ``conf`` stay those tests expect.)
ALL_PAGES = '; talks_speaker_pages = "all"; talks_tag_pages = "all"'


def write_project(
    srcdir: Path, files: dict[str, str | bytes], conf: str = "", all_pages: bool = True
) -> Path:
    """Write ``conf.py``, ``index.md`` and ``files`` (paths relative to ``srcdir``);
    ``all_pages``: every speaker and tag gets a page (see :data:`ALL_PAGES`)."""
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_talks"]'
        + (ALL_PAGES if all_pages else "")
        + '\ntalks_source = "events"\n'
        + conf,
        "utf-8",
    )
    (srcdir / "index.md").write_text(INDEX, "utf-8")
    (srcdir / "events").mkdir(exist_ok=True)
    for name, content in files.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return srcdir


def build(srcdir: Path, buildername: str = "html", verbosity: int = 0, **overrides) -> Built:
    """Build ``srcdir`` with Sphinx's test app; return the result (never raises on warnings).
    ``verbosity=1`` (``-v``) puts the notices into ``status``."""
    app = SphinxTestApp(buildername, srcdir=srcdir, confoverrides=overrides or None, verbosity=verbosity)
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(app, srcdir, Path(app.outdir), app.warning.getvalue(), app.status.getvalue())


@pytest.fixture
def project(tmp_path: Path):
    """Factory: ``project(files, conf="")`` writes a project and builds it."""

    def make(
        files: dict[str, str | bytes], conf: str = "", verbosity: int = 0, all_pages: bool = True, **overrides
    ) -> Built:
        return build(
            write_project(tmp_path / "src", files, conf, all_pages), verbosity=verbosity, **overrides
        )

    return make
