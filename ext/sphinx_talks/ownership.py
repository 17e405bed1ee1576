"""Which files of the builder's output folder belong to someone else.

The catalog writes files beside Sphinx's pages (calendars, feeds, the export, redirect
pages) and removes those a later build no longer makes.  It may overwrite or remove a
file only when its manifest says the catalog wrote it *and* nothing else claims it
now: :func:`claimed_files` lists what others claim in this build.  A file that
someone changed since the catalog wrote it (its digest differs from the manifest's)
is theirs as well (:func:`sphinx_talks.files.still_ours`).
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx_reredirects import Reredirects

from .files import text_name

#: Pages Sphinx's HTML builders write beside the documents.
_SPHINX_PAGES = ("genindex", "search", "opensearch")


def _files_below(path: Path, into: str) -> list[str]:
    """The files Sphinx copies from ``path`` (a file or a folder) into the output folder
    ``into`` (``""`` or ``"_static"``), as ``/``-separated text names below it."""
    prefix = into + "/" if into else ""
    if path.is_file():
        return [prefix + text_name(path.name)]
    found: list[str] = []
    for base, _dirs, names in os.walk(path):  # Sphinx's copy_asset walks it alike
        folder = Path(base).relative_to(path).as_posix()
        for name in names:
            relative = name if folder == "." else f"{folder}/{name}"
            found.append(prefix + text_name(relative))
    return found


def claimed_files(app: Sphinx) -> dict[str, str]:
    """``{file below the output folder (text, /-separated): who claims it}`` for this
    build: every document's page and the pages Sphinx generates (index, search, domain
    indices, ``html_additional_pages``), the files of ``html_extra_path`` and
    ``html_static_path``, and the pages of the user's own ``redirects``.  Only for
    builders writing one file per document (``get_outfilename``); else empty."""
    builder = app.builder
    if builder is None or not hasattr(builder, "get_outfilename"):
        return {}
    outdir = Path(app.outdir)

    def out(docname: str) -> str:
        return text_name(Path(builder.get_outfilename(docname)).relative_to(outdir).as_posix())

    claims = {out(d): f"the page of {d}" for d in sorted(app.env.found_docs)}
    generated = [*_SPHINX_PAGES, *getattr(app.config, "html_additional_pages", {})]
    generated += [f"{d.name}-{i.name}" for d in app.env.domains.values() for i in d.indices]
    for name in generated:
        claims.setdefault(out(name), f"Sphinx's page {name}")
    confdir = Path(app.confdir)
    for option, into in (("html_extra_path", ""), ("html_static_path", "_static")):
        for entry in getattr(app.config, option, None) or []:
            for name in _files_below(confdir / entry, into):
                claims.setdefault(name, f"a file of {option}")
    suffix = getattr(builder, "out_suffix", ".html")
    rr = Reredirects(app)
    for source in getattr(app.config, "redirects", None) or {}:
        if not any(c in source for c in "*?["):  # wildcards name documents, listed above
            name = Path(*rr.docname_out_path(source, suffix)).with_suffix(suffix).as_posix()
            claims.setdefault(name, "a page of the redirects option")
    return claims
