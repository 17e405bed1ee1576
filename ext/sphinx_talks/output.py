"""Output the catalog no longer produces is removed from the builder's output folder.

Sphinx never deletes what an earlier build wrote: after a talk is drafted, deleted or
renamed, or a speaker or tag loses its last talk, its page, its ``_sources`` copy and
its pictures in ``_images`` would stay published.  At ``build-finished`` (a build that
succeeded) :func:`prune_output` removes, inside the output folder only:

* page files of the builder's kind (``.html``, ``dirhtml``'s ``x/index.html``,
  ``.txt`` …) and ``_sources`` copies that an earlier build wrote for the catalog's
  pages (listed in :data:`MANIFEST`) and this build's catalog does not: a deleted or
  drafted talk's page, and after ``talks_output_dir`` changed, the whole old catalog;
  never a file some other document, Sphinx itself, a redirect or ``html_extra_path``
  puts at that path now;
* pictures the catalog's pages used (listed in :data:`MANIFEST` by the build that
  copied them) that no current page uses.

Nothing is touched but the files the manifest names (an output folder whose
manifest lists no pages, made by an older version, is looked through once: its
catalog folder's page files and ``_sources`` copies), nor a file something else
claims now (:func:`sphinx_talks.ownership.claimed_files`), and no symbolic link is
followed.  When a page of the catalog joins or leaves a toctree (a year's first or
last talk), every page is written again (:func:`rewrite_for_navigation`), so that no
page's navigation links a removed page or lacks a new one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .config import FIELDS, PREFIX, get_config
from .degrade import writes_one_document
from .files import remove_file, text_name, write_atomic
from .ownership import claimed_files

logger = logging.getLogger(__name__)

#: File in the output folder listing the page files and ``_sources`` copies of the
#: catalog's pages and the pictures they use there: ``{"pages": [...], "pictures": [...]}``.
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
    if exception is not None or app.builder is None:
        return
    builder = app.builder
    outdir = Path(builder.outdir).resolve()
    previous = _read_manifest(outdir / MANIFEST)
    if prefix is None and not previous:  # no catalog, and none published here before
        return
    docs = app.env.found_docs
    pages = (
        None if writes_one_document(builder) or prefix is None else _page_files(builder, prefix, set(docs))
    )
    copies = _source_copies(app, outdir, prefix) if prefix is not None else []
    sources = [(name, _source_of(app, prefix, name)) for name in copies]
    current = (pages or set()) | {name for name, docname in sources if docname in docs}
    if "pages" in previous or prefix is None:
        candidates = previous.get("pages", [])
    else:  # the last build kept no list of its pages: the catalog's folder is looked through
        candidates = [name for name, _docname in sources]
        catalog = outdir / prefix
        if pages is not None and catalog.is_dir() and not catalog.is_symlink():
            found = (p.relative_to(outdir).as_posix() for p in _files(catalog))
            candidates += [name for name in found if name.endswith(builder.out_suffix)]
    claimed = cache(lambda: _claimed(app))  # asked for only when something is stale, once
    stale = _stale_pages(outdir, candidates, current, claimed)
    pictures, stale_pictures = _stale_pictures(app, prefix, outdir, previous.get("pictures", []))
    if stale_pictures:  # a file of html_extra_path may stand at a picture's old name
        stale_pictures = [
            p for p in stale_pictures if text_name(p.relative_to(outdir).as_posix()) not in claimed()
        ]
    if prefix is None:  # the catalog is gone: so is its list
        (outdir / MANIFEST).unlink(missing_ok=True)
    else:
        _write_manifest(outdir / MANIFEST, {"pages": sorted(current), "pictures": pictures})
    removed = sum(remove_file(outdir, path) for path in [*stale, *stale_pictures])
    if removed:
        logger.info(
            "sphinx-talks: %d file%s the catalog no longer has removed from %s",
            removed,
            "" if removed == 1 else "s",
            outdir,
        )


def _source_copies(app: Sphinx, outdir: Path, prefix: str) -> list[str]:
    """The ``_sources`` copies of pages of the catalog's folder in the output folder
    (paths below it; none for builders other than HTML's)."""
    sources = outdir / "_sources" / prefix
    if app.builder.format != "html" or not sources.is_dir() or sources.is_symlink():
        return []
    return sorted(path.relative_to(outdir).as_posix() for path in _files(sources))


def _read_manifest(manifest: Path) -> dict[str, list[str]]:
    """:data:`MANIFEST`'s lists: ``{"pages": [...], "pictures": [...]}`` (paths below the
    output folder); an older build's plain list is its pictures; {} when unreadable."""
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(data, list):
        data = {"pictures": data}
    if not isinstance(data, dict):
        return {}
    return {
        key: [n for n in value if isinstance(n, str)]
        for key, value in data.items()
        if key in ("pages", "pictures") and isinstance(value, list)
    }


def catalog_page_files(outdir: Path) -> set[str]:
    """The page files and ``_sources`` copies the last build wrote for the catalog's
    pages in ``outdir`` (its :data:`MANIFEST`; paths below it): the catalog's own."""
    return set(_read_manifest(outdir / MANIFEST).get("pages", []))


def _write_manifest(manifest: Path, lists: dict[str, list[str]]) -> None:
    """Write :data:`MANIFEST` when its bytes change."""
    listing = json.dumps(lists, indent=0, sort_keys=True)
    if not manifest.is_file() or manifest.read_text("utf-8") != listing:
        write_atomic(manifest, listing.encode("utf-8"))


def _claimed(app: Sphinx) -> set[str]:
    """Paths below the output folder that something other than the catalog's pages puts
    there in this build: what :func:`~sphinx_talks.ownership.claimed_files` lists (every
    document's page, Sphinx's own pages, ``html_extra_path`` and ``html_static_path``
    files, the user's ``redirects``) and the catalog's redirect pages."""
    from .redirects import written_redirects

    return set(claimed_files(app)) | set(written_redirects(app))


def _stale_pages(
    outdir: Path, previous: list[str], current: set[str], claimed: Callable[[], set[str]]
) -> list[Path]:
    """The page files and ``_sources`` copies an earlier build of the catalog wrote
    (``previous``, from the manifest) that this build's catalog does not (``current``)
    and nothing else claims now (``claimed()``, :func:`_claimed`): a deleted or drafted talk's page,
    and after ``talks_output_dir`` changed, the whole old catalog.  Only regular files
    inside the output folder, reached without a symbolic link."""
    gone = [name for name in previous if name not in current]
    if not gone:
        return []
    stale = []
    for name in gone:
        target = outdir / name
        if text_name(name) in claimed() or not target.is_file() or target.resolve() != target.absolute():
            continue
        if target.resolve().is_relative_to(outdir):
            stale.append(target)
    return stale


def _stale_pictures(
    app: Sphinx, prefix: str | None, outdir: Path, previous: list[str]
) -> tuple[list[str], list[Path]]:
    """The pictures in the builder's image folder the catalog's pages (in the folder
    ``prefix``; None: no catalog) use now (paths below the output folder, for the
    manifest), and those of ``previous`` (the last build's) that no page uses now."""
    imagedir = getattr(app.builder, "imagedir", None)
    if not imagedir:
        return [], []
    current = sorted(
        f"{imagedir}/{unique}"
        for name, (_docs, unique) in app.env.images.items()
        if prefix is not None and name.startswith(f"{prefix}/_assets/")
    )
    in_use = {f"{imagedir}/{unique}" for _docs, unique in app.env.images.values()}  # any page's
    stale = []
    for name in sorted(set(previous) - in_use):
        target = outdir / name
        if not target.is_symlink() and target.resolve().is_relative_to(outdir / imagedir):
            stale.append(target)
    return current, stale


#: In the doctree folder, per builder and output folder: a digest of the ``talks_*``
#: values the pages show (see :func:`shown_settings`) when that output was last written.
SETTINGS_STAMP = "talks-settings-{key}.txt"


def shown_settings(app: Sphinx) -> str:
    """A digest of the ``talks_*`` values registered with ``rebuild="html"``: those the
    pages show when they are written (calendar links, breadcrumbs' titles …)."""
    values = [
        (n, getattr(app.config, PREFIX + n)) for n, f in FIELDS.items() if f.metadata["rebuild"] == "html"
    ]
    return hashlib.sha1(repr(values).encode("utf-8")).hexdigest()


def _settings_stamp(app: Sphinx) -> Path:
    key = hashlib.sha1(f"{app.builder.name}:{Path(app.outdir).resolve()}".encode()).hexdigest()[:12]
    return Path(app.doctreedir) / SETTINGS_STAMP.format(key=key)


def pages_for_settings(app: Sphinx, env: Any) -> list[str]:
    """``env-get-updated``: every document, to be written again (not read), when a value
    of :func:`shown_settings` changed since this builder last wrote its output folder.
    HTML builders write them anyway (Sphinx's build info holds ``rebuild="html"``
    values); the others (``text`` …) would write only the pages whose doctree changed,
    and keep, say, the old catalog title in the breadcrumbs of the others."""
    try:
        last = _settings_stamp(app).read_text("utf-8")
    except OSError:
        last = None
    if last is None or last == shown_settings(app):  # no stamp: a first build writes every page
        return []
    return sorted(env.found_docs)


def remember_settings(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (a build that succeeded): keep :func:`shown_settings` for
    :func:`pages_for_settings`."""
    if exception is not None or app.builder is None:
        return
    stamp, digest = _settings_stamp(app), shown_settings(app)
    try:
        if stamp.read_text("utf-8") == digest:
            return
    except OSError:
        pass
    stamp.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(stamp, digest.encode("utf-8"))


#: Attribute of the build environment (kept with it between builds): the catalog's
#: documents some toctree included at the last build, sorted.
_NAVIGATION = "talks_in_navigation"


def rewrite_for_navigation(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every document, when a page of the catalog joined or left a
    toctree since the last build (a year's first talk, or its last one deleted); else
    none.

    The navigation of every page (a theme's site tree, the previous and next links
    of the pages around it) may name such a page.  Sphinx writes again only the
    documents that changed, so the others would keep linking a page that
    :func:`prune_output` removes, or lack the new one a clean build shows: they are
    written again (not read again)."""
    prefix = catalog_prefix(app)
    if prefix is None:
        return []
    included = sorted(
        {doc for docs in env.toctree_includes.values() for doc in docs if doc.startswith(prefix + "/")}
    )
    previous = getattr(env, _NAVIGATION, None)
    setattr(env, _NAVIGATION, included)
    if previous is None or previous == included:
        return []
    return sorted(env.found_docs)


def setup_output(app: Sphinx) -> dict[str, Any]:
    """Register :func:`prune_output` and the handlers that write every page again after
    a change of a value the pages show or of the catalog's pages in the navigation."""
    app.connect("build-finished", prune_output)
    app.connect("env-get-updated", pages_for_settings)
    app.connect("env-get-updated", rewrite_for_navigation)
    app.connect("build-finished", remember_settings)
    return {}
