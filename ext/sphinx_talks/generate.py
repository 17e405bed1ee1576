"""Generate the catalog's MyST pages inside the Sphinx source folder.

At ``config-inited`` the talk source folder is excluded from Sphinx's own
document discovery; at ``builder-inited`` every source file is read, each
diagnostic becomes a Sphinx warning at the *source* file and line, and pages and
copied images are written into ``talks_output_dir`` only when their bytes
changed.  Files a previous build generated and this one does not are removed
(the manifest ``.sphinx-talks.json`` records what we own, with the digest of each
file as written: a generated file edited since is named in a warning when it is
overwritten or removed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from itertools import chain
from pathlib import Path, PurePosixPath

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.matching import Matcher

from . import people, publish
from .config import FIELDS, conf_location, get_config, today, warn
from .diagnostics import Diagnostic, Report
from .files import code_stamp, digest, read_manifest, remove_file, still_ours, write_atomic, write_manifest
from .i18n import _
from .model import Talk
from .posters import add_posters
from .render import Catalog, Layout
from .sources import read_folder
from .sources.common import ReaderSettings
from .sources.folder import ReadCache
from .sources.hugo import profile_folders
from .sources.site import NO_ZONE, display_zone, site_privacy

logger = logging.getLogger(__name__)

MANIFEST = ".sphinx-talks.json"
#: Cached source reads, in the doctree folder (see :class:`sources.folder.ReadCache`).
CACHE = "sphinx-talks-sources.pickle"
#: File in the doctree folder naming the folder the last build generated into.
LAST_OUTPUT = "sphinx-talks-output.txt"
#: Folder of the doctree folder caching fetched video posters (see :mod:`posters`).
POSTERS = "talks-posters"


def source_root(app: Sphinx, source: str) -> Path:
    """``talks_source`` resolved against the conf dir."""
    return (Path(app.confdir) / source).resolve()


def exclude_source(app: Sphinx, config: Config) -> None:
    """``config-inited``: keep raw event pages inside the source dir out of the build."""
    cfg = get_config(app)
    srcdir = Path(app.srcdir).resolve()
    for folder in cfg.profiles:
        profile = (Path(app.confdir) / folder).resolve()
        if profile.is_relative_to(srcdir) and profile != srcdir:
            pattern = profile.relative_to(srcdir).as_posix() + "/**"
            if pattern not in config.exclude_patterns:
                config.exclude_patterns = [*config.exclude_patterns, pattern]
    if cfg.source:
        root = source_root(app, cfg.source)
        if root.is_relative_to(srcdir) and root != srcdir:
            pattern = root.relative_to(srcdir).as_posix() + "/**"
            if pattern not in config.exclude_patterns:
                config.exclude_patterns = [*config.exclude_patterns, pattern]
        out = (srcdir / cfg.output_dir).resolve()
        if _overlap(root, out, srcdir):
            warn(
                app,
                "output_dir",
                "talks_source %s and talks_output_dir %s overlap; nothing is generated",
                root,
                out,
            )
        elif _excluded(out.relative_to(srcdir), config.exclude_patterns):
            warn(
                app,
                "output_dir",
                "talks_output_dir %s is excluded by exclude_patterns; the catalog is not built",
                out,
            )


def _overlap(root: Path, out: Path, srcdir: Path) -> bool:
    """Whether the source folder ``root`` and the output folder ``out`` overlap (the
    source folder may be the Sphinx source folder itself)."""
    return root == out or root.is_relative_to(out) or (out.is_relative_to(root) and root != srcdir)


def _excluded(folder: Path, patterns: list[str]) -> bool:
    """Whether Sphinx's ``exclude_patterns`` leave out ``folder`` (relative to the
    source folder) or its index page, as Sphinx matches them: per path."""
    matcher = Matcher(patterns)
    paths = [PurePosixPath(*folder.parts[: n + 1]).as_posix() for n in range(len(folder.parts))]
    return any(matcher(p) for p in [*paths, f"{folder.as_posix()}/index.md"])


def log(diagnostic: Diagnostic) -> None:
    """Emit one diagnostic: warnings as Sphinx warnings, notices at verbose level."""
    subtype = diagnostic.subtype
    if diagnostic.level == "warning":
        logger.warning(diagnostic.message, location=diagnostic.location, type="talks", subtype=subtype)
    elif subtype == "draft":
        logger.info("%s: %s", diagnostic.location, diagnostic.message)
    else:
        logger.verbose("%s: %s [talks.%s]", diagnostic.location, diagnostic.message, subtype)


def generate(app: Sphinx) -> None:
    """``builder-inited``: read ``talks_source`` and write the catalog's pages."""
    cfg = get_config(app)
    if not cfg.source:  # no catalog (any more): the pages an earlier build generated go
        _retire_previous_output(Path(app.doctreedir), Path(app.srcdir).resolve(), None)
        return
    root = source_root(app, cfg.source)
    srcdir = Path(app.srcdir).resolve()
    out = (srcdir / cfg.output_dir).resolve()
    if not root.is_dir():
        warn(app, "source", "talks_source %s is not a folder; no talk pages generated", root)
        return
    if _overlap(root, out, srcdir):
        return
    prefix = out.relative_to(srcdir).as_posix() if out.is_relative_to(srcdir) else cfg.output_dir
    zone, zone_source = display_zone(cfg.timezone, root)
    settings = ReaderSettings(
        root=root,
        zone=zone,
        static=[(Path(app.confdir) / s).resolve() for s in cfg.static],
        base_url=cfg.base_url,
        asset_prefix=f"/{prefix}/_assets",
        raw_html=cfg.raw_html,
        privacy=cfg.video_privacy,
        fix_mojibake=cfg.fix_mojibake,
        exclude=(out, Path(app.outdir).resolve(), Path(app.doctreedir).resolve()),
        old_url_root=old_url_root(cfg.old_url_root, root),
        shortcodes=tuple(sorted((str(k), str(v)) for k, v in cfg.shortcodes.items())),
        disabled=site_privacy(root),
    )
    cache = ReadCache(Path(app.doctreedir) / CACHE, _fingerprint(settings), fresh=bool(app.fresh_env_used))
    talks, diagnostics = read_folder(settings, jobs=app.parallel or 1, cache=cache)  # -j N: N processes
    cache.save()
    for diagnostic in diagnostics:
        log(diagnostic)
    reports: list[Report] = []
    profiles = [(Path(app.confdir) / p).resolve() for p in cfg.profiles] + profile_folders(root)
    speakers_file = (Path(app.confdir) / cfg.speakers).resolve() if cfg.speakers else None
    if speakers_file is not None and not speakers_file.is_file():
        warn(app, "speakers", "talks_speakers %s is not a file", speakers_file)
        speakers_file = None
    directory = people.load(speakers_file, [p for p in profiles if p.is_dir()], settings, reports)
    for report in reports:
        for diagnostic in report.items:
            log(diagnostic)
    layout = Layout(
        prefix=prefix,
        # the default title is a label: in the site's language
        title=_("Talks") if cfg.catalog_title == FIELDS["catalog_title"].default else cfg.catalog_title,
        language=app.config.language,
        base_url=cfg.base_url,
        privacy=cfg.video_privacy,
        today=today(app.config),
        written_zone=zone_source == NO_ZONE,
        speaker_pages=cfg.speaker_pages,
        tag_pages=cfg.tag_pages,
        disabled=settings.disabled,
    )
    if any(t.has_time for t in talks):
        shown = zone.key
        if zone_source == NO_ZONE and any(t.written_offset is not None for t in talks):
            shown = "the UTC offset each page wrote, else UTC"
        logger.info(
            "sphinx-talks: times are shown in %s (%s)",
            shown,
            zone_source,
            location=conf_location(app, "timezone") or f"{Path(app.confdir) / 'conf.py'}:1",
        )
    fetched: list[tuple[str, bytes]] = []
    if cfg.video_posters == "fetch":

        def notice(talk: Talk, reason: str) -> None:
            logger.info(
                "no poster: %s", reason, location=f"{talk.source}:{talk.line}", type="talks", subtype="poster"
            )

        fetched = add_posters(talks, Path(app.doctreedir) / POSTERS, settings.asset_prefix, notice)
    catalog = Catalog(talks, layout, directory)
    publish.remember(app, catalog)
    pages = ((name, text.encode("utf-8")) for name, text in catalog.pages())
    assets = [(f"_assets/{name}", path) for talk in talks for name, path in talk.assets.items()]
    assets += [(f"_assets/{name}", path) for name, path in directory.assets.items()]
    assets += [(f"_assets/{name}", data) for name, data in fetched]
    retired = _retire_previous_output(Path(app.doctreedir), srcdir, out)  # first: the folders may nest
    refused: list[tuple[str, str]] = []
    edited: list[tuple[str, str]] = []
    written = retired + sync(out, chain(pages, assets), refused, edited)
    _report_sync(out, refused, edited)
    for diagnostic in catalog.diagnostics:
        log(diagnostic)
    logger.info(
        "sphinx-talks: %d talk%s from %s; %d generated file%s changed",
        len(talks),
        "" if len(talks) == 1 else "s",
        root,
        written,
        "" if written == 1 else "s",
    )


