"""iCalendar files (RFC 5545 with RFC 7986's ``NAME`` and ``CONFERENCE``), through
the ``icalendar`` library.

Each dated talk is one ``VEVENT``:

- ``UID``: a UUID (version 5) of the talk's ``uid`` key (its ``uid`` field, else its
  first Hugo alias, else its slug, made unique across the catalog once slugs are: see
  :mod:`sphinx_talks.sources.uids`), so a talk keeps its UID across builds and across
  a rename that lists the old URL in ``aliases``, and no two talks share one;
- ``DTSTART``/``DTEND``: with ``TZID`` and a ``VTIMEZONE`` for talks in a named zone
  (UTC as ``Z``; a fixed offset converted to UTC); date-only talks as ``VALUE=DATE``,
  ``DTEND`` being the day after the last day;
- ``DTSTAMP`` the page's ``lastmod``, else its start, in UTC, and ``LAST-MODIFIED`` the
  ``lastmod``: nothing depends on the build's clock, so two builds are byte-identical;
- ``SUMMARY``, ``DESCRIPTION`` (plain text: summary or abstract, speakers, the page's
  URL), ``URL`` (with a site URL), ``LOCATION``, ``CATEGORIES`` (tags),
  naming at most ``bounded.MAX_NAMED`` speakers and tags (an event is in the
  calendar of each of them: see :mod:`bounded`),
  ``CONFERENCE`` for each recording, ``STATUS`` (``CANCELLED`` where the page says so).

Undated talks are left out of every calendar.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

import icalendar
from sphinx.application import Sphinx

from .bounded import first_named, names_line
from .model import Talk
from .publish import clean_text, lead_text, page_url
from .render import Catalog

#: Namespace of the talks' UIDs (a fixed UUID: changing it would change every UID).
UID_NAMESPACE = uuid.UUID("6f0d3c1e-7f5b-5d2a-9a57-2b3c1e0f4a11")
PRODID = "-//sphinx-talks//talk catalog//EN"


def talk_uid(talk: Talk) -> str:
    """The talk's calendar UID: a UUID string made from its ``uid`` key."""
    return str(uuid.uuid5(UID_NAMESPACE, talk.uid or talk.slug))


def _moment(value: datetime) -> datetime:
    """``value`` as iCalendar writes it: in its named zone, or in UTC."""
    if isinstance(value.tzinfo, ZoneInfo) and value.tzinfo.key not in ("UTC", "Etc/UTC"):
        return value
    return value.astimezone(UTC)


def plain_text(talk: Talk, url: str | None) -> str:
    """The event's ``DESCRIPTION``: the talk's lead text, its speakers (the first
    ``bounded.MAX_NAMED``, then "and N more") and its page."""
    parts = [t for t in (lead_text(talk),) if t]
    if talk.speakers:
        parts.append("Speakers: " + names_line([s.display_name for s in talk.speakers]))
    if url:
        parts.append(url)
    return "\n\n".join(parts)


def event(app: Sphinx, catalog: Catalog, talk: Talk) -> icalendar.Event:
    """The ``VEVENT`` of a dated ``talk`` (see the module's description)."""
    assert talk.start is not None
    url = page_url(app, f"{catalog.layout.prefix}/{talk.slug}")
    item = icalendar.Event()
    item.add("uid", talk_uid(talk))
    stamp = (talk.updated or talk.start).astimezone(UTC)
    item.add("dtstamp", stamp)
    if talk.updated:
        item.add("last-modified", talk.updated.astimezone(UTC))
    if talk.has_time:
        item.add("dtstart", _moment(talk.start))
        if talk.end and talk.end > talk.start:
            if talk.end_has_time:
                item.add("dtend", _moment(talk.end))
            else:
                item.add("dtend", _moment(talk.end + timedelta(days=1)))
    else:
        first: date = talk.start.date()
        last = talk.end.date() if talk.end and talk.end.date() >= first else first
        item.add("dtstart", first)
        item.add("dtend", last + timedelta(days=1))
    item.add("summary", one_line(talk.title))
    description = plain_text(talk, url)
    if description:
        item.add("description", clean_text(description))
    if url:
        item.add("url", url)
    place = ", ".join(p for p in (talk.venue, talk.location) if p)
    if place:
        item.add("location", clean_text(place))
    if talk.tags:
        item.add("categories", [one_line(t) for t in first_named(list(dict.fromkeys(talk.tags)))[0]])
    for video in talk.videos:
        item.add(
            "conference", video.url, parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Recording"}
        )
    item.add("status", "CANCELLED" if talk.cancelled else "CONFIRMED")
    return item


def one_line(text: str) -> str:
    """``text`` as one line a calendar can carry: line breaks and runs of white space
    become one space (``NAME`` and ``CATEGORIES`` cannot hold a line break)."""
    return " ".join(clean_text(text).split())


