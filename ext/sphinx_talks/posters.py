"""Video posters fetched at build time (``talks_video_posters = "fetch"``).

By default a video's placeholder shows the talk's own picture, or none: the catalog
never hot-links a picture from a video host, so a visitor's browser asks nothing
of it before they press play.  With ``"fetch"`` the build itself downloads, for
each talk with a video and no picture of its own, the host's thumbnail (pyvideo's
``thumbnail_url``, else YouTube's ``hqdefault.jpg``; Vimeo offers none without its
API) and publishes it as the talk's picture, a local image like any other.

Downloads are cached in the doctree folder (``talks-posters/``, by URL), so a
picture is fetched once; only http(s) URLs are fetched.  Each request has a *total*
deadline (:data:`DEADLINE` seconds from the first byte sent to the last received, so a
host that trickles its answer is cut off), a size limit (:data:`MAX_BYTES`), at most
:data:`MAX_REDIRECTS` redirects (each checked again), and goes only to public
addresses: the host's name is resolved first and the request refused when any of its
addresses is loopback, private, link-local, shared, multicast, reserved or
unspecified; the connection goes to the address that was checked.  The bytes must be a
JPEG, PNG, GIF or WebP picture.  A poster that cannot be had is a notice at the talk's
page, and the talk keeps no picture; the failure is cached too (``<hash>.failed``,
holding the reason), so the next builds do not ask again until it is
:data:`RETRY_AFTER` seconds old (deleting ``talks-posters/`` or the doctree folder
retries at once).
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import SplitResult, urljoin, urlsplit

from .files import write_atomic
from .model import Talk

#: The poster of a video by provider, when the page gives none (``{id}``: the video's id).
POSTER_URLS = {"youtube": "https://i.ytimg.com/vi/{id}/hqdefault.jpg"}
#: The largest poster fetched, in bytes.
MAX_BYTES = 2_000_000
#: Seconds one poster may take, all redirects, connections, reads included (not the
#: name look-up, which the system's resolver bounds).
DEADLINE = 10.0
#: Redirects followed per poster.
MAX_REDIRECTS = 3
#: Seconds after which a cached failure is asked again (a day).
RETRY_AFTER = 24 * 3600
#: Networks a poster may come from although they are not public: none.  Not a setting
#: (a build never reaches the machine's own or its network's hosts); tests add
#: ``127.0.0.0/8`` here to reach a server of their own.
ALLOWED_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
#: Picture formats by their first bytes → file extension.
_MAGIC = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF8", "gif"))
_REDIRECTS = (301, 302, 303, 307, 308)


class Refused(Exception):
    """A poster that cannot be had; ``str()`` is the reason, a sentence fragment."""


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


def public_address(text: str) -> bool:
    """Whether the IP address ``text`` (``getaddrinfo``'s form; an IPv6 scope is
    ignored) may be fetched from: a public unicast address, or one in
    :data:`ALLOWED_NETWORKS`.  An IPv4 address mapped into IPv6 is judged as IPv4."""
    address = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in ALLOWED_NETWORKS):
        return True
    odd = (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )
    return address.is_global and not odd


def resolve(host: str, port: int) -> str:
    """The address to connect to for ``host``: its first resolved address, once every
    address it resolves to is :func:`public_address` (a name that also resolves to a
    private address is refused whole).  Raises :class:`Refused`."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Refused(f"cannot resolve {host}: {exc}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise Refused(f"cannot resolve {host}")
    for address in addresses:
        if not public_address(address):
            raise Refused(f"{host} is at {address}, not a public address")
    return addresses[0]


