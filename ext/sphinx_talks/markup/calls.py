"""Hugo shortcode calls as written: ``{{< name args >}}``, ``{{% name args %}}``, closing
calls ``{{< /name >}}`` and the escaped form ``{{</* name args */>}}`` (shown literally).

Arguments are positional (``"5PsRbCbpWg8"``) or named (``id="…"``), quoted with ``"``,
``'`` or backticks, or bare.  :func:`match` reads the call at a position, :func:`lex`
splits a text into text and calls.  How the calls become tokens is
:mod:`.placeholders` (``{{< >}}``) and :mod:`.shortcodes` (``{{% %}}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPEN = re.compile(r"\{\{(<|%)(/\*)?")
_ARG = re.compile(
    r"""\s*(?:(?P<key>[A-Za-z_][\w-]*)\s*=\s*)?"""
    r"""(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`]+))""",
    re.S,
)
_NAME = re.compile(r"[A-Za-z_][\w./-]*")
#: What may follow ``{{<`` in a call: white space, a ``/`` (closing), then a name.
_STARTS_NAME = re.compile(r"\s*/?\s*[A-Za-z_]")
#: The end of a call, by its closing delimiter: the first one outside a ``"`` or
#: backtick quoted argument (Hugo's lexer reads a quoted argument whole, ``>}}`` in it
#: included).
_CLOSE = {
    close: re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|(?P<close>' + re.escape(close) + ")", re.S)
    for close in (">}}", "%}}", "*/>}}", "*/%}}")
}
#: Longest shortcode call considered, in characters.
MAX_CALL = 4000
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


def match(text: str, pos: int, end: int | None = None, memo: dict | None = None) -> Shortcode | None:
    """The call starting exactly at ``text[pos]`` (``{{<`` or ``{{%``) and ending before
    ``end`` (default: the end of ``text``), or None.  ``raw`` spans the whole call."""
    m = _OPEN.match(text, pos)
    if m is None or not _STARTS_NAME.match(text, m.end()):  # no name: never a call
        return None
    end = len(text) if end is None else end
    escaped = bool(m.group(2))
    delim = m.group(1)
    close = ("*/" if escaped else "") + (">" if delim == "<" else "%") + "}}"
    stop = _close(text, close, m.end(), min(end, m.end() + MAX_CALL), memo)
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


def _close(text: str, close: str, start: int, end: int, memo: dict | None = None) -> int:
    """The offset of the delimiter ``close`` ending a call whose arguments start at
    ``start``, before ``end``: the first outside quotes, else (a quote left open, which
    Hugo refuses) the first; -1 when there is none.

    Linear over a text's calls with ``memo`` (one dict per text, see :func:`lex`): where
    a scan outside quotes passed, the next unquoted delimiter is the one it found, so a
    later call's scan stops there (openers of alternating quote parity each scanned
    their whole window: minutes for a hostile 5 MiB body)."""
    first = text.find(close, start, end)
    if first < 0 or ('"' not in text[start:first] and "`" not in text[start:first]):
        return first
    pattern = _CLOSE[close]
    pos, seen, found = start, [], None  # found: the next delimiter outside quotes
    while True:
        known = memo.get((close, pos)) if memo is not None else None
        if known is not None:
            found, resume, upto = known
            if found is not None or end <= upto:
                break
            pos = resume  # scanned before up to ``upto`` without one: go on from there
        m = pattern.search(text, pos, end)
        if m is None:
            break
        seen.append(pos)
        if m.group("close") is not None:
            found = m.start()
            break
        pos = m.end()
    if memo is not None:
        for p in seen:  # the same answer from every position the scan passed outside quotes
            memo[(close, p)] = (found, pos, end)
    return found if found is not None and found < end else first  # else: a quote left open


def lex(text: str) -> list[str | Shortcode]:
    """Split ``text`` (code, where calls are not tokens) into plain strings and calls,
    in order.  Linear in ``text``; never raises."""
    out: list[str | Shortcode] = []
    pos = 0
    memo: dict = {}
    for m in _OPEN.finditer(text):
        if m.start() < pos:
            continue
        call = match(text, m.start(), memo=memo)
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
