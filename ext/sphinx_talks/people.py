"""One identity per speaker across all talks.

Names that differ only in Unicode normalisation, case, accents, spacing or
honorifics ("Dr.", "Prof.", "PhD") share one identity key (see
:func:`~sphinx_talks.sources.common.identity`).  A :class:`Directory` adds what
the site already knows about people:

* a speakers file (``talks_speakers``, YAML or TOML): a list of entries with
  ``name`` and optional ``slug``, ``aliases``, ``homepage``, ``photo``, ``bio``,
  ``affiliation``;
* profile pages (``talks_profiles``): folders of Hugo pages such as
  ``content/speakers/*.md`` or Hugo Academic ``content/authors/<slug>/_index.md``;
  the page's ``title``/``name`` is the person's name, and its file or bundle name an
  alias.

Front-matter speakers given as a profile slug (``authors = ["admin"]``) resolve to
that profile.
"""

from __future__ import annotations

import json
import re
import reprlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from dataclasses import replace as with_root
from pathlib import Path
from typing import Any

# tomli, compiled where its wheels are (three to four times faster than the standard
# library's tomllib), reads every page tomllib reads the same way (tests/test_toml.py)
import tomli
import yaml

from . import myst
from .diagnostics import Diagnostic, Report
from .frontmatter import MAX_NODES, TooLarge, Yaml12Loader, lower_keys, read_text, split, without_surrogates
from .model import Speaker, Talk
from .sources.common import (
    ReaderSettings,
    identity,
    key_for,
    near_forms,
    resolve_file,
    slug_for,
    strip_titles,
)
from .sources.folder import source_files


@dataclass
class Directory:
    """Known people: ``by_key`` maps identity keys and slugs to a canonical Speaker;
    ``assets`` maps copied photo paths to files (see ``Talk.assets``)."""

    by_key: dict[str, Speaker] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    #: ``talks_speakers`` aliases as written, per person's identity key: old names whose
    #: pages redirect to the person's (see :mod:`sphinx_talks.redirects`)
    renamed: dict[str, list[str]] = field(default_factory=dict)
    #: identity key → the keys naming that person; built by :meth:`aliases`, reset by :meth:`add`
    _keys_of: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def add(self, person: Speaker, keys: list[str]) -> None:
        """Register ``person`` under its slug, its name and each alias key."""
        self._keys_of = None
        for key in [person.slug, identity(person.name), *keys]:
            if key:
                self.by_key.setdefault(key, person)

    def asset_name(self, stem: str, found: Path) -> str:
        """The asset path (``people/<stem>.png``) under which photo ``found`` is copied:
        ``-2``, ``-3`` … are added when another file already took the name (two people
        whose names give one slug)."""
        suffix = found.suffix.lower()
        target, n = f"people/{stem}{suffix}", 1
        while self.assets.get(target, found) != found:
            n += 1
            target = f"people/{stem}-{n}{suffix}"
        self.assets[target] = found
        return target

    def aliases(self, person: Speaker) -> list[str]:
        """Every key other than ``person.slug`` that resolves to ``person`` (the same
        identity: two people may share a slug until the catalog separates them)."""
        if self._keys_of is None:  # once, not per speaker page
            self._keys_of = {}
            for key, known in self.by_key.items():
                self._keys_of.setdefault(identity(known.name), []).append(key)
        return sorted(k for k in self._keys_of.get(identity(person.name), ()) if k != person.slug)

    def resolve(self, speaker: Speaker) -> Speaker:
        """The canonical person for ``speaker`` (a copy filled with what is known),
        or ``speaker`` itself when nobody matches."""
        if not self.by_key:  # no speakers file, no profiles: everyone is as written
            return speaker
        known = self.by_key.get(identity(speaker.name))
        if known is None and speaker.slug != key_for(strip_titles(speaker.name)[0]):
            known = self.by_key.get(speaker.slug)  # a slug given as such, not one made from the name
        if known is None:
            return speaker
        merged = replace(known, titles=speaker.titles or known.titles)
        for attr in ("homepage", "photo", "affiliation"):
            if not getattr(merged, attr) and getattr(speaker, attr):
                setattr(merged, attr, getattr(speaker, attr))
        merged.bio = speaker.bio or known.bio
        return merged


