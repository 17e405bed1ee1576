"""What the catalog publishes beside its pages: calendars, feeds and the JSON export.

Only builders that write one HTML file per document (``html``, ``dirhtml`` and
builders derived from them, EPUB excluded: :func:`publishes`) publish; every other
builder ignores all of it.  At ``builder-inited`` :func:`generate.generate` hands the
build's :class:`~sphinx_talks.render.Catalog` over (:func:`remember`); at
``build-finished`` (a build that succeeded) :func:`write_published` writes each file
into the output folder only when its bytes changed, and removes the files an earlier
build published there that this one does not (they are listed in :data:`MANIFEST`, each
with the digest of what was written: only those still holding it, and that nothing else
claims now, are overwritten or removed; see :mod:`sphinx_talks.ownership`).

Paths below the output folder, ``<p>`` being ``talks_output_dir``:

===========================  ===================================  ======================
what                         calendar (RFC 5545)                  Atom feed
===========================  ===================================  ======================
the whole catalog            ``<p>/index.ics``                    ``<p>/index.atom``
one talk                     ``<p>/<talk slug>.ics``              –
one speaker                  ``<p>/speakers/<slug>.ics``          ``…/<slug>.atom``
one tag                      ``<p>/tags/<slug>.ics``              ``…/<slug>.atom``
one series (``event``)       ``<p>/series/<key>.ics``             ``…/<key>.atom``
===========================  ===================================  ======================

and ``<p>/talks.json`` (:mod:`sphinx_talks.export`).  Absolute links use
``talks_site_url``, else ``html_baseurl`` (:func:`site_url`).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from html import escape
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.builders._epub_base import EpubBuilder
from sphinx.util import logging

from .config import get_config
from .degrade import writes_one_document
from .files import (
    code_stamp,
    digest,
    file_digest,
    fs_name,
    read_manifest,
    remove_file,
    still_ours,
    write_atomic,
    write_manifest,
)
from .i18n import _
from .model import Talk
from .ownership import claimed_files
from .render import Catalog

logger = logging.getLogger(__name__)

#: File in the output folder listing what the catalog published there (paths below it).
MANIFEST = ".sphinx-talks-published.json"
#: In the doctree folder, per builder and output folder: the fingerprint of what the last
#: build published from (see :func:`fingerprint`) and the files it published.
STAMP = "talks-published-{key}.txt"

_CATALOGS: WeakKeyDictionary[Sphinx, Catalog] = WeakKeyDictionary()


def remember(app: Sphinx, catalog: Catalog) -> None:
    """Keep this build's catalog for the writers of :mod:`publish` and the page handlers."""
    _CATALOGS[app] = catalog


def catalog_of(app: Sphinx) -> Catalog | None:
    """The catalog this build generated, or None (no ``talks_source``, nothing read)."""
    return _CATALOGS.get(app)


def publishes(builder: Any) -> bool:
    """Whether ``builder`` gets calendars, feeds, the export, redirects and structured
    data: HTML builders writing one file per document (not EPUB, not singlehtml)."""
    return (
        builder is not None
        and builder.format == "html"
        and hasattr(builder, "get_outfilename")
        and not isinstance(builder, EpubBuilder)
        and not writes_one_document(builder)
    )


def site_url(app: Sphinx) -> str | None:
    """``talks_site_url``, else ``html_baseurl``, ending with ``/``; None when neither."""
    url = get_config(app).site_url or getattr(app.config, "html_baseurl", "") or None
    return url.rstrip("/") + "/" if url else None


def page_url(app: Sphinx, docname: str) -> str | None:
    """The absolute URL of ``docname`` as this builder publishes it, or None without a
    site URL."""
    base = site_url(app)
    return base + app.builder.get_target_uri(docname) if base else None


def file_url(app: Sphinx, path: str) -> str | None:
    """The absolute URL of ``path`` (below the output folder), or None without a site URL."""
    base = site_url(app)
    return base + path if base else None


def relative_href(app: Sphinx, fromdocname: str, path: str) -> str:
    """``path`` (below the output folder) as a link from the page of ``fromdocname``."""
    page = app.builder.get_target_uri(fromdocname)
    folder = posixpath.dirname(page) if not page.endswith("/") else page.rstrip("/")
    return posixpath.relpath(path, folder or ".")


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})")


