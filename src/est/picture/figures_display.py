"""The Lägesbild figures for display: the metric cards, the headline, the filter summary and the area tables.

Who calls it: the Lägesbild and Områdesprofil pages and the filter bar (through ``est.ui``). Inputs are
:mod:`est.picture.figures` results; no Streamlit here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from est.i18n import Lang, format_int, format_number, format_percent, t, tn
from est.periods import Period
from est.picture.display import (
    KpiCard,
    count_word,
    counted_text,
    missing_or_int,
    period_text,
    signed,
    span_text,
    verdict_text,
)
from est.picture.figures import OUTSIDE_AREA_ID, UNLOCATED_AREA_ID, Overview, largest_increase

if TYPE_CHECKING:
    pass

__all__ = [
    "area_table_for_display",
    "category_table",
    "filter_summary",
    "overview_cards",
    "overview_headline",
    "places_table",
    "ranked_area_table",
    "trend_column",
]


def _delta(current: int, before: int, lang: Lang) -> str | None:
    """The change from ``before`` to ``current`` as a metric delta: ``+5``, ``-12 (-8 %)``, ``0``.

    The leading sign of a decrease is the ASCII ``-`` that st.metric reads to point the arrow down (the
    typographic minus ``−`` would read as an increase: an up arrow in the increase colour).
    """
    diff = current - before
    if before == 0 and current == 0:
        return None
    if diff == 0:
        return "0"  # st.metric's "no change": grey, no arrow
    text = signed(diff, lang)
    if before >= 10:  # a percentage only where it means something (no "+300 %" on 1 → 4)
        text += f" ({format_percent(diff / before, 0, lang)})"
    return text.replace("−", "-")


def _compared_card(
    label: str, value: str, current: int, before: int | None, help_text: str, missing_help: str, lang: Lang
) -> KpiCard:
    """A card whose delta compares ``current`` with ``before``; None means no data to compare with.

    ``help_text`` explains the comparison, ``missing_help`` why there is none.
    """
    if before is None:
        return KpiCard(label, value, t("analysis.no_comparison", lang), missing_help, "off", "off")
    return KpiCard(label, value, _delta(current, before, lang), help_text)


def area_table_for_display(table: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The area table with translated headers and Swedish-formatted numbers; outside areas named."""
    shown = pd.DataFrame(
        {
            t("common.area", lang): table["name"].fillna(t("common.outside_areas", lang)),
            t("common.incidents", lang): table["count"].astype("int64"),
            t("common.previous", lang): table["previous"].astype("int64"),
            t("lagesbild.change", lang): [
                ("+" if v > 0 else "") + format_int(v, lang) if v else "±0" for v in table["change"]
            ],
            t("lagesbild.rate", lang): [
                format_number(v, 1, lang) if pd.notna(v) else "–" for v in table["rate_per_1000"]
            ],
        }
    )
    return shown


def _p_text(p: float | None, lang: Lang) -> str:
    if p is None:
        return "–"
    if p < 0.001:
        return "< " + format_number(0.001, 3, lang)
    return format_number(p, 3, lang)


def overview_cards(ov: Overview, lang: Lang) -> list[KpiCard]:
    """The headline metrics: count, against usual (Poisson), previous period, same period last year, outside."""
    count = ov.total.count
    expected = ov.total.expected
    outside = ov.table[ov.table["area_id"] <= 0]["count"].sum()
    usual_help = t(
        "analysis.kpi.usual_help",
        lang,
        expected=format_number(expected, 1, lang) if expected is not None else "–",
        baseline=period_text(ov.baseline_period),
        p=_p_text(ov.total.p_value, lang),
    )
    previous_text = period_text(ov.previous_period)
    last_year_text = period_text(ov.last_year_period)
    no_previous = t("analysis.no_comparison.previous", lang, period=previous_text)
    return [
        _compared_card(
            counted_text("lagesbild.kpi.current", ov.raw, lang),
            format_int(count, lang),
            count,
            ov.previous,
            t("lagesbild.kpi.current_help", lang, period=previous_text),
            no_previous,
            lang,
        ),
        KpiCard(
            t("analysis.kpi.usual", lang),
            t(f"analysis.verdict_short.{ov.total.verdict}", lang),
            None,
            f"{verdict_text(ov.total.verdict, lang)}. {usual_help}",
        ),
        KpiCard(
            t("lagesbild.kpi.previous", lang),
            format_int(ov.previous, lang),
            None,
            previous_text if ov.previous is not None else no_previous,
        ),
        _compared_card(
            t("lagesbild.kpi.last_year", lang),
            format_int(ov.last_year, lang),
            count,
            ov.last_year,
            t("lagesbild.kpi.last_year_help", lang, period=last_year_text),
            t("analysis.no_comparison.last_year", lang, period=last_year_text),
            lang,
        ),
        KpiCard(
            t("analysis.kpi.outside", lang),
            format_int(int(outside), lang),
            None,
            t("analysis.kpi.outside_help", lang),
        ),
    ]


