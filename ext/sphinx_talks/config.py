"""Configuration: every ``talks_*`` value, declared once as data.

:class:`TalksConfig` lists each option with its default, accepted types and help
text; :func:`register` adds them to Sphinx, :func:`validate` checks them once at
``config-inited`` (a bad value becomes a warning and the default), and
:func:`get_config` is the one accessor the rest of the package uses.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:  # Sphinx is imported where it is used: `sphinx-talks check` checks
    # its --conf values with value_problem and runs without Sphinx
    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "talks_"


def _opt(
    default: Any, types: tuple[type, ...], help: str, choices: tuple[str, ...] = (), rebuild: str = "html"
) -> Any:
    """A config field; ``rebuild`` is Sphinx's.  ``"html"`` (the default): a change
    writes every HTML page again, without reading any (pages show values such as
    ``talks_calendars`` or ``talks_catalog_title`` when they are written; the generated
    pages whose text changes are read again on their own).  ``""``: only the
    published files (calendars, feeds, talks.json, redirects) or nothing depend on
    the value, and no page is written again."""
    meta = {"types": types, "help": help, "choices": choices, "rebuild": rebuild}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class TalksConfig:
    """The validated ``talks_*`` configuration of one build."""

    source: str | None = _opt(
        None,
        (str, type(None)),
        "Folder of event pages (relative to the conf dir, or absolute). None: domain only.",
    )
    output_dir: str = _opt(
        "talks",
        (str,),
        "Folder inside the Sphinx source dir that receives the generated pages; folder names of "
        "letters, digits, '_', '-' and '.'. When it changes, the pages generated into the old "
        "folder are removed, and what the old catalog published from the output folder.",
    )
    timezone: str | None = _opt(
        None,
        (str, type(None)),
        "IANA zone for times without an offset, and for display. None: the timeZone of the site's "
        "own configuration (hugo.toml, config.toml, Jekyll's _config.yml) in or above talks_source, "
        "else UTC.",
    )
    video_privacy: bool = _opt(
        True, (bool,), "Embed YouTube videos from youtube-nocookie.com and Vimeo videos with dnt=1."
    )
    video_embed: str = _opt(
        "click",
        (str,),
        "How talk pages show a video on HTML builders: 'click' (a placeholder with the talk's title "
        "and picture; nothing is loaded from the video's host before the visitor presses play), "
        "'iframe' (the player at once) or 'link' (a link to the video's page).",
        ("click", "iframe", "link"),
        rebuild="html",
    )
    video_posters: str = _opt(
        "local",
        (str,),
        "Pictures of talks with a video and no picture of their own: 'local' (none; nothing is "
        "hot-linked from a video host) or 'fetch' (the host's thumbnail, downloaded by the build, "
        "cached in the doctree folder and published as the talk's picture).",
        ("local", "fetch"),
    )
    speaker_pages: str = _opt(
        "auto",
        (str,),
        "Which speakers get a page of their own: 'auto' (those with two or more talks, or a bio, "
        "photo, homepage or affiliation; the others are named on their talk's page, which the "
        "speakers' index links) or 'all'.",
        ("auto", "all"),
    )
    tag_pages: str = _opt(
        "auto",
        (str,),
        "Which tags get a page of their own: 'auto' (those of two or more talks; the tags' index "
        "links the only talk of the others) or 'all'.",
        ("auto", "all"),
    )
    static: list[str] = _opt(
        [],
        (list, tuple, str),
        "Folders that hold the site's static files (Hugo 'static/'), for '/images/…' paths; one "
        "folder may be given as a string.",
    )
    base_url: str | None = _opt(
        None,
        (str, type(None)),
        "The original site's URL, used to keep site-relative links ('/post/x') as links.",
    )
    catalog_title: str = _opt("Talks", (str,), "Title of the catalog index page.")
    fix_mojibake: bool = _opt(
        True,
        (bool,),
        "Repair text such as 'TÃ¼bingen' (UTF-8 read as Latin-1) with ftfy, with a notice; False keeps "
        "it as written, with a warning.",
    )
    today: str | None = _opt(
        None, (str, type(None)), "Date (YYYY-MM-DD) splitting upcoming from past talks; None: build date."
    )
    speakers: str | None = _opt(
        None, (str, type(None)), "YAML/TOML file of people: name, aliases, homepage, photo, bio, affiliation."
    )
    profiles: list[str] = _opt(
        [],
        (list, tuple, str),
        "Folders of profile pages (Hugo content/speakers, content/authors); one folder may be given "
        "as a string.",
    )
    site_url: str | None = _opt(
        None,
        (str, type(None)),
        "The published catalog's URL (https://…/), for the absolute links of calendars, feeds, the "
        "JSON export, structured data and share cards. None: html_baseurl; without either, those "
        "links are relative or left out.",
    )
    old_url_root: str | None = _opt(
        "auto",
        (str, type(None)),
        "URL path talks_source had on the old site, for the URL Hugo gave a page without 'url' "
        "('/events/'). 'auto': '/<folder name>/' when the folder holds pages itself, else '/' (a "
        "content folder); None: no such URL.",
    )
    redirects: bool = _opt(
        True,
        (bool,),
        "Write a redirect page (sphinx-reredirects) at every old URL a page declares or had: Hugo "
        "url, aliases and the URL Hugo gave it, Jekyll permalink, and speakers renamed through "
        "talks_speakers aliases.",
        rebuild="",
    )
    calendars: bool = _opt(
        True,
        (bool,),
        "Write iCalendar files: the catalog, each talk and series, each speaker and tag with a page.",
    )
    feeds: bool = _opt(
        True, (bool,), "Write Atom feeds: the catalog, each series, each speaker and tag with a page."
    )
    feed_length: int = _opt(50, (int,), "Entries in each feed at most (the newest).", rebuild="")
    export: bool = _opt(
        True,
        (bool,),
        "Write talks.json, every talk, speaker, tag and series (schema: talks-1).",
        rebuild="",
    )
    structured_data: bool = _opt(
        True, (bool,), "JSON-LD (VideoObject, Event, Person, ProfilePage) and share-card fields on pages."
    )
    tune_gc: bool = _opt(
        True,
        (bool,),
        "Make Python's garbage collector pass less often while pages are read and freeze the "
        "environment once every page is read (a large catalog's build spent most of its "
        "merging time in the collector); the settings are restored when the build ends.",
        rebuild="",
    )
    raw_html: str = _opt(
        "drop",
        (str,),
        "Raw HTML blocks in bodies: 'drop' (Hugo's default), 'sanitize' (nh3) or 'keep'.",
        ("drop", "sanitize", "keep"),
    )
    shortcodes: dict = _opt(
        {},
        (dict,),
        "A site's own shortcodes: name -> 'redirect' (the talk page forwards to the call's URL, "
        "or to the URL written after the word: 'redirect https://…'), 'link', 'embed' (a "
        "click-to-load frame), 'text' (its text or content), 'drop', or a Markdown template "
        "with the call's parameters ('{0}', '{url}').  Any other shortcode Hugo does not ship "
        "is a warning.",
    )

    @property
    def zone(self) -> ZoneInfo:
        """``timezone`` as a ZoneInfo (validated at config-inited); UTC when unset."""
        return ZoneInfo(self.timezone or "UTC")


FIELDS = {f.name: f for f in dataclasses.fields(TalksConfig)}


def register(app: Sphinx) -> None:
    """Add every ``talks_*`` config value to Sphinx (most changes rewrite generated pages,
    which are then read again; those marked ``rebuild="html"`` write the HTML again)."""
    for name, f in FIELDS.items():
        meta = f.metadata
        app.add_config_value(PREFIX + name, default_of(name), meta["rebuild"], types=meta["types"])


#: A folder name of ``talks_output_dir``: it becomes part of docnames written into
#: directive arguments, so no spaces or markup characters.
_FOLDER_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def conf_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:<line>`` of the last top-level statement assigning ``talks_<name>``
    (plain, annotated or tuple assignment), as a warning location; None (no
    location) when ``-D`` set the value or no such statement is found."""
    if PREFIX + name in app.config.overrides:
        return None
    conf = Path(app.confdir or app.srcdir) / "conf.py"
    try:
        tree = ast.parse(conf.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return None
    line = None
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names = [t for target in targets for t in ast.walk(target)] if targets != [None] else []
        if any(isinstance(t, ast.Name) and t.id == PREFIX + name for t in names):
            line = node.lineno
    return f"{conf}:{line}" if line else None


def warn(app: Sphinx, name: str, message: str, *args: Any) -> None:
    """A ``talks.config`` warning about ``talks_<name>``, at its line in ``conf.py``."""
    from sphinx.util import logging

    logging.getLogger(__name__).warning(
        message, *args, type="talks", subtype="config", location=conf_location(app, name)
    )


def today(config: Config) -> date:
    """The day that splits upcoming from past talks: ``talks_today`` (``YYYY-MM-DD``,
    checked by :func:`validate`) when set, else the build date.  The one place the
    build date is read."""
    pinned = getattr(config, PREFIX + "today", None)
    if pinned:
        try:
            return date.fromisoformat(str(pinned))
        except ValueError:  # not validated yet: the build date, as validate() will make it
            pass
    return date.today()


def in_catalog(config: Config, docname: str) -> bool:
    """Whether ``docname`` is one of the pages the catalog generates: below
    ``talks_output_dir`` (validated to a path relative to the source folder, without
    ``./`` or a trailing slash; see :func:`validate`)."""
    folder = str(getattr(config, PREFIX + "output_dir", None) or default_of("output_dir"))
    return docname.startswith(folder.strip("/") + "/")


def _output_dir_problem(app: Sphinx, value: str) -> str | None:
    """Why ``talks_output_dir = value`` cannot hold the generated pages, or None."""
    srcdir = Path(app.srcdir).resolve()
    out = (srcdir / value).resolve()
    if out == srcdir or not out.is_relative_to(srcdir):
        return "not a folder inside the source folder"
    if not all(_FOLDER_NAME.fullmatch(part) for part in out.relative_to(srcdir).parts):
        return "folder names may hold only letters, digits, '_', '-' and '.'"
    if out.exists() and not out.is_dir():
        return "a file, not a folder"
    return None


#: Settings naming files or folders (relative to the configuration folder; output_dir to
#: the source folder): each entry must resolve (no symbolic link loop).
PATH_FIELDS = ("source", "static", "profiles", "speakers", "output_dir")


def path_problems(name: str, value: Any, base: Path) -> tuple[Any, list[str]]:
    """For ``talks_<name>`` in :data:`PATH_FIELDS` with a valid ``value`` (a string, or a
    list of strings for folders): ``value`` without the entries that do not resolve
    against folder ``base`` (``None`` for a single one), and why, one message per entry
    (a symbolic link loop, a name the system refuses).  Other settings: ``(value, [])``."""
    if name not in PATH_FIELDS or value is None:
        return value, []
    problems: list[str] = []
    kept = []
    for entry in [value] if isinstance(value, str) else value:
        try:
            (base / entry).resolve()
        except RuntimeError:  # Python before 3.13; since, an OSError with ELOOP
            problems.append(f"{entry!r} is a symbolic link loop")
        except OSError as exc:
            problems.append(f"{entry!r} cannot be resolved: {exc.strerror or exc}")
        else:
            kept.append(entry)
    if isinstance(value, str):
        return (value if kept else None), problems
    return kept, problems


def default_of(name: str) -> Any:
    """The default of ``talks_<name>`` (a new list for list values)."""
    f = FIELDS[name]
    return f.default if f.default is not dataclasses.MISSING else f.default_factory()


def value_problem(name: str, value: Any) -> tuple[Any, str | None]:
    """Check ``talks_<name> = value`` against its declaration, without Sphinx.

    Returns the value as the catalog reads it (a string where a list of folders is
    expected becomes a one-item list) and why it cannot be used, or None.  The one
    check that needs the project, ``talks_output_dir`` inside the source folder, is
    :func:`validate`'s."""
    f = FIELDS[name]
    default = default_of(name)
    if isinstance(default, list) and isinstance(value, str):
        value = [value]  # `talks_static = "static"`: one folder
    if not isinstance(value, f.metadata["types"]):
        return value, f"expected {' or '.join(t.__name__ for t in f.metadata['types'])}"
    if isinstance(default, list) and not all(isinstance(item, str) for item in value):
        return value, "expected a list of folder names (strings)"
    if f.metadata["choices"] and value not in f.metadata["choices"]:
        return value, f"expected one of {', '.join(f.metadata['choices'])}"
    if name == "today" and value is not None:
        try:
            date.fromisoformat(value)
        except ValueError:
            return value, "not a YYYY-MM-DD date"
    if name == "timezone" and value is not None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            return value, "not an IANA time zone name"
    if name == "site_url" and value is not None and not re.match(r"https?://[^/\s]+", value):
        return value, "not an http(s) URL"
    if name == "old_url_root" and value not in (None, "auto") and not value.startswith("/"):
        return value, "not a URL path starting with '/'"
    if name == "catalog_title" and not "".join(c for c in value if c.isprintable()).strip():
        return value, "an empty title"  # every page, feed and calendar names the catalog
    if name == "feed_length" and (isinstance(value, bool) or value < 1):
        return value, "expected a positive number"
    return value, None


def validate(app: Sphinx, config: Config) -> None:
    """``config-inited``: replace invalid ``talks_*`` values by defaults, with a warning
    located at the value's line in ``conf.py``.  ``talks_output_dir`` must name a folder
    inside the source folder (so nothing is ever written outside it)."""
    for name in FIELDS:
        value, problem = value_problem(name, getattr(config, PREFIX + name))
        if problem is None:
            base = Path(app.srcdir if name == "output_dir" else app.confdir or app.srcdir)
            value, unresolved = path_problems(name, value, base)
            for reason in unresolved:
                warn(app, name, "talks_%s: %s; left out", name, reason)
            if value is None and name == "output_dir":
                value = default_of(name)
        if problem is None and name == "output_dir":
            problem = _output_dir_problem(app, value)
            if problem is None:  # one spelling of the folder: "talks/", "./talks" are "talks"
                value = (
                    (Path(app.srcdir).resolve() / value)
                    .resolve()
                    .relative_to(Path(app.srcdir).resolve())
                    .as_posix()
                )
        setattr(config, PREFIX + name, value)
        if problem:
            default = default_of(name)
            warn(app, name, "talks_%s = %r: %s; using %r", name, value, problem, default)
            setattr(config, PREFIX + name, default)
    app.__dict__.pop(_CACHED, None)
    app.__dict__["_talks_validated"] = True


#: Attribute of the application holding its :class:`TalksConfig` once validated.
_CACHED = "_talks_config"


def get_config(app: Sphinx) -> TalksConfig:
    """The validated configuration of ``app`` (made once per application after
    :func:`validate`; pages call this thousands of times)."""
    cached = app.__dict__.get(_CACHED)
    if cached is not None:
        return cached
    values = {name: getattr(app.config, PREFIX + name) for name in FIELDS}
    values["static"] = list(values["static"])
    values["profiles"] = list(values["profiles"])
    config = TalksConfig(**values)
    if app.__dict__.get("_talks_validated"):
        app.__dict__[_CACHED] = config
    return config