#: Characters XML 1.0 and iCalendar TEXT values cannot hold (controls but tab and
#: newline, lone surrogates, the non-characters U+FFFE/U+FFFF).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without the characters feeds and calendars cannot carry."""
    return _UNWRITABLE.sub("", text)


def plain(text: str, limit: int = 300) -> str:
    """MyST or Markdown ``text`` as one line of plain text (links become their text,
    emphasis and code marks and backslash escapes are dropped), cut at a word before
    ``limit`` characters with ``…``."""
    return cut(_ESCAPE.sub(r"\1", _MARKS.sub("", _LINK.sub(r"\1", text))), limit)


def cut(text: str, limit: int = 300) -> str:
    """``text`` as one line (white space runs made one space), cut at a word before
    ``limit`` characters with ``…``."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def lead_text(talk: Talk) -> str | None:
    """The talk's description as plain text: its summary, abstract or description, else
    the first paragraph of its body outside directives, headings and HTML.  Remembered
    for the last 65,536 distinct talks the process met, so the feeds, calendars and
    page of one talk share one computation."""
    return _lead_text(talk.summary, talk.abstract, talk.description, talk.body_text)


@lru_cache(maxsize=65536)
def _lead_text(summary: str | None, abstract: str | None, description: str | None, body: str) -> str | None:
    """The summary, abstract or description as plain text, else the body's first
    paragraph of 20 characters or more (``body``: its paragraphs' plain text, separated
    by blank lines: ``Talk.body_text``); either cut as :func:`plain` cuts."""
    for text in (summary, abstract, description):
        if text and text.strip():
            return plain(text)
    for paragraph in body.split("\n\n"):
        found = " ".join(paragraph.split())
        if len(found) >= 20:
            return cut(found)
    return None


def series(catalog: Catalog) -> dict[str, tuple[str, list[Talk]]]:
    """``{key: (name, talks newest first)}`` of every series (a talk's ``event``)."""
    return catalog.series


def calendar_path(catalog: Catalog, talk: Talk) -> str | None:
    """The calendar file of ``talk`` below the output folder, or None (undated talks
    have none)."""
    return f"{catalog.layout.prefix}/{talk.slug}.ics" if talk.start else None


def calendar_href(app: Sphinx, docname: str) -> str | None:
    """The link from the page of ``docname`` to its talk's calendar file, or None (not
    a dated talk's page, no calendars, or a builder that does not publish)."""
    catalog = catalog_of(app)
    if catalog is None or not publishes(app.builder) or not get_config(app).calendars:
        return None
    prefix = catalog.layout.prefix + "/"
    talk = catalog.by_slug.get(docname[len(prefix) :]) if docname.startswith(prefix) else None
    path = calendar_path(catalog, talk) if talk is not None else None
    return relative_href(app, docname, path) if path else None


def groups(catalog: Catalog) -> Iterator[tuple[str, str, str, list[Talk]]]:
    """``(path stem below the output folder, title, docname or "", talks)`` of the
    catalog, each speaker and tag with a page of their own, and each series: what gets
    a calendar and a feed."""
    prefix = catalog.layout.prefix
    yield f"{prefix}/index", catalog.layout.title, f"{prefix}/index", catalog.talks
    for slug, talks in catalog.speaker_talks.items():
        if slug not in catalog.speaker_pages:  # a calendar and a feed belong to a page
            continue
        name = catalog.speakers[slug].display_name
        yield (
            f"{prefix}/speakers/{slug}",
            _("Talks by {name}").format(name=name),
            f"{prefix}/speakers/{slug}",
            talks,
        )
    for slug, talks in catalog.tag_talks.items():
        if slug not in catalog.tag_pages:
            continue
        title = _("Talks tagged “{tag}”").format(tag=catalog.tag_names[slug])
        yield f"{prefix}/tags/{slug}", title, f"{prefix}/tags/{slug}", talks
    for key, (name, talks) in series(catalog).items():
        yield f"{prefix}/series/{key}", name, f"{prefix}/series/{key}", talks


def planned_files(app: Sphinx, catalog: Catalog) -> dict[str, Callable[[], bytes]]:
    """Every file this build publishes, not made yet: ``{path below the output folder:
    a function making its bytes}`` (the redirects ask only for the names)."""
    from . import export, feeds, ical

    cfg = get_config(app)
    files: dict[str, Callable[[], bytes]] = {}
    if cfg.calendars:
        for stem, title, _docname, talks in groups(catalog):
            files[stem + ".ics"] = partial(ical.calendar, app, catalog, talks, title)
        for talk in catalog.talks:
            path = calendar_path(catalog, talk)
            if path:
                files[path] = partial(ical.calendar, app, catalog, [talk], talk.title)
    if cfg.feeds:
        for stem, title, docname, talks in groups(catalog):
            files[stem + ".atom"] = partial(feeds.atom, app, catalog, talks, title, stem + ".atom", docname)
    if cfg.export:
        files[f"{catalog.layout.prefix}/talks.json"] = partial(export.catalog_json, app, catalog)
    return files


def published_files(app: Sphinx, catalog: Catalog) -> dict[str, bytes]:
    """Every file this build publishes: ``{path below the output folder: bytes}``."""
    return {name: make() for name, make in planned_files(app, catalog).items()}


def fingerprint(app: Sphinx, catalog: Catalog | None) -> str:
    """A digest of everything :func:`published_files` depends on: every talk as the
    catalog holds it (its ``repr``: fields, resolved speakers, dates with their zones),
    the catalog's layout, the ``talks_*`` settings, the site's URL and language, the
    builder and its output folder, this package's code (its files' times), and the
    times of the files a feed without entries is dated by (undated talks' sources, the
    source folder: :func:`~sphinx_talks.feeds.inputs_updated`)."""
    from .feeds import modified

    digest = hashlib.sha1(
        repr(
            (
                code_stamp(),
                get_config(app),
                app.builder.name,
                str(app.outdir),
                app.config.html_baseurl,
                app.config.language,
                catalog.layout if catalog is not None else None,
            )
        ).encode("utf-8")
    )
    for talk in catalog.talks if catalog is not None else []:
        fields = {**vars(talk), "videos_in_body": sorted(talk.videos_in_body)}  # a set: no fixed order
        digest.update(repr(fields).encode("utf-8"))
        if talk.start is None:
            digest.update(b"%d" % modified(talk.source))
    if catalog is not None and not catalog.talks and get_config(app).source:
        digest.update(b"%d" % modified(Path(app.confdir or app.srcdir) / get_config(app).source))
    return digest.hexdigest()


def write_published(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: write what :func:`published_files` lists (only files whose
    bytes changed), list them and the redirect pages in the manifest (with the digest
    of each file's bytes), and remove the files an earlier build published that this
    one does not.

    Only files the catalog wrote and nothing else claims are overwritten or removed
    (:mod:`sphinx_talks.ownership`): a page of the project, a file of
    ``html_extra_path`` or ``html_static_path``, a file that was not in the manifest or
    was changed since is left as it is (a ``published-collision`` warning when the
    catalog wanted to write there).

    When nothing they depend on changed (:func:`fingerprint` equals the last build's,
    kept in the doctree folder) and every file the last build published is still
    there, they are not made again:
    a rebuild with nothing changed costs a digest, not every calendar and feed."""
    if exception is not None or not publishes(app.builder):
        return
    from .redirects import written_redirects  # redirects builds on this module

    outdir = Path(app.outdir).resolve()
    manifest = outdir / MANIFEST
    previous = read_manifest(manifest)
    claimed = claimed_files(app)
    catalog = catalog_of(app)
    stamp = fingerprint(app, catalog)
    key = hashlib.sha1(f"{app.builder.name}:{outdir}".encode()).hexdigest()[:12]
    stamp_file = Path(app.doctreedir) / STAMP.format(key=key)
    try:
        last, *kept = stamp_file.read_text("utf-8").split("\n")
    except (OSError, ValueError):
        last, kept = "", []
    if last == stamp and all((outdir / name).is_file() for name in kept):
        files: list[str] = kept  # unchanged: nothing to write
        ours = {name: previous.get(name) for name in kept if name not in claimed}
        written = 0
    else:
        made = published_files(app, catalog) if catalog is not None else {}
        files = sorted(made)
        where = {calendar_path(catalog, t): str(t.source) for t in catalog.talks} if catalog else {}
        ours, written = _write_files(outdir, made, previous, claimed, where)
    ours.update(written_redirects(app))
    removed = 0
    for name in sorted(set(previous) - set(ours)):
        target = outdir / fs_name(name)
        if name not in claimed and still_ours(target, previous[name]) and not target.is_symlink():
            removed += remove_file(outdir, target)
    write_manifest(manifest, ours)
    record = "\n".join([stamp, *files]).encode("utf-8")
    if not stamp_file.is_file() or stamp_file.read_bytes() != record:
        stamp_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(stamp_file, record)
    if written or removed:
        logger.info(
            "sphinx-talks: %d calendar, feed and export file%s written, %d removed",
            written,
            "" if written == 1 else "s",
            removed,
        )


def _write_files(
    outdir: Path,
    files: dict[str, bytes],
    previous: dict[str, str | None],
    claimed: dict[str, str],
    where: dict[str | None, str],
) -> tuple[dict[str, str | None], int]:
    """Write ``files`` (``{name below outdir: bytes}``) where their bytes changed and the
    file is ours (see :func:`write_published`); a file that is not, or cannot be
    written, is a warning at the talk file ``where`` names for it (a talk's calendar),
    else without a location.  Returns ``({name: digest} of the files now ours, the
    number written)``."""
    ours: dict[str, str | None] = {}
    written = 0
    for name, data in files.items():
        target = outdir / fs_name(name)
        if target.is_symlink() or not target.resolve().is_relative_to(outdir):
            continue
        new, now = digest(data), file_digest(target)
        owner = claimed.get(name)
        if owner is None and now not in (None, new):
            if name not in previous or previous[name] not in (None, now):
                owner = "a file sphinx-talks did not write"
        if owner is not None:
            logger.warning(
                "%s is %s; not written",
                name,
                owner,
                location=where.get(name),
                type="talks",
                subtype="published-collision",
            )
            continue
        if now != new:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, data)
            except OSError as exc:  # a folder of someone else's at its name or on its way
                logger.warning(
                    "%s cannot be written: %s",
                    name,
                    exc,
                    location=where.get(name),
                    type="talks",
                    subtype="published-not-written",
                )
                continue
            written += 1
        ours[name] = new
    return ours, written


def feed_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: ``<link rel="alternate">`` to the feeds of a catalog page:
    the catalog's on each page of the catalog, and a speaker's or tag's own on its page."""
    catalog = catalog_of(app)
    if catalog is None or not publishes(app.builder) or not get_config(app).feeds:
        return
    prefix = catalog.layout.prefix
    if not pagename.startswith(prefix + "/"):
        return
    feeds = [(f"{prefix}/index.atom", catalog.layout.title)]
    kind, _slash, slug = pagename[len(prefix) + 1 :].partition("/")
    if kind == "speakers" and slug in catalog.speaker_talks:
        feeds.append(
            (f"{pagename}.atom", _("Talks by {name}").format(name=catalog.speakers[slug].display_name))
        )
    elif kind == "tags" and slug in catalog.tag_talks:
        feeds.append((f"{pagename}.atom", _("Talks tagged “{tag}”").format(tag=catalog.tag_names[slug])))
    elif kind == "series" and slug in catalog.series:
        feeds.append((f"{pagename}.atom", catalog.series[slug][0]))
    tags = "".join(
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
        f'href="{escape(relative_href(app, pagename, path))}" />\n'
        for path, title in feeds
    )
    context["metatags"] = context.get("metatags", "") + tags


def setup_publish(app: Sphinx) -> None:
    """Register the writer (after Sphinx's own output, before the sitemap's)."""
    app.connect("html-page-context", feed_links)
    app.connect("build-finished", write_published, priority=450)
    app.connect("build-finished", complete_sitemap, priority=450)


def complete_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, before sphinx-sitemap writes ``sitemap.xml``: sphinx-sitemap
    lists only the pages written by this build, so an incremental build would publish a
    sitemap of the changed pages alone.  Every document of the project is added (as
    sphinx-sitemap adds a page, so its exclusions and URL scheme apply), each once, in
    docname order: the sitemap is the same after an incremental and a clean build."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or "sphinx_sitemap" not in app.extensions or not publishes(app.builder):
        return  # (sphinx-immaterial keeps a list of its own under the same name)
    if links is None or not hasattr(links, "empty"):
        return
    from sphinx_sitemap import add_html_link

    for docname in sorted(app.env.found_docs):
        add_html_link(app, docname, None, {}, None)
    found: dict[str, Any] = {}
    while not links.empty():
        link, updated = links.get_nowait()
        if found.get(link) is None:
            found[link] = updated
    for link in sorted(found):
        links.put((link, found[link]))
