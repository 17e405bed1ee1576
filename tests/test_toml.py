"""The TOML parser: tomli (compiled where its wheels are) reads front matter exactly as
the standard library's tomllib does, over every TOML block of the sample sites."""

from __future__ import annotations

import sys

import pytest
from conftest import CORPUS, needs_corpus

tomllib = pytest.importorskip("tomllib") if sys.version_info >= (3, 11) else None


def _toml_blocks() -> list[tuple[str, str]]:
    """``(file, block)`` of every ``+++`` front matter and ``.toml`` file of the corpus."""
    blocks = []
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in (".md", ".markdown"):
            text = path.read_text("utf-8", errors="replace").replace("\r\n", "\n")
            lines = text.split("\n")
            if lines and lines[0].strip() == "+++":
                end = next((n for n in range(1, len(lines)) if lines[n].strip() == "+++"), None)
                if end is not None:
                    blocks.append((str(path), "\n".join(lines[1:end])))
        elif path.suffix == ".toml":
            blocks.append((str(path), path.read_text("utf-8", errors="replace")))
    return blocks


def _read(parser, text: str) -> tuple[str, object]:
    try:
        return "data", parser.loads(text)
    except parser.TOMLDecodeError as exc:
        return "error", str(exc)


@needs_corpus
@pytest.mark.skipif(tomllib is None, reason="tomllib is in the standard library from Python 3.11")
def test_tomli_reads_every_corpus_page_as_tomllib_does():
    import tomli
    from sphinx_talks import frontmatter

    assert frontmatter.tomli is tomli  # the parser the build uses
    blocks = _toml_blocks()
    assert len(blocks) > 100
    compared = 0
    for name, block in blocks:
        # the page as written, and cut short (most cuts are errors: their messages and
        # lines, which warnings quote, must agree too)
        for text in (block, block[: len(block) // 2], block[: len(block) // 3] + ' = "\n'):
            theirs, ours = _read(tomllib, text), _read(tomli, text)
            if theirs[0] == "data" or ours[0] == "error":
                assert ours == theirs, name
            # else: TOML 1.1 (tomli) reads what 1.0 (this tomllib) rejects: a page that
            # did not build before now does; nothing tomllib reads is read otherwise
            compared += 1
    assert compared == 3 * len(blocks)
