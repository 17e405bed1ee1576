"""Hugo Markdown (Goldmark) bodies → MyST.

The body is parsed once with markdown-it (the parser MyST itself uses) to learn
which lines are code, raw HTML, headings and paragraphs.  Then, line by line:

* HTML comments and ``<!--more-->`` are dropped; other raw HTML is dropped with a
  notice, as Hugo does by default (``talks_raw_html = "keep"`` keeps HTML blocks,
  ``"sanitize"`` keeps them cleaned by nh3; inline tags are always dropped);
* shortcodes are expanded (``youtube``, ``vimeo``, ``figure``, ``details``,
  ``ref``/``relref``, ``button``, ``speakerdeck``, ``gslides``); escaped ones
  are shown literally; unknown ones stay visible with a warning;
* headings are re-levelled to sit under the page title (H2 and below, no jumps);
* text MyST would read differently (``%`` comments, ``$`` math, ``{{ }}``
  substitutions, ``{role}`` syntax, ``(label)=`` targets, ``+++`` breaks) is escaped;
* links and images are checked: only http/https/mailto links stay links, images
  must resolve inside the page bundle or the static folders;
* a "Speaker(s)" section's bio paragraphs are taken out for speaker cards, and
  ``[[label]](url)`` resource links become buttons.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

import nh3
from docutils import nodes
from markdown_it import MarkdownIt
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from . import myst
from .diagnostics import Report
from .model import Link, Video
from .shortcodes import MAX_CALLS, Shortcode, lex
from .video import dropped_parameters, parse_start, parse_vimeo, parse_youtube, share_parameters

_MD = MarkdownIt("commonmark").enable("table")
#: The analysis parser reads any depth: MyST's stops reading a page (silently) where
#: blocks nest 20 levels deep (about nine list levels), so deeper blocks are flattened.
#: The analysis reads blocks only (their kinds, lines and nesting), so inline parsing,
#: 40 % of its time, is left out.
_MD_DEEP = MarkdownIt("commonmark", {"maxNesting": 10_000}).enable("table").disable(["inline", "text_join"])
#: Token nesting level from which a block is flattened (eight list levels).
MAX_NESTING = 16

_HTML_LINK = re.compile(
    r"""<a\s[^<>]*?\bhref\s*=\s*(["'])(?P<url>[^"'<>]*)\1[^<>]*>(?P<text>[^<>\[\]]*)</a\s*>""",
    re.IGNORECASE,
)
#: Words a bold label opening a paragraph may be that name nobody.
_NOT_NAMES = frozenset(
    "note notes important update updates abstract bio bios agenda tbd tba speaker speakers host hosts "
    "moderator moderators panel panelists warning attention reminder remark disclaimer please".split()
)
#: How a bio goes on after a one-word name (a handle): ``is …``, ``(she/her) …``, ``, …``.
_BIO_VERB = re.compile(
    r"(?:[,(–—-]|is\b|was\b|has\b|have\b|holds\b|works\b|leads\b|joined\b|studied\b|received\b"
    r"|currently\b|graduated\b|founded\b|teaches\b|researches\b|develops\b|writes\b|loves\b)",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"\(\s*<?(?P<url>[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?P<title>\"[^\"]*\"|'[^']*'))?\s*\)"
)
_REF_DEF = re.compile(r"^( {0,3}\[(?!\^)[^\]\n]+\]:)([ \t]*\n?[ \t]*)(\S+)(.*)$", re.M)
_FENCE_OPEN = re.compile(r"^(\s*(?:>\s*)*)(`{3,}|~{3,})(.*)$")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s]*>")
_BRACKET_LINK = re.compile(r"\[\[([^\[\]]+)\]\]\((https?://[^()\s]+)\)")
_IFRAME_SRC = re.compile(r"""<iframe[^>]*\ssrc=["']([^"']+)["']""", re.I)
_SPEAKER_HEADING = re.compile(r"^(?:about\s+(?:the\s+)?)?speakers?\s*:?$", re.I)
_IMAGE_LEAD = re.compile(r"^\s*!\[(?P<alt>[^\]]*)\]\((?P<url>[^()\s]+)(?:\s+\"[^\"]*\")?\)\s*")
_BIO_LINKED = re.compile(r"^\[\*\*(?P<name>[^*\]]{2,80})\*\*\]\((?P<url>[^()\s]+)\)")
_IMAGE_ONLY = re.compile(r"!\[[^\]]*\]\([^()\s]+(?:\s+\"[^\"]*\")?\)")
_BIO_BOLD = re.compile(r"^\*\*(?P<name>[^*]{2,80})\*\*")
_SPEAKER_LABEL = re.compile(r"^\*\*Speakers?:?\*\*:?\s*", re.I)
_ROLE = re.compile(r"(?<!\\)\{([\w:+.-]+)\}(?=`)")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
#: MyST syntax at the start of a line, after quote and list markers: comments,
#: block breaks, colon fences, targets.
_LINE_SYNTAX = re.compile(r"^(\s*(?:(?:>|[-+*]|\d{1,9}[.)])\s*)*)(%|\+\+\+|:::|\(\S*\)=\s*$)")

#: Shortcodes that produce blocks (they end the surrounding paragraph).
#: Shortcodes whose output is an embed of its own: inside a code fence they split it.
_EMBED_SHORTCODES = {"youtube", "vimeo", "figure", "speakerdeck", "gslides", "button"}
BLOCK_SHORTCODES = {"youtube", "vimeo", "figure", "details", "speakerdeck", "gslides", "button"}


@dataclass
class BioParagraph:
    """A speaker paragraph found in the body: ``**Name** is …`` or
    ``[**Name**](url) is …``, with the photo of a preceding ``![Name ><](photo)``.
    ``bio`` is MyST; ``consumed`` is True when it was removed from the body."""

    name: str
    homepage: str | None
    photo: str | None
    bio: str
    line: int
    consumed: bool


@dataclass
class _OpenFence:
    """The top-level code fence being written: its (converted) opening line, its
    marker, where in the output it opened, whether code was written since, and
    whether an embed split it."""

    opener: str
    markup: str
    at: int
    has_code: bool = False
    split: bool = False


@dataclass
class Converted:
    """Result of :func:`convert`: MyST ``text`` plus what the body revealed."""

    text: str
    videos: list[Video] = field(default_factory=list)
    playlists: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    bios: list[BioParagraph] = field(default_factory=list)


