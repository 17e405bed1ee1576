"""Output the catalog no longer produces is removed from the builder's output folder.

Sphinx never deletes what an earlier build wrote: after a talk is drafted, deleted or
renamed, or a speaker or tag loses its last talk, its page, its ``_sources`` copy and
its pictures in ``_images`` would stay published.  At ``build-finished`` (a build that
succeeded) :func:`prune_output` removes, inside the output folder only:

* page files of the builder's kind (``.html``, ``dirhtml``'s ``x/index.html``,
  ``.txt`` …) under the catalog's folder whose document is no longer part of the
  project, and their ``_sources`` copies;
* pictures the catalog's pages used (listed in :data:`MANIFEST` by the build that
  copied them) that no current page uses.

Nothing outside the catalog's folder is touched but the pictures the manifest names,
and no symbolic link is followed.  When a page of the catalog joins or leaves a
toctree (a year's first or last talk), every page is written again
(:func:`rewrite_for_navigation`), so that no page's navigation links a removed page.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .config import get_config
from .degrade import writes_one_document
from .files import remove_file, text_name, write_atomic

logger = logging.getLogger(__name__)

#: File in the output folder listing the pictures the catalog's pages use there.
MANIFEST = ".sphinx-talks-output.json"


def catalog_prefix(app: Sphinx) -> str | None:
    """Docname folder of the generated pages (``"talks"``), or None when no catalog."""
    cfg = get_config(app)
    if not cfg.source:
        return None
    srcdir = Path(app.srcdir).resolve()
    out = (srcdir / cfg.output_dir).resolve()
    return out.relative_to(srcdir).as_posix() if out.is_relative_to(srcdir) else None


def _page_files(builder: Any, prefix: str, docs: set[str]) -> set[str] | None:
    """Paths below the output folder of the current pages of the catalog, for a builder
    that writes one file per document (None for others)."""
    suffix = getattr(builder, "out_suffix", None)
    if not suffix:
        return None
    outdir = Path(builder.outdir)
    ours = [d for d in docs if d.startswith(prefix + "/")]
    if hasattr(builder, "get_outfilename"):  # html, dirhtml (x/index.html) …
        return {Path(builder.get_outfilename(d)).relative_to(outdir).as_posix() for d in ours}
    return {d + suffix for d in ours}


def _source_of(app: Sphinx, prefix: str, relative: str) -> str | None:
    """The docname whose ``_sources`` copy ``relative`` is, or None."""
    link = getattr(app.config, "html_sourcelink_suffix", ".txt") or ""
    head = f"_sources/{prefix}/"
    if not relative.startswith(head):
        return None
    name = relative[len("_sources/") :]
    for suffix in (".md" + link, ".md"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def _files(folder: Path) -> list[Path]:
    """Regular files below ``folder``, without following symbolic links."""
    found: list[Path] = []
    for base, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(base, d))]
        found += [Path(base, n) for n in names if not os.path.islink(os.path.join(base, n))]
    return found


def prune_output(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: remove the output of pages, sources and pictures the catalog
    no longer produces (see the module's description); a notice counts them."""
    prefix = catalog_prefix(app)
    if exception is not None or prefix is None or app.builder is None:
        return
    builder = app.builder
    outdir = Path(builder.outdir).resolve()
    docs = app.env.found_docs
    stale: list[Path] = []
    catalog = outdir / prefix
    pages = None if writes_one_document(builder) else _page_files(builder, prefix, set(docs))
    if pages is not None and catalog.is_dir() and not catalog.is_symlink():
        from .ownership import claimed_files
        from .redirects import written_redirects

        # an old URL inside the catalog's folder, a file of html_extra_path there
        pages = pages | set(written_redirects(app)) | set(claimed_files(app))
        for path in _files(catalog):
            relative = path.relative_to(outdir).as_posix()
            if relative.endswith(builder.out_suffix) and text_name(relative) not in pages:
                stale.append(path)
    sources = outdir / "_sources" / prefix
    if builder.format == "html" and sources.is_dir() and not sources.is_symlink():
        for path in _files(sources):
            docname = _source_of(app, prefix, path.relative_to(outdir).as_posix())
            if docname is not None and docname not in docs:
                stale.append(path)
    stale += _stale_pictures(app, prefix, outdir)
    removed = sum(remove_file(outdir, path) for path in stale)
    if removed:
        logger.info(
            "sphinx-talks: %d file%s the catalog no longer has removed from %s",
            removed,
            "" if removed == 1 else "s",
            outdir,
        )


def _stale_pictures(app: Sphinx, prefix: str, outdir: Path) -> list[Path]:
    """Pictures in the builder's image folder that the catalog's pages used at the last
    build and no page uses now; the manifest is rewritten with the current ones."""
    imagedir = getattr(app.builder, "imagedir", None)
    if not imagedir:
        return []
    current = sorted(
        f"{imagedir}/{unique}"
        for name, (_docs, unique) in app.env.images.items()
        if name.startswith(f"{prefix}/_assets/")
    )
    manifest = outdir / MANIFEST
    try:
        previous = set(json.loads(manifest.read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        previous = set()
    in_use = {f"{imagedir}/{unique}" for _docs, unique in app.env.images.values()}  # any page's
    stale = []
    for name in sorted(previous - in_use):
        target = outdir / name
        if not target.is_symlink() and target.resolve().is_relative_to(outdir / imagedir):
            stale.append(target)
    listing = json.dumps(current, indent=0)
    if not manifest.is_file() or manifest.read_text("utf-8") != listing:
        write_atomic(manifest, listing.encode("utf-8"))
    return stale


#: Attribute of the build environment (kept with it between builds): the catalog's
#: documents some toctree included at the last build, sorted.
_NAVIGATION = "talks_in_navigation"


def rewrite_for_navigation(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every document, when a page of the catalog left a toctree
    since the last build (the last talk of a year deleted …); else none.

    The navigation of every page (a theme's site tree, the previous and next links
    of the pages around it) may name such a page.  Sphinx writes again only the
    documents that changed, so the others would keep linking a page that
    :func:`prune_output` removes: they are written again (not read again).  A page
    that joined a toctree (a year's first talk) breaks no link: the pages whose
    source changed are written as Sphinx writes them, as in a project of its own."""
    prefix = catalog_prefix(app)
    if prefix is None:
        return []
    included = sorted(
        {doc for docs in env.toctree_includes.values() for doc in docs if doc.startswith(prefix + "/")}
    )
    previous = getattr(env, _NAVIGATION, None)
    setattr(env, _NAVIGATION, included)
    if previous is None or not set(previous) - set(included):
        return []
    return sorted(env.found_docs)


def setup_output(app: Sphinx) -> dict[str, Any]:
    """Register :func:`prune_output` and :func:`rewrite_for_navigation`."""
    app.connect("build-finished", prune_output)
    app.connect("env-get-updated", rewrite_for_navigation)
    return {}
