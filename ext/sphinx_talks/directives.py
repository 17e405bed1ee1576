"""The ``talk-list`` directive: a filtered list of the catalog's talks, usable on any page.

The directive leaves a :class:`talk_list` node; at ``doctree-resolved`` the node is
replaced by a list, a table or cards built from the ``talk`` domain's data, so it
always shows the talks of the current build.  Pages holding a list are written
again, without being re-read, when the talks they show change (see :func:`digest`).

Options: ``:speaker:`` and ``:tag:`` (a slug or a name), ``:series:`` (a series'
name or key; ``:event:`` is the same), ``:year:``
(a year or ``undated``), ``:when:`` (``upcoming``, ``past`` or ``all``, relative to
``talks_today`` or the build date; undated talks count as past), ``:limit:``,
``:sort:`` (``newest`` or ``oldest``), ``:layout:`` (``list``, ``table`` or ``cards``:
each talk with its picture, or its first speaker's photo or initials),
``:one-document:`` (``show``, the default, or ``omit``: builders that write one
document leave out the list, and the section it is the only content of).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from html import escape
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri as relative_path

from .bounded import MAX_NAMED, names_line
from .config import today
from .degrade import builder_class, internal_reference, relative_uri, writes_one_document
from .i18n import _
from .page import initials
from .sources.common import identity, key_for

logger = logging.getLogger(__name__)


class talk_list(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a ``talk-list``; its attributes are the directive's options."""


def _choice(*values: str):
    return lambda argument: directives.choice(argument, values)


def _year(argument: str) -> int | str:
    if (argument or "").strip() == "undated":
        return "undated"
    return directives.nonnegative_int(argument)


class TalkList(SphinxDirective):
    """``talk-list``: talks of the catalog filtered by speaker, tag, year, series or time."""

    has_content = False
    option_spec: ClassVar = {
        "speaker": directives.unchanged,
        "tag": directives.unchanged,
        "year": _year,
        "event": directives.unchanged,
        "series": directives.unchanged,
        "when": _choice("upcoming", "past", "all"),
        "limit": directives.positive_int,
        "sort": _choice("newest", "oldest"),
        "layout": _choice("list", "table", "cards"),
        "one-document": _choice("show", "omit"),
    }

    def run(self) -> list[nodes.Node]:
        for name in ("speaker", "tag", "event", "series"):
            if name in self.options and not self.options[name].strip():
                logger.warning(
                    "talk-list :%s: is empty; the option is left out",
                    name,
                    location=self.get_location(),
                    type="talks",
                    subtype="bad-option",
                )
                del self.options[name]
        node = talk_list()
        node.update_all_atts(dict(self.options))
        self.set_source_info(node)
        domain = self.env.get_domain("talk")
        domain.note_list(self.env.docname, dict(self.options))  # type: ignore[attr-defined]
        if self.options.get("one-document") == "omit":
            domain.note_layout(self.env.docname)  # type: ignore[attr-defined]
        return [node]


class OmitOnOneDocument(SphinxTransform):
    """Read time, on builders that write one document only: remove every ``talk-list``
    marked ``:one-document: omit``, with the section it is the only content of (the
    catalog index's lists; the year pages that follow it there list every talk)."""

    default_priority = 800  # before the domains (850) and the toctree collector (880)

    def apply(self, **kwargs: Any) -> None:
        if not writes_one_document(builder_class(self.env)):
            return
        for node in list(self.document.findall(talk_list)):
            if node.get("one-document") != "omit":
                continue
            section = node.parent
            rest = [c for c in section.children if c is not node and not isinstance(c, nodes.title)]
            if isinstance(section, nodes.section) and not rest:
                section.parent.remove(section)
            else:
                section.remove(node)


#: Attribute of the application holding this build's talks by speaker, tag, series and
#: year (see :func:`_candidates`).
_INDEX = "_talks_list_index"


