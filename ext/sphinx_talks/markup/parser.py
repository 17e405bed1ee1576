"""markdown-it configured as Hugo's default Goldmark (Hugo 0.168, no ``[markup]`` set).

CommonMark plus the extensions Hugo turns on by default: tables, strikethrough,
linkify (bare ``http(s)://`` and ``www.`` URLs, e-mail addresses), task lists,
footnotes, definition lists, the typographer (curly quotes, ``--`` en dash, ``---``
em dash, ``...`` ellipsis, ``<<``/``>>`` guillemets; not markdown-it's ``(c)`` or
``+-``), heading attributes (``## Title {#id .class}``) and Hugo shortcodes.  Raw
HTML is parsed (as ``html_block``/``html_inline`` tokens); what becomes of it is the
renderer's policy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from .headings import heading_attributes, heading_ids
from .shortcodes import shortcode_plugin

#: Deepest block nesting read (markdown-it's default, 20, stops reading silently).
MAX_NESTING = 10_000

#: Goldmark's typographer substitutions, longest first (quotes are markdown-it's smartquotes).
_TYPOGRAPHER = re.compile(r"---|--|\.\.\.|<<|>>")
_SUBSTITUTES = {"---": "\u2014", "--": "\u2013", "...": "\u2026", "<<": "\u00ab", ">>": "\u00bb"}


def _typographer(state: StateCore) -> None:
    """Goldmark's dashes, ellipsis and guillemets in text outside code and links' URLs."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        inside_link = 0
        for tok in block.children:
            if tok.type == "link_open":
                inside_link += 1
            elif tok.type == "link_close":
                inside_link -= 1
            elif tok.type == "text" and not (inside_link and tok.info == "auto"):
                if "-" in tok.content or "." in tok.content or "<" in tok.content or ">" in tok.content:
                    tok.content = _TYPOGRAPHER.sub(lambda m: _SUBSTITUTES[m.group(0)], tok.content)


def _guillemet_opener(state: StateInline, silent: bool) -> bool:
    """``<<`` is Goldmark's typographer's guillemet before it can open raw HTML: Goldmark
    tries raw HTML at the first ``<`` (which fails: ``<`` is no tag name), then reads ``<<``
    as one piece, so ``<<word>>`` is never the tag ``<word>``.  The text is left as
    ``<<`` for :func:`_typographer`."""
    if not state.src.startswith("<<", state.pos):
        return False
    if not silent:
        state.push("text", "", 0).content = "<<"
    state.pos += 2
    return True


def _www_links_https(state: StateCore) -> None:
    """A bare ``www.`` address links to ``https://`` as in Goldmark (markdown-it's GFM
    autolink writes ``http://``)."""
    for block in state.tokens:
        children = block.children or []
        for tok, after in zip(children, children[1:], strict=False):
            href = str(tok.attrGet("href") or "")
            if tok.type == "link_open" and tok.info == "auto" and href.startswith("http://www."):
                if after.type == "text" and after.content.startswith("www."):
                    tok.attrSet("href", "https://" + href.removeprefix("http://"))


def _unclosed_fences(state: StateCore) -> None:
    """Mark a fence never closed (``meta["unclosed"]``): it runs to the end of its
    container, as in Goldmark, and the renderer says so."""
    fences = [t for t in state.tokens if t.type == "fence" and t.map]
    if not fences:
        return
    lines = state.src.split("\n")
    for tok in fences:
        last = lines[tok.map[1] - 1].lstrip(" >\t") if tok.map[1] - 1 < len(lines) else ""
        if tok.map[1] - tok.map[0] < 2 or not last.startswith(tok.markup):
            tok.meta["unclosed"] = True


