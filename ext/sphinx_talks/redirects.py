"""Redirect pages at the old site's URLs, in sphinx-reredirects' format.

Every old URL a talk declares or had (:attr:`Talk.old_urls`: Hugo ``url``,
``aliases`` and the URL Hugo gave it, Jekyll ``permalink``) and the page of every
speaker renamed through a ``talks_speakers`` alias gets a small HTML page that sends
the browser to the new page (keeping a ``#fragment``).  A folder URL
(``/events/auroram-lm/``) becomes ``events/auroram-lm/index.html``, which web servers
serve for it, on ``html`` and ``dirhtml`` alike; an ``.html`` URL keeps its name.  The
file is named with the UTF-8 bytes of the decoded URL (``/caf%C3%A9/`` →
``café/index.html``), which is the file a web server looks up for the request, and
the page links its target relatively (``../talks/x.html``), so the site works below a
sub-path (``/en/latest/``) as well as at a domain's root.

The page is sphinx-reredirects' (its template, or the user's
``redirect_html_template_file``), written by the catalog itself: sphinx-reredirects
names a folder URL's file through ``get_target_uri`` (percent-encoded: ``caf%C3%A9``)
and leaves a top-level target absolute.  sphinx-reredirects is kept loaded, so the
user's own ``redirects`` keep working (their pages are theirs: never overwritten).
Only pages whose content changed are written.

A URL is left out, with a ``redirect`` notice, when it is the new page itself, is
claimed by an earlier talk, or names a file that is not an HTML page (``.php``); with a
warning at the talk's file and line when the file is someone else's
(``redirect-collision``: a page of the project, a file of ``html_extra_path`` or
``html_static_path``, a file the catalog did not write, or a path whose folder is
such a file or one the catalog publishes) or when a segment is longer than a file name
may be (``redirect-too-long``).  A redirect page of an earlier build that lies in a
folder a page now needs is removed before Sphinx writes (:func:`clear_the_way`).
``talks_redirects = False`` turns it all off.
"""

from __future__ import annotations

from pathlib import Path
from string import Template
from typing import Any
from weakref import WeakKeyDictionary

import sphinx_reredirects
from sphinx.application import Sphinx
from sphinx.util import logging

from .config import get_config
from .files import (
    digest,
    file_digest,
    fs_name,
    name_max,
    read_manifest,
    remove_file,
    still_ours,
    write_atomic,
)
from .output import catalog_page_files
from .ownership import claimed_files
from .publish import MANIFEST, catalog_of, planned_files, publishes
from .sources.common import identity, slug_for

logger = logging.getLogger(__name__)

#: Per build: ``{redirect file below the output folder (text name): digest of its bytes}``.
_WRITTEN: WeakKeyDictionary[Sphinx, dict[str, str]] = WeakKeyDictionary()


def out_name(path: str, suffix: str = ".html") -> str | None:
    """The file below the output folder a web server serves for the old URL ``path``
    (decoded: ``/events/x/`` → ``events/x/index.html`` with ``suffix``; ``/talks/x.html``
    kept), or None for a URL of another kind of file (``.php``)."""
    inner = path.strip("/")
    if path.endswith("/"):
        return f"{inner}/index{suffix}"
    return inner if inner.endswith(".html") else None


def relative_target(out: str, target_uri: str) -> str:
    """The link from the redirect file ``out`` to ``target_uri`` (a page's URI below the
    output folder's root, as the builder writes it): relative, so it holds below any
    sub-path the site is served from."""
    return "../" * out.count("/") + target_uri or "./"


def _wanted(app: Sphinx) -> list[tuple[str, str, str | None]]:
    """``(old URL path, docname it now lives at, "file:line" declaring it or None)`` of
    every old URL of the catalog, in catalog order."""
    catalog = catalog_of(app)
    if catalog is None:
        return []
    prefix = catalog.layout.prefix
    wanted: list[tuple[str, str, str | None]] = []
    for talk in catalog.talks:
        for path, line in talk.old_urls:
            wanted.append((path, f"{prefix}/{talk.slug}", f"{talk.source}:{line}"))
    speakers = get_config(app).speakers
    where = str((Path(app.confdir) / speakers).resolve()) if speakers else None  # the aliases' file
    for slug, person in catalog.speakers.items():
        for alias in catalog.directory.renamed.get(identity(person.name), []):
            old = slug_for(alias)
            if old != slug and old not in catalog.speakers:
                wanted.append(
                    (f"/{prefix}/speakers/{old}.html", f"{prefix}/{catalog.speaker_page(slug)}", where)
                )
    return wanted


