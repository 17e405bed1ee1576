"""The catalog's labels in the site's language.

Every label the catalog writes ("Upcoming talks", "Add to calendar", the filter's
words …) goes through :data:`_` (Sphinx's ``get_translation`` for the
``sphinx_talks`` catalog), so it follows the project's ``language``; catalogs ship
for German, French, Spanish, Japanese and Chinese (``locale/*.po``).  Dates and
weekday names come from Babel in that language (:func:`long_date`); English keeps
the catalog's ``Thursday, 2024-05-23``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation, get_translator, is_translator_registered

from .catalogs import DOMAIN, write_catalogs

#: ``_("label")``: the label in the project's language.
_ = get_translation(DOMAIN)


def ngettext(one: str, many: str, n: int) -> str:
    """The form of ``one``/``many`` for the number ``n`` in the project's language (by
    its catalog's plural rule; English's without one)."""
    if not is_translator_registered(DOMAIN):
        return one if n == 1 else many
    return get_translator(DOMAIN).ngettext(one, many, n)


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Where compiled catalogs live when the package carries none (a checkout, an
#: editable install): a folder of the build's doctree folder.
CACHE = "talks-locale"


def locale_dir(app: Sphinx) -> Path:
    """The folder holding ``<language>/LC_MESSAGES/sphinx_talks.mo``: the package's own
    when it was built with compiled catalogs, else compiled now into the doctree
    folder (written only when they change)."""
    packaged = Path(__file__).parent / "locale"
    if all(
        (packaged / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        and (packaged / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").stat().st_mtime
        >= (packaged / lang / "LC_MESSAGES" / f"{DOMAIN}.po").stat().st_mtime
        for lang in (p.parent.name for p in packaged.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    ):
        return packaged
    cache = Path(app.doctreedir) / CACHE
    write_catalogs(cache)
    return cache


def language_code(language: str | None) -> str:
    """Babel's name of a Sphinx ``language`` (``"zh_CN"``, ``"de"``); ``"en"`` for None."""
    return language or "en"


def long_date(day: date, language: str | None) -> str:
    """``day`` as pages show it: ``"Thursday, 2024-05-23"`` in English, else Babel's full
    date in ``language`` (``"Donnerstag, 23. Mai 2024"``, ``"2024年5月23日木曜日"``)."""
    code = language_code(language)
    if code.split("_")[0] == "en":
        return f"{_WEEKDAYS[day.weekday()]}, {day:%Y-%m-%d}"
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(day, format="full", locale=code)
    except (UnknownLocaleError, ValueError):
        return f"{_WEEKDAYS[day.weekday()]}, {day:%Y-%m-%d}"


def language_name(tag: str, language: str | None) -> str:
    """The name of the language ``tag`` (``"de"``, ``"pt-BR"``, ``"English"``) in the
    site's ``language`` (``"Deutsch"``, ``"German"``); ``tag`` itself when Babel does
    not know it."""
    from babel.core import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(language_code(language))
    except (UnknownLocaleError, ValueError, TypeError):
        return tag
    return name or tag


def setup_i18n(app: Sphinx) -> None:
    """Register the ``sphinx_talks`` message catalog for the project's language."""
    app.add_message_catalog(DOMAIN, str(locale_dir(app)))