class _Pinned(http.client.HTTPConnection):
    """HTTP to the checked ``address`` for ``host`` (the ``Host`` header)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.raw: socket.socket | None = None
        self.cut_off = False

    def connect(self) -> None:
        self.raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.raw

    def cut(self) -> None:
        """End the connection now (from the deadline's timer thread)."""
        self.cut_off = True
        if self.raw is not None:
            try:
                self.raw.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _PinnedTLS(_Pinned):
    """HTTPS to the checked ``address``, the certificate checked against ``host``."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, address, timeout)
        self.tls = ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        self.sock = self.tls.wrap_socket(self.sock, server_hostname=self.host)


def _get(url: str, parts: SplitResult, deadline: float) -> tuple[int, str | None, bytes]:
    """One GET of ``url`` before ``deadline`` (``time.monotonic()``): ``(status,
    redirect location or None, body)``.  Raises :class:`Refused`."""
    https = parts.scheme == "https"
    try:
        port = parts.port or (443 if https else 80)
    except ValueError:
        raise Refused(f"{url} has no valid port") from None
    address = resolve(parts.hostname or "", port)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Refused(f"{url} took longer than {DEADLINE:g} s")
    conn = (_PinnedTLS if https else _Pinned)(parts.hostname or "", port, address, remaining)
    timer = threading.Timer(remaining, conn.cut)
    timer.daemon = True
    timer.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path, headers={"User-Agent": "sphinx-talks", "Accept": "image/*"})
        response = conn.getresponse()
        if response.status in _REDIRECTS:
            return response.status, response.getheader("Location"), b""
        length = response.getheader("Content-Length") or ""
        if length.isdigit() and int(length) > MAX_BYTES:
            raise Refused(f"{url} is larger than {MAX_BYTES} bytes")
        chunks, size = [], 0
        while chunk := response.read1(65536):
            size += len(chunk)
            if size > MAX_BYTES:
                raise Refused(f"{url} is larger than {MAX_BYTES} bytes")
            if time.monotonic() >= deadline:
                raise Refused(f"{url} took longer than {DEADLINE:g} s")
            chunks.append(chunk)
        if conn.cut_off:
            raise Refused(f"{url} took longer than {DEADLINE:g} s")
        return response.status, None, b"".join(chunks)
    except (OSError, http.client.HTTPException) as exc:
        if conn.cut_off:
            raise Refused(f"{url} took longer than {DEADLINE:g} s") from None
        raise Refused(f"cannot fetch {url}: {exc}") from None
    finally:
        timer.cancel()
        conn.close()


def download(url: str) -> bytes:
    """The body of ``url`` (http or https), following up to :data:`MAX_REDIRECTS`
    redirects, within :data:`DEADLINE` seconds in all and :data:`MAX_BYTES` bytes,
    from public addresses only (see :func:`resolve`).  Raises :class:`Refused`."""
    deadline = time.monotonic() + DEADLINE
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused(f"{url} is no http(s) URL")
        status, location, data = _get(url, parts, deadline)
        if status in _REDIRECTS and location:
            url = urljoin(url, location)
            continue
        if status != 200:
            raise Refused(f"cannot fetch {url}: HTTP {status}")
        return data
    raise Refused(f"{url}: more than {MAX_REDIRECTS} redirects")


def fetch(url: str, cache: Path) -> tuple[bytes | None, str]:
    """The picture at ``url``: from ``cache`` (a folder; file name from the URL's hash),
    else downloaded and cached.  Returns ``(bytes, "")`` or ``(None, reason)``; a
    failure is cached as ``<hash>.failed`` (the reason) and returned again, without
    asking, until it is :data:`RETRY_AFTER` seconds old."""
    key = hashlib.sha1(url.encode("utf-8")).hexdigest()
    failed = cache / f"{key}.failed"
    for kept in cache.glob(f"{key}.*"):
        if kept != failed:
            return kept.read_bytes(), ""
    try:
        if time.time() - failed.stat().st_mtime < RETRY_AFTER:
            reason = failed.read_text("utf-8", errors="replace")
            return None, f"{reason} (an earlier build's failure; asked again a day after it)"
    except OSError:
        pass
    try:
        data = download(url)
        ext = picture_type(data)
        if ext is None:
            raise Refused(f"{url} is not a JPEG, PNG, GIF or WebP picture")
    except Refused as exc:
        cache.mkdir(parents=True, exist_ok=True)
        write_atomic(failed, str(exc).encode("utf-8"))
        return None, str(exc)
    cache.mkdir(parents=True, exist_ok=True)
    write_atomic(cache / f"{key}.{ext}", data)
    failed.unlink(missing_ok=True)
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