def redirect_pairs(app: Sphinx) -> dict[str, tuple[str, str | None]]:
    """``{redirect file below the output folder (text name): (relative target URL, the
    "file:line" declaring it or None)}`` of every redirect this build wants; notices and
    warnings (see the module's description) for the URLs left out."""
    if catalog_of(app) is None or not get_config(app).redirects:
        return {}
    builder = app.builder
    suffix = getattr(builder, "out_suffix", ".html")
    claimed = claimed_files(app)
    # a redirect may not make a folder where a file must go: a page, a published file
    files = {**dict.fromkeys(planned_files(app, catalog_of(app)), "a file the catalog publishes"), **claimed}
    longest = name_max(Path(app.outdir))
    pairs: dict[str, tuple[str, str | None]] = {}
    claims: dict[str, str] = {}  # output file: the docname it redirects to
    for path, docname, where in _wanted(app):
        out = out_name(path, suffix)
        if out is None:
            logger.verbose("%s: old URL %s is not an HTML page; no redirect [talks.redirect]", where, path)
            continue
        if any(len(part.encode("utf-8", "surrogateescape")) > longest for part in out.split("/")):
            logger.warning(
                "old URL %s has a segment longer than a file name may be (%d bytes); no redirect",
                path,
                longest,
                location=where,
                type="talks",
                subtype="redirect-too-long",
            )
            continue
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
        if out in claimed:
            if claimed[out] != f"the page of {docname}":
                _collision(path, out, claimed[out], where)
            continue
        folder = next((f for f in _folders(out) if f in files), None)
        if folder is not None:
            _collision(path, folder, files[folder], where)
            continue
        pairs[out] = (relative_target(out, builder.get_target_uri(docname)), where)
        claims[out] = docname
        files[out] = "the redirect page of another old URL"
    return pairs


def _folders(out: str) -> list[str]:
    """The folders ``out`` (a ``/``-separated path) lies in: ``a/b/c.html`` → ``a``, ``a/b``."""
    parts = out.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


def _collision(path: str, out: str, owner: str, where: str | None) -> None:
    logger.warning(
        "old URL %s: %s is %s; no redirect written there",
        path,
        out,
        owner,
        location=where,
        type="talks",
        subtype="redirect-collision",
    )


def _template(app: Sphinx) -> Template:
    """sphinx-reredirects' page template: the user's ``redirect_html_template_file``
    (relative to the source folder), else its own; an unreadable file is a warning."""
    name = getattr(app.config, "redirect_html_template_file", None)
    if name:
        try:
            return Template(Path(app.srcdir, name).read_text("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            logger.warning(
                "redirect_html_template_file %s cannot be read (%s); the default page is used",
                name,
                exc,
                type="talks",
                subtype="redirect",
            )
    return Template(sphinx_reredirects.REDIRECT_FILE_DEFAULT_TEMPLATE)


def write_redirects(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: write the redirect pages whose content changed; remember
    every redirect file this build keeps for the output manifest.  A file the catalog
    did not write (not in the manifest, or changed since) is never overwritten."""
    if not publishes(app.builder):
        return []
    outdir = Path(app.outdir).resolve()
    previous = read_manifest(outdir / MANIFEST)
    pages = catalog_page_files(outdir)  # a page of the catalog's last build: ours (a renamed talk's)
    template = _template(app)
    written: dict[str, str] = {}
    for out, (target, where) in redirect_pairs(app).items():
        try:
            data = template.substitute(to_uri=target).encode("utf-8")
        except (KeyError, ValueError) as exc:
            logger.warning(
                "the redirect template cannot be filled: %s", exc, type="talks", subtype="redirect"
            )
            written = {name: value for name, value in previous.items() if name.endswith(".html")}
            break  # no page written: the last build's are kept
        file = outdir / fs_name(out)
        now = file_digest(file)
        if (
            now is not None
            and now != digest(data)
            and (out not in previous or previous[out] not in (None, now))
            and out not in pages
        ):
            _collision("/" + out, out, "a file sphinx-talks did not write", where)
            continue
        if now != digest(data):
            try:
                if not file.parent.resolve().is_relative_to(outdir) or file.is_symlink():
                    raise OSError("it is reached through a link that leaves the output folder")
                file.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(file, data)
            except OSError as exc:
                logger.warning(
                    "redirect page %s cannot be written: %s",
                    out,
                    exc,
                    location=where,
                    type="talks",
                    subtype="redirect-not-written",
                )
                continue
        written[out] = digest(data)
    _WRITTEN[app] = written
    return []


def written_redirects(app: Sphinx) -> dict[str, str]:
    """Redirect files (text names below the output folder) this build wrote or kept,
    with the digests of their bytes."""
    return _WRITTEN.get(app, {})


def clear_the_way(app: Sphinx, env: Any) -> list[str]:
    """``env-updated`` (before Sphinx writes any page): remove the files the catalog
    published (listed in its manifest, unchanged since) that lie inside a folder whose
    path a page or file of someone else's now needs (an old URL ``/foo.html/bar/`` made
    the folder ``foo.html``; the user then added ``foo.md``).  Sphinx could not write
    that page otherwise; :func:`redirect_pairs` warns of the collision."""
    if not publishes(app.builder):
        return []
    outdir = Path(app.outdir).resolve()
    previous = read_manifest(outdir / MANIFEST)
    if not previous:
        return []
    claimed = claimed_files(app)
    for name, recorded in previous.items():
        if any(folder in claimed for folder in _folders(name)):
            target = outdir / fs_name(name)
            if (
                not target.is_symlink()
                and target.resolve().is_relative_to(outdir)
                and still_ours(target, recorded)
            ):
                remove_file(outdir, target)
    return []


def setup_redirects(app: Sphinx) -> None:
    """Load sphinx-reredirects (the user's own ``redirects`` keep working) and register
    the catalog's writer."""
    app.setup_extension("sphinx_reredirects")
    app.connect("env-updated", clear_the_way)
    app.connect("html-collect-pages", write_redirects)
