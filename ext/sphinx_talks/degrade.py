"""What the catalog becomes on builders other than HTML.

- Videos: sphinxcontrib-youtube only knows HTML, EPUB and LaTeX; for other
  builders (text, man, texinfo, …) it warns and drops the node.
  :class:`VideoAsLink` runs for those builders only and replaces each video node
  by a paragraph linking the video.
- One document: LaTeX, texinfo, man and singlehtml write one document from the
  root's toctree, which HTML catalogs leave talk, speaker and tag pages out of.  For
  these builders (:func:`writes_one_document`) the generated indexes' ``talk-pages``
  blocks (:class:`TalkPages`) become hidden toctrees of those pages, and the catalog
  index leaves out its lists.  Both are decided when a page is read, so the
  generated text is the same for every builder; a document read for the other kind
  of builder is read again (:func:`reread_for_builder`).  A link to a page a builder still has no address for
  (a document outside the root's toctree) becomes plain text
  (:func:`internal_reference`) instead of failing.
- Node handlers: Sphinx looks up node handlers by builder name and falls back to
  the builder's format only when no extension registered any handler under that
  name.  sphinxcontrib-youtube registers its video node for ``epub``, so on EPUB
  every node registered for ``html`` alone (sphinx-design's dropdowns, cards'
  titles …) had no handler and the build stopped.
  :func:`inherit_format_handlers` fills the gaps from the format's table.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex import LaTeXBuilder
from sphinx.builders.manpage import ManualPageBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.builders.texinfo import TexinfoBuilder
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.youtube.utils import video

from .config import get_config, in_catalog
from .i18n import _
from .model import Video

#: The start offset in a video node's ``url_parameters`` (``?start=95``, ``#t=95s``),
#: as :func:`sphinx_talks.myst.video_block` writes it.
_START = re.compile(r"(?:[?&]start=|#t=)(\d+)")
#: An unlisted Vimeo video's key in a video node's ``url_parameters`` (``?h=abcdef1234``).
_KEY = re.compile(r"[?&]h=([0-9a-f]+)")

#: Builder formats sphinxcontrib-youtube renders itself.
EMBEDDING_FORMATS = {"html", "epub", "latex"}


def watch_url(node: video) -> str:
    """The public page (https) of the video a sphinxcontrib-youtube ``node`` embeds,
    at the start offset its ``url_parameters`` name."""
    provider = node.get("platform", "youtube")
    parameters = node.get("url_parameters") or ""
    start = _START.search(parameters)
    key = _KEY.search(parameters) if provider == "vimeo" else None  # an unlisted video's key
    return Video(
        provider if provider in ("youtube", "vimeo") else "youtube",
        node["id"],
        int(start.group(1)) if start else None,
        hash=key.group(1) if key else None,
    ).url


class VideoAsLink(SphinxPostTransform):
    """Replace video nodes by links where the output format cannot embed them, and
    in the catalog's pages on HTML builders with ``talks_video_embed = "link"``."""

    default_priority = 100

    def is_supported(self) -> bool:
        builder = self.app.builder
        if builder.format not in EMBEDDING_FORMATS and "html" not in builder.name:
            return True
        cfg = get_config(self.app)
        return (
            builder.format == "html"
            and cfg.video_embed == "link"
            and in_catalog(self.env.config, self.env.docname)
        )

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(video)):
            url = watch_url(node)
            text = _("Video: {title}").format(title=url)
            node.replace_self(nodes.paragraph("", "", nodes.reference(text, text, refuri=url)))


_ONE_DOCUMENT = (LaTeXBuilder, ManualPageBuilder, SingleFileHTMLBuilder, TexinfoBuilder)


def writes_one_document(builder: Any) -> bool:
    """Whether ``builder`` (a builder or a builder class) writes documents made of a
    start document and its toctree (LaTeX, texinfo, man, singlehtml and builders
    derived from them) rather than a file per document; such builders leave out every
    document outside that toctree."""
    if isinstance(builder, type):
        return issubclass(builder, _ONE_DOCUMENT)
    return isinstance(builder, _ONE_DOCUMENT)


def builder_class(env: Any) -> type:
    """The class of the builder the environment reads for (Sphinx ≥ 7.3 keeps it on
    the environment; older versions reach it through the application)."""
    cls = getattr(env, "_builder_cls", None)
    return cls if cls is not None else type(env.app.builder)


#: ``data`` key of the talk domain: the kind of builder (True: one document) the
#: documents of the environment were read for.
READ_FOR = "read_for"