def _candidates(app: Sphinx, options: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The talks a list with ``options`` may show, from an index built once per build:
    a speaker's, a tag's or a series' talks, else a year's, else all of them (so the
    thousands of speaker and tag pages of a large catalog cost one pass, not one
    pass each).  :func:`select` still applies every filter to them."""
    domain = app.env.get_domain("talk")
    index = app.__dict__.get(_INDEX)
    if index is None:
        index = {"speaker": {}, "tag": {}, "event": {}, "year": {}}
        for item in domain.talks.items():  # type: ignore[attr-defined]
            entry = item[1]
            for slug in entry["speakers"]:
                index["speaker"].setdefault(slug, []).append(item)
            for slug in dict.fromkeys(entry["tags"]):
                index["tag"].setdefault(slug, []).append(item)
            index["event"].setdefault(entry.get("event", ""), []).append(item)
            index["year"].setdefault(entry.get("start", "")[:4], []).append(item)
        app.__dict__[_INDEX] = index
    if options.get("speaker"):
        wanted = domain.speaker_slug(options["speaker"]) or identity(options["speaker"])  # type: ignore[attr-defined]
        return list(index["speaker"].get(wanted, []))
    if options.get("tag"):
        keys = {options["tag"].strip().lower(), key_for(options["tag"])}
        found = {slug: entry for key in keys for slug, entry in index["tag"].get(key, [])}
        return list(found.items())
    if options.get("event") or options.get("series"):
        return list(index["event"].get(key_for(options.get("event") or options["series"]), []))
    if options.get("year") is not None and options.get("year") != "undated":
        return list(index["year"].get(f"{options['year']:04d}", []))
    return list(domain.talks.items())  # type: ignore[attr-defined]


def select(app: Sphinx, options: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``(slug, entry)`` of the talks matching ``options``, sorted and limited."""
    domain = app.env.get_domain("talk")
    items = _candidates(app, options)
    if options.get("speaker"):
        wanted = domain.speaker_slug(options["speaker"]) or identity(options["speaker"])  # type: ignore[attr-defined]
        items = [(s, e) for s, e in items if wanted in e["speakers"]]
    if options.get("tag"):
        wanted = {options["tag"].strip().lower(), key_for(options["tag"])}
        items = [(s, e) for s, e in items if wanted.intersection(e["tags"])]
    if options.get("event") or options.get("series"):
        wanted = key_for(options.get("event") or options["series"])
        items = [(s, e) for s, e in items if e.get("event") == wanted]
    if options.get("year") == "undated":
        items = [(s, e) for s, e in items if not e.get("start")]
    elif options.get("year") is not None:
        items = [(s, e) for s, e in items if e.get("start", "")[:4] == f"{options['year']:04d}"]
    when = options.get("when", "all")
    if when != "all":
        day = today(app.config).isoformat()
        if when == "upcoming":
            items = [(s, e) for s, e in items if e.get("start", "")[:10] >= day]
        else:
            items = [(s, e) for s, e in items if e.get("start", "")[:10] < day]
    newest = options.get("sort", "newest" if when != "upcoming" else "oldest") == "newest"
    items.sort(key=lambda item: (item[1].get("start", ""), item[0]), reverse=newest)
    if options.get("limit"):
        items = items[: options["limit"]]
    return items


def _date(entry: dict[str, Any]) -> str:
    start = entry.get("start", "")
    try:
        return datetime.fromisoformat(start).strftime("%Y-%m-%d") if start else _("undated")
    except ValueError:
        return start[:10]


Row = tuple[str, dict[str, Any], str, str]


#: Attribute of the application holding this build's rows per list (see :func:`list_rows`).
_ROWS = "_talks_list_rows"


def list_rows(app: Sphinx, options: dict[str, Any]) -> list[Row]:
    """``(slug, entry, title, speaker names)`` of each talk a list with ``options`` shows.

    Computed once per build and option set (after reading, the catalog no longer
    changes): a page's digest and its writing share them.  Callers must not change
    the returned list.
    """
    rows: dict[str, list[Row]] = app.__dict__.setdefault(_ROWS, {})
    key = repr(sorted(options.items()))
    if key not in rows:
        rows[key] = _list_rows(app, options)
    return rows[key]


def forget_rows(app: Sphinx, env: Any) -> None:
    """``env-updated``: the catalog may have changed; drop the rows and the index of
    the last build."""
    app.__dict__.pop(_ROWS, None)
    app.__dict__.pop(_INDEX, None)


def _list_rows(app: Sphinx, options: dict[str, Any]) -> list[Row]:
    """The rows of :func:`list_rows`.  A row names at most ``bounded.MAX_NAMED`` of the
    talk's speakers ("and N more"); in a list of one speaker's or tag's talks its
    entry also carries at most that many speakers and tags (the facets of its
    ``<li>``), so that the pages of the people and tags two talks share grow with
    their number, not with its square (see :mod:`bounded`)."""
    domain = app.env.get_domain("talk")
    shared = bool(options.get("speaker") or options.get("tag"))
    out = []
    for slug, entry in select(app, options):
        title = domain.title(entry["docname"])  # type: ignore[attr-defined]
        written = entry.get("speaker_names") or []
        if written:
            shown = names_line(written[:MAX_NAMED], len(written))
        else:
            known = [s for s in entry["speakers"] if s in domain.speakers]  # type: ignore[attr-defined]
            names = [domain.title(domain.speakers[s]) for s in known[:MAX_NAMED]]  # type: ignore[attr-defined]
            shown = names_line(names, len(known))
        if shared:  # the facets, each list cut alike (names go with their slugs)
            cut = ("speakers", "speaker_names", "tags", "tag_names")
            entry = {**entry, **{key: list(entry.get(key) or [])[:MAX_NAMED] for key in cut}}
        out.append((slug, entry, title, shown))
    return out


def digest(app: Sphinx, lists: list[dict[str, Any]]) -> str:
    """A hex digest of what the lists with these options show now (talks, titles,
    dates, speaker names): a page is written again when its digest changes."""
    hasher = hashlib.sha1()
    for options in lists:
        for slug, entry, title, names in list_rows(app, options):
            marks = f"{entry.get('video')}{entry.get('slides')}{entry.get('language', '')}"
            shown = (entry.get("picture", ""), entry.get("event", ""), " ".join(entry.get("tags", [])), marks)
            fields = (slug, entry["docname"], entry.get("start", ""), title, names, *shown)
            hasher.update("\x1f".join(fields).encode("utf-8") + b"\x1e")
        hasher.update(b"\x1d")
    return hasher.hexdigest()


def render(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """``doctree-resolved``: replace every ``talk_list`` node by its talks.

    The talks are left out of the search index (class ``no-search``): each talk's
    own page is indexed, so a search finds the talk rather than every list naming
    it.  HTML builders get the list as one ``raw`` HTML node (a catalog index lists
    thousands of talks; see ``docs/performance.md``); other builders get nodes.
    """
    html_output = app.builder.format == "html"
    for node in list(doctree.findall(talk_list)):
        options = dict(node.attributes)
        layout = options.get("layout", "list")
        rows = list_rows(app, options)
        if not rows:
            text = _("No talks match this list.")
            node.replace_self(nodes.paragraph("", text, classes=["talks-empty"]))
        elif layout == "table":
            node.replace_self(_table(app, fromdocname, rows))
        elif html_output:
            node.replace_self(_html_list(app, fromdocname, rows, layout))
        else:
            node.replace_self(_node_list(app, fromdocname, rows, layout))


def _html_list(app: Sphinx, fromdocname: str, rows: list[Row], layout: str) -> nodes.raw:
    """The list as HTML (the markup docutils writes for :func:`_node_list`, with the
    talks' facets as data attributes for ``talk-filter`` and, as cards, pictures)."""
    domain = app.env.get_domain("talk")
    items = []
    for _slug, entry, title, names in rows:
        href = relative_uri(app.builder, fromdocname, entry["docname"])
        picture = ""
        if layout == "cards":
            first = entry["speakers"][0] if entry["speakers"] else ""
            shown = entry.get("speaker_names") or []
            if shown:
                name = shown[0]
            else:
                name = domain.title(domain.speakers[first]) if first in domain.speakers else ""  # type: ignore[attr-defined]
            picture = picture_html(app, fromdocname, entry.get("picture", ""), href, name)
        items.append(item_html(entry, title, names, href, picture))
    html = f'<ul class="talks-list talks-list-{layout} simple">\n' + "\n".join(items) + "\n</ul>\n"
    return nodes.raw("", html, format="html", classes=["no-search"])


def item_html(entry: dict[str, Any], title: str, names: str, href: str | None, picture: str = "") -> str:
    """One talk of an HTML list: ``<li>`` with the talk's facets as data attributes
    (``data-year``, ``data-date``, ``data-series``, ``data-tags``, ``data-speakers``,
    ``data-lang``, ``data-video``, ``data-slides``), ``picture`` (HTML, for cards), its
    date, title linked to ``href`` (None: not linked), speakers and marks for a
    recording and slides.  Every value is escaped."""
    start = entry.get("start", "")
    data = {
        "data-year": start[:4] or "undated",
        "data-date": start[:10],
        "data-series": entry.get("event", ""),
        "data-tags": " ".join(entry.get("tags", [])),
        "data-speakers": " ".join(entry.get("speakers", [])),
        "data-lang": entry.get("language", ""),
    }
    # every attribute with a value: EPUB's pages are XHTML, where a bare one is an error
    attrs = " ".join(['data-talk=""', *(f'{k}="{escape(v)}"' for k, v in data.items() if v)])
    attrs += "".join(f' data-{flag}=""' for flag in ("video", "slides") if entry.get(flag))
    who = f' — <span class="talks-people">{escape(names)}</span>' if names else ""
    link = (
        f'<a class="reference internal" href="{escape(href)}">{escape(title)}</a>'
        if href is not None
        else f"<span>{escape(title)}</span>"
    )
    marks = "".join(
        f'<span class="talks-mark talks-mark-{kind}">{escape(label)}</span>'
        for kind, label in (("video", _("Video")), ("slides", _("Slides")))
        if entry.get(kind)
    )
    marks = f' <span class="talks-marks">{marks}</span>' if marks else ""
    when = f'<span class="talks-date">{_date(entry)}</span>'
    return f'<li {attrs}>{picture}<p>{when}<span class="talks-sep"> · </span>{link}{who}{marks}</p></li>'


def picture_html(app: Sphinx, fromdocname: str, picture: str, href: str | None, name: str) -> str:
    """A card's picture: ``picture`` (a path below the source folder starting with
    ``/`` that a page of the catalog shows, so Sphinx copies it to ``_images``, or an
    http(s) URL, loaded lazily without a referrer, over the initials of ``name``,
    which show where it fails to load), else those initials (a speaker's; a talk
    without speakers gets a plain mark, not a title's letters that would read as a
    person's); linked to ``href``, hidden from screen readers (the title link follows)."""
    src = None
    if picture.startswith("/"):
        path = picture.lstrip("/")
        if path in app.env.images and hasattr(app.builder, "imagedir"):
            app.builder.images[path] = app.env.images[path][1]  # copied with the pages' images
            here = app.builder.get_target_uri(fromdocname)
            src = f"{relative_path(here, app.builder.imagedir)}/{app.env.images[path][1]}"
    elif picture.lower().startswith(("https://", "http://")):
        src = picture
    letters = escape(initials(name)) if name else ""
    mark = (
        f'<span class="talks-card-initials">{letters}</span>'
        if letters
        else '<span class="talks-card-initials talks-card-blank"></span>'
    )
    inner = (
        mark + f'<img src="{escape(src)}" alt="" loading="lazy" decoding="async" width="320" height="180" '
        f'referrerpolicy="no-referrer" data-initials="{letters}" />'
        if src
        else mark
    )
    if href is None:
        return f'<span class="talks-card-picture" aria-hidden="true">{inner}</span>'
    return f'<a class="talks-card-picture" href="{escape(href)}" tabindex="-1" aria-hidden="true">{inner}</a>'


def _node_list(app: Sphinx, fromdocname: str, rows: list[Row], layout: str) -> nodes.bullet_list:
    listing = nodes.bullet_list(classes=["talks-list", f"talks-list-{layout}", "no-search"])
    for _slug, entry, title, names in rows:
        para = nodes.paragraph()
        para += nodes.inline(_date(entry), _date(entry), classes=["talks-date"])
        para += nodes.Text(" · ")
        para += internal_reference(app, fromdocname, entry["docname"], title)
        if names:
            para += nodes.Text(" — ")
            para += nodes.inline(names, names, classes=["talks-people"])
        listing += nodes.list_item("", para)
    return listing


def _table(app: Sphinx, fromdocname: str, rows: list[Row]) -> nodes.table:
    table = nodes.table(classes=["talks-table"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (15, 55, 30):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    header = nodes.row()
    for label in (_("Date"), _("Talk"), _("Speakers")):
        header += nodes.entry("", nodes.paragraph(text=label))
    head += header
    body = nodes.tbody()
    group += body
    for _slug, entry, title, names in rows:
        row = nodes.row()
        row += nodes.entry("", nodes.paragraph(text=_date(entry)))
        cell = nodes.paragraph()
        cell += internal_reference(app, fromdocname, entry["docname"], title)
        row += nodes.entry("", cell)
        row += nodes.entry("", nodes.paragraph(text=names))
        body += row
    return table


def setup_list(app: Sphinx) -> None:
    """Register ``talk-list`` and its resolver."""
    app.add_node(talk_list)
    app.add_directive("talk-list", TalkList)
    app.add_transform(OmitOnOneDocument)
    app.connect("env-updated", forget_rows)
    app.connect("doctree-resolved", render)
