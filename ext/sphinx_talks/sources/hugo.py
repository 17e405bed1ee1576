"""Hugo and Jekyll event pages → :class:`~sphinx_talks.model.Talk`.

Maps the fields and body conventions the real sites use onto the model:
Hugo Academic (``time_start``, ``authors``, ``url_*``, ``links``), Munich-NLP
(``summary = "Speaker: A & B | May 16, 2023 18:00-22:00"``, ``recording``,
speakers in a ``### Speakers`` body section), rOpenSci (``dateStart``/``dateEnd``,
``timezone``, ``vimeo`` lists, ``resources``), PyLadies (``time``, ``meetupUrl``),
CloudWithChris (capitalised keys, ``event`` tables), Jekyll academicpages
(``venue``, ``permalink``, ``slidesurl``) and pyvideo-style JSON.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import os
import posixpath
import re
import unicodedata
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import ftfy

from .. import myst
from ..dates import (
    CLOCK_WRITTEN,
    When,
    in_gap,
    mentioned,
    mentions,
    past_gap,
    read_clock,
    read_human,
    read_when,
)
from ..diagnostics import Report
from ..frontmatter import FrontMatter, read_text, split, without_controls
from ..markup.context import Context
from ..markup.facts import read_body
from ..markup.html import strip_comments
from ..model import Link, Speaker, Talk, Video
from ..video import dropped_parameters, parse_video, parse_vimeo, parse_youtube, share_parameters
from .common import (
    ReaderSettings,
    absolute_url,
    identity,
    key_for,
    make_speaker,
    near_forms,
    parts_below,
    resolve_file,
    slug_for,
    split_names,
    strip_titles,
    url_path,
    visible,
)

_SUMMARY = re.compile(r"^\s*(?:speakers?|speaker\(s\))\s*:\s*(?P<names>[^|]*)(?:\|(?P<when>.*))?$", re.I)
_LANG_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2}(?:-[a-z]{2,4})?)$", re.I)

#: Front-matter fields that are resource links, with their button labels.
LINK_FIELDS = {
    "url_pdf": "PDF",
    "url_paper": "Paper",
    "paperurl": "Paper",
    "url_slides": "Slides",
    "slides": "Slides",
    "slidesurl": "Slides",
    "url_code": "Code",
    "url_poster": "Poster",
    "url_project": "Project",
    "url_dataset": "Dataset",
    "url_source": "Source",
    "url_blog": "Blog",
    "blog": "Blog",
    "notes": "Notes",
    "event_url": "Event page",
    "eventurl": "Event page",
    "meetupurl": "Meetup",
    "zoomurl": "Zoom",
    "registration": "Registration",
    "link": "Link",
    "external_link": "Link",
}
#: Video fields holding URLs.
VIDEO_FIELDS = ("recording", "url_video", "videourl", "video_url")
#: Other fields whose name says they hold a video (``videoId``, ``youtube_id``,
#: ``video``): an id or a URL; fields read elsewhere, or about pictures, excluded.
_VIDEO_KEY = re.compile(r"video|youtube|vimeo")
_NOT_VIDEO = re.compile(
    r"thumb|poster|image|cover|channel|playlist|^youtube$|^vimeo$|^videos$|"
    + "|".join(f"^{k}$" for k in ("recording", "url_video", "videourl", "video_url"))
)
#: A title saying the talk was cancelled ("Cancelled Event. …", "[CANCELED] …").
_CANCELLED = re.compile(r"\bcancell?ed\b", re.IGNORECASE)
#: Fields used for structure only; never shown under "More details".
STRUCTURAL = {
    "draft",
    "published",
    "layout",
    "type",
    "weight",
    "collection",
    "permalink",
    "url",
    "slug",
    "aliases",
    "menu",
    "outputs",
    "_build",
    "build",
    "headless",
    "featured",
    "selected",
    "projects",
    "publishdate",
    "lastmod",
    "uid",
    "cancelled",
    "canceled",
    "expirydate",
    "math",
    "diagram",
    "highlight",
    "toc",
    "comments",
    "share",
    "profile",
    "reading_time",
    "show_related",
    "image_preview",
    "header",
    "banner",
    "images",
    "sitemap",
    "translationkey",
    "markup",
    "linktitle",
    "cascade",
    "summary_image",
    "thumbnail",
    "language",
    "lang",
    "id",
    "code",
    "guid",
    "all_day",
    "time",
    "timezone",
}


#: Folders whose pages are people's profiles, not talks (Hugo themes' conventions).
PROFILE_FOLDERS = {"authors", "speakers", "person", "people", "organizers", "organisers", "team"}


#: A host name written without a scheme (``www.axoloti.be``, ``flickr.com/user``): a
#: dotted name ending in letters, then an optional path, no spaces.
_BARE_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?:[/?#]\S*)?$", re.I)


#: Name endings that make ``talk.pdf`` a file of the page, not a host (some are
#: also top-level domains: a file name is the likelier reading in a page's fields).
_FILE_SUFFIXES = frozenset(
    "pdf zip gz tgz png jpg jpeg gif svg webp avif html htm md txt ppt pptx key odp doc docx "
    "mp4 mov mp3 csv json xml ipynb rmd qmd r py".split()
)


def profile_folders(root: Path) -> list[Path]:
    """Folders of people's profile pages inside the talk source (``speakers/``, ``authors/`` …)."""
    found = []
    for dirpath, dirnames, _ in os.walk(root):
        for name in list(dirnames):
            if name.lower() in PROFILE_FOLDERS:
                found.append(Path(dirpath, name))
                dirnames.remove(name)
    return sorted(found)


def is_event_page(path: Path) -> bool:
    """True for files that can hold a talk: Markdown pages that are not ``_index`` sections."""
    return path.suffix.lower() in (".md", ".markdown") and not path.name.startswith("_index")


def is_profile_page(path: Path, root: Path) -> bool:
    """True for pages inside a profile folder (``speakers/``, ``authors/``, ``person/`` …)."""
    rel = parts_below(path, root) or ()
    return any(part.lower() in PROFILE_FOLDERS for part in rel[:-1])


