"""Diagnostics: faults found in source files, reported as Sphinx warnings.

Readers never raise on bad input; they append :class:`Diagnostic` records to a
:class:`Report`.  ``generate`` turns them into Sphinx log records with
``type="talks"``, the record's subtype and ``location="<source path>:<line>"``,
so ``suppress_warnings = ["talks.<subtype>"]`` silences exactly one kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Level = Literal["warning", "info"]


@dataclass(frozen=True)
class Diagnostic:
    """One fault in one source file.

    ``path`` is the source file (absolute), ``line`` is 1-based (0 when the fault
    concerns the whole file), ``subtype`` is a short kebab-case name such as
    ``"toml-error"``, and ``level`` is ``"warning"`` or ``"info"``.
    """

    path: Path
    line: int
    subtype: str
    message: str
    level: Level = "warning"

    @property
    def location(self) -> str:
        """``"path:line"`` as Sphinx prints it (line 1 stands for the whole file)."""
        return f"{self.path}:{self.line or 1}"


@dataclass
class Report:
    """Collects diagnostics for one source file (``path``)."""

    path: Path
    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, line: int, subtype: str, message: str) -> None:
        """Record a warning at 1-based ``line`` of this file."""
        self.items.append(Diagnostic(self.path, line, subtype, message, "warning"))

    def info(self, line: int, subtype: str, message: str) -> None:
        """Record an informational notice (shown with ``-v``, never fails ``-W``)."""
        self.items.append(Diagnostic(self.path, line, subtype, message, "info"))
