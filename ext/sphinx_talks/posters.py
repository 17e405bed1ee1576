"""Video posters fetched at build time (``talks_video_posters = "fetch"``).

By default a video's placeholder shows the talk's own picture, or none: the catalog
never hot-links a picture from a video host, so a visitor's browser asks nothing
of it before they press play.  With ``"fetch"`` the build itself downloads, for
each talk with a video and no picture of its own, the host's thumbnail (pyvideo's
``thumbnail_url``, else YouTube's ``hqdefault.jpg``; Vimeo offers none without its
API) and publishes it as the talk's picture, a local image like any other.

Downloads are cached in the doctree folder (``talks-posters/``, by URL), so a
picture is fetched once; only http(s) URLs are fetched, with a time-out, a size
limit and a check that the bytes are a JPEG, PNG, GIF or WebP picture.  A poster
that cannot be had is a notice at the talk's page, and the talk keeps no picture.
"""

from __future__ import annotations

import hashlib
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .files import write_atomic
from .model import Talk

#: The poster of a video by provider, when the page gives none (``{id}``: the video's id).
POSTER_URLS = {"youtube": "https://i.ytimg.com/vi/{id}/hqdefault.jpg"}
#: The largest poster fetched, in bytes.
MAX_BYTES = 2_000_000
#: Seconds to wait for a host.
TIMEOUT = 10
#: Picture formats by their first bytes → file extension.
_MAGIC = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF8", "gif"))


def picture_type(data: bytes) -> str | None:
    """The extension of picture bytes (``"jpg"``, ``"png"``, ``"gif"``, ``"webp"``), or None."""
    for magic, ext in _MAGIC:
        if data.startswith(magic):
            return ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def poster_url(talk: Talk) -> str | None:
    """Where ``talk``'s poster comes from: its ``thumbnail_url`` (http or https), else the
    host's thumbnail of its first video; None for a talk with a picture of its own or
    no video."""
    if isinstance(talk.image, str) or not talk.videos:
        return None
    if talk.thumbnail:
        return talk.thumbnail
    for video in talk.videos:
        if video.provider in POSTER_URLS:
            return POSTER_URLS[video.provider].format(id=video.id)
    return None


def fetch(url: str, cache: Path) -> tuple[bytes | None, str]:
    """The picture at ``url``: from ``cache`` (a folder; file name from the URL's hash),
    else downloaded and cached.  Returns ``(bytes, "")`` or ``(None, reason)``."""
    key = hashlib.sha1(url.encode("utf-8")).hexdigest()
    for kept in cache.glob(f"{key}.*"):
        return kept.read_bytes(), ""
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "sphinx-talks"})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only
            data = response.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        return None, f"cannot fetch {url}: {getattr(exc, 'reason', exc)}"
    if len(data) > MAX_BYTES:
        return None, f"{url} is larger than {MAX_BYTES} bytes"
    ext = picture_type(data)
    if ext is None:
        return None, f"{url} is not a JPEG, PNG, GIF or WebP picture"
    cache.mkdir(parents=True, exist_ok=True)
    write_atomic(cache / f"{key}.{ext}", data)
    return data, ""


def add_posters(
    talks: list[Talk], cache: Path, asset_prefix: str, notice: Callable[[Talk, str], None]
) -> list[tuple[str, bytes]]:
    """Give each talk with a video and no picture its fetched poster: sets ``talk.image``
    to ``<asset_prefix>/posters/<slug>.<ext>`` and returns the files to write below the
    asset folder, ``("posters/<slug>.<ext>", bytes)``; ``notice(talk, reason)`` for
    each poster that cannot be had."""
    files = []
    for talk in talks:
        url = poster_url(talk)
        if url is None:
            continue
        data, reason = fetch(url, cache)
        if data is None:
            notice(talk, reason)
            continue
        name = f"posters/{talk.slug}.{picture_type(data)}"
        talk.image = f"{asset_prefix}/{name}"
        files.append((name, data))
    return files
