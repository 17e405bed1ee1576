"""The talk's own content in its own language: ``<div lang="…">`` around it.

A talk page written in another language than the site's (``language: de`` on an
English site) marks its summary, abstract and body with ``talk-content start`` (with
``:lang:``, a BCP 47 tag) before them and ``talk-content end`` after them, so that
browsers, screen readers and search engines read that text in its language while
the catalog's labels around it stay in the site's.  The markers become a
:class:`talk_content` node at write time (:class:`WrapContent`), after the page's
table of contents was collected, so headings in the body stay in it; HTML writes
the node as ``<div class="talks-content" lang="…">``, other builders write its
content only.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .degrade import writes_one_document

#: A BCP 47 language tag as pages write it (``de``, ``pt-BR``, ``zh_Hans``).
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def language_tag(value: str) -> str | None:
    """The BCP 47 tag of a page's ``language`` value: a tag in its standard form
    (``"pt_BR"`` → ``"pt-BR"``; ISO 639-2/3 codes such as pyvideo's ``"eng"`` → ``"en"``,
    by langcodes), or a language's English name (``"German"`` → ``"de"``, by Babel);
    None when neither."""
    value = value.strip()
    if _TAG.match(value):
        import langcodes

        try:
            return langcodes.standardize_tag(value)
        except (langcodes.LanguageTagError, ValueError):
            return value.replace("_", "-")
    from babel.core import Locale

    wanted = value.casefold()
    for code, name in Locale("en").languages.items():
        if name.casefold() == wanted and "_" not in code:
            return code
    return None


class content_marker(nodes.Invisible, nodes.Element):  # noqa: N801 - docutils node naming
    """Where a talk's own content starts (``edge="start"``, ``lang``) or ends."""


class talk_content(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """A talk's own content; ``lang``: its BCP 47 language tag."""


class TalkContent(SphinxDirective):
    """``talk-content start`` (option ``:lang:``) / ``talk-content end``: the markers."""

    required_arguments = 1
    option_spec: ClassVar = {"lang": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        edge = directives.choice(self.arguments[0], ("start", "end"))
        lang = language_tag(self.options.get("lang", "")) or ""
        return [content_marker(edge=edge, lang=lang)]


class WrapContent(SphinxPostTransform):
    """Put what lies between a start and an end marker into a :class:`talk_content`
    node: the start marker's following siblings up to the one holding the end marker
    (the body's last section may hold it); remove every marker."""

    default_priority = 150

    def run(self, **kwargs: Any) -> None:
        if not writes_one_document(self.app.builder):  # a talk page has markers only with a language
            if not self.env.get_domain("talk").talk_of(self.env.docname).get("language"):  # type: ignore[attr-defined]
                return
        markers = list(self.document.findall(content_marker))
        for start, end in zip(markers, markers[1:], strict=False):
            if start["edge"] != "start" or end["edge"] != "end" or not start["lang"]:
                continue
            parent, holder = start.parent, end
            while holder is not None and holder.parent is not parent:
                holder = holder.parent
            if holder is None:
                continue
            first, last = parent.index(start), parent.index(holder)
            box = talk_content(lang=start["lang"])
            for node in parent.children[first + 1 : last + 1]:
                box.append(node)
            parent[first : last + 1] = [start, box]
        for marker in markers:
            marker.parent.remove(marker)


def visit_content_html(self: Any, node: talk_content) -> None:
    self.body.append(self.starttag(node, "div", CLASS="talks-content", lang=node["lang"]))


def depart_content_html(self: Any, node: talk_content) -> None:
    self.body.append("</div>\n")


def _pass(self: Any, node: nodes.Node) -> None:
    pass


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup_content(app: Sphinx) -> None:
    """Register the markers, the wrapping node and the post-transform."""
    app.add_directive("talk-content", TalkContent)
    others = {fmt: (_pass, _pass) for fmt in ("latex", "text", "man", "texinfo")}
    app.add_node(talk_content, html=(visit_content_html, depart_content_html), **others)
    app.add_node(
        content_marker, **{fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")}
    )
    app.add_post_transform(WrapContent)
