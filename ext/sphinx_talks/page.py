"""Directives that build the fixed parts of generated pages as nodes.

A talk page's header (date, time, place, series, speakers), its speaker cards and
its navigation are the same shape on every page.  Building them as nodes from
directive options, instead of writing them as nested MyST for the parser, keeps
a talk page as cheap to build as a hand-written one (see ``docs/performance.md``).
Option values are front-matter data: they become text nodes and are never parsed
as markup.  A speaker card's content (the bio) is parsed as MyST only when it
holds markup; escaped front-matter text becomes text nodes directly.

* ``talk-meta`` — the header lines, each with an octicon, written when the page is;
* ``talk-speaker <slug>`` — one speaker card (sphinx-design classes); consecutive
  cards share one grid;
* ``talk-nav`` — previous/next talk and links up the catalog, filled in when the
  page is written from the ``talk`` domain (see :func:`resolve_nav`), so a new
  talk changes its neighbours' navigation without re-reading them.

Non-HTML builders get plain paragraphs: icons are skipped, cards are containers.
"""

from __future__ import annotations

from html import escape
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_design.icons import get_octicon
from sphinx_design.shared import create_component

from .degrade import internal_reference, relative_uri, writes_one_document
from .i18n import _
from .markup.blocks import render_fragment
from .myst import safe_url
from .publish import calendar_href
from .sources.common import strip_titles

logger = logging.getLogger(__name__)

_META = (
    ("date", "calendar"),
    ("time", "clock"),
    ("place", "location"),
    ("series", "organization"),
    ("kind", "megaphone"),
    ("language", "globe"),
    ("license", "law"),
)
_GRID = "talks_speaker_grid"


def _line(*children: nodes.Node) -> nodes.paragraph:
    para = nodes.paragraph()
    para.extend(children)
    return para


