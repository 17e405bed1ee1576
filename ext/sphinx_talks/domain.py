"""The ``talk`` domain: talks and speakers as linkable objects.

Generated talk pages carry ``{talk:talk} <slug>`` and speaker pages
``{talk:speaker} <slug>``; these directives record the object (and, for talks,
the date, speakers, tags and series used by ``talk-list``) in the domain data of
the page's document.  Roles ``{talk:talk}`` and ``{talk:speaker}`` link them by
slug and show the talk's title / the speaker's name unless a title is given;
``objects.inv`` lists them, so other projects link them through intersphinx.

This module is a Sphinx extension of its own: a project that only links to a
catalog can load ``sphinx_talks.domain`` (or ``sphinx_talks`` without
``talks_source``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .config import in_catalog
from .config import today as today_of
from .degrade import relative_uri

logger = logging.getLogger(__name__)

_REFS = "refs"
_LIST = "lists"
_NAVS = "navs"
_LAYOUT = "layout"


def _slugs(text: str) -> list[str]:
    return [s for s in (part.strip() for part in (text or "").split(",")) if s]


def _names(text: str) -> list[str]:
    """A JSON list of strings, else []."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


class TalkObject(SphinxDirective):
    """``{talk:talk} slug``: records a talk in the domain and gives its section the
    label ``talk-<slug>``; produces no output.  On a page the catalog generated, marks
    the page an orphan (:func:`mark_orphan`).

    Options: ``:start:`` (ISO), ``:speakers:``, ``:tags:`` (comma-separated slugs) and
    ``:event:`` (the series' key).  Content lines ``<key> <value>`` add what lists
    show (content is read as text, far cheaper than options on a thousand pages):
    ``tag-names`` and ``speaker-names`` (JSON lists, the tags and speakers as shown),
    ``series`` (the series' name), ``language`` (its tag), ``picture`` (a path below the
    source folder starting with ``/``, or an http(s) URL), ``duration`` (the recording's
    length in seconds), and ``video`` and ``slides`` alone (the talk has a recording,
    slides)."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar = dict.fromkeys(("start", "speakers", "tags", "event"), directives.unchanged)

    def run(self) -> list[nodes.Node]:
        domain: TalkDomain = self.env.get_domain("talk")  # type: ignore[assignment]
        mark_orphan(self.env)
        shown = dict(line.strip().partition(" ")[::2] for line in self.content if line.strip())
        domain.add_talk(
            self.arguments[0].lower(),
            self.env.docname,
            start=self.options.get("start", ""),
            speakers=_slugs(self.options.get("speakers", "")),
            tags=_slugs(self.options.get("tags", "")),
            tag_names=_names(shown.get("tag-names", "")),
            speaker_names=_names(shown.get("speaker-names", "")),
            event=self.options.get("event", ""),
            series=shown.get("series", ""),
            language=shown.get("language", ""),
            picture=shown.get("picture", ""),
            video="video" in shown,
            duration=int(shown["duration"]) if shown.get("duration", "").isdigit() else None,
            slides="slides" in shown,
        )
        return [talk_label(name=f"talk-{self.arguments[0].lower()}")]


class SpeakerObject(SphinxDirective):
    """``{talk:speaker} slug`` with ``:aliases:`` (comma-separated keys that also name
    this person): records a speaker page in the domain and gives its section the
    label ``speaker-<slug>``; produces no output.  On a page the catalog generated,
    marks the page an orphan (:func:`mark_orphan`)."""

    required_arguments = 1
    option_spec: ClassVar = {"aliases": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        domain: TalkDomain = self.env.get_domain("talk")  # type: ignore[assignment]
        mark_orphan(self.env)
        slug = self.arguments[0].lower()
        domain.add_speaker(slug, self.env.docname)
        for alias in _slugs(self.options.get("aliases", "")):
            domain.add_alias(alias.lower(), slug, self.env.docname)
        return [talk_label(name=f"speaker-{slug}")]


class talk_label(nodes.Invisible, nodes.Element):
    """Where a standard label goes: ``name``.  Removed at read time by
    :class:`LabelSections`, which gives its section the label."""


class LabelObject(SphinxDirective):
    """``{talk:label} name``: gives the section it stands in the standard label
    ``name`` (for ``{ref}`` and intersphinx), as ``(name)=`` before its heading would;
    produces no output.  ``{talk:talk}`` and ``{talk:speaker}`` give their section
    ``talk-<slug>`` and ``speaker-<slug>`` themselves.  See :func:`publish_labels`.
    The flag ``:orphan:`` marks a page the catalog generated an orphan
    (:func:`mark_orphan`)."""

    required_arguments = 1
    option_spec: ClassVar = {"orphan": directives.flag}

    def run(self) -> list[nodes.Node]:
        if "orphan" in self.options:
            mark_orphan(self.env)
        node = talk_label(name=self.arguments[0], explicit=True)
        self.set_source_info(node)
        return [node]


def catalog_page(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is one of the pages the catalog generates (below
    ``talks_output_dir``)."""
    return in_catalog(env.config, docname)


