"""What a body holds that the catalog needs before its page is rendered.

:func:`read_body` parses a body once and tells the reader: the videos it embeds (for
lists, feeds and structured data), its playlists, the resource links at its top (before
any heading: paragraphs of nothing but ``[[Label]](url)`` links or ``button`` calls,
shown as the page header's buttons), the people of its Speaker(s) section
(:mod:`.speakers`), the pictures it shows (each resolved once, so the reader copies it),
a redirect a mapped shortcode asks for, and its plain text.  The token indexes shown
elsewhere (``skip``) are what the renderer leaves out; both come from the same tokens.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from markdown_it.token import Token

from ..diagnostics import Report
from ..model import Link, Video
from ..myst import safe_url
from . import embeds
from .blocks import BodyRenderer
from .calls import Shortcode, lex
from .context import Context
from .html import frame_video, frames, strip_comments
from .pairs import MAX_INNER, plain_text
from .parser import parse
from .speakers import Bio, find_bios
from .structures import end_of


@dataclass
class BodyFacts:
    """See :func:`read_body`.  ``pictures`` maps each image reference of the body to its
    URI (or None: unusable, already reported); ``redirect`` is an http(s) URL or None;
    ``text`` the plain text of its paragraphs (not headings), separated by blank lines."""

    videos: list[Video] = field(default_factory=list)
    playlists: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    bios: list[Bio] = field(default_factory=list)
    pictures: dict[str, str | None] = field(default_factory=dict)
    redirect: str | None = None
    skip: set[int] = field(default_factory=set)
    text: str = ""
    refs: list[str] = field(default_factory=list)
    video_keys: set[tuple[str, str]] = field(default_factory=set)


def digest(talk: Any, refs: dict[str, Any]) -> str:
    """What a talk's rendered body depends on besides its file (``talk.body_line``,
    ``body_skip``, ``pictures`` and the catalog's answer to each ``ref`` target in
    ``refs``), as 16 hex digits."""
    data = repr(
        (
            talk.body_line,
            sorted(talk.body_skip),
            sorted(talk.pictures.items(), key=repr),
            sorted(refs.items()),
        )
    )
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _top_links(tokens: list[Token]) -> tuple[list[Link], set[int]]:
    """Header links: the ``button`` calls and paragraphs of bracketed links only
    (``[[Paper]](url)``) the body opens with, up to its first other block (comments
    aside).  A button written further down stays where it is written."""
    links: list[Link] = []
    skip: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.level != 0 or tok.nesting == -1 or tok.type in ("inline", "body_notes"):
            continue
        if tok.type == "html_block" and not strip_comments(tok.content).strip():
            continue
        if tok.type == "shortcode" and tok.meta["call"].name == "button":
            url = safe_url(embeds.url_of(tok.meta["call"]))
            if not url:
                break
            call, placed = tok.meta["call"], tok.meta.get("placed")
            label = plain_text(placed) if placed is not None else ""
            links.append(Link(label or call.get("label", 1) or call.get("text", 1) or "Link", url))
            skip.add(i)
        elif tok.type == "paragraph_open" and (found := _bracket_links(tokens[i + 1])):
            links += found
            skip.add(i)
        else:
            break
    return links, skip


def _bracket_links(inline: Token) -> list[Link]:
    """The links of a paragraph made of ``[[Label]](url)`` links only, else []."""
    found: list[Link] = []
    kids = inline.children or []
    k = 0
    while k < len(kids):
        tok = kids[k]
        if tok.type in ("softbreak", "hardbreak") or tok.type == "text" and not tok.content.strip():
            k += 1
            continue
        if tok.type != "link_open" or k + 2 >= len(kids) or kids[k + 2].type != "link_close":
            return []
        label = kids[k + 1].content
        url = safe_url(str(tok.attrGet("href") or ""))
        if not (label.startswith("[") and label.endswith("]") and url):
            return []
        found.append(Link(label[1:-1].strip(), url))
        k += 3
    return found


def _walk(
    tokens: list[Token],
    hidden: Callable[[Shortcode], bool],
    line: int = 0,
    depth: int = 0,
    skip: frozenset[int] = frozenset(),
) -> Iterator[tuple[Token, int]]:
    """Every token, inline children and the text of ``{{< >}}`` pairs included (as far as
    the renderer reads them, :data:`.pairs.MAX_INNER`), in order, each with the body line
    its ``map`` counts from; a pair whose call is ``hidden`` (it shows nothing of what it
    encloses, :func:`.embeds.dropped`) is left out with everything it encloses, and so
    are the blocks at the indexes ``skip`` (bios: a person's, shown on their card)."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        placed = tok.meta.get("placed") if tok.meta else None
        if i in skip or tok.type == "shortcode_open" and hidden(tok.meta["call"]):
            i = end_of(tokens, i) + 1
            continue
        i += 1
        if placed is not None and placed.inner is not None and hidden(placed.call):
            continue
        yield tok, line
        if tok.children:
            yield from _walk(tok.children, hidden, line, depth)
        if placed is not None and placed.inner and depth < MAX_INNER:
            yield from _walk(parse(placed.inner), hidden, placed.inner_line, depth + 1)


def read_body(body: str, ctx: Context, known: Callable[[str], bool] = lambda name: False) -> BodyFacts:
    """The facts of ``body`` (see the module), parsed once.  The body is also rendered
    once here, bios included, to report its faults to ``ctx.report`` at their lines (the
    rendering when the page is read reports only what needs the catalog) and to resolve
    its pictures with ``ctx.resolve_image``."""
    tokens = parse(body)
    facts = BodyFacts()
    facts.links, top = _top_links(tokens)
    facts.bios, skip = find_bios(tokens, body.replace("\r\n", "\n").replace("\r", "\n").split("\n"), known)
    facts.skip = top | skip
    for bio in facts.bios:
        bio.line += ctx.first_line  # a file line from here on

    def picture(ref: str, line: int) -> str | None:
        if ref not in facts.pictures:
            facts.pictures[ref] = ctx.resolve_image(ref, line)
        return facts.pictures[ref]

    diagnose = replace(ctx, resolve_image=picture, resolve_ref=lambda target, line: ("#", ""), skip=set(top))
    BodyRenderer(diagnose).render(tokens)
    quiet = Context(report=Report(ctx.report.path), shortcodes=ctx.shortcodes)
    words: list[str] = []
    previous = None
    # a bio's calls and links are the person's (their card shows them), not the talk's
    # (and a header button's text is its label)
    for tok, offset in _walk(tokens, lambda call: embeds.dropped(call, ctx), skip=frozenset(facts.skip)):
        if tok.type == "inline" and previous is not None and previous.type == "paragraph_open":
            words.append(
                "".join(
                    c.content if c.type != "softbreak" else " "
                    for c in tok.children or ()
                    if c.type in ("text", "code_inline", "softbreak")
                )
            )
        elif tok.type == "link_open" and "ref" in tok.meta:
            facts.refs.append(tok.meta["ref"].get("path", 0))
        elif tok.type in ("shortcode", "shortcode_open"):
            _call(tok.meta["call"], facts, ctx, quiet, ctx.line(tok.map, offset))
        elif tok.type in ("fence", "code_block", "code_inline") and "{{" in tok.content:
            for call in lex(tok.content):  # expanded on the page, as Hugo expands them
                if isinstance(call, Shortcode) and not call.escaped and not call.closing:
                    _call(call, facts, ctx, quiet, ctx.line(tok.map, offset))
        elif tok.type == "html_block":
            for video in filter(None, map(frame_video, frames(tok.content)[0])):
                _add_video(video, facts)
        if tok.block:
            previous = tok
    facts.text = "\n\n".join(w for w in words if w.strip())
    return facts


def _call(call: Shortcode, facts: BodyFacts, ctx: Context, quiet: Context, line: int) -> None:
    mapped, default = embeds.behaviour(call, ctx)
    if mapped == "redirect" and facts.redirect is None:
        facts.redirect = safe_url(embeds.url_of(call) or default, {"http", "https"})
        if facts.redirect is None:
            ctx.report.warn(line, "bad-url", f"shortcode {call.name!r}: no usable URL to redirect to")
    elif call.name in ("youtube", "vimeo") and not mapped:
        found = embeds.video_of(call, quiet, line)
        if isinstance(found, Video):
            _add_video(found, facts)
        elif isinstance(found, str) and found not in facts.playlists:
            facts.playlists.append(found)
    elif call.name in ("ref", "relref") and not mapped:
        facts.refs.append(call.get("path", 0))


def _add_video(video: Video, facts: BodyFacts) -> None:
    """Add ``video`` to the body's videos unless it is there already (each is listed once)."""
    if video.key not in facts.video_keys:
        facts.video_keys.add(video.key)
        facts.videos.append(video)
