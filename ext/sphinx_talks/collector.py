"""Python's cyclic garbage collector during a build of a large catalog.

A Sphinx build keeps its whole environment alive: for pyvideo's archive, millions
of objects (every page's title and table of contents as docutils nodes, every
domain's tables).  The collector's full passes scan all of them, and they come
often while the build creates objects fast: when ``sphinx-build -j N`` merges what
each reading process sends back (a pickled copy of the environment) and when each
page's doctree is loaded to be written.  Measured here, loading a 1,445-document
environment took 0.7 to 1.1 s beside five such environments alive, and 0.08 to 0.2 s
with the first generation's threshold at 20,000 objects (0.09 to 0.11 s at 100,000;
but there the copies each merge leaves behind waited so long for a full pass that
the archive's main process held 2.1 GB after six minutes of reading, against 0.9 GB
with the default thresholds).

So for the length of a build (``builder-inited`` to ``build-finished``):

* while pages are read, the first generation is collected every :data:`YOUNG` new
  objects instead of every 700, which makes every pass rarer (garbage waits a little
  longer: a full pass may come once per merge rather than many times);
* once every page is read (``env-updated``), what is alive is frozen (``gc.freeze``):
  the environment is not scanned again while pages are written, nor copied page by
  page into the writing processes ``-j N`` forks.  It is collected once first when
  the pages were read in parallel: each merge of a reading process's environment
  leaves a copy behind (1.65 million objects freed by that pass on 2,000 generated
  talks with ``-j 2``); a serial read leaves little (9,453 objects, for a pass of
  0.36 s over the whole environment), so it is frozen as it is;
* while pages are written, the first two generations are collected as usual, so
  each written page's doctree (cycles of parent and child nodes) is freed soon
  after it is written (a pass is cheap once the environment is frozen).  Measured
  on 1,096 pyvideo talks with ``-j 2``: a peak of 273 and 282 MiB against 311 to
  323 MiB with the reading's rarer passes kept while writing, in the same time.
  In a serial build (``-j 1``) full passes come :data:`OLD` times rarer than usual:
  with the environment frozen,
  Python's rule (a full pass once the survivors since the last one reach a quarter
  of the old objects) lets one come every 70,000 new objects, each scanning what
  writing keeps (the search index's words, the published files' parts) for little
  garbage: on 2,000 talks, four passes of 0.08 to 0.17 s that freed 600 to 3,100
  objects each.  Writing in parallel leaves more (each page's doctree is pickled
  for a writing process: passes there freed about 57,000 objects each), so there
  the usual rule stays;
* at the end the thresholds are restored and the frozen objects unfrozen, so a
  process that runs several builds (tests, a server) frees each one's cycles;
* when the process exits, what is alive is frozen once more (:func:`freeze_at_exit`,
  an :mod:`atexit` handler): the interpreter's shutdown would otherwise run full
  passes over every object the build left alive just before the operating system
  takes the memory back.  Measured on 2,000 generated talks: 2.1 s between the last
  ``atexit`` handler and the process's end, 0.05 s with the objects frozen.

``talks_tune_gc = False`` leaves the collector alone.

``sphinx-talks check`` reads a whole folder without Sphinx; :func:`reading` gives
it the same rarer passes (see there).  This module imports Sphinx only to type its
handlers, so that the command need not import it.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: New objects between two passes of the first generation while pages are read.
YOUNG = 20_000

#: How many times rarer full passes are while pages are written.
OLD = 10

_SAVED = "_talks_gc_thresholds"
_READ = "_talks_docs_read"
_MERGED = "_talks_merged"


def _tuned(app: Sphinx) -> bool:
    from .config import get_config  # imports Sphinx: not at the top (see above)

    return bool(get_config(app).tune_gc) and bool(get_config(app).source)


def start(app: Sphinx) -> None:
    """``builder-inited``: rarer passes until every page is read (see :func:`freeze`)."""
    if _tuned(app) and _SAVED not in app.__dict__:
        app.__dict__[_SAVED] = gc.get_threshold()
        young, *older = gc.get_threshold()
        gc.set_threshold(max(young, YOUNG), *older)


def count_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: remember how many documents this build reads."""
    app.__dict__[_READ] = len(docnames)
    app.__dict__[_MERGED] = False


def note_merge(app: Sphinx, env: Any, docnames: Any, other: Any) -> None:
    """``env-merge-info``: a reading process's environment was merged (its copy is
    left to the collector)."""
    app.__dict__[_MERGED] = True


def freeze(app: Sphinx, env: Any) -> None:
    """``env-updated``: every page is read; freeze what is alive (collected first when
    reading processes were merged) and set the thresholds for writing: the usual
    young passes, and in a serial build :data:`OLD` times rarer full passes.
    When the build read no document (nothing changed), there is no garbage worth a
    full pass over the environment it loaded (2.9 s for pyvideo's archive)."""
    if _SAVED in app.__dict__:
        if app.__dict__.pop(_READ, 1) and app.__dict__.pop(_MERGED, True):
            gc.collect()
        gc.freeze()
        young, middle, old = app.__dict__[_SAVED]
        gc.set_threshold(young, middle, old * OLD if app.parallel <= 1 else old)


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: unfreeze and restore the thresholds; have the process's
    exit freeze what is then alive (registered once per process)."""
    saved = app.__dict__.pop(_SAVED, None)
    if saved is not None:
        gc.unfreeze()
        gc.set_threshold(*saved)
        atexit.unregister(freeze_at_exit)  # once per process, however many builds
        atexit.register(freeze_at_exit)


def freeze_at_exit() -> None:
    """At interpreter exit: freeze every object, so that shutdown's collections do not
    scan what the build left alive.  Objects are still freed by reference counting;
    only cycles among them are left to the operating system, which takes back the
    whole process's memory a moment later."""
    gc.freeze()


@contextmanager
def reading() -> Iterator[None]:
    """For a process that reads a folder of talks without Sphinx (``sphinx-talks
    check``): what is alive on entry (the imported modules) is frozen, and the first
    generation is collected every :data:`YOUNG` new objects; both are undone on exit.

    The main process there unpickles every talk its reading processes send back
    and keeps them all, so the usual passes scan a growing heap again and again:
    over pyvideo's archive (``-j 2``) 1,022 young and 8 full passes took 1.86 s of
    the main process, against 82 and none, 0.5 s, with these settings (timed with
    ``gc.callbacks``); the reading processes' own passes went from 0.3 s each to
    0.01 s.  Forked reading processes inherit both settings."""
    saved = gc.get_threshold()
    young, *older = saved
    gc.freeze()
    gc.set_threshold(max(young, YOUNG), *older)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.unfreeze()


def setup_collector(app: Sphinx) -> None:
    """Register the handlers (``talks_tune_gc`` is read when they run)."""
    app.connect("builder-inited", start, priority=100)
    app.connect("env-before-read-docs", count_read)
    app.connect("env-merge-info", note_merge)
    app.connect("env-updated", freeze, priority=900)  # after the other handlers
    app.connect("build-finished", finish, priority=900)
