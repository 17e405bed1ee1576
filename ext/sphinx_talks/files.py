"""Writing the catalog's own files so that two builds at once never corrupt them."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file of this process and thread in
    the same folder, then rename it over ``path``: a reader (another build) sees the
    old bytes or the new ones, never a mix or a truncated file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
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