@dataclass
class Context:
    """What the converter needs from the reader.

    ``first_line`` is the file line of the body's first line; ``resolve_image``
    maps an image reference to a MyST image target (or None when it cannot be
    used); ``resolve_link`` maps a site-relative link to an absolute URL (or
    None); ``ref_target`` maps a ``ref`` shortcode argument and its line to a MyST
    link target or a token the renderer resolves; ``seen_videos`` holds the keys of videos already embedded;
    ``people`` the identity keys (made by ``identify``) of the page's speakers known
    before the body.
    """

    report: Report
    first_line: int = 1
    resolve_image: Callable[[str, int], str | None] = lambda url, line: None
    resolve_link: Callable[[str], str | None] = lambda url: None
    ref_target: Callable[[str, int], str] = lambda arg, line: ""
    raw_html: str = "drop"
    privacy: bool = True
    seen_videos: set[tuple[str, str]] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    identify: Callable[[str], str] = lambda name: name


class LineCounter:
    """0-based line numbers of offsets into one ``text``, each counted on from the
    offset asked before (matches of ``re.sub`` and ``finditer`` come in order), so
    that numbering every match is linear in the text.  Counting from the start for
    each match was quadratic: a body of 50,000 link reference definitions took 14.0 s
    to read (1.8 s counted on), one of 100,000 inline links 14.3 s (1.6 s).  An
    offset before the previous one is counted from the start."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 0

    def __call__(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.line = 0, 0
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def convert(body: str, ctx: Context) -> Converted:
    """Convert a Hugo Markdown ``body`` to MyST, reporting faults to ``ctx.report``.

    A body of plain prose and ATX headings (see :func:`plain_body`) is converted
    without parsing; any other body goes through the full converter.
    """
    body = body.replace("\r\n", "\n").replace("\r", "\n")  # as markdown-it counts lines
    text = plain_body(body)
    if text is not None:
        return Converted(text)
    return _Converter(body, ctx).run()


#: Characters that may change a body's MyST anywhere in a line (links, HTML,
#: code spans and fences, shortcodes, roles, math, placeholders), and whitespace
#: other than spaces and tabs (parsers disagree on where lines and titles start).
_PLAIN_NEVER = re.compile(r"[\[\]<`~{}$\x00]|[^\S \t\n]")
#: A line is plain prose when it starts with none of these (block syntax, MyST
#: line-start syntax, indentation); lines starting with ``#`` must be headings.
_PLAIN_BAD_START = frozenset(" \t>-+*_=~:%(|!")
_ORDERED_ITEM = re.compile(r"\d{1,9}[.)][ \t]+")
_PLAIN_HEADING = re.compile(r"(#{1,6}) +([^#]*?)\s*")


def plain_body(body: str) -> str | None:
    """The MyST of ``body`` (``\\n`` line ends) when it is plain prose, else None.

    Plain means: no character of :data:`_PLAIN_NEVER`, no ``#`` outside heading
    markers, every non-blank line starting with a character that opens no block
    or MyST syntax, headings written ``#…# title`` with a title that obeys the same
    rules and is not a "Speakers" heading.  Such a body is its own MyST but for
    heading levels, which move under the page title as in the full converter;
    runs of blank lines shrink to one.  Equal to the full converter's text for
    every plain body (property test).
    """
    if _PLAIN_NEVER.search(body):
        return None
    lines = body.split("\n")
    headings: dict[int, tuple[int, str]] = {}
    for n, line in enumerate(lines):
        if not line or line[0] in _PLAIN_BAD_START:
            if line.strip():
                return None
            continue
        if _LINE_SYNTAX.match(line):  # after a list marker: `1. % note`
            return None
        item = _ORDERED_ITEM.match(line)
        if item and line[item.end() :][:1] in _PLAIN_BAD_START:  # `1. ---`, `1. - a`
            return None
        if "#" not in line:
            continue
        m = _PLAIN_HEADING.fullmatch(line)
        if m is None:
            return None
        title = m.group(2)
        if (
            not title
            or title[0] in _PLAIN_BAD_START
            or _LINE_SYNTAX.match(title)
            or _SPEAKER_HEADING.match(title.strip("*_: "))
        ):
            return None
        headings[n] = (len(m.group(1)), title)
    new = relevel([level for level, _ in headings.values()])
    anchors: set[str] = set()
    for (n, (_, title)), level in zip(headings.items(), new, strict=True):
        title, ids = heading_ids(title, anchors)
        lines[n] = anchor_block(ids) + "#" * level + " " + title
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""


#: A link to an id on the same page (``#概要``, ``#about-us``).
_IN_PAGE = re.compile(r"#[\w:.%-]+")
#: Goldmark's heading attribute: ``## Title {#custom-id}`` (other attributes ignored).
_HEADING_ATTRS = re.compile(r"\s*\{(?P<attrs>[^{}]*)\}\s*$")
_ATTR_ID = re.compile(r"(?:^|\s)#(?P<id>[\w:.-]+)")


def hugo_anchor(text: str) -> str:
    """The id Hugo gives a heading (Goldmark, ``autoHeadingIDType = "github"``):
    its plain text lower-cased, spaces and ``-`` as ``-``, letters, digits and ``_``
    kept (non-ASCII too), everything else dropped; ``"heading"`` when nothing is left."""
    plain = "".join(
        t.content
        for tok in _MD.parseInline(text)
        for t in tok.children or ()
        if t.type in ("text", "code_inline")
    )
    out = []
    for c in plain.strip():
        if c in " -":
            out.append("-")
        elif c == "_" or c.isalpha() or c.isdigit():
            out.append(c.lower())
    return "".join(out) or "heading"


def heading_ids(text: str, seen: set[str]) -> tuple[str, list[str]]:
    """``(title, ids)`` of a heading's Markdown ``text``: a trailing ``{#custom-id}``
    is taken off the title and becomes its id, else Hugo's own anchor
    (:func:`hugo_anchor`, made unique on the page with ``-1``, ``-2`` … as Hugo does)."""
    m = _HEADING_ATTRS.search(text)
    custom = _ATTR_ID.search(m.group("attrs")) if m else None
    if m and (custom or not m.group("attrs").strip() or "=" in m.group("attrs") or "." in m.group("attrs")):
        text = text[: m.start()]
    if custom:
        seen.add(custom.group("id"))
        return text, [custom.group("id")]
    base = anchor = hugo_anchor(text)
    n = 0
    while anchor in seen:
        n += 1
        anchor = f"{base}-{n}"
    seen.add(anchor)
    return text, [anchor]


def anchor_block(ids: list[str]) -> str:
    """The ``talk-anchor`` directive giving the next heading ``ids``, or ``""``."""
    return f"```{{talk-anchor}} {' '.join(ids)}\n```\n\n" if ids else ""


def relevel(levels: list[int]) -> list[int]:
    """New levels (2–6) for a body's headings in order: its top level becomes H2,
    under the page title, and no level is more than one below the previous."""
    top = min(levels, default=1)
    out: list[int] = []
    previous = 1
    for level in levels:
        previous = max(2, min(level - top + 2, previous + 1, 6))
        out.append(previous)
    return out


class _Converter:
    """Markdown body → MyST through markdown-it's tokens (see :func:`convert`)."""

    def __init__(self, body: str, ctx: Context) -> None:
        body = body.replace("\r\n", "\n").replace("\r", "\n")  # markdown-it's line ends
        self.ctx = ctx
        self.lines = body.split("\n")
        self.result = Converted("")
        self.kind = ["text"] * len(self.lines)  # text | code | html | drop
        self.heading: dict[int, tuple[int, int, str]] = {}  # start -> (level, end, text)
        self.placeholders: list[str] = []
        self.details_depth = 0
        self.calls = "{{<" in body or "{{%" in body  # the body calls shortcodes at all
        self.details_lines: list[int] = []  # source lines of the open `details` shortcodes
        runs = [len(m.group(1)) for m in re.finditer(r"^[ \t>]*(`{3,}|~{3,})", body, re.M)]
        self.fence_base = max(runs, default=3) + 1
        self.footnotes = set(re.findall(r"^ {0,3}\[\^([^\]\s]+)\]:", body, re.M))
        self.footnote_refs = set(_FOOTNOTE_REF.findall(body))
        self.ref_labels: set[str] = set()  # link reference labels defined so far
        self.page_ids: set[str] = set()  # every id a heading of the page gets
        self.anchors: set[str] = set()  # Hugo heading ids given so far (repeats get -1, -2 …)
        self.budget = MAX_CALLS
        self.over_budget = False
        self.unclosed: tuple[int, str] | None = None
        self.fence_open: dict[int, str] = {}  # opening line of a closed top-level fence -> markup
        self.fence: _OpenFence | None = None  # the top-level fence being written, if any
        self.literals: dict[int, str] = {}  # placeholder -> text of an escaped {{</* … */>}}
        self.flat: set[int] = set()  # lines of blocks nested too deep, shown at one level
        self.used_photos: set[tuple[int, int]] = set()  # photo-only paragraphs a bio took

    # -- analysis -------------------------------------------------------------------------
    def analyse(self) -> None:
        try:
            tokens = _MD_DEEP.parse("\n".join(self.lines))
        except Exception:  # pragma: no cover - markdown-it does not raise on text
            return
        paragraphs: list[tuple[int, int]] = []
        blocks: list[tuple[str, int]] = []
        self._too_deep(tokens)
        for i, tok in enumerate(tokens):
            if not tok.map:
                continue
            start, end = tok.map
            if tok.level == 0 and tok.nesting >= 0 and tok.type != "html_block":
                blocks.append((tok.type, start))
            if tok.type == "fence":
                closed = end - 1 > start and self.lines[end - 1].strip().startswith(tok.markup)
                if not closed and tok.level == 0:
                    # a fence inside a list item or quote ends with it; only one at
                    # the top level would run on into the rest of the page
                    self.unclosed = (start, tok.markup)
                last = end - 1 if closed else end
                if closed and tok.level == 0 and not self.lines[start].lstrip().startswith(">"):
                    self.fence_open[start] = tok.markup
                for n in range(start, end):
                    self.kind[n] = "code" if start < n < last else "fence"
            elif tok.type == "code_block":
                for n in range(start, end):
                    self.kind[n] = "code"
            elif tok.type == "html_block":
                for n in range(start, end):
                    self.kind[n] = "html"
            elif tok.type == "heading_open":
                text = tokens[i + 1].content if i + 1 < len(tokens) else ""
                self.heading[start] = (int(tok.tag[1]), end, text)
            elif tok.type == "paragraph_open":
                paragraphs.append((start, end))
            elif tok.type == "hr" and tok.level > 0:
                # docutils allows a transition only in a section or the document
                self.kind[start] = "drop"
        self._speakers(paragraphs)
        self._transitions(blocks)
        self._unreferenced_footnotes()
        seen: set[str] = set()
        for n in sorted(self.heading):
            text, ids = heading_ids(self.heading[n][2], seen)
            self.page_ids.update(ids)
            self.page_ids.add(nodes.make_id(text))

    def _too_deep(self, tokens: list) -> None:
        """Mark the lines of each top-level block nested :data:`MAX_NESTING` levels or
        deeper as ``flat`` (see :meth:`run`), with a ``too-deep`` warning at its line."""
        top: tuple[int, int] | None = None
        deepest = 0
        for tok in tokens:
            if tok.level == 0 and tok.nesting == 1 and tok.map:
                top, deepest = (tok.map[0], tok.map[1]), 0
            deepest = max(deepest, tok.level)
            if tok.level == 0 and tok.nesting == -1 and top is not None:
                if deepest >= MAX_NESTING:
                    self.ctx.report.warn(
                        self.ctx.first_line + top[0],
                        "too-deep",
                        "lists or quotes nested more than eight levels deep are shown flattened "
                        "(MyST stops reading a page at such depth)",
                    )
                    for n in range(*top):
                        self.flat.add(n)
                top = None

    def _has_shortcodes(self, start: int, level: int) -> bool:
        """Whether the section of the heading at body line ``start`` (up to the next
        heading of ``level`` or higher) calls a shortcode."""
        if not self.calls:
            return False  # most pages: no heading scan at all
        later = [k for k in self.heading if k > start and self.heading[k][0] <= level]
        stop = min(later, default=len(self.lines))
        return any("{{<" in line or "{{%" in line for line in self.lines[start:stop])

    def _unreferenced_footnotes(self) -> None:
        """Leave out footnote definitions nothing refers to, as Hugo does (MyST would
        warn about them in the generated page and show them after the page's end)."""
        n = 0
        while n < len(self.lines):
            m = re.match(r" {0,3}\[\^([^\]\s]+)\]:", self.lines[n])
            if m and self.kind[n] == "text" and m.group(1) not in self.footnote_refs:
                self.ctx.report.info(
                    self.ctx.first_line + n,
                    "footnote-unused",
                    f"footnote [^{m.group(1)}] is never referred to; left out (as Hugo does)",
                )
                self.footnotes.discard(m.group(1))
                self.kind[n] = "drop"
                n += 1
                while n < len(self.lines) and self.lines[n].startswith(("    ", "\t")):
                    self.kind[n] = "drop"
                    n += 1
                continue
            n += 1

    def _transitions(self, blocks: list[tuple[str, int]]) -> None:
        """Drop thematic breaks docutils refuses: first in a section, next to another
        break, before a heading or at the end of the body."""
        for k, (kind, line) in enumerate(blocks):
            if kind != "hr":
                continue
            before = blocks[k - 1][0] if k > 0 else None
            after = blocks[k + 1][0] if k + 1 < len(blocks) else None
            if before in (None, "heading_open", "hr") or after in (None, "heading_open"):
                self.kind[line] = "drop"

    def _speakers(self, paragraphs: list[tuple[int, int]]) -> None:
        """Find bio paragraphs; remove those inside a Speaker(s) section."""
        sections: list[tuple[int, int, int]] = []  # heading line, first line, end line
        starts = sorted(self.heading)
        for n in starts:
            level, end, text = self.heading[n]
            if not _SPEAKER_HEADING.match(text.strip().strip("*_: ")):
                continue
            stop = len(self.lines)
            for m in starts:
                if m > n and self.heading[m][0] <= level:
                    stop = m
                    break
            sections.append((n, end, stop))
        pending_photo: tuple[str, str] | None = None
        pending_span = (0, 0)
        for start, end in paragraphs:
            if any(self.kind[k] != "text" for k in range(start, end)):
                continue
            text = " ".join(line.strip() for line in self.lines[start:end])
            text = strip_comments(text).strip()
            section = next((s for s in sections if s[1] <= start < s[2]), None)
            photo = None
            text = _SPEAKER_LABEL.sub("", text)
            lead = _IMAGE_LEAD.match(text)
            while lead:
                photo = (plain_alt(lead.group("alt")), lead.group("url"))
                text = text[lead.end() :]
                lead = _IMAGE_LEAD.match(text)
            if not text:
                pending_photo, pending_span = photo, (start, end)
                if section and photo:
                    self._mark_consumed(start, end, tentative=True)
                continue
            pending, pending_photo = pending_photo, None
            m = _BIO_LINKED.match(text) or _BIO_BOLD.match(text)
            if not m:
                continue
            raw_name = m.group("name").strip()
            name = raw_name.rstrip(",:")
            after = text[m.end() :].lstrip()
            if not after or after[:1] == ":" or raw_name.endswith(":") or len(name.split()) > 6:
                continue  # "**Note:** …" labels a line, it names nobody
            if not self._names_a_person(name, after):
                continue
            own_photo = photo is not None
            if photo is None and pending and _same(pending[0], name):
                photo = pending
                self.used_photos.add(pending_span)
            if photo and section is None and self.ctx.identify(name) in self.ctx.people:
                # a named speaker's photo outside a Speakers section goes to their card,
                # not also into the body: its image-only lines are left out
                span = range(start, end) if own_photo else range(*pending_span)
                for k in span:
                    if _IMAGE_ONLY.fullmatch(self.lines[k].strip()) or (
                        not own_photo and _SPEAKER_LABEL.fullmatch(self.lines[k].strip())
                    ):
                        self.kind[k] = "drop"
            homepage = m.group("url") if "url" in m.groupdict() else None
            consumed = section is not None
            bio = self._inline_block(text, start)
            self.result.bios.append(
                BioParagraph(
                    name=name,
                    homepage=homepage,
                    photo=photo[1] if photo else None,
                    bio=bio,
                    line=self.ctx.first_line + start,
                    consumed=consumed,
                )
            )
            if consumed:
                self._mark_consumed(start, end)
        for k in range(len(self.lines)):
            # a photo a bio took goes to the card; one no bio took stays in the body
            if self.kind[k] == "tentative":
                self.kind[k] = "drop" if any(a <= k < b for a, b in self.used_photos) else "text"
        for heading_line, first, stop in sections:
            # a section left with nothing but consumed/blank lines loses its heading too
            body = [k for k in range(first, stop) if self.kind[k] == "text" and self.lines[k].strip()]
            if not body:
                for k in range(heading_line, first):
                    self.kind[k] = "drop"
            for k in range(first, stop):
                if self.kind[k] == "tentative":
                    self.kind[k] = "drop" if not body else "text"

    def _names_a_person(self, name: str, after: str) -> bool:
        """Whether a bold ``name`` opening a paragraph names a person: a speaker the
        front matter names, a name of two or more words, or one word (a handle) that a
        bio continues (``**erdgeist** is …``), never a label such as ``**Important**``."""
        from .sources.common import strip_titles  # the readers import this module

        if self.ctx.identify(name) in self.ctx.people:
            return True
        words = strip_titles(name)[0].split()
        if len(words) >= 2:
            return name.casefold() not in _NOT_NAMES
        return bool(words) and words[0].casefold() not in _NOT_NAMES and _BIO_VERB.match(after) is not None

    def _mark_consumed(self, start: int, end: int, tentative: bool = False) -> None:
        for k in range(start, end):
            self.kind[k] = "tentative" if tentative else "drop"

    def _inline_block(self, text: str, start: int) -> str:
        """MyST for a paragraph of body text (used for bios)."""
        saved = self.result.links
        out = self._text_chunk(text, start)
        self.result.links = saved
        return out.strip()

    # -- conversion -----------------------------------------------------------------------
    def run(self) -> Converted:
        self.analyse()
        levels = self._levels()
        out: list[str] = []
        chunk: list[str] = []
        chunk_start = 0
        n = 0
        headings: list[tuple[int, int, bool]] = []  # output index, level, shortcodes in section

        def flush() -> None:
            if chunk:
                out.append(self._text_chunk("\n".join(chunk), chunk_start))
                chunk.clear()

        while n < len(self.lines):
            kind = self.kind[n]
            line = self.lines[n]
            if kind == "drop":
                flush()
                n += 1
                continue
            if kind == "html":
                flush()
                end = n
                while end < len(self.lines) and self.kind[end] == "html":
                    end += 1
                out.append(self._html_block("\n".join(self.lines[n:end]), n))
                n = end
                continue
            if kind == "fence":
                flush()
                m = _FENCE_OPEN.match(line)
                if m and m.group(3).strip():
                    line = f"{m.group(1)}{m.group(2)}{fence_language(m.group(3))}"
                if self.fence is not None and self.fence.split and not self.fence.has_code:
                    del out[self.fence.at :]  # nothing left after the last embed: no empty box
                else:
                    out.append(line)
                if n in self.fence_open:
                    self.fence = _OpenFence(line, self.fence_open[n], len(out) - 1)
                else:
                    self.fence = None
                n += 1
                continue
            if kind == "code":
                flush()
                if self.fence is not None and ("{{<" in line or "{{%" in line):
                    self._fenced_shortcodes(line, n, out)
                else:
                    out.append(self._code_line(line, n))
                    if self.fence is not None and line.strip():
                        self.fence.has_code = True
                n += 1
                continue
            if n in self.heading:
                flush()
                level, end, text = self.heading[n]
                text, ids = heading_ids(text, self.anchors)
                title = self._text_chunk(text.strip(), n).strip()
                headings.append((len(out), levels[n], self._has_shortcodes(n, level)))
                out.append(anchor_block(ids) + "#" * levels[n] + " " + title)
                n = end
                continue
            if not chunk:
                chunk_start = n
            if n in self.flat:
                quoted = line.lstrip().startswith(">")
                line = ("> " if quoted else "") + re.sub(r"^[\s>]*", "", line)
            chunk.append(line)
            n += 1
        flush()
        if self.unclosed is not None:
            start, markup = self.unclosed
            self.ctx.report.warn(
                self.ctx.first_line + start, "unclosed-fence", "code block is never closed; closed at the end"
            )
            out.append(markup)
        out = _drop_emptied_headings(out, headings)
        text = "\n".join(out)
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
        if self.details_depth:
            self.ctx.report.warn(
                self.details_lines[0],
                "shortcode-unclosed",
                "'details' shortcode is never closed; closed at the end of the page",
            )
            while self.details_depth:
                text += "\n" + self._details_fence() + "\n"
                self.details_depth -= 1
        self.result.text = text + "\n" if text else ""
        return self.result

    def _details_fence(self) -> str:
        """Tilde fence of the current ``details`` level: longer than any fence in the
        body and than the levels nested inside it."""
        return "~" * (self.fence_base + 4 - self.details_depth)

    def _levels(self) -> dict[int, int]:
        """New heading levels: the body's top level becomes H2, with no jumps."""
        starts = sorted(k for k in self.heading if self.kind[k] == "text")
        return dict(zip(starts, relevel([self.heading[k][0] for k in starts]), strict=True))

    def _fenced_shortcodes(self, line: str, n: int, out: list[str]) -> None:
        """A line of a top-level code fence holding shortcodes: Hugo expands them
        there too, so an embed (video, figure, slides) closes the fence, follows it and
        the fence opens again after it; other shortcodes are shown as written."""
        fence = self.fence
        assert fence is not None
        code: list[str] = []
        for piece in lex(line):
            if not isinstance(piece, Shortcode) or piece.escaped or piece.name not in _EMBED_SHORTCODES:
                code.append(self._code_line(piece.raw if isinstance(piece, Shortcode) else piece, n))
                continue
            line_no = self.ctx.first_line + n
            rendered, _ = self._shortcode(piece, line_no)
            self.ctx.report.info(
                line_no,
                "shortcode-in-code",
                f"shortcode {piece.name!r} inside a code block is expanded, as Hugo does "
                "(write {{</* … */>}} to show it as text)",
            )
            text = "".join(code)
            code.clear()
            if text.strip():
                out.append(text)
                fence.has_code = True
            if fence.has_code:
                out.append(fence.markup)
            else:
                del out[fence.at :]
            out.extend(["", rendered, ""] if rendered else [""])
            out.append(fence.opener)
            fence.at, fence.has_code, fence.split = len(out) - 1, False, True
        text = "".join(code)
        if text.strip() or not fence.split:
            out.append(text)
            fence.has_code = fence.has_code or bool(text.strip())

    def _code_line(self, line: str, n: int) -> str:
        if "{{<" in line or "{{%" in line:
            pieces = lex(line)
            rebuilt = []
            for piece in pieces:
                if isinstance(piece, Shortcode):
                    if piece.escaped:
                        rebuilt.append(piece.literal)
                    else:
                        self.ctx.report.warn(
                            self.ctx.first_line + n,
                            "shortcode-in-code",
                            f"shortcode {piece.name!r} inside a code block is shown as written "
                            "(Hugo would expand it; write {{</* … */>}} to show it)",
                        )
                        rebuilt.append(piece.raw)
                else:
                    rebuilt.append(piece)
            return "".join(rebuilt)
        return line

    def _html_block(self, html: str, n: int) -> str:
        line = self.ctx.first_line + n
        stripped = strip_comments(html).strip()
        if not stripped:
            return ""
        embeds = "".join(self._embed_url(src, line) for src in _IFRAME_SRC.findall(stripped))
        if self.ctx.raw_html == "keep":
            return embeds + myst.directive("raw", "html", content=html)
        if self.ctx.raw_html == "sanitize":
            clean = nh3.clean(stripped).strip()
            return embeds + (myst.directive("raw", "html", content=clean) if clean else "")
        if embeds and not _TAG.sub("", stripped).strip():
            return embeds
        self.ctx.report.info(line, "raw-html", "raw HTML block left out (as Hugo does by default)")
        return embeds

    def _embed_url(self, url: str, line: int) -> str:
        found = parse_youtube(url) if "youtu" in url else parse_vimeo(url)
        if isinstance(found, Video):
            return self._embed(found)
        if isinstance(found, str):
            self._playlist(found)
        return ""

    def _embed(self, video: Video) -> str:
        if video.key in self.ctx.seen_videos:
            return ""
        self.ctx.seen_videos.add(video.key)
        self.result.videos.append(video)
        return myst.video_block(video, self.ctx.privacy)

    def _playlist(self, playlist: str) -> None:
        if playlist not in self.result.playlists:
            self.result.playlists.append(playlist)

    # -- text -----------------------------------------------------------------------------
    def _text_chunk(self, text: str, start: int) -> str:
        """Convert a run of text lines (no code, no HTML blocks) starting at body line ``start``.

        Shortcodes become placeholders first, so escaping never touches the MyST
        they produce; block shortcodes get their blank lines only at substitution,
        so line numbers in diagnostics stay those of the source.
        """
        text = strip_comments(text)
        pieces: list[str | Shortcode] = [text]
        if "{{" in text and self.budget > 0:
            pieces = lex(text)
            calls = [p for p in pieces if isinstance(p, Shortcode)]
            self.budget -= len(calls)
            if self.budget <= 0 and not self.over_budget:
                self.over_budget = True
                last = calls[-1] if calls else None
                self.ctx.report.warn(
                    self.ctx.first_line + start + (text.count("\n", 0, last.offset) if last else 0),
                    "too-many-shortcodes",
                    f"more than {MAX_CALLS} shortcodes; the rest of the page shows them as text",
                )
        pieces = _pair_buttons(pieces)
        buf: list[str] = []
        offset_line = start
        blocks: set[int] = set()
        for piece in pieces:
            if isinstance(piece, str):
                buf.append(piece)
                offset_line += piece.count("\n")
                continue
            line = self.ctx.first_line + offset_line
            rendered, block = self._shortcode(piece, line)
            offset_line += piece.raw.count("\n")
            if piece.escaped:
                self.literals[len(self.placeholders)] = piece.literal
            self.placeholders.append(rendered)
            if block and rendered:
                blocks.add(len(self.placeholders) - 1)
            buf.append(f"\x00{len(self.placeholders) - 1}\x00")
        text = self._escape_text("".join(buf), start)

        def substitute(m: re.Match[str]) -> str:
            index = int(m.group(1))
            rendered = self.placeholders[index]
            return f"\n\n{rendered}\n\n" if index in blocks else rendered

        return _PLACEHOLDER.sub(substitute, text)

    def _shortcode(self, sc: Shortcode, line: int) -> tuple[str, bool]:
        """MyST for one shortcode call and whether it is a block."""
        if sc.escaped:
            return myst.escape(sc.literal), False
        name = sc.name
        if name in ("youtube", "vimeo") and not sc.closing:
            value = sc.get("id", 0)
            if name == "youtube" and value.startswith("videoseries"):
                value = "https://www.youtube.com/" + value
            found = parse_youtube(value) if name == "youtube" else parse_vimeo(value)
            if isinstance(found, Video):
                query = value.replace("&", "?", 1) if "?" not in value else value
                dropped = dropped_parameters(query)
                if dropped:
                    self.ctx.report.warn(
                        line,
                        "video-id-query",
                        f"{name} id {value!r}: parameter {', '.join(dropped)} not kept in the embed",
                    )
                elif share_parameters(query):
                    shared = ", ".join(share_parameters(query))
                    self.ctx.report.info(
                        line, "video-id-query", f"{name} id {value!r}: share parameters dropped ({shared})"
                    )
                return self._embed(self._player_options(found, sc, line)), True
            if isinstance(found, str):
                self._playlist(found)
                self.ctx.report.warn(
                    line, "youtube-playlist", f"playlist {found!r} cannot be embedded; linked"
                )
                return "", True
            self.ctx.report.warn(line, "bad-video-id", f"{name} shortcode with an unusable id {value!r}")
            return myst.escape(sc.raw), False
        if name == "figure" and not sc.closing:
            return self._figure(sc, line), True
        if name == "details":
            if sc.closing:
                if not self.details_depth:
                    self.ctx.report.warn(
                        line, "shortcode-unopened", "closing 'details' without an opening one"
                    )
                    return "", False
                fence = self._details_fence()
                self.details_depth -= 1
                self.details_lines.pop()
                return fence + "\n", True
            if self.details_depth >= 3:
                self.ctx.report.warn(line, "shortcode-depth", "'details' nested more than 3 deep")
                return "", False
            self.details_depth += 1
            self.details_lines.append(line)
            summary = sc.get("summary", 0, "Details")
            options = {"open": ""} if sc.get("open") in ("true", "open") else {}
            head = f"{self._details_fence()}{{dropdown}} {myst.escape(summary)}"
            return head + "".join(f"\n:{k}:" for k in options) + "\n", True
        if name in ("ref", "relref") and not sc.closing:
            return self.ctx.ref_target(sc.get("path", 0), line), False
        if name == "button" and not sc.closing:
            url = myst.safe_url(sc.get("url", 0) or sc.get("href") or sc.get("link"))
            label = sc.get("label", 1) or sc.get("text", 1) or "Link"
            if url:
                self.result.links.append(Link(label, url))
                return "", True
            self.ctx.report.warn(line, "bad-url", f"button with an unusable URL {sc.get('url', 0)!r}")
            return myst.escape(label), False
        if name == "speakerdeck" and not sc.closing:
            key = re.sub(r"[^A-Za-z0-9]", "", sc.get("id", 0))
            if key:
                self.result.links.append(
                    Link("slides (Speaker Deck)", f"https://speakerdeck.com/player/{key}")
                )
            return "", True
        if name == "gslides" and not sc.closing:
            src = myst.safe_url(sc.get("src", 0))
            if src:
                self.result.links.append(Link("slides (Google Slides)", src))
            return "", True
        self.ctx.report.warn(
            line, "unknown-shortcode", f"unknown shortcode {sc.name!r} kept as text: {sc.raw[:80]}"
        )
        return myst.escape(sc.raw), False

    def _player_options(self, video: Video, sc: Shortcode, line: int) -> Video:
        """``video`` with the start, end, autoplay and mute the shortcode names
        (Hugo's ``youtube``: ``start="30" end="60" autoplay=true mute=true``; ``vimeo``
        has none); a value that is not seconds is a ``video-option`` warning."""
        changes: dict[str, object] = {}
        for key in ("start", "end"):
            raw = sc.get(key)
            if raw:
                seconds = parse_start(raw)
                if seconds is None:
                    self.ctx.report.warn(
                        line, "video-option", f"{sc.name} {key}={raw!r} is not a time in seconds; ignored"
                    )
                else:
                    changes[key] = seconds
        for key in ("autoplay", "mute"):
            if sc.get(key).lower() in ("true", "1"):
                changes[key] = True
        return dataclasses.replace(video, **changes) if changes else video

    def _figure(self, sc: Shortcode, line: int) -> str:
        src = sc.get("src", 0)
        target = self._image_target(src, line)
        caption = sc.get("caption") or sc.get("title")
        if target is None:
            return myst.escape(caption or sc.get("alt") or "")
        options = {"alt": myst.option(plain_alt(sc.get("alt") or caption or ""))}
        caption_text = self._escape_text(" ".join(caption.split()), 0) if caption else ""
        return myst.directive("figure", target, options, content=caption_text)

    def _image_target(self, url: str, line: int) -> str | None:
        external = myst.safe_url(url, {"http", "https"})
        if external:
            return external
        return self.ctx.resolve_image(url, line)

    # -- escaping -------------------------------------------------------------------------
    def _escape_text(self, text: str, start: int) -> str:
        """Escape MyST-only syntax in a text chunk starting at body line ``start``;
        collect ``[[label]](url)`` links; check link and image targets."""
        lines = []
        for line in text.split("\n"):
            kept = self._bracket_links(line)
            # a removed line keeps its place so that later line numbers stay right
            line = "" if kept is None else kept
            line = _LINE_SYNTAX.sub(r"\1\\\2", line)
            lines.append(_ROLE.sub(r"\\{\1\\}", line))
        text = "\n".join(lines)
        if "]:" in text:
            lines_of = LineCounter(text)
            text = _REF_DEF.sub(lambda m: self._ref_def(m, start + lines_of(m.start())), text)
        out = []
        offset = 0
        lines_of = LineCounter(text)
        for is_code, piece in split_code_spans(text):
            line = start + lines_of(offset)
            if is_code and "\x00" in piece:
                out.append(self._code_span_shortcodes(piece))
            else:
                out.append(piece if is_code else self._plain(piece, line))
            offset += len(piece)
        return "".join(out)

    def _code_span_shortcodes(self, span: str) -> str:
        """A code span holding shortcode placeholders, as Hugo renders it: an escaped
        shortcode stays inside the code as its literal text; any other is expanded in
        place, the code around it kept as code spans of their own."""
        ticks = len(span) - len(span.lstrip("`"))
        fence = "`" * ticks
        parts: list[str] = []
        code = ""

        def close() -> None:
            nonlocal code
            if code.strip():
                pad = " " if code.startswith("`") or code.endswith("`") else ""
                parts.append(f"{fence}{pad}{code}{pad}{fence}")
            code = ""

        for k, piece in enumerate(_PLACEHOLDER.split(span[ticks:-ticks])):
            if k % 2 == 0:
                code += piece
            elif int(piece) in self.literals and fence not in self.literals[int(piece)]:
                code += self.literals[int(piece)]
            else:
                close()
                parts.append(f"\x00{piece}\x00")
        close()
        return "".join(parts)

    def _ref_def(self, m: re.Match[str], n: int) -> str:
        breaks = "\n" * m.group(0).count("\n")
        label = " ".join(m.group(1).strip()[1:-2].casefold().split())
        if label in self.ref_labels:
            self.ctx.report.info(
                self.ctx.first_line + n,
                "duplicate-reference",
                f"link reference {m.group(1).strip()[:-1]} is defined again; the first one is used "
                "(as CommonMark does)",
            )
            return breaks
        self.ref_labels.add(label)
        url = self._link_target(m.group(3), n)
        return f"{m.group(1)} {url}{m.group(4)}{breaks}" if url else breaks

    def _bracket_links(self, line: str) -> str | None:
        if "[[" not in line:
            return line
        found = False
        for m in _BRACKET_LINK.finditer(line):
            url = myst.safe_url(m.group(2))
            if url:
                self.result.links.append(Link(m.group(1).strip(), url))
                found = True
        if not found:
            return line
        rest = _BRACKET_LINK.sub("", line)
        return rest if rest.strip() else None

    def _plain(self, text: str, n: int) -> str:
        """Escape MyST-only syntax in text outside code spans (``n``: its first body
        line); drop inline raw HTML as Hugo does; check links and images."""
        if not text:
            return text
        if "<a" in text or "<A" in text:
            # Jekyll (kramdown) shows inline HTML: `<a href='…pdf'>Slides</a>` is a link there,
            # and the one way to a talk's paper or slides; it stays a (checked) link
            text = _HTML_LINK.sub(_markdown_link, text)
        text = text.replace("$", "\\$").replace("{{", "\\{\\{").replace("}}", "\\}\\}")
        if "<" in text and self.ctx.raw_html != "keep":
            stripped = text
            for _ in range(5):
                again = _TAG.sub("", stripped)
                if again == stripped:
                    break
                stripped = again
            if stripped != text:
                self.ctx.report.info(
                    self.ctx.first_line + n, "raw-html", "inline raw HTML left out (as Hugo does by default)"
                )
            text = _escape_tag_starts(stripped)
        if "](" in text:
            lines_of = LineCounter(text)
            text = _LINK.sub(lambda m: self._link(m, n + lines_of(m.start())), text)
        if "[^" in text:
            lines_of = LineCounter(text)
            text = _FOOTNOTE_REF.sub(lambda m: self._footnote(m, n + lines_of(m.start())), text)
        return text

    def _footnote(self, m: re.Match[str], n: int) -> str:
        """A footnote reference; one without a definition is shown as text, with a warning."""
        if m.group(1) in self.footnotes:
            return m.group(0)
        self.ctx.report.warn(
            self.ctx.first_line + n, "footnote-missing", f"footnote [^{m.group(1)}] has no definition"
        )
        return "\\" + m.group(0)

    def _link(self, m: re.Match[str], n: int) -> str:
        line = self.ctx.first_line + n
        label, url = m.group("text"), m.group("url")
        if m.group("bang"):
            label = _ALT_MARKER.sub("", label)
            target = self._image_target(url, line)
            if target is None:
                return label
            return f"![{label}]({target})"
        if _PLACEHOLDER.fullmatch(url):
            resolved = self.placeholders[int(_PLACEHOLDER.fullmatch(url).group(1))]
            return f"[{label}]({resolved})" if resolved else label
        target = self._link_target(url, n)
        if target is None:
            return label
        return f"[{label}]({target})"

    def _link_target(self, url: str, n: int) -> str | None:
        safe = myst.safe_url(url)
        if safe:
            return safe
        line = self.ctx.first_line + n
        if _IN_PAGE.fullmatch(url):
            # a heading of this page: its ids include Hugo's (see heading_ids)
            anchor = unquote(url[1:])
            if anchor in self.page_ids or anchor.lower() in self.page_ids:
                return url
            self.ctx.report.warn(
                line, "bad-anchor", f"link to {url!r}: no heading of this page has that id; shown as text"
            )
            return None
        scheme = url.split(":", 1)[0].lower() if ":" in url.split("/")[0] else ""
        if scheme:
            self.ctx.report.warn(line, "unsafe-url", f"link with scheme {scheme!r} shown as text")
            return None
        absolute = self.ctx.resolve_link(url)
        if absolute:
            return absolute
        self.ctx.report.info(
            line, "relative-link", f"site-relative link {url!r} shown as text (set talks_base_url to keep it)"
        )
        return None


