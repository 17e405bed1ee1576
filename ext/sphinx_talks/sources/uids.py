"""One calendar UID key per talk, unique across the catalog.

A talk's calendar ``UID`` and Atom entry ``id`` are made from its ``uid`` key
(:func:`sphinx_talks.ical.talk_uid`).  Each talk claims a key: its ``uid`` field, else
the name in its first alias (a talk renamed with its old URL as an alias keeps the UID
its old slug gave it), else its slug, taken *after* slugs were made unique.  Two talks
may claim one key (a ``uid`` written twice, an alias naming another talk's slug); the
stronger claim keeps it, in this order: a ``uid`` field, then the talk whose slug it
is, then an alias; among equals the earlier file.  A talk that loses takes its own
slug, with ``-2``, ``-3`` … where that is taken too.  A repeated ``uid`` field is a
``duplicate-uid`` warning at its line; an alias that cannot give its key a
``uid-taken`` notice.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..model import Talk

#: The strength of each kind of claim (lower is stronger).
_RANK = {"uid": 0, None: 1, "aliases": 2}


def assign_uids(talks: list[Talk]) -> list[Diagnostic]:
    """Give every talk of ``talks`` (unique slugs, in file order) a ``uid`` key no other
    talk has (see the module's description); returns the diagnostics, in file order."""
    claims = sorted(
        range(len(talks)),
        key=lambda i: (_RANK[talks[i].uid_claim[0] if talks[i].uid_claim else None], i),
    )
    owners: dict[str, Talk] = {}
    lost: list[tuple[int, Talk, str]] = []
    for i in claims:
        talk = talks[i]
        key = talk.uid if talk.uid_claim else talk.slug
        if key and key not in owners:
            owners[key] = talk
            talk.uid = key
        else:
            lost.append((i, talk, key))
    found: list[tuple[int, Diagnostic]] = []
    for i, talk, key in sorted(lost, key=lambda item: item[0]):
        own, n = talk.slug, 1
        while own in owners:
            n += 1
            own = f"{talk.slug}-{n}"
        owners[own] = talk
        talk.uid = own
        kind, line = talk.uid_claim or ("slug", talk.line)
        other = owners[key].source
        if kind == "uid":
            message = f"uid {key!r} is already used by {other}; this talk's calendar UID is made from {own!r}"
            found.append((i, Diagnostic(talk.source, line, "duplicate-uid", message)))
        else:
            message = (
                f"the UID key {key!r} ({kind}) is already the key of {other}; "
                f"this talk's calendar UID is made from {own!r}"
            )
            found.append((i, Diagnostic(talk.source, line, "uid-taken", message, "info")))
    return [d for _, d in found]
