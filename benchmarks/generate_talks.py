"""Generate N realistic Hugo TOML talk pages for benchmarks.

Speakers are shared across talks, each talk has tags, a YouTube recording, a
150-word abstract and a speaker bio.  Output is deterministic for a given N.

Usage: ``python -m benchmarks.generate_talks N OUTDIR``
"""

from __future__ import annotations

import random
import sys
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


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    sentences = [" ".join(words[i : i + 15]).capitalize() + "." for i in range(0, n, 15)]
    return " ".join(sentences)


def talk_page(i: int, rng: random.Random, speakers: list[str]) -> str:
    """One Hugo TOML event page (talk number ``i``)."""
    year = 2015 + i % 10
    month, day = 1 + i % 12, 1 + i % 28
    people = rng.sample(speakers, k=1 + i % 3)
    video = "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") for _ in range(11)
    )
    lines = [
        "+++",
        f'title = "Talk {i}: {_text(rng, 6).rstrip(".")}"',
        f"date = {year}-{month:02d}-{day:02d}T18:00:00",
        f"time_end = {year}-{month:02d}-{day:02d}T19:30:00",
        f'recording = "https://www.youtube.com/watch?v={video}"',
        f"tags = {rng.sample(TAGS, k=2)!r}".replace("'", '"'),
        'location = "Main hall"',
    ]
    for name in people:
        lines += ["[[speakers]]", f'name = "{name}"', f'bio = "{_text(rng, 40)}"']
    lines += ["+++", "", "### Abstract", "", _text(rng, 150), ""]
    return "\n".join(lines)


def write_talks(n: int, out: Path, seed: int = 7) -> list[Path]:
    """Write ``n`` talk pages into ``out`` (created); returns their paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    pool = sorted({f"{first} {last}" for first in FIRST for last in LAST})
    speakers = rng.sample(pool, k=min(len(pool), max(3, n // 4)))
    paths = []
    for i in range(n):
        path = out / f"talk-{i:05d}.md"
        path.write_text(talk_page(i, rng, speakers), "utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    write_talks(int(sys.argv[1]), Path(sys.argv[2]))
