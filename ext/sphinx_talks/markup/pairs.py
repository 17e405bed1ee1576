"""A ``{{< name >}}…{{< /name >}}`` pair: the element its name makes, holding what it
encloses, read as Markdown of its own (Hugo hands a pair's text to its shortcode, whose
template renders it with ``.Page.RenderString``).

Written alone in its paragraph a pair is a block.  Inside text, a ``button`` is a link
and a pair of another name is inline when what it encloses is one paragraph
(``RenderString`` then leaves out the ``<p>``); a ``details``, or a pair enclosing more,
is a block that the paragraph is split around, as a browser splits a ``<p>`` around a
``<details>`` or ``<div>`` (in a table cell it stays in the cell).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from docutils import nodes

from . import embeds
from .placeholders import Placed

if TYPE_CHECKING:
    from .context import Context

#: Deepest pairs read inside pairs; deeper ones show their text as written.
MAX_INNER = 8


def inner_context(placed: Placed, ctx: Context) -> Context | None:
    """The context the text of ``placed`` is rendered in (its lines counted as the
    body's, nothing skipped), or None, warned, beyond :data:`MAX_INNER` levels."""
    if ctx.depth >= MAX_INNER:
        ctx.report.warn(
            ctx.first_line + placed.inner_line,
            "too-deep",
            f"shortcodes nested more than {MAX_INNER} deep: the innermost text is shown as written",
        )
        return None
    first = ctx.first_line + placed.inner_line
    return dataclasses.replace(ctx, first_line=first, skip=set(), depth=ctx.depth + 1)


def plain_text(placed: Placed, depth: int = 0) -> str:
    """The words a pair encloses as plain text (its Markdown read, the text of pairs in
    it included up to :data:`MAX_INNER` levels; whitespace single), as where only text
    can stand (an image's alt text); ``""`` for a single call."""
    from .parser import parse

    if not placed.inner or depth >= MAX_INNER:
        return ""
    words: list[str] = []
    for tok in parse(placed.inner):
        for child in tok.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif child.type == "shortcode" and child.meta.get("placed") is not None:
                words.append(plain_text(child.meta["placed"], depth + 1))
        words.append(" ")
    return " ".join("".join(words).split())


def render_pair(
    placed: Placed, ctx: Context, line: int, inline: bool, heading: bool = False
) -> nodes.Node | None:
    """The node of a pair (see the module); ``inline``: written inside text;
    ``heading``: inside a heading's text, where Hugo's output stays in the heading, so
    the pair is always inline (a ``details`` as its summary and text).  None when its
    shortcode is mapped to ``drop``."""
    from .blocks import render_fragment
    from .inline import InlineRenderer
    from .parser import parse

    call, text = placed.call, placed.inner or ""
    if embeds.dropped(call, ctx):
        return None
    mapped = embeds.behaviour(call, ctx)[0]
    if call.name == "highlight" and not mapped:  # Hugo's: its text is code
        code = text.strip("\n")
        block = nodes.literal_block(code, code)
        if call.get("lang", 0):
            block["language"] = call.get("lang", 0)
        return block
    if call.name in embeds.SINGLE and not mapped:
        return _closed_single(placed, ctx, line)
    inner = inner_context(placed, ctx)
    tokens = parse(text) if inner is not None else []
    blocks = [t for t in tokens if t.block and t.type != "body_notes"]
    single = len(blocks) == 3 and blocks[0].type == "paragraph_open"
    as_block = call.name == "details" and not mapped and not heading
    if (
        call.name == "button"
        and not mapped
        or inline
        and not as_block
        and (single or inner is None or heading)
    ):
        node = embeds.open_inline(call, ctx, line)
        if inner is None:
            node += nodes.Text(text)
        elif single:
            node += InlineRenderer(inner, set(), inner.line(blocks[1].map)).render(blocks[1].children or [])
        elif blocks:  # several blocks in a heading: their words
            node += nodes.Text(plain_text(placed))
        if call.name == "button" and not mapped and not inline:
            return nodes.paragraph("", "", node, classes=["talks-buttons"])
        return node
    node = embeds.open_block(call, ctx, line)
    if inner is None:
        node += nodes.paragraph(text, text)
    elif blocks:
        node += render_fragment(text, inner)
    return node


def _closed_single(placed: Placed, ctx: Context, line: int) -> nodes.Node:
    """A call that takes no closing call given one (``{{< youtube ID >}}text{{< /youtube >}}``,
    which Hugo refuses): what the call shows, then the text, with a warning."""
    from .blocks import render_fragment

    ctx.report.warn(
        line,
        "shortcode-closed",
        f"'{placed.call.name}' takes no closing call (Hugo refuses the page); "
        "shown, then the text it encloses",
    )
    box = nodes.container()
    node = embeds.render_call(placed.call, ctx, line, set())
    if node is not None:
        box += node if not isinstance(node, nodes.Text) else nodes.paragraph("", "", node)
    inner = inner_context(placed, ctx)
    if inner is not None and (placed.inner or "").strip():
        box += render_fragment(placed.inner or "", inner)
    return box
