"""Walk a source folder and read every talk in it."""

from __future__ import annotations

import errno
import multiprocessing as mp
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..diagnostics import Diagnostic, Report
from ..files import write_atomic
from ..model import RESERVED_SLUGS, SeriesAbout, Talk
from .common import ReaderSettings, slug_for
from .hugo import is_event_page, is_profile_page, read_page
from .pyvideo import category, is_talk_json, read_json
from .schedule import is_schedule, read_schedule
from .uids import assign_uids


def source_files(
    root: Path,
    skipped: list[tuple[Path, str]] | None = None,
    exclude: Iterable[Path] = (),
    wanted: Callable[[Path], bool] | None = None,
) -> list[Path]:
    """Talk source files under ``root`` (or the files ``wanted`` accepts), sorted.

    The one path rule of every folder the catalog reads (talk folders and profile
    folders alike): a linked folder is not entered and a linked file whose real path
    leaves ``root`` is not read, each appended to ``skipped`` with the reason.

    Files that are not regular files (FIFOs, devices, broken links), whose real
    path lies outside ``root``, and folders that cannot be listed are not read;
    they are appended to ``skipped`` with the reason when given.  Folders in
    ``exclude`` (absolute; the generated pages, the build output) are not entered.
    """
    excluded = set(exclude)
    found: list[Path] = []
    skipped = [] if skipped is None else skipped

    def unreadable(error: OSError) -> None:
        skipped.append((Path(error.filename or root), "folder cannot be read; its pages are left out"))

    accept = wanted or (lambda path: is_event_page(path) or is_talk_json(path) or is_schedule(path))
    root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        kept = []
        for d in sorted(dirnames):
            if d.startswith(".") or (excluded and Path(dirpath, d) in excluded):
                continue
            if os.path.islink(os.path.join(dirpath, d)):
                skipped.append((Path(dirpath, d), "is a linked folder; not followed, its pages are not read"))
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if not accept(path):
                continue
            try:
                # os.walk does not follow linked folders and root is resolved, so only a
                # linked file can lead outside root
                inside = path.resolve().is_relative_to(root) if os.path.islink(path) else True
                regular = os.path.isfile(path)
            except (OSError, RuntimeError) as exc:  # RuntimeError: a loop (Python < 3.13)
                if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
                    skipped.append((path, "is a symbolic link loop; not read"))
                    continue
                inside = regular = False
            if not inside:
                skipped.append((path, f"links outside {root}; not read"))
            elif not regular:
                skipped.append((path, "not a regular file (a broken link, FIFO or device); not read"))
            else:
                found.append(path)
    return found


#: Below this many files a process pool costs more than it saves.
PARALLEL_MIN_FILES = 200

Result = tuple[list[Talk], list[Diagnostic]]


def read_file(path: Path, settings: ReaderSettings) -> tuple[list[Talk], list[Diagnostic]]:
    """Read one source file: its talks (none for drafts, profiles and unreadable
    files) and its diagnostics.  Never raises: an unexpected error becomes an
    ``internal-error`` warning and the file is left out."""
    report = Report(path)
    if is_profile_page(path, settings.root):
        report.info(0, "profile-page", "a person's profile page, not a talk; left out")
        return [], report.items
    try:
        if is_schedule(path):
            found = read_schedule(path, settings, report)
        elif is_talk_json(path):
            found = read_json(path, settings, report)
        else:
            found = [read_page(path, settings, report)]
    except RecursionError:
        report.warn(1, "too-deep", "input nested too deeply; file skipped")
        found = []
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the build
        report.warn(1, "internal-error", f"file skipped after an unexpected error: {exc!r}")
        found = []
    return [t for t in found if t is not None], report.items


def _read_chunk(paths: list[Path], settings: ReaderSettings, bodies: bool = True) -> list[Result]:
    results = [read_file(path, settings) for path in paths]
    if not bodies:  # what a process sends back is pickled: less to send
        results = [([lint_view(talk) for talk in talks], items) for talks, items in results]
    return results


def lint_view(talk: Talk) -> Talk:
    """What a lint of the folder keeps of ``talk``: its file and line, slug, title,
    event and series, speakers, unread fields (``extra``) and unused ones; its body,
    texts, dates, videos and links are left out.  Every diagnostic was reported
    while the file was read.  Half of what a reading process pickles for pyvideo's
    archive (1.36 of 2.72 MB for 3,000 talks; 0.11 s to unpickle instead of 0.18 s)."""
    return Talk(
        source=talk.source,
        slug=talk.slug,
        title=talk.title,
        line=talk.line,
        event=talk.event,
        series_about=talk.series_about,
        speakers=talk.speakers,
        extra=talk.extra,
        unused=talk.unused,
        uid=talk.uid,
        uid_claim=talk.uid_claim,
    )


