"""The talk model: what every source reader produces and every renderer consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Video:
    """An embeddable video.

    ``provider`` is ``"youtube"`` or ``"vimeo"``; ``id`` is the provider's id
    (11 characters for YouTube, digits for Vimeo); ``start`` and ``end`` are
    offsets in whole seconds or ``None``; ``autoplay``/``mute`` are the YouTube
    player flags the page asked for, ``loop`` and ``controls`` (False: hidden) too;
    ``playlist`` is the YouTube playlist the video
    was linked in (``list=``) and ``hash`` an unlisted Vimeo video's key (``h=``),
    without which it does not play.  Two videos are the same when ``key`` is equal.
    """

    provider: str
    id: str
    start: int | None = None
    end: int | None = None
    autoplay: bool = False
    mute: bool = False
    playlist: str | None = None
    hash: str | None = None
    loop: bool = False
    controls: bool = True

    @property
    def key(self) -> tuple[str, str]:
        """``(provider, id)``: identity used to embed each video once."""
        return (self.provider, self.id)

    @property
    def embed_parameters(self) -> str:
        """The player's URL parameters (``?start=754&end=800&mute=1``, Vimeo
        ``?muted=1#t=754s``), or ``""``.  YouTube loops a video only as its own playlist."""
        flag = lambda on: 1 if on else None  # noqa: E731
        if self.provider != "youtube":
            pairs: list[tuple[str, object]] = [("h", self.hash), ("autoplay", flag(self.autoplay))]
            pairs += [("muted", flag(self.mute)), ("loop", flag(self.loop))]
            pairs += [("controls", None if self.controls else 0)]
            query = "&".join(f"{k}={v}" for k, v in pairs if v is not None)
            return (f"?{query}" if query else "") + (f"#t={self.start}s" if self.start else "")
        pairs = [("start", self.start), ("end", self.end)]
        pairs += [("autoplay", flag(self.autoplay)), ("mute", flag(self.mute))]
        pairs += [("loop", flag(self.loop)), ("controls", None if self.controls else 0)]
        pairs += [("list", self.playlist), ("playlist", self.id if self.loop and not self.playlist else None)]
        query = "&".join(f"{k}={v}" for k, v in pairs if v is not None)
        return f"?{query}" if query else ""

    @property
    def url(self) -> str:
        """The public watch URL (https)."""
        if self.provider == "youtube":
            suffix = (f"&list={self.playlist}" if self.playlist else "") + (
                f"&t={self.start}s" if self.start else ""
            )
            return f"https://www.youtube.com/watch?v={self.id}{suffix}"
        suffix = f"#t={self.start}s" if self.start else ""
        return f"https://vimeo.com/{self.id}{'/' + self.hash if self.hash else ''}{suffix}"


#: Names the catalog's own pages and folders take beside the talk pages
#: (``talks/index``, ``talks/years/``, …); no talk gets one of them as its slug.
RESERVED_SLUGS = frozenset({"index", "years", "speakers", "tags", "series", "_assets"})


@dataclass(frozen=True)
class Link:
    """A resource link (slides, paper, code, event page, …).

    ``kind`` is ``"url"`` for an absolute http(s)/mailto ``url``; ``"file"`` for a
    file copied from the page bundle, ``url`` being its MyST path; ``"text"`` for
    a site-relative path kept as text because no ``talks_base_url`` was given.
    ``detail`` is the page's own note on the link (rOpenSci's ``details``), or "".
    """

    label: str
    url: str
    kind: str = "url"
    detail: str = ""


@dataclass
class Speaker:
    """A person giving a talk.

    ``name`` has honorifics removed (``titles`` keeps them, e.g. ``("Dr.",)``, and
    :attr:`display_name` shows them again); identity and slug come from ``name``;
    ``slug`` is ASCII and never empty; ``homepage`` is an http(s) URL;
    ``photo`` is an http(s) URL or a file path inside the configured folders;
    ``bio`` is MyST text already made safe by the body converter.
    """

    name: str
    slug: str
    titles: tuple[str, ...] = ()
    homepage: str | None = None
    photo: str | Path | None = None
    bio: str | None = None
    affiliation: str | None = None

    @property
    def display_name(self) -> str:
        """The name as pages write it, honorifics kept: ``"Prof. Dr. Barbara Plank"``,
        ``"Sebastian Ruder, PhD"`` (post-nominal degrees after a comma)."""
        before = [t for t in self.titles if t.lower().rstrip(".") not in POSTNOMINALS]
        after = [t for t in self.titles if t.lower().rstrip(".") in POSTNOMINALS]
        text = " ".join([*before, self.name])
        return ", ".join([text, *after])


#: Degrees written after a name (``Jane Doe, PhD``); other honorifics go before it.
POSTNOMINALS = frozenset({"phd", "ph.d", "msc", "m.sc", "md", "bsc", "b.sc", "mba"})