def calendar(app: Sphinx, catalog: Catalog, talks: list[Talk], title: str) -> bytes:
    """One ``VCALENDAR`` of the dated ``talks`` (oldest first), named ``title``; the
    ``VTIMEZONE`` of each zone used covers the years of the talks, each with a year
    either side (see :func:`year_spans`): not the centuries between them.

    The same events as adding every :func:`event` to an ``icalendar.Calendar``, calling
    ``add_missing_timezones`` and ``to_ical`` (whose zones would cover every year from
    the first talk to the last), but each talk's ``VEVENT`` is made and
    serialised once per build (a talk is in the catalog's, its year's, each speaker's,
    each tag's and its series' calendars and its own), and each ``VTIMEZONE`` once per
    zone and set of years.  Components follow the calendar's properties in the order
    icalendar writes them: the zones, then the events."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", one_line(title))
    cal.add("x-wr-calname", one_line(title))
    dated = sorted((t for t in talks if t.start), key=lambda t: (t.start, t.slug))  # type: ignore[arg-type, return-value]
    made = _made(catalog)
    events = [made.event(app, catalog, talk) for talk in dated]
    years = {t.start.year for t in dated} | {t.end.year for t in dated if t.end}  # type: ignore[union-attr]
    spans = year_spans(years)
    tzids = sorted({tzid for _, tzids in events for tzid in tzids})
    timezones = b"".join(made.timezone(tzid, spans) for tzid in tzids)
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + timezones + b"".join(text for text, _ in events) + end


def year_spans(years: set[int]) -> tuple[tuple[int, int], ...]:
    """The spans of years (first, last, both included, within 1–9999) a calendar's
    ``VTIMEZONE`` covers: each of ``years`` with the year before and after it, spans
    that touch joined.  Their number and length grow with the talks, not with the
    distance between them (talks in the years 3 and 9997 give two spans of three
    years)."""
    spans: list[list[int]] = []
    for year in sorted(years):
        first, last = max(year - 1, 1), min(year + 1, 9999)
        if spans and first <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], last)
        else:
            spans.append([first, last])
    return tuple((first, last) for first, last in spans)


class _Made:
    """Per catalog: the serialised ``VEVENT`` and zone ids of each talk, and the
    ``VTIMEZONE`` of each (zone, spans of years)."""

    def __init__(self) -> None:
        self.events: dict[str, tuple[bytes, frozenset[str]]] = {}
        self.zones: dict[tuple[str, tuple[tuple[int, int], ...]], bytes] = {}
        self.observances: dict[tuple[str, int, int], list[icalendar.cal.Component] | None] = {}

    def event(self, app: Sphinx, catalog: Catalog, talk: Talk) -> tuple[bytes, frozenset[str]]:
        if talk.slug not in self.events:
            item = event(app, catalog, talk)
            tzids = frozenset(
                str(prop.params["TZID"])
                for key in ("dtstart", "dtend")
                if (prop := item.get(key)) is not None and "TZID" in prop.params
            )
            self.events[talk.slug] = (item.to_ical(), tzids)
        return self.events[talk.slug]

    def timezone(self, tzid: str, spans: tuple[tuple[int, int], ...]) -> bytes:
        """The serialised ``VTIMEZONE`` of ``tzid`` for the years of ``spans`` (see
        :func:`year_spans`): the observances icalendar gives for each span, in one
        component (empty for a zone icalendar does not know: ``add_missing_timezones``
        leaves it out)."""
        key = (tzid, spans)
        if key not in self.zones:
            parts = [self._observances(tzid, first, last) for first, last in spans]
            if not spans or any(part is None for part in parts):
                self.zones[key] = b""
                return b""
            zone = icalendar.Timezone()
            zone.add("tzid", tzid)
            covered = ", ".join(f"{first:04d}-01-01 to {last:04d}-12-31" for first, last in spans)
            zone.add("comment", f"This timezone only works from {covered}.")
            for part in parts:
                for observance in part or ():
                    zone.add_component(observance)
            self.zones[key] = zone.to_ical()
        return self.zones[key]

    def _observances(self, tzid: str, first: int, last: int) -> list[icalendar.cal.Component] | None:
        """The ``STANDARD``/``DAYLIGHT`` components of ``tzid`` from ``first`` to
        ``last`` (years), or None for a zone icalendar does not know."""
        key = (tzid, first, last)
        if key not in self.observances:
            try:
                zone = icalendar.Timezone.from_tzid(
                    tzid, first_date=date(first, 1, 1), last_date=date(last, 12, 31)
                )
            except ValueError:
                zone = None
            self.observances[key] = list(zone.subcomponents) if zone is not None else None
        return self.observances[key]


_MADE: WeakKeyDictionary[Catalog, _Made] = WeakKeyDictionary()


def _made(catalog: Catalog) -> _Made:
    if catalog not in _MADE:
        _MADE[catalog] = _Made()
    return _MADE[catalog]
