"""Headings as Hugo makes them: attributes, ids, and depth by the stack rule.

* ``## Title {#id .class}``: Goldmark's heading attributes (on by default in Hugo) are
  taken off the title; ``#id`` becomes the heading's id (:func:`heading_attributes`).
* Every other heading gets Hugo's automatic id (``autoHeadingIDType = "github"``,
  :func:`hugo_id`): made unique on the page with ``-1``, ``-2`` … (:func:`heading_ids`).
* A heading nests under the nearest earlier heading of a smaller level, otherwise it is a
  section directly under the page title (:class:`Stack`).
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs


def heading_attributes(state: StateCore) -> None:
    """Core rule (before inline parsing): a trailing ``{…}`` of a heading's text that
    parses as attributes is removed; ``id`` and ``class`` go on the ``heading_open``
    token's attrs."""
    tokens = state.tokens
    for i, tok in enumerate(tokens[:-1]):
        if tok.type != "heading_open" or tokens[i + 1].type != "inline":
            continue
        inline = tokens[i + 1]
        text = inline.content.rstrip()
        if not text.endswith("}"):
            continue
        start = text.rfind("{")
        while start > 0 and text[start - 1] == "\\":
            start = text.rfind("{", 0, start - 1)
        if start < 0:
            continue
        try:
            end, attrs = parse_attrs(text[start:])
        except ParseError:
            continue
        if start + end + 1 != len(text):  # `end` is the index of the closing brace
            continue
        inline.content = text[:start].rstrip()
        for key in ("id", "class"):
            if attrs.get(key):
                tok.attrSet(key, attrs[key])


def hugo_id(text: str) -> str:
    """The id Hugo gives a heading whose plain text is ``text``: lower-cased, spaces and
    ``-`` as ``-``, letters, digits and ``_`` kept (non-ASCII too), everything else
    dropped; ``"heading"`` when nothing is left."""
    out = []
    for c in text:  # not stripped: Goldmark keeps the space before a link it leaves out
        if c in " -":
            out.append("-")
        elif c == "_" or c.isalpha() or c.isdigit():
            out.append(c.lower())
    return "".join(out) or "heading"


def plain_text(inline: Token) -> str:
    """The text of an ``inline`` token: its text and code spans, without markup."""
    return "".join(t.content for t in inline.children or () if t.type in ("text", "code_inline"))


#: Where Goldmark's typographer splits a text (each substitution is a node of its own).
_TYPOGRAPHIC = re.compile(r"'|\"|--|\.\.\.|<<|>>")


def id_text(inline: Token) -> str:
    """A heading's text as Goldmark (Hugo 0.168) reads it for its id: its text, code
    spans, link texts and image alt texts; of an emphasis, only its first text up to the
    first quote, dash or ellipsis the typographer replaces; nothing of a link text written
    in brackets (``[[Paper]](…)``).  Measured with Hugo: ``## _I'm x_ y`` → ``i-y``,
    ``## a [b](…) c`` → ``a-b-c``, ``## M _a_ [[P]](…)`` → ``m-a-``."""
    out: list[str] = []
    links = 0
    emphasis: list[bool] = []  # per open emphasis: whether its first text was taken
    for tok in inline.children or ():
        if tok.type in ("link_open", "link_close"):
            links += 1 if tok.type == "link_open" else -1
        elif tok.type in ("em_open", "strong_open", "s_open"):
            emphasis.append(False)
        elif tok.type in ("em_close", "strong_close", "s_close") and emphasis:
            emphasis.pop()
        elif tok.type == "image":
            out.append("".join(c.content for c in tok.children or ()))
        elif tok.type in ("text", "code_inline"):
            text = tok.content
            if links and text.startswith("[") and text.endswith("]"):
                continue
            if emphasis:
                if emphasis[-1]:
                    continue
                emphasis[-1] = True
                text = _TYPOGRAPHIC.split(text, 1)[0] if tok.type == "text" else text
            out.append(text)
    return "".join(out)


def _last_line(heading: Token, inline: Token) -> Token:
    """The inline token Goldmark's id is read from: a setext heading's last line (its
    ``generateAutoHeadingID`` reads ``node.Lines()``' last; measured with Hugo:
    ``a\\`` ``b`` ``Speakers`` over ``=`` → ``speakers``), an ATX heading's whole text."""
    children = inline.children or []
    breaks = [k for k, c in enumerate(children) if c.type in ("softbreak", "hardbreak")]
    if heading.markup not in ("=", "-") or not breaks:
        return inline
    return Token("inline", "", 0, children=children[breaks[-1] + 1 :])


def heading_ids(state: StateCore) -> None:
    """Core rule (after inline parsing, before the typographer): every ``heading_open``
    gets ``meta["id"]``, its written ``{#id}`` or Hugo's automatic id, unique on the
    page (a repeat gets ``-1``, ``-2`` …, as Goldmark's ids do)."""
    seen: set[str] = set()
    tokens = state.tokens
    for i, tok in enumerate(tokens[:-1]):
        if tok.type != "heading_open":
            continue
        written = tok.attrGet("id")
        if written:
            tok.meta["id"] = str(written)
            seen.add(str(written))
            continue
        base = anchor = hugo_id(id_text(_last_line(tok, tokens[i + 1])))
        n = 0
        while anchor in seen:
            n += 1
            anchor = f"{base}-{n}"
        seen.add(anchor)
        tok.meta["id"] = anchor


class Stack:
    """Depths of headings in order by the stack rule: ``depth(level)`` of each heading
    (0 = a section directly under the page title).  ``###``, ``#####``, ``##``, ``#``
    give 0, 1, 0, 0."""

    def __init__(self) -> None:
        self.levels: list[int] = []

    def depth(self, level: int) -> int:
        """The depth of the next heading, written at ``level`` (1–6)."""
        while self.levels and self.levels[-1] >= level:
            self.levels.pop()
        self.levels.append(level)
        return len(self.levels) - 1
