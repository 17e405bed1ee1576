"""The docutils nodes a body needs beyond docutils' own, with their HTML and a
plain form for other builders.

* :class:`rule`: a thematic break (``<hr>``).  Not ``nodes.transition``: docutils refuses
  transitions first or last in a section, next to each other or inside a list, and Hugo
  writes every one.
* :class:`details`: Hugo's ``details`` shortcode, a ``<details>`` element whose first
  child is its ``summary`` paragraph (attribute ``open``: shown open).
* :class:`embed`: a click-to-load frame (slides, a page the site embedded): attributes
  ``src`` (the frame's https URL), ``href`` (the same document to open), ``host``
  (``"Google Slides"``), ``label`` and ``title``; HTML shows it as the video players do,
  other builders its child, a paragraph linking ``href`` (:func:`make_embed`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


class rule(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """A thematic break."""


class details(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """A disclosure: first child the summary (a paragraph), then the content."""


class embed(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """A click-to-load frame (see the module)."""


def visit_rule_html(self: Any, node: rule) -> None:
    self.body.append(self.emptytag(node, "hr", CLASS="docutils"))
    raise nodes.SkipNode


def visit_details_html(self: Any, node: details) -> None:
    attrs = {"open": "open"} if node.get("open") else {}
    self.body.append(self.starttag(node, "details", CLASS="talks-details", **attrs))
    summary = node.children[0] if node.children else None
    if isinstance(summary, nodes.paragraph):
        self.body.append("<summary>")
        for child in summary.children:
            child.walkabout(self)
        self.body.append("</summary>\n")
        node.remove(summary)


def depart_details_html(self: Any, node: details) -> None:
    self.body.append("</details>\n")


def visit_embed_html(self: Any, node: embed) -> None:
    """The embed as a click-to-load player (the markup and script of video players)."""
    from ..player import depart_player_html, visit_player_html  # the player module imports Sphinx

    visit_player_html(self, node)
    depart_player_html(self, node)
    raise nodes.SkipNode


def make_embed(src: str, href: str, host: str, label: str) -> embed:
    """An :class:`embed` of ``src`` (an https URL) whose document is ``href``; its child
    is the paragraph other builders show (a link to ``href``)."""
    title = f"{host}: {label}"
    node = embed(src=src, href=href, host=host, label=label, title=title, duration="")
    node += nodes.paragraph("", "", nodes.reference(title, title, refuri=href))
    return node


def _pass(self: Any, node: nodes.Node) -> None:
    pass


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


#: The builders other than HTML each node is written by (their shared visitors below).
OTHER_BUILDERS = ("latex", "text", "man", "texinfo")


def setup_elements(app: Any) -> None:
    """Register the nodes with Sphinx: HTML as above; elsewhere a rule is left out, a
    disclosure shows its summary and content, an embed its link text."""
    skip, show = (_skip, None), (_pass, _pass)
    app.add_node(rule, html=(visit_rule_html, None), **dict.fromkeys(OTHER_BUILDERS, skip))
    app.add_node(
        details, html=(visit_details_html, depart_details_html), **dict.fromkeys(OTHER_BUILDERS, show)
    )
    app.add_node(embed, html=(visit_embed_html, None), **dict.fromkeys(OTHER_BUILDERS, show))


def note_id(meta: dict) -> str:
    """Goldmark's id of a footnote: ``fn:N``, N its number (1-based, in the order of first
    reference); ``meta``: a markdown-it footnote token's meta (``id``: 0-based)."""
    return f"fn:{meta.get('id', 0) + 1}"


def note_ref_id(meta: dict) -> str:
    """Goldmark's id of a reference to a footnote: ``fnref:N`` for the first, ``fnrefK:N``
    for the K-th one after it (``meta``'s ``subId``), so that every back link has its target."""
    sub = meta.get("subId", 0)
    return f"fnref{sub or ''}:{meta.get('id', 0) + 1}"
