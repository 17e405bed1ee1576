"""The ``talk-filter`` directive: a faceted filter over the talk lists of its page.

The catalog index holds one above its lists.  No server is involved: every talk
of an HTML list carries its facets as data attributes (see
:func:`sphinx_talks.directives.item_html`), and ``sphinx-talks.js`` builds the
form (year, series, tag, speaker, language, with video, with slides,
upcoming/past and a text box) from them, shows the talks that match (500 at a time,
with a button for more) and keeps the choice in the page's URL (``?year=2024&tag=nlp&video=1``), so a filtered
list can be shared.  Without JavaScript the form stays hidden and every talk is
listed.  Builders other than HTML pages (EPUB, singlehtml, LaTeX, text, …) leave
it out.

The directive leaves a :class:`talk_filter` node; at ``doctree-resolved`` it becomes
a hidden ``<div class="talks-filter">`` holding, as JSON, the display names of the
catalog's tags, speakers and series and the form's labels.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .degrade import writes_one_document
from .i18n import _, language_name


def labels() -> dict[str, str]:
    """The form's words by key (read by ``sphinx-talks.js``), in the site's language."""
    return {
        "legend": _("Filter talks"),
        "text": _("Search"),
        "year": _("Year"),
        "series": _("Series"),
        "tag": _("Tag"),
        "speaker": _("Speaker"),
        "lang": _("Language"),
        "any": _("Any"),
        "video": _("With video"),
        "slides": _("With slides"),
        "when": _("When"),
        "upcoming": _("Upcoming"),
        "past": _("Past"),
        "clear": _("Clear"),
        "more": _("Show {count} more ({left} left)"),
        "count": _("{shown} of {total} talks"),
        "none": _("No talks match this list."),
    }


class talk_filter(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a ``talk-filter``, filled at ``doctree-resolved``."""


class TalkFilter(SphinxDirective):
    """``talk-filter``: the faceted filter of the page's talk lists.  Option
    ``:one-document:`` is accepted for symmetry with ``talk-list`` (the filter is
    left out of every builder but HTML pages)."""

    option_spec: ClassVar = {"one-document": lambda a: directives.choice(a, ("show", "omit"))}

    def run(self) -> list[nodes.Node]:
        node = talk_filter()
        self.set_source_info(node)
        # the names it shows are the catalog's: written again whenever the catalog changes
        self.env.get_domain("talk").note_reference(self.env.docname)  # type: ignore[attr-defined]
        return [node]


def facet_names(app: Sphinx) -> dict[str, dict[str, str]]:
    """``{"tags": {slug: name}, "speakers": {slug: name}, "series": {key: name}, "langs":
    {tag: name in the site's language}, "years": {"undated": label}}`` of
    every talk in the ``talk`` domain (of two spellings, the talk first by slug wins, so
    every build writes the same)."""
    domain = app.env.get_domain("talk")
    tags: dict[str, str] = {}
    series: dict[str, str] = {}
    talks = sorted(domain.talks.items())  # type: ignore[attr-defined]
    for _slug, entry in talks:
        for slug, name in zip(entry.get("tags", []), entry.get("tag_names", []), strict=False):
            tags.setdefault(slug, name)
        if entry.get("event"):
            series.setdefault(entry["event"], entry.get("series") or entry["event"])
    speakers = {slug: domain.title(docname) for slug, docname in domain.speakers.items()}  # type: ignore[attr-defined]
    for _slug, entry in talks:
        # speakers without a page of their own: as their talk names them
        for slug, name in zip(entry.get("speakers", []), entry.get("speaker_names", []), strict=False):
            speakers.setdefault(slug, name)
    langs = {
        entry["language"]: language_name(entry["language"], app.config.language)
        for entry in domain.talks.values()  # type: ignore[attr-defined]
        if entry.get("language")
    }
    years = {"undated": _("undated")}
    return {"tags": tags, "speakers": speakers, "series": series, "langs": langs, "years": years}


def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``</`` or ``<!--`` can end or open anything."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """``doctree-resolved``: the filter's HTML on HTML page builders; nothing elsewhere."""
    builder = app.builder
    one_document = writes_one_document(builder)
    if not one_document and fromdocname not in app.env.get_domain("talk").data["refs"]:
        return  # a page with a filter notes itself among those linking the catalog
    shown = builder.format == "html" and not builder.name.startswith("epub") and not one_document
    for node in list(doctree.findall(talk_filter)):
        if not shown:
            node.parent.remove(node)
            continue
        data = {"names": facet_names(app), "labels": labels()}
        html = (
            '<div class="talks-filter" hidden="hidden">'
            f'<script type="application/json" class="talks-filter-data">{_script_json(data)}</script>'
            "</div>\n"
        )
        node.replace_self(nodes.raw("", html, format="html", classes=["no-search"]))


def setup_filter(app: Sphinx) -> None:
    """Register ``talk-filter``."""
    app.add_node(talk_filter)
    app.add_directive("talk-filter", TalkFilter)
    app.connect("doctree-resolved", render)
