"""The people of a body's Speaker(s) section, found on its tokens.

A section headed "Speaker", "Speakers" or "About the speaker(s)" holds, per person, an
optional photo (a paragraph of one image, ``![Name ><](photo.jpg)``), then a paragraph
opening with the name in bold (``**Name** is …`` or ``[**Name**](homepage) …``), then
more paragraphs of the same bio up to the next person or the section's end.  Each
person is a :class:`Bio`: the blocks it takes are shown on the person's card, not in
the body (``tokens`` indexes), and its ``text`` is their Markdown, every paragraph in
order.  Outside such a section, a paragraph opening with a speaker's bold name gives the
card its photo and homepage only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it.token import Token

from .headings import plain_text
from .inline import plain_alt
from .structures import end_of

SPEAKER_HEADING = re.compile(r"^(?:about\s+(?:the\s+)?)?speakers?\s*:?$", re.I)
#: Words a bold label opening a paragraph may be that name nobody.
NOT_NAMES = frozenset(
    "note notes important update updates abstract bio bios agenda tbd tba speaker speakers host hosts "
    "moderator moderators panel panelists warning attention reminder remark disclaimer please".split()
)


@dataclass
class Bio:
    """One person of a body: ``name`` as written, ``homepage`` (the link around the
    name) and ``photo`` (an image reference) or None, ``text`` (Markdown of the bio's
    blocks), ``line`` (0-based body line of its first block), ``consumed`` (True when
    it is shown on a card, not in the body) and ``blocks`` (token indexes it takes)."""

    name: str
    homepage: str | None
    photo: str | None
    text: str
    line: int
    consumed: bool
    blocks: list[int] = field(default_factory=list)


def _lead_name(inline: Token) -> tuple[str, str | None, str] | None:
    """``(name, homepage, rest)`` of a paragraph opening with a bold name (maybe linked)."""
    kids = [c for c in inline.children or () if not (c.type == "text" and not c.content.strip())]
    href = None
    if kids[:1] and kids[0].type == "link_open":
        href = str(kids[0].attrGet("href") or "") or None
        kids = kids[1:]
    if (
        len(kids) < 3
        or kids[0].type != "strong_open"
        or kids[1].type != "text"
        or kids[2].type != "strong_close"
    ):
        return None
    rest_tokens = kids[3:]
    if href and rest_tokens[:1] and rest_tokens[0].type == "link_close":
        rest_tokens = rest_tokens[1:]
    rest = "".join(t.content for t in rest_tokens if t.type == "text").lstrip()
    return kids[1].content.strip(), href, rest


def _image_only(inline: Token) -> tuple[str, str] | None:
    kids = [
        c for c in inline.children or () if not (c.type in ("text", "softbreak") and not c.content.strip())
    ]
    if len(kids) == 1 and kids[0].type == "image":
        alt = plain_alt("".join(c.content for c in kids[0].children or ()))
        return alt, str(kids[0].attrGet("src") or "")
    return None


def _names_person(name: str, rest: str, known: Callable[[str], bool]) -> bool:
    from ..sources.common import strip_titles  # the readers import this package

    name = name.rstrip(",:")
    if not rest or rest.startswith(":") or len(name.split()) > 6:
        return False
    if known(name):
        return True
    words = strip_titles(name)[0].split()
    if len(words) >= 2:
        return name.casefold() not in NOT_NAMES
    return (
        bool(words)
        and words[0].casefold() not in NOT_NAMES
        and re.match(r"[,(–—-]|\w+s\b|is\b|was\b", rest) is not None
    )


def _comment(tok: Token) -> bool:
    """Whether a block shows nothing: an HTML comment (``<!-- ![photo](…) -->``)."""
    text = tok.content.strip()
    return tok.type == "html_block" and text.startswith("<!--") and text.endswith("-->")


def _same(alt: str, name: str) -> bool:
    """Whether a photo's alt text names the person ``name`` (first names equal,
    honorifics aside), or says nothing."""
    from ..sources.common import strip_titles  # the readers import this package

    first = lambda text: (strip_titles(text)[0] or text).casefold().split()[:1]  # noqa: E731
    return not alt or first(alt) == first(name)


def _sections(tokens: list[Token]) -> list[tuple[int, int, int]]:
    """``(heading index, first index after it, end index)`` of each Speaker(s) section."""
    found = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0:
            if SPEAKER_HEADING.match(plain_text(tokens[i + 1]).strip().strip("*_: ")):
                # the people end at the next heading: a subsection (a "Moderator") stays in the body
                stop = next(
                    (
                        j
                        for j in range(i + 3, len(tokens))
                        if tokens[j].type == "heading_open" and tokens[j].level == 0
                    ),
                    len(tokens),
                )
                found.append((i, i + 3, stop))
    return found


def find_bios(
    tokens: list[Token], lines: list[str], known: Callable[[str], bool]
) -> tuple[list[Bio], set[int]]:
    """The bios of a body and the token indexes shown on cards instead of the body
    (bios and photos of Speaker(s) sections, and such a section's heading when nothing
    else is left in it).  ``lines`` are the body's lines; ``known(name)`` says whether
    the front matter names that person."""
    bios: list[Bio] = []
    skip: set[int] = set()
    for head, first, stop in _sections(tokens):
        current: Bio | None = None
        photo: tuple[str, str, int] | None = None
        kept = False
        i = first
        while i < stop:
            tok, end = tokens[i], end_of(tokens, i)
            if tok.level == 0 and tok.type == "paragraph_open":
                picture = _image_only(tokens[i + 1])
                lead = _lead_name(tokens[i + 1])
                if picture:
                    kept = kept or photo is not None  # the photo before it went to no one
                    photo = (*picture, i)
                    i = end + 1
                    continue
                if lead and _names_person(lead[0], lead[2], known):
                    current = Bio(lead[0].rstrip(",:"), lead[1], None, "", tok.map[0], True)
                    if photo and _same(photo[0], current.name):
                        current.photo = photo[1]
                        current.blocks.append(photo[2])
                    kept = kept or (photo is not None and current.photo is None)
                    photo = None
                    bios.append(current)
            if current is not None and tok.map is not None:
                current.blocks.append(i)
                current.text += "\n\n" + "\n".join(lines[tok.map[0] : tok.map[1]]).strip()
            elif tok.map is not None and not _comment(tok):
                kept = True
            i = end + 1
        kept = kept or photo is not None
        for bio in bios:
            bio.text = bio.text.strip()
            skip.update(bio.blocks)
        if bios and not kept:
            skip.add(head)
    return bios, skip