class TalkPages(SphinxDirective):
    """``talk-pages``: a hidden toctree of the documents named in the content (one
    absolute docname per line) on builders that write one document, and nothing on
    others, whose catalog pages are orphans reached through links.

    The document is recorded in the talk domain (``note_layout``), so that it is read
    again when the next build's builder is of the other kind."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("talk").note_layout(self.env.docname)  # type: ignore[attr-defined]
        if not writes_one_document(builder_class(self.env)):
            return []
        docnames = [line.strip().lstrip("/") for line in self.content if line.strip()]
        toctree = addnodes.toctree()
        toctree["parent"] = self.env.docname
        toctree["entries"] = [(None, docname) for docname in docnames]
        toctree["includefiles"] = docnames
        toctree["maxdepth"] = -1
        toctree["caption"] = None
        toctree["glob"] = False
        toctree["hidden"] = True
        toctree["includehidden"] = False
        toctree["numbered"] = 0
        toctree["titlesonly"] = False
        self.set_source_info(toctree)
        wrapper = nodes.compound(classes=["toctree-wrapper"])
        wrapper += toctree
        return [wrapper]


def reread_for_builder(
    app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the documents whose doctree depends on the kind of builder
    (see :class:`TalkPages`), when they were read for the other kind; remembers this
    build's kind.  Returns docnames to read again."""
    domain = env.get_domain("talk")
    kind = writes_one_document(app.builder)
    previous = domain.data.get(READ_FOR)
    domain.data[READ_FOR] = kind
    if previous is None or previous == kind:
        return []
    return sorted(set(domain.layout_documents()) - removed - added - changed)


#: Builder attribute caching the docnames a singlehtml page holds (see :func:`relative_uri`).
_IN_DOCUMENT = "_talks_in_document"


def _in_single_page(builder: Any, docname: str) -> bool:
    """Whether the singlehtml page holds ``docname``: the root document and what its
    toctrees reach, hidden ones included.  Computed once per build."""
    docs = builder.__dict__.get(_IN_DOCUMENT)
    if docs is None:
        root = builder.config.root_doc
        docs, todo = {root}, [root]
        includes = builder.env.toctree_includes
        while todo:
            for child in includes.get(todo.pop(), ()):
                if child not in docs:
                    docs.add(child)
                    todo.append(child)
        builder.__dict__[_IN_DOCUMENT] = docs
    return docname in docs


def forget_single_page(app: Any, env: Any) -> None:
    """``env-updated``: toctrees may have changed; drop the cached singlehtml contents."""
    if app.builder is not None:
        app.builder.__dict__.pop(_IN_DOCUMENT, None)


def relative_uri(builder: Any, fromdocname: str, docname: str) -> str | None:
    """``builder``'s URI of ``docname`` seen from ``fromdocname``, or None when the
    builder writes nothing for it: ``NoUri`` (LaTeX, texinfo: an orphan), or a
    document outside a singlehtml page, whose anchor would point nowhere."""
    if isinstance(builder, SingleFileHTMLBuilder) and not _in_single_page(builder, docname):
        return None
    try:
        return builder.get_relative_uri(fromdocname, docname)
    except NoUri:
        return None


def internal_reference(app: Any, fromdocname: str, docname: str, text: str) -> nodes.Element:
    """A reference to ``docname`` showing ``text``; an inline of the same text where
    the builder has no page for ``docname`` (see :func:`relative_uri`)."""
    uri = relative_uri(app.builder, fromdocname, docname)
    if uri is None:
        return nodes.inline(text, text)
    return nodes.reference(text, text, internal=True, refuri=uri)


def inherit_format_handlers(app: Any) -> None:
    """``builder-inited``: give the builder's own handler table every handler of its
    format's table it lacks (for EPUB: sphinx-design's nodes).  Handlers registered
    under the builder's name are kept; nothing changes for a builder whose name is
    its format or that has no table of its own."""
    builder = app.builder
    tables = app.registry.translation_handlers
    own = tables.get(builder.name)
    if builder.name == builder.format or own is None:
        return
    for node_name, handlers in tables.get(builder.format, {}).items():
        own.setdefault(node_name, handlers)


def setup_degrade(app: Any) -> None:
    """Register ``talk-pages``, the post-transform and the handler fix."""
    app.add_directive("talk-pages", TalkPages)
    app.connect("env-get-outdated", reread_for_builder)
    app.add_post_transform(VideoAsLink)
    app.connect("builder-inited", inherit_format_handlers)
    app.connect("env-updated", forget_single_page)
