"""The ``talk-body`` directive: a talk page's body, rendered from its source when the
page is read.

A generated talk page names its talk (``talk-body <slug>``) with a ``:digest:`` of what
the rendering depends on beyond the body's file (the catalog's answers to its
``ref`` calls, its pictures, the settings), so the page's text changes when they do; the
body's file is a dependency of the page (``env.note_dependency``), so an edited body is
read again.  Diagnostics go to the body's file and line.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..config import get_config
from ..diagnostics import Report
from ..model import Talk, Video
from ..sources.common import join_site
from .blocks import BodyRenderer
from .context import Context
from .parser import parse

logger = logging.getLogger(__name__)


#: What only the rendering of a page can find (the body's other faults were reported
#: when its file was read: :func:`sphinx_talks.markup.facts.read_body`).
PAGE_ONLY = frozenset({"unresolved-ref"})


def log(report: Report) -> None:
    """Emit a report's :data:`PAGE_ONLY` diagnostics as Sphinx warnings (notices at
    verbose level)."""
    from ..generate import log as emit  # generate imports the page renderer

    for diagnostic in report.items:
        if diagnostic.subtype in PAGE_ONLY:
            emit(diagnostic)


def _give_way(document: nodes.document, owner: nodes.Element, anchor: str, suffix: str) -> None:
    """Take ``anchor`` from ``owner``, which gets ``<anchor><suffix>`` (then ``-2`` …
    added) instead: the page's title (``"-page"``), written before the body, so that a
    body heading keeps the id Hugo gave it and old links still land (``## T`` in a talk
    titled "T"); or the later of two body headings written with the same ``{#id}``
    (``""``: ``-1``, ``-2`` …; HTML ids are unique, a browser's ``#id`` finds the first)."""
    n = 1
    new = f"{anchor}{suffix}" if suffix else f"{anchor}-1"
    while new in document.ids:
        n += 1
        new = f"{anchor}{suffix}-{n}" if suffix else f"{anchor}-{n}"
    owner["ids"] = [new if i == anchor else i for i in owner["ids"]]
    if document.ids.get(anchor) is owner:  # registered: its name leads to the new id
        del document.ids[anchor]
        document.ids[new] = owner
        for name, target in list(document.nameids.items()):
            if target == anchor:
                document.nameids[name] = new


class TalkBody(SphinxDirective):
    """``talk-body <slug>``: the body of the catalog's talk ``slug`` (see the module)."""

    required_arguments = 1
    option_spec: ClassVar = {"digest": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from ..publish import catalog_of  # publish imports this package's readers

        catalog = catalog_of(self.env.app)
        talk = catalog.by_slug.get(self.arguments[0]) if catalog is not None else None
        if talk is None:
            return []
        self.env.note_dependency(str(talk.source))
        ctx = self.context(talk, catalog)
        out = BodyRenderer(ctx).render(parse(talk.body))
        log(ctx.report)
        if talk.redirect:  # HTML pages forward to it at once (a <meta> refresh)
            out.insert(0, nodes.meta(content=f"0; url={talk.redirect}", **{"http-equiv": "refresh"}))
        document = self.state.document
        sections = [s for node in out for s in node.findall(nodes.section)]
        body = {id(s) for s in sections}
        for section in sections:
            for anchor in list(section["ids"]):
                owner = document.ids.get(anchor)
                if owner is not None and owner is not section:
                    # the page's title gives way; of two body headings written with the
                    # same {#id}, the first keeps it (as a browser's #id finds the first)
                    if id(owner) in body:
                        _give_way(document, section, anchor, "")
                    else:
                        _give_way(document, owner, anchor, "-page")
            document.note_implicit_target(section, section)
        return out

    def context(self, talk: Talk, catalog: Any) -> Context:
        """The rendering context of ``talk``'s body in this build."""
        cfg = get_config(self.env.app)
        report = Report(talk.source)
        return Context(
            report=report,
            first_line=talk.body_line,
            resolve_image=lambda ref, line: talk.pictures.get(ref),
            resolve_link=lambda url: join_site(url, cfg.base_url),
            resolve_ref=lambda target, line: self.ref(catalog, target, line, report),
            raw_html=cfg.raw_html,
            privacy=cfg.video_privacy,
            disabled=catalog.layout.disabled,
            shortcodes=dict(cfg.shortcodes),
            skip=set(talk.body_skip),
            seen_videos={v.key for v in talk.videos} - talk.videos_in_body,  # the header's
            video_node=self.video_node,
        )

    def ref(self, catalog: Any, target: str, line: int, report: Report) -> tuple[str | None, str]:
        """``(url, title)`` of a ``ref`` target from this page (see ``Catalog.ref_target``)."""
        docname, anchor, url, title = catalog.ref_target(target, line, report)
        if docname is not None:
            uri = self.env.app.builder.get_relative_uri(self.env.docname, docname)
            return uri + (f"#{anchor}" if anchor else ""), title
        return url, title

    def video_node(self, video: Video) -> nodes.Node:
        """The video extension's node for ``video``, made by its own directive."""
        return _video_nodes(self, video)[0]


def _video_nodes(directive: SphinxDirective, video: Video) -> list[nodes.Node]:
    """Run sphinxcontrib-youtube's directive for ``video`` (its public directive class)."""
    from sphinxcontrib.youtube.vimeo import Vimeo
    from sphinxcontrib.youtube.youtube import YouTube

    from ..myst import video_options

    cls = YouTube if video.provider == "youtube" else Vimeo
    options = video_options(video, get_config(directive.env.app).video_privacy)
    run = cls(
        video.provider,
        [video.id],
        options,
        [],
        directive.lineno,
        directive.content_offset,
        "",
        directive.state,
        directive.state_machine,
    )
    return run.run()


def setup_body(app: Any) -> None:
    """Register the directive and the body's nodes."""
    from .elements import setup_elements

    setup_elements(app)
    app.add_directive("talk-body", TalkBody)
