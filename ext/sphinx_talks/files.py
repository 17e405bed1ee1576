"""Writing the catalog's own files so that two builds at once never corrupt them."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file of this process and thread in
    the same folder, then rename it over ``path``: a reader (another build) sees the
    old bytes or the new ones, never a mix or a truncated file."""
    stem = path.name if len(os.fsencode(path.name)) <= 160 else digest(os.fsencode(path.name))[:16]
    tmp = path.with_name(f".{stem}.{os.getpid()}.{threading.get_ident()}.tmp")  # a name the folder takes
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def remove_file(folder: Path, target: Path) -> bool:
    """Delete ``target`` (a file inside ``folder``) and the folders it leaves empty, up to
    ``folder``; False when it could not be deleted."""
    try:
        target.unlink()
    except OSError:
        return False
    parent = target.parent
    while parent != folder and parent.is_relative_to(folder):
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent
    return True


def code_stamp() -> str:
    """This package's version and the newest modification time (ns) of its ``.py``
    files, as ``"<version>|<ns>"``: caches keyed on it are dropped when the code changes."""
    from . import __version__

    package = Path(__file__).parent
    return f"{__version__}|{max(p.stat().st_mtime_ns for p in package.rglob('*.py'))}"


def digest(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 hex digits: what a manifest records of a file we wrote."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """:func:`digest` of the file at ``path``, or None when it cannot be read (absent, a folder)."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def read_manifest(path: Path) -> dict[str, str | None]:
    """The files a manifest at ``path`` lists: ``{name below its folder: digest of what we
    wrote}``; a manifest of the older form (a list of names) gives None digests (unknown).
    An absent or unreadable manifest lists nothing."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(data, dict):
        return {str(k): v if isinstance(v, str) else None for k, v in data.items()}
    if isinstance(data, list):
        return {str(name): None for name in data}
    return {}


def write_manifest(path: Path, entries: dict[str, str | None]) -> None:
    """Write ``entries`` (see :func:`read_manifest`) to ``path`` when they changed, sorted by name."""
    listing = json.dumps(dict(sorted(entries.items())), indent=0).encode("utf-8")
    try:
        if path.read_bytes() == listing:
            return
    except OSError:
        pass
    write_atomic(path, listing)


def still_ours(path: Path, recorded: str | None) -> bool:
    """Whether the file at ``path``, which a manifest says we wrote with digest
    ``recorded``, still holds what we wrote (None, an older manifest: assumed so)."""
    return recorded is None or file_digest(path) in (recorded, None)


def fs_name(name: str) -> str:
    """The file system's name for the path ``name`` (text, ``/``-separated): the file whose
    name is the UTF-8 encoding of ``name``, whatever the locale's file name encoding is
    (a web server looks for the UTF-8 bytes of a decoded request)."""
    return os.fsdecode(name.encode("utf-8", "surrogateescape"))


def text_name(name: str) -> str:
    """The inverse of :func:`fs_name`: a name the file system gave, as text (bytes that
    are no UTF-8 kept as surrogate escapes)."""
    return os.fsencode(name).decode("utf-8", "surrogateescape")


def name_max(folder: Path) -> int:
    """The longest file name (bytes) the file system of ``folder`` takes; 255 when unknown."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255
