"""Raw HTML blocks: dropped with a located notice, as Hugo does by default
(``talks_raw_html = "keep"`` keeps them, ``"sanitize"`` keeps them cleaned by nh3).
An ``<iframe>`` (or ``<embed>``/``<object>``) of a video or of slides becomes a player
either way; comments show nothing.  HTML is read by Python's HTML parser, not patterns.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nh3
from docutils import nodes

from ..model import Video
from ..video import parse_vimeo, parse_youtube
from . import embeds

if TYPE_CHECKING:
    from .context import Context

#: Slides hosts whose frames become slides players: host name → name shown.
SLIDES_HOSTS = {
    "docs.google.com": "Google Slides",
    "speakerdeck.com": "Speaker Deck",
    "www.slideshare.net": "SlideShare",
    "slides.com": "Slides",
}


class _Frames(HTMLParser):
    """The frame sources of an HTML fragment and whether it has any text or other tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []
        self.other = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        src = (
            values.get("src")
            if tag in ("iframe", "embed")
            else values.get("data")
            if tag == "object"
            else None
        )
        if src:
            self.sources.append(src)
        elif tag not in ("iframe", "embed", "object", "param", "div", "p", "br", "center"):
            self.other = True

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.other = True


def frames(html: str) -> tuple[list[str], bool]:
    """``(sources, other)``: the ``src`` of each frame in ``html`` in order, and whether it
    holds anything besides frames and layout containers."""
    parser = _Frames()
    parser.feed(html)
    parser.close()
    return parser.sources, parser.other


def frame_video(src: str) -> Video | None:
    """The video a frame's ``src`` plays (YouTube or Vimeo), or None."""
    found = parse_youtube(src) if "youtu" in src else parse_vimeo(src) if "vimeo" in src else None
    return found if isinstance(found, Video) else None


def frame_node(src: str, ctx: Context, line: int) -> nodes.Node | None:
    """The player of one frame source: a video, slides (a known host, or a PDF), or None."""
    found = frame_video(src)
    if found is not None:
        if found.key in ctx.seen_videos:
            return None
        ctx.seen_videos.add(found.key)
        return ctx.video_node(found)
    host = urlsplit(src).netloc.lower() if "//" in src else ""
    if host in SLIDES_HOSTS:
        return embeds.slides(src, SLIDES_HOSTS[host], ctx, line)
    if urlsplit(src).path.lower().endswith(".pdf"):
        return embeds.slides(src, "PDF", ctx, line)
    return None


def render_html_block(html: str, ctx: Context, line: int) -> list[nodes.Node]:
    """The nodes of a raw HTML block at file line ``line`` (see the module)."""
    stripped = html.strip()
    if stripped.startswith("<!--") and stripped.endswith("-->"):
        return []
    if stripped.startswith("<!--") and "-->" not in stripped:  # it runs to the end of its part
        lines = stripped.count("\n") + 1
        ctx.report.warn(
            line,
            "unclosed-comment",
            f"HTML comment never closed: the {lines} line(s) from here to the end of its part of "
            "the page are hidden (as Hugo hides them); close it with -->",
        )
        return []
    sources, other = frames(stripped)
    out = [node for node in (frame_node(src, ctx, line) for src in sources) if node is not None]
    if ctx.raw_html == "keep":
        return [*out, nodes.raw("", html, format="html")]
    if ctx.raw_html == "sanitize":
        clean = nh3.clean(stripped).strip()
        return [*out, nodes.raw("", clean, format="html")] if clean else out
    if other or not out and sources:
        ctx.report.info(line, "raw-html", "raw HTML block left out (as Hugo does by default)")
    return out


def strip_comments(text: str) -> str:
    """``text`` without HTML comments (linear; an unclosed ``<!--`` is left as text)."""
    if "<!--" not in text:
        return text
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if start < 0 or end < 0:
            break
        out.append(text[pos:start])
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)
