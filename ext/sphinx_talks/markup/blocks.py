"""Block tokens → docutils nodes: one method per token kind, as MyST's renderer does.

Headings become sections nested by the stack rule (:class:`~.headings.Stack`), each with
Hugo's id; a heading inside a quote, list or disclosure is a rubric.  Lists, quotes,
tables, definition lists, footnotes, code (fences highlighted by their language when
Pygments knows it), rules, raw HTML (:mod:`.html`) and shortcodes (:mod:`.embeds`).
Blocks nested deeper than :data:`MAX_DEPTH` are shown at that depth, with a warning.
Token indexes in ``ctx.skip`` (shown elsewhere: bios on speaker cards, header links) are
left out with their content.
"""

from __future__ import annotations

from docutils import nodes
from markdown_it.token import Token
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from . import embeds
from .calls import lex
from .context import Context
from .elements import details, rule
from .headings import Stack
from .html import render_html_block
from .inline import MAX_CHILDREN, InlineRenderer, block_level, lifted
from .structures import Structures, end_of

#: Deepest nesting of containers (lists, quotes, disclosures) shown as such.
MAX_DEPTH = 16


def fence_language(info: str) -> str:
    """A fence's language as Pygments names it, ``""`` for none, ``"text"`` when unknown."""
    words = info.replace("{", " ").replace("}", " ").replace(",", " ").split()
    if not words:
        return ""
    try:
        get_lexer_by_name(words[0])
    except ClassNotFound:
        return "text"
    return words[0]


def _grouped(children: list[nodes.Node]) -> list[nodes.Node]:
    """``children`` with runs of body elements grouped in containers of at most
    :data:`~.inline.MAX_CHILDREN`, in as many levels as needed; titles and sections stay."""
    while len(children) > MAX_CHILDREN:
        out: list[nodes.Node] = []
        run: list[nodes.Node] = []
        for child in [*children, None]:
            if child is None or isinstance(child, (nodes.title, nodes.section)) or len(run) == MAX_CHILDREN:
                if len(run) > 1:
                    out.append(nodes.container("", *run, classes=["talks-group"]))
                else:
                    out += run
                run = []
            if child is not None:
                (out if isinstance(child, (nodes.title, nodes.section)) else run).append(child)
        if len(out) >= len(children):  # nothing left to group (sections only)
            return out
        children = out
    return children


#: Elements whose body elements may be grouped in a ``div`` (not lists: a ``div`` in a
#: ``ul`` is not HTML).
_GROUPABLE = (nodes.section, nodes.container, nodes.block_quote, nodes.list_item, nodes.definition, details)


def balance_blocks(top: list[nodes.Node]) -> list[nodes.Node]:
    """``top`` with no element of a body (sections, containers, quotes, items) holding
    more than :data:`~.inline.MAX_CHILDREN` body elements in a row: runs are grouped
    (docutils transforms are quadratic in the children of one element); the HTML gains
    ``div`` wrappers only."""
    crowded = [
        element
        for node in top
        if isinstance(node, nodes.Element)
        for element in node.findall(nodes.Element)
        if isinstance(element, _GROUPABLE) and len(element.children) > MAX_CHILDREN
    ]
    for element in crowded:
        kids = _grouped(list(element.children))
        element.children = []
        element.extend(kids)
    return _grouped(top)


