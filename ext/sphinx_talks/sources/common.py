"""Helpers shared by source readers: names, slugs, reader settings, asset lookup."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

from slugify import slugify

from ..model import Speaker

_TITLES = {
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "phd",
    "ph.d",
    "ph.d.",
    "msc",
    "m.sc.",
    "m.sc",
    "md",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "mx",
    "mx.",
    "dipl.-ing.",
    "dr.-ing.",
    "sir",
    "dame",
    "bsc",
    "b.sc.",
    "mba",
    "assoc.",
    "asst.",
}
#: What a slug drops (each run becomes one ``-``): an underscore too, so that every slug
#: matches the ``talks-1`` schema (``^[a-z0-9][a-z0-9-]*$``); a Hugo URL with one is
#: kept as the old URL the page redirects from.
_SLUG_DROP = r"[^-a-z0-9]+"
#: What always stands between two names of a list (a comma may also start a suffix,
#: ``King, Jr.``; a Spanish ``y`` may join two surnames, ``Ramón y Cajal``).
#: Between two names: ``;`` ``&`` ``+`` ``and`` (``and/or``) ``und``, and their CJK
#: full-width forms with the ideographic comma ``、``.
_NAME_SPLIT = re.compile(r"\s*(?:[;；&＆+＋、]|\band/or\b|\band\b|\bund\b)\s*", re.I)
_COMMA = re.compile(r"\s*[,，]\s*")


@dataclass
class ReaderSettings:
    """What readers need from the configuration.

    ``root`` is the resolved source folder; ``zone`` the default time zone;
    ``static`` resolved static folders; ``base_url`` the original site URL or None;
    ``asset_prefix`` the MyST path (leading ``/``) under which copied files live;
    ``exclude`` resolved folders inside ``root`` that hold no sources (the generated
    pages, Sphinx's output).
    """

    root: Path
    zone: ZoneInfo
    static: list[Path] = field(default_factory=list)
    base_url: str | None = None
    asset_prefix: str = "/talks/_assets"
    raw_html: str = "drop"
    privacy: bool = True
    fix_mojibake: bool = True
    exclude: tuple[Path, ...] = ()
    #: URL path of ``root`` on the old site (``"/"`` or ``"/events/"``), for the URL Hugo
    #: gave a page without ``url``; None: no such URL is derived.
    old_url_root: str | None = "/"
    #: ``talks_shortcodes`` as sorted (name, behaviour) pairs.
    shortcodes: tuple[tuple[str, str], ...] = ()
    #: Video hosts whose embeds the site's Hugo ``[privacy]`` settings disable.
    disabled: frozenset[str] = frozenset()


#: Characters never allowed in an old URL's path (controls, backslash, quotes, markup,
#: and the stand-ins of a file name's bytes that are not UTF-8: no URL names them).
_BAD_PATH = re.compile(r"[\x00-\x20\x7f\\\"'<>`{}|^\ud800-\udfff]")


def url_path(value: str) -> str | None:
    """The path of an old URL (``/events/auroram-lm`` or a full ``https://…`` URL) as a
    normalised absolute path: a folder URL ends with ``/`` (``/events/auroram-lm/``), a
    file URL keeps its name (``/talks/x.html``).  Query and fragment are dropped,
    percent escapes decoded.  None when it is empty, not http(s), holds ``.``/``..``
    segments or characters no file name may have."""
    text = (value or "").strip()
    if not text:
        return None
    parsed = urlsplit(text)
    if parsed.scheme and parsed.scheme.lower() not in ("http", "https"):
        return None
    path = unquote(parsed.path)
    segments = [s for s in path.split("/") if s]
    if not segments or any(s in (".", "..") for s in segments) or _BAD_PATH.search(path):
        return None
    joined = "/" + "/".join(segments)
    return joined if "." in segments[-1] else joined + "/"


def parts_below(path: Path, root: Path) -> tuple[str, ...] | None:
    """The parts of ``path`` below ``root`` (``("2024", "talk.md")``), or None when
    ``path`` is not inside ``root``.  Both must be absolute or both relative; no file
    system access (``PurePath.relative_to`` without its cost, read once per file)."""
    parts, base = path.parts, root.parts
    return parts[len(base) :] if parts[: len(base)] == base else None


@lru_cache(maxsize=65536)
def slug_for(text: str, fallback_seed: str = "", max_length: int = 80) -> str:
    """ASCII slug of ``text`` (transliterated): lower-case letters, digits and single
    hyphens (``my_talk`` → ``my-talk``), cut at a word boundary to at most
    ``max_length`` characters; never empty: a short hash stands in."""
    slug = slugify(text or "", max_length=max_length, word_boundary=True, regex_pattern=_SLUG_DROP)
    if slug:
        return slug
    digest = hashlib.sha1((text or fallback_seed).encode("utf-8")).hexdigest()[:8]
    return f"x-{digest}"


def key_for(text: str) -> str:
    """Identity key of a tag, a series or a person's name: like :func:`slug_for`, but
    underscores count as spaces and ``+``/``#`` as words, so ``Machine_Learning`` and
    ``machine learning`` meet while ``C++`` and ``C#`` stay apart."""
    text = (text or "").replace("+", " plus ").replace("#", " sharp ").replace("_", " ")
    return slug_for(text)


def _latin(name: str) -> bool:
    """Whether every letter of ``name`` is ASCII or Latin script."""
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in name if c.isalpha())


#: Invisible characters a title or name never needs: bidirectional overrides and
#: isolates (U+202A–U+202E, U+2066–U+2069, which can reverse what is shown), direction
#: marks, zero-width spaces and joiners at the edges, word joiners and stray BOMs.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u200b\u2060-\u2064\ufeff]")
_EDGE_JOINERS = re.compile("^[\u200c\u200d]+|[\u200c\u200d]+$")


def visible(text: str) -> str:
    """``text`` without the invisible characters of :data:`_INVISIBLE` (zero-width
    joiners inside words stay: scripts and emoji need them)."""
    if text.isascii():
        return text
    return _EDGE_JOINERS.sub("", _INVISIBLE.sub("", text))


@lru_cache(maxsize=65536)
def identity(name: str) -> str:
    """The identity key of a person's name: honorifics removed, then case, accents,
    spacing and punctuation folded.  Latin-script names fold to their slug
    (``"Dr.  José  Pérez"`` → ``"jose-perez"``, see :func:`key_for`); other names
    keep their letters (``"佐藤 健太"`` → ``"佐藤健太"``), because transliteration
    gives different names one slug (佐藤 建太 has the same)."""
    clean = strip_titles(visible(name))[0]
    if _latin(clean):
        return key_for(clean)
    folded = unicodedata.normalize("NFKC", clean).casefold()
    return "".join(c for c in folded if _name_char(c)) or key_for(clean)


def _name_char(c: str) -> bool:
    """Whether ``c`` tells names apart: letters, digits and marks (kana voicing marks and
    Indic vowel signs are part of a name), except the optional vowel marks of Arabic
    and Hebrew (بِلال is بلال)."""
    category = unicodedata.category(c)
    if category == "Mn" and unicodedata.name(c, "").startswith(("ARABIC", "HEBREW")):
        return False
    return category[0] in "LNM"


def split_names(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Split ``"A, PhD & Prof. Dr. B and C"`` into ``[(name, titles), …]``, only between
    names, never inside one.

    Separators are ``;`` ``&`` ``+`` ``and`` ``und`` and ``,``; a part after a comma that
    is a suffix (``Martin Luther King, Jr.``, ``John Roe, III``: nameparser's suffixes)
    stays with its name, and a lower-case ``y`` separates two names only where it does
    not join two surnames (``Ana García y Luis Pérez`` are two people, ``Santiago Ramón y
    Cajal`` one: see :func:`_split_y`); an initial (``John Y. Smith``) is never a
    separator.  Honorifics (Dr., Prof., PhD …) are removed from names and returned as
    titles; a part made only of titles is attached to the previous name.
    """
    out: list[tuple[str, tuple[str, ...]]] = []
    for chunk in _NAME_SPLIT.split(text or ""):
        for number, part in enumerate(_COMMA.split(chunk)):
            if number and out and _is_suffix(part):
                name, titles = out[-1]
                out[-1] = (f"{name}, {part}", titles)
                continue
            for piece in _split_y(part):
                name, titles = strip_titles(piece)
                if name:
                    out.append((name, titles))
                elif titles and out:
                    out[-1] = (out[-1][0], out[-1][1] + titles)
    return out


def _is_suffix(part: str) -> bool:
    """Whether ``part`` (what follows a comma) is a name's suffix, not a name: one word
    nameparser knows as a suffix (``Jr.``, ``Sr``, ``III``, ``Esq.``), longer than one
    letter (``V`` may be a name); a letter suffix (``CPA``) only written with a dot or
    capitals after its first letter (``Ma``, ``Ed`` are names); degrees (``PhD``) are
    titles (:data:`_TITLES`)."""
    from nameparser.config import CONSTANTS

    if len(part.split()) != 1 or part.lower().rstrip(".,") in _TITLES:
        return False
    key = part.lower().replace(".", "")
    if len(key) < 2:
        return False
    lettered = "." in part or any(c.isupper() for c in part[1:])
    return key in CONSTANTS.suffix_not_acronyms or (lettered and key in CONSTANTS.suffix_acronyms)


def _split_y(part: str) -> list[str]:
    """``part`` split at each lower-case ``y`` word that stands between two names: where
    a single word precedes it (``Ana y Luis``) or at least two words follow it before the
    next ``y`` (``Ana García y Luis Pérez``).  A ``y`` followed by one word joins two
    surnames (``Santiago Ramón y Cajal``, ``José Ortega y Gasset``) and stays; one that
    opens or ends ``part`` (``A, PhD, y B`` split at its commas) is the list's own and
    is dropped."""
    words = part.split()
    pieces: list[list[str]] = [[]]
    for index, word in enumerate(words):
        if word == "y" and (not pieces[-1] or index + 1 == len(words)):
            continue  # a list's conjunction after its comma (``A, PhD, y B``) or at its end
        if word == "y" and pieces[-1] and index + 1 < len(words):
            rest = words[index + 1 :]
            following = rest[: rest.index("y")] if "y" in rest else rest
            if len(pieces[-1]) == 1 or len(following) >= 2:
                pieces.append([])
                continue
        pieces[-1].append(word)
    return [" ".join(p) for p in pieces]


def strip_titles(text: str) -> tuple[str, tuple[str, ...]]:
    """``("Prof. Dr. René Brunner")`` → ``("René Brunner", ("Prof.", "Dr."))``."""
    words = visible(unicodedata.normalize("NFC", text)).split()
    titles = []
    while words and words[0].lower().rstrip(",") in _TITLES:
        titles.append(words.pop(0).rstrip(","))
    while words and words[-1].lower().rstrip(",") in _TITLES:
        titles.insert(0, words.pop().rstrip(","))
    return " ".join(words).strip(" ,"), tuple(titles)


def near_forms(ident: str) -> set[str]:
    """Reduced forms of an identity key (see :func:`identity`): two names sharing one
    are probably one person's spellings: equal but for a middle initial
    (``reuven-m-lerner``), a space or hyphen (``juliasimon``), or one letter
    (deleted, added, changed or two swapped) when longer than 6 letters."""
    words = ident.split("-")
    squashed = ident.replace("-", "")
    forms = {"i:" + "-".join(w for w in words if len(w) > 1), "s:" + squashed}
    if len(squashed) > 6:
        forms.update("d:" + squashed[:k] + squashed[k + 1 :] for k in range(len(squashed)))
        forms.add("d:" + squashed)
    return forms


def make_speaker(name: str, titles: Iterable[str] = (), **fields: str | None) -> Speaker:
    """A :class:`Speaker` whose slug is derived from ``name`` without titles."""
    clean, more = strip_titles(name)
    return Speaker(
        name=clean,
        slug=key_for(clean),
        titles=tuple(titles) + more,
        **{k: v for k, v in fields.items() if v},
    )


def resolve_file(url: str, bundle: Path, settings: ReaderSettings) -> Path | None:
    """The file an image reference points at, if it lies inside the allowed folders.

    The reference is tried as written (a file may be named ``pic#2.jpg``), then as a
    URL path (``%20`` decoded, ``?query`` and ``#fragment`` dropped).  Relative
    references resolve against ``bundle`` (the page's folder) and must
    stay inside ``settings.root``, then against each static folder as Hugo's
    site paths; site-absolute ones (``/images/x.png``) resolve against each static
    folder and must stay inside it.  Returns None otherwise.
    """
    try:
        parsed = unquote(urlsplit(url).path)
    except ValueError:
        parsed = ""
    # a file named `pic#2.jpg` or `what?.jpg` is that file, not a path with a fragment
    paths = [p for p in dict.fromkeys([url, parsed]) if p and "\x00" not in p]
    candidates: list[tuple[Path, Path]] = []
    for path in paths:
        if path.startswith("/"):
            candidates += [(base, base / path.lstrip("/")) for base in settings.static]
        else:
            candidates += [(settings.root, bundle / path)] + [(base, base / path) for base in settings.static]
    for base, candidate in candidates:
        try:  # a name longer than the file system allows is no file either
            resolved = candidate.resolve()
            if resolved.is_relative_to(base) and resolved.is_file():
                return resolved
        except (OSError, RuntimeError):
            continue
    return None


def absolute_url(url: str, settings: ReaderSettings) -> str | None:
    """A site-relative ``url`` made absolute with ``talks_base_url``, or None."""
    return join_site(url, settings.base_url)


def join_site(url: str, base_url: str | None) -> str | None:
    """A site path (``/blog/x/``) made absolute against ``base_url``; None without a base
    URL or for anything but a site path."""
    if not base_url or not url.startswith("/") or url.startswith("//"):
        return None
    return urljoin(base_url.rstrip("/") + "/", url.lstrip("/"))