class talk_meta(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a talk's header: ``fields`` holds ``(octicon, text)`` pairs and
    ``links`` ``(kind, docname, name)`` triples; filled in when written."""


class TalkMeta(SphinxDirective):
    """``talk-meta``: options ``:date:``, ``:time:``, ``:place:``, ``:series:``, ``:kind:``
    (the talk's type), ``:language:`` (the name of the talk's language) and
    ``:license:`` (the recording's licence) (text);
    content lines ``speaker|tag|series <docname> <name>`` (absolute
    docnames of speaker and tag pages; names are text) and ``crumbs <docname> …`` (a
    breadcrumb, as :class:`TalkCrumbs` makes).  Leaves one
    :class:`talk_meta` node, written as a ``talks-meta`` block: one line per field,
    speakers and tags linked (see :func:`resolve_meta`)."""

    has_content = True
    option_spec: ClassVar = {name: directives.unchanged for name, _ in _META}

    def run(self) -> list[nodes.Node]:
        fields = [(octicon, self.options[name]) for name, octicon in _META if self.options.get(name)]
        links = []
        crumbs: list[nodes.Node] = []
        for raw in self.content:
            kind, _space, rest = raw.strip().partition(" ")
            if kind == "crumbs":
                crumbs.append(talk_crumbs(targets=[a.lstrip("/") for a in rest.split()]))
                continue
            docname, _space, name = rest.partition(" ")
            if kind in ("speaker", "tag", "series") and docname:
                links.append((kind, docname.lstrip("/"), name or docname))
        node = talk_meta(fields=fields, links=links)
        self.set_source_info(node)
        return [*crumbs, node]


_LINK_LINES = (("speaker", "person", ", "), ("tag", "tag", " · "), ("series", "organization", ""))


def resolve_meta(app: Sphinx, placeholders: list[nodes.Element], fromdocname: str) -> None:
    """``doctree-resolved``: write each :class:`talk_meta`.  HTML builders get the
    block as one raw HTML node (what docutils writes for the nodes, with
    sphinx-design's SVG icons); other builders get paragraphs without icons.
    Links to documents that are not part of the build become plain text."""
    html_output = app.builder.format == "html"
    found = app.env.found_docs
    for node in placeholders:
        lines: list[tuple[str, list[tuple[str, str | None]]]] = [
            (octicon, [(text, None)]) for octicon, text in node["fields"]
        ]
        for kind, octicon, separator in _LINK_LINES:
            parts: list[tuple[str, str | None]] = []
            for link_kind, docname, name in node["links"]:
                if link_kind == kind:
                    if parts:
                        parts.append((separator, None))
                    href = relative_uri(app.builder, fromdocname, docname) if docname in found else None
                    parts.append((name, href))
            if parts:
                lines.append((octicon, parts))
        calendar = calendar_href(app, fromdocname)
        if html_output:
            html = "".join(
                "<p>"
                + get_octicon(octicon, height="1em")
                + " "
                + "".join(
                    f'<a class="reference internal" href="{escape(href)}">{escape(text)}</a>'
                    if href is not None
                    else escape(text)
                    for text, href in parts
                )
                + "</p>\n"
                for octicon, parts in lines
            )
            if calendar:
                html += (
                    '<p class="talks-calendar">'
                    + get_octicon("download", height="1em")
                    + f' <a href="{escape(calendar)}" download="" type="text/calendar">'
                    + escape(_("Add to calendar"))
                    + "</a></p>\n"
                )
            node.replace_self(nodes.raw("", html, format="html", classes=["talks-meta"]))
            continue
        box = nodes.container(classes=["talks-meta"])
        for _octicon, parts in lines:
            para = nodes.paragraph()
            for text, href in parts:
                para += nodes.reference(text, text, internal=True, refuri=href) if href else nodes.Text(text)
            box += para
        node.replace_self(box)


def initials(name: str) -> str:
    """Up to two capital initials of ``name`` (first and last word), or ``"?"``;
    honorifics and post-nominals (``Prof. Dr.``, ``PhD``) do not count."""
    name = strip_titles(name)[0] or name
    letters = [w[0] for w in name.split() if w and w[0].isalpha()]
    return "".join(letters[:1] + letters[-1:] if len(letters) > 1 else letters).upper() or "?"


class talk_speaker(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for one speaker card's frame, written when its page is (see
    :func:`resolve_speakers`).  Attributes: ``initials`` (text), ``page`` (docname of
    the speaker's page or ""), ``photo`` (a checked http(s) URL or ""), ``local_photo``
    (True when the first child is the photo's ``image`` node) and ``lines`` (how many
    name lines follow it).  Children: that image, the name lines (paragraphs: the name
    in ``strong``, the affiliation, the homepage link), then the bio's nodes.  The text
    stays nodes, so smart quotes, the search index, page descriptions and linkcheck see
    it as before; only the six containers of the frame wait for the writer (every
    transform of the build walks every node)."""


class TalkSpeaker(SphinxDirective):
    """``talk-speaker <slug>``: a speaker card.  Options: ``:name:`` (required text),
    ``:page:`` (absolute docname the name links to), ``:photo:`` (image path or URL),
    ``:affiliation:``, ``:homepage:`` (a URL already checked by the renderer), and
    ``:label:`` (the homepage's link text); the content is the bio, parsed as MyST,
    or with ``:goldmark:`` as talk bodies are (:mod:`sphinx_talks.markup`; the catalog's cards).
    A ``:page:`` that names no document is a ``talks.unknown-page`` warning.

    A card directly after another card joins its grid (1 column on phones, 2 from
    tablets up), so a page's speakers need no enclosing directive.  The card itself
    is a :class:`talk_speaker` node, its frame written when the page is.
    """

    required_arguments = 1
    has_content = True
    option_spec: ClassVar = {
        "name": directives.unchanged_required,
        "page": directives.unchanged,
        "photo": directives.unchanged,
        "affiliation": directives.unchanged,
        "homepage": directives.uri,
        "label": directives.unchanged,
        "goldmark": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        name = self.options.get("name") or self.arguments[0]
        photo = self.options.get("photo")
        remote = safe_url(photo, {"http", "https"}) if photo else None
        page = (self.options.get("page") or "").lstrip("/")
        if page and page not in self.env.found_docs:
            logger.warning(
                "talk-speaker %s: :page: %s is not a document of this project; the name is not linked",
                self.arguments[0],
                self.options["page"],
                location=self.get_location(),
                type="talks",
                subtype="unknown-page",
            )
        card = talk_speaker(
            initials=initials(name),
            page=page,
            photo=remote or "",
            local_photo=bool(photo and not remote),
        )
        if photo and not remote:
            card += nodes.image(uri=photo, alt="", classes=["talks-avatar"])
        card += _line(nodes.strong(name, name))
        if self.options.get("affiliation"):
            card += _line(nodes.Text(self.options["affiliation"]))
        url = safe_url(self.options.get("homepage"), {"http", "https"})
        if url:
            text = self.options.get("label") or url
            card += _line(nodes.reference(text, text, refuri=url))
        card["lines"] = len(card.children) - int(card["local_photo"])
        if self.content and "goldmark" in self.options:  # a bio from the catalog's pages
            card += render_fragment("\n".join(self.content))
        elif self.content:  # a card the project writes itself: its own markup
            self.state.nested_parse(self.content, self.content_offset, card)
        self.set_source_info(card)
        parent = self.state_machine.node
        last = parent.children[-1] if parent.children else None
        if isinstance(last, nodes.Element) and last.get(_GRID):
            last.children[0] += card
            return []
        row = create_component("grid-row", _ROW_CLASSES, children=[card])
        grid = create_component(
            "grid-container",
            ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "talks-speakers"],
            children=[row],
        )
        grid[_GRID] = True
        return [grid]


_CARD_OPEN = (
    '<div class="sd-col sd-d-flex-row docutils">\n'
    '<div class="sd-card sd-sphinx-override sd-w-100 sd-shadow-sm talks-speaker docutils">\n'
    '<div class="sd-card-body docutils">\n'
    '<div class="talks-face docutils container">\n'
)


def _raw(html: str) -> nodes.raw:
    return nodes.raw("", html, format="html")


def resolve_speakers(app: Sphinx, placeholders: list[nodes.Element], fromdocname: str) -> None:
    """``doctree-resolved``: write each :class:`talk_speaker`.  HTML builders get the
    card's frame and face (initials, a remote photo) as raw HTML with sphinx-design's
    card classes around the card's own nodes (photo, name lines, bio); other builders
    get a container.  The name links to the speaker's page where the builder writes
    that page."""
    html_output = app.builder.format == "html"
    found = app.env.found_docs
    for node in placeholders:
        page = node["page"]
        href = relative_uri(app.builder, fromdocname, page) if page and page in found else None
        children = list(node.children)
        photo = children[:1] if node["local_photo"] else []
        who = children[len(photo) : len(photo) + node["lines"]]
        bio = children[len(photo) + node["lines"] :]
        if href and who and who[0].children and isinstance(who[0][0], nodes.strong):
            name = who[0][0]  # the name, linked to the speaker's page
            link = nodes.reference("", "", *name.children, internal=True, refuri=href)
            name[:] = [link]
        if html_output:
            # the initials lie under the photo: a photo that cannot be loaded (offline,
            # moved) shows them instead of its alt text, empty as the name follows anyway
            face = f'<span class="talks-initials" aria-hidden="true">{escape(node["initials"])}</span>'
            if node["photo"]:
                # a remote photo may fail to load (offline, moved): the browser then draws
                # the image's ::before, which repeats the initials over its broken-image icon
                face += (
                    '<img alt="" class="talks-avatar" loading="lazy" referrerpolicy="no-referrer" '
                    f'data-initials="{escape(node["initials"])}" src="{escape(node["photo"])}" />'
                )
            parts: list[nodes.Node] = [_raw(_CARD_OPEN + face), *photo]
            parts += [_raw('</div>\n<div class="talks-who docutils container">\n'), *who]
            if bio:
                parts += [_raw('</div>\n<div class="talks-bio docutils container">\n'), *bio]
            parts.append(_raw("</div>\n</div>\n</div>\n</div>\n"))
            node.replace_self(parts)
            continue
        card = nodes.container(classes=["talks-speaker"])
        card += [*photo, *who]
        if bio:
            card += nodes.container("", *bio, classes=["talks-bio"])
        node.replace_self(card)


_ROW_CLASSES = [
    "sd-row",
    "sd-row-cols-1",
    "sd-row-cols-xs-1",
    "sd-row-cols-sm-1",
    "sd-row-cols-md-2",
    "sd-row-cols-lg-2",
    *(f"sd-g{size}-3" for size in ("", "-xs", "-sm", "-md", "-lg")),
]


class talk_nav(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a page's navigation; ``targets``: docnames linked after the
    previous/next talks, each shown by its title."""


class TalkNav(SphinxDirective):
    """``talk-nav [docname ...]``: navigation at the end of a page.  On a talk page the
    previous and next talks (by date) come first; then a link to each absolute
    docname given (the catalog index, an index page), shown by its title."""

    optional_arguments = 8

    def run(self) -> list[nodes.Node]:
        node = talk_nav(targets=[a.lstrip("/") for a in self.arguments])
        self.set_source_info(node)
        self.env.get_domain("talk").note_nav(self.env.docname)  # type: ignore[attr-defined]
        return [node]


def resolve_nav(app: Sphinx, placeholders: list[nodes.Element], fromdocname: str) -> None:
    """``doctree-resolved``: replace each ``talk_nav`` by a ``talks-nav`` container:
    "← Older" / "Newer →" from the domain's neighbour table, then the given
    targets.  Targets that are not documents of this build are left out."""
    domain = app.env.get_domain("talk")
    found = app.env.found_docs
    for node in placeholders:
        box = nodes.container(classes=["talks-nav", "no-search"])  # titles are indexed on their pages
        older, older_title, newer, newer_title = domain.neighbours(fromdocname)  # type: ignore[attr-defined]
        if older:
            link = internal_reference(app, fromdocname, older, older_title)
            box += _line(nodes.Text(_("← Older:") + " "), link)
        if newer:
            link = internal_reference(app, fromdocname, newer, newer_title)
            before, _title, after = _("Newer: {title} →").partition("{title}")
            box += _line(nodes.Text(before), link, nodes.Text(after))
        links = [
            internal_reference(app, fromdocname, target, domain.title(target))  # type: ignore[attr-defined]
            for target in node["targets"]
            if target in found
        ]
        if links:
            line = nodes.paragraph()
            for i, link in enumerate(links):
                if i:
                    line += nodes.Text(" · ")
                line += link
            box += line
        node.replace_self(box)


class talk_crumbs(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a page's breadcrumb; ``targets``: docnames from the catalog
    index down to the page's parent."""


class TalkCrumbs(SphinxDirective):
    """``talk-crumbs docname [docname …]``: where a page of the catalog lies (the
    catalog › its year, or the speakers', tags' or series' index), shown above its
    title on HTML pages; themes give no breadcrumb to pages outside every toctree."""

    optional_arguments = 8

    def run(self) -> list[nodes.Node]:
        node = talk_crumbs(targets=[a.lstrip("/") for a in self.arguments])
        self.set_source_info(node)
        return [node]


def resolve_crumbs(app: Sphinx, placeholders: list[nodes.Element], fromdocname: str) -> None:
    """``doctree-resolved``: each :class:`talk_crumbs` becomes ``<nav class="talks-crumbs">``
    (links by the targets' titles, " › " between them) before the page's title on HTML
    builders writing a page per document; elsewhere it is left out."""
    builder = app.builder
    html = builder.format == "html" and not writes_one_document(builder)
    domain = app.env.get_domain("talk")
    for node in placeholders:
        links = [
            (relative_uri(builder, fromdocname, target), domain.title(target))  # type: ignore[attr-defined]
            for target in node["targets"]
            if target in app.env.found_docs
        ]
        links = [(href, title) for href, title in links if href is not None]
        if not html or not links:
            node.parent.remove(node)
            continue
        trail = ' <span aria-hidden="true">›</span> '.join(
            f'<a href="{escape(href)}">{escape(title)}</a>' for href, title in links
        )
        label = escape(_("Breadcrumb"))
        raw = nodes.raw("", f'<nav class="talks-crumbs" aria-label="{label}">{trail}</nav>\n', format="html")
        section = node.parent
        section.remove(node)
        if isinstance(section, nodes.section):  # above the title
            section.parent.insert(section.parent.index(section), raw)
        else:
            section += raw


_RESOLVERS = (
    (talk_meta, resolve_meta),
    (talk_speaker, resolve_speakers),
    (talk_nav, resolve_nav),
    (talk_crumbs, resolve_crumbs),
)


def resolve_page(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """``doctree-resolved``: fill in a page's header, navigation and breadcrumb, found
    in one walk of its doctree (each walk of a thousand pages costs a noticeable part
    of a build)."""
    kinds = tuple(kind for kind, _resolve in _RESOLVERS)
    found = list(doctree.findall(lambda n: isinstance(n, kinds)))
    if not found:
        return
    for kind, resolve in _RESOLVERS:
        mine = [n for n in found if isinstance(n, kind)]
        if mine:
            resolve(app, mine, fromdocname)


class TalkAnchor(SphinxDirective):
    """``talk-anchor <id> [<id> …]``: extra ids for the heading that follows (the ids
    the old site gave it: a ``{#custom-id}``, Hugo's own heading anchor), so links
    written for the old site still reach it.  Leaves an empty target that docutils
    moves onto the next section; no label is made, so ids never clash across pages.
    Ids the document already holds are skipped."""

    required_arguments = 1
    optional_arguments = 8

    def run(self) -> list[nodes.Node]:
        ids = [i for i in self.arguments if i not in self.state.document.ids]
        if not ids:
            return []
        target = nodes.target("", "", ids=ids)
        for anchor in ids:
            self.state.document.ids[anchor] = target
        return [target]


def register_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: on a talk page, every heading id (docutils' and the old site's,
    see :class:`TalkAnchor`) is recorded in the ``talk`` domain, which makes it an
    anonymous std label named after the page once every page is read (see
    :func:`~sphinx_talks.domain.publish_labels`), so a Hugo ``ref`` to
    ``talk.md#section`` from another page resolves without a warning."""
    if next(iter(doctree.findall(talk_meta)), None) is None:
        return
    ids = [
        anchor
        for node in doctree.findall(lambda n: isinstance(n, (nodes.section, nodes.target)))
        for anchor in node["ids"]
    ]
    app.env.get_domain("talk").add_anchors(app.env.docname, ids)


def setup_page(app: Sphinx) -> dict[str, Any]:
    """Register the page directives, their nodes and the navigation resolver."""
    app.add_directive("talk-anchor", TalkAnchor)
    app.add_directive("talk-meta", TalkMeta)
    app.add_directive("talk-speaker", TalkSpeaker)
    app.add_directive("talk-nav", TalkNav)
    app.add_directive("talk-crumbs", TalkCrumbs)
    app.add_node(talk_crumbs)
    app.add_node(talk_nav)
    app.add_node(talk_meta)
    app.add_node(talk_speaker)
    app.connect("doctree-read", register_anchors)
    app.connect("doctree-resolved", resolve_page)
    return {}