class BodyRenderer(Structures):
    """Renders a body's tokens (see the module); :meth:`render` returns the top-level nodes."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.root: list[nodes.Node] = []
        self.stack: list[nodes.Element] = []
        self.sections: list[tuple[int, nodes.section]] = []
        self.depths = Stack()
        self.ids: set[str] = set()
        self.overflow = 0  # containers not opened because too deep, still open
        self.warned_depth = False
        self.top: Token | None = None  # the top-level block being rendered
        self.pending_box: nodes.Node | None = None  # a task list item's checkbox

    def render(self, tokens: list[Token]) -> list[nodes.Node]:
        """The nodes of ``tokens`` (a body parsed by :func:`.parser.parse`)."""
        self.ids = {t.meta["id"] for t in tokens if t.type == "heading_open"}
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if i in self.ctx.skip:
                i = end_of(tokens, i) + 1
                continue
            handler = getattr(self, "render_" + tok.type, None)
            if handler is None:
                i += 1
                continue
            i = (handler(tokens, i) or i) + 1
        return balance_blocks(self.root)

    # -- plumbing --------------------------------------------------------------------------
    def add(self, node: nodes.Node) -> None:
        """Append ``node`` where the text is: the open container, section, or the top."""
        if self.stack:
            self.stack[-1] += node
        elif self.sections:
            self.sections[-1][1].append(node)
        else:
            self.root.append(node)

    def push(self, node: nodes.Element, tok: Token) -> None:
        """Open a container (appended first), unless nesting is already too deep: then
        its content goes where the text is, with one warning per top-level block."""
        if not self.stack:
            self.top, self.warned_depth = tok, False
        if len(self.stack) >= MAX_DEPTH:
            if not self.warned_depth:
                self.warned_depth = True
                self.ctx.report.warn(
                    self.ctx.line(self.top.map),
                    "too-deep",
                    "lists or quotes nested more than eight levels deep are shown at that depth",
                )
            self.overflow += 1
            return
        self.add(node)
        self.stack.append(node)

    def pop(self, tokens: list[Token], i: int) -> None:
        if self.overflow:
            self.overflow -= 1
        elif self.stack:
            self.stack.pop()

    def inline(self, tok: Token, heading: bool = False) -> list[nodes.Node]:
        """The nodes of an ``inline`` token (``heading``: a heading's text)."""
        renderer = InlineRenderer(self.ctx, self.ids, self.ctx.line(tok.map), heading)
        return renderer.render(tok.children or [])

    def lift(self, children: list[nodes.Node], classes: list[str] | None = None) -> None:
        """Add ``children`` as paragraphs, with the block-level ones between them."""
        for node in lifted(children, classes):
            self.add(node)

    # -- blocks ----------------------------------------------------------------------------
    def render_paragraph_open(self, tokens: list[Token], i: int) -> int:
        children = self.inline(tokens[i + 1])
        if self.pending_box is not None:
            children.insert(0, self.pending_box)
            self.pending_box = None
        self.lift(children)
        return i + 1

    def render_heading_open(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        children = self.inline(tokens[i + 1], heading=True)
        buttons = [n for n in children if isinstance(n, nodes.reference) and "talks-button" in n["classes"]]
        after = [n for n in children if block_level(n)]  # a player or disclosure: below the title
        children = [n for n in children if n not in buttons and not block_level(n)]
        title_text = "".join(n.astext() for n in children).strip()
        if self.stack:  # no sections inside a quote or list
            self.add(nodes.rubric("", "", *children, ids=[tok.meta["id"]]))
        else:
            depth = self.depths.depth(int(tok.tag[1]))
            while self.sections and self.sections[-1][0] >= depth:
                self.sections.pop()
            section = nodes.section(ids=[tok.meta["id"]], names=[nodes.fully_normalize_name(title_text)])
            section += nodes.title("", "", *children)
            if self.sections:
                self.sections[-1][1].append(section)
            else:
                self.root.append(section)
            self.sections.append((depth, section))
        if buttons:
            self.add(nodes.paragraph("", "", *buttons, classes=["talks-buttons"]))
        for node in after:
            self.add(node)
        return i + 1

    def render_hr(self, tokens: list[Token], i: int) -> int:
        self.add(rule())
        return i

    def render_code_block(self, tokens: list[Token], i: int) -> int:
        self._code_with_calls(tokens[i], "", 0)
        return i

    def render_fence(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        if tok.meta.get("unclosed") and tok.level == 0:  # in a list or quote it ends with it
            self.ctx.report.warn(
                self.ctx.line(tok.map), "unclosed-fence", "code block is never closed; closed at the end"
            )
        self._code_with_calls(tok, fence_language(tok.info), 1)
        return i

    def _code_with_calls(self, tok: Token, language: str, first: int) -> None:
        """A code block (fenced or indented; its text starts ``first`` lines into its
        map) with the calls in it run, as Hugo runs them: the code around each call
        stays code."""
        code = ""
        pieces = lex(tok.content) if "{{" in tok.content else [tok.content]
        counted = lines = 0  # line breaks of the content before offset ``counted``
        for piece in pieces:
            if isinstance(piece, str):
                code += piece
            elif piece.escaped:
                code += piece.literal
            else:
                lines += tok.content.count("\n", counted, piece.offset)
                counted = piece.offset
                line = self.ctx.line(tok.map, first + lines)
                embeds.in_code(piece, self.ctx, line)
                node = embeds.render_call(piece, self.ctx, line, self.ids)
                if node is None:  # shows nothing: the code goes on around it
                    continue
                if isinstance(node, nodes.Text):
                    code += node.astext()
                    continue
                self._code(code, language)
                code = ""
                self.add(node)
        self._code(code, language)

    def _code(self, code: str, language: str) -> None:
        code = code.rstrip("\n")
        if code.strip():
            block = nodes.literal_block(code, code)
            if language:
                block["language"] = language
            self.add(block)

    def render_html_block(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        for node in render_html_block(tok.content, self.ctx, self.ctx.line(tok.map)):
            self.add(node)
        return i

    def render_bullet_list_open(self, tokens: list[Token], i: int) -> int:
        self.push(nodes.bullet_list(bullet="-"), tokens[i])
        return i

    def render_ordered_list_open(self, tokens: list[Token], i: int) -> int:
        node = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        start = tokens[i].attrGet("start")
        if start is not None and int(start) != 1:
            node["start"] = int(start)
        self.push(node, tokens[i])
        return i

    def render_list_item_open(self, tokens: list[Token], i: int) -> int:
        self.push(nodes.list_item(), tokens[i])
        checked = tokens[i].meta.get("checked")
        if checked is not None:
            box = '<input type="checkbox" disabled=""' + (' checked=""' if checked else "") + " /> "
            self.stack[-1]["classes"].append("task-list-item")
            self.pending_box = nodes.raw("", box, format="html")
        return i

    def render_blockquote_open(self, tokens: list[Token], i: int) -> int:
        self.push(nodes.block_quote(), tokens[i])
        return i

    def render_dl_open(self, tokens: list[Token], i: int) -> int:
        self.push(nodes.definition_list(), tokens[i])
        return i

    def render_dt_open(self, tokens: list[Token], i: int) -> int:
        item = nodes.definition_list_item()
        self.add(item)
        item += nodes.term("", "", *self.inline(tokens[i + 1]))
        return i + 1

    def render_dd_open(self, tokens: list[Token], i: int) -> int:
        parent = self.stack[-1] if self.stack else None
        item = parent.children[-1] if parent is not None and parent.children else None
        definition = nodes.definition()
        if isinstance(item, nodes.definition_list_item):
            item += definition
            self.stack.append(definition)
        else:
            self.push(definition, tokens[i])
        return i

    render_bullet_list_close = render_ordered_list_close = render_list_item_close = pop
    render_blockquote_close = render_dl_close = render_dd_close = pop


def _web_picture(ref: str, line: int) -> str | None:
    from ..myst import safe_url

    return safe_url(ref, {"https", "http"})


def render_fragment(text: str, ctx: Context | None = None) -> list[nodes.Node]:
    """The nodes of a piece of Markdown shown inside another element (a speaker's bio):
    no sections (a heading is a rubric).  Without ``ctx`` nothing is reported: a bio
    from a body was checked when its talk's page was read."""
    from ..diagnostics import Report
    from .parser import parse

    ctx = ctx or Context(report=Report(None), resolve_image=_web_picture)  # type: ignore[arg-type]
    box = nodes.container()
    renderer = BodyRenderer(ctx)
    renderer.stack.append(box)
    renderer.render(parse(text))
    return list(box.children)