def mark_orphan(env: BuildEnvironment) -> None:
    """Mark the page being read, when the catalog generated it, as an orphan (in no
    toctree, without a warning), as ``orphan: true`` front matter would.

    Generated pages carry no front matter: for each page that has some, MyST parses
    it as YAML, copies and checks its configuration and makes a docinfo.  On 2,000
    generated talks that came to 1.6 s of a 28 s build (measured by removing the
    ``orphan: true`` front matter the talk pages had)."""
    if catalog_page(env, env.docname):
        env.metadata[env.docname]["orphan"] = True


class LabelSections(SphinxTransform):
    """Read time, on the catalog's own pages: each :class:`talk_label` gives the
    section it stands in the HTML id of its name (lower-cased, as ``{ref}`` looks
    labels up; the page's top without a section) and is recorded in the domain.  The
    node is removed, and on other pages ignored: a project's own labels are written
    ``(name)=``."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        domain: TalkDomain = self.env.get_domain("talk")  # type: ignore[assignment]
        ours = catalog_page(self.env, self.env.docname)
        for node in list(self.document.findall(talk_label)):
            section = node.parent
            if not ours:  # the catalog's labels come from the catalog's pages only
                if node.get("explicit"):
                    logger.warning(
                        "{talk:label} %s: only the catalog's pages use it; write (%s)= before a heading",
                        node["name"],
                        node["name"],
                        location=node,
                        type="talks",
                        subtype="label-outside-catalog",
                    )
                section.remove(node)
                continue
            labelid = ""
            if isinstance(section, nodes.section):
                labelid = nodes.make_id(node["name"])
                if labelid not in self.document.ids:
                    section["ids"].append(labelid)
                    self.document.ids[labelid] = section
                elif self.document.ids[labelid] is not section:
                    labelid = section["ids"][0] if section["ids"] else ""
            domain.add_label(node["name"].lower(), self.env.docname, labelid)
            section.remove(node)


class TalkDomain(Domain):
    """Talks and speakers, keyed by slug.

    ``data["talks"]``: ``{slug: {"docname", "start", "speakers", "speaker_names", "tags", "tag_names",
    "event", "series", "language", "picture", "duration", "video", "slides"}}`` (see
    :class:`TalkObject`);
    ``data["speakers"]``: ``{slug: docname}``; ``data["labels"]``: ``{label: (docname,
    section id)}`` and ``data["anchors"]``: ``{docname: [ids]}`` (given to the std domain
    at ``env-updated``, see :func:`publish_labels`); ``data["refs"]``: docnames holding a
    ``talk`` role; ``data["lists"]``: ``{docname: [options of each talk-list]}``;
    ``data["navs"]``: docnames holding a ``talk-nav``; ``data["layout"]``: docnames
    whose doctree depends on the kind of builder (``talk-pages``, a list left out of
    one-document builds) and ``data["read_for"]`` the kind they were read for (see
    :mod:`sphinx_talks.degrade`); ``data["owned"]``: per docname,
    the ``(table, key)`` entries it recorded, so clearing a document costs only its
    own.  ``data["neighbours"]``: per talk page, its older and newer talk in this
    build.  What the pages showed when last written is kept per output (builder name
    and output folder; builders may share one environment) in ``data["shown"]``:
    ``{output: {"signature": digest of the catalog, "digests": {docname: digest of
    its lists}, "neighbours": the table written}}``, so a changed catalog rewrites
    exactly the pages whose output changes, in every output.
    """

    name = "talk"
    label = "Talks"
    object_types: ClassVar = {
        "talk": ObjType("talk", "talk"),
        "speaker": ObjType("speaker", "speaker"),
    }
    directives: ClassVar = {"talk": TalkObject, "speaker": SpeakerObject, "label": LabelObject}
    roles: ClassVar = {
        "talk": XRefRole(innernodeclass=nodes.inline, lowercase=True, warn_dangling=True),
        "speaker": XRefRole(innernodeclass=nodes.inline, lowercase=True, warn_dangling=True),
    }
    initial_data: ClassVar = {
        "talks": {},
        "speakers": {},
        "aliases": {},
        "labels": {},
        "anchors": {},
        _REFS: {},
        _LIST: {},
        _NAVS: {},
        _LAYOUT: {},
        "read_for": None,
        "owned": {},
        "neighbours": {},
        "shown": {},
    }
    data_version = 8

    @property
    def talks(self) -> dict[str, dict[str, Any]]:
        """``{slug: entry}`` of every talk read."""
        return self.data["talks"]

    @property
    def speakers(self) -> dict[str, str]:
        """``{slug: docname}`` of every speaker page read."""
        return self.data["speakers"]

    def add_talk(self, slug: str, docname: str, **entry: Any) -> None:
        """Record talk ``slug`` as defined in ``docname``."""
        self.talks[slug] = {"docname": docname, **entry}
        self._own(docname, "talks", slug)

    def talk_of(self, docname: str) -> dict[str, Any]:
        """The entry of the talk whose page ``docname`` is (``talks/<slug>``), or ``{}``."""
        entry = self.talks.get(docname.rsplit("/", 1)[-1])
        return entry if entry is not None and entry["docname"] == docname else {}

    def add_speaker(self, slug: str, docname: str) -> None:
        """Record speaker ``slug`` as defined in ``docname``."""
        self.speakers[slug] = docname
        self._own(docname, "speakers", slug)

    def add_alias(self, alias: str, slug: str, docname: str) -> None:
        """Record ``alias`` (a lower-case key) as another name of speaker ``slug``."""
        self.data["aliases"][alias] = (slug, docname)
        self._own(docname, "aliases", alias)

    def add_label(self, name: str, docname: str, labelid: str) -> None:
        """Record the standard label ``name`` of the section ``labelid`` of ``docname``."""
        self.data["labels"][name] = (docname, labelid)
        self._own(docname, "labels", name)

    def add_anchors(self, docname: str, ids: list[str]) -> None:
        """Record the HTML ids of ``docname`` that other pages may link as
        ``docname#id`` (anonymous std labels, see :func:`publish_labels`)."""
        self.data["anchors"][docname] = ids

    def note_reference(self, docname: str) -> None:
        """Remember that ``docname`` links talks or speakers (rewritten when talks change)."""
        self.data[_REFS][docname] = True

    def note_list(self, docname: str, options: dict[str, Any]) -> None:
        """Remember a ``talk-list`` with ``options`` in ``docname`` (rewritten when its
        talks change)."""
        self.data[_LIST].setdefault(docname, []).append(options)

    def note_nav(self, docname: str) -> None:
        """Remember that ``docname`` shows previous/next talk links."""
        self.data[_NAVS][docname] = True

    def note_layout(self, docname: str) -> None:
        """Remember that the doctree of ``docname`` depends on the kind of builder."""
        self.data[_LAYOUT][docname] = True

    def layout_documents(self) -> list[str]:
        """Docnames recorded by :meth:`note_layout`."""
        return list(self.data[_LAYOUT])

    def neighbours(self, docname: str) -> tuple[str, str, str, str]:
        """``(older docname, its title, newer docname, its title)`` of the talk in
        ``docname`` by date (empty strings at either end or for non-talk pages), as
        computed by :func:`pages_to_rewrite` for this build."""
        return tuple(self.data["neighbours"].get(docname, ("", "", "", "")))  # type: ignore[return-value]

    def chronological(self) -> list[str]:
        """Docnames of every talk, oldest first (undated first); ties by slug."""
        from datetime import datetime

        def key(item: tuple[str, dict[str, Any]]) -> tuple[float, str]:
            try:
                stamp = datetime.fromisoformat(item[1].get("start", "")).timestamp()
            except ValueError:
                stamp = float("-inf")
            return (stamp, item[0])

        return [entry["docname"] for _, entry in sorted(self.talks.items(), key=key)]

    def _own(self, docname: str, table: str, key: str) -> None:
        self.data["owned"].setdefault(docname, []).append((table, key))

    def clear_doc(self, docname: str) -> None:
        for table, key in self.data["owned"].pop(docname, []):
            entry = self.data[table].get(key)
            if entry is None:
                continue
            owner = (
                entry["docname"]
                if table == "talks"
                else entry[1]
                if table == "aliases"
                else entry[0]
                if table == "labels"
                else entry
            )
            if owner == docname:
                del self.data[table][key]
        for key in (_REFS, _LIST, _NAVS, _LAYOUT, "anchors"):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        names = set(docnames)
        for slug, entry in otherdata["talks"].items():
            if entry["docname"] in names:
                self.talks[slug] = entry
        for slug, docname in otherdata["speakers"].items():
            if docname in names:
                self.speakers[slug] = docname
        for alias, (slug, docname) in otherdata["aliases"].items():
            if docname in names:
                self.data["aliases"][alias] = (slug, docname)
        for name, entry in otherdata["labels"].items():
            if entry[0] in names:
                self.data["labels"][name] = entry
        for key in (_REFS, _LIST, _NAVS, _LAYOUT, "anchors", "owned"):
            for docname, value in otherdata[key].items():
                if docname in names:
                    self.data[key][docname] = value

    def title(self, docname: str) -> str:
        """The title of ``docname`` as text (the talk's title, the speaker's name)."""
        title = self.env.titles.get(docname)
        return title.astext() if title is not None else docname

    def speaker_slug(self, target: str) -> str | None:
        """The slug of the speaker named ``target``: a slug, an alias or a name, by its
        identity key (so 佐藤 建太 finds their own page, never 佐藤 健太's)."""
        from .sources.common import identity

        for key in (target.strip().lower(), identity(target)):
            if key in self.speakers:
                return key
            if key in self.data["aliases"]:
                return self.data["aliases"][key][0]
        return None

    def _find(self, typ: str, target: str) -> str | None:
        slug = target.strip().lower()
        if typ == "talk":
            from .sources.common import slug_for

            # a slug as written before slugs lost their underscores (``my_talk``) finds ``my-talk``
            entry = self.talks.get(slug) or self.talks.get(slug_for(slug))
            return entry["docname"] if entry else None
        found = self.speaker_slug(target)
        return self.speakers.get(found) if found else None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        docname = self._find(typ, target)
        if docname is None:
            return None
        title = self.title(docname)
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title)
        if relative_uri(builder, fromdocname, docname) is None:
            return contnode  # the builder writes no page for it: the title, unlinked
        return make_refnode(builder, fromdocname, docname, "", contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.Element]]:
        results = []
        for typ in ("talk", "speaker"):
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"talk:{typ}", ref))
        return results

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Every talk and speaker, for the inventory (intersphinx).  Priority -1 keeps
        them out of the search index: each is its page, which the search finds by its
        title already; as objects they were listed a second time, linked to an
        anchor named after the title that no page has."""
        for slug, entry in sorted(self.talks.items()):
            yield slug, self.title(entry["docname"]), "talk", entry["docname"], "", -1
        for slug, docname in sorted(self.speakers.items()):
            yield slug, self.title(docname), "speaker", docname, "", -1

    def signature(self, today: str = "") -> str:
        """A digest of every talk's entry and title and of ``today``: changes when a
        talk is added, removed, retitled, re-dated, or changes speakers, tags or
        series, and when the day that splits upcoming from past talks changes."""
        digest = hashlib.sha1(today.encode())
        for slug, entry in sorted(self.talks.items()):
            fields = (
                slug,
                self.title(entry["docname"]),
                entry.get("start", ""),
                ",".join(entry.get("speakers", [])),
                "\x1d".join(entry.get("speaker_names", [])),
                ",".join(entry.get("tags", [])),
                "\x1d".join(entry.get("tag_names", [])),
                entry.get("event", ""),
                entry.get("series", ""),
                entry.get("picture", ""),
                f"{entry.get('video')}{entry.get('slides')}{entry.get('language', '')}",
            )
            digest.update("\x1f".join(fields).encode("utf-8") + b"\x1e")
        for slug, docname in sorted(self.speakers.items()):
            digest.update(f"{slug}\x1f{self.title(docname)}\x1e".encode())
        return digest.hexdigest()


def note_references(app: Any, doctree: nodes.document) -> None:
    """``doctree-read``: pages linking talks or speakers are written again when the
    catalog changes (titles and targets may move)."""
    if any(node.get("refdomain") == "talk" for node in doctree.findall(pending_xref)):
        domain: TalkDomain = app.env.get_domain("talk")  # type: ignore[assignment]
        domain.note_reference(app.env.docname)


def publish_labels(app: Any, env: BuildEnvironment) -> None:
    """``env-updated``: give the standard domain the labels the catalog's pages
    recorded (``talk-<slug>``, ``speaker-<slug>``, ``{talk:label}``), titled by their
    page, and the anchors of talk pages as anonymous labels ``docname#id``.  Given
    here, once every page is read, rather than while each page is read: the standard
    domain scans all its labels each time it clears a document, so labels that
    accumulate while thousands of pages are read one by one cost time quadratic in
    the pages.  A label that a page of the project's own (not one of the catalog's)
    already defines stays theirs, with a ``duplicate-label`` warning at our page."""
    domain: TalkDomain = env.get_domain("talk")  # type: ignore[assignment]
    std = env.domains.standard_domain
    for name, (docname, labelid) in domain.data["labels"].items():
        owner = std.labels.get(name, (docname,))[0]
        if owner != docname and owner in env.all_docs and not catalog_page(env, owner):
            logger.warning(
                "label %s is also defined in %s; that one is kept",
                name,
                owner,
                location=docname,
                type="talks",
                subtype="duplicate-label",
            )
            continue
        std.labels[name] = (docname, labelid, domain.title(docname))
        std.anonlabels[name] = (docname, labelid)
    for docname, ids in domain.data["anchors"].items():
        for anchor in ids:
            std.anonlabels.setdefault(f"{docname}#{anchor}", (docname, anchor))


def withdraw_labels(app: Any, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: take the labels and anchors :func:`publish_labels`
    gave back out of the std domain while pages are read, so that reading a page
    meets the same labels as in a build from scratch (a project's own ``(name)=``
    gets our warning, not Sphinx's) and clearing a page does not scan them."""
    domain: TalkDomain = env.get_domain("talk")  # type: ignore[assignment]
    std = env.domains.standard_domain
    for name, (docname, labelid) in domain.data["labels"].items():
        if std.labels.get(name, ("",))[0] == docname:
            del std.labels[name]
        if std.anonlabels.get(name) == (docname, labelid):
            del std.anonlabels[name]
    for docname, ids in domain.data["anchors"].items():
        for anchor in ids:
            if std.anonlabels.get(f"{docname}#{anchor}") == (docname, anchor):
                del std.anonlabels[f"{docname}#{anchor}"]


