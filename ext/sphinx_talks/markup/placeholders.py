"""``{{< >}}`` calls as Hugo reads them: before Markdown, each call, or each pair with
everything it encloses, is replaced by one word (Hugo's ``HAHAHUGOSHORTCODE-s0-HBHB``),
so that it continues a paragraph, a table row, a term or a footnote as any word does.
After Goldmark, Hugo puts each shortcode's output in its place and takes off the
``<p>`` around a placeholder alone in its paragraph.

:func:`protect` makes the text markdown-it reads; :func:`placeholders_rule` (a core
rule right after inline parsing) turns placeholders into ``shortcode`` tokens: a block
one where a paragraph holds nothing but the placeholder, else an inline one.  A pair's
token keeps the text it encloses (``meta["placed"].inner``), read as Markdown of its own
by the renderer (:mod:`.pairs`), as Hugo's ``.Inner | .Page.RenderString`` does.  Code
and raw HTML get their calls back as written; every token's ``map`` counts the body's
lines.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .calls import MAX_OPEN, Shortcode, lex


@dataclass
class Placed:
    """A ``{{< >}}`` call (or pair) read before Markdown.  ``raw`` is its text as written
    (a pair's from the opening call to the end of the closing one); ``inner`` the text a
    pair encloses (None for a single call); ``inner_line`` the 0-based line of the body
    where ``inner`` starts."""

    call: Shortcode
    raw: str
    inner: str | None = None
    inner_line: int = 0


@dataclass
class Protected:
    """A body with its ``{{< >}}`` calls replaced by placeholders (see :func:`protect`).

    ``text`` is what markdown-it reads; ``placed[n]`` the call of placeholder ``n``;
    ``pattern`` finds placeholders (group 1: ``n``); ``lines`` the 0-based line of
    ``text`` of each placeholder spanning several lines and ``removed`` the line breaks
    left out up to and including it (cumulative)."""

    text: str
    placed: list[Placed] = field(default_factory=list)
    pattern: re.Pattern[str] = re.compile(r"(?!)")
    lines: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    def source_line(self, line: int) -> int:
        """The 0-based line of the body of line ``line`` of :attr:`text`."""
        k = bisect_left(self.lines, line)  # placeholders on earlier lines
        return line + (self.removed[k - 1] if k else 0)

    def restore(self, text: str) -> str:
        """``text`` (a piece of :attr:`text`) with every placeholder put back as written."""
        if not self.placed or "SC" not in text:
            return text
        return self.pattern.sub(lambda m: self.placed[int(m.group(1))].raw, text)


def protect(text: str) -> Protected:
    """``text`` with each ``{{< >}}`` call, and each pair with what it encloses, replaced by
    one placeholder word (see the module).  A call pairs with the nearest later closing
    call of its name (at most :data:`MAX_OPEN` waiting at once); calls inside a pair are
    the pair's.  Linear in ``text``; never raises."""
    calls = [c for c in lex(text) if isinstance(c, Shortcode) and not c.escaped and not c.markdown]
    if not calls:
        return Protected(text)
    # a prefix the text does not hold: one Q more than its longest run after TALKSSC
    runs = [len(m.group(1)) for m in re.finditer(r"TALKSSC(Q*)", text)]
    prefix = "TALKSSC" + "Q" * (max(runs) + 1) if runs else "TALKSSC"
    closes: dict[int, int] = {}
    waiting: list[int] = []
    for i, call in enumerate(calls):
        if not call.closing:
            if len(waiting) < MAX_OPEN:
                waiting.append(i)
            continue
        for k in range(len(waiting) - 1, -1, -1):
            if calls[waiting[k]].name == call.name:
                closes[waiting[k]] = i
                del waiting[k:]
                break
    out = Protected("", pattern=re.compile(re.escape(prefix) + r"(\d+)SC"))
    pieces: list[str] = []
    pos = line = source = 0  # offset in text; lines of the new text and of text so far
    removed: list[int] = []
    i = 0
    while i < len(calls):
        call = calls[i]
        end, inner, next_i = call.offset + len(call.raw), None, i + 1
        if i in closes:
            closing = calls[closes[i]]
            inner, end, next_i = text[end : closing.offset], closing.offset + len(closing.raw), closes[i] + 1
        before = text[pos : call.offset]
        line += before.count("\n")
        source += before.count("\n")
        raw = text[call.offset : end]
        breaks = raw.count("\n")
        inner_line = source + call.raw.count("\n")
        pieces += [before, f"{prefix}{len(out.placed)}SC"]
        out.placed.append(Placed(call, raw, inner, inner_line))
        if breaks:
            out.lines.append(line)
            removed.append(breaks)
        source += breaks
        pos = end
        while next_i < len(calls) and calls[next_i].offset < end:
            next_i += 1
        i = next_i
    pieces.append(text[pos:])
    out.text = "".join(pieces)
    out.removed = list(accumulate(removed))
    return out


def _source_map(prot: Protected, tok: Token) -> None:
    if tok.map:
        tok.map = [prot.source_line(tok.map[0]), prot.source_line(tok.map[1])]


def _placed_token(prot: Protected, n: int, template: Token | None = None) -> Token:
    token = Token("shortcode", "", 0)
    placed = prot.placed[n]
    token.meta = {"call": placed.call, "placed": placed}
    token.markup = placed.raw
    if template is not None:
        token.block, token.level, token.map = True, template.level, template.map
    return token


def _split_text(prot: Protected, tok: Token) -> list[Token]:
    """A text token as text and ``shortcode`` tokens at its placeholders."""
    out: list[Token] = []
    pos = 0
    for m in prot.pattern.finditer(tok.content):
        if m.start() > pos:
            out.append(Token("text", "", 0, content=tok.content[pos : m.start()], level=tok.level))
        out.append(_placed_token(prot, int(m.group(1))))
        pos = m.end()
    if not out:
        return [tok]
    if pos < len(tok.content):
        out.append(Token("text", "", 0, content=tok.content[pos:], level=tok.level))
    return out


def _unescape_placeholders(prot: Protected, children: list[Token]) -> None:
    """Give back the first letter of a placeholder written after a backslash: markdown-it
    reads ``\\T`` as one escape token (the backslash kept, ``T`` being no punctuation),
    which left the rest of the placeholder word unfound; Goldmark leaves the word whole."""
    for k in range(len(children) - 1):
        escape, text = children[k], children[k + 1]
        if escape.type == "text_special" and len(escape.content) == 2 and text.type == "text":
            if prot.pattern.match(escape.content[1] + text.content):
                text.content = escape.content[1] + text.content
                escape.content = escape.content[0]


def _inline_placeholders(prot: Protected, children: list[Token]) -> list[Token]:
    _unescape_placeholders(prot, children)
    out: list[Token] = []
    for child in children:
        if child.type == "text":
            out += _split_text(prot, child)
            continue
        child.content = prot.restore(child.content)
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            m = prot.pattern.fullmatch(href)
            if m and prot.placed[int(m.group(1))].call.name in ("ref", "relref"):
                child.attrSet("href", "")
                child.meta = {**child.meta, "ref": prot.placed[int(m.group(1))].call}
            else:
                child.attrSet("href", prot.restore(href))
        elif child.type == "image":  # its alt text's calls are tokens, as in any text
            child.attrSet("src", prot.restore(str(child.attrGet("src") or "")))
            child.children = _inline_placeholders(prot, child.children or [])
        out.append(child)
    return out


def _lone(prot: Protected, tokens: list[Token], i: int) -> int | None:
    """The placeholder a paragraph at ``tokens[i]`` holds and nothing else, or None."""
    if tokens[i].type != "paragraph_open" or i + 2 >= len(tokens):
        return None
    m = prot.pattern.fullmatch(tokens[i + 1].content.strip())
    return int(m.group(1)) if m else None


def placeholders_rule(state: StateCore) -> None:
    """Placeholders become ``shortcode`` tokens (block ones where a paragraph holds only
    the placeholder), the text of code and raw HTML gets its calls back as written, and
    every token's ``map`` counts the body's lines."""
    prot: Protected | None = state.env.get("protected")
    if prot is None or not prot.placed:
        return
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        _source_map(prot, tok)
        n = _lone(prot, tokens, i)
        if n is not None:
            out.append(_placed_token(prot, n, tok))
            i += 3
            continue
        if tok.type == "inline":
            tok.children = _inline_placeholders(prot, tok.children or [])
        elif tok.attrs:  # a heading's written {#id .class}: its calls as written
            tok.attrs = {k: prot.restore(v) if isinstance(v, str) else v for k, v in tok.attrs.items()}
        tok.content = prot.restore(tok.content)
        out.append(tok)
        i += 1
    tokens[:] = out
