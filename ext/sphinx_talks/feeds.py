"""Atom feeds (RFC 4287) through ``feedgen``: the catalog's, and one per speaker, tag
and series.

An entry is a dated talk: ``id`` the ``urn:uuid:`` of its calendar UID (stable across
builds and renames), ``updated`` the page's ``lastmod``, else its start; ``published``
its start; the talk page as ``alternate`` link; each recording as a ``related`` link
and the category ``recording``, so readers can follow new recordings (a recording added
to a past talk shows when the page's ``lastmod`` says so); an entry names at most
``bounded.MAX_NAMED`` authors and tags (it is in the feed of each).  The newest
``talks_feed_length`` entries are kept.  The feed's ``updated`` is its newest entry's,
and a feed without entries is updated when its inputs were (:func:`inputs_updated`),
never at the Unix epoch: nothing depends on the build's clock.  Links are absolute
with a site URL, else relative to the feed's file.
"""

from __future__ import annotations

import posixpath
import uuid
from datetime import UTC, datetime
from pathlib import Path

from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx

from .bounded import first_named
from .config import get_config
from .ical import UID_NAMESPACE, plain_text, talk_uid
from .model import Talk
from .publish import clean_text, file_url, page_url
from .render import Catalog


def _link(app: Sphinx, feed_path: str, docname: str) -> str:
    """The page of ``docname`` as a link from the feed at ``feed_path``."""
    absolute = page_url(app, docname)
    if absolute:
        return absolute
    return posixpath.relpath(app.builder.get_target_uri(docname) or ".", posixpath.dirname(feed_path))


def atom(app: Sphinx, catalog: Catalog, talks: list[Talk], title: str, path: str, docname: str) -> bytes:
    """The Atom feed at ``path`` (below the output folder) of the newest dated ``talks``;
    ``docname`` is the page the feed belongs to ("" for none: the catalog index)."""
    prefix = catalog.layout.prefix
    dated = [t for t in talks if t.start]
    dated.sort(key=lambda t: ((t.updated or t.start), t.slug), reverse=True)  # type: ignore[arg-type, return-value]
    dated = dated[: get_config(app).feed_length]
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, 'feed:' + path)}")
    feed.title(clean_text(title))
    feed.author({"name": clean_text(catalog.layout.title)})
    feed.link(href=file_url(app, path) or posixpath.basename(path), rel="self", type="application/atom+xml")
    feed.link(href=_link(app, path, docname or f"{prefix}/index"), rel="alternate", type="text/html")
    feed.language(app.config.language or "en")
    stamps = [(t.updated or t.start) for t in dated]
    feed.updated(max(stamps) if stamps else inputs_updated(app, catalog, talks))
    links: list[list[dict[str, str]]] = []  # per entry, newest first: its links' attributes
    for talk in reversed(dated):  # feedgen puts each new entry first
        entry = feed.add_entry()
        entry.id(f"urn:uuid:{talk_uid(talk)}")
        entry.title(clean_text(talk.title))
        entry.updated(talk.updated or talk.start)
        entry.published(talk.start)
        own = [{"href": _link(app, path, f"{prefix}/{talk.slug}"), "rel": "alternate", "type": "text/html"}]
        own += [{"href": video.url, "rel": "related", "title": "Recording"} for video in talk.videos]
        for attributes in own:
            entry.link(**attributes)
        links.insert(0, own)
        if talk.videos:
            entry.category(term="recording", label="Recording")
        for tag in first_named(list(dict.fromkeys(talk.tags)))[0]:
            entry.category(term=clean_text(tag))
        for person in first_named(talk.speakers)[0]:
            author = {"name": clean_text(person.display_name)}
            if person.homepage:
                author["uri"] = person.homepage
            entry.author(author)
        text = plain_text(talk, None)
        if text:
            entry.summary(clean_text(text))
    return _with_link_attributes(feed.atom_str(pretty=True), links)


_ATOM = "{http://www.w3.org/2005/Atom}"


def _with_link_attributes(data: bytes, links: list[list[dict[str, str]]]) -> bytes:
    """feedgen 1.0 writes an entry's links with ``href`` only (its writer reads ``rel``
    from the element it just made); give each link its ``rel``, ``type`` and ``title``
    again, in the order the entries and links were added."""
    from lxml import etree

    root = etree.fromstring(data)
    for entry, attributes in zip(root.iter(f"{_ATOM}entry"), links, strict=True):
        for element, wanted in zip(entry.iter(f"{_ATOM}link"), attributes, strict=True):
            for key, value in wanted.items():
                element.set(key, value)
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def inputs_updated(app: Sphinx, catalog: Catalog, talks: list[Talk]) -> datetime:
    """The ``updated`` of a feed without entries (its talks are undated, or it has none):
    when its inputs last changed, as an aware UTC datetime to the second.  That is the
    newest modification time of the source files of ``talks``; of every talk of the
    catalog when ``talks`` is empty; of the ``talks_source`` folder when the catalog has
    none.  The Unix epoch only when none of them can be read.  It does not depend on
    the build's clock: two builds of one tree write the same feed."""
    paths = {talk.source for talk in talks or catalog.talks}
    source = get_config(app).source
    if not paths and source:
        paths = {Path(app.confdir or app.srcdir) / source}
    return datetime.fromtimestamp(max((modified(path) for path in paths), default=0), UTC)


def modified(path: Path) -> int:
    """The modification time of ``path`` in whole seconds since the Unix epoch; 0 when
    it cannot be read (gone, unreadable, a link loop, a name the system refuses)."""
    try:
        return int(path.stat().st_mtime)
    except (OSError, ValueError):
        return 0
