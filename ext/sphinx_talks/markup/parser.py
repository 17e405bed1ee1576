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
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from .headings import heading_attributes, heading_ids
from .paragraphs import (
    joined_lists,
    table_ends,
    tables_in_paragraphs,
    terms_in_paragraphs,
    text_after_definitions,
)
from .placeholders import protect
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
    source = env.get("source", state.src)
    lines = source.split("\n") if "duplicate_refs" in env or "footnotes" in env else []
    protected = env.get("protected")
    duplicates = []
    for dup in env.get("duplicate_refs", ()):  # the label as written, not as normalised
        at = protected.source_line(dup["map"][0]) if protected is not None else dup["map"][0]
        written = lines[at].strip() if at < len(lines) else ""
        label = (
            written[1 : written.find("]:")] if written.startswith("[") and "]:" in written else dup["label"]
        )
        duplicates.append((label, at))
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
            elif child.type == "shortcode" and child.meta.get("placed") is not None:
                offset += child.meta["placed"].raw.count("\n")  # one word of the text
            elif child.type == "text" and "[^" in child.content:
                for m in _FOOTNOTE_REF.finditer(child.content):
                    if f":{m.group(1)}" not in refs:
                        missing.append((m.group(1), (tok.map[0] if tok.map else 0) + offset))
    if duplicates or unused or missing:
        token = Token("body_notes", "", 0, block=True)
        token.meta = {"duplicates": duplicates, "unused": unused, "missing": missing}
        state.tokens.append(token)


def _footnotes_together(state: StateCore) -> None:
    """Footnote definitions gathered where the first one is written, before inline
    parsing: Goldmark puts every definition in one list at the first one's place, and
    numbers footnotes in the order their references are read, so a reference inside a
    definition is counted before those in the text after the first definition (measured
    with Hugo 0.168).  (markdown-it's footnote tail moves the list to the end later.)"""
    tokens = state.tokens
    groups: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, tok in enumerate(tokens):
        if tok.type == "footnote_reference_open":
            depth, start = depth + 1, i if depth == 0 else start
        elif tok.type == "footnote_reference_close" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    if len(groups) < 2 or all(groups[k][1] == groups[k + 1][0] for k in range(len(groups) - 1)):
        return
    moved = [tok for first, last in groups for tok in tokens[first:last]]
    kept = [
        tok
        for k, (first, last) in enumerate(groups)
        for tok in tokens[last : (groups[k + 1][0] if k + 1 < len(groups) else len(tokens))]
    ]
    tokens[:] = tokens[: groups[0][0]] + moved + kept


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


def _line_marks(state: StateInline, silent: bool) -> bool:
    """Inline rule run first at every position: never matches; gives each token made
    since its previous run ``meta["line"]``, the line of the inline text (0-based) where
    that run stood, so that a line break inside a code span, a link title or a call
    counts as one (markdown-it keeps no positions)."""
    if not silent:
        _mark_lines(state)
    return False


def _mark_lines(state: StateInline) -> bool:
    """See :func:`_line_marks` (also run once after the last position, as a post-rule)."""
    every = state.env.setdefault("line_marks", {})  # an image's alt text is a state of its own
    marks = every.get(id(state))
    if marks is None or marks[0] is not state:
        breaks = [m.start() for m in re.finditer("\n", state.src)]
        marks = every[id(state)] = [state, breaks, 0, 0]
    _, breaks, done, line = marks
    for tok in state.tokens[done:]:
        tok.meta.setdefault("line", line)
    marks[2], marks[3] = len(state.tokens), bisect_left(breaks, state.pos)
    return False


def _colon_first(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """mdit-py-plugins' bare-URL rule (``gfm_autolink_protocol``, 0.7) copies the rest of
    the paragraph (``state.src[pos:posMax]``) before it checks that a ``:`` is there, at
    every position it is tried: quadratic in a paragraph (a 3.5 MB body of ``{{< a "``
    took 94 s).  Upstream fix: check the character first; until then it is asked only
    at a ``:`` (``tests/test_parsing.py`` fails once upstream checks first)."""

    def protocol(state: StateInline, silent: bool) -> bool:
        return state.src.startswith(":", state.pos) and rule(state, silent)

    return protocol


@lru_cache(maxsize=1)
def goldmark() -> MarkdownIt:
    """The parser (one per process; markdown-it parsers are reusable and hold no page state)."""
    md = MarkdownIt("commonmark", {"typographer": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.options["tasklists"] = True
    md.use(gfm_autolink_plugin)
    protocol = next(r for r in md.inline.ruler.getRules("") if r.__name__ == "_protocol_rule")
    md.inline.ruler.at("gfm_autolink_protocol", _colon_first(protocol))
    md.use(footnote_plugin, inline=False)
    md.use(deflist_plugin)
    # Goldmark reads a definition before a setext underline below it ("Term", ": text",
    # "---" is a list and a rule): the plugin's rule also runs ahead of markdown-it's
    deflist = next(rule for rule in md.block.ruler.getRules("") if rule.__name__ == "deflist")
    md.block.ruler.before("lheading", "deflist_before_setext", deflist)
    md.use(shortcode_plugin)
    md.validateLink = _any_link
    md.normalizeLinkText = _as_written
    md.core.ruler.after("block", "heading_attributes", heading_attributes)
    md.core.ruler.after("block", "unclosed_fences", _unclosed_fences)
    md.core.ruler.after("block", "tables_in_paragraphs", tables_in_paragraphs)
    md.core.ruler.after("tables_in_paragraphs", "table_ends", table_ends)
    md.core.ruler.after("table_ends", "terms_in_paragraphs", terms_in_paragraphs)
    md.core.ruler.after("terms_in_paragraphs", "joined_lists", joined_lists)
    md.core.ruler.after("joined_lists", "text_after_definitions", text_after_definitions)
    md.inline.ruler.before("html_inline", "guillemet_opener", _guillemet_opener)
    md.inline.ruler.before("text", "line_marks", _line_marks)
    md.inline.ruler2.before("balance_pairs", "line_marks_end", _mark_lines)
    # after the shortcode placeholders are tokens (the shortcode plugin's rule follows "inline")
    md.core.ruler.after("shortcode_placeholders", "heading_ids", heading_ids)
    md.core.ruler.before("footnote_tail", "first_footnotes", _first_footnotes)
    md.core.ruler.before("inline", "footnotes_together", _footnotes_together)
    md.core.ruler.after("shortcode_placeholders", "www_links_https", _www_links_https)
    md.core.ruler.after("smartquotes", "goldmark_typographer", _typographer)
    md.core.ruler.push("body_notes", _notes)
    return md


@lru_cache(maxsize=256)
def parse(text: str) -> list[Token]:
    """The tokens of a body (``text``, any line ends), parsed once per process: the
    reader and the page read the same body, and a speaker's bio is on every card of
    theirs (the tokens are shared: nothing may change them).  Never raises on text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    protected = protect(text)
    return goldmark().parse(protected.text, {"protected": protected, "source": text})
