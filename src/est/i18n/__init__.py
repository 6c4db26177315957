"""User-facing text in Swedish (default) and English, and Swedish-style number and date formatting.

Each feature keeps its own catalogue in this package as a TOML file (``core.toml``, ``imports.toml``, …),
one table per key with its Swedish (``sv``) and English (``en``) text, so a translator edits text, not
Python. They are merged here, and a key defined twice is an error. Keys are namespaced by feature:
``lagesbild.title``, ``import.rejected``.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Literal

__all__ = [
    "LANGUAGES",
    "Lang",
    "catalogue",
    "format_date",
    "format_int",
    "format_number",
    "format_percent",
    "load_catalogue",
    "t",
    "tn",
]

Lang = Literal["sv", "en"]
LANGUAGES: tuple[Lang, ...] = ("sv", "en")


def load_catalogue(folder: Traversable) -> dict[str, tuple[str, str]]:
    """Merge the ``*.toml`` catalogues in ``folder`` (in name order) into key → (Swedish, English).

    Raises
    ------
    RuntimeError
        When a key is defined in two files, or an entry has anything but exactly ``sv`` and ``en``
        (a typo in a translator's edit must stop the app's start, not show a key on a page).
    """
    merged: dict[str, tuple[str, str]] = {}
    for file in sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name):
        entries = tomllib.loads(file.read_text(encoding="utf-8"))
        clash = merged.keys() & entries.keys()
        if clash:
            raise RuntimeError(f"i18n keys defined twice (in {file.name}): {sorted(clash)}")
        for key, entry in entries.items():
            if not isinstance(entry, dict) or set(entry) != {"sv", "en"}:
                raise RuntimeError(f"i18n key {key!r} in {file.name} needs exactly sv and en, has {entry!r}")
            merged[key] = (str(entry["sv"]), str(entry["en"]))
    return merged


def catalogue() -> Mapping[str, tuple[str, str]]:
    """Every text: key → (Swedish, English), read-only."""
    return MappingProxyType(_CATALOGUE)


_CATALOGUE = load_catalogue(resources.files(__name__))


def t(key: str, lang: Lang = "sv", /, **values: object) -> str:
    """Return the text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    An unknown key returns the key itself, so a missing translation is visible but never crashes a page.
    """
    pair = _CATALOGUE.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "sv" else pair[1]
    return text.format(**values) if values else text


def tn(key: str, count: int, lang: Lang = "sv", /, **values: object) -> str:
    """Return the singular or plural text for ``key`` by ``count``, with ``{n}`` the formatted count.

    A catalogue text with two forms separates them with ``" | "``, singular first
    (``"{n} rad | {n} rader"``); the singular is used when ``count`` is 1 or −1, the plural otherwise
    (Swedish and English agree on that). A text without ``" | "`` is used for every count; an unknown key
    returns the key itself, as :func:`t` does.

    Examples
    --------
    >>> tn("import.n_rows", 1)
    '1 rad'
    >>> tn("import.n_rows", 1234, "en")
    '1,234 rows'
    """
    pair = _CATALOGUE.get(key)
    if pair is None:
        return key
    forms = (pair[0] if lang == "sv" else pair[1]).split(" | ")
    text = forms[0] if abs(count) == 1 else forms[-1]
    return text.format(**{"n": format_int(count, lang), **values})


def format_int(value: float | int | None, lang: Lang = "sv") -> str:
    """Format a whole number: ``12 345`` in Swedish (narrow no-break space), ``12,345`` in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{round(value):,}"
    return text.replace(",", "\u202f") if lang == "sv" else text


def format_number(value: float | None, decimals: int = 1, lang: Lang = "sv") -> str:
    """Format a decimal number: ``1 234,5`` in Swedish, ``1,234.5`` in English."""
    if value is None or math.isnan(value):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text.replace("-", "−")


def format_percent(value: float | None, decimals: int = 0, lang: Lang = "sv") -> str:
    """Format a fraction (0.25) as a percentage: ``25 %`` in Swedish, ``25%`` in English, signed."""
    if value is None or math.isnan(value) or math.isinf(value):
        return "–"
    number = format_number(abs(value) * 100, decimals, lang)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{number}\u00a0%" if lang == "sv" else f"{sign}{number}%"


#: The Swedish month names written out, as in "22 augusti" (police event names, chart axes).
MONTH_NAMES_SV: tuple[str, ...] = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTHS_SV = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: date, lang: Lang = "sv") -> str:
    """Format a date for reading: ``3 nov 2026`` in Swedish, ``3 Nov 2026`` in English."""
    months = _MONTHS_SV if lang == "sv" else _MONTHS_EN
    return f"{value.day} {months[value.month - 1]} {value.year}"