#: A theme's layout marker at the end of an image's alt text (``![Name ><](photo)``
#: centres the image in Hugo themes); escaped as the converter escapes ``<``.
_ALT_MARKER = re.compile(r"\s*(?:>\\?<|\\?<>|>|\\?<)+\s*$")


def _markdown_link(m: re.Match[str]) -> str:
    """An inline ``<a href>`` as a Markdown link; its text and URL are checked later
    like any link's.  Text with brackets or markup inside stays as it was."""
    url = html.unescape(m.group("url")).strip()
    label = m.group("text").strip()
    if not label or re.search(r"[\[\]\s()<>]", url) or "\n\n" in label:
        return m.group(0)
    return f"[{label}]({url})"


def _drop_emptied_headings(out: list[str], headings: list[tuple[int, int, bool]]) -> list[str]:
    """``out`` without the headings whose section is left empty once its shortcodes
    became buttons (``## Slides`` over a ``gslides`` call): nothing would follow them
    before the next heading of their level or higher.  Headings the page left empty
    itself stay."""
    drop: set[int] = set()
    for k, (index, level, calls) in enumerate(headings):
        if not calls:
            continue
        stop = next((i for i, lv, _ in headings[k + 1 :] if lv <= level), len(out))
        nested = [i for i, lv, _ in headings[k + 1 :] if i < stop]
        end = min(nested, default=stop)
        if end == stop and not any(part.strip() for part in out[index + 1 : end]):
            drop.add(index)
    return [part for i, part in enumerate(out) if i not in drop]


