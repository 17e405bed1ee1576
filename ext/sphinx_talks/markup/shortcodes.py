"""Hugo shortcodes as markdown-it tokens.

Hugo reads ``{{< name args >}}`` and ``{{% name args %}}`` calls, closing calls
``{{< /name >}}`` and the escaped form ``{{</* name args */>}}`` (shown literally)
before Markdown.  Here they are read by the parser:

* a call alone on its lines, where a block may start, is a block ``shortcode`` token;
* a call inside text is an inline ``shortcode`` token; an escaped one is text;
* a call and its closing call at the same nesting (the same container of blocks, or the
  same paragraph) become ``shortcode_open``/``shortcode_close`` around what lies between
  (Markdown, as Hugo renders a ``{{% %}}`` pair's inner text); a ``details`` never closed is
  closed at the end of its container (``meta["unclosed"]``), a closing call without an
  opening one stays a ``shortcode`` token with ``call.closing`` set.

Each token's ``meta["call"]`` is the :class:`Shortcode`.  Arguments are positional
(``"5PsRbCbpWg8"``) or named (``id="…"``), quoted with ``"``, ``'`` or backticks, or bare.
Calls in code spans and fences are not tokens: the renderer finds them with :func:`lex`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

_OPEN = re.compile(r"\{\{(<|%)(/\*)?")
_ARG = re.compile(
    r"""\s*(?:(?P<key>[A-Za-z_][\w-]*)\s*=\s*)?"""
    r"""(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`]+))""",
    re.S,
)
_NAME = re.compile(r"[A-Za-z_][\w./-]*")
#: Longest shortcode call considered, in characters.
MAX_CALL = 4000
#: Shortcodes Hugo requires to be closed: one left open is closed at the end of its container.
MUST_CLOSE = frozenset({"details"})
#: Most calls waiting for their closing call at once; a call opened beyond them stays a
#: call of its own (pairing stays linear in the body: each pair touches what it encloses).
MAX_OPEN = 32


@dataclass
class Shortcode:
    """One shortcode call.

    ``name`` is lower-case; ``closing`` is True for ``{{< /name >}}``; ``escaped`` is
    True for ``{{</* … */>}}`` (``literal`` is then the text Hugo shows); ``markdown`` is
    True for the ``{{% %}}`` form; ``args`` are positional values, ``kwargs`` named ones
    (keys lower-case); ``offset`` is the character offset of ``{{`` in the lexed text;
    ``raw`` is the call as written.
    """

    name: str
    raw: str
    offset: int
    args: list[str] = field(default_factory=list)
    kwargs: dict[str, str] = field(default_factory=dict)
    closing: bool = False
    escaped: bool = False
    markdown: bool = False
    literal: str = ""

    def get(self, key: str, position: int | None = None, default: str = "") -> str:
        """Named argument ``key``, else positional ``position``, else ``default``."""
        if key in self.kwargs:
            return self.kwargs[key]
        if position is not None and position < len(self.args):
            return self.args[position]
        return default

    def parameters(self) -> dict[str, str]:
        """Every argument by name: the named ones, and the positional ones as ``"0"``, ``"1"`` …"""
        return {**{str(i): value for i, value in enumerate(self.args)}, **self.kwargs}


def match(text: str, pos: int, end: int | None = None) -> Shortcode | None:
    """The call starting exactly at ``text[pos]`` (``{{<`` or ``{{%``) and ending before
    ``end`` (default: the end of ``text``), or None.  ``raw`` spans the whole call."""
    m = _OPEN.match(text, pos)
    if m is None:
        return None
    end = len(text) if end is None else end
    escaped = bool(m.group(2))
    delim = m.group(1)
    close = ("*/" if escaped else "") + (">" if delim == "<" else "%") + "}}"
    stop = text.find(close, m.end(), min(end, m.end() + MAX_CALL))
    if stop < 0:
        return None
    inner = text[m.end() : stop].strip()
    call = _parse_call(inner, text[pos : stop + len(close)], pos)
    if call is None:
        return None
    call.markdown = delim == "%"
    if escaped:
        call.escaped = True
        closer = ">" if delim == "<" else "%"
        call.literal = "{{" + delim + " " + inner + " " + closer + "}}"
    return call


def lex(text: str) -> list[str | Shortcode]:
    """Split ``text`` (code, where calls are not tokens) into plain strings and calls,
    in order.  Linear in ``text``; never raises."""
    out: list[str | Shortcode] = []
    pos = 0
    for m in _OPEN.finditer(text):
        if m.start() < pos:
            continue
        call = match(text, m.start())
        if call is None:
            continue
        if m.start() > pos:
            out.append(text[pos : m.start()])
        out.append(call)
        pos = m.start() + len(call.raw)
    if pos < len(text):
        out.append(text[pos:])
    return out


def _parse_call(inner: str, raw: str, offset: int) -> Shortcode | None:
    closing = inner.startswith("/")
    if closing:
        inner = inner[1:].strip()
    m = _NAME.match(inner)
    if not m:
        return None
    call = Shortcode(name=m.group(0).lower(), raw=raw, offset=offset, closing=closing)
    rest = inner[m.end() :]
    pos = 0
    while pos < len(rest) and rest[pos:].strip():
        am = _ARG.match(rest, pos)
        if not am or am.end() == pos:
            break
        value = next(v for v in am.group("dq", "sq", "bq", "bare") if v is not None)
        if am.group("dq") is not None:
            value = value.replace('\\"', '"')
        if am.group("key"):
            call.kwargs[am.group("key").lower()] = value
        else:
            call.args.append(value)
        pos = am.end()
    return call


# --- markdown-it rules -------------------------------------------------------------------


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


def _inline_rule(state: StateInline, silent: bool) -> bool:
    """A call inside text; an escaped call is its literal text."""
    if not state.src.startswith(("{{<", "{{%"), state.pos):
        return False
    call = match(state.src, state.pos, state.posMax)
    if call is None:
        return False
    if not silent:
        if call.escaped:
            state.pending += call.literal
        else:
            token = state.push("shortcode", "", 0)
            token.meta = {"call": call}
            token.markup = call.raw
    state.pos += len(call.raw)
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
        if tok.type != "shortcode":
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
    md.inline.ruler.before("text", "shortcode", _inline_rule)
    md.inline.ruler.before("link", "shortcode_link", _ref_link_rule)
    md.core.ruler.push("shortcode_pairs", _pair_rule)