def read_page(path: Path, settings: ReaderSettings, report: Report) -> Talk | None:
    """Read one Hugo/Jekyll page into a :class:`Talk`.

    Returns None for drafts (info notice) and unreadable files (warning); every
    fault is recorded in ``report`` with the file's line and a subtype.
    """
    text = read_text(path, report)
    if text is None:
        return None
    fm = split(text, report)
    # the front matter's values are checked once parsed (see build_talk): escapes too
    fm.body = check_mojibake(fm.body, settings.fix_mojibake, report, fm.body_line)
    if fm.format == "yaml":
        check_yaml11(text, report)
    check_body_fences(fm.body, fm.body_line, report)
    return build_talk(path, fm, settings, report)


_YAML11 = re.compile(
    r"^\s*(?:-\s+|(?P<key>[\w.-]+)\s*:\s+)"
    r"(?P<value>yes|no|on|off|y|n|Yes|No|On|Off|YES|NO|ON|OFF|\d{1,2}:\d{2}(?::\d{2})?)\s*(?:#.*)?$"
)
#: Boolean fields we act on, with what a value that is not a boolean means for them
#: (``draft``/``all_day``: false, ``published``: true; see :func:`_flag`).
_FLAG_DEFAULTS = {"draft": False, "all_day": False, "published": True}
_FENCE_LIKE = re.compile(r"^(?:\+\+\+|---)\s*$")
_KEY_VALUE = re.compile(r"^[A-Za-z_][\w-]*\s*[:=]")


def check_yaml11(text: str, report: Report) -> None:
    """Report values that YAML 1.1 (PyYAML's default, Jekyll, older Hugo) reads
    differently from Hugo's YAML 1.2: ``yes``/``no``/``on``/``off`` and ``10:30`` stay
    text here.

    A warning where this changes what the catalog does: ``draft: yes`` and
    ``all_day: on`` are not taken as true, ``published: no`` not as false.  Elsewhere
    (``draft: no``, ``featured: yes``, ``time: 10:30``) both readings mean the same
    to the catalog, or the text is what the page meant: an info notice.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        m = _YAML11.match(line)
        if not m:
            continue
        value, key = m.group("value"), (m.group("key") or "").lower()
        read = f"{value!r} is read as text, as Hugo does"
        yaml11 = {"yes": True, "on": True, "no": False, "off": False}.get(value.lower())
        if line[:1].isspace():  # nested (params:) or inside a block scalar: not the page's flag
            yaml11 = None
        if key in _FLAG_DEFAULTS and yaml11 is not None and yaml11 != _FLAG_DEFAULTS[key]:
            report.warn(
                number,
                "yaml11",
                f"{read}, so {key} stays {str(_FLAG_DEFAULTS[key]).lower()}; YAML 1.1 (Jekyll) "
                f"reads {str(yaml11).lower()}: write {key}: {str(yaml11).lower()}",
            )
        else:
            report.info(number, "yaml11", f"{read} (YAML 1.1 would not)")


def check_body_fences(body: str, first_line: int, report: Report) -> None:
    """Warn about a ``+++``/``---`` line in the body that looks like a second front matter."""
    lines = body.split("\n")
    in_code = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code or not _FENCE_LIKE.match(line):
            continue
        following = next((x for x in lines[i + 1 : i + 4] if x.strip()), "")
        if line.startswith("+++") or _KEY_VALUE.match(following):
            report.warn(
                first_line + i,
                "fence-in-body",
                f"{line.strip()!r} line in the body looks like a front-matter fence",
            )


def check_mojibake(text: str, fix: bool, report: Report, first_line: int = 1) -> str:
    """Warn (with the line; ``text`` starts at file line ``first_line``) about text such as
    ``TÃ¼bingen``; repair it when ``fix``."""
    if text.isascii():
        return text
    lines = text.split("\n")
    changed = False
    for number, line in enumerate(lines, start=first_line):
        repaired = _repaired(line)
        if repaired is None:
            continue
        if fix:
            lines[number - first_line] = repaired
            changed = True
        _report_mojibake(report, number, line, fix)
    return "\n".join(lines) if changed else text


def _repaired(text: str) -> str | None:
    """``text`` with its mis-decoded parts (UTF-8 read as Latin-1 or cp1252) repaired by
    ftfy, or None when it has none."""
    if text.isascii() or not ftfy.is_bad(text):
        return None
    repaired = ftfy.fix_encoding(text)
    return None if repaired == text else repaired


def _report_mojibake(report: Report, line: int, text: str, fixed: bool, key: str = "") -> None:
    """The ``mojibake`` notice (``fixed``) or warning at ``line`` for ``text`` (the
    value of front-matter field ``key``, or a line of the body when ``key`` is "")."""
    sample = next((w for w in text.split() if ftfy.is_bad(w)), text.strip())[:40]
    where = f"{key}: " if key else ""
    if fixed:
        report.info(line, "mojibake", f"{where}mis-decoded text {sample!r} repaired")
    else:
        report.warn(
            line,
            "mojibake",
            f"{where}mis-decoded text {sample!r} (probably {ftfy.fix_encoding(sample)!r}); "
            "set talks_fix_mojibake = True to repair it",
        )


def without_mojibake(fm: FrontMatter, fix: bool, report: Report) -> None:
    """Check every string value of ``fm.data`` (at any depth: speakers' names and
    affiliations, tags, link labels, an image's caption) for mis-decoded text, however
    it was written (as such, or as ``\\u00c3`` escapes).  When ``fix``, each such
    value is repaired in place with a ``mojibake`` notice, else left as written with a
    ``mojibake`` warning: one per top-level field, at its line
    (:meth:`FrontMatter.line_of`), naming the first such text.  Keys are left alone."""
    for key in list(fm.data):
        found: list[str] = []
        fm.data[key] = _without_mojibake(fm.data[key], fix, found)
        if found:
            _report_mojibake(report, fm.line_of(key), found[0], fix, key)


def _without_mojibake(value: Any, fix: bool, found: list[str]) -> Any:
    """``value`` with its strings repaired when ``fix`` (lists and mappings in place,
    a string returned anew); each string with mis-decoded text is added to ``found``."""
    top = [value]
    stack: list[tuple[Any, Any]] = [(top, 0)]
    while stack:  # no recursion: as deep as the parser went
        node, index = stack.pop()
        item = node[index]
        if isinstance(item, str):
            repaired = _repaired(item)
            if repaired is not None:
                found.append(item)
                if fix:
                    node[index] = repaired
        elif isinstance(item, list):
            stack.extend((item, i) for i in reversed(range(len(item))))
        elif isinstance(item, dict):
            stack.extend((item, k) for k in reversed(list(item)))
    return top[0]


def slug_field(data: dict[str, Any]) -> str | None:
    """The front-matter key the page's slug comes from: ``slug``, else ``url``, else
    ``permalink`` (the first holding a non-empty string); None: the file name."""
    for key in ("slug", "url", "permalink"):
        value = data.get(key)
        if isinstance(value, str) and value.strip().strip("/"):
            return key
    return None


#: Extensions of a page's file in a URL (Jekyll's ``permalink: /talk-b.html``): not part of a slug.
_PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php"})


def _page_name(segment: str) -> str:
    """The last segment of a page's URL without its page extension (``talk-b.html`` →
    ``talk-b``); other dots stay (``v1.2``)."""
    stem, suffix = posixpath.splitext(segment)
    return stem if stem and suffix.lower() in _PAGE_SUFFIXES else segment


def page_slug(path: Path, data: dict[str, Any]) -> tuple[str, str | None]:
    """``(slug, language)``: the ``slug`` field, else the last segment of ``url`` or
    ``permalink`` (see :func:`slug_field`) without a page extension (``.html``), else
    the bundle or file name; a translation (``index.es.md``) gets its language appended
    (``…-es``)."""
    stem = path.stem
    lang = None
    m = _LANG_SUFFIX.match(stem)
    if m and m.group("lang").lower() not in {"md"}:
        stem, lang = m.group("stem"), m.group("lang").lower()
    if stem == "index":
        stem = path.parent.name
    raw = None
    key = slug_field(data)
    if key is not None:
        value = data[key]
        raw = value.strip() if key == "slug" else _page_name(value.strip().strip("/").split("/")[-1])
    # a file name or slug field is the page's URL on the old site: kept whole up to a
    # length every file system takes (only titles are cut at 80)
    slug = slug_for(raw or stem, str(path), max_length=200)
    return (f"{slug}-{lang}" if lang else slug), lang


def _text(value: Any) -> str | None:
    """A trimmed, NFC-normalised string, or None for empty/non-scalar values."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        if "&" in value:  # `&quot;`, `&auml;`: templates render them as characters
            value = _ENTITY.sub(lambda m: html.unescape(m.group()), value)
        value = visible(unicodedata.normalize("NFC", value)).strip()
        return value or None
    return None


