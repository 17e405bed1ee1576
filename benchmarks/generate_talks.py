"""Generate N realistic talks for benchmarks, in three shapes built from the same data.

Each talk has 1–3 speakers drawn from a shared pool, two tags, a YouTube recording,
a 150-word abstract and a 40-word bio per speaker.  Output is deterministic for a
given N and seed.

* :func:`hugo_page` — the Hugo TOML event page our extension reads;
* :func:`floor_page` — the same talk hand-written as plain MyST (title, date line,
  ``{youtube}`` directive, abstract, one sphinx-design card per speaker), an orphan;
* :func:`ablog_post` — the same talk as an ablog post.

Usage: ``python -m benchmarks.generate_talks N OUTDIR`` writes Hugo pages.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

WORDS = (
    "model data training language evaluation speech vision graph retrieval sparse "
    "robust efficient benchmark dataset transformer attention memory compute inference "
    "alignment safety multilingual tokenizer pipeline latency quality community open "
    "source research practice method result analysis error scale"
).split()
FIRST = "Ada Grace Alan Barbara Edsger Frances Donald Radia Ken Margaret Tim Shafi Leslie Jean".split()
LAST = (
    "Lovelace Hopper Turing Liskov Dijkstra Allen Knuth Perlman Thompson Hamilton Berners "
    "Goldwasser Lamport Sammet"
).split()
TAGS = "nlp vision speech safety ml-ops data graphs retrieval efficiency evaluation community".split()
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"


@dataclass
class TalkData:
    """One generated talk: ``date``/``end`` are ISO strings without offset."""

    number: int
    title: str
    date: str
    end: str
    video: str
    tags: list[str]
    speakers: list[tuple[str, str]]
    abstract: str

    @property
    def slug(self) -> str:
        return f"talk-{self.number:05d}"


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    sentences = [" ".join(words[i : i + 15]).capitalize() + "." for i in range(0, n, 15)]
    return " ".join(sentences)


def make_talks(n: int, seed: int = 7) -> list[TalkData]:
    """``n`` talks; about n/4 distinct speakers (at most 196), shared across talks."""
    rng = random.Random(seed)
    pool = sorted({f"{first} {last}" for first in FIRST for last in LAST})
    speakers = rng.sample(pool, k=min(len(pool), max(3, n // 4)))
    talks = []
    for i in range(n):
        year, month, day = 2015 + i % 10, 1 + i % 12, 1 + i % 28
        people = rng.sample(speakers, k=min(len(speakers), 1 + i % 3))
        talks.append(
            TalkData(
                number=i,
                title=f"Talk {i}: {_text(rng, 6).rstrip('.')}",
                date=f"{year}-{month:02d}-{day:02d}T18:00:00",
                end=f"{year}-{month:02d}-{day:02d}T19:30:00",
                video="".join(rng.choice(ALPHABET) for _ in range(11)),
                tags=rng.sample(TAGS, k=2),
                speakers=[(name, _text(rng, 40)) for name in people],
                abstract=_text(rng, 150),
            )
        )
    return talks


def hugo_page(talk: TalkData) -> str:
    """The talk as a Hugo TOML event page."""
    tags = ", ".join(f'"{t}"' for t in talk.tags)
    lines = [
        "+++",
        f'title = "{talk.title}"',
        f"date = {talk.date}",
        f"time_end = {talk.end}",
        f'recording = "https://www.youtube.com/watch?v={talk.video}"',
        f"tags = [{tags}]",
        'location = "Main hall"',
    ]
    for name, bio in talk.speakers:
        lines += ["[[speakers]]", f'name = "{name}"', f'bio = "{bio}"']
    lines += ["+++", "", "### Abstract", "", talk.abstract, ""]
    return "\n".join(lines)


def _cards(talk: TalkData) -> str:
    cards = "\n".join(f"````{{grid-item-card}} {name}\n{bio}\n````" for name, bio in talk.speakers)
    return f"`````{{grid}} 1 1 2 2\n{cards}\n`````\n"


def floor_page(talk: TalkData) -> str:
    """The talk written by hand as plain MyST (an orphan page)."""
    return (
        f"---\norphan: true\n---\n\n# {talk.title}\n\n"
        f"{talk.date[:10]} {talk.date[11:16]}–{talk.end[11:16]} · Main hall\n\n"
        f"```{{youtube}} {talk.video}\n:privacy_mode: true\n```\n\n"
        f"## Abstract\n\n{talk.abstract}\n\n## Speakers\n\n{_cards(talk)}"
    )


def ablog_post(talk: TalkData) -> str:
    """The talk as an ablog post (MyST front matter ``blogpost: true``)."""
    authors = ", ".join(name for name, _ in talk.speakers)
    tags = ", ".join(talk.tags)
    return (
        f"---\nblogpost: true\ndate: {talk.date[:10]}\nauthor: {authors}\ntags: {tags}\n---\n\n"
        f"# {talk.title}\n\n"
        f"```{{youtube}} {talk.video}\n:privacy_mode: true\n```\n\n"
        f"## Abstract\n\n{talk.abstract}\n\n## Speakers\n\n{_cards(talk)}"
    )


def write_talks(n: int, out: Path, seed: int = 7) -> list[Path]:
    """Write ``n`` Hugo talk pages into ``out`` (created); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for talk in make_talks(n, seed):
        path = out / f"{talk.slug}.md"
        path.write_text(hugo_page(talk), "utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    write_talks(int(sys.argv[1]), Path(sys.argv[2]))