def _pair_buttons(pieces: list[str | Shortcode]) -> list[str | Shortcode]:
    """``{{< button href="…" >}}Label{{< /button >}}`` (the paired form themes such as
    Hextra use) as one call whose ``label`` is the text between; newlines in the text
    stay in the output so that later line numbers hold."""
    out: list[str | Shortcode] = []
    k = 0
    while k < len(pieces):
        piece = pieces[k]
        if (
            isinstance(piece, Shortcode)
            and piece.name == "button"
            and not piece.closing
            and not piece.escaped
            and k + 2 < len(pieces)
            and isinstance(pieces[k + 1], str)
            and isinstance(pieces[k + 2], Shortcode)
            and pieces[k + 2].name == "button"
            and pieces[k + 2].closing
        ):
            inner = str(pieces[k + 1])
            piece.kwargs.setdefault("label", " ".join(inner.split()))
            out.append(piece)
            out.append("\n" * (inner.count("\n") + pieces[k + 2].raw.count("\n")))
            k += 3
            continue
        out.append(piece)
        k += 1
    return out


def plain_alt(text: str) -> str:
    """An image's alt text as plain text: theme markers (``><``) and Markdown
    escapes removed, whitespace made single spaces."""
    text = _ALT_MARKER.sub("", text)
    return " ".join(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).split())


