"""Redirect pages at the old site's URLs, written by sphinx-reredirects.

Every old URL a talk declares or had (:attr:`Talk.old_urls`: Hugo ``url``,
``aliases`` and the URL Hugo gave it, Jekyll ``permalink``) and the page of every
speaker renamed through a ``talks_speakers`` alias gets a small HTML page that sends
the browser to the new page (keeping a ``#fragment``).  A folder URL
(``/events/auroram-lm/``) becomes ``events/auroram-lm/index.html``, which web servers
serve for it, on ``html`` and ``dirhtml`` alike; an ``.html`` URL keeps its name.

sphinx-reredirects is used rather than sphinxext-rediraffe because its redirects are
plain ``{source: target}`` pairs written at ``html-collect-pages`` for any builder
with HTML output files (rediraffe insists that the source is no document and checks
its targets against the project's documents, which old site URLs never are), it keeps
the fragment, and its template (``redirect_html_template_file``) is the user's to
change.  The catalog hands it its pairs directly (never through the ``redirects``
config value, which would make every build see a changed configuration) and only
those whose file content changed.

A URL is left out, with a ``redirect`` notice, when it is the new page itself, would
replace a page of the project, is claimed by an earlier talk, or names a file that
is not an HTML page (``.php``).  ``talks_redirects = False`` turns it all off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx_reredirects import Reredirects

from .config import get_config
from .publish import catalog_of, publishes
from .sources.common import identity, slug_for

logger = logging.getLogger(__name__)

_WRITTEN: WeakKeyDictionary[Sphinx, set[str]] = WeakKeyDictionary()


def _key(path: str) -> str | None:
    """The sphinx-reredirects source of the old URL ``path`` (``/events/x/`` →
    ``events/x/index``; ``/talks/x.html`` kept), or None for a non-HTML file URL."""
    inner = path.strip("/")
    if path.endswith("/"):
        return inner + "/index"
    return inner if inner.endswith(".html") else None


def redirect_pairs(app: Sphinx) -> dict[str, tuple[str, str]]:
    """``{output file below the output folder: (reredirects source, target)}`` of every
    redirect this build writes; notices for the URLs left out."""
    catalog = catalog_of(app)
    if catalog is None or not get_config(app).redirects:
        return {}
    builder = app.builder
    outdir = Path(app.outdir)
    rr = Reredirects(app)
    suffix = getattr(builder, "out_suffix", ".html")
    pages = {Path(builder.get_outfilename(d)).relative_to(outdir).as_posix(): d for d in app.env.found_docs}
    # the pages Sphinx itself writes (the index, search, domain indices, additional pages)
    generated = ["genindex", "search", "opensearch", *getattr(app.config, "html_additional_pages", {})]
    generated += [f"{d.name}-{i.name}" for d in app.env.domains.values() for i in d.indices]
    for name in generated:
        pages.setdefault(Path(builder.get_outfilename(name)).relative_to(outdir).as_posix(), name)
    prefix = catalog.layout.prefix
    wanted: list[tuple[str, str, str, int]] = []  # (old path, docname, source file, line)
    for talk in catalog.talks:
        for path, line in talk.old_urls:
            wanted.append((path, f"{prefix}/{talk.slug}", str(talk.source), line))
    for slug, person in catalog.speakers.items():
        for alias in catalog.directory.renamed.get(identity(person.name), []):
            old = slug_for(alias)
            if old != slug and old not in catalog.speakers:
                wanted.append(
                    (f"/{prefix}/speakers/{old}.html", f"{prefix}/{catalog.speaker_page(slug)}", "", 0)
                )
    pairs: dict[str, tuple[str, str]] = {}
    claims: dict[str, str] = {}  # output file: the docname it redirects to
    for path, docname, source, line in wanted:
        key = _key(path)
        where = f"{source}:{line}" if source else None
        if key is None:
            logger.verbose("%s: old URL %s is not an HTML page; no redirect [talks.redirect]", where, path)
            continue
        out = Path(*rr.docname_out_path(key, suffix)).with_suffix(suffix).as_posix()
        if out in pairs:
            # two pages claim one URL (Jekyll keeps one of them): the page named after it wins
            named = path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
            if docname.rsplit("/", 1)[-1] == named and claims[out].rsplit("/", 1)[-1] != named:
                logger.verbose(
                    "%s: old URL %s is also claimed by %s [talks.redirect]", where, path, claims[out]
                )
            else:
                logger.verbose(
                    "%s: old URL %s already redirects to another page [talks.redirect]", where, path
                )
                continue
        if out in pages:
            if pages[out] != docname:
                logger.verbose(
                    "%s: old URL %s is the page of %s; no redirect [talks.redirect]", where, path, pages[out]
                )
            continue
        target = rr._relativize_target_path(key, "/" + builder.get_target_uri(docname))
        pairs[out] = (key, target)
        claims[out] = docname
    return pairs


def write_redirects(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: write the redirect pages whose content changed (through
    sphinx-reredirects); remember every redirect file for the output manifest."""
    if not publishes(app.builder):
        return []
    pairs = redirect_pairs(app)
    _WRITTEN[app] = set(pairs)
    rr = Reredirects(app)
    outdir = Path(app.outdir)
    changed = {}
    for out, (key, target) in pairs.items():
        try:
            same = (outdir / out).read_text("utf-8") == rr._render_redirect_template(target)
        except OSError:
            same = False
        if not same:
            changed[key] = target
    if changed:
        rr.create_redirects(changed)
    return []


def written_redirects(app: Sphinx) -> set[str]:
    """Redirect files (below the output folder) this build wrote or kept."""
    return _WRITTEN.get(app, set())


def setup_redirects(app: Sphinx) -> None:
    """Load sphinx-reredirects (the user's own ``redirects`` keep working) and register
    the catalog's writer."""
    app.setup_extension("sphinx_reredirects")
    app.connect("html-collect-pages", write_redirects)
