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


#: Diagnostics of one subtype and level a file reports one by one; the rest are
#: counted in one more record (a page of 100,000 shortcodes gives 21 lines, not 33,000).
MAX_REPEATS = 20


@dataclass
class Report:
    """Collects diagnostics for one source file (``path``).  After :data:`MAX_REPEATS`
    of one subtype and level, further ones are counted in a single record that names
    how many more there are and the line of the first of them."""

    path: Path
    items: list[Diagnostic] = field(default_factory=list)
    _counts: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    _summary: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict, repr=False)

    def _add(self, line: int, subtype: str, message: str, level: Level) -> None:
        key = (subtype, level)
        count = self._counts[key] = self._counts.get(key, 0) + 1
        if count <= MAX_REPEATS:
            self.items.append(Diagnostic(self.path, line, subtype, message, level))
            return
        index, first = self._summary.get(key, (len(self.items), line))
        if index == len(self.items):
            self.items.append(Diagnostic(self.path, first, subtype, "", level))
        self._summary[key] = (index, first)
        more = count - MAX_REPEATS
        kind = "warning" if level == "warning" else "notice"
        text = (
            f"{more} more {subtype} {kind}{'s' if more > 1 else ''} in this file, the first at line {first}"
        )
        self.items[index] = Diagnostic(self.path, first, subtype, text, level)

    def warn(self, line: int, subtype: str, message: str) -> None:
        """Record a warning at 1-based ``line`` of this file."""
        self._add(line, subtype, message, "warning")

    def info(self, line: int, subtype: str, message: str) -> None:
        """Record an informational notice (shown with ``-v``, never fails ``-W``)."""
        self._add(line, subtype, message, "info")