#: A complete HTML character reference (with its ``;``: ``&copy=1`` in a URL stays).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _flag(value: Any) -> bool | None:
    """A boolean field as Hugo casts it (``"true"``/``"false"`` strings too)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _past_gap(report: Report, found: When | None, line: int, zone: ZoneInfo) -> When | None:
    """``found``, or for a time of day ``zone`` skips (a DST gap) the same moment as the
    zone's clocks show it, with a ``dst-gap`` warning at ``line`` in ``report`` (see
    :mod:`sphinx_talks.dates`)."""
    if found is None or not found.has_time or not in_gap(found.value):
        return found
    shifted = past_gap(found.value)
    report.warn(
        line,
        "dst-gap",
        f"{found.value:%Y-%m-%d %H:%M} does not exist in {zone.key} (the clocks skip it at the "
        f"change to daylight saving time); read with the offset before the change, as "
        f"{shifted:%H:%M %Z}",
    )
    return dataclasses.replace(found, value=shifted)


class _Builder:
    """Fills one :class:`Talk` from front matter and body."""

    def __init__(self, path: Path, fm: FrontMatter, settings: ReaderSettings, report: Report) -> None:
        self.path, self.fm, self.settings, self.report = path, fm, settings, report
        self.data = fm.data
        self.used: set[str] = set()
        self.assets: dict[str, Path] = {}
        below = parts_below(path, settings.root)
        rel = "/".join(below) if below is not None else path.as_posix()
        # a file name need not be UTF-8: its undecodable bytes count as themselves
        self.asset_dir = hashlib.sha1(rel.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        self.bad_date = False  # an unreadable date was reported (no "no-date" on top)

    def get(self, key: str) -> Any:
        if key in self.data:
            self.used.add(key)
        return self.data.get(key)

    def strings(self, key: str) -> list[str]:
        """The scalar items of field ``key`` (a value or a list); other items are
        reported as ``bad-type`` and left out."""
        items = []
        for item in _as_list(self.get(key)):
            text = _text(item)
            if text is None:
                if item not in (None, False) and not (isinstance(item, str) and not item.strip()):
                    self.report.warn(self.line(key), "bad-type", f"{key}: {item!r} is not text; left out")
                continue
            items.append(text)
        return items

    def text(self, key: str) -> str | None:
        """Field ``key`` as text; a non-text value is reported as ``bad-type``."""
        value = self.get(key)
        text = _text(value)
        if text is None and value not in (None, False) and not (isinstance(value, str) and not value.strip()):
            # (a blank string is an empty field, not a fault)
            self.report.warn(self.line(key), "bad-type", f"{key} = {value!r} is not text; left out")
        return text

    def line(self, key: str) -> int:
        return self.fm.line_of(key)

    # -- dates -----------------------------------------------------------------------------
    def zone(self) -> ZoneInfo:
        name = _text(self.get("timezone"))
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                self.report.warn(
                    self.line("timezone"),
                    "bad-timezone",
                    f"unknown time zone {name!r}; using {self.settings.zone.key}",
                )
        return self.settings.zone

    def when(self, key: str, zone: ZoneInfo) -> When | None:
        value = self.get(key)
        if value is None or value == "":
            return None
        found = read_when(value, zone)
        if found is None:
            if isinstance(value, date):  # parsed (a datetime too), but out of range in the zone
                message = (
                    f"{key} = {value.isoformat()} lies outside the years 2 to 9998, "
                    f"within which times are converted between zones ({zone.key})"
                )
            else:
                message = f"cannot read {key} = {value!r} as a date"
            self.report.warn(self.line(key), "bad-date", message)
            self.bad_date = True
        elif (
            isinstance(value, str)
            and not re.match(r"^\d{4}-\d{1,2}-\d{1,2}([T ]\d{2}:|$)", value.strip())
            and re.match(r"^\d{4}-", value.strip())
        ):
            self.report.info(
                self.line(key), "odd-date", f"non-ISO date {value!r} read as {found.value.isoformat()}"
            )
        return found

    def last_modified(self) -> datetime | None:
        """The page's ``lastmod`` as an aware datetime, or None; a value that cannot be
        read is a ``bad-date`` warning at its line, as in ``date`` (it does not make
        the talk undated, so no ``no-date`` warning is held back for it)."""
        value = self.get("lastmod")
        if value is None or value == "":
            return None
        bad = self.bad_date
        found = self.when("lastmod", self.zone())
        self.bad_date = bad
        return found.value if found else None

    def dates(self, talk: Talk, summary_when: tuple[When, When | None] | None) -> None:
        zone = self.zone()
        talk.timezone = zone.key
        start = None
        start_key = "date"
        for key in ("time_start", "datestart", "date_start", "startdate", "date", "recorded", "publishdate"):
            start = self.when(key, zone)
            if start:
                start_key = key
                break
        end = None
        end_key = "time_end"
        for end_key in ("time_end", "dateend", "date_end", "enddate"):
            end = self.when(end_key, zone)
            if end:
                break
        clock = self.get("time")
        start_line = self.line(start_key)  # where the start's time of day was written
        if start and not start.has_time and isinstance(clock, str):
            t = read_clock(clock)
            if t is None:
                self.report.warn(
                    self.line("time"), "bad-date", f"cannot read time = {clock!r} as a clock time"
                )
            if t:
                start = When(datetime.combine(start.value.date(), t, tzinfo=zone), True)
                start_line = self.line("time")
        if summary_when:
            s_start, s_end = summary_when
            if start is None:
                start, end = s_start, end or s_end
            elif s_start.value.date() != start.value.date():
                start, end = self.disagreement(start, end, start_key, s_start, s_end)
            elif not start.has_time and s_start.has_time:
                start = s_start
                end = end or s_end
            elif end is None and s_end is not None:
                end = s_end
        said = summary_when or (None, None)  # a time the summary gave is at its line
        start = _past_gap(self.report, start, self.line("summary") if start is said[0] else start_line, zone)
        end = _past_gap(self.report, end, self.line("summary" if end is said[1] else end_key), zone)
        all_day = _flag(self.get("all_day")) is True
        if start and not start.has_time and not all_day:
            # a date alone is what many pages and formats state (Jekyll talks, pyvideo's
            # `recorded`): shown as a date, nothing is wrong, so a notice
            self.report.info(self.line(start_key), "no-time", "the talk has a date but no time of day")
        if start and end and start.has_time and end.has_time:
            if (start.written_offset is None) != (end.written_offset is None):
                self.report.warn(
                    self.line(end_key),
                    "mixed-timezones",
                    "start and end mix a time with an offset and one without; both read in "
                    f"{zone.key} where no offset is given",
                )
        if start:
            talk.start, talk.has_time = start.value, start.has_time and not all_day
            if start.written_offset is not None and start.written_offset != start.value.utcoffset():
                talk.written_offset = start.written_offset
        if end and start:
            dated = not (end.has_time and start.has_time)  # compare days: one of them has no time
            if end.value.date() < start.value.date() or (not dated and end.value < start.value):
                self.report.warn(
                    self.line(end_key),
                    "end-before-start",
                    "the end lies before the start; end ignored",
                )
            elif not (dated and end.value.date() == start.value.date()):
                # a date-only end on a later day: a multi-day event, shown with its last day
                talk.end, talk.end_has_time = end.value, end.has_time and start.has_time
        if talk.start is None and not self.bad_date:  # an unreadable date was reported already
            if self.fm.format == "json" and "recorded" in self.data and self.data["recorded"] is None:
                # pyvideo writes `recorded: null` for a date nobody knows: nothing to fix here
                self.report.info(self.line("recorded"), "no-date", "recorded is null; listed as undated")
            else:
                self.report.warn(1, "no-date", "no date found; the talk is listed as undated")

    def disagreement(
        self, start: When, end: When | None, key: str, s_start: When, s_end: When | None
    ) -> tuple[When, When | None]:
        """The talk's ``(start, end)`` when front-matter ``key`` and the summary name
        different days, chosen by evidence: the body's own mentions of either day.
        The summary (with its time) wins unless the body names the field's day and
        not the summary's; a time only the summary states is kept on the field's day.
        A ``date-mismatch`` warning names both values and their lines."""
        found = mentions(strip_comments(self.fm.body))
        for_summary = mentioned(found, s_start.value.date())
        for_field = mentioned(found, start.value.date())
        written = f"{key} = {start.value.date()} (line {self.line(key)})"
        said = f"the summary's {s_start.value.date()} (line {self.line('summary')})"
        if for_field is not None and for_summary is None:
            day = f"{start.value.date():%B} {start.value.day}"
            evidence = f"the body names {day} at line {self.fm.body_line + for_field}"
            if not start.has_time and s_start.has_time:
                clock = s_start.value.timetz()
                start = When(datetime.combine(start.value.date(), clock), True)
                if s_end is not None and s_end.has_time:
                    shift = s_end.value - s_start.value
                    end = end or When(start.value + shift, True)
            message = f"{written} differs from {said}; {evidence}, so {key} is used"
            self.report.warn(self.line(key), "date-mismatch", message)
            return start, end
        evidence = (
            f"the body agrees at line {self.fm.body_line + for_summary}"
            if for_summary is not None
            else "the body names neither day"
        )
        self.report.warn(
            self.line("summary"),
            "date-mismatch",
            f"{said} differs from {written}; {evidence}, so the summary's date and time are used",
        )
        return s_start, s_end

    # -- people ----------------------------------------------------------------------------
    def speakers(self, summary_names: list[tuple[str, tuple[str, ...]]]) -> list[Speaker]:
        people: list[Speaker] = []
        for key in ("speakers", "speaker", "authors", "author", "presenters", "presenter"):
            for item in _as_list(self.get(key)):
                if isinstance(item, dict):
                    name = _text(item.get("name")) or _text(item.get("title"))
                    if not name:
                        self.report.warn(self.line(key), "bad-speaker", f"{key} entry without a name")
                        continue
                    homepage = None
                    for k in ("homepage", "url", "website", "link"):
                        homepage = homepage or myst.safe_url(item.get(k), {"http", "https"})
                        if _text(item.get(k)) and not myst.safe_url(item.get(k), {"http", "https"}):
                            self.report.warn(
                                self.line(key),
                                "unsafe-url",
                                f"speaker {k} {item.get(k)!r} is not an http(s) URL",
                            )
                    bio = _text(item.get("bio")) or _text(item.get("description"))
                    photo = next(
                        (
                            _text(item.get(k))
                            for k in ("photo", "image", "img", "avatar")
                            if _text(item.get(k))
                        ),
                        None,
                    )
                    people.append(
                        make_speaker(
                            name,
                            homepage=homepage,
                            bio=myst.escape(bio) if bio else None,
                            affiliation=_text(item.get("affiliation"))
                            or _text(item.get("organization"))
                            or _text(item.get("company")),
                            photo=self.photo(photo, self.line(key)) if photo else None,
                        )
                    )
                elif isinstance(item, str) and _text(item):
                    names = split_names(_text(item))
                    if not names:
                        self.report.warn(
                            self.line(key),
                            "bad-speaker",
                            f"{key}: {item!r} holds no name, only titles; left out",
                        )
                    people.extend(make_speaker(n, t) for n, t in names)
                elif isinstance(item, str):
                    self.report.info(self.line(key), "bad-speaker", f"{key}: an empty entry left out")
                elif item not in (None, False):
                    self.report.warn(self.line(key), "bad-type", f"{key}: {item!r} is not a name; left out")
            if people and key in ("speakers", "speaker"):
                break
        for name, titles in summary_names:
            people.append(make_speaker(name, titles))
        return _merge(people)

    def photo(self, ref: str, line: int) -> str | None:
        return myst.safe_url(ref, {"http", "https"}) or self.image_target(ref, line)

    # -- files -----------------------------------------------------------------------------
    def image_target(self, ref: str, line: int) -> str | None:
        """MyST path of a copied image, or None (with a notice) when it cannot be used."""
        external = myst.safe_url(ref, {"http", "https"})
        if external:
            return external
        found = resolve_file(ref, self.path.parent, self.settings)
        if found is None:
            in_bundle = self.path.stem.split(".")[0] == "index" and not ref.startswith("/")
            if ".." in ref.replace("\\", "/").split("/"):
                self.report.warn(
                    line, "image-not-found", f"image {ref!r} points outside the allowed folders; refused"
                )
            elif not in_bundle and not self.settings.static:
                self.report.info(
                    line, "image-not-found", f"image {ref!r} is a site path; set talks_static to use it"
                )
            else:
                self.report.warn(
                    line, "image-not-found", f"image {ref!r} not found inside the allowed folders"
                )
            return None
        return self.file_target(found)

    def file_target(self, found: Path) -> str:
        """MyST path under which ``found`` (a file inside the allowed folders) is copied."""
        name = next((n for n, p in self.assets.items() if p == found), None)
        if name is None:
            # the folder's hash in the file name too: Sphinx copies pictures to one
            # folder by file name, numbering clashes in the order it meets them, so
            # names shared across talks would differ between incremental and clean builds
            stem = f"{self.asset_dir}-{len(self.assets)}-{slug_for(found.stem)}"
            name = f"{self.asset_dir}/{stem}{found.suffix.lower()}"
            self.assets[name] = found
        return f"{self.settings.asset_prefix}/{name}"

    # -- links and videos ------------------------------------------------------------------
    def link(self, label: str, url: Any, key: str, links: list[Link], detail: str = "") -> None:
        """Append the link ``url`` (a front-matter value of ``key``) to ``links``: an
        http(s) URL, a bare host as https, a site path made absolute with
        ``talks_base_url``, or a bundle file; what is none of these is kept as text with a
        ``bad-url`` warning at the key's line."""
        start = len(links)
        self._link(label, url, key, links)
        if detail:
            links[start:] = [dataclasses.replace(item, detail=detail) for item in links[start:]]

    def _link(self, label: str, url: Any, key: str, links: list[Link]) -> None:
        text = _text(url)
        if not text:
            return
        safe = myst.safe_url(text)
        if safe:
            links.append(Link(label, safe))
            return
        host = text.split("/")[0].rsplit(".", 1)[-1].lower()
        if _BARE_HOST.match(text) and host not in _FILE_SUFFIXES and myst.safe_url("https://" + text):
            # `www.example.org`, as schedule exports and forms take a homepage: the site's
            # pages made it a link, so does the catalog
            links.append(Link(label, myst.safe_url("https://" + text)))
            self.report.info(self.line(key), "no-scheme", f"{key} = {text!r} linked as https://{text}")
            return
        absolute = absolute_url(text, self.settings)
        if absolute and myst.safe_url(absolute):
            links.append(Link(label, myst.safe_url(absolute)))
            return
        if text.startswith("/") and not text.startswith("//"):
            links.append(Link(label, text, kind="text"))
            self.report.info(
                self.line(key),
                "relative-link",
                f"{key} = {text!r} is a site path; set talks_base_url to link it",
            )
            return
        found = None if ":" in text.split("/")[0] else resolve_file(text, self.path.parent, self.settings)
        if found is not None:
            links.append(Link(label, self.file_target(found), kind="file"))
            return
        self.report.warn(
            self.line(key),
            "bad-url",
            f"{key} = {text!r} is neither an http(s) URL nor a file of the page bundle; shown as text",
        )
        links.append(Link(label, text, kind="text"))

    def link_fields(self, item: dict[str, Any], key: str, talk: Talk, videos: list[Video]) -> None:
        """A ``links``/``resources`` entry without ``url`` whose fields hold the URLs
        (rOpenSci's ``{title, speaker, slides: URL, video: URL}``): each URL is linked,
        labelled with the entry's title and the field, and a video's URL also embedded (a
        player; without a title the player only); an entry with no URL at all is a
        ``bad-url`` warning."""
        heading = _text(item.get("title")) or _text(item.get("name")) or _text(item.get("label"))
        found_any = False
        for field, raw in item.items():
            value = _text(raw)
            if not value or not re.match(r"(?i)https?://", value):
                continue
            found_any = True
            found = parse_video(value)
            if isinstance(found, Video):
                videos.append(found)
                if not heading:  # the player is the video; a titled one keeps its button too
                    continue
            text = field.replace("_", " ").capitalize()
            label = f"{heading}: {text}" if heading else text
            self.link(label, value, key, talk.links, _text(item.get("speaker")) or "")
        if not found_any and any(_text(v) for v in item.values()):
            self.report.warn(self.line(key), "bad-url", f"{key}: {item!r} has no url; left out")

    def listed_links(self, talk: Talk, videos: list[Video]) -> None:
        """The links of the front matter, appended to ``talk.links``.  First the entries of
        ``links``, ``resources`` and ``related_urls``: a URL or a mapping with ``url`` and
        a name (``name``, ``label``, ``title``, or Hugo Blox's ``type``); a video's URL
        also goes to ``videos`` (a player).  A named entry keeps its button whatever its
        URL (a YouTube short named "Teaser"); an unnamed one, or Hugo Blox's ``type:
        video``, is the player only.
        A mapping without ``url`` is read by :meth:`link_fields`; other items are
        ``bad-type`` warnings at the key's line.  Then the fields of :data:`LINK_FIELDS`
        (``url_slides`` …), each a button with the field's label whatever its URL."""
        for key in ("links", "resources", "related_urls"):
            for item in _as_list(self.get(key)):
                if isinstance(item, dict):
                    url = _text(item.get("url"))
                    kind = (_text(item.get("type")) or "").casefold()
                    name = _text(item.get("name")) or _text(item.get("label")) or _text(item.get("title"))
                    if not name and kind and kind != "video":
                        name = LINK_FIELDS.get(f"url_{kind}") or kind.replace("_", " ").capitalize()
                    detail = (
                        _text(item.get("details"))
                        or _text(item.get("detail"))
                        or _text(item.get("description"))
                        or ""
                    )
                elif isinstance(item, str):
                    url, name, detail = _text(item), None, ""
                else:
                    if item not in (None, "", False):
                        self.report.warn(
                            self.line(key), "bad-type", f"{key}: {item!r} is not a link; left out"
                        )
                    continue
                if not url and isinstance(item, dict):
                    self.link_fields(item, key, talk, videos)
                    continue
                if not url:
                    continue
                found = parse_video(url)
                if isinstance(found, Video):
                    videos.append(found)
                if name or not isinstance(found, Video):
                    self.link(name or "Link", url, key, talk.links, detail)
        for key, label in LINK_FIELDS.items():
            if isinstance(self.data.get(key), str):
                self.link(label, self.get(key), key, talk.links)

    def media(self, talk: Talk) -> None:
        videos: list[Video] = []

        def add(
            found: Video | str | None, raw: str, key: str, label: str = "Video", detail: str = ""
        ) -> None:
            if isinstance(found, Video):
                videos.append(found)
                dropped = dropped_parameters(raw) if "?" in raw else []
                if dropped:
                    self.report.warn(
                        self.line(key),
                        "video-id-query",
                        f"{key}: parameter {', '.join(dropped)} of {raw!r} not kept in the embed",
                    )
                elif "?" in raw and share_parameters(raw):
                    self.report.info(
                        self.line(key),
                        "video-id-query",
                        f"{key}: share parameters dropped ({', '.join(share_parameters(raw))})",
                    )
            elif isinstance(found, str):
                talk.playlists.append(found)
                self.report.warn(
                    self.line(key), "youtube-playlist", f"playlist {found!r} cannot be embedded; linked"
                )
            else:
                self.link(label, raw, key, talk.links, detail)

        for key in VIDEO_FIELDS:
            if not all(isinstance(v, str) for v in _as_list(self.data.get(key))):
                continue  # frab's <recording> holds a license, not a video: left for "More details"
            for raw in _as_list(self.get(key)):
                if _text(raw):
                    add(parse_video(_text(raw)), _text(raw), key)
        for key in [k for k in self.data if _VIDEO_KEY.search(k) and not _NOT_VIDEO.search(k)]:
            # videoId, video_id, youtube_id, youtubeId …: an id or a URL
            for raw in _as_list(self.get(key)):
                value = _text(raw) or (_text(raw.get("id")) if isinstance(raw, dict) else None)
                if not value:
                    continue
                found = parse_video(value) if "/" in value else None
                if found is None and "/" not in value:
                    found = parse_vimeo(value) if "vimeo" in key or value.isdigit() else parse_youtube(value)
                if found is None and "/" not in value:
                    self.report.warn(self.line(key), "bad-video-id", f"unusable {key} id {value!r}")
                    continue
                add(found, value, key)
        for key, parse in (("youtube", parse_youtube), ("vimeo", parse_vimeo)):
            for raw in _as_list(self.get(key)):
                value = _text(raw) or (_text(raw.get("id")) if isinstance(raw, dict) else None)
                if value:
                    found = parse(value)
                    if found is None:
                        self.report.warn(self.line(key), "bad-video-id", f"unusable {key} id {value!r}")
                    add(found, value, key)
        for raw in _as_list(self.get("videos")):
            if isinstance(raw, dict) and _text(raw.get("url")):
                # pyvideo's sources: the kind of each ("mp4", "webm", "peertube") tells them apart
                add(
                    parse_video(_text(raw["url"])),
                    _text(raw["url"]),
                    "videos",
                    detail=_text(raw.get("type")) or "",
                )
        self.listed_links(talk, videos)
        event = self.data.get("event")
        if isinstance(event, dict):
            self.used.add("event")
            for key, label in (("eventurl", "Event page"), ("organizerurl", "Organizer")):
                self.link(label, event.get(key), "event", talk.links)
            talk.event = _text(event.get("organizername")) or _text(event.get("name"))
        else:
            talk.event = _text(self.get("event"))
        seen: set[tuple[str, str]] = set()
        for video in videos:
            if video.key not in seen:
                seen.add(video.key)
                talk.videos.append(video)

    # -- the page --------------------------------------------------------------------------
    def build(self) -> Talk | None:
        data = self.data
        draft, published = _flag(self.get("draft")), _flag(self.get("published"))
        if draft is True or published is False:
            key = "draft" if draft is True else "published"
            self.report.info(self.line(key), "draft", "draft page left out of the catalog")
            return None
        slug, lang = page_slug(self.path, data)
        key = slug_field(data)
        slug_line = self.line(key) if key else 1
        source = str(data[key]).strip("/").split("/")[-1] if key else ""
        source = source or self.path.stem
        if not any(c.isascii() and c.isalnum() for c in source):
            self.report.warn(
                slug_line,
                "slug-transliterated",
                f"name {source!r} has no ASCII letters; its page is {slug!r}",
            )
        self.used.update(k for k in ("slug", "url", "permalink") if k in data)
        title = self.text("title") or _text(self.get("name"))
        if not title:
            title = slug.replace("-", " ").strip().capitalize() or self.path.stem
            self.report.warn(1, "no-title", f"page has no title; using {title!r}")
        language = next(
            (t for t in (self.text("language"), self.text("lang"), self.text("content_locale")) if t), None
        )
        talk = Talk(source=self.path, slug=slug, title=title, language=language or lang, line=slug_line)
        self.publication(talk)

        summary = self.text("summary")
        summary_names: list[tuple[str, tuple[str, ...]]] = []
        summary_when = None
        summary_used = False
        if summary:
            m = _SUMMARY.match(summary)
            if m:
                summary_names = split_names(m.group("names"))
                summary_when = (
                    read_human(m.group("when") or "", self.settings.zone) if m.group("when") else None
                )
                if summary_when:
                    zone = self.zone()
                    summary_when = tuple(  # type: ignore[assignment]
                        (
                            When(w.value.astimezone(zone), True, w.written_offset)
                            if w.written_offset is not None
                            else When(w.value.replace(tzinfo=zone), w.has_time)
                        )
                        if w
                        else None
                        for w in summary_when
                    )
                summary_used = bool(summary_names) and (summary_when is not None or not m.group("when"))
                unread = CLOCK_WRITTEN.search(m.group("when") or "")
                if summary_used and unread and not (summary_when and summary_when[0].has_time):
                    # a time the summary states but that cannot be read: keep the summary shown
                    summary_used = False
                    self.report.warn(
                        self.line("summary"),
                        "bad-date",
                        f"the summary's time {unread.group(0)!r} cannot be read; "
                        "the summary is shown as written",
                    )
            elif read_human(summary, self.settings.zone) and "|" in summary:
                summary_when = read_human(summary, self.zone())
        talk.summary = None if summary_used else summary
        self.dates(talk, summary_when)

        talk.abstract = self.text("abstract")
        talk.description = (
            _text(self.get("description")) or _text(self.get("excerpt")) or _text(self.get("subtitle"))
        )
        talk.location = self.text("location")
        address = self.get("address")
        if isinstance(address, dict):  # Hugo Blox: street, city, …
            parts = [_text(address.get(k)) for k in ("street", "city", "region", "postcode", "country")]
            joined = ", ".join(p for p in parts if p)
        else:  # a line of text (Meetup exports)
            joined = self.text("address") or ""
        if joined:
            talk.location = f"{talk.location}, {joined}" if talk.location else joined
        talk.venue = self.text("venue")
        talk.kind = self.kind()
        talk.license = self.text("copyright_text") or self.text("license")
        thumbnail = self.text("thumbnail_url")
        talk.thumbnail = myst.safe_url(thumbnail, {"http", "https"}) or None if thumbnail else None
        talk.tags = _unique(str(t).strip() for t in self.strings("tags"))
        self.media(talk)

        self.picture(talk)

        speakers = self.speakers(summary_names)
        self.body(talk, speakers)
        talk.speakers = speakers
        talk.extra = self.extra()
        talk.unused = {key: self.line(key) for key in self.data if key not in self.used}
        talk.assets = self.assets
        return talk

    def picture(self, talk: Talk) -> None:
        """``talk.image`` and ``talk.image_caption``: ``image`` (a path or URL, a list's
        first, or Hugo Blox's ``{filename, caption, focal_point}``), else a page bundle's
        ``featured.*``; an image that cannot be used is a notice (see :meth:`image_target`)."""
        image = self.get("image")
        if isinstance(image, dict):
            caption = image.get("caption")
            talk.image_caption = _text(caption)
            if talk.image_caption is None and isinstance(caption, list | dict):
                self.report.warn(self.line("image"), "bad-type", f"image.caption {caption!r} is not text")
            image = image.get("filename") or image.get("src")
        if isinstance(image, list):
            image = next(iter(self.strings("image")), None)
        if _text(image):
            talk.image = self.image_target(_text(image), self.line("image"))
        elif not image:
            featured = (
                sorted(self.path.parent.glob("featured.*")) if self.path.name.startswith("index") else []
            )
            if featured:
                talk.image = self.image_target(featured[0].name, 1)

    def body(self, talk: Talk, speakers: list[Speaker]) -> None:
        """Read the page's body once (:func:`~sphinx_talks.markup.facts.read_body`): its
        videos, header links, pictures and bios join ``talk`` and ``speakers``."""
        known_videos = {v.key for v in talk.videos}
        ctx = Context(
            report=self.report,
            first_line=self.fm.body_line,
            resolve_image=self.image_target,
            shortcodes=dict(self.settings.shortcodes),
            disabled=self.settings.disabled,
            raw_html=self.settings.raw_html,
            seen_videos=set(known_videos),  # the page's own video fields are the header's
        )
        people = {identity(person.name) for person in speakers}
        facts = read_body(self.fm.body, ctx, known=lambda name: identity(name) in people)
        talk.body, talk.body_line, talk.body_text = self.fm.body, self.fm.body_line, facts.text
        talk.body_skip, talk.pictures, talk.redirect = frozenset(facts.skip), facts.pictures, facts.redirect
        talk.refs = tuple(facts.refs)
        talk.videos.extend(v for v in facts.videos if v.key not in known_videos)
        talk.videos_in_body = {v.key for v in facts.videos} - known_videos
        talk.playlists = _unique(talk.playlists + facts.playlists)
        known = {link.url for link in talk.links}
        talk.links.extend(link for link in facts.links if link.url not in known)
        by_identity = {identity(s.name): s for s in speakers}
        for bio in facts.bios:
            # "**Dr. Matthias Aßenmacher** is …" is the summary's "Dr. Matthias Aßenmacher":
            # people meet by identity (honorifics, case and accents folded), not by slug
            speaker = by_identity.get(identity(bio.name))
            if speaker is None and bio.consumed:
                speaker = self.same_person(bio, [s for s in speakers if not s.bio])
            if speaker is None:
                if not bio.consumed:
                    continue
                speaker = make_speaker(bio.name)
                speakers.append(speaker)
                by_identity[identity(speaker.name)] = speaker
            speaker.titles = speaker.titles or strip_titles(bio.name)[1]
            speaker.homepage = speaker.homepage or myst.safe_url(bio.homepage or "", {"http", "https"})
            if bio.photo and not speaker.photo:
                speaker.photo = self.photo(bio.photo, bio.line)
            if bio.consumed and not speaker.bio:
                speaker.bio = bio.text

    # -- what the old site published ----------------------------------------------------------
    def publication(self, talk: Talk) -> None:
        """``old_urls``, ``uid``, ``updated`` and ``cancelled`` of ``talk`` (see :class:`Talk`).

        Old URLs: ``url`` and ``permalink`` as written, every ``aliases`` entry, and
        for a Hugo page without ``url`` the URL Hugo gave it: the folders below the
        source folder under ``old_url_root``, then the ``slug`` or the file or bundle
        name, lower-cased (Jekyll's ``_`` folders and ``_index`` pages get none).  An
        entry that is not a usable path is a ``bad-url`` warning at its line."""
        found: list[tuple[str, int]] = []

        def add(value: str, key: str) -> None:
            path = url_path(value)
            if path is None:
                self.report.warn(self.line(key), "bad-url", f"{key} {value!r} is not a URL path; no redirect")
            elif path not in (p for p, _ in found):
                found.append((path, self.line(key)))

        for key in ("url", "permalink"):
            value = self.data.get(key)
            if isinstance(value, str) and value.strip():
                add(value, key)
        aliases = self.strings("aliases")
        for alias in aliases:
            add(alias, "aliases")
        root = self.settings.old_url_root
        below = parts_below(self.path, self.settings.root) or ()
        bundle = self.path.stem.split(".")[0] == "index"
        if bundle and len(below) < 2:
            below = ()  # the source folder's own index page: its URL is the folder's
        if root is not None and below and not any(k in self.data for k in ("url", "permalink")):
            folders = list(below[:-2] if bundle else below[:-1])
            name = below[-2] if bundle else self.path.stem.split(".")[0]
            slug = self.data.get("slug")
            if isinstance(slug, str) and slug.strip().strip("/"):
                name = slug.strip().strip("/")
            if not name.startswith("_") and not any(f.startswith("_") for f in folders):
                address = root.rstrip("/") + "/" + "/".join([*folders, name]).lower() + "/"
                derived = url_path(address)
                if derived is None:
                    message = f"the page's old address {address!r} is no URL path; no redirect"
                    self.report.info(1, "redirect", message)
                elif derived not in (p for p, _ in found):
                    found.append((derived, 1))
        talk.old_urls = found
        uid = self.text("uid")
        if uid:
            talk.uid_claim = ("uid", self.line("uid"))
        elif aliases and url_path(aliases[0]):
            uid = slug_for(url_path(aliases[0]).strip("/").split("/")[-1].rsplit(".", 1)[0])
            talk.uid_claim = ("aliases", self.line("aliases"))
        talk.uid = uid or talk.slug  # made unique across the catalog by sources.uids
        talk.updated = self.last_modified()
        flags = [_flag(self.get(k)) for k in ("cancelled", "canceled")]
        status = (self.text("status") or "").casefold()
        talk.cancelled = (
            True in flags or status in ("cancelled", "canceled") or bool(_CANCELLED.search(talk.title))
        )

    def same_person(self, bio: Any, candidates: list[Speaker]) -> Speaker | None:
        """The speaker among ``candidates`` (this talk's, without a bio) whose name is a
        near spelling of a Speakers-section bio's ``**name**`` (``Muthasham`` in the
        summary, ``Muhtasham`` above the bio): one person, named as the bio names them,
        with a ``speaker-near-duplicate`` notice.  None when no candidate is near."""
        forms = near_forms(identity(bio.name))
        near = [s for s in candidates if forms & near_forms(identity(s.name))]
        if len(near) != 1:
            return None
        speaker = near[0]
        clean, titles = strip_titles(bio.name)
        self.report.info(
            bio.line,
            "speaker-near-duplicate",
            f"{speaker.name!r} and the bio's {clean!r} are taken as one person, named {clean!r}",
        )
        speaker.name, speaker.slug = clean, key_for(clean)
        speaker.titles = speaker.titles or titles
        return speaker

    def kind(self) -> str | None:
        """The talk's type: ``talktype``/``talk_type``/``session_type``, or a ``type`` that
        reads as a label (Jekyll's ``type: "Keynote"``; Hugo's ``type = "event"`` picks a
        layout and is left alone)."""
        for key in ("talk_type", "talktype", "session_type"):
            if self.text(key):
                return self.text(key)
        value = self.data.get("type")
        if isinstance(value, str) and _text(value) and (value != value.lower() or " " in value.strip()):
            return self.text("type")
        return None

    def extra(self) -> dict[str, str]:
        """Front-matter values nothing else used (shown under "More details")."""
        out: dict[str, str] = {}
        for key, value in self.data.items():
            if key in self.used or key in STRUCTURAL or key in LINK_FIELDS:
                continue
            for name, text in _flatten(key, value):
                out[name] = text
        return out