def load(
    speakers_file: Path | None, profiles: list[Path], settings: ReaderSettings, reports: list[Report]
) -> Directory:
    """A :class:`Directory` from a speakers file and profile folders.

    Faults (unreadable file, entry without a name) are added to ``reports``.
    """
    directory = Directory()
    if speakers_file is not None:
        report = Report(speakers_file)
        reports.append(report)
        for entry, line in _entries(speakers_file, report):
            name = entry.get("name")
            if not isinstance(name, str) or not name.strip():
                report.warn(line, "bad-speaker", f"speaker entry without a name: {reprlib.repr(entry)}")
                continue
            raw_aliases = entry.get("aliases") or []
            if isinstance(raw_aliases, str):
                raw_aliases = [raw_aliases]
            if not isinstance(raw_aliases, list):
                report.warn(
                    line,
                    "bad-speaker",
                    f"{name}: aliases {reprlib.repr(raw_aliases)} is not a list of names; left out",
                )
                raw_aliases = []
            aliases = [a for a in raw_aliases if isinstance(a, str)]
            try:
                person = _person(name, entry, speakers_file.parent, settings, directory, report, line)
            except RecursionError:
                report.warn(line, "bad-speaker", f"{reprlib.repr(name)}: entry nested too deeply; left out")
                continue
            if isinstance(entry.get("slug"), str) and slug_for(entry["slug"]):
                person.slug = slug_for(entry["slug"])
            own = identity(person.name)
            for label, key in [("the name", own), *((f"alias {a!r}", identity(a)) for a in aliases)]:
                taken = directory.by_key.get(key)
                if taken is not None and identity(taken.name) != own:
                    report.warn(
                        line,
                        "bad-speaker",
                        f"{person.name}: {label} already names {taken.name}; it stays theirs",
                    )
            directory.add(person, [identity(a) for a in aliases])
            directory.renamed.setdefault(identity(person.name), []).extend(aliases)
    for folder in profiles:
        local = with_root(settings, root=folder.resolve())
        skipped: list[tuple[Path, str]] = []
        pages = source_files(folder, skipped, wanted=lambda p: p.suffix.lower() == ".md")
        for path, reason in skipped:
            report = Report(path)
            report.warn(1, "not-read", f"{path} {reason}")
            reports.append(report)
        for path in pages:
            report = Report(path)
            reports.append(report)
            text = read_text(path, report)
            if text is None:
                continue
            fm = split(text, report)
            data = fm.data
            name = data.get("title") or data.get("name")
            if not isinstance(name, str) or not name.strip():
                continue
            stem = path.parent.name if path.stem in ("index", "_index") else path.stem
            if stem.lower() in ("speakers", "authors", "people", "person", "organizers", "team"):
                continue  # the section's own index page
            if "bio" not in data and fm.body.strip():
                paragraphs = (p for p in fm.body.split("\n\n") if p.strip())
                first = next((p for p in paragraphs if not p.lstrip().startswith(("#", "<", "!", "{"))), "")
                data = {**data, "bio": first}
            person = _person(name, data, path.parent, local, directory, report)
            # the page name is an alias: authors = ["admin"]
            directory.add(person, [slug_for(stem), key_for(stem)])
    return directory