class ReadCache:
    """Results of :func:`read_file` kept between builds in one pickle file, so an
    incremental build reads only the source files that changed.

    An entry is reused while its file's modification time and size, the
    modification times of the files it copies (images found in the bundle or
    ``talks_static``) and ``fingerprint`` (the reader settings and the reader's own
    code) are unchanged; for a result that depends on which files its folder holds
    (a bundle's ``index`` page, or a page with a link to a file not found) also its
    folder's modification time.  Other pages stay cached when a sibling is added,
    removed or saved by an editor through a temporary file.  A result with an image
    not found is never cached: the image may be added anywhere.  Diagnostics are
    cached with the talks and reported again on every build.  A missing, stale or
    unreadable cache file only means every file is read.

    A file's stamp is taken *before* it is read, so a file saved while the build reads
    it (an editor under ``sphinx-autobuild``) never pairs its new stamp with its old
    text: the next build sees the change.  ``fresh`` (``-E``, a new environment) ignores
    what the cache file holds.
    """

    def __init__(self, path: Path, fingerprint: str, fresh: bool = False) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.entries: dict[str, tuple[tuple, bytes]] = {}
        self.used: set[str] = set()
        self.changed = False
        self._folders: dict[Path, int] = {}
        try:
            if fresh:
                raise FileNotFoundError(path)
            with path.open("rb") as stream:
                stored = pickle.load(stream)
            if stored["fingerprint"] == fingerprint:
                self.entries = stored["entries"]
        except Exception:  # noqa: BLE001 - any unreadable cache is as good as none
            self.entries = {}

    def _stamp(self, path: Path, with_folder: bool) -> tuple[int, int, int | None] | None:
        try:
            stat = os.stat(path)
            folder = None
            if with_folder:
                folder = self._folders.get(path.parent)
                if folder is None:
                    folder = self._folders[path.parent] = os.stat(path.parent).st_mtime_ns
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size, folder)

    @staticmethod
    def _needs_folder(path: Path, diagnostics: list[Diagnostic]) -> bool:
        """True when the result may change with the folder's listing alone: a
        bundle's ``index`` page (its ``featured.*`` image and files), or a link to a
        file that is not there (yet)."""
        return path.name.startswith("index") or any(d.subtype == "bad-url" for d in diagnostics)

    @staticmethod
    def _asset_stamps(assets: list[str]) -> tuple[int, ...] | None:
        try:
            return tuple(os.stat(asset).st_mtime_ns for asset in assets)
        except OSError:
            return None

    def get(self, path: Path) -> Result | None:
        """A fresh copy of the cached result for ``path``, or None."""
        key = str(path)
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is None:
            return None
        stamp, assets, asset_stamps = entry[0]
        if stamp != self._stamp(path, stamp[2] is not None) or asset_stamps != self._asset_stamps(assets):
            return None
        return pickle.loads(entry[1])

    def stamp_before(self, path: Path) -> tuple[int, int, int | None] | None:
        """The stamp of ``path`` (with its folder's) as it is now, taken before reading."""
        return self._stamp(path, True)

    def put(self, path: Path, result: Result, before: tuple[int, int, int | None] | None) -> None:
        """Keep ``result`` for ``path`` (unless an image was not found), under the stamp
        ``before`` taken before the file was read (see :meth:`stamp_before`)."""
        talks, diagnostics = result
        if any(d.subtype == "image-not-found" for d in diagnostics):
            self.entries.pop(str(path), None)
            return
        assets = sorted({str(asset) for talk in talks for asset in talk.assets.values()})
        stamp = before
        if stamp is not None and not self._needs_folder(path, diagnostics):
            stamp = (stamp[0], stamp[1], None)
        asset_stamps = self._asset_stamps(assets)
        if stamp is not None and asset_stamps is not None:
            self.entries[str(path)] = (
                (stamp, assets, asset_stamps),
                pickle.dumps(result, pickle.HIGHEST_PROTOCOL),
            )
            self.changed = True

    def save(self) -> None:
        """Write the cache when it changed, without entries of files no longer read."""
        stale = set(self.entries) - self.used
        if not (self.changed or stale):
            return
        for key in stale:
            del self.entries[key]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"fingerprint": self.fingerprint, "entries": self.entries}
        write_atomic(self.path, pickle.dumps(data, pickle.HIGHEST_PROTOCOL))


def _read_cached(
    paths: list[Path], settings: ReaderSettings, jobs: int, cache: ReadCache | None, bodies: bool = True
) -> Iterator[Result]:
    """Results for ``paths`` in order: from ``cache`` where valid, else read."""
    if cache is None:
        yield from _read_all(paths, settings, jobs, bodies)
        return
    if not bodies:
        raise ValueError("a read cache keeps whole results: read with bodies")
    cached = [cache.get(path) for path in paths]
    todo = [p for p, r in zip(paths, cached, strict=True) if r is None]
    before = {p: cache.stamp_before(p) for p in todo}
    fresh = _read_all(todo, settings, jobs)
    for path, result in zip(paths, cached, strict=True):
        if result is None:
            result = next(fresh)
            cache.put(path, result, before[path])
        yield result