def pages_to_rewrite(app: Any, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages to write again, without re-reading them, because
    the catalog changed what they show: pages with a ``talk`` role when any talk or
    speaker changed, list pages whose talks changed, and talk pages whose
    neighbours changed."""
    domain: TalkDomain = env.get_domain("talk")  # type: ignore[assignment]
    today = today_of(app.config).isoformat()
    output = f"{app.builder.name}:{app.outdir}"
    shown = domain.data["shown"].setdefault(output, {"signature": "", "digests": {}, "neighbours": {}})
    changed: set[str] = set()
    current = domain.signature(today)
    if current != shown["signature"]:
        shown["signature"] = current
        changed.update(domain.data[_REFS])
    if domain.data[_LIST]:
        from .directives import digest

        digests = {docname: digest(app, lists) for docname, lists in domain.data[_LIST].items()}
        changed.update(d for d, value in digests.items() if shown["digests"].get(d) != value)
        shown["digests"] = digests
    order = domain.chronological()
    titles = [domain.title(docname) for docname in order]
    table: dict[str, tuple[str, str, str, str]] = {}
    for i, docname in enumerate(order):
        if docname in domain.data[_NAVS]:
            older = (order[i - 1], titles[i - 1]) if i > 0 else ("", "")
            newer = (order[i + 1], titles[i + 1]) if i + 1 < len(order) else ("", "")
            table[docname] = (*older, *newer)
    changed.update(d for d, value in table.items() if tuple(shown["neighbours"].get(d, ())) != value)
    shown["neighbours"] = domain.data["neighbours"] = table
    return sorted(changed)


def setup(app: Any) -> dict[str, Any]:
    """Register the ``talk`` domain (usable on its own, to link another catalog)."""
    app.add_domain(TalkDomain)
    app.add_transform(LabelSections)
    app.connect("doctree-read", note_references)
    app.connect("env-before-read-docs", withdraw_labels)
    app.connect("env-updated", publish_labels)
    app.connect("env-get-updated", pages_to_rewrite)
    return {"version": "0.1.0", "env_version": 5, "parallel_read_safe": True, "parallel_write_safe": True}
