"""Hugo shortcodes as markdown-it tokens (the ``shortcode_plugin``).

Hugo reads calls before Markdown, in two ways, and so does the parser:

* a ``{{< >}}`` call, or a pair of them with the text it encloses, is a placeholder word
  in the text Goldmark reads (:mod:`.placeholders`);
* a ``{{% %}}`` call's output is Markdown of the page: alone on its lines, where a block
  may start, it is a block ``shortcode`` token, inside text an inline one, and a call and
  its closing call at the same nesting become ``shortcode_open``/``shortcode_close`` around
  what lies between; a ``details`` never closed is closed at the end of its container
  (``meta["unclosed"]``);
* an escaped call is text; a closing call without an opening one is a ``shortcode`` token
  with ``call.closing`` set.

Each token's ``meta["call"]`` is the :class:`~.calls.Shortcode`.  Calls in code spans and
fences are expanded by the renderer, which finds them with :func:`~.calls.lex`.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .calls import MAX_OPEN, Shortcode, lex, match
from .placeholders import placeholders_rule

#: Shortcodes Hugo requires to be closed: one left open is closed at the end of its container.
MUST_CLOSE = frozenset({"details"})


_CLOSING = re.compile(r"\{\{[<%]\s*/\s*([A-Za-z_][\w./-]*)")


def _closed_names(state: StateBlock) -> frozenset[str]:
    """The names of the calls the body closes somewhere (lower-case; read once per parse)."""
    names = state.env.get("shortcodes_closed")
    if names is None:
        names = frozenset(m.group(1).lower() for m in _CLOSING.finditer(state.src))
        state.env["shortcodes_closed"] = names
    return names


def _opened_here(state: StateBlock, line: int, call: Shortcode) -> bool:
    """Whether the paragraph being read (from ``state.line`` up to ``line``) opens a
    call of ``call``'s name."""
    text = state.src[state.bMarks[state.line] : state.bMarks[line]]
    return any(m.name == call.name and not m.closing for m in lex(text) if isinstance(m, Shortcode))


