"""Benchmark: one talk whose body is as large as a page may be (issue 27's bound).

Each case builds a one-talk project (clean, ``sphinx-build -q``) whose body is:

* ``videos`` — 100,000 shortcodes, one repeated youtube call;
* ``unknown`` — 100,000 ``{{% unknown n="1" %}}`` calls;
* ``details`` — 100,000 ``details`` calls, none closed;
* ``mixed`` — 100,000 calls, a third of each kind above (the issue's mix);
* ``links`` — 50,000 inline links in one paragraph;
* ``paragraph`` — one paragraph of words as large as a page may be (5 MiB);
* ``paragraph-10mb`` — one of 10 MB (over the limit: the page is refused with a warning);
* ``fence`` — one code block of 100,000 youtube calls (each runs, as Hugo runs it);
* ``openers`` — ``{{< a "`` 500,000 times, no call ever closed;
* ``quotes`` — runs of 800 ``{{< a "`` each ended by ``>}}`` (every other run's
  delimiter inside quotes), 1 MB;
* ``prefix`` — the placeholders' prefix ``TALKSSC`` followed by a million ``Q``, then a call.

It reports the wall time and peak memory of each build, and the largest number of
children of any element in the talk's doctree (bounded: docutils transforms are
quadratic in one element's children).  A measurement, not a timed test.  Usage:
``python -m benchmarks.bodies --cases mixed paragraph --out benchmarks/out/bodies.json``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
from pathlib import Path

from .run import timed_build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ext"))
from sphinx_talks.frontmatter import MAX_FILE_BYTES  # noqa: E402

CONF = 'extensions = ["sphinx_talks"]\ntalks_source = "events"\ntalks_today = "2026-01-01"\n'
INDEX = "# Bodies\n\n```{toctree}\ntalks/index\n```\n"
CALLS = {
    "videos": lambda i: "{{< youtube dQw4w9WgXcQ >}}",
    "unknown": lambda i: '{{% unknown n="1" %}}',
    "details": lambda i: '{{< details summary="More" >}}',
}


def body(case: str, n: int = 100_000) -> str:
    """The Markdown body of ``case`` (see the module)."""
    if case in CALLS:
        return "\n\n".join(CALLS[case](i) for i in range(n)) + "\n"
    if case == "mixed":
        kinds = list(CALLS.values())
        return "\n\n".join(kinds[i % 3](i) for i in range(n)) + "\n"
    if case == "links":
        return " ".join(f"[link {i}](https://example.org/{i})" for i in range(50_000)) + "\n"
    if case == "fence":
        return "```\n" + "{{< youtube dQw4w9WgXcQ >}}\n" * 100_000 + "```\n"
    if case == "openers":
        return '{{< a "' * 500_000 + "\n"
    if case == "quotes":
        return ('{{< a "' * 800 + ">}}") * 180 + "\n"
    if case == "prefix":
        return "TALKSSC" + "Q" * 1_000_000 + " {{< youtube dQw4w9WgXcQ >}}\n"
    if case in ("paragraph", "paragraph-10mb"):
        words = "lorem ipsum dolor sit amet consectetur adipiscing elit ".split()
        out, size = [], 0
        limit = 10_000_000 if case == "paragraph-10mb" else MAX_FILE_BYTES - 1024
        while size < limit:
            word = words[len(out) % len(words)]
            out.append(word)
            size += len(word) + 1
        return " ".join(out) + "\n"
    raise ValueError(case)


def widest(doctree: Path) -> int:
    """The most children any element of a pickled doctree has."""
    tree = pickle.loads(doctree.read_bytes())
    return max((len(node.children) for node in tree.findall() if hasattr(node, "children")), default=0)


def measure(case: str, work: Path) -> dict:
    """Build the one-talk project of ``case`` under ``work``; its figures."""
    src = work / case
    (src / "events").mkdir(parents=True)
    (src / "conf.py").write_text(CONF, "utf-8")
    (src / "index.md").write_text(INDEX, "utf-8")
    text = body(case)
    page = f'+++\ntitle = "Big {case}"\ndate = 2024-01-01\n+++\n{text}'
    (src / "events" / "big.md").write_text(page, "utf-8")
    seconds, mib = timed_build(src, clean=True)
    doctree = next((p for p in (src / "_build").rglob("*.doctree") if p.stem.startswith("big")), src / "none")
    return {
        "case": case,
        "body_bytes": len(text.encode("utf-8")),
        "seconds": round(seconds, 1),
        "peak_mib": round(mib),
        "widest_element": widest(doctree) if doctree.is_file() else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module's docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases",
        nargs="+",
        default=[
            "mixed",
            "videos",
            "unknown",
            "details",
            "links",
            "paragraph",
            "paragraph-10mb",
            "fence",
            "openers",
            "quotes",
            "prefix",
        ],
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = []
    for case in args.cases:
        with tempfile.TemporaryDirectory(prefix="bodies-") as tmp:
            results.append(measure(case, Path(tmp)))
        print(json.dumps(results[-1]), flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