@dataclass(frozen=True)
class SeriesAbout:
    """What a series' own file says of it (pyvideo's ``category.json``): ``description``
    (plain text, may be empty), ``start``/``end`` ISO dates or None, ``url`` an http(s)
    URL or None.  Shared by every talk of the series."""

    description: str = ""
    start: str | None = None
    end: str | None = None
    url: str | None = None


@dataclass
class Talk:
    """One talk page.

    ``start``/``end`` are timezone-aware datetimes in the talk's display zone
    (``timezone``, an IANA name); ``has_time`` is False for all-day or date-only
    talks, ``end_has_time`` False for an end given as a date only (a multi-day event's last
    day); ``written_offset`` is the UTC offset the page wrote explicitly, when
    it differs from the display zone's (the page then also shows that local time).
    ``body`` is the page's Markdown body as written (Hugo's Goldmark flavour), starting at
    file line ``body_line``; it is rendered by :mod:`sphinx_talks.markup` when the page is
    read, leaving out the block tokens ``body_skip`` (shown elsewhere: speaker bios, header
    links) and showing its pictures as ``pictures`` maps them (reference → image URI, None
    when unusable); ``body_text`` is its plain text; ``redirect`` an http(s) URL the page
    forwards to (a mapped shortcode), or None; ``refs`` the targets of its ``ref`` calls.
    Every other string is plain data that the renderer escapes.  ``source`` is
    the absolute path of the source file; ``assets`` maps the paths (relative to
    the asset folder) of files the page uses, such as images, to files inside
    the allowed folders; ``videos`` lists every video once, and the keys in
    ``videos_in_body`` are already embedded in ``body``; ``extra`` holds front-matter
    values no field used, shown under "More details";
    ``unused`` maps every top-level key nothing read (shown there or not) to its line.
    ``kind`` is the talk's type as the page names it ("Keynote", "Lightning Talk"), or None.
    ``line`` is the 1-based line of ``source`` the slug comes from (its ``slug`` or
    ``url`` field, a schedule export's session; 1 for a slug from the file name).
    ``old_urls``: ``(URL path, line)`` of every address the page had on its old site
    (Hugo ``url``, ``aliases``, the URL Hugo gave it; Jekyll ``permalink``), each a
    path starting with ``/``; ``updated``: the page's ``lastmod`` as an aware datetime;
    ``cancelled``: the page says the talk was cancelled; ``uid``: the key the talk's
    calendar UID is made from (its ``uid`` field, else its first alias, else its slug;
    unique across the catalog once :func:`~sphinx_talks.sources.uids.assign_uids` ran);
    ``uid_claim``: ``(field, line)`` the reader took ``uid`` from (``"uid"`` or
    ``"aliases"``), None when it comes from the slug;
    ``duration``: the recording's length in whole seconds (pyvideo's ``duration``), or None.
    ``license``: the recording's licence as written (pyvideo's ``copyright_text``, a
    page's ``license``), or None; ``thumbnail``: the host's picture of the recording
    (pyvideo's ``thumbnail_url``, http/https), used as a poster only where allowed.
    ``series_about``: what the series' own file says of it (see :class:`SeriesAbout`), or None.
    ``image_caption``: the caption the page gives ``image`` (Hugo Blox's ``image.caption``),
    plain text, or None.
    """

    source: Path
    slug: str
    title: str
    start: datetime | None = None
    end: datetime | None = None
    has_time: bool = False
    end_has_time: bool = True
    timezone: str = "UTC"
    written_offset: timedelta | None = None
    summary: str | None = None
    abstract: str | None = None
    description: str | None = None
    speakers: list[Speaker] = field(default_factory=list)
    videos: list[Video] = field(default_factory=list)
    videos_in_body: set[tuple[str, str]] = field(default_factory=set)
    playlists: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    image: str | Path | None = None
    image_caption: str | None = None
    tags: list[str] = field(default_factory=list)
    location: str | None = None
    venue: str | None = None
    event: str | None = None
    kind: str | None = None
    language: str | None = None
    body: str = ""
    body_line: int = 1
    body_skip: frozenset[int] = frozenset()
    body_text: str = ""
    pictures: dict[str, str | None] = field(default_factory=dict)
    redirect: str | None = None
    refs: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    unused: dict[str, int] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    line: int = 1
    old_urls: list[tuple[str, int]] = field(default_factory=list)
    updated: datetime | None = None
    cancelled: bool = False
    uid: str = ""
    uid_claim: tuple[str, int] | None = None
    duration: int | None = None
    license: str | None = None
    thumbnail: str | None = None
    series_about: SeriesAbout | None = None

    @property
    def year(self) -> int | None:
        """The year of ``start``, or ``None`` for undated talks."""
        return self.start.year if self.start else None