def _report_sync(out: Path, refused: list[tuple[str, str]], edited: list[tuple[str, str]]) -> None:
    """Warn of the files :func:`sync` did not write (``refused``) and of the generated
    files it overwrote or removed although they were edited since (``edited``)."""
    for name, reason in refused:
        logger.warning("%s %s; not written", out / name, reason, type="talks", subtype="not-written")
    for name, done in edited:
        logger.warning(
            "generated by sphinx-talks and edited since; %s (the files in talks_output_dir are made "
            "from talks_source: edit the source instead)",
            done,
            location=str(out / name),
            type="talks",
            subtype="generated-edited",
        )


def old_url_root(value: str | None, root: Path) -> str | None:
    """``talks_old_url_root`` resolved: ``"auto"`` is ``/<folder name>/`` for a folder
    that holds pages itself (a Hugo section such as ``content/events``), else ``/`` (a
    content folder holding sections); None stays None."""
    if value != "auto":
        return value
    try:
        pages = any(p.is_file() and p.suffix.lower() in (".md", ".markdown") for p in root.iterdir())
    except OSError:
        pages = False
    return f"/{root.name.lower()}/" if pages else "/"


def _retire_previous_output(doctreedir: Path, srcdir: Path, out: Path | None) -> int:
    """After ``talks_output_dir`` changed, or ``talks_source`` was unset (``out`` is
    None): empty the folder the last build generated into (only the files its
    manifest lists, then the manifest and the folders left empty), and remember
    ``out``.  The folder is kept relative to ``srcdir`` and
    must lie inside it, so a copied project or a shared doctree folder never
    touches another project.  Returns the number of files removed."""
    marker = doctreedir / LAST_OUTPUT
    try:
        previous: Path | None = (srcdir / marker.read_text("utf-8")).resolve()
    except (OSError, ValueError, RuntimeError):  # RuntimeError: it became a link loop
        previous = None
    if previous is not None and (previous == srcdir or not previous.is_relative_to(srcdir)):
        previous = None
    removed = 0
    if previous is not None and previous != out and (previous / MANIFEST).is_file():
        removed = sync(previous, [])
        (previous / MANIFEST).unlink(missing_ok=True)
        try:
            previous.rmdir()
        except OSError:
            pass  # the user's own files are still there
    if out is None:
        marker.unlink(missing_ok=True)
    elif previous != out:
        doctreedir.mkdir(parents=True, exist_ok=True)
        write_atomic(marker, out.relative_to(srcdir).as_posix().encode("utf-8"))
    return removed


