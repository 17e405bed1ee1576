"""Structured data and share cards on talk and speaker pages (HTML builders that
publish, see :func:`publish.publishes`).

JSON-LD (``<script type="application/ld+json">`` in ``<head>``), one ``@graph``:

- a talk with a recording: a ``VideoObject`` per video (``name``, ``description``,
  ``thumbnailUrl``, ``uploadDate`` — the talk's date —, ``embedUrl``, ``url``);
- a talk with a physical place (``location``/``venue``; online-only events are left
  out, as search engines ignore them): an ``Event`` with ``startDate``/``endDate``,
  ``eventStatus``, ``eventAttendanceMode``, ``location``, ``performer``, ``superEvent``
  (an ``EventSeries`` for the talk's series) and ``recordedIn`` linking its videos
  (which link back with ``recordedAt``);
- a ``Person`` per speaker, ``sameAs`` their homepage; speaker pages are a
  ``ProfilePage`` whose ``mainEntity`` is the ``Person``.

Values are data: the JSON is written with ``<``, ``>`` and ``&`` as ``\\u003c``…, so a
title holding ``</script>`` stays inside its string.

Share cards go through sphinxext-opengraph's per-page fields: ``og:description``
(the talk's summary), ``og:image`` (its picture, absolute) and ``og:type``
(``video.other`` for a recording, ``profile`` for a speaker); ``og:title`` is the page
title.  sphinxext-opengraph has no per-page Twitter fields, so the catalog writes
``twitter:card`` itself (``summary_large_image`` with a picture, else ``summary``)
unless a tag is already there.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx

from .config import get_config
from .i18n import _
from .model import Speaker, Talk
from .myst import unescape
from .publish import catalog_of, cut, file_url, lead_text, page_url, plain, publishes
from .render import Catalog

_PAGES: WeakKeyDictionary[Catalog, dict[str, tuple[str, Any]]] = WeakKeyDictionary()


def pages(catalog: Catalog) -> dict[str, tuple[str, Any]]:
    """``{docname: ("talk", Talk) or ("speaker", Speaker)}`` of the catalog (computed once)."""
    found = _PAGES.get(catalog)
    if found is None:
        prefix = catalog.layout.prefix
        found = {f"{prefix}/{t.slug}": ("talk", t) for t in catalog.talks}
        found.update(
            {
                f"{prefix}/speakers/{s}": ("speaker", p)
                for s, p in catalog.speakers.items()
                if s in catalog.speaker_pages
            }
        )
        _PAGES[catalog] = found
    return found


def script_json(data: Any) -> str:
    """``data`` as JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and the line
    separators escaped (the JSON means the same)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def lead(talk: Talk) -> str | None:
    """The talk's plain-text description (:func:`publish.lead_text`)."""
    return lead_text(talk)


def speaker_description(person: Speaker) -> str:
    """A speaker page's description (``og:description`` and ``<meta name=description>``):
    the name with the affiliation, then the bio as plain text in at most 300
    characters (front-matter text as written; a profile page's MyST without its
    marks), else "Talks by <name>"."""
    who = ", ".join(part for part in (person.display_name, person.affiliation) if part)
    literal = unescape(person.bio) if person.bio else None  # front-matter data: its text as written
    bio = plain(person.bio) if person.bio and literal is None else cut(literal or "")
    if bio:
        return f"{who}: {bio}"
    return _("Talks by {name}").format(name=who)


def _person(app: Sphinx, catalog: Catalog, person: Speaker) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person.display_name}
    url = (
        page_url(app, f"{catalog.layout.prefix}/speakers/{person.slug}")
        if person.slug in catalog.speaker_pages
        else None
    )
    if url:
        data["url"] = url
    if person.homepage:
        data["sameAs"] = [person.homepage]
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    return data


def _picture(app: Sphinx, image: Any) -> str | None:
    """The absolute URL of a talk's picture: a remote URL, or the copy the builder made
    of the page's image (None without a site URL or when the page shows none)."""
    if not isinstance(image, str):
        return None
    if image.startswith(("https://", "http://")):
        return image
    entry = app.env.images.get(image.lstrip("/"))
    if entry is None:
        return None
    return file_url(app, f"{app.builder.imagedir}/{entry[1]}")


