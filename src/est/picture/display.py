"""Display helpers shared by the picture's pages: metric cards, counted words, verdicts and table formatting.

No Streamlit here: everything returns plain values and DataFrames, so it is testable alone. The display
of each result lives next to it: :mod:`~est.picture.figures_display`, :mod:`~est.picture.map_display`,
:mod:`~est.picture.time_display`, :mod:`~est.picture.trend_display`, :mod:`~est.picture.coverage_display`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from est.i18n import Lang, format_date, format_int, format_number, t
from est.periods import Period

if TYPE_CHECKING:
    pass

__all__ = [
    "DeltaArrow",
    "DeltaColor",
    "KpiCard",
    "count_word",
    "counted_key",
    "counted_text",
    "for_display",
    "missing_or_int",
    "period_text",
    "signed",
    "span_text",
    "verdict_help",
    "verdict_text",
]


DeltaColor = Literal["inverse", "off"]


DeltaArrow = Literal["auto", "off"]


@dataclass(frozen=True)
class KpiCard:
    """One metric: label, formatted value, formatted change (or None) and a help text.

    :func:`est.ui.figure_views.render_metric_cards` passes all of it to ``st.metric(label, value, delta,
    delta_color=..., delta_arrow=..., help=...)``.
    ``delta`` follows st.metric's own sign rule, the one the meeting screen relies on with its numeric
    deltas: a decrease starts with an ASCII minus (down arrow), ``"0"`` is no change (grey, no arrow),
    anything else is an increase (up arrow). For incidents more is worse, hence ``delta_color="inverse"``
    (an increase red, a decrease green). Without data to compare with, ``delta`` says so, grey and arrowless.
    """

    label: str
    value: str
    delta: str | None
    help: str
    delta_color: DeltaColor = "inverse"
    delta_arrow: DeltaArrow = "auto"


def counted_key(key: str, raw: bool) -> str:
    """``key``, or its ``key_raw`` twin when the figures count every report (the filter's ``raw``).

    A text that names the count says *problem*, or *rapporter* with "Räkna varje rapport" on (the words
    are defined in docs/analytics.md, *Words*); each such key has a ``_raw`` twin in the catalogue.
    """
    return f"{key}_raw" if raw else key


def counted_text(key: str, raw: bool, lang: Lang) -> str:
    """The text for :func:`counted_key` (``key`` or its ``_raw`` twin)."""
    return t(counted_key(key, raw), lang)


def count_word(raw: bool, lang: Lang) -> str:
    """The header of a column or axis of counts: ``Problem``, or ``Rapporter`` when every report counts."""
    return t("common.reports" if raw else "common.incidents", lang)


def missing_or_int(values: pd.Series, compared: bool) -> pd.Series:
    """Counts as integers, or "–" throughout when there was no data to compare with (never a false 0)."""
    if compared:
        return values.astype("int64")
    return pd.Series(["–"] * len(values), index=values.index, dtype="object")


def period_text(period: Period) -> str:
    """``2026-11-16 – 2026-11-22``: the period's first and last day."""
    return f"{period.start.isoformat()} – {period.last_day.isoformat()}"


def verdict_help(lang: Lang) -> str:
    """The tooltip of a verdict (column or map mode): how "more than usual" is decided, for who asks."""
    return t("analysis.verdict_help", lang)


def verdict_text(verdict: str, lang: Lang) -> str:
    """``Fler än vanligt`` / ``Färre än vanligt`` / ``Som vanligt`` / ``Inget jämförelseunderlag``."""
    return t(f"analysis.verdict.{verdict}", lang)


def signed(diff: int, lang: Lang) -> str:
    """A difference with its sign (``+3``, ``−2``, ``±0``), the number in ``lang``'s format."""
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    return f"{sign}{format_int(abs(diff), lang)}"


def span_text(period: Period, lang: Lang) -> str:
    """``1 jan–23 nov 2026`` (the year once when both ends share it), else ``1 dec 2025–5 jan 2026``."""
    first, last = format_date(period.start, lang), format_date(period.last_day, lang)
    if period.start.year == period.last_day.year:
        first = first.rsplit(" ", 1)[0]
    return f"{first}–{last}"


def for_display(frame: pd.DataFrame, lang: Lang, *, decimals: Mapping[str, int] | None = None) -> pd.DataFrame:
    """A table as a page shows it: an empty text cell reads "–" (not "None") and decimals are written out.

    ``decimals`` gives the decimals of each float column to write in the language's format (``63,17542``);
    a float column not named there gets one decimal. Whole numbers stay numbers (the table sorts them).
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values):
            places = (decimals or {}).get(str(column), 1)
            out[column] = [format_number(float(v), places, lang) if pd.notna(v) else "–" for v in values]
        elif not pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_datetime64_any_dtype(values):
            out[column] = ["–" if _missing(v) else v for v in values]
    return out


def _missing(value: Any) -> bool:
    """None, NaN, NA or an empty text (a list, e.g. a sparkline, is never missing)."""
    if value is None or isinstance(value, str):
        return not value
    return not isinstance(value, (list, tuple)) and bool(pd.isna(value))
