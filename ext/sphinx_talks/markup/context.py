"""What rendering a body needs from its reader and its build."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from docutils import nodes

from ..diagnostics import Report
from ..model import Video


def _no_image(ref: str, line: int) -> str | None:
    return None


def _no_link(url: str) -> str | None:
    return None


def _no_ref(target: str, line: int) -> tuple[str | None, str]:
    return None, ""


def _video_link(video: Video) -> nodes.Node:
    return nodes.paragraph("", "", nodes.reference(video.url, video.url, refuri=video.url))


@dataclass
class Context:
    """How one body is rendered.

    ``report`` collects diagnostics; ``first_line`` is the file line of the body's first
    line; ``resolve_image(ref, line)`` maps an image reference to an image URI (a path
    from the Sphinx source folder starting with ``/``, or an http(s) URL) or None;
    ``resolve_link(url)`` maps a site-relative link to an absolute URL or None;
    ``resolve_ref(target, line)`` maps a ``ref``/``relref`` target to ``(url, title)``
    (url None when it names no page); ``raw_html`` is ``"drop"``, ``"keep"`` or
    ``"sanitize"``; ``privacy`` asks for privacy-mode players; ``disabled`` names the
    video hosts whose embeds the site switched off (Hugo's ``[privacy.youtube] disable``);
    ``shortcodes`` maps a site's own shortcode names to a behaviour
    (see :mod:`sphinx_talks.markup.embeds`); ``skip`` holds the indexes of block tokens
    shown elsewhere (bios on cards, header links); ``seen_videos`` the videos already
    embedded on the page (each is embedded once); ``video_node(video)`` makes the node
    of a player (in a Sphinx build the video extension's; elsewhere a link); ``depth``
    counts the shortcode pairs the text being rendered is inside (see :mod:`.pairs`).
    """

    report: Report
    first_line: int = 1
    resolve_image: Callable[[str, int], str | None] = _no_image
    resolve_link: Callable[[str], str | None] = _no_link
    resolve_ref: Callable[[str, int], tuple[str | None, str]] = _no_ref
    raw_html: str = "drop"
    privacy: bool = True
    disabled: frozenset[str] = frozenset()
    shortcodes: dict[str, str] = field(default_factory=dict)
    skip: set[int] = field(default_factory=set)
    seen_videos: set[tuple[str, str]] = field(default_factory=set)
    video_node: Callable[[Video], nodes.Node] = _video_link
    depth: int = 0

    def line(self, token_map: list[int] | None, offset: int = 0) -> int:
        """The file line of a token (``token.map``), ``offset`` lines into it."""
        return self.first_line + (token_map[0] if token_map else 0) + offset
