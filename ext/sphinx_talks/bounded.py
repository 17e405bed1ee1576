"""How many of a talk's speakers and tags are named where the talk is one of many.

A talk is listed on the page, and is an entry of the feed and an event of the
calendar, of each of its speakers and tags.  Naming every speaker and tag of the
talk in each of those places costs the square of their number: two talks sharing
1,000 speakers made 1,000 speaker pages, feeds and calendars each naming 1,000
people twice.  So a list's row, a feed's entry and a calendar's event name at most
:data:`MAX_NAMED` speakers and :data:`MAX_NAMED` tags, then "and N more"; the talk's
own page names them all, and every one of them still lists the talk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from .i18n import ngettext

#: Speakers, and tags, a talk's row in a list, feed entry or calendar event names.
MAX_NAMED = 8

T = TypeVar("T")


def first_named(items: Sequence[T]) -> tuple[list[T], int]:
    """The first :data:`MAX_NAMED` of ``items`` and how many are left out (0 or more)."""
    return list(items[:MAX_NAMED]), max(len(items) - MAX_NAMED, 0)


def names_line(names: Sequence[str], total: int | None = None) -> str:
    """``names`` joined by ", "; over :data:`MAX_NAMED`, the first of them and "and N
    more" (in the project's language): ``"A, B, C, D, E, F, G, H and 22 more"``.
    ``total``: how many there are when ``names`` holds only the first of them."""
    shown, more = first_named(names)
    if total is not None:
        more = max(total - len(shown), 0)
    text = ", ".join(shown)
    if more:
        text += " " + ngettext("and {n} more", "and {n} more", more).format(n=more)
    return text