def _entries(path: Path, report: Report) -> list[tuple[dict[str, Any], int]]:
    """The people a speakers file lists, each with its 1-based line, under the limits
    front matter has: the file's size (``read_text``), nesting (a ``RecursionError`` is a
    warning), and :data:`~sphinx_talks.frontmatter.MAX_NODES` values after YAML alias
    expansion.  Every fault is a ``speakers-file``/``bad-speaker`` warning, never a
    traceback; an entry's warnings are at its own line."""
    text = read_text(path, report)
    if text is None:
        return []
    fmt = {".toml": "toml", ".json": "json"}.get(path.suffix.lower(), "yaml")
    try:
        if fmt == "toml":
            data: Any = tomli.loads(text)
        elif fmt == "json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a safe loader
        data = lower_keys(without_surrogates(data, text, 1, report))
    except (tomli.TOMLDecodeError, yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = getattr(exc, "lineno", None) or (mark.line + 1 if mark else 1)
        report.warn(line, "speakers-file", f"cannot read speakers file: {reprlib.repr(str(exc))}")
        return []
    except RecursionError:
        report.warn(1, "speakers-file", "speakers file nested too deeply; not read")
        return []
    except TooLarge:
        report.warn(1, "speakers-file", f"speakers file holds more than {MAX_NODES} values; not read")
        return []
    if isinstance(data, dict):
        data = data.get("speakers") or data.get("people") or []
    if not isinstance(data, list):
        report.warn(1, "speakers-file", "speakers file must hold a list of people (or a 'speakers' list)")
        return []
    lines = _entry_lines(text, fmt, len(data))
    entries = []
    for entry, line in zip(data, lines, strict=True):
        if isinstance(entry, dict):
            entries.append(({str(k).lower(): v for k, v in entry.items()}, line))
        else:
            report.warn(
                line, "bad-speaker", f"speakers file entry {reprlib.repr(entry)} is not a mapping; left out"
            )
    return entries


def _entry_lines(text: str, fmt: str, count: int) -> list[int]:
    """The 1-based line of each of the ``count`` entries of a speakers file's list
    (1 where it cannot be told)."""
    lines: list[int] = []
    try:
        if fmt == "yaml":
            node = yaml.compose(text, Loader=Yaml12Loader)  # noqa: S506 - a safe loader
            if isinstance(node, yaml.MappingNode):
                node = next(
                    (v for k, v in node.value if str(k.value).lower() in ("speakers", "people")), None
                )
            if isinstance(node, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in node.value]
        elif fmt == "toml":
            lines = [
                text.count("\n", 0, m.start()) + 1
                for m in re.finditer(r"(?im)^[ \t]*\[\[[ \t]*(?:speakers|people)[ \t]*\]\]", text)
            ]
        else:
            decoder = json.JSONDecoder()
            key = re.search(r'"(?:speakers|people)"\s*:\s*\[', text)
            i = key.end() if key else text.index("[") + 1
            while len(lines) < count:
                while text[i] in " \t\r\n,":
                    i += 1
                lines.append(text.count("\n", 0, i) + 1)
                _, i = decoder.raw_decode(text, i)
    except (yaml.YAMLError, RecursionError, ValueError, IndexError):
        lines = []
    return lines[:count] + [1] * (count - len(lines)) if len(lines) != count else lines


def _person(
    name: str,
    data: dict[str, Any],
    base: Path,
    settings: ReaderSettings,
    directory: Directory,
    report: Report,
    line: int = 1,
) -> Speaker:
    """The :class:`Speaker` a speakers-file entry or profile page (``data``, at ``line``)
    describes; photos resolve against ``base`` inside the allowed folders."""
    clean, titles = strip_titles(name.strip())
    homepage = None
    for key in ("homepage", "website", "url"):
        value = data.get(key)
        homepage = homepage or myst.safe_url(value, {"http", "https"})
        if isinstance(value, str) and value.strip() and not myst.safe_url(value, {"http", "https"}):
            report.warn(line, "unsafe-url", f"{name}: {key} {value!r} is not an http(s) URL; left out")
        elif value not in (None, "", False) and not isinstance(value, str):
            report.warn(line, "bad-type", f"{name}: {key} {reprlib.repr(value)} is not a URL; left out")
    photo = None
    for key in ("photo", "avatar", "image"):
        ref = data.get(key)
        if isinstance(ref, str) and ref.strip():
            photo = myst.safe_url(ref, {"http", "https"})
            if photo is None:
                found = resolve_file(ref.strip(), base, settings)
                in_bundle = report.path.stem in ("index", "_index") or ref.strip().startswith("./")
                profile_page = report.path.suffix.lower() == ".md"
                if found is None and ".." in ref.replace("\\", "/").split("/"):
                    report.warn(
                        line,
                        "image-not-found",
                        f"{name}: photo {ref!r} points outside the allowed folders; refused",
                    )
                elif found is None and profile_page and not in_bundle and not settings.static:
                    # `img/x.jpg` on a flat page is a path of the site's static folder
                    report.info(
                        line,
                        "image-not-found",
                        f"{name}: photo {ref!r} is a site path; set talks_static to use it",
                    )
                elif found is None:
                    report.warn(
                        line, "image-not-found", f"{name}: photo {ref!r} not found inside the allowed folders"
                    )
                if found is not None:
                    target = directory.asset_name(slug_for(clean), found)
                    photo = f"{settings.asset_prefix}/{target}"
            if photo:
                break
    if photo is None:
        avatars = [a for a in sorted(base.glob("avatar.*")) if resolve_file(a.name, base, settings)]
        if avatars:
            target = directory.asset_name(slug_for(clean), avatars[0])
            photo = f"{settings.asset_prefix}/{target}"
    bio = data.get("bio") or data.get("description")
    if bio and not isinstance(bio, str):
        report.warn(line, "bad-type", f"{name}: bio {reprlib.repr(bio)} is not text; left out")
    affiliation = data.get("affiliation") or data.get("role") or data.get("organization")
    if isinstance(affiliation, list):
        names = (str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in affiliation)
        affiliation = ", ".join(n for n in names if n)
    return Speaker(
        name=clean,
        slug=key_for(clean),
        titles=titles,
        homepage=homepage,
        photo=photo,
        bio=bio if isinstance(bio, str) and bio.strip() else None,
        affiliation=affiliation.strip() if isinstance(affiliation, str) and affiliation.strip() else None,
    )


def resolve_people(talks: list[Talk], directory: Directory, diagnostics: list[Diagnostic]) -> None:
    """Give each talk's speakers their people: each is resolved through ``directory``
    (aliases, profiles), gets the one page slug of their identity, and is named once
    per talk.  Probable spellings of one name (``speaker-near-duplicate``) and people
    whose names share a slug (``speaker-slug``) are info notices appended to
    ``diagnostics``.  Changes the talks in place; ``sphinx-talks check`` calls it
    alone, without the rest of a :class:`Catalog`."""
    for talk in talks:
        talk.speakers = [directory.resolve(person) for person in talk.speakers]
    _near_duplicates(talks, diagnostics)
    slugs = _person_page_slugs(talks, diagnostics)
    for talk in talks:
        resolved: dict[str, Speaker] = {}
        for person in talk.speakers:
            person.slug = slugs[identity(person.name)]
            resolved.setdefault(person.slug, person)
        talk.speakers = list(resolved.values())


def _near_duplicates(talks: list[Talk], diagnostics: list[Diagnostic]) -> None:
    """A ``speaker-near-duplicate`` notice for each pair of people whose names are
    probably one person's spellings: equal but for a middle initial (``Reuven M.
    Lerner``), a space or hyphen (``JuliaSimon``), or one letter (``Kacper
    Łukawsk``).  Names of 6 letters or fewer are compared only for the first two.
    The pages stay apart; an alias in ``talks_speakers`` joins them.  Linear: the
    candidates share a reduced form (initials dropped, spaces dropped, one letter
    deleted), found through one table."""
    first: dict[str, tuple[str, Talk]] = {}
    for talk in talks:
        for person in talk.speakers:
            first.setdefault(identity(person.name), (person.display_name, talk))
    owner: dict[str, str] = {}  # each reduced form: the first identity that has it
    shared: dict[str, set[str]] = {}  # forms several identities have (a set only for those)
    for ident in first:
        for form in near_forms(ident):
            other = owner.setdefault(form, ident)
            if other != ident:
                shared.setdefault(form, {other}).add(ident)
    pairs = sorted({(a, b) for group in shared.values() for a in group for b in group if a < b})
    for a, b in pairs:
        (name_a, talk_a), (name_b, talk_b) = first[a], first[b]
        diagnostics.append(
            Diagnostic(
                talk_b.source,
                talk_b.line,
                "speaker-near-duplicate",
                f"speaker {name_b!r} is spelled {name_a!r} in {talk_a.source}: one person? "
                "an alias in talks_speakers joins them",
                "info",
            )
        )


def _person_page_slugs(talks: list[Talk], diagnostics: list[Diagnostic]) -> dict[str, str]:
    """One page slug per person (identity key).  A person whose spellings give
    several slugs (김민수, 김 민수) gets the most frequent (then the first in
    order); people who share a slug (佐藤 健太 and 佐藤 建太 transliterate alike)
    are separated: identities in code point order keep it, then take ``-2``,
    ``-3`` …, so pages do not depend on the order of the talks.  Each renamed
    person is an info notice at their first talk."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, Talk] = {}
    for talk in talks:
        for person in talk.speakers:
            ident = identity(person.name)
            spellings[ident][person.slug] += 1
            first.setdefault(ident, talk)
    chosen = {ident: min(c, key=lambda slug: (-c[slug], slug)) for ident, c in spellings.items()}
    owners: dict[str, list[str]] = defaultdict(list)
    for ident, slug in chosen.items():
        owners[slug].append(ident)
    taken = set(owners)
    for slug, people in owners.items():
        for ident in sorted(people)[1:]:
            n = 2
            while f"{slug}-{n}" in taken:
                n += 1
            chosen[ident] = new = f"{slug}-{n}"
            taken.add(new)
            diagnostics.append(
                Diagnostic(
                    first[ident].source,
                    first[ident].line,
                    "speaker-slug",
                    f"another speaker's name also gives the slug {slug!r}; this one's page is {new!r}",
                    "info",
                )
            )
    return chosen
