"""Shortcodes → nodes: Hugo's own, the common theme ones, and a site's mapped ones.

* ``youtube``/``vimeo``: a player with every parameter Hugo's shortcode takes that a
  player has (``start``, ``end``, ``autoplay``, ``mute``, ``loop``, ``controls``); a host
  the site's ``[privacy]`` disables gets a link instead, with a notice.
* ``gslides``/``speakerdeck`` (and slides in an ``<iframe>``, see :mod:`.html`): a
  click-to-load :class:`~.elements.embed` where the author put it.
* ``figure``: an image with its caption (Markdown) and link; ``details``: a disclosure;
  ``ref``/``relref``: a link to the talk page (or the old site); ``button``: a link button;
  ``param``/``comment``/``qr`` and the like: nothing, as text has nothing to show.
* a site's own shortcode mapped in ``talks_shortcodes`` (:data:`BEHAVIOURS`); any other is
  an ``unknown-shortcode`` warning at its line and shows nothing but what it encloses.
"""

from __future__ import annotations

import dataclasses
import re
import string
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes

from ..model import Video
from ..myst import safe_url
from ..video import dropped_parameters, parse_start, parse_vimeo, parse_youtube, share_parameters
from .calls import Shortcode
from .elements import details, make_embed

if TYPE_CHECKING:
    from .context import Context

#: What ``talks_shortcodes`` may map a name to (or a template: text with ``{name}``/``{0}``).
BEHAVIOURS = ("redirect", "link", "embed", "text", "drop")
#: Hugo's shortcodes that show nothing by design (a comment; a site parameter's value).
SILENT = frozenset({"comment", "param"})
#: Hugo's embeds of other sites' posts: linked (no request to them before a click).
POSTS = {
    "x": lambda c: f"https://x.com/{c.get('user', 0)}/status/{c.get('id', 1)}",
    "instagram": lambda c: f"https://www.instagram.com/p/{c.get('id', 0)}/",
    "gist": lambda c: f"https://gist.github.com/{c.get('user', 0)}/{c.get('id', 1)}",
}
#: Shortcodes that enclose nothing: a closing call given to one is a fault (see
#: :func:`.pairs.render_pair`).
SINGLE = frozenset(
    {"youtube", "vimeo", "figure", "gist", "x", "twitter", "tweet", "instagram", "qr", "ref", "relref"}
)
#: Slides hosts embedded by their own shortcodes: name → (host, URL of a call).
_SLIDES = {
    "gslides": ("Google Slides", lambda c: c.get("src", 0)),
    "speakerdeck": (
        "Speaker Deck",
        lambda c: "https://speakerdeck.com/player/" + re.sub(r"\W", "", c.get("id", 0)),
    ),
}


def url_of(call: Shortcode) -> str:
    """The URL parameter of a call: ``url``/``href``/``link``/``src``, else the first positional."""
    for key in ("url", "href", "link", "src", "to"):
        if call.kwargs.get(key):
            return call.kwargs[key]
    return call.args[0] if call.args else ""


def behaviour(call: Shortcode, ctx: Context) -> tuple[str, str]:
    """``(behaviour, default URL)`` of a mapped call: ``("redirect", "https://…")`` from
    ``"redirect https://…"``; ``("template", text)`` for a template; ``("", "")`` unmapped."""
    value = ctx.shortcodes.get(call.name)
    if not value:
        return "", ""
    word, _, rest = value.strip().partition(" ")
    if word in BEHAVIOURS:
        return word, rest.strip()
    return "template", value


