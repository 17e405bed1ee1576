"""Source readers: one per input family, each producing :class:`~sphinx_talks.model.Talk`.

:func:`read_folder` walks a source folder and dispatches each file to its reader.
"""

from __future__ import annotations

from .folder import read_folder

__all__ = ["read_folder"]