def _escape_tag_starts(text: str) -> str:
    """Backslash-escape ``<`` where it could start raw HTML; autolinks stay links."""
    out = []
    pos = 0
    for m in _AUTOLINK.finditer(text):
        out.append(_HTML_START.sub(r"\\<", text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_HTML_START.sub(r"\\<", text[pos:]))
    return "".join(out)


def strip_comments(text: str) -> str:
    """``text`` without HTML comments (linear; an unclosed ``<!--`` is left as text)."""
    if "<!--" not in text:
        return text
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break
        out.append(text[pos:start])
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def split_code_spans(text: str) -> list[tuple[bool, str]]:
    """Split ``text`` into ``(is_code, piece)`` runs, pairing backtick runs of equal
    length as CommonMark does; linear in the number of backtick runs."""
    if "`" not in text:
        return [(False, text)]
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", text)]
    by_length: dict[int, list[int]] = {}
    for index, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(index)
    pointer = dict.fromkeys(by_length, 0)
    parts: list[tuple[bool, str]] = []
    pos = i = 0
    while i < len(runs):
        a, b = runs[i]
        same = by_length[b - a]
        p = pointer[b - a]
        while p < len(same) and same[p] <= i:
            p += 1
        pointer[b - a] = p
        if p < len(same):
            j = same[p]
            parts.append((False, text[pos:a]))
            parts.append((True, text[a : runs[j][1]]))
            pos = runs[j][1]
            i = j + 1
        else:
            i += 1
    parts.append((False, text[pos:]))
    return parts


def fence_language(info: str) -> str:
    """A code fence's language as Sphinx can highlight it: braces of ``{r}`` removed
    (so no MyST directive runs from a body fence), unknown lexers become ``text``."""
    word = re.sub(r"[{}]", " ", info).replace(",", " ").split()
    name = word[0] if word else ""
    if not name:
        return ""
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return "text"
    return name


def _same(alt: str, name: str) -> bool:
    """Whether a photo's alt text names the person ``name`` (first names equal,
    honorifics aside), or says nothing."""
    from .sources.common import strip_titles  # the readers import this module

    first = lambda text: (strip_titles(text)[0] or text).casefold().split()[:1]  # noqa: E731
    return not alt or first(alt) == first(name)