def _read_all(
    paths: list[Path], settings: ReaderSettings, jobs: int, bodies: bool = True
) -> Iterator[Result]:
    """Results of :func:`read_file` in ``paths`` order; with ``jobs`` > 1 and enough
    files, read by a pool of ``jobs`` forked processes in chunks."""
    if jobs <= 1 or len(paths) < PARALLEL_MIN_FILES or "fork" not in mp.get_all_start_methods():
        for path in paths:
            yield from _read_chunk([path], settings, bodies)
        return
    size = max(16, len(paths) // (jobs * 32))  # small chunks: processes finish together
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork")) as pool:
        for results in pool.map(_read_chunk, chunks, [settings] * len(chunks), [bodies] * len(chunks)):
            yield from results


def _event(path: Path) -> str | None:
    """The event folder of a talk file in pyvideo's ``<event>/videos/`` layout, else None."""
    return path.parent.parent.name if path.parent.name == "videos" else None


def read_folder(
    settings: ReaderSettings,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    cache: ReadCache | None = None,
    bodies: bool = True,
) -> tuple[list[Talk], list[Diagnostic]]:
    """Read every talk under ``settings.root``, with ``jobs`` processes; files whose
    result ``cache`` holds are not read again (the cache is updated, not saved).

    Returns the talks (drafts and unreadable files left out) with unique slugs,
    and all diagnostics in file order (the same for any ``jobs``).  A slug taken
    by an earlier file, or one of the catalog's own page names
    (:data:`~sphinx_talks.model.RESERVED_SLUGS`), is a warning naming both files;
    the later talk gets a ``-2``, ``-3`` … suffix.  In pyvideo's layout, where a
    talk's address is ``/<event>/<name>.html``, a name another event's talk already
    has is no fault: the later talk's slug gets its event's name appended (a
    ``slug-qualified`` notice).  A pyvideo talk gets its series (title and
    :class:`~sphinx_talks.model.SeriesAbout`) from its event's ``category.json``.
    Every talk then gets a ``uid`` key no other has (:func:`~.uids.assign_uids`; its
    diagnostics come last).
    ``progress(done, total)`` is called per file.  ``bodies=False`` (linting, not
    with a ``cache``): each talk is its :func:`lint_view` (no body, texts, dates,
    videos or links), its diagnostics reported all the same.
    """
    talks: list[Talk] = []
    diagnostics: list[Diagnostic] = []
    owners: dict[str, Path] = {}
    skipped: list[tuple[Path, str]] = []
    paths = source_files(settings.root, skipped, settings.exclude)
    for path, reason in skipped:
        diagnostics.append(Diagnostic(path, 1, "not-read", reason))
    results = zip(paths, _read_cached(paths, settings, jobs, cache, bodies), strict=True)
    categories: dict[Path, tuple[str, SeriesAbout] | None] = {}  # pyvideo category.json, by file
    by_folder: dict[Path, tuple[str, SeriesAbout] | None] = {}  # the same, by talk folder
    for number, (path, (found, items)) in enumerate(results, start=1):
        if progress is not None:
            progress(number, len(paths))
        report = Report(path)
        report.items = items
        for talk in found:
            if is_talk_json(path):
                if path.parent not in by_folder:  # the talks of one folder share a series
                    by_folder[path.parent] = category(path, settings.root, categories, report)
                series = by_folder[path.parent]
                if series is not None and talk.event is None:  # the series a pyvideo event names
                    talk.event, talk.series_about = series
                if series is not None and talk.extra.get("category") == series[0]:
                    del talk.extra["category"]  # pyvideo repeats the series in each talk
                    talk.unused.pop("category", None)  # used: it names the series
            base = talk.slug
            if base in owners and _event(path) is not None and _event(owners[base]) != _event(path):
                # pyvideo's addresses are /<event>/<name>.html: the same name in another
                # event is no fault, and its page takes the event's name
                talk.slug = f"{base}-{slug_for(_event(path) or '')}"
                report.info(
                    talk.line,
                    "slug-qualified",
                    f"{base!r} is also a talk of {_event(owners[base])}; this talk's page is {talk.slug!r}",
                )
                base = talk.slug
            n = 1
            while talk.slug in owners or talk.slug in RESERVED_SLUGS:
                n += 1
                talk.slug = f"{base}-{n}"
            if talk.slug != base:
                report.warn(
                    talk.line,
                    "duplicate-slug",
                    f"slug {base!r} is already used by {owners.get(base, 'the catalog')}; "
                    f"this talk becomes {talk.slug!r}",
                )
            owners[talk.slug] = path
            talks.append(talk)
        diagnostics.extend(report.items)
    diagnostics.extend(assign_uids(talks))  # once slugs are unique
    return talks, diagnostics