def video_of(call: Shortcode, ctx: Context, line: int) -> Video | str | None:
    """The video of a ``youtube``/``vimeo`` call with the player options it names, the
    playlist id of a playlist, or None (an unusable id, with a warning)."""
    value = call.get("id", 0)
    if call.name == "youtube" and value.startswith("videoseries"):
        value = "https://www.youtube.com/" + value
    found = parse_youtube(value) if call.name == "youtube" else parse_vimeo(value)
    if isinstance(found, str):
        ctx.report.warn(line, "youtube-playlist", f"playlist {found!r} cannot be embedded; linked")
        return found
    if found is None:
        ctx.report.warn(line, "bad-video-id", f"{call.name} shortcode with an unusable id {value!r}")
        return None
    query = value.replace("&", "?", 1) if "?" not in value else value
    if dropped_parameters(query):
        dropped = ", ".join(dropped_parameters(query))
        ctx.report.warn(
            line, "video-id-query", f"{call.name} id {value!r}: parameter {dropped} not kept in the embed"
        )
    elif share_parameters(query):
        shared = ", ".join(share_parameters(query))
        ctx.report.info(
            line, "video-id-query", f"{call.name} id {value!r}: share parameters dropped ({shared})"
        )
    changes: dict[str, object] = {}
    for key in ("start", "end"):
        raw = call.get(key)
        if raw:
            seconds = parse_start(raw)
            if seconds is None:
                ctx.report.warn(
                    line, "video-option", f"{call.name} {key}={raw!r} is not a time in seconds; ignored"
                )
            else:
                changes[key] = seconds
    for key in ("autoplay", "mute", "loop", "controls"):
        raw = call.get(key).lower()
        if raw in ("true", "1", "false", "0"):
            changes[key] = raw in ("true", "1")
    return dataclasses.replace(found, **changes) if changes else found


def _video(call: Shortcode, ctx: Context, line: int) -> nodes.Node | None:
    found = video_of(call, ctx, line)
    if isinstance(found, str):
        url = f"https://www.youtube.com/playlist?list={found}"
        return nodes.paragraph("", "", nodes.reference(url, url, refuri=url))
    if found is None:
        return None
    if found.provider in ctx.disabled:
        ctx.report.info(
            line,
            "video-disabled",
            f"the site's privacy settings disable {found.provider} embeds; linked instead",
        )
        return nodes.paragraph("", "", nodes.reference(found.url, found.url, refuri=found.url))
    if found.key in ctx.seen_videos:
        return None
    ctx.seen_videos.add(found.key)
    return ctx.video_node(found)


def slides(url: str, host: str, ctx: Context, line: int) -> nodes.Node | None:
    """A click-to-load embed of a slides document at ``url`` (https only); None for a
    document the page already embeds (shown once, as videos are), or with a ``bad-url``
    warning."""
    safe = safe_url(url, {"https"})
    if not safe:
        ctx.report.warn(line, "bad-url", f"{host} embed with an unusable URL {url!r}; left out")
        return None
    if ("frame", safe) in ctx.seen_videos:  # the same deck again (a call and its iframe)
        return None
    ctx.seen_videos.add(("frame", safe))
    parts = urlsplit(safe)
    href = safe
    if parts.netloc == "docs.google.com" and "/embed" in parts.path:  # the deck itself, not its frame
        href = safe.split("/embed", 1)[0] + "/pub"
    return make_embed(safe, href, host, "Slides")


def _figure(call: Shortcode, ctx: Context, line: int) -> nodes.Node | None:
    """Hugo's ``figure``: the picture (linked with ``link``), and under it ``title``
    (bold), ``caption`` (Markdown) and ``attr`` (linked with ``attrlink``); the alt
    text is ``alt``, else the caption's plain text, as Hugo's template takes it."""
    from .inline import plain_alt, render_markdown_inline  # inline imports this module

    target = ctx.resolve_image(call.get("src", 0), line)
    title, caption, attr = (call.get(key).strip() for key in ("title", "caption", "attr"))
    shown = render_markdown_inline(" ".join(caption.split()), ctx, line) if caption else []
    alt = plain_alt(call.get("alt") or "".join(n.astext() for n in shown) or title)
    parts: list[nodes.Node] = [nodes.strong(title, title)] if title else []
    parts += ([nodes.Text(" ")] if parts and shown else []) + shown
    if attr:
        attrlink = safe_url(call.get("attrlink"), {"http", "https"})
        credit = nodes.reference(attr, attr, refuri=attrlink) if attrlink else nodes.Text(attr)
        parts += [nodes.Text(" ")] if parts else []
        parts.append(credit)
    if target is None:
        return nodes.paragraph("", "", *parts) if parts else None
    image: nodes.Element = nodes.image(uri=target, alt=alt)
    link = safe_url(call.get("link"), {"http", "https"})
    if link:
        image = nodes.reference("", "", image, refuri=link)
    figure = nodes.figure("", image)
    if parts:
        figure += nodes.caption("", "", *parts)
    return figure


