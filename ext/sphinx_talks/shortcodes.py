"""Hugo shortcode lexer.

Splits text into plain-text pieces and shortcode calls: ``{{< name args >}}``,
``{{% name args %}}``, closing ``{{< /name >}}`` and the escaped form
``{{</* name args */>}}`` that Hugo shows literally.  Arguments are positional
(``"5PsRbCbpWg8"``) or named (``id="…"``), quoted with ``"``, ``'`` or backticks
or bare.  The lexer is linear in the input and never raises.
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
#: Longest shortcode call considered, in characters.
MAX_CALL = 4000
#: Most shortcode calls read in one text; the rest is left as plain text.
MAX_CALLS = 10_000


@dataclass
class Shortcode:
    """One shortcode call.

    ``name`` is lower-case; ``closing`` is True for ``{{< /name >}}``; ``escaped``
    is True for ``{{</* … */>}}`` (``literal`` is then the text Hugo shows);
    ``args`` are positional values, ``kwargs`` named ones; ``offset`` is the
    character offset of ``{{`` in the lexed text; ``raw`` is the call as written.
    """

    name: str
    raw: str
    offset: int
    args: list[str] = field(default_factory=list)
    kwargs: dict[str, str] = field(default_factory=dict)
    closing: bool = False
    escaped: bool = False
    literal: str = ""

    def render(self) -> str:
        """The call written back as Hugo shortcode text (values double-quoted)."""
        quote = lambda value: '"' + value.replace('"', '\\"') + '"'  # noqa: E731
        parts = [("/" if self.closing else "") + self.name]
        parts += [quote(a) for a in self.args]
        parts += [f"{k}={quote(v)}" for k, v in self.kwargs.items()]
        return "{{< " + " ".join(parts) + " >}}"

    def get(self, key: str, position: int | None = None, default: str = "") -> str:
        """Named argument ``key``, else positional ``position``, else ``default``."""
        if key in self.kwargs:
            return self.kwargs[key]
        if position is not None and position < len(self.args):
            return self.args[position]
        return default


def lex(text: str) -> list[str | Shortcode]:
    """Split ``text`` into a list of plain strings and :class:`Shortcode` calls.

    After :data:`MAX_CALLS` calls the rest of ``text`` is one plain string (see
    :func:`too_many`)."""
    out: list[str | Shortcode] = []
    pos = 0
    calls = 0
    for m in _OPEN.finditer(text):
        if calls >= MAX_CALLS:
            break
        start = m.start()
        if start < pos:
            continue
        delim = m.group(1)
        escaped = bool(m.group(2))
        close = ("*/" if escaped else "") + (">" if delim == "<" else "%") + "}}"
        end = text.find(close, m.end(), m.end() + MAX_CALL)
        if end < 0:
            continue
        inner = text[m.end() : end].strip()
        call = _parse_call(inner, text[start : end + len(close)], start)
        if call is None:
            continue
        if escaped:
            call.escaped = True
            closer = ">" if delim == "<" else "%"
            call.literal = "{{" + delim + " " + inner + " " + closer + "}}"
        if start > pos:
            out.append(text[pos:start])
        out.append(call)
        calls += 1
        pos = end + len(close)
    if pos < len(text):
        out.append(text[pos:])
    return out


def _parse_call(inner: str, raw: str, offset: int) -> Shortcode | None:
    closing = inner.startswith("/")
    if closing:
        inner = inner[1:].strip()
    m = re.match(r"[A-Za-z_][\w./-]*", inner)
    if not m:
        return None
    call = Shortcode(name=m.group(0).lower(), raw=raw, offset=offset, closing=closing)
    rest = inner[m.end() :]
    pos = 0
    while pos < len(rest):
        if not rest[pos:].strip():
            break
        am = _ARG.match(rest, pos)
        if not am or am.end() == pos:
            break
        value = next(
            v for v in (am.group("dq"), am.group("sq"), am.group("bq"), am.group("bare")) if v is not None
        )
        if am.group("dq") is not None:
            value = value.replace('\\"', '"')
        if am.group("key"):
            call.kwargs[am.group("key").lower()] = value
        else:
            call.args.append(value)
        pos = am.end()
    return call