def _block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A call alone on its line(s) where a block may start.  As in Hugo, where a call is
    a placeholder in the text, a self-contained call on the line after a paragraph's
    continues that paragraph (it is an inline call there); a closing call, or an opening
    one of a pair, ends it (Hugo renders a pair's inner text on its own)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith(("{{<", "{{%"), pos):
        return False
    call = match(state.src, pos)
    if call is None or call.escaped:
        return False
    stop = pos + len(call.raw)
    last = start
    while last < end and state.eMarks[last] < stop:
        last += 1
    if last >= end or state.src[stop : state.eMarks[last]].strip():
        return False  # text follows the call on its line: a paragraph's
    paired = call.closing or call.name in _closed_names(state)
    if silent:  # asked whether the call ends the paragraph (or list item) above it
        if state.sCount[start] < state.blkIndent and not (
            call.closing and not _opened_here(state, start, call)
        ):
            # a call on a line a list item or quote takes lazily: Hugo's text goes on there
            # (but a closing call whose opening call is not in this paragraph ends it: the
            # pair encloses the list)
            return False
        return paired
    if not paired and last + 1 < end and not state.isEmpty(last + 1):
        return False  # text right below a call: in Hugo a paragraph that starts with the call
    token = state.push("shortcode", "", 0)
    token.block = True
    token.map = [start, last + 1]
    token.meta = {"call": call}
    token.markup = call.raw
    state.line = last + 1
    return True


def _closing_line_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Asked by a table or quote whether a line ends it: a line holding only a closing
    ``{{% /name %}}`` call does (Hugo puts the pair's output, which ends with the line
    break before the call, in place of the pair: the line becomes blank).  Reads nothing
    itself (the block rule reads the call)."""
    if not silent or state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]].strip()
    if not line.startswith("{{%"):
        return False
    call = match(line, 0)
    return call is not None and call.closing and not call.escaped and len(call.raw) == len(line)


def _inline_rule(state: StateInline, silent: bool) -> bool:
    """A call inside text; an escaped call is its literal text.  A backslash before a
    call stays a backslash (Hugo runs the call before Goldmark reads the text, so it
    escapes nothing of the call; markdown-it's escape rule would take the ``{``)."""
    backslash = state.src.startswith("\\{{", state.pos)
    if not state.src.startswith(("{{<", "{{%"), state.pos + backslash):
        return False
    # one memo of call ends per inline text (see calls._close)
    memo = state.env.setdefault("call_memos", {}).setdefault(id(state.src), ({}, state.src))[0]
    call = match(state.src, state.pos + backslash, state.posMax, memo)
    if call is None:
        return False
    if not silent:
        if backslash:
            state.pending += "\\"
        if call.escaped:
            state.pending += call.literal
        else:
            token = state.push("shortcode", "", 0)
            token.meta = {"call": call}
            token.markup = call.raw
    state.pos += backslash + len(call.raw)
    return True


def _ref_link_rule(state: StateInline, silent: bool) -> bool:
    """``[text]({{< ref "page.md" >}})``: a link whose destination is a ``ref``/``relref``
    call (Hugo runs the call before Markdown).  The ``link_open`` token's
    ``meta["ref"]`` is the call."""
    if state.src[state.pos] != "[":
        return False
    end = parseLinkLabel(state, state.pos, True)
    pos = end + 1
    if end < 0 or pos >= state.posMax or state.src[pos] != "(":
        return False
    pos += 1
    while pos < state.posMax and state.src[pos] in " \t\n":
        pos += 1
    call = match(state.src, pos, state.posMax)
    if call is None or call.escaped or call.name not in ("ref", "relref"):
        return False
    pos += len(call.raw)
    while pos < state.posMax and state.src[pos] in " \t\n":
        pos += 1
    if pos >= state.posMax or state.src[pos] != ")":
        return False
    if not silent:
        start, limit = state.pos, state.posMax
        state.pos, state.posMax = start + 1, end
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": ""}
        token.meta = {"ref": call}
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
        state.posMax = limit
    state.pos = pos + 1
    return True


def _pair(tokens: list[Token]) -> list[Token]:
    """Pair opening and closing calls of one token list at equal ``level``; returns the
    list with synthetic closings added for :data:`MUST_CLOSE` names left open."""
    open_calls: list[int] = []  # indexes of not yet closed calls, innermost last
    added: list[tuple[int, Token]] = []
    for i, tok in enumerate(tokens):
        if tok.nesting == -1 and tok.type != "shortcode_close":
            _close_left_open(tokens, open_calls, tok.level, i, added)
        if tok.type != "shortcode" or "placed" in tok.meta:
            continue
        call: Shortcode = tok.meta["call"]
        if not call.closing:
            if len(open_calls) < MAX_OPEN:
                open_calls.append(i)
            continue
        for k in range(len(open_calls) - 1, -1, -1):
            opener = tokens[open_calls[k]]
            if opener.meta["call"].name == call.name and opener.level == tok.level:
                opener.type, opener.nesting = "shortcode_open", 1
                tok.type, tok.nesting = "shortcode_close", -1
                for inner in tokens[open_calls[k] + 1 : i]:
                    inner.level += 1
                del open_calls[k:]
                break
    _close_left_open(tokens, open_calls, -1, len(tokens), added)
    for at, token in reversed(added):
        tokens.insert(at, token)
    return tokens


def _close_left_open(tokens: list[Token], open_calls: list[int], level: int, at: int, added: list) -> None:
    """Close the :data:`MUST_CLOSE` calls opened deeper than ``level`` before index ``at``."""
    while open_calls and tokens[open_calls[-1]].level > level:
        index = open_calls.pop()
        opener = tokens[index]
        if opener.meta["call"].name not in MUST_CLOSE:
            continue
        opener.type, opener.nesting = "shortcode_open", 1
        for inner in tokens[index + 1 : at]:
            inner.level += 1
        closer = Token("shortcode_close", "", -1, level=opener.level, block=opener.block, map=opener.map)
        closer.meta = {"call": opener.meta["call"], "unclosed": True}
        added.append((at, closer))


def _pair_rule(state: StateCore) -> None:
    state.tokens[:] = _pair(state.tokens)
    for tok in state.tokens:
        if tok.type == "inline" and tok.children and any(c.type == "shortcode" for c in tok.children):
            tok.children = _pair(tok.children)


def shortcode_plugin(md: MarkdownIt) -> None:
    """Read Hugo shortcodes: block and inline rules, and their pairing (see the module)."""
    # a call alone on a line ends the paragraph before it (the closing call of a
    # `{{% callout %}}` pair written right after its text, an embed after a line of text)
    md.block.ruler.before("paragraph", "shortcode", _block_rule, {"alt": ["paragraph"]})
    md.block.ruler.before("shortcode", "shortcode_closing_line", _closing_line_rule, {"alt": ["blockquote"]})
    md.inline.ruler.before("text", "shortcode", _inline_rule)
    md.inline.ruler.before("link", "shortcode_link", _ref_link_rule)
    md.core.ruler.after("inline", "shortcode_placeholders", placeholders_rule)
    md.core.ruler.push("shortcode_pairs", _pair_rule)
