"""Inline tokens → docutils inline nodes.

Text, breaks, emphasis, strong, strikethrough, code spans (a shortcode call inside one
is expanded in place, as Hugo does; an escaped one is its literal text), links (only
http/https/mailto and in-page ``#id`` links stay links; site-relative ones become
absolute with ``talks_base_url``), images (resolved by the reader), footnote references,
raw inline HTML (``<a href>`` kept as a checked link; other tags dropped with a notice,
as Hugo does by default), and shortcodes (see :mod:`.embeds`).  A paragraph's nodes are
grouped so that no element gets more than :data:`MAX_CHILDREN` children.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from docutils import nodes
from markdown_it.token import Token

from ..myst import safe_url
from . import embeds
from .calls import Shortcode, lex
from .elements import note_id, note_ref_id

if TYPE_CHECKING:
    from .context import Context

#: Most children one element gets; longer runs are grouped in ``inline`` nodes (docutils
#: transforms such as smart quotes are quadratic in the children of one element).
MAX_CHILDREN = 200
#: A theme's layout marker at the end of an image's alt text (``![Name ><](photo)``).
ALT_MARKER = re.compile(r"\s*(?:><|<>|>|<)+\s*$")
_HTML_LINK = re.compile(r"""<a\s[^<>]*?\bhref\s*=\s*(["'])(?P<url>[^"'<>]*)\1""", re.IGNORECASE)


def plain_alt(text: str) -> str:
    """An image's alt text as plain text: theme markers (``><``) removed, whitespace single."""
    return " ".join(ALT_MARKER.sub("", text).split())


def _bracketed(node: nodes.reference) -> bool:
    """Whether a link's text is written in brackets (``[[Paper]](url)``); the brackets
    are taken off its text."""
    first, last = node.children[:1], node.children[-1:]
    if not (first and last and isinstance(first[0], nodes.Text) and isinstance(last[0], nodes.Text)):
        return False
    head, tail = str(first[0]), str(last[0])
    if not (head.startswith("[") and tail.endswith("]")) or (first[0] is last[0] and len(head) < 3):
        return False
    if first[0] is last[0]:
        node.replace(first[0], nodes.Text(head[1:-1]))
    else:
        node.replace(first[0], nodes.Text(head[1:]))
        node.replace(last[0], nodes.Text(tail[:-1]))
    return True


def balanced(children: list[nodes.Node]) -> list[nodes.Node]:
    """``children`` grouped into ``inline`` nodes of at most :data:`MAX_CHILDREN`, in as
    many levels as needed (the HTML is the same text, in spans)."""
    while len(children) > MAX_CHILDREN:
        children = [
            nodes.inline("", "", *children[i : i + MAX_CHILDREN])
            for i in range(0, len(children), MAX_CHILDREN)
        ]
    return children


def block_level(node: nodes.Node) -> bool:
    """Whether ``node`` must stand outside a paragraph (a player, a figure, a paragraph)."""
    return isinstance(node, nodes.Body) and not isinstance(node, (nodes.Inline, nodes.Text))


def lifted(children: list[nodes.Node], classes: list[str] | None = None) -> list[nodes.Node]:
    """Inline ``children`` as paragraphs (of ``classes``), with the block-level ones
    between them, as a browser splits a ``<p>`` around a ``<div>``; runs of white space
    alone make no paragraph."""
    out: list[nodes.Node] = []
    run: list[nodes.Node] = []
    for node in [*children, None]:
        if node is not None and not block_level(node):
            run.append(node)
            continue
        if run and any(not isinstance(n, nodes.Text) or n.astext().strip() for n in run):
            out.append(nodes.paragraph("", "", *balanced(run), classes=classes or []))
        run = []
        if node is not None:
            out.append(node)
    return out


class InlineRenderer:
    """Renders the children of one ``inline`` token (see the module)."""

    def __init__(self, ctx: Context, ids: set[str], line: int, heading: bool = False) -> None:
        self.ctx, self.ids, self.line, self.heading = ctx, ids, line, heading
        self.first = line  # the line of the inline text's first line
        self.spanned = 0  # line breaks inside the {{< >}} calls read so far (not in the text)
        self.stack: list[nodes.Element] = []
        self.out: list[nodes.Node] = []
        self.text: list[str] = []
        self.html_link = False
        self.dropped_html = False
        self.opened: dict[int, int] = {}  # id of a paired call -> the line it opened on

    def render(self, children: list[Token]) -> list[nodes.Node]:
        """The nodes of ``children`` (a block's inline tokens); block-level results
        (players, figures) are left in the list for the caller to lift out."""
        for tok in children:
            if "line" in tok.meta:  # where the parser saw it (see parser._line_marks)
                self.line = self.first + tok.meta["line"] + self.spanned
            getattr(self, "render_" + tok.type, self.render_unknown)(tok)
        self._flush()
        while self.stack:  # an unclosed element (never from markdown-it) ends here
            self._close()
        if self.dropped_html:
            self.ctx.report.info(self.line, "raw-html", "inline raw HTML left out (as Hugo does by default)")
        return balanced(self.out)

    # -- plumbing --------------------------------------------------------------------------
    def _flush(self) -> None:
        if self.text:
            text = "".join(self.text)
            self.text = []
            self._add(nodes.Text(text))

    def _add(self, node: nodes.Node) -> None:
        if self.text and node is not None:
            text = "".join(self.text)
            self.text = []
            self._add(nodes.Text(text))
        if self.stack:
            self.stack[-1] += node
        else:
            self.out.append(node)

    def _open(self, node: nodes.Element) -> None:
        self._flush()
        self.stack.append(node)

    def _close(self) -> None:
        self._flush()
        node = self.stack.pop()
        node.children = balanced(node.children)
        for child in node.children:
            child.parent = node
        if isinstance(node, nodes.inline) and node.get("talks_drop"):
            return  # a pair that shows nothing of what it encloses (a comment)
        if isinstance(node, nodes.reference) and node.get("talks_drop"):
            for child in list(node.children):  # a link that is not one: its text stays
                self._add(child)
            return
        if isinstance(node, nodes.reference) and _bracketed(node):
            node["classes"].append("talks-button")  # `[[Slides]](url)`: a resource link
        self._add(node)

    # -- tokens ----------------------------------------------------------------------------
    def render_text(self, tok: Token) -> None:
        self.text.append(tok.content)

    def render_softbreak(self, tok: Token) -> None:
        self.text.append("\n")
        self.line += 1

    def render_hardbreak(self, tok: Token) -> None:
        self._flush()
        self._add(nodes.raw("", "<br />\n", format="html"))
        self.text.append("\n")
        self.line += 1

    def render_code_inline(self, tok: Token) -> None:
        if "{{" not in tok.content:
            self._add(nodes.literal(tok.content, tok.content))
            return
        code = ""
        for piece in lex(tok.content):
            if isinstance(piece, str):
                code += piece
            elif piece.escaped:
                code += piece.literal
            else:
                if code:
                    self._add(nodes.literal(code, code))
                code = ""
                embeds.in_code(piece, self.ctx, self.line)
                self.render_call(piece)
        if code:
            self._add(nodes.literal(code, code))

    def render_em_open(self, tok: Token) -> None:
        self._open(nodes.emphasis())

    def render_strong_open(self, tok: Token) -> None:
        self._open(nodes.strong())

    def render_s_open(self, tok: Token) -> None:
        self._open(nodes.inline(classes=["strike"]))

    def render_em_close(self, tok: Token) -> None:
        self._close()

    render_strong_close = render_s_close = render_em_close

    def render_link_open(self, tok: Token) -> None:
        href = str(tok.attrGet("href") or "")
        ref = tok.meta.get("ref")
        if ref is not None:
            url, _ = self.ctx.resolve_ref(ref.get("path", 0), self.line)
            self._open(nodes.reference(refuri=url) if url else nodes.reference(talks_drop=True))
            return
        target = self.link_target(href, tok.info == "auto")
        self._open(nodes.reference(refuri=target) if target else nodes.reference(talks_drop=True))

    def render_link_close(self, tok: Token) -> None:
        self._close()

    def link_target(self, url: str, auto: bool = False) -> str | None:
        """The checked target of a link to ``url``, or None (the text stays, with a
        located notice or warning saying why)."""
        if auto and url.startswith("http://www."):  # `www.x` linkified: Goldmark writes http://
            return url
        safe = safe_url(url)
        if safe:
            return safe
        if url.startswith("#"):
            anchor = unquote(url[1:])
            if anchor in self.ids or anchor.lower() in self.ids:
                return "#" + (anchor if anchor in self.ids else anchor.lower())
            self.ctx.report.warn(
                self.line,
                "bad-anchor",
                f"link to {url!r}: no heading of this page has that id; shown as text",
            )
            return None
        scheme = url.split(":", 1)[0].lower() if ":" in url.split("/")[0] else ""
        if scheme:
            self.ctx.report.warn(self.line, "unsafe-url", f"link with scheme {scheme!r} shown as text")
            return None
        absolute = self.ctx.resolve_link(url)
        if absolute:
            return absolute
        self.ctx.report.info(
            self.line,
            "relative-link",
            f"site-relative link {url!r} shown as text (set talks_base_url to keep it)",
        )
        return None

    def render_image(self, tok: Token) -> None:
        alt = plain_alt("".join(self._alt_piece(c) for c in tok.children or ()))
        src = str(tok.attrGet("src") or "")
        target = self.ctx.resolve_image(src, self.line)
        if target is None:
            self.text.append(alt)
            return
        node = nodes.image(uri=target, alt=alt)
        if tok.attrGet("title"):
            node["title"] = str(tok.attrGet("title"))
        self._add(node)

    def _alt_piece(self, tok: Token) -> str:
        """The text one token of an image's alt text gives: a pair its words, a single
        call nothing (warned: Hugo would put its output into the attribute)."""
        if tok.type in ("text", "code_inline"):
            return tok.content
        if tok.type in ("softbreak", "hardbreak"):
            return " "
        if tok.type != "shortcode":
            return ""
        from .pairs import plain_text

        placed = tok.meta["placed"]
        self.spanned += placed.raw.count("\n")  # lines of the paragraph after the picture
        if placed.inner is None and placed.call.name not in embeds.SILENT:
            self.ctx.report.warn(
                self.line,
                "shortcode-in-alt",
                f"shortcode {placed.call.name!r} in a picture's alt text shows nothing there",
            )
        return plain_text(placed)

    def render_footnote_ref(self, tok: Token) -> None:
        number = str(tok.meta.get("id", 0) + 1)
        link = nodes.reference(number, number, refid=note_id(tok.meta))
        self._add(nodes.superscript("", "", link, ids=[note_ref_id(tok.meta)]))

    def render_html_inline(self, tok: Token) -> None:
        content = tok.content
        if content.startswith("<!--"):
            return
        if self.ctx.raw_html == "keep":
            self._add(nodes.raw("", content, format="html"))
            return
        m = _HTML_LINK.match(content)
        if m:
            target = self.link_target(html.unescape(m.group("url")))
            # kept although Hugo drops raw HTML: Jekyll shows it, and it is often the one way
            # to a talk's slides (class: the Hugo oracle's html-links row)
            link = nodes.reference(refuri=target, classes=["talks-html-link"])
            self._open(link if target else nodes.reference(talks_drop=True))
            self.html_link = True
            return
        if re.match(r"</a\s*>", content, re.I) and self.html_link and self.stack:
            self.html_link = False
            self._close()
            return
        self.dropped_html = True

    def render_shortcode(self, tok: Token) -> None:
        placed = tok.meta.get("placed")
        if placed is not None and placed.inner is not None:
            from .pairs import render_pair  # pairs render their text with this class

            node = render_pair(placed, self.ctx, self.line, inline=True, heading=self.heading)
            if node is not None:
                self._add(node)
        else:
            self.render_call(tok.meta["call"])
        if placed is not None:  # one word of the text, however many lines it spans
            self.spanned += placed.raw.count("\n")
            self.line += placed.raw.count("\n")

    def render_call(self, call: Shortcode) -> None:
        node = embeds.render_call(call, self.ctx, self.line, self.ids)
        if node is not None:
            self._add(node)

    def render_shortcode_open(self, tok: Token) -> None:
        self.opened[id(tok.meta["call"])] = self.line
        self._open(embeds.open_inline(tok.meta["call"], self.ctx, self.line))

    def render_shortcode_close(self, tok: Token) -> None:
        if tok.meta.get("unclosed"):
            name = tok.meta["call"].name
            self.ctx.report.warn(
                self.opened.get(id(tok.meta["call"]), self.line),
                "shortcode-unclosed",
                f"'{name}' shortcode is never closed; closed at the end of its paragraph",
            )
        self._close()

    def render_unknown(self, tok: Token) -> None:
        if tok.content:
            self.text.append(tok.content)


def render_markdown_inline(
    text: str, ctx: Context, line: int, ids: set[str] | None = None
) -> list[nodes.Node]:
    """The inline nodes of a line of Markdown (a caption, a template's text)."""
    from .parser import goldmark  # the parser's plugins import nothing of the renderer

    tokens = goldmark().parseInline(text)
    children = tokens[0].children if tokens and tokens[0].children else []
    return InlineRenderer(ctx, ids or set(), line).render(children)