def overview_headline(ov: Overview, lang: Lang) -> str:
    """What matters in the period in one sentence: the count, the change, the area that rose most.

    ``343 problem vecka 48, 33 % fler än veckan före; störst ökning Odenslund 5 → 55``. The count is of
    problems, or of reports with :attr:`Overview.raw` (the toggle "Räkna varje rapport"). The change is a percentage
    from 10 before on, else a number (4 against 3 is "1 fler", not "+33 %"); without data for the period
    before, the sentence says so and names no rise. Area names are as stored: the page escapes them.
    """
    count = ov.total.count
    unit = tn("lagesbild.headline.reports" if ov.raw else "lagesbild.headline.problems", count, lang)
    week = ov.period.iso_week_label()
    if week is not None:
        text = t("lagesbild.headline.week", lang, count=unit, week=ov.period.start.isocalendar()[1])
    else:
        text = t("lagesbild.headline.span", lang, count=unit, span=span_text(ov.period, lang))
    before = t("lagesbild.headline.before_week" if week else "lagesbild.headline.before_period", lang)
    if ov.previous is None:
        return text + ", " + t("lagesbild.headline.no_data", lang, before=before)
    diff = count - ov.previous
    if diff == 0:
        text += ", " + t("lagesbild.headline.same", lang, before=before)
    else:
        # a percentage from 10 before on (format_percent's sign dropped: the words say more or fewer)
        size = (
            format_percent(abs(diff) / ov.previous, 0, lang)[1:] if ov.previous >= 10 else format_int(abs(diff), lang)
        )
        text += ", " + t(
            "lagesbild.headline.more" if diff > 0 else "lagesbild.headline.fewer", lang, change=size, before=before
        )
    rise = largest_increase(ov)
    if rise is not None:
        text += "; " + t(
            "lagesbild.headline.rise",
            lang,
            area=rise.name,
            previous=format_int(rise.previous, lang),
            count=format_int(rise.count, lang),
        )
    return text


_SUMMARY_NAMES = 3  # names listed per filter before "+N"


def filter_summary(
    period: Period,
    preset: str | None,
    area_set: str | None,
    chosen: Sequence[tuple[str, Sequence[str]]],
    lang: Lang,
    *,
    raw: bool = False,
) -> str:
    """The filter in one line, shown under the collapsed filter bar: what the figures below are of.

    ``Senaste hela tertialen: 1 maj–31 aug 2026 · Bostadsområden · Områden: Torvalla``. ``preset`` is the
    preset's label (None for a custom range: the dates alone); ``chosen`` pairs each filter's label with the
    names chosen in it (empty: all, left out); a long list ends "+N".
    """
    span = span_text(period, lang)
    parts = [f"{preset}: {span}" if preset else span]
    if area_set:
        parts.append(area_set)
    for label, names in chosen:
        if names:
            more = f" +{len(names) - _SUMMARY_NAMES}" if len(names) > _SUMMARY_NAMES else ""
            parts.append(f"{label}: {', '.join(names[:_SUMMARY_NAMES])}{more}")
    if raw:
        parts.append(t("filter.summary_raw", lang))
    return " · ".join(parts)