def render_call(call: Shortcode, ctx: Context, line: int, ids: set[str]) -> nodes.Node | None:
    """The node of one self-contained call (inline or block), or None when it shows nothing."""
    if call.closing:
        ctx.report.warn(line, "shortcode-unopened", f"closing '{call.name}' without an opening one; left out")
        return None
    mapped, default = behaviour(call, ctx)
    if mapped:
        return _mapped(call, mapped, default, ctx, line)
    name = call.name
    if name in ("youtube", "vimeo"):
        return _video(call, ctx, line)
    if name in _SLIDES:
        host, url = _SLIDES[name]
        return slides(url(call), host, ctx, line)
    if name == "figure":
        return _figure(call, ctx, line)
    if name == "details":  # never closed, and too many open around it to close at the end
        ctx.report.warn(line, "shortcode-unclosed", "'details' shortcode is never closed; shown empty")
        return open_block(call, ctx, line)
    if name in ("ref", "relref"):
        url, title = ctx.resolve_ref(call.get("path", 0), line)
        if not url:
            return None
        text = title or url  # Hugo writes the page's URL here; the catalog names the page
        return nodes.reference(text, text, refuri=url)
    if name == "button":
        return button(call, ctx, line)
    if name in POSTS:
        url = safe_url(POSTS[name](call), {"https"})
        return nodes.reference(url, url, refuri=url) if url else None
    if name == "qr":
        text = call.get("text", 0)
        return nodes.Text(text) if text else None
    if name in SILENT:
        return None
    ctx.report.warn(line, "unknown-shortcode", f"unknown shortcode {name!r} left out: {call.raw[:80]}")
    return None


def in_code(call: Shortcode, ctx: Context, line: int) -> None:
    """Say that a call inside code runs (as Hugo runs it) instead of showing: a notice for
    an embed (the code block is split around it), a warning for any other call."""
    message = (
        f"shortcode {call.name!r} inside a code block is expanded, as Hugo expands it; write "
        f"{{{{</* {call.name} */>}}}} to show the call"
    )
    if call.name in ("youtube", "vimeo", "figure", *_SLIDES):
        ctx.report.info(line, "shortcode-in-code", message)
    else:
        ctx.report.warn(line, "shortcode-in-code", message)


def button(call: Shortcode, ctx: Context, line: int) -> nodes.Node | None:
    """A ``button`` call as a link styled as a button, or its label as text."""
    url = safe_url(url_of(call))
    label = call.get("label", 1) or call.get("text", 1) or "Link"
    if not url:
        ctx.report.warn(line, "bad-url", f"button with an unusable URL {url_of(call)!r}")
        return nodes.Text(label)
    return nodes.reference(label, label, refuri=url, classes=["talks-button"])


