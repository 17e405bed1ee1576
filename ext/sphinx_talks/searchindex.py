"""Sphinx's search index, pruned in time linear in the catalog.

Before it writes ``searchindex.js``, the HTML builder prunes the index to the
documents that still exist: ``IndexBuilder.prune(env.all_docs)`` intersects each
word's set of documents with ``all_docs``, a dict, so Python copies the dict into
a new set once per word.  With pyvideo's archive (27,000 documents and some 100,000
words) that took 31 s of a 88 s rebuild with nothing changed, and as long in every
full build; the root document is written on every build, so every build prunes.
Sphinx's issue 11120 reports the cost of this prune.

:func:`prune_with_a_set` hands ``prune`` a set made once: the same documents, the
same index, each word's intersection in time proportional to its own documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx

_WRAPPED = "_talks_prune_with_a_set"


def prune_with_a_set(app: Sphinx, *args: Any) -> list[Any]:
    """``html-collect-pages`` (after every page is written, before the index is
    dumped): make the builder's search index prune with a set of docnames; no pages."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or getattr(indexer, _WRAPPED, False):
        return []
    prune = indexer.prune

    def prune_docnames(docnames: Iterable[str]) -> None:
        prune(docnames if isinstance(docnames, set | frozenset) else frozenset(docnames))

    indexer.prune = prune_docnames
    setattr(indexer, _WRAPPED, True)
    return []


def setup_searchindex(app: Sphinx) -> None:
    """Register the handler."""
    app.connect("html-collect-pages", prune_with_a_set)
