"""Benchmark: the catalog's talk filter on a list of ``count`` talks in headless Chromium.

A small catalog is built, the lists of its index page are replaced by one list of
``count`` made-up talks written by the catalog's own list code (:func:`big_catalog`),
and the page is opened in Chromium (``/usr/bin/chromium``, through Playwright).  Timed
inside the page with ``performance.now()``, layout included, ``rounds`` times each:

* ``narrow``: from the whole list to one choice (a tag, a year, with a recording);
* ``widen``: from that choice back to the whole list (its first page of talks shown);
* ``baseline``: the same first page of list items emptied out of the list and put back,
  then laid out, with no filtering: what showing that many items costs in this browser,
  in this run, on this machine at this moment.

Reported: the medians in milliseconds and ``narrow/baseline``, ``widen/baseline``; a
ratio near 1 means the filter adds little to the layout any list of that length needs.

Usage: ``python -m benchmarks.run --filter 20000 --runs 5``.
"""

from __future__ import annotations

import functools
import http.server
import random
import re
import statistics
import subprocess
import sys
import threading
from pathlib import Path

from .generate_talks import hugo_page, make_talks

CHROMIUM = Path("/usr/bin/chromium")
CHOICE = {"tag": "t3", "year": "2019", "video": "1"}

#: the layout of the list as it stands, without filtering: its shown items taken out
#: and put back; returns milliseconds
BASELINE_JS = """() => {
  const view = document.querySelector("ul.talks-list");
  const items = Array.from(view.children);
  const start = performance.now();
  view.textContent = "";
  const add = document.createDocumentFragment();
  for (const li of items) add.appendChild(li);
  view.appendChild(add);
  void document.body.offsetHeight;
  return performance.now() - start;
}"""


def big_catalog(outdir: Path, count: int) -> tuple[str, list[dict]]:
    """Write ``talks/big.html`` into the built HTML folder ``outdir``: its catalog index
    with the lists replaced by one list of ``count`` made-up talks (fixed seed), written
    by the build's own list code.  Returns the page's path relative to ``outdir`` and the
    talks' entries (dicts with ``start``, ``tags``, ``speakers``, ``event``,
    ``language``, ``video``, ``slides``).  Raises ValueError if the index has no list."""
    from sphinx_talks.directives import item_html

    rng = random.Random(13)
    entries = []
    for n in range(count):
        year = rng.randint(2010, 2025)
        entries.append(
            {
                "docname": f"talks/t{n}",
                "start": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T18:00:00+00:00",
                "tags": sorted(rng.sample([f"t{k}" for k in range(40)], rng.randint(0, 3))),
                "speakers": [f"p{rng.randint(0, 5000)}"],
                "event": f"s{rng.randint(0, 30)}",
                "language": rng.choice(["en", "en", "de", "fr"]),
                "video": rng.random() < 0.6,
                "slides": rng.random() < 0.3,
            }
        )
    items = "\n".join(
        item_html(e, f"Talk {n}", f"Person {e['speakers'][0]}", f"t{n}.html") for n, e in enumerate(entries)
    )
    html = (outdir / "talks" / "index.html").read_text("utf-8")
    lists = list(re.finditer(r'<ul class="talks-list.*?</ul>', html, re.S))
    if not lists:
        raise ValueError(f"{outdir / 'talks' / 'index.html'} has no talk list")
    big = f'<ul class="talks-list talks-list-list simple">\n{items}\n</ul>'
    for m in reversed(lists[1:]):
        html = html[: m.start()] + html[m.end() :]
    html = html[: lists[0].start()] + big + html[lists[0].end() :]
    (outdir / "talks" / "big.html").write_text(html, "utf-8")
    return "talks/big.html", entries


def chosen(entries: list[dict]) -> int:
    """How many of ``entries`` the benchmark's choice (:data:`CHOICE`) keeps."""
    return sum(
        1 for e in entries if CHOICE["tag"] in e["tags"] and e["start"][:4] == CHOICE["year"] and e["video"]
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def run_filter(count: int, rounds: int, workdir: Path, theme: str = "furo") -> dict:
    """Build a three-talk catalog in ``workdir`` with ``theme``, put a list of ``count``
    talks on one page and time the filter on it ``rounds`` times.  Returns a dict of
    medians in milliseconds (``narrow ms``, ``widen ms``, ``baseline ms``), their
    ratios, the talks shown after narrowing (``narrowed to``) and every sample.
    Raises RuntimeError if the build fails or the page shows the wrong talks."""
    import playwright.sync_api as playwright

    src = workdir / "filter"
    (src / "events").mkdir(parents=True)
    for talk in make_talks(3):
        (src / "events" / f"{talk.slug}.md").write_text(hugo_page(talk), "utf-8")
    (src / "index.md").write_text("# Bench\n\n```{toctree}\ntalks/index\n```\n", "utf-8")
    (src / "conf.py").write_text(
        f'extensions = ["sphinx_talks"]\ntalks_source = "events"\nhtml_theme = "{theme}"\n', "utf-8"
    )
    out = src / "_build" / "html"
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"build failed:\n{done.stderr[-2000:]}")
    path, entries = big_catalog(out, count)
    want = chosen(entries)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    samples: dict[str, list[float]] = {"narrow": [], "widen": [], "baseline": []}
    narrow = "window.sphinxTalksFilter.apply({ tag: 't3', year: '2019', video: '1' })"
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
            try:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
                for _ in range(rounds):
                    answer = page.evaluate(narrow)
                    if answer["shown"] != want:
                        raise RuntimeError(f"narrowing showed {answer['shown']} talks, not {want}")
                    samples["narrow"].append(answer["ms"])
                    answer = page.evaluate("window.sphinxTalksFilter.apply({})")
                    if answer["shown"] != count:
                        raise RuntimeError(f"widening counted {answer['shown']} talks, not {count}")
                    samples["widen"].append(answer["ms"])
                    samples["baseline"].append(page.evaluate(BASELINE_JS))
            finally:
                browser.close()
    finally:
        server.shutdown()
    medians = {f"{k} ms": statistics.median(v) for k, v in samples.items()}
    return {
        "talks": count,
        "rounds": rounds,
        "narrowed to": want,
        **medians,
        "narrow/baseline": medians["narrow ms"] / medians["baseline ms"],
        "widen/baseline": medians["widen ms"] / medians["baseline ms"],
        "samples": samples,
    }