def _area_names(table: pd.DataFrame, lang: Lang) -> list[str]:
    names = []
    for area_id, name in zip(table["area_id"], table["name"], strict=True):
        if area_id == OUTSIDE_AREA_ID:
            names.append(t("common.outside_areas", lang))
        elif area_id == UNLOCATED_AREA_ID:
            names.append(t("analysis.unlocated", lang))
        else:
            names.append(str(name))
    return names


def trend_column(lang: Lang) -> str:
    """The header of the sparkline column (the page configures it as a line chart)."""
    return t("analysis.trend_12w", lang)


def ranked_area_table(ov: Overview, lang: Lang) -> pd.DataFrame:
    """The ranked area table: counts, comparisons, the verdict in words, rate and a 12-week trend.

    The verdict's statistics (the Poisson test) are the column's tooltip (:func:`verdict_help`), not a column.
    """
    table = ov.table
    return pd.DataFrame(
        {
            t("common.area", lang): _area_names(table, lang),
            count_word(ov.raw, lang): table["count"].astype("int64"),
            t("common.previous", lang): missing_or_int(table["previous"], ov.previous is not None),
            t("analysis.last_year", lang): missing_or_int(table["last_year"], ov.last_year is not None),
            t("analysis.expected", lang): [format_number(v, 1, lang) for v in table["expected"]],
            t("analysis.verdict", lang): [verdict_text(v, lang) for v in table["verdict"]],
            t("lagesbild.rate", lang): [
                format_number(v, 1, lang) if pd.notna(v) else "–" for v in table["rate_per_1000"]
            ],
            trend_column(lang): table["trend"],
        }
    )


def category_table(
    frame: pd.DataFrame, labels: dict[str, str], lang: Lang, *, compared: bool = True, raw: bool = False
) -> pd.DataFrame:
    """Counts per category in the period and the one before, with the change in words.

    With ``compared`` False (the previous period has no data, see :attr:`Overview.previous`) the previous
    counts and changes are shown as missing ("–"), not as a change against 0. ``raw``: the counts are of
    every report (the header says so).
    """
    return pd.DataFrame(
        {
            t("common.category", lang): [labels.get(c, c) for c in frame["category_code"]],
            count_word(raw, lang): frame["count"].astype("int64"),
            t("common.previous", lang): missing_or_int(frame["previous"], compared),
            t("lagesbild.change", lang): [
                signed(int(c) - int(p), lang) if compared else "–"
                for c, p in zip(frame["count"], frame["previous"], strict=True)
            ],
        }
    )


def places_table(frame: pd.DataFrame, lang: Lang, *, raw: bool = False) -> pd.DataFrame:
    """The top places (:func:`est.picture.figures.top_places`): name or address, count and where it is.

    A place is named by its reported place or address, by the nearest named place (``nära Storgatan 12``)
    or by its area (``Centrum, ingen adress``), never by coordinates; the position is a column of its own
    (``63,199° N, 14,699° Ö``), to find it on the map.
    """

    def name(place: object, near: object, area: object) -> str:
        if isinstance(place, str):
            return place
        if isinstance(near, str):
            return t("analysis.omrade.near", lang, place=near)
        where = area if isinstance(area, str) else t("common.outside_areas", lang)
        return t("analysis.omrade.no_address", lang, area=where)

    return pd.DataFrame(
        {
            t("analysis.omrade.place", lang): [
                name(p, n, a) for p, n, a in zip(frame["place"], frame["near"], frame["area"], strict=True)
            ],
            count_word(raw, lang): frame["count"].astype("int64"),
            t("analysis.position", lang): [
                _position(float(a), float(b), lang) for a, b in zip(frame["lat"], frame["lon"], strict=True)
            ],
        }
    )


def _position(lat: float, lon: float, lang: Lang) -> str:
    """``63,199° N, 14,699° Ö`` (``63.199° N, 14.699° E``): a position that does not read as two numbers."""
    east = "Ö" if lang == "sv" else "E"
    return f"{format_number(lat, 3, lang)}° N, {format_number(lon, 3, lang)}° {east}"
