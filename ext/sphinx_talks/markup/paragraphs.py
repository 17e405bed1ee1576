"""What Goldmark reads in lines that markdown-it's block rules read otherwise (core
rules run after the block rules, on the tokens of the whole body):

* :func:`tables_in_paragraphs`: a table starting among a paragraph's lines;
* :func:`table_ends`: a table's last rows when a line could underline a heading or
  start a definition (Goldmark ends the table there; markdown-it takes any line as a row);
* :func:`terms_in_paragraphs`: every line of a paragraph above ``: definition`` a term;
* :func:`text_after_definitions`: indented lines right below a link reference
  definition are text of a paragraph, not code (CommonMark: the definition is taken
  from the start of a paragraph whose lines go on);
* :func:`joined_lists`: definition lists with nothing between them one list (Goldmark
  goes on with a list after a blank line; lists read again above end where they were read).

Each re-reads the lines in question with the block parser and puts the tokens in place,
their ``map`` counted as the body's.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def _cells(line: str) -> int:
    return len([c for c in line.strip().strip("|").split("|")])


def tables_in_paragraphs(state: StateCore) -> None:
    """Goldmark finds a table among a paragraph's lines (its table extension transforms
    paragraphs): a line of cells followed by a delimiter row with as many cells starts a
    table there, even on lines a list item or quote took in lazily, where markdown-it
    starts no block.  Such a paragraph becomes its lines before the table, then the
    blocks markdown-it reads from the table on (at the paragraph's place and depth)."""
    tokens = state.tokens
    i = 0
    while i + 2 < len(tokens):
        opener, inline = tokens[i], tokens[i + 1]
        if opener.type != "paragraph_open" or "|" not in inline.content or "-" not in inline.content:
            i += 1
            continue
        lines = inline.content.split("\n")
        k = next(
            (
                k
                for k in range(len(lines) - 1)
                if "|" in lines[k]
                and _DELIMITER_ROW.match(lines[k + 1])
                and _cells(lines[k]) == _cells(lines[k + 1])
            ),
            None,
        )
        if k is None:
            i += 3
            continue
        found: list[Token] = []
        state.md.block.parse("\n".join(lines[k:]), state.md, state.env, found)
        start = opener.map[0] if opener.map else 0
        for tok in found:
            tok.level += opener.level
            if tok.map:
                tok.map = [tok.map[0] + start + k, tok.map[1] + start + k]
        if k:
            inline.content = "\n".join(lines[:k])
            if opener.map:
                opener.map = inline.map = [start, start + k]
            tokens[i + 3 : i + 3] = found
            i += 3 + len(found)
        else:
            tokens[i : i + 3] = found
            i += len(found)


_DEFINITION = re.compile(r"^ {0,3}:[ \t]+\S")


def _lazy(state: StateCore, opener: Token, lines: list[str], k: int) -> bool:
    """Whether line ``k`` of a paragraph in a list item or quote is one it took lazily
    (written left of the paragraph's first line): Goldmark opens no block there."""
    if not opener.map:
        return False
    source = state.src.split("\n")
    first, line = opener.map[0], opener.map[0] + k
    if line >= len(source):
        return False
    column = source[first].find(lines[0].strip()[:20])
    return source[line].find(":") < column


def terms_in_paragraphs(state: StateCore) -> None:
    """Goldmark's definition lists: every line of a paragraph above a ``: definition``
    line is a term of its own (markdown-it's plugin takes one line, so that a paragraph
    of several lines keeps the definitions as text).  Such a paragraph becomes its lines
    before the last term as terms of the list read from there on, joined to a list
    right after it."""
    tokens = state.tokens
    i = 0
    while i + 2 < len(tokens):
        opener, inline = tokens[i], tokens[i + 1]
        if opener.type != "paragraph_open" or ":" not in inline.content:
            i += 1
            continue
        lines = inline.content.split("\n")
        k = next((k for k in range(1, len(lines)) if _DEFINITION.match(lines[k])), None)
        if k is None or opener.level and _lazy(state, opener, lines, k):
            i += 3
            continue
        found: list[Token] = []
        state.md.block.parse("\n".join(lines[k - 1 :]), state.md, state.env, found)
        start = opener.map[0] if opener.map else 0
        for tok in found:
            tok.level += opener.level
            if tok.map:
                tok.map = [tok.map[0] + start + k - 1, tok.map[1] + start + k - 1]
        if not found or found[0].type != "dl_open":
            i += 3
            continue
        terms: list[Token] = []
        for n, line in enumerate(lines[: k - 1]):
            where = [start + n, start + n + 1]
            terms += [
                Token("dt_open", "dt", 1, level=opener.level + 1, map=where, block=True),
                Token("inline", "", 0, level=opener.level + 2, map=where, content=line.strip(), children=[]),
                Token("dt_close", "dt", -1, level=opener.level + 1, block=True),
            ]
        found[1:1] = terms
        if found[0].map:
            found[0].map = [start, found[0].map[1]]
        after = i + 3
        if after < len(tokens) and tokens[after].type == "dl_open" and found[-1].type == "dl_close":
            del found[-1]  # the list below goes on (a blank line does not end a list)
            del tokens[after]
        tokens[i : i + 3] = found
        i += len(found)


_TABLE_END = re.compile(r"^ {0,3}(?:=+|:[ \t]+\S.*)[ \t]*$")


def table_ends(state: StateCore) -> None:
    """A table's body row written as a setext underline (``=``) or a definition
    (``: text``) ends the table, as in Goldmark (where a table is a paragraph's lines and
    such a line cannot be one of its rows): the lines from there on are read again as
    blocks.  Measured with Hugo 0.168: a table, then ``Title`` and ``=`` → the row
    ``Title``, then a paragraph ``=``."""
    tokens = state.tokens
    lines: list[str] | None = None
    i = 0
    while i < len(tokens):
        if tokens[i].type != "table_open" or not tokens[i].map:
            i += 1
            continue
        if lines is None:
            lines = state.src.split("\n")
        close = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
        cut = next(
            (
                j
                for j in range(i, close)
                if tokens[j].type == "tr_open"
                and tokens[j].level > tokens[i].level + 1
                and tokens[j].map
                and tokens[j - 1].type != "thead_open"
                and tokens[j].map[0] < len(lines)
                and _TABLE_END.match(lines[tokens[j].map[0]])
            ),
            None,
        )
        if cut is None:
            i = close + 1
            continue
        first, last = tokens[cut].map[0], tokens[i].map[1]
        found: list[Token] = []
        state.md.block.parse("\n".join(lines[first:last]), state.md, state.env, found)
        for tok in found:
            tok.level += tokens[i].level
            if tok.map:
                tok.map = [tok.map[0] + first, tok.map[1] + first]
        body_rows = [t for t in tokens[i:cut] if t.type == "tr_open" and t.level > tokens[i].level + 1]
        tail = [
            Token("tbody_close", "tbody", -1, level=tokens[i].level + 1, block=True),
            Token("table_close", "table", -1, level=tokens[i].level, block=True),
        ]
        if not body_rows:  # the first body row ends it: no body
            while tokens[cut - 1].type == "tbody_open":
                cut -= 1
            tail = tail[1:]
        tokens[i].map = [tokens[i].map[0], first]
        tokens[cut : close + 1] = tail + found
        i = cut + len(tail) + len(found)


def joined_lists(state: StateCore) -> None:
    """A definition list right after another at the same depth (nothing between them)
    goes on in it, as Goldmark's does: measured with Hugo 0.168, a table ended by
    ``: A fruit``, then ``: A company``, a blank line and ``Pear`` / ``: Another fruit``
    is one list of two terms."""
    tokens = state.tokens
    keep = [
        not (
            (tok.type == "dl_close" and k + 1 < len(tokens) and tokens[k + 1].type == "dl_open")
            or (tok.type == "dl_open" and k and tokens[k - 1].type == "dl_close")
        )
        or tokens[k + (1 if tok.type == "dl_close" else -1)].level != tok.level
        for k, tok in enumerate(tokens)
    ]
    if not all(keep):
        tokens[:] = [tok for tok, kept in zip(tokens, keep, strict=True) if kept]


_REFERENCE = re.compile(r"^ {0,3}\[(?:[^\]\\]|\\.)+\]:")


def text_after_definitions(state: StateCore) -> None:
    """An indented code block right below a link reference definition (no blank line
    between) is the text of a paragraph, as CommonMark and Goldmark read it: the
    definition is taken from the start of a paragraph, whose next lines go on as its
    text (an indented line cannot interrupt a paragraph).  markdown-it ends the
    definition at its line.  Measured with Hugo 0.168: ``[r]: url`` then ``    code``
    gives a paragraph ``code``."""
    tokens = state.tokens
    lines: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type != "code_block" or not tok.map or tok.map[0] == 0:
            continue
        if lines is None:
            lines = state.src.split("\n")
        above = lines[tok.map[0] - 1] if tok.map[0] - 1 < len(lines) else ""
        if not _REFERENCE.match(above.lstrip(" >")):
            continue
        text = "\n".join(line.strip() for line in tok.content.rstrip("\n").split("\n"))
        opener = Token("paragraph_open", "p", 1, level=tok.level, map=tok.map, block=True)
        inline = Token("inline", "", 0, level=tok.level + 1, map=tok.map, content=text, children=[])
        closer = Token("paragraph_close", "p", -1, level=tok.level, block=True)
        tokens[i : i + 1] = [opener, inline, closer]
