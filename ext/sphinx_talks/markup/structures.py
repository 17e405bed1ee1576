"""The token kinds of a body that span several tokens: tables, footnotes and paired
shortcodes (a mixin of :class:`~.blocks.BodyRenderer`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from markdown_it.token import Token

from . import embeds
from .elements import note_id, note_ref_id, rule
from .inline import lifted
from .pairs import render_pair

if TYPE_CHECKING:
    from .context import Context


class Structures:
    """Tables, footnotes and shortcodes; relies on the renderer's ``add``/``push``/
    ``pop``/``inline``/``lift`` and ``ctx``/``stack``/``ids``."""

    ctx: Context
    stack: list[nodes.Element]
    ids: set[str]
    add: Any
    push: Any
    pop: Any
    inline: Any

    def render_table_open(self, tokens: list[Token], i: int) -> int:
        """A table: its rows' cells (inline content) read up to ``table_close``."""
        rows: list[tuple[bool, list[list[nodes.Node]]]] = []
        j = i + 1
        while j < len(tokens) and tokens[j].type != "table_close":
            tok = tokens[j]
            if tok.type == "tr_open":
                rows.append((tokens[j - 1].type == "thead_open", []))
            elif tok.type == "inline" and rows:
                rows[-1][1].append(self.inline(tok))
            j += 1
        width = max((len(cells) for _, cells in rows), default=0)
        if not width:
            return j
        group = nodes.tgroup(cols=width)
        group += [nodes.colspec(colwidth=1) for _ in range(width)]
        head, body = nodes.thead(), nodes.tbody()
        for is_head, cells in rows:
            row = nodes.row()
            for cell in cells + [[] for _ in range(width - len(cells))]:
                row += nodes.entry("", *(lifted(cell) or [nodes.paragraph()]))
            (head if is_head else body).append(row)
        if head.children:
            group += head
        group += body
        self.add(nodes.table("", group))
        return j

    def render_footnote_block_open(self, tokens: list[Token], i: int) -> int:
        box = nodes.container(classes=["footnotes"])
        self.push(box, tokens[i])
        self.add(rule())
        self.push(nodes.enumerated_list(enumtype="arabic", prefix="", suffix="."), tokens[i])
        return i

    def render_footnote_block_close(self, tokens: list[Token], i: int) -> int:
        self.pop(tokens, i)
        self.pop(tokens, i)
        return i

    def render_footnote_open(self, tokens: list[Token], i: int) -> int:
        self.push(nodes.list_item(ids=[note_id(tokens[i].meta)]), tokens[i])
        return i

    def render_footnote_close(self, tokens: list[Token], i: int) -> int:
        self.pop(tokens, i)
        return i

    def render_footnote_anchor(self, tokens: list[Token], i: int) -> int:
        item = self.stack[-1] if self.stack else None
        last = item.children[-1] if item is not None and item.children else None
        back = nodes.reference(
            "\u21a9\ufe0e", "\u21a9\ufe0e", refid=note_ref_id(tokens[i].meta), classes=["footnote-backref"]
        )
        if isinstance(last, nodes.paragraph):
            last += [nodes.Text(" "), back]
        elif item is not None:  # a player or a list last: the way back below it
            item += nodes.paragraph("", "", back)
        return i

    def render_body_notes(self, tokens: list[Token], i: int) -> int:
        report_notes(tokens[i], self.ctx)
        return i

    def render_shortcode(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        placed = tok.meta.get("placed")
        if placed is not None and placed.inner is not None:
            node = render_pair(placed, self.ctx, self.ctx.line(tok.map), inline=False)
        else:
            node = embeds.render_call(tok.meta["call"], self.ctx, self.ctx.line(tok.map), self.ids)
        if node is not None:
            self.lift([node])
        return i

    def render_shortcode_open(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        node = embeds.open_block(tok.meta["call"], self.ctx, self.ctx.line(tok.map))
        if node.get("talks_drop"):
            return end_of(tokens, i)
        if isinstance(node, nodes.paragraph):  # a button: the text inside is its label
            end = end_of(tokens, i)
            label = [self.inline(t) for t in tokens[i + 1 : end] if t.type == "inline"]
            node[0] += [child for nodes_ in label for child in nodes_]
            self.add(node)
            return end
        self.push(node, tok)
        return i

    def render_shortcode_close(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        if tok.meta.get("unclosed"):
            call = tok.meta["call"]
            self.ctx.report.warn(
                self.ctx.line(tok.map),
                "shortcode-unclosed",
                f"'{call.name}' shortcode is never closed; closed at the end of its part of the page",
            )
        self.pop(tokens, i)
        return i


def report_notes(token: Token, ctx: Context) -> None:
    """Report a ``body_notes`` token's findings (see :func:`.parser._notes`)."""
    for label, line in token.meta["duplicates"]:
        ctx.report.info(
            ctx.first_line + line,
            "duplicate-reference",
            f"link reference [{label}] is defined again; the first one is used (as CommonMark does)",
        )
    for label, line in token.meta["unused"]:
        ctx.report.info(
            ctx.first_line + line,
            "footnote-unused",
            f"footnote [^{label}] is never referred to; left out (as Hugo does)",
        )
    for label, line in token.meta["missing"]:
        ctx.report.warn(ctx.first_line + line, "footnote-missing", f"footnote [^{label}] has no definition")


def end_of(tokens: list[Token], i: int) -> int:
    """The index of the token closing the block that ``tokens[i]`` opens (``i`` itself
    for a token that opens nothing)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
