"""Click-to-load videos: no request to a video host before the visitor asks for it.

Talk pages embed videos with sphinxcontrib-youtube's ``youtube``/``vimeo``
directives.  On HTML builders (not EPUB), with ``talks_video_embed = "click"`` (the
default), :class:`ClickToLoad` replaces each such node of the catalog's documents by
a :class:`talk_player` node: a link to the video's own page, styled as a player
with the talk's title, its picture as the poster (the page's banner, which the
first player takes over) and a play button.  ``sphinx-talks.js`` turns a click on
it (or Enter/Space while it has focus) into the privacy-mode iframe
(youtube-nocookie.com, Vimeo with ``dnt=1``), titled after the talk; without
JavaScript the link opens the video on its host.  ``"iframe"`` keeps
sphinxcontrib-youtube's iframe (privacy mode too); ``"link"`` writes a link only,
as other builders do (:class:`sphinx_talks.degrade.VideoAsLink`).
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.youtube.utils import video

from .config import get_config, in_catalog
from .degrade import watch_url, writes_one_document
from .i18n import _
from .video import with_query

#: The hosts' names as a visitor knows them, by sphinxcontrib-youtube platform.
HOSTS = {"youtube": "YouTube", "vimeo": "Vimeo"}


class talk_player(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """A click-to-load video: attributes ``src`` (the iframe's URL), ``href`` (the
    video's page), ``title`` (the iframe's title, unique on its page), ``label`` (the
    talk's title), ``host`` (``"YouTube"``) and ``duration`` (``"31:53"`` or ""); an
    optional ``image`` child is the poster.
    Created on HTML builders only (see :class:`ClickToLoad`)."""


#: The players' addresses: ``(privacy, platform)`` → the iframe URL before the video id.
PLAYERS = {
    (True, "youtube"): "https://www.youtube-nocookie.com/embed/",
    (False, "youtube"): "https://www.youtube.com/embed/",
    (True, "vimeo"): "https://player.vimeo.com/video/",
    (False, "vimeo"): "https://player.vimeo.com/video/",
}


def player_url(node: video, privacy: bool) -> str:
    """The iframe URL of a sphinxcontrib-youtube ``node`` that starts playing at once
    (the visitor pressed play): youtube-nocookie.com when ``privacy`` or the node's own
    privacy mode is set, Vimeo with ``dnt=1`` when ``privacy``; the node's start, end,
    playlist and unlisted-video key are kept."""
    platform = node.get("platform")
    private = bool(privacy or node.get("privacy_mode"))
    url = f"{PLAYERS[private, platform]}{node['id']}{node.get('url_parameters') or ''}"
    if platform == "vimeo" and private:
        return with_query(url, autoplay="1", dnt="1")
    return with_query(url, autoplay="1")


class ClickToLoad(SphinxPostTransform):
    """Replace the catalog's video nodes by :class:`talk_player` nodes on HTML
    builders when ``talks_video_embed`` is ``"click"``: in the catalog's pages, and in
    the one page a singlehtml build writes.

    Players are grouped by talk (the section carrying a ``talk-<slug>`` id, the page
    itself elsewhere): the first player of a talk takes its banner (class
    ``talks-banner``) as its poster, so the picture is shown once, and the recording's
    length; the iframe of its player *n* is titled ``Video n: <talk title>``
    (``Video: <talk title>`` for the first)."""

    default_priority = 90  # before VideoAsLink (100), which must not see these nodes

    def is_supported(self) -> bool:
        builder = self.app.builder
        if builder.format != "html" or builder.name.startswith("epub"):
            return False
        cfg = get_config(self.app)
        if cfg.video_embed != "click":
            return False
        return writes_one_document(builder) or in_catalog(self.env.config, self.env.docname)

    def run(self, **kwargs: Any) -> None:
        privacy = get_config(self.app).video_privacy
        domain = self.env.get_domain("talk")
        talks = domain.talks  # type: ignore[attr-defined]
        if not writes_one_document(self.app.builder):  # only a talk with a video has a player
            if not domain.talk_of(self.env.docname).get("video"):  # type: ignore[attr-defined]
                return
        groups: dict[int, tuple[nodes.Element, list[video]]] = {}
        for node in self.document.findall(video):
            if node.get("platform") in HOSTS:
                box = _talk_section(node, talks) or self.document
                groups.setdefault(id(box), (box, []))[1].append(node)
        for box, videos in groups.values():
            if isinstance(box, nodes.section):
                label = box[0].astext() if isinstance(box[0], nodes.title) else self.env.docname
                slug = next(i[5:] for i in box["ids"] if i.startswith("talk-") and i[5:] in talks)
                length = talks[slug].get("duration")
            else:
                title = self.env.titles.get(self.env.docname)
                label = title.astext() if title is not None else self.env.docname
                length = domain.talk_of(self.env.docname).get("duration")  # type: ignore[attr-defined]
            banner = next(
                (n for n in box.findall(nodes.image) if "talks-banner" in n.get("classes", [])), None
            )
            for number, node in enumerate(videos, start=1):
                player = talk_player(
                    src=player_url(node, privacy),
                    href=watch_url(node),
                    title=_("Video {number}: {title}").format(number=number, title=label)
                    if number > 1
                    else _("Video: {title}").format(title=label),
                    label=label,
                    host=HOSTS[node["platform"]],
                    duration=clock(length) if length and number == 1 else "",
                )
                node.replace_self(_with_poster(player, banner) if banner is not None else player)
                banner = None


def _with_poster(player: talk_player, banner: nodes.image) -> nodes.Element:
    """``player`` with ``banner`` (the talk's picture, class ``talks-banner``) moved into
    it as its poster: the player, or, when the banner is a figure's picture, that
    figure moved to the player's place with the player instead of the picture, so its
    caption stays with the picture it describes (shown under the player)."""
    figure = banner.parent if isinstance(banner.parent, nodes.figure) else None
    banner.parent.remove(banner)
    banner["alt"] = ""  # the player's label names it
    banner["classes"] = ["talks-player-poster"]
    banner["loading"] = "lazy"
    player += banner
    if figure is None:
        return player
    figure.parent.remove(figure)
    figure.insert(0, player)
    return figure


def _talk_section(node: nodes.Node, talks: dict[str, Any]) -> nodes.section | None:
    """The section of the talk ``node`` lies in: the nearest one with the id
    ``talk-<slug>`` of a talk in ``talks`` (a heading "Talk details" is not one)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and any(
            i.startswith("talk-") and i[5:] in talks for i in parent["ids"]
        ):
            return parent
        parent = parent.parent
    return None


def clock(seconds: int) -> str:
    """A video's length as players show it: ``"31:53"``, ``"1:26:16"``."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def visit_player_html(self: Any, node: talk_player) -> None:
    """The player: a link to the video's page that the script turns into the iframe."""
    attrs = {
        "class": "talks-player",
        "href": node["href"],
        "role": "button",
        "data-src": node["src"],
        "data-title": node["title"],
        "aria-label": _("Play {title} (loads {host})").format(title=node["title"], host=node["host"]),
    }
    self.body.append("<a " + " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items()) + ">")


def depart_player_html(self: Any, node: talk_player) -> None:
    self.body.append(
        '<span class="talks-player-icon" aria-hidden="true"></span>'
        f'<span class="talks-player-caption"><span class="talks-player-title">{escape(node["label"])}</span>'
        f'<span class="talks-player-host">{escape(node["host"])}{_duration(node)}</span></span></a>\n'
    )


def _duration(node: talk_player) -> str:
    if not node.get("duration"):
        return ""
    return f' · <span class="talks-player-duration">{escape(node["duration"])}</span>'


def visit_player_other(self: Any, node: talk_player) -> None:
    """Never reached (players exist on HTML builders only); kept for safety: skip it."""
    raise nodes.SkipNode


def setup_player(app: Sphinx) -> None:
    """Register the player node and the post-transform that makes it."""
    app.add_node(
        talk_player,
        html=(visit_player_html, depart_player_html),
        latex=(visit_player_other, None),
        text=(visit_player_other, None),
        man=(visit_player_other, None),
        texinfo=(visit_player_other, None),
    )
    app.add_post_transform(ClickToLoad)
