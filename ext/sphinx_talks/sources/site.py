"""The site's own configuration: the time zone a Hugo or Jekyll site declares.

Hugo reads naive dates in the site's ``timeZone`` (``hugo.toml``/``config.toml``,
also under ``config/_default/``); Jekyll in ``timezone`` (``_config.yml``).  When
``talks_timezone`` is not set, the catalog uses the zone of the nearest such file
in or above ``talks_source``, so an unchanged site shows its times as it did.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# tomli, compiled where its wheels are (three to four times faster than the standard
# library's tomllib), reads every page tomllib reads the same way (tests/test_toml.py)
import tomli
import yaml

from ..frontmatter import Yaml12Loader

#: Site configuration files, in Hugo's order of precedence, then Jekyll's.
CONFIG_FILES = (
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.yaml",
    "_config.yml",
    "_config.yaml",
)
#: Folders searched: ``talks_source`` and at most this many above it.
MAX_LEVELS = 6
#: Largest configuration file read, in bytes.
MAX_BYTES = 1024 * 1024
_KEY = re.compile(r"""^[ \t]*["']?timezone["']?\s*[=:]""", re.I | re.M)


@dataclass(frozen=True)
class SiteZone:
    """A zone a site configuration declares: ``name`` (IANA), ``path`` of the file
    and the 1-based ``line`` of its key."""

    name: str
    path: Path
    line: int


def site_zone(root: Path) -> SiteZone | None:
    """The time zone declared by the nearest site configuration in ``root`` (a
    resolved folder) or the folders above it, up to :data:`MAX_LEVELS` levels and
    never above a folder holding ``.git`` (the site's repository).  Files that do
    not parse, hold no top-level ``timeZone``/``timezone`` or name an unknown zone
    are passed over.  Returns None when no folder declares a zone."""
    folder = root
    for _ in range(MAX_LEVELS + 1):
        for name in CONFIG_FILES:
            found = _zone_in(folder / name)
            if found is not None:
                return found
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent
    return None


def _config_data(path: Path) -> tuple[dict, str] | None:
    """``(data, text)`` of a site configuration file, or None (absent, too large, not a table)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return None
    try:
        if path.suffix == ".toml":
            data = tomli.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a safe loader; YAML 1.2 as Hugo
    except (tomli.TOMLDecodeError, yaml.YAMLError, ValueError, RecursionError):
        return None
    return (data, text) if isinstance(data, dict) else None


def site_privacy(root: Path) -> frozenset[str]:
    """The video hosts (``"youtube"``, ``"vimeo"``) whose embeds the nearest Hugo site
    configuration in or above ``root`` disables (``[privacy.youtube] disable = true``).
    Hugo's ``privacyEnhanced`` needs nothing: players always use the privacy-mode host
    when ``talks_video_privacy`` is on (the default)."""
    folder = root
    for _ in range(MAX_LEVELS + 1):
        for name in CONFIG_FILES:
            found = _config_data(folder / name)
            if found is None:
                continue
            privacy = next((v for k, v in found[0].items() if str(k).lower() == "privacy"), None)
            if not isinstance(privacy, dict):
                return frozenset()
            hosts = {str(k).lower(): v for k, v in privacy.items() if isinstance(v, dict)}
            return frozenset(
                host
                for host, value in hosts.items()
                if host in ("youtube", "vimeo")
                and any(str(k).lower() == "disable" and v is True for k, v in value.items())
            )
        if (folder / ".git").exists() or folder.parent == folder:
            return frozenset()
        folder = folder.parent
    return frozenset()


def _zone_in(path: Path) -> SiteZone | None:
    found = _config_data(path)
    if found is None:
        return None
    data, text = found
    value = next((v for k, v in data.items() if str(k).lower() == "timezone"), None)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None
    m = _KEY.search(text)
    line = text.count("\n", 0, m.start()) + 1 if m else 1
    return SiteZone(value.strip(), path, line)


#: Where the zone comes from when neither ``talks_timezone`` nor the site names one:
#: times a page wrote with an offset are then shown in that offset.
NO_ZONE = "no talks_timezone is set and no site configuration names a timeZone"


def display_zone(configured: str | None, root: Path) -> tuple[ZoneInfo, str]:
    """The zone times are read and shown in, and where it comes from: ``talks_timezone``
    when set, else the site configuration's (see :func:`site_zone`), else UTC."""
    if configured:
        return ZoneInfo(configured), "talks_timezone"
    found = site_zone(root)
    if found is not None:
        return ZoneInfo(found.name), f"the timeZone of {found.path}:{found.line}"
    return ZoneInfo("UTC"), NO_ZONE