_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def _notes(state: StateCore) -> None:
    """Append a ``body_notes`` token (``meta``: ``duplicates``, ``unused``, ``missing``,
    each a list of (label, 0-based line)) for what markdown-it passes over silently: a
    link reference defined again (the first counts), a footnote nothing refers to (left
    out, as Goldmark does) and a footnote reference without a definition (text)."""
    env = state.env
    lines = state.src.split("\n") if "duplicate_refs" in env or "footnotes" in env else []
    duplicates = []
    for dup in env.get("duplicate_refs", ()):  # the label as written, not as normalised
        written = lines[dup["map"][0]].strip() if dup["map"][0] < len(lines) else ""
        label = (
            written[1 : written.find("]:")] if written.startswith("[") and "]:" in written else dup["label"]
        )
        duplicates.append((label, dup["map"][0]))
    refs = env.get("footnotes", {}).get("refs", {})
    unused_labels = [label[1:] for label, index in refs.items() if index == -1]
    unused = []
    if unused_labels:
        for label in unused_labels:
            mark = f"[^{label}]:"
            unused.append(
                (label, next((n for n, line in enumerate(lines) if line.lstrip().startswith(mark)), 0))
            )
    missing = []
    for tok in state.tokens:
        if tok.type != "inline" or "[^" not in tok.content:
            continue
        offset = 0
        for child in tok.children or ():
            if child.type == "softbreak":
                offset += 1
            elif child.type == "text" and "[^" in child.content:
                for m in _FOOTNOTE_REF.finditer(child.content):
                    if f":{m.group(1)}" not in refs:
                        missing.append((m.group(1), (tok.map[0] if tok.map else 0) + offset))
    if duplicates or unused or missing:
        token = Token("body_notes", "", 0, block=True)
        token.meta = {"duplicates": duplicates, "unused": unused, "missing": missing}
        state.tokens.append(token)


_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def _cells(line: str) -> int:
    return len([c for c in line.strip().strip("|").split("|")])


def _tables_in_paragraphs(state: StateCore) -> None:
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


def _first_footnotes(state: StateCore) -> None:
    """A footnote defined twice keeps its first definition, as Goldmark's does (markdown-it
    keeps the last): the later definitions' tokens are dropped before footnotes are moved
    to the end."""
    seen: set[str] = set()
    keep: list[Token] = []
    dropping = False
    for tok in state.tokens:
        if tok.type == "footnote_reference_open":
            dropping = tok.meta["label"] in seen
            seen.add(tok.meta["label"])
        if not dropping:
            keep.append(tok)
        if tok.type == "footnote_reference_close":
            dropping = False
    if len(keep) != len(state.tokens):
        state.tokens[:] = keep


def _as_written(text: str) -> str:
    """A bare URL's text as the page writes it (Goldmark does not decode ``%22``)."""
    return text


def _any_link(url: str) -> bool:
    """Every destination makes a link token; the renderer decides what may be linked
    (and says why it refuses one) instead of markdown-it's silent ``validateLink``."""
    return True


@lru_cache(maxsize=1)
def goldmark() -> MarkdownIt:
    """The parser (one per process; markdown-it parsers are reusable and hold no page state)."""
    md = MarkdownIt("commonmark", {"typographer": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.options["tasklists"] = True
    md.use(gfm_autolink_plugin)
    md.use(footnote_plugin, inline=False)
    md.use(deflist_plugin)
    md.use(shortcode_plugin)
    md.validateLink = _any_link
    md.normalizeLinkText = _as_written
    md.core.ruler.after("block", "heading_attributes", heading_attributes)
    md.core.ruler.after("block", "unclosed_fences", _unclosed_fences)
    md.core.ruler.after("block", "tables_in_paragraphs", _tables_in_paragraphs)
    md.inline.ruler.before("html_inline", "guillemet_opener", _guillemet_opener)
    md.core.ruler.after("inline", "heading_ids", heading_ids)
    md.core.ruler.before("footnote_tail", "first_footnotes", _first_footnotes)
    md.core.ruler.after("inline", "www_links_https", _www_links_https)
    md.core.ruler.after("smartquotes", "goldmark_typographer", _typographer)
    md.core.ruler.push("body_notes", _notes)
    return md


@lru_cache(maxsize=256)
def parse(text: str) -> list[Token]:
    """The tokens of a body (``text``, any line ends), parsed once per process: the
    reader and the page read the same body, and a speaker's bio is on every card of
    theirs (the tokens are shared: nothing may change them).  Never raises on text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return goldmark().parse(text, {})
