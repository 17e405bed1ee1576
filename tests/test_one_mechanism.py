"""One mechanism per job (issue 28): jobs that had several implementations keep one."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ext" / "sphinx_talks"


def _calls(name: str, attribute: str) -> list[str]:
    """``file:line`` of every call ``name.attribute(...)`` in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            if (
                isinstance(func, ast.Attribute)
                and func.attr == attribute
                and isinstance(func.value, ast.Name)
                and func.value.id == name
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_the_build_date_is_read_in_one_place():
    """``config.today`` is the day that splits upcoming from past talks everywhere (the
    pages, the lists, the domain's record of what pages show); four readers of the build
    date could disagree around midnight or with ``talks_today`` spelt differently."""
    assert [where.split(":")[0] for where in _calls("date", "today")] == ["config.py"]
