"""Talk model → MyST pages: one page per talk, and the index pages.

Page structure (chosen for builds linear in the number of talks, see
``docs/design.md``): the catalog index holds a small toctree of year pages and
the speaker and tag indexes; talk, speaker and tag pages are *orphans* reached
through links from those index pages and from each other (previous/next talk
links), so no theme walks a toctree whose size grows with the catalog.  Builders
that write one document from the root's toctree (LaTeX, texinfo, singlehtml) would
leave orphans out, so the year, speaker and tag indexes also hold ``talk-pages``
blocks: hidden toctrees of their pages on those builders only.  The text written is
the same for every builder (two builders sharing the source folder never rewrite each
other's pages); what differs is decided when the page is read (:mod:`degrade`).

Every front-matter value is written through :func:`myst.escape` or
:func:`myst.safe_url`; talk bodies are MyST already made safe by the converter.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import myst
from .content import language_tag
from .diagnostics import Diagnostic, Report
from .i18n import _, language_name, long_date, ngettext
from .markup.facts import digest
from .model import Link, Speaker, Talk
from .people import Directory, resolve_people
from .sources.common import identity, key_for, slug_for

DAY = timedelta(days=1)
#: Catalogs of more talks than this list them compactly (one line each, no pictures).
COMPACT_AFTER = 300
_SLIDES = re.compile(r"slide|deck|presentation|folien|diapo", re.IGNORECASE)
_SLIDE_HOSTS = ("speakerdeck.com", "slideshare.net", "slides.com", "docs.google.com/presentation")


@dataclass(frozen=True)
class Layout:
    """Where pages go: ``prefix`` is the docname folder of the catalog (``"talks"``);
    ``today`` splits upcoming from past talks on the catalog index (``config.today``;
    None: no split);
    ``written_zone``: no zone was configured or
    found, so times are shown in the UTC offset each page wrote; ``language``: the
    project's ``language``, for dates (labels follow Sphinx's translation);
    ``speaker_pages``/``tag_pages``: ``"auto"`` (a page for a speaker with two or more
    talks or anything beyond a name, a tag with two or more talks) or ``"all"``."""

    prefix: str = "talks"
    title: str = "Talks"
    language: str | None = None
    base_url: str | None = None
    privacy: bool = True
    today: date | None = None
    written_zone: bool = False
    speaker_pages: str = "auto"
    tag_pages: str = "auto"
    #: video hosts the site's Hugo ``[privacy]`` settings disable (see sources.site)
    disabled: frozenset[str] = frozenset()

    def doc(self, *parts: str) -> str:
        """Absolute MyST link target of a generated page (``/talks/x.md``)."""
        return self.docname(*parts) + ".md"

    def docname(self, *parts: str) -> str:
        """Absolute docname of a generated page (``/talks/x``), for directive options."""
        return "/" + "/".join((self.prefix, *parts))


def _shown(talk: Talk, written_zone: bool) -> tuple[datetime, datetime | None, str]:
    """Start, end and zone label a talk is shown with: in the zone of its times, or,
    with ``written_zone``, in the UTC offset its page wrote (when it wrote one)."""
    assert talk.start is not None
    if written_zone and talk.written_offset is not None:
        zone = timezone(talk.written_offset)
        end = talk.end.astimezone(zone) if talk.end else None
        return talk.start.astimezone(zone), end, zone.tzname(None)
    label = talk.start.tzname() or talk.timezone
    if talk.timezone not in (label, "UTC"):
        label = f"{label} ({talk.timezone})"
    return talk.start, talk.end, label


def _overnight(talk: Talk, start: datetime, end: datetime | None) -> bool:
    """True for a timed talk that ends on a later day less than a day after it starts
    (23:00–00:30): one day with an end time, not a multi-day event."""
    return bool(
        end and talk.has_time and talk.end_has_time and end.date() > start.date() and end - start < DAY
    )


def format_date(talk: Talk, written_zone: bool = False, language: str | None = None) -> str:
    """``"Thursday, 2024-05-23"`` (plus `` – 2024-05-24`` for multi-day talks) or
    ``"Undated"``; in another ``language``, its own full date (:func:`i18n.long_date`)."""
    if talk.start is None:
        return _("Undated")
    start, end, _zone = _shown(talk, written_zone)
    text = long_date(start.date(), language)
    if end and end.date() != start.date() and not _overnight(talk, start, end):
        last = f"{end:%Y-%m-%d}" if text.endswith(f"{start:%Y-%m-%d}") else long_date(end.date(), language)
        text += f" – {last}"
    return text


def _clock(talk: Talk, start: datetime, end: datetime | None) -> str:
    """``"18:00–20:00"``, ``"23:00–00:30 (next day)"``, ``"09:00 – 2024-06-03 17:00"``."""
    text = f"{start:%H:%M}"
    if not end or not talk.end_has_time:
        return text
    if end.date() == start.date():
        return f"{text}–{end:%H:%M}"
    if _overnight(talk, start, end):
        return f"{text}–{end:%H:%M} " + _("(next day)")
    return f"{text} – {end:%Y-%m-%d %H:%M}"


def _across_change(talk: Talk, start: datetime, end: datetime) -> str:
    """A range across a change of the zone's offset (daylight saving time), each end with
    its own abbreviation: ``"01:00 CET – 04:00 CEST (Europe/Berlin)"`` (two hours)."""
    if end.date() == start.date():
        last = f"{end:%H:%M %Z}"
    elif _overnight(talk, start, end):
        last = f"{end:%H:%M %Z} " + _("(next day)")
    else:
        last = f"{end:%Y-%m-%d %H:%M %Z}"
    text = f"{start:%H:%M %Z} – {last}"
    return text if talk.timezone in (start.tzname(), "UTC") else f"{text} ({talk.timezone})"


def format_time(talk: Talk, written_zone: bool = False) -> str | None:
    """``"18:00–20:00 UTC"`` (zone name added when it differs from the abbreviation;
    each end with its own abbreviation across a DST change, ``"01:00 CET – 04:00
    CEST"``), then the local time the page wrote when its offset differs; with
    ``written_zone`` (no zone configured or found) the times are shown in the offset
    the page wrote."""
    if not talk.start or not talk.has_time:
        return None
    start, end, label = _shown(talk, written_zone)
    text = f"{_clock(talk, start, end)} {label}"
    if end is not None and talk.end_has_time and end.tzname() != start.tzname():
        text = _across_change(talk, start, end)
    if talk.written_offset is not None and not written_zone:
        local = timezone(talk.written_offset)
        there = _clock(talk, start.astimezone(local), end.astimezone(local) if end else None)
        text += f"; {there} {local.tzname(None)} " + _("local time")
    return text


def _sort_key(talk: Talk) -> tuple[float, str]:
    return (talk.start.timestamp() if talk.start else float("-inf"), talk.slug)


def newest_first(talks: list[Talk]) -> list[Talk]:
    """Talks sorted newest first; undated talks last; ties by slug."""
    return sorted(talks, key=_sort_key, reverse=True)


class Catalog:
    """Renders every page of one catalog.

    ``talks`` have unique slugs; :meth:`pages` yields ``(path, MyST text)`` with
    paths relative to the catalog folder (``"auroram-lm.md"``, ``"years/2024.md"``).
    """

    def __init__(self, talks: list[Talk], layout: Layout, directory: Directory | None = None) -> None:
        self.layout = layout
        directory = directory or Directory()
        self.directory = directory
        self.diagnostics: list[Diagnostic] = []
        resolve_people(talks, directory, self.diagnostics)
        self.talks = newest_first(talks)
        self.by_slug = {t.slug: t for t in self.talks}
        self.person_slugs = _page_slugs({p.slug for t in self.talks for p in t.speakers})
        self.tag_slugs = _page_slugs({key_for(tag) for t in self.talks for tag in t.tags})
        self.speakers: dict[str, Speaker] = {}
        self.speaker_talks: dict[str, list[Talk]] = defaultdict(list)
        for talk in self.talks:
            for person in talk.speakers:
                person.slug = self._person_slug(person.slug)
                known = self.speakers.setdefault(person.slug, replace(person))
                for attr in ("homepage", "photo", "bio", "affiliation", "titles"):
                    if not getattr(known, attr) and getattr(person, attr):
                        setattr(known, attr, getattr(person, attr))
                if _remote(known.photo) and person.photo and not _remote(person.photo):
                    known.photo = person.photo  # a photo the site holds beats a hot-linked one
                listed = self.speaker_talks[person.slug]
                if not listed or listed[-1] is not talk:  # talks arrive in order: check the last
                    listed.append(talk)
        self.tag_talks: dict[str, list[Talk]] = defaultdict(list)
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for talk in self.talks:
            for tag in talk.tags:
                key = self._tag_slug(tag)
                spellings[key][tag] += 1
                listed = self.tag_talks[key]
                if not listed or listed[-1] is not talk:
                    listed.append(talk)
        self.tag_names = {k: c.most_common(1)[0][0] for k, c in spellings.items()}
        self.years: dict[str, list[Talk]] = defaultdict(list)
        for talk in self.talks:
            self.years[self.year_of(talk)].append(talk)
        #: the speakers and tags that get a page of their own; the others are named on
        #: their talk's page, and the speakers' and tags' indexes link that page
        self.speaker_pages = {
            slug
            for slug, person in self.speakers.items()
            if layout.speaker_pages == "all"
            or len(self.speaker_talks[slug]) > 1
            or any((person.bio, person.photo, person.homepage, person.affiliation))
        }
        self.tag_pages = {
            slug for slug, talks in self.tag_talks.items() if layout.tag_pages == "all" or len(talks) > 1
        }
        #: ``{key: (name, talks newest first)}`` of every series (a talk's ``event``):
        #: the newest talk's spelling of a name is shown; the key is a page slug
        #: (a series called "index" gets ``index-2``, as tags and speakers do)
        self.series_slugs = _page_slugs({key_for(t.event) for t in self.talks if t.event})
        self.series: dict[str, tuple[str, list[Talk]]] = {}
        for talk in self.talks:
            if talk.event:
                self.series.setdefault(self.series_key(talk.event), (talk.event, []))[1].append(talk)

    def year_of(self, talk: Talk) -> str:
        """The year of ``talk`` as its page shows its date (``"undated"`` without one)."""
        return str(_shown(talk, self.layout.written_zone)[0].year) if talk.start else "undated"

    def series_key(self, event: str) -> str:
        """The page slug of the series named ``event``."""
        key = key_for(event)
        return self.series_slugs.get(key, key)

    def _person_slug(self, slug: str) -> str:
        return self.person_slugs.get(slug, slug)

    def tag_slug(self, tag: str) -> str:
        """The page slug of ``tag`` (any spelling)."""
        slug = key_for(tag)
        return self.tag_slugs.get(slug, slug)

    _tag_slug = tag_slug

    def speaker_page(self, slug: str) -> str | None:
        """The docname (below the catalog folder) of the page that presents speaker
        ``slug``: their own (``speakers/<slug>``), else their only talk's; None for
        no speaker of this catalog."""
        if slug in self.speaker_pages:
            return f"speakers/{slug}"
        talks = self.speaker_talks.get(slug)
        return talks[0].slug if talks else None

    def tag_page_of(self, slug: str) -> str | None:
        """The docname (below the catalog folder) of the page that lists tag ``slug``'s
        talks: its own (``tags/<slug>``), else its only talk's; None for no tag."""
        if slug in self.tag_pages:
            return f"tags/{slug}"
        talks = self.tag_talks.get(slug)
        return talks[0].slug if talks else None

    # -- pages -----------------------------------------------------------------------------
    def pages(self) -> Iterator[tuple[str, str]]:
        """Every generated page as ``(path, MyST text)``, one at a time (a large catalog's
        pages are never all in memory): the catalog index, talk, year, speaker and tag pages."""
        yield "index.md", self.index_page()
        for talk in self.talks:
            yield f"{talk.slug}.md", self.talk_page(talk)
        for year, talks in self.years.items():
            yield f"years/{year}.md", self.year_page(year, talks)
        if self.speakers:  # an index kind with no entries is neither written nor linked
            yield "speakers/index.md", self.speakers_index()
        for slug, person in self.speakers.items():
            if slug in self.speaker_pages:
                yield f"speakers/{slug}.md", self.person_page(person, self.speaker_talks[slug])
        if self.tag_names:
            yield "tags/index.md", self.tags_index()
        for slug, talks in self.tag_talks.items():
            if slug in self.tag_pages:
                yield f"tags/{slug}.md", self.tag_page(slug, talks)
        if self.series:
            yield "series/index.md", self.series_index()
        for key, (name, talks) in self.series.items():
            yield f"series/{key}.md", self.series_page(key, name, talks)

    def talk_page(self, talk: Talk) -> str:
        """The MyST page of one talk (its previous/next links are added when written)."""
        L = self.layout
        year = self.year_of(talk)
        parts = [f"# {myst.escape(talk.title)}\n"]  # an orphan: {talk:talk} marks it
        tags = list(dict.fromkeys(self._tag_slug(t) for t in talk.tags))
        picture = self._picture(talk)
        lang = language_tag(talk.language) if talk.language else None
        options = {
            # as the page shows it (the offset the page wrote, when no zone is known), so
            # lists give the talk the day its page gives it
            "start": _shown(talk, L.written_zone)[0].isoformat() if talk.start else "",
            "speakers": ",".join(s.slug for s in talk.speakers),
            "tags": ",".join(tags),
            "event": self.series_key(talk.event) if talk.event else "",
        }
        shown = {  # what lists show, as content lines (see TalkObject)
            "tag-names": json.dumps([self.tag_names[t] for t in tags], ensure_ascii=False) if tags else "",
            # the speakers as the catalog names them (not all have a page to take it from)
            "speaker-names": json.dumps(
                [self.speakers[s.slug].display_name for s in talk.speakers], ensure_ascii=False
            )
            if talk.speakers
            else "",
            # the series as its page names it (one spelling for all its talks)
            "series": self.series[self.series_key(talk.event)][0] if talk.event else "",
            # the filter's facet: the language, without its region (de-DE and de are one)
            "language": lang.split("-")[0].lower() if lang else "",
            "picture": picture or "",
            "video": "yes" if talk.videos or talk.playlists else "",
            "duration": str(talk.duration) if talk.duration and talk.videos else "",
            "slides": "yes" if any(is_slides(link) for link in talk.links) else "",
        }
        content = "\n".join(
            key if value == "yes" else f"{key} {myst.one_line(value)}"
            for key, value in shown.items()
            if value
        )
        parts.append(
            myst.directive("talk:talk", talk.slug, {k: v for k, v in options.items() if v}, content=content)
        )
        place = ", ".join(p for p in (talk.venue, talk.location) if p)
        meta = {
            "date": format_date(talk, L.written_zone, L.language),
            "time": format_time(talk, L.written_zone) or "",
            "place": place,
            "kind": talk.kind or "",
            "license": talk.license or "",
            "language": language_name(lang or talk.language.strip(), L.language) if talk.language else "",
        }
        links = [f"crumbs {L.docname('index')} {L.docname('years', year)}"]  # where the page lies
        # a speaker or tag without a page of their own is named, not linked ("-")
        links += [
            f"speaker {L.docname('speakers', s.slug) if s.slug in self.speaker_pages else '-'} "
            f"{myst.one_line(s.display_name)}"
            for s in talk.speakers
        ]
        for tag in dict.fromkeys(self._tag_slug(t) for t in talk.tags):
            target = L.docname("tags", tag) if tag in self.tag_pages else "-"
            links.append(f"tag {target} {myst.one_line(self.tag_names[tag])}")
        if talk.event:  # the series as the page writes it, linked to the series' page
            links.append(
                f"series {L.docname('series', self.series_key(talk.event))} {myst.one_line(talk.event)}"
            )
        options = {k: myst.option(v) for k, v in meta.items() if v}
        parts.append(myst.directive("talk-meta", "", options, content="\n".join(links)))
        if talk.redirect:  # a mapped shortcode forwards the page, as the old site's template did
            parts.append(
                myst.link(_("This talk's page has moved to {url}").format(url=talk.redirect), talk.redirect)
                + "\n"
            )
        if isinstance(talk.image, str) and talk.image not in talk.pictures.values():
            parts.append(_banner(talk, talk.image))
        own = (
            bool(lang)
            and lang.split("-")[0].lower() != (L.language or "en").replace("_", "-").split("-")[0].lower()
        )
        if own:  # the talk's own text, in its language when that is not the site's (content.py)
            parts.append(myst.directive("talk-content", "start", {"lang": lang}))
        shown = talk.body_text + "\n" + (talk.abstract or "")
        for lead in dict.fromkeys(t for t in (talk.summary, talk.description) if t):
            # the summary and the description both, unless one repeats the other or the body
            # (its text, or as written: an export's description keeps the body's "## Details")
            if not _repeats(lead, shown) and not _repeats(lead, talk.body):
                parts.append(_paragraphs(lead))
                shown += "\n" + lead
        for video in talk.videos:
            if video.key in talk.videos_in_body:
                continue
            parts.append(myst.video_block(video, L.privacy))
        for playlist in talk.playlists:
            url = myst.safe_url(f"https://www.youtube.com/playlist?list={playlist}")
            if url:
                parts.append(myst.link(_("Watch the playlist on YouTube"), url) + "\n")
        if talk.links:
            buttons = []
            for item in talk.links:
                label = f"{item.label} ({item.detail})" if item.detail else item.label
                if item.kind == "url":
                    options = {"color": "primary", "outline": ""}
                    buttons.append(
                        myst.directive("button-link", item.url, options, content=myst.escape(label))
                    )
                elif item.kind == "file":
                    buttons.append(f"{{octicon}}`download` {myst.link(label, item.url)}\n")
                else:
                    buttons.append(f"{myst.escape(label)}: {myst.escape(item.url)}\n")
            parts.append(myst.directive("container", "talks-links", content="\n".join(buttons), fence=4))
        if talk.abstract:
            parts.append(heading(2, _("Abstract")) + "\n" + _paragraphs(talk.abstract))
        if talk.body.strip():
            refs = {target: self.ref_target(target, 0, None)[:3] for target in talk.refs}
            parts.append(myst.directive("talk-body", talk.slug, {"digest": digest(talk, refs)}))
        if own:
            parts.append(myst.directive("talk-content", "end"))
        if talk.speakers:
            parts.append(heading(2, _("Speakers")) + "\n" + self.speaker_cards(talk.speakers))
        if talk.extra:
            field, value = myst.escape(_("Field")), myst.escape(_("Value"))
            rows = [f"| {field} | {value} |", "| --- | --- |"]
            for key, value in talk.extra.items():
                url = myst.safe_url(value, {"http", "https"})
                # a `|` would end the table cell: %7C is the same URL
                cell = myst.link(value, url.replace("|", "%7C")) if url else myst.escape(value)
                rows.append(f"| {myst.escape(key)} | {cell} |")
            parts.append(
                myst.directive("dropdown", myst.escape(_("More details")), content="\n".join(rows), fence=4)
            )
        parts.append(self._nav())
        return "\n".join(parts)

    def _picture(self, talk: Talk) -> str | None:
        """The picture lists show for ``talk``: its own image, else its first speaker's
        photo that the catalog has (a path below the source folder or an http(s) URL)."""
        if isinstance(talk.image, str):
            return talk.image
        for person in talk.speakers:
            photo = self.speakers.get(person.slug, person).photo or person.photo
            if photo:
                return str(photo)
        return None

    def ref_target(
        self, target: str, line: int, report: Report | None
    ) -> tuple[str | None, str, str | None, str]:
        """Where a ``ref``/``relref`` target links: ``(docname, anchor, url, title)``, the
        docname of the talk page it names (with the ``#anchor`` it asks for and the talk's
        title), else ``url`` on the old site (``talks_base_url``) or None.

        Hugo refuses to build a site whose ``ref`` names no page, so a target that is not
        a talk of this catalog is another page of the old site; an ``unresolved-ref``
        notice at the call's line says which (to ``report``, when given).
        """
        page, _hash, anchor = target.partition("#")
        slug = self._ref_slug(page) if page else None
        if slug:
            return self.layout.docname(slug).lstrip("/"), anchor, None, self.by_slug[slug].title
        url = self._site_url(target)
        if report is not None:
            message = (
                f"ref target {target!r} is not a talk of this catalog; linked to {url}"
                if url
                else f"ref target {target!r} is not a talk of this catalog; link text kept "
                "(set talks_base_url to link the old site)"
            )
            report.info(line, "unresolved-ref", message)
        return None, anchor, url, ""

    def _site_url(self, target: str) -> str | None:
        """The URL Hugo gives content file ``target`` (``/publication/x/index.md`` →
        ``<talks_base_url>/publication/x/``), or None without a base URL."""
        if not self.layout.base_url:
            return None
        parts = [p for p in target.strip().strip("/").split("/") if p]
        if parts and parts[-1] in ("index.md", "_index.md"):
            parts.pop()
        elif parts and parts[-1].endswith(".md"):
            parts[-1] = parts[-1][:-3]
        path = "/".join(slug_for(p) for p in parts)
        return myst.safe_url(self.layout.base_url.rstrip("/") + "/" + (path + "/" if path else ""))

    def _ref_slug(self, target: str) -> str | None:
        """The slug of the talk a ``ref`` target (``talk/x.md``, ``x/index.md``) names, or None."""
        names = [
            n
            for n in reversed(target.strip("/").split("/"))
            if n and n not in ("index.md", "_index.md", "index")
        ]
        for name in names[:2]:
            slug = slug_for(re.sub(r"\.md$", "", name))
            if slug in self.by_slug:
                return slug
        return None

    def speaker_cards(self, people: list[Speaker], linked: bool = True) -> str:
        """One ``talk-speaker`` card per speaker: photo or initials, name (linked to the
        speaker page when ``linked``), affiliation, homepage, bio."""
        cards = []
        for person in people:
            full = self.speakers.get(person.slug, person)
            # a talk page shows the person as that page names them, with its own photo
            # unless the catalog holds a local one and this page only a remote one
            shown = person if linked else full
            options = {"name": myst.option(shown.display_name)}
            if linked and full.slug in self.speaker_pages:
                options["page"] = self.layout.docname("speakers", full.slug)
            photo = person.photo if linked and person.photo else full.photo
            if linked and _remote(photo) and full.photo and not _remote(full.photo):
                photo = full.photo
            if photo:
                options["photo"] = myst.option(str(photo))
            if full.affiliation:
                options["affiliation"] = myst.option(full.affiliation)
            if full.homepage:
                options["homepage"] = myst.option(full.homepage)
                options["label"] = myst.option(_host(full.homepage))
            bio = person.bio or (full.bio if not linked else None)
            if bio:
                options["goldmark"] = ""
            cards.append(myst.directive("talk-speaker", full.slug, options, content=bio or ""))
        return "\n".join(cards)

    def _nav(self, up: str = "") -> str:
        """A ``talk-nav`` block: previous/next talk on talk pages, then ``up`` (a page of
        the catalog) and the catalog index."""
        targets = [self.layout.docname(up)] if up else []
        return myst.directive("talk-nav", " ".join([*targets, self.layout.docname("index")]))

    def _crumbs(self, parent: str) -> str:
        """A ``talk-crumbs`` block: the catalog index › ``parent`` (a page of the catalog)."""
        return myst.directive("talk-crumbs", f"{self.layout.docname('index')} {self.layout.docname(parent)}")

    def _hidden_toctree(self, entries: list[str]) -> str:
        """A ``talk-pages`` block of ``entries`` (paths below the catalog folder, written
        as absolute docnames so that a slug such as ``self`` stays a page): a hidden
        toctree on one-document builders, nothing on others; an empty string for no
        entries."""
        if not entries:
            return ""
        docnames = "\n".join(self.layout.docname(e) for e in entries)
        return "\n" + myst.directive("talk-pages", "", content=docnames)

    def _list(self, **options: str) -> str:
        """A ``talk-list`` block (filled from the domain when the page is written)."""
        return myst.directive("talk-list", "", options)

    def index_page(self) -> str:
        """The catalog index: counts, links to years/speakers/tags, all talks as cards.

        The hidden toctree of year, speaker and tag indexes follows the links; the
        sections holding lists are marked ``:one-document: omit``, so a builder writing
        one document leaves them out and the year pages, which list and include every
        talk, follow as the index's sections."""
        L = self.layout
        years = sorted((y for y in self.years if y != "undated"), key=int, reverse=True)
        if "undated" in self.years:
            years.append("undated")
        kinds = [
            (_("Speakers"), "speakers", self.speakers),
            (_("Tags"), "tags", self.tag_names),
            (_("Series"), "series", self.series),
        ]
        kinds = [(label, folder) for label, folder, entries in kinds if entries]
        toc = [f"years/{y}" for y in years] + [f"{folder}/index" for _, folder in kinds]
        parts = [
            f"# {myst.escape(L.title)}\n",
            label_block("talks-index"),
            myst.escape(
                _("{talks} {speakers}.").format(
                    talks=ngettext("{n} talk", "{n} talks", len(self.talks)).format(n=len(self.talks)),
                    speakers=ngettext("by {n} speaker", "by {n} speakers", len(self.speakers)).format(
                        n=len(self.speakers)
                    ),
                )
            )
            + "\n",
        ]
        year_links = " · ".join(myst.link(f"{y} ({len(self.years[y])})", L.doc("years", y)) for y in years)
        parts.append(strong(_("By year:")) + f" {year_links}\n")
        if kinds:
            browse = " · ".join(myst.link(label, L.doc(folder, "index")) for label, folder in kinds)
            parts.append(strong(_("Browse:")) + f" {browse}\n")
        parts.append(myst.directive("toctree", "", {"hidden": "", "maxdepth": "1"}, content="\n".join(toc)))
        omit = {"one-document": "omit"}
        # cards with pictures, or the compact list where a catalog is too big for them
        layout = "cards" if len(self.talks) <= COMPACT_AFTER else "list"
        parts.append(myst.directive("talk-filter", "", omit))
        today = L.today
        if today is not None and any(t.start and t.start.date() >= today for t in self.talks):
            parts.append(heading(2, _("Upcoming talks")))
            parts.append(self._list(when="upcoming", layout="cards", **omit))
            parts.append(heading(2, _("Past talks")))
            parts.append(self._list(when="past", layout=layout, **omit))
        else:
            parts.append(heading(2, _("All talks")))
            parts.append(self._list(layout=layout, **omit))
        return "\n".join(parts)

    def year_page(self, year: str, talks: list[Talk]) -> str:
        """One year's talks, newest first."""
        title = _("Undated talks") if year == "undated" else _("Talks in {year}").format(year=year)
        head = f"# {myst.escape(title)}\n\n{label_block(f'talks-year-{year}')}\n"
        return head + self._list(year=year, layout="cards") + self._hidden_toctree([t.slug for t in talks])

    def speakers_index(self) -> str:
        """All speakers, alphabetical, with their number of talks."""
        lines = [heading(1, _("Speakers")), label_block("talks-speakers")]
        for slug, person in sorted(self.speakers.items(), key=lambda kv: kv[1].name.casefold()):
            n = len(self.speaker_talks[slug])
            page = self.speaker_page(slug) or ""
            lines.append(f"- {myst.link(person.display_name, self.layout.doc(page))} ({n})")
        pages = [f"speakers/{s}" for s in sorted(self.speaker_pages)]
        return "\n".join(lines) + "\n" + self._hidden_toctree(pages)

    def person_page(self, person: Speaker, talks: list[Talk]) -> str:
        """One speaker: their card on top, then their talks newest first."""
        head = f"# {myst.escape(person.display_name)}\n\n"  # an orphan: {talk:speaker} marks it
        keys = [identity(person.name), *self.directory.aliases(person)]
        aliases = ",".join(dict.fromkeys(a for a in keys if a and a != person.slug))
        head += myst.directive("talk:speaker", person.slug, {"aliases": aliases} if aliases else {}) + "\n"
        head += self._crumbs("speakers/index")
        talk_list = self._list(speaker=person.slug, layout="cards")
        talks_heading = "\n" + heading(2, _("Talks")) + "\n"
        body = self.speaker_cards([person], linked=False) + talks_heading + talk_list
        return head + body + "\n" + self._nav("speakers/index")

    def tags_index(self) -> str:
        """All tags, alphabetical, with their number of talks."""
        lines = [heading(1, _("Tags")), label_block("talks-tags")]
        for slug, name in sorted(self.tag_names.items(), key=lambda kv: kv[1].casefold()):
            n = len(self.tag_talks[slug])
            lines.append(f"- {myst.link(name, self.layout.doc(self.tag_page_of(slug) or ''))} ({n})")
        return "\n".join(lines) + "\n" + self._hidden_toctree([f"tags/{t}" for t in sorted(self.tag_pages)])

    def tag_page(self, slug: str, talks: list[Talk]) -> str:
        """One tag's talks, newest first."""
        title = myst.escape(_("Talks tagged “{tag}”").format(tag=self.tag_names[slug]))
        head = f"# {title}\n\n{label_block(f'tag-{slug}', orphan=True)}\n"
        head += self._crumbs("tags/index")
        return head + self._list(tag=slug, layout="cards") + "\n" + self._nav("tags/index")

    def series_index(self) -> str:
        """All series, alphabetical, with their number of talks."""
        lines = [heading(1, _("Series")), label_block("talks-series")]
        for key, (name, talks) in sorted(self.series.items(), key=lambda kv: kv[1][0].casefold()):
            lines.append(f"- {myst.link(name, self.layout.doc('series', key))} ({len(talks)})")
        pages = [f"series/{key}" for key in sorted(self.series)]
        return "\n".join(lines) + "\n" + self._hidden_toctree(pages)

    def series_page(self, key: str, name: str, talks: list[Talk]) -> str:
        """One series' talks, newest first."""
        head = f"# {myst.escape(name)}\n\n{label_block(f'series-{key}', orphan=True)}\n"
        head += self._crumbs("series/index")
        about = next((t.series_about for t in talks if t.series_about is not None), None)
        if about is not None:  # what the series' own file says (pyvideo's category.json)
            days = [date.fromisoformat(d) for d in (about.start, about.end) if d]
            if days:
                shown = dict.fromkeys(long_date(d, self.layout.language) for d in days)
                head += "\n" + myst.escape(" – ".join(shown)) + "\n"
            if about.description:
                head += "\n" + _paragraphs(about.description)
            if about.url:
                head += "\n" + myst.link(about.url, about.url) + "\n"
        return head + self._list(event=key, layout="cards") + "\n" + self._nav("series/index")


def heading(level: int, text: str) -> str:
    """A MyST heading of ``level`` showing ``text`` literally, with its newline."""
    return f"{'#' * level} {myst.escape(text)}\n"


def label_block(name: str, orphan: bool = False) -> str:
    """The standard label ``name`` for the section it follows (see
    :class:`~sphinx_talks.domain.LabelObject`), with its newline; ``orphan`` marks the
    page an orphan (it is in no toctree)."""
    return myst.directive("talk:label", name, {"orphan": ""} if orphan else {})


def strong(text: str) -> str:
    """``text`` in bold, literally."""
    return f"**{myst.escape(text)}**"


def is_slides(link: Link) -> bool:
    """Whether ``link`` holds a talk's slides: its label says so ("Slides", "Deck") or it
    points at a slide host (Speaker Deck, SlideShare, Google Slides)."""
    return bool(_SLIDES.search(link.label)) or any(host in link.url for host in _SLIDE_HOSTS)


def _page_slugs(bases: set[str]) -> dict[str, str]:
    """Page slug per base slug: ``index`` (the folder's index page) becomes the first
    free ``index-N``; every other slug is kept."""
    slugs = {base: base for base in bases}
    if "index" in slugs:
        n = 2
        while f"index-{n}" in bases:
            n += 1
        slugs["index"] = f"index-{n}"
    return slugs


def _paragraphs(text: str) -> str:
    return "\n\n".join(myst.escape(p) for p in re.split(r"\n\s*\n", text) if p.strip()) + "\n"


def _repeats(lead: str, body: str) -> bool:
    """True when ``body`` already holds (most of) ``lead``: its first eight words in
    order, or all of a lead of fewer words, among the body's first 400 words."""
    words = re.findall(r"\w+", lead)[:12]
    if not words:
        return True
    body_words = " ".join(re.findall(r"\w+", body)[:400])
    if len(words) < 4:
        return re.search(rf"(?<!\w){re.escape(' '.join(words))}(?!\w)", body_words) is not None
    return " ".join(words[:8]) in body_words


def _banner(talk: Talk, image: str) -> str:
    """The MyST of ``talk``'s banner, ``image`` (class ``talks-banner``, the title as its
    alt text): a figure when the page gives a caption (see :func:`caption_myst`)."""
    # the alt text is an option value read as text: quoted, no Markdown escapes
    options = {"alt": myst.option(talk.title), "class": "talks-banner"}
    if not talk.image_caption:
        return myst.directive("image", image, options)
    options["figclass"] = "talks-banner-figure"
    return myst.directive("figure", image, options, content=caption_myst(talk.image_caption))


#: Reads a caption's Markdown inline syntax (HTML in it is text: see :func:`caption_myst`).
_INLINE = MarkdownIt("commonmark", {"html": False})


def caption_myst(text: str) -> str:
    """MyST (one line) showing a picture's caption as its page wrote it in Markdown
    (Hugo Blox's ``image.caption``, ``Photo by [X](https://unsplash.com/@x)``): each
    link to an http(s) URL stays a link, labelled with its text; everything else is
    shown as the text it reads as (emphasis without its marks, code with its
    backticks, HTML tags and roles as written, a link to another scheme as its label
    and URL).  Never raises; the result is safe MyST whatever ``text`` holds."""
    tokens = _INLINE.parseInline(text)[0].children or []
    out: list[str] = []
    plain: list[str] = []  # text not yet written
    label: list[str] | None = None  # the text of the link being read
    href = ""
    for token in tokens:
        if token.type == "link_open":
            label, href = [], str(token.attrGet("href") or "")
        elif token.type == "link_close" and label is not None:
            words = "".join(label)
            url = myst.safe_url(href, {"http", "https"})
            if url:
                out.append(_escaped("".join(plain)) + myst.link(words or url, url))
                plain = []
            else:
                plain.append(f"{words} ({href})" if words else href)
            label = None
        else:
            (plain if label is None else label).append(_token_text(token))
    return myst.one_line("".join(out) + _escaped("".join(plain)))


def _escaped(text: str) -> str:
    """:func:`myst.escape` of ``text`` keeping one space for its leading and trailing
    whitespace (it stands next to a link)."""
    core = myst.escape(text)
    if not core:
        return " " if text else ""
    return (" " if text[:1].isspace() else "") + core + (" " if text[-1:].isspace() else "")


def _token_text(token: Token) -> str:
    """What an inline token of :data:`_INLINE` reads as, as text."""
    if token.type == "code_inline":
        return f"{token.markup}{token.content}{token.markup}"
    if token.type in ("softbreak", "hardbreak"):
        return " "
    if token.type == "image":
        return token.content
    return token.content if token.type in ("text", "text_special") else ""


def _remote(photo: object) -> bool:
    """Whether a photo is an http(s) URL rather than a file the catalog copies."""
    return isinstance(photo, str) and photo.startswith(("http://", "https://"))


def _host(url: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url).rstrip("/") or url
