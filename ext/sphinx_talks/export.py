"""``talks.json``: the whole catalog as data, for other tools and the browser.

The document follows the JSON Schema shipped as ``schema/talks-1.schema.json``
(:data:`SCHEMA_PATH`); ``"schema"`` names it and ``"version"`` is 1 until a change
removes or redefines a member (members may be added within a version).  Shape::

    {"schema": "…talks-1.schema.json", "version": 1,
     "catalog": {"title", "path", "url"},
     "talks": [{"slug", "title", "path", "url", "uid", "start", "end", "all_day",
                "timezone", "cancelled", "speakers": [slug], "tags": [slug],
                "series", "kind", "language", "location", "venue", "summary",
                "abstract", "description", "videos": [{"provider", "id", "url",
                "start"}], "links": [{"label", "url", "kind"}], "calendar",
                "old_urls": [path], "updated"}],
     "speakers": [{"slug", "name", "path", "url", "homepage", "affiliation",
                   "talks": [slug]}],
     "tags": [{"slug", "name", "path", "url", "talks": [slug]}],
     "series": [{"key", "name", "talks": [slug]}]}

Times are ISO 8601 with their UTC offset; ``path`` is below the site's root, ``url``
absolute (or null without a site URL).  Talks are newest first, the rest sorted by
slug; keys are written in a fixed order, so two builds give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .ical import talk_uid
from .publish import calendar_path, page_url, series
from .render import Catalog

SCHEMA_PATH = Path(__file__).parent / "schema" / "talks-1.schema.json"
SCHEMA_ID = "https://sphinx-talks.readthedocs.io/schema/talks-1.schema.json"


def _page(app: Sphinx, docname: str) -> dict[str, Any]:
    return {"path": app.builder.get_target_uri(docname), "url": page_url(app, docname)}


def catalog_data(app: Sphinx, catalog: Catalog) -> dict[str, Any]:
    """The export as Python data (see the module's description)."""
    prefix = catalog.layout.prefix
    talks = []
    for talk in catalog.talks:
        talks.append(
            {
                "slug": talk.slug,
                "title": talk.title,
                **_page(app, f"{prefix}/{talk.slug}"),
                "uid": talk_uid(talk),
                "start": talk.start.isoformat() if talk.start else None,
                "end": talk.end.isoformat() if talk.end else None,
                "all_day": bool(talk.start) and not talk.has_time,
                "timezone": talk.timezone if talk.start else None,
                "cancelled": talk.cancelled,
                "speakers": [s.slug for s in talk.speakers],
                "tags": list(dict.fromkeys(catalog.tag_slug(t) for t in talk.tags)),
                "series": talk.event,
                "kind": talk.kind,
                "language": talk.language,
                "location": talk.location,
                "venue": talk.venue,
                "summary": talk.summary,
                "abstract": talk.abstract,
                "description": talk.description,
                "videos": [
                    {"provider": v.provider, "id": v.id, "url": v.url, "start": v.start} for v in talk.videos
                ],
                "links": [{"label": k.label, "url": k.url, "kind": k.kind} for k in talk.links],
                "calendar": calendar_path(catalog, talk),
                "old_urls": [path for path, _line in talk.old_urls],
                "updated": talk.updated.isoformat() if talk.updated else None,
            }
        )
    speakers = [
        {
            "slug": slug,
            "name": person.display_name,
            **_page(app, f"{prefix}/{catalog.speaker_page(slug)}"),  # their page, else their talk's
            "homepage": person.homepage,
            "affiliation": person.affiliation,
            "talks": [t.slug for t in catalog.speaker_talks[slug]],
        }
        for slug, person in sorted(catalog.speakers.items())
    ]
    tags = [
        {
            "slug": slug,
            "name": catalog.tag_names[slug],
            **_page(app, f"{prefix}/{catalog.tag_page_of(slug)}"),
            "talks": [t.slug for t in talks_],
        }
        for slug, talks_ in sorted(catalog.tag_talks.items())
    ]
    groups = [
        {"key": key, "name": name, "talks": [t.slug for t in talks_]}
        for key, (name, talks_) in sorted(series(catalog).items())
    ]
    return {
        "schema": SCHEMA_ID,
        "version": 1,
        "catalog": {"title": catalog.layout.title, **_page(app, f"{prefix}/index")},
        "talks": talks,
        "speakers": speakers,
        "tags": tags,
        "series": groups,
    }


def catalog_json(app: Sphinx, catalog: Catalog) -> bytes:
    """``talks.json``'s bytes: UTF-8, two-space indented, one final newline."""
    return (json.dumps(catalog_data(app, catalog), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