def iso_duration(seconds: int) -> str:
    """``seconds`` as an ISO 8601 duration (``1913`` → ``"PT31M53S"``)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + "".join(f"{v}{u}" for v, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if v)


def talk_graph(app: Sphinx, catalog: Catalog, talk: Talk, docname: str) -> list[dict[str, Any]]:
    """The JSON-LD nodes of ``talk``'s page (see the module's description)."""
    url = page_url(app, docname)
    description = lead(talk)
    people = [_person(app, catalog, p) for p in talk.speakers]
    graph: list[dict[str, Any]] = []
    videos = []
    for n, video in enumerate(talk.videos):
        node: dict[str, Any] = {
            "@type": "VideoObject",
            "@id": f"{url or '#'}#video-{n + 1}" if url else f"#video-{n + 1}",
            "name": talk.title,
            "description": description or talk.title,
            "embedUrl": (
                f"https://www.youtube.com/embed/{video.id}"
                if video.provider == "youtube"
                else f"https://player.vimeo.com/video/{video.id}"
            ),
            "url": video.url,
        }
        if video.provider == "youtube":
            node["thumbnailUrl"] = [f"https://i.ytimg.com/vi/{video.id}/hqdefault.jpg"]
        if talk.start:
            node["uploadDate"] = talk.start.isoformat()
        if talk.duration:
            node["duration"] = iso_duration(talk.duration)
        if people:
            node["actor"] = people
        videos.append(node)
    place = ", ".join(p for p in (talk.venue, talk.location) if p)
    physical = bool(place) and not _online(place)
    if physical and talk.start:
        event: dict[str, Any] = {
            "@type": "Event",
            "name": talk.title,
            "startDate": talk.start.isoformat() if talk.has_time else talk.start.date().isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if talk.cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {"@type": "Place", "name": talk.venue or place, "address": place},
        }
        if url:
            event["url"] = url
            event["@id"] = url + "#event"
        if talk.end and talk.end > talk.start:
            event["endDate"] = talk.end.isoformat() if talk.end_has_time else talk.end.date().isoformat()
        if description:
            event["description"] = description
        if people:
            event["performer"] = people
        if talk.event:
            event["superEvent"] = {"@type": "EventSeries", "name": talk.event}
        if videos:
            event["recordedIn"] = [{"@id": v["@id"]} for v in videos]
            for video in videos:
                video["recordedAt"] = {"@id": event.get("@id", "#event")}
        graph.append(event)
    graph.extend(videos)
    if not graph:
        graph.extend(people)
    return graph


_ONLINE = ("online", "virtual", "zoom", "remote", "livestream", "youtube", "meet.google", "teams")


def _online(place: str) -> bool:
    """Whether a talk's place names an online meeting rather than a venue."""
    folded = place.casefold()
    return any(word in folded for word in _ONLINE) or folded.startswith(("http://", "https://"))


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context`` (before sphinxext-opengraph): the JSON-LD script and the
    share-card fields of a talk or speaker page.  The serializing builders (``json``,
    ``pickle``) give a context without ``pagename`` and ``metatags``, which
    sphinxext-opengraph reads on every page: they are filled in."""
    context.setdefault("pagename", pagename)
    context.setdefault("metatags", "")
    catalog = catalog_of(app)
    if catalog is None or not publishes(app.builder) or not get_config(app).structured_data:
        return
    found = pages(catalog).get(pagename)
    if found is None:
        return
    kind, item = found
    fields = dict(context.get("meta") or {})
    if kind == "talk":
        graph = talk_graph(app, catalog, item, pagename)
        if lead(item):
            fields.setdefault("og:description", lead(item))
        picture = _picture(app, item.image)
        if picture:
            fields.setdefault("og:image", picture)
            fields.setdefault("og:image:alt", item.title)
        if item.videos:
            fields.setdefault("og:type", "video.other")
    else:
        person = _person(app, catalog, item)
        data: dict[str, Any] = {"@type": "ProfilePage", "mainEntity": person}
        url = page_url(app, pagename)
        if url:
            data["url"] = url
        graph = [data]
        fields.setdefault("og:type", "profile")
        fields.setdefault("og:description", speaker_description(item))
    context["meta"] = fields
    if fields.get("og:description") and 'name="description"' not in context.get("metatags", ""):
        # sphinxext-opengraph would write the page's first words (its buttons' labels)
        text = html.escape(fields["og:description"], quote=True)
        context["metatags"] = context.get("metatags", "") + f'<meta name="description" content="{text}" />\n'
    document = {"@context": "https://schema.org", "@graph": graph}
    script = f'<script type="application/ld+json">{script_json(document)}</script>\n'
    context["metatags"] = context.get("metatags", "") + script
    context["_talks_card"] = "summary_large_image" if "og:image" in fields else "summary"


def twitter_card(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context`` (after sphinxext-opengraph): ``twitter:card`` on catalog
    pages that have none yet."""
    card = context.pop("_talks_card", None)
    if card is None:
        return
    # sphinxext-opengraph escapes only '"' in its values: '<', '>' and '&' of a title stay raw
    context["metatags"] = _CONTENT.sub(
        lambda m: f'content="{html.escape(html.unescape(m.group(1)), quote=True)}"', context["metatags"]
    )
    if 'name="twitter:card"' not in context["metatags"]:
        context["metatags"] += f'<meta name="twitter:card" content="{card}" />\n'


#: A ``content`` attribute in ``metatags`` (values hold no raw ``"``: JSON escapes its own).
_CONTENT = re.compile(r'content="([^"]*)"')


def default_site_url(app: Sphinx, config: Any) -> None:
    """``config-inited``: sphinxext-opengraph's ``ogp_site_url`` defaults to the catalog's
    site URL (``talks_site_url``, else ``html_baseurl``), so ``og:url`` is absolute."""
    url = config.talks_site_url or getattr(config, "html_baseurl", "")
    if url and not config.ogp_site_url and re.match(r"https?://", url):
        config.ogp_site_url = url.rstrip("/") + "/"


def setup_structured(app: Sphinx) -> None:
    """Load sphinxext-opengraph and register the page handlers around it."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # it prints a line when matplotlib is absent
        app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", default_site_url, priority=450)
    app.connect("html-page-context", page_context, priority=400)
    app.connect("html-page-context", twitter_card, priority=600)