def _fingerprint(settings: ReaderSettings) -> str:
    """The reader settings and the reader's code (its files' modification times):
    cached reads are reused only while both are unchanged."""
    return f"{code_stamp()}|{replace(settings, exclude=())!r}"  # exclude picks files, not results


def sync(
    out: Path,
    files: Iterable[tuple[str, bytes | Path]],
    refused: list[tuple[str, str]] | None = None,
    edited: list[tuple[str, str]] | None = None,
) -> int:
    """Make ``out`` hold ``files``: ``(relative path, bytes or a file to copy)`` pairs
    (for a path given twice, the last wins).

    A file is written only when its bytes differ from what is on disk; files
    listed in the previous manifest but not in ``files`` are removed, with the
    folders they leave empty.  Two paths are not written, and go to ``refused`` as
    ``(name, reason)``: one whose folder a symbolic link takes outside ``out``, and
    an existing file with other bytes that the previous manifest does not list
    (the user's own, never overwritten).  A file the manifest lists whose bytes
    changed since it was written (its digest, kept in the manifest) is overwritten
    or removed all the same, the catalog's pages being generated, and goes to
    ``edited`` as ``(name, "overwritten" or "removed")``.  Returns the number of files
    written or removed.
    """
    out.mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    manifest = out / MANIFEST
    previous = read_manifest(manifest)
    changed = 0
    names: dict[str, str | None] = {}
    inside: dict[Path, bool] = {}  # per folder: resolved once, not once per file
    for name, content in files:
        target = out / name
        if target.parent not in inside:
            inside[target.parent] = target.parent.resolve().is_relative_to(out)
        if not inside[target.parent]:
            names.pop(name, None)
            if refused is not None:
                refused.append((name, "is reached through a link that leaves the output folder"))
            continue
        data = content.read_bytes() if isinstance(content, Path) else content
        names[name] = digest(data)
        try:
            if target.read_bytes() == data:
                continue
            if name not in previous:
                names.pop(name)
                if refused is not None:
                    refused.append((name, "exists and was not generated by sphinx-talks"))
                continue
            if edited is not None and not still_ours(target, previous[name]):
                edited.append((name, "overwritten"))
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)  # two builds of one folder may write at once
        changed += 1
    for name in sorted(set(previous) - set(names)):
        target = out / name
        if not target.resolve().is_relative_to(out):
            continue
        if edited is not None and not still_ours(target, previous[name]):
            edited.append((name, "removed"))
        changed += remove_file(out, target)
    write_manifest(manifest, names)
    return changed