def _mapped(call: Shortcode, mapped: str, default: str, ctx: Context, line: int) -> nodes.Node | None:
    url = url_of(call) or default
    if mapped in ("drop", "redirect"):  # a redirect is the page's (see facts)
        return None
    if mapped == "text":
        text = call.get("text", 0)
        return nodes.Text(text) if text else None
    if mapped == "template":
        from .inline import render_markdown_inline

        args = [_escape_markdown(v) for v in call.args]
        kwargs = {k: _escape_markdown(v) for k, v in call.kwargs.items()}
        try:
            text = _Template().vformat(default, args, kwargs)
        except (ValueError, IndexError, KeyError, AttributeError):
            ctx.report.warn(
                line, "bad-template", f"talks_shortcodes template for {call.name!r} does not format"
            )
            return None
        return nodes.inline("", "", *render_markdown_inline(text, ctx, line))
    safe = safe_url(url, {"http", "https"})
    if not safe:
        ctx.report.warn(line, "bad-url", f"shortcode {call.name!r}: no usable URL ({url!r}); left out")
        return None
    if mapped == "embed":
        return slides(safe, urlsplit(safe).netloc, ctx, line)
    label = call.get("text", 1) or call.get("label") or call.get("title") or safe
    return nodes.reference(label, label, refuri=safe)


class _Template(string.Formatter):
    """A ``talks_shortcodes`` template: ``{0}``, ``{1}`` … the call's positional
    parameters, ``{name}`` its named ones; one the call does not give is empty."""

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> str:
        if isinstance(key, int):
            return args[key] if key < len(args) else ""
        return kwargs.get(key.lower(), "")


def _escape_markdown(value: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+!<>|~-])", r"\\\1", value)


def dropped(call: Shortcode, ctx: Context) -> bool:
    """Whether a pair shows nothing of what it encloses: Hugo's ``comment`` (unless the
    site maps that name), or a name mapped to ``drop``."""
    mapped, _ = behaviour(call, ctx)
    return mapped == "drop" or not mapped and call.name == "comment"


def open_block(call: Shortcode, ctx: Context, line: int) -> nodes.Element:
    """The element a paired block call's content goes into: a disclosure for
    ``details``, else a container (an unknown name warned about)."""
    if call.name == "details" and not ctx.shortcodes.get("details"):
        summary = call.get("summary", 0, "Details")
        node = details(open=call.get("open").lower() in ("true", "open", "1"))
        node += nodes.paragraph(summary, summary)
        return node
    if dropped(call, ctx):
        return nodes.container(talks_drop=True)
    mapped, _ = behaviour(call, ctx)
    if call.name == "button" and not mapped:  # its content is the label
        return nodes.paragraph("", "", open_inline(call, ctx, line), classes=["talks-buttons"])
    if not mapped and call.name not in SILENT:
        ctx.report.warn(
            line, "unknown-shortcode", f"unknown shortcode {call.name!r}: its content is shown without it"
        )
    return nodes.container(classes=[f"talks-shortcode-{re.sub(r'[^a-z0-9-]', '-', call.name)}"])


def open_inline(call: Shortcode, ctx: Context, line: int) -> nodes.Element:
    """The element a paired inline call's content goes into: a ``button``'s link (its
    content the label), an element whose content is dropped (``talks_drop``) for a
    :func:`dropped` pair, else as :func:`open_block` says."""
    if dropped(call, ctx):
        return nodes.inline(talks_drop=True)
    mapped, _ = behaviour(call, ctx)
    if call.name == "details" and not mapped:  # inside a paragraph: its summary, then its text
        summary = call.get("summary", 0, "Details")
        return nodes.inline(
            "", "", nodes.strong(summary, summary), nodes.Text(" "), classes=["talks-details"]
        )
    if call.name == "button" and not mapped:
        url = safe_url(url_of(call))
        if url:
            return nodes.reference(refuri=url, classes=["talks-button"])
        ctx.report.warn(line, "bad-url", f"button with an unusable URL {url_of(call)!r}")
        return nodes.inline()
    if not mapped and call.name not in SILENT:
        ctx.report.warn(
            line, "unknown-shortcode", f"unknown shortcode {call.name!r}: its content is shown without it"
        )
    return nodes.inline(classes=[f"talks-shortcode-{re.sub(r'[^a-z0-9-]', '-', call.name)}"])
