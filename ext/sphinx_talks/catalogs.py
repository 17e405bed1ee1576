"""Message catalogs: the ``.po`` files shipped in ``locale/`` compiled to ``.mo``.

This module imports only Babel (a dependency of Sphinx), so the build of the package
(``setup.py``) compiles the catalogs with it too: wheels carry the ``.mo`` files,
and a checkout or an editable install compiles them on first use (see
:func:`sphinx_talks.i18n.locale_dir`).
"""

from __future__ import annotations

import io
from pathlib import Path

#: The gettext domain of the catalog's labels.
DOMAIN = "sphinx_talks"
#: The ``.po`` files: ``locale/<language>/LC_MESSAGES/sphinx_talks.po``.
SOURCE = Path(__file__).parent / "locale"


def languages() -> list[str]:
    """The languages with a shipped ``.po`` file, e.g. ``["de", "es", "fr", "ja", "zh_CN"]``."""
    return sorted(p.parent.parent.name for p in SOURCE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compiled(language: str) -> bytes | None:
    """The ``.mo`` bytes of ``language``'s catalog (Babel's ``read_po``/``write_mo``), or
    None when no ``.po`` file is shipped for it.  Raises Babel's ``PoFileError`` on a
    malformed file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = SOURCE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return None
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, abort_invalid=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def write_catalogs(root: Path) -> list[Path]:
    """Compile every shipped language into ``root/<language>/LC_MESSAGES/sphinx_talks.mo``,
    writing a file only when its bytes change; returns the files."""
    written = []
    for language in languages():
        data = compiled(language)
        target = root / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if data is not None and (not target.is_file() or target.read_bytes() != data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        written.append(target)
    return written