def ref_token(target: str, line: int) -> str:
    """A placeholder for a ``ref``/``relref`` target, resolved by the renderer once
    every talk's slug is known (see :meth:`sphinx_talks.render.Catalog.resolve_refs`)."""
    clean = re.sub(r"[\x00()\s]", "", target)
    return f"\x00REF:{line}:{clean}\x00"


def _flatten(key: str, value: Any, depth: int = 0) -> list[tuple[str, str]]:
    if depth > 3 or value in (None, "", [], {}) or value is False:
        return []
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _flatten(f"{key}.{k}", v, depth + 1)]
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return [(key, ", ".join(str(v) for v in value if v not in (None, "")))]
        return [pair for i, v in enumerate(value, 1) for pair in _flatten(f"{key}.{i}", v, depth + 1)]
    if isinstance(value, (datetime, time)):
        return [(key, value.isoformat())]
    return [(key, str(value))]


def _unique(items: Any) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _merge(people: list[Speaker]) -> list[Speaker]:
    """One entry per person (:func:`~sphinx_talks.sources.common.identity` of the
    name, not the slug: 佐藤 健太 and 佐藤 建太 share one), keeping the first and filling
    its gaps from the others."""
    merged: dict[str, Speaker] = {}
    for person in people:
        first = merged.setdefault(identity(person.name), person)
        if first is not person:
            for attr in ("homepage", "photo", "bio", "affiliation"):
                if not getattr(first, attr) and getattr(person, attr):
                    setattr(first, attr, getattr(person, attr))
            first.titles = tuple(dict.fromkeys(first.titles + person.titles))
    return list(merged.values())


def build_talk(path: Path, fm: FrontMatter, settings: ReaderSettings, report: Report) -> Talk | None:
    """A :class:`Talk` from an already split page (see :func:`read_page`); the front
    matter's values are cleaned of control characters and mis-decoded text first."""
    without_controls(fm, report)
    without_mojibake(fm, settings.fix_mojibake, report)
    return _Builder(path, fm, settings, report).build()
