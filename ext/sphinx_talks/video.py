"""Video URLs: YouTube and Vimeo URLs and ids in every shape seen in event pages."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

from .model import Video

_YT_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YT_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
    "youtu.be",
    "www.youtu.be",
}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")


def with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` set in its query (replacing values of the same name),
    its fragment (Vimeo's ``#t=30s``) kept; ``?x`` alone reads as ``url`` + ``?x``."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def parse_start(value: str | None) -> int | None:
    """Seconds from a ``t=``/``start=`` value (``"754"``, ``"754s"``, ``"1h2m3s"``), else None."""
    if not value:
        return None
    m = _DURATION.match(value.strip())
    if not m or not any(m.groups()):
        return None
    h, mi, s = (int(g) if g else 0 for g in m.groups())
    total = h * 3600 + mi * 60 + s
    return total or None


#: URL parameters that only say how a link was shared or found (``?si=`` from the
#: share button, ``ab_channel``, ``feature``, ``pp``, analytics tags): dropping them
#: changes nothing the visitor sees.
SHARE_PARAMETERS = frozenset(
    {"si", "feature", "ab_channel", "pp", "app", "embeds_referring_euri", "source_ve_path"}
)
#: URL parameters the catalog reads (the video, its playlist, where it starts and
#: ends, whether it plays muted or at once).
READ_PARAMETERS = frozenset({"v", "list", "index", "t", "start", "end", "autoplay", "mute", "h"})
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_VIMEO_KEY = re.compile(r"^[0-9a-f]{6,32}$")


def _parameter_names(value: str) -> list[str]:
    """Names of the URL parameters in ``value`` (a URL or ``ID?query``), in order."""
    query = value.split("?", 1)[1] if "?" in value else ""
    return list(parse_qs(query.split("#", 1)[0], keep_blank_values=True))


def _shared(name: str) -> bool:
    return name.lower() in SHARE_PARAMETERS or name.lower().startswith("utm_")


def dropped_parameters(value: str) -> list[str]:
    """Names of the URL parameters in ``value`` (a YouTube URL or ``ID?query``) that
    the embed leaves out and that change what a visitor sees (not
    :data:`SHARE_PARAMETERS`, not :data:`READ_PARAMETERS`)."""
    return [n for n in _parameter_names(value) if not _shared(n) and n.lower() not in READ_PARAMETERS]


def share_parameters(value: str) -> list[str]:
    """Names of the parameters in ``value`` that only say how a link was shared
    (:data:`SHARE_PARAMETERS`, ``utm_*``): the embed drops them (a notice)."""
    return [n for n in _parameter_names(value) if _shared(n)]


def _youtube(vid: str, query: dict[str, list[str]], fragment: dict[str, list[str]]) -> Video:
    def first(name: str) -> str | None:
        return (query.get(name) or fragment.get(name) or [None])[0]

    playlist = first("list")
    return Video(
        "youtube",
        vid,
        parse_start(first("t") or first("start")),
        parse_start(first("end")),
        first("autoplay") == "1",
        first("mute") == "1",
        playlist if playlist and _KEY.match(playlist) else None,
    )


def parse_youtube(value: str) -> Video | str | None:
    """Read a YouTube URL or bare id.

    Returns a :class:`Video` (start time from ``t``/``start``, tracking parameters
    dropped), the playlist id (a ``str``) for a playlist URL without a video, or
    ``None`` when ``value`` is not a YouTube reference.
    """
    value = value.strip().strip("\"'")
    if not value:
        return None
    bare = re.split(r"[?&#]", value, maxsplit=1)[0]
    if _YT_ID.match(bare) and "/" not in value:
        rest = value[len(bare) :]
        return _youtube(bare, parse_qs(rest.lstrip("?&").split("#", 1)[0]), {})
    if "//" not in value and value.split("/")[0].lower() in _YT_HOSTS:
        value = "https://" + value
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host not in _YT_HOSTS:
        return None
    query = parse_qs(parts.query)
    fragment = parse_qs(parts.fragment)
    segments = [s for s in parts.path.split("/") if s]
    vid = None
    if host.endswith("youtu.be"):
        vid = segments[0] if segments else None
    elif query.get("v"):
        vid = query["v"][0]
    elif len(segments) >= 2 and segments[0] in {"embed", "live", "shorts", "v", "e"}:
        vid = segments[1]
    if vid and vid != "videoseries" and _YT_ID.match(vid):  # embed/videoseries?list=…: a playlist
        return _youtube(vid, query, fragment)
    if query.get("list"):
        return query["list"][0]
    return None


def parse_vimeo(value: str) -> Video | None:
    """Read a Vimeo URL or numeric id; ``None`` when ``value`` is not Vimeo."""
    value = str(value).strip().strip("\"'")
    if value.isdigit():
        return Video("vimeo", value)
    if "//" not in value and value.split("/")[0].lower() in _VIMEO_HOSTS:
        value = "https://" + value
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if (parts.hostname or "").lower() not in _VIMEO_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    digits = [k for k, s in enumerate(segments) if s.isdigit()]
    if not digits:
        return None
    # a video in a showcase or album (vimeo.com/showcase/ID/video/VIDEO): the video's id
    digits = [k for k in digits if k > 0 and segments[k - 1] == "video"] or digits
    vid = segments[digits[0]]
    # an unlisted video's key: vimeo.com/ID/KEY or player.vimeo.com/video/ID?h=KEY
    after = segments[digits[0] + 1] if digits[0] + 1 < len(segments) else None
    key = (parse_qs(parts.query).get("h") or [after])[0]
    frag = parse_start(parts.fragment[2:]) if parts.fragment.startswith("t=") else None
    return Video("vimeo", vid, frag, hash=key if key and _VIMEO_KEY.match(key) else None)


def parse_video(value: str) -> Video | str | None:
    """A YouTube or Vimeo video (or YouTube playlist id) from a URL; else None.

    Bare ids are not accepted here (an 11-letter word is not a video): use
    :func:`parse_youtube` or :func:`parse_vimeo` for fields that hold ids.
    """
    if "/" not in value:
        return None
    lowered = value.lower()
    if "youtu" in lowered:  # every YouTube host name holds it (checked against _YT_HOSTS)
        found = parse_youtube(value)
        if found is not None:
            return found
    if "vimeo" in lowered:
        return parse_vimeo(value)
    return None
