"""Display-ready forms of analysis results: KPI cards, the area table and the area choropleth.

Who calls it: the pages (through plain function calls; results are small) and the report builder.
No Streamlit here: everything returns plain values, DataFrames and folium maps, so it is testable alone.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import folium
import pandas as pd

from est.i18n import Lang, format_date, format_int, format_number, format_percent, t, tn
from est.periods import Period
from est.picture.data_coverage import SourceCoverage
from est.picture.figures import OUTSIDE_AREA_ID, UNLOCATED_AREA_ID, Kpis, Overview, largest_increase
from est.picture.mapdata import MapData
from est.picture.maps import (
    CHANGE_CLASSES,
    CLUSTER_COLOURS,
    COUNT_CLASSES,
    NO_BASEMAP,
    OTHER_AREA_COLOUR,
    POINT_COLOUR,
    RATE_CLASSES,
    ZERO_COLOUR,
    Basemap,
    add_area_counts,
    choropleth_map,
    heat_key,
    incident_map,
    legend_items,
    period_classes,
    period_weeks,
)
from est.picture.significance import change_verdict
from est.picture.timeprofile import HourProfile, TimeWindow
from est.picture.trends import Summary

if TYPE_CHECKING:
    from collections.abc import Collection

    from est.store import Reader

__all__ = [
    "MAP_MODES",
    "ChoroplethView",
    "KpiCard",
    "MapMode",
    "area_count_table",
    "area_labels",
    "area_table_for_display",
    "category_table",
    "choropleth_for",
    "count_word",
    "counted_text",
    "coverage_table",
    "coverage_warnings",
    "filter_summary",
    "for_display",
    "hour_table",
    "hour_text_alternative",
    "incident_map_view",
    "incident_table",
    "kpi_cards",
    "mode_label",
    "overview_cards",
    "overview_headline",
    "overview_map",
    "places_table",
    "ranked_area_table",
    "running_caption",
    "summary_by_category",
    "summary_table",
    "trend_column",
    "verdict_help",
    "verdict_text",
    "weekday_name",
    "window_sentence",
]


DeltaColor = Literal["inverse", "off"]
DeltaArrow = Literal["auto", "off"]


@dataclass(frozen=True)
class KpiCard:
    """One metric: label, formatted value, formatted change (or None) and a help text.

    Pages pass all of it to ``st.metric(label, value, delta, delta_color=..., delta_arrow=..., help=...)``.
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


def counted_text(key: str, raw: bool, lang: Lang) -> str:
    """The text for ``key``, or for ``key_raw`` when the figures count every report (the filter's ``raw``).

    A label that names the count says *problem*, or *rapporter* with "Räkna varje rapport" on (the words
    are defined in docs/analytics.md, *Words*); each such key has a ``_raw`` twin in the catalogue.
    """
    return t(f"{key}_raw" if raw else key, lang)


def count_word(raw: bool, lang: Lang) -> str:
    """The header of a column or axis of counts: ``Problem``, or ``Rapporter`` when every report counts."""
    return t("common.reports" if raw else "common.incidents", lang)


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
    text = _signed(diff, lang)
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


def _missing_or_int(values: pd.Series, compared: bool) -> pd.Series:
    """Counts as integers, or "–" throughout when there was no data to compare with (never a false 0)."""
    if compared:
        return values.astype("int64")
    return pd.Series(["–"] * len(values), index=values.index, dtype="object")


def _period_text(period: Period) -> str:
    return f"{period.start.isoformat()} – {period.last_day.isoformat()}"


def kpi_cards(k: Kpis, lang: Lang) -> list[KpiCard]:
    """The four headline metrics of the Lägesbild page."""
    return [
        KpiCard(
            t("lagesbild.kpi.current", lang),
            format_int(k.current, lang),
            _delta(k.current, k.previous, lang),
            t("lagesbild.kpi.current_help", lang, period=_period_text(k.previous_period)),
        ),
        KpiCard(
            t("lagesbild.kpi.previous", lang),
            format_int(k.previous, lang),
            None,
            _period_text(k.previous_period),
        ),
        KpiCard(
            t("lagesbild.kpi.last_year", lang),
            format_int(k.last_year, lang),
            _delta(k.current, k.last_year, lang),
            t("lagesbild.kpi.last_year_help", lang, period=_period_text(k.last_year_period)),
        ),
        KpiCard(
            t("lagesbild.kpi.outside", lang),
            format_int(k.outside_areas, lang),
            None,
            t("lagesbild.kpi.outside_help", lang),
        ),
    ]


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


@dataclass(frozen=True)
class ChoroplethView:
    """A choropleth map with its legend (drawn outside the map)."""

    map: folium.Map
    legend_title: str
    legend: list[tuple[str, str]]


def choropleth_for(shapes: dict[str, Any], table: pd.DataFrame, period: Period, lang: Lang) -> ChoroplethView:
    """Counts per area on a map; colour classes are per week, scaled by the period's length in weeks."""
    classes = period_classes(COUNT_CLASSES, period.days)
    inside = table[table["code"].notna()]
    values = {str(code): float(count) for code, count in zip(inside["code"], inside["count"], strict=True)}
    bounds = _bounds(shapes)
    m = choropleth_map(
        shapes,
        values,
        classes,
        value_label=t("common.incidents", lang),
        format_value=lambda v: format_int(v, lang),
        bounds=bounds,
    )
    return ChoroplethView(m, t("lagesbild.legend", lang), legend_items(classes, lang=lang))


def _bounds(shapes: dict[str, Any]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []

    def visit(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            xs.append(float(coords[0]))
            ys.append(float(coords[1]))
        else:
            for part in coords:
                visit(part)

    for feature in shapes.get("features", []):
        visit(feature["geometry"]["coordinates"])
    if not xs:
        return (14.5, 63.1, 14.8, 63.25)
    return (min(xs), min(ys), max(xs), max(ys))


def _focus(shapes: dict[str, Any], codes: Collection[str]) -> tuple[tuple[float, float, float, float], set[str] | None]:
    """Where a map opens and which areas it shows as chosen, for a filter on the area ``codes``.

    A filter on some areas of the set: the map opens on them and greys the rest (they are not counted, not
    "0"). No filter, or one that selects every area (or none of this set): all areas, no focus.
    """
    wanted = set(codes)
    chosen = [f for f in shapes.get("features", []) if str(f.get("properties", {}).get("code")) in wanted]
    if chosen and len(chosen) < len(shapes.get("features", [])):
        return _bounds({"features": chosen}), wanted
    return _bounds(shapes), None


# --- Lägesbild overview, analysis tables and the incident map ----------------------------------------------

MapMode = Literal["count", "rate", "change"]
MAP_MODES: tuple[MapMode, ...] = ("count", "rate", "change")
_VERDICT_VALUE = {"lower": -1.0, "as_usual": 0.0, "higher": 1.0}


def mode_label(mode: MapMode, raw: bool, lang: Lang) -> str:
    """A map mode's label: ``Antal problem`` (``Antal rapporter`` when every report counts), ``Per 1 000 invånare``."""
    return (
        counted_text(f"analysis.map_mode.{mode}", raw, lang)
        if mode == "count"
        else t(f"analysis.map_mode.{mode}", lang)
    )


def verdict_help(lang: Lang) -> str:
    """The tooltip of a verdict (column or map mode): how "more than usual" is decided, for who asks."""
    return t("analysis.verdict_help", lang)


def verdict_text(verdict: str, lang: Lang) -> str:
    """``Fler än vanligt`` / ``Färre än vanligt`` / ``Som vanligt`` / ``Inget jämförelseunderlag``."""
    return t(f"analysis.verdict.{verdict}", lang)


def _signed(diff: int, lang: Lang) -> str:
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    return f"{sign}{format_int(abs(diff), lang)}"


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
        baseline=_period_text(ov.baseline_period),
        p=_p_text(ov.total.p_value, lang),
    )
    previous_text = _period_text(ov.previous_period)
    last_year_text = _period_text(ov.last_year_period)
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
        text = t("lagesbild.headline.span", lang, count=unit, span=_span_text(ov.period, lang))
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
    span = _span_text(period, lang)
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
            t("common.previous", lang): _missing_or_int(table["previous"], ov.previous is not None),
            t("analysis.last_year", lang): _missing_or_int(table["last_year"], ov.last_year is not None),
            t("analysis.expected", lang): [format_number(v, 1, lang) for v in table["expected"]],
            t("analysis.verdict", lang): [verdict_text(v, lang) for v in table["verdict"]],
            t("lagesbild.rate", lang): [
                format_number(v, 1, lang) if pd.notna(v) else "–" for v in table["rate_per_1000"]
            ],
            trend_column(lang): table["trend"],
        }
    )


def overview_map(
    shapes: dict[str, Any], ov: Overview, mode: MapMode, lang: Lang, *, basemap: Basemap = NO_BASEMAP
) -> ChoroplethView:
    """The area choropleth for ``mode``: counts or rates in fixed classes (per week, scaled), or the verdict."""
    weeks = period_weeks(ov.period.days)
    inside = ov.table[ov.table["area_id"] > 0]
    codes = [str(c) for c in inside["code"]]
    bounds, focus = _focus(shapes, codes)
    texts: dict[str, str] = {}
    if mode == "rate":
        classes = period_classes(RATE_CLASSES, ov.period.days, decimals=2)
        values = {c: (float(v) if pd.notna(v) else None) for c, v in zip(codes, inside["rate_per_1000"], strict=True)}
        legend = legend_items(classes, decimals=2, lang=lang)
        title = counted_text("analysis.legend.rate", ov.raw, lang)
        fmt: Any = lambda v: format_number(v, 2, lang)  # noqa: E731 - a one-line formatter
    elif mode == "change":
        classes = CHANGE_CLASSES
        values = {c: _VERDICT_VALUE.get(str(v)) for c, v in zip(codes, inside["verdict"], strict=True)}
        texts = {
            c: f"{verdict_text(str(v), lang)} ({format_int(int(n), lang)}; "
            f"{t('analysis.expected', lang).lower()} {format_number(float(e), 1, lang)})"
            for c, v, n, e in zip(codes, inside["verdict"], inside["count"], inside["expected"], strict=True)
        }
        legend = [(cls.colour, verdict_text(v, lang)) for cls, v in zip(CHANGE_CLASSES, _VERDICTS, strict=True)]
        title = t("analysis.legend.change", lang)
        fmt = lambda v: str(v)  # noqa: E731 - texts above replace it
    else:
        classes = period_classes(COUNT_CLASSES, ov.period.days)
        values = {c: float(v) for c, v in zip(codes, inside["count"], strict=True)}
        legend = legend_items(classes, lang=lang)
        title = counted_text("lagesbild.legend", ov.raw, lang)
        fmt = lambda v: format_int(v, lang)  # noqa: E731 - a one-line formatter
    m = choropleth_map(
        shapes,
        values,
        classes,
        value_label=mode_label(mode, ov.raw, lang),
        format_value=fmt,
        bounds=bounds,
        basemap=basemap,
        value_texts=texts,
        focus=focus,
        other_text=t("analysis.legend.not_selected", lang),
    )
    if focus:
        legend = [*legend, (OTHER_AREA_COLOUR, t("analysis.legend.not_selected", lang))]
    if weeks > 1 and mode != "change":
        shown = format_number(weeks, 0 if weeks.is_integer() else 1, lang)  # "4 veckor", "17,6 veckor"
        title += " " + t("analysis.legend.scaled", lang, weeks=shown)
    return ChoroplethView(m, title, legend)


_VERDICTS = ("lower", "as_usual", "higher")


def coverage_table(rows: list[SourceCoverage], lang: Lang) -> pd.DataFrame:
    """The data-coverage panel: per source kind and organisation, last upload and weeks without reports."""
    never = t("analysis.coverage.never", lang)

    def missing(row: SourceCoverage) -> str:
        if not row.missing_weeks:
            return t("analysis.coverage.none_missing", lang, weeks=row.weeks)
        listed = ", ".join(row.missing_weeks[-6:])
        more = "…, " if len(row.missing_weeks) > 6 else ""
        return t("analysis.coverage.missing", lang, n=len(row.missing_weeks), weeks=row.weeks, listed=more + listed)

    return pd.DataFrame(
        {
            t("common.source", lang): [r.source_label_sv if lang == "sv" else r.source_label_en for r in rows],
            t("common.organisation", lang): [r.organisation for r in rows],
            t("analysis.coverage.last_upload", lang): [
                r.last_upload.strftime("%Y-%m-%d %H:%M") if r.last_upload else never for r in rows
            ],
            t("analysis.coverage.reports", lang): [format_int(r.reports, lang) for r in rows],
            t("analysis.coverage.silent", lang): [missing(r) for r in rows],
        }
    )


def coverage_warnings(rows: list[SourceCoverage], lang: Lang) -> list[str]:
    """One sentence per organisation that did not report in the last week of the window."""
    out = []
    for row in rows:
        if row.silent_last_week:
            out.append(t("analysis.coverage.warning", lang, organisation=row.organisation, week=row.missing_weeks[-1]))
    return out


WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_name(day: int, lang: Lang) -> str:
    """ISO weekday 1–7 as a word."""
    return (WEEKDAYS_SV if lang == "sv" else WEEKDAYS_EN)[day - 1]


def window_sentence(window: TimeWindow, lang: Lang) -> str:
    """``fredag 21–24 i Centrum: 14 händelser``."""
    area = window.area if window.area is not None else t("common.outside_areas", lang).lower()
    return t(
        "analysis.window",
        lang,
        weekday=weekday_name(window.weekday, lang),
        start=f"{window.start_hour:02d}",
        end=f"{window.end_hour:02d}",
        area=area,
        n=format_int(window.count, lang),
        unit=t("analysis.incident_one" if window.count == 1 else "analysis.incident_many", lang),
    )


def hour_table(profile: HourProfile, lang: Lang) -> pd.DataFrame:
    """The weekday × hour matrix as a table (the chart's text alternative): one row per weekday, 24 hours."""
    wide = profile.matrix.pivot(index="weekday", columns="hour", values="count").reindex(range(1, 8), fill_value=0)
    wide.columns = [f"{h:02d}" for h in wide.columns]
    wide.insert(0, t("analysis.weekday", lang), [weekday_name(d, lang) for d in wide.index])
    wide[t("analysis.total", lang)] = wide.iloc[:, 1:].sum(axis=1)
    return wide.reset_index(drop=True)


def incident_map_view(
    shapes: dict[str, Any],
    data: MapData,
    period: Period,
    lang: Lang,
    *,
    category_labels: dict[str, str],
    source_labels: dict[str, str],
    heat: bool = False,
    basemap: Basemap = NO_BASEMAP,
    areas: Collection[str] = (),
) -> ChoroplethView:
    """The incident map for ``data`` (points with escaped popups, or hexagons) and its legend.

    ``areas`` (the filter's area codes) opens the map on those areas and greys the others, as on the
    Lägesbild map.
    """
    bounds, focus = _focus(shapes, areas)
    other = t("analysis.legend.not_selected", lang)
    key = [(OTHER_AREA_COLOUR, other)] if focus else []
    if data.mode == "points":
        codes = sorted(set(data.points["category_code"]))
        kinds = sorted(set(data.points["source_kind"]))
        cat_index = {c: i for i, c in enumerate(codes)}
        src_index = {k: i for i, k in enumerate(kinds)}
        rows = [
            [
                round(float(lat), 5),
                round(float(lon), 5),
                cat_index[c],
                when.strftime("%Y-%m-%d %H:%M"),
                src_index[k],
                html.escape(str(d)) if isinstance(d, str) and d else "",
            ]
            for lat, lon, c, when, k, d in zip(
                data.points["lat"],
                data.points["lon"],
                data.points["category_code"],
                data.points["occurred_at"],
                data.points["source_kind"],
                data.points["description"],
                strict=True,
            )
        ]
        m = incident_map(
            shapes,
            bounds if focus else _points_bounds(data.points, bounds),
            points=rows,
            categories=[html.escape(category_labels.get(c, c)) for c in codes],
            sources=[html.escape(source_labels.get(k, k)) for k in kinds],
            heat=[[r[0], r[1], 1.0] for r in rows] if heat else None,
            area_label=t("common.area", lang),
            basemap=basemap,
            focus=focus,
            other_text=other,
        )
        return _with_area_counts(
            ChoroplethView(m, t("analysis.map.points_legend", lang), _points_key(lang) + _heat_key(heat, lang)),
            data,
            lang,
            key,
        )
    classes = period_classes(COUNT_CLASSES, period.days)
    hexes: list[tuple[list[list[float]], float, str]] = []
    heat_rows: list[list[float]] = []
    if data.mode == "hexagons":
        for ring, count in zip(data.hexes["ring"], data.hexes["count"], strict=True):
            hexes.append((ring, float(count), f"{format_int(int(count), lang)} {t('analysis.incident_many', lang)}"))
        heat_rows = [
            [round(float(a), 5), round(float(b), 5), float(c)]
            for a, b, c in zip(data.hexes["lat"], data.hexes["lon"], data.hexes["count"], strict=True)
        ]
    m = incident_map(
        shapes,
        bounds,
        hexes=hexes,
        hex_classes=classes,
        heat=heat_rows if heat else None,
        area_label=t("common.area", lang),
        basemap=basemap,
        focus=focus,
        other_text=other,
    )
    title = t("analysis.map.hex_legend", lang, metres=format_int(data.radius_m * 2, lang))
    return _with_area_counts(
        ChoroplethView(m, title, legend_items(classes, lang=lang) + _heat_key(heat and bool(heat_rows), lang)),
        data,
        lang,
        key,
    )


def _with_area_counts(view: ChoroplethView, data: MapData, lang: Lang, key: list[tuple[str, str]]) -> ChoroplethView:
    """Label each area with its count of incidents without coordinates; the legend says what the labels are.

    ``key`` (the grey of areas outside the filter, or nothing) ends the legend in every mode.
    """
    if not len(data.areas):
        return ChoroplethView(view.map, view.legend_title, [*view.legend, *key])
    add_area_counts(
        view.map,
        [
            (
                float(lat),
                float(lon),
                format_int(int(n), lang),
                f"{name}: {tn('analysis.map.area_count_tip', int(n), lang)}",
            )
            for name, n, lat, lon in zip(
                data.areas["name"], data.areas["count"], data.areas["lat"], data.areas["lon"], strict=True
            )
        ],
    )
    item = (ZERO_COLOUR, t("analysis.map.area_count_item", lang))
    if data.mode == "areas":
        return ChoroplethView(view.map, t("analysis.map.area_count_legend", lang), [item, *key])
    return ChoroplethView(view.map, view.legend_title, [*view.legend, item, *key])


def area_count_table(data: MapData, lang: Lang) -> pd.DataFrame:
    """The table alternative of the area labels: each area with its count of incidents without coordinates."""
    return pd.DataFrame(
        {
            t("common.area", lang): [str(n) for n in data.areas.get("name", [])],
            t("analysis.map.area_count_column", lang): [int(n) for n in data.areas.get("count", [])],
        }
    )


def _points_key(lang: Lang) -> list[tuple[str, str]]:
    """What the points map's colours mean: one report, and a group by how many reports it holds."""
    key = [(POINT_COLOUR, t("analysis.map.one_report", lang))]
    for fewest, most, colour in CLUSTER_COLOURS:
        if most is None:
            key.append((colour, t("analysis.map.cluster_from", lang, n=format_int(fewest, lang))))
        else:
            key.append((colour, t("analysis.map.cluster", lang, low=fewest, high=most)))
    return key


def _heat_key(heat: bool, lang: Lang) -> list[tuple[str, str]]:
    """The heat layer's ramp and what it means, when the layer is on."""
    return [(heat_key(), t("analysis.map.heat_key", lang))] if heat else []


def _points_bounds(
    points: pd.DataFrame, fallback: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """Where the incident map opens: around the points, robust to a few far-off ones.

    A few far-off reports (outside every area, a typo in a coordinate) do not shrink the town to a dot;
    they stay on the map, one zoom-out away.
    """
    if points.empty:
        return fallback
    lat, lon = points["lat"].astype(float), points["lon"].astype(float)
    low, high = (0.05, 0.95) if len(points) >= _ROBUST_BOUNDS_FROM else (0.0, 1.0)
    pad = 0.002
    return (
        float(lon.quantile(low)) - pad,
        float(lat.quantile(low)) - pad,
        float(lon.quantile(high)) + pad,
        float(lat.quantile(high)) + pad,
    )


_ROBUST_BOUNDS_FROM = 40  # points; below this every point is inside the opening view


def incident_table(
    data: MapData, lang: Lang, *, category_labels: dict[str, str], source_labels: dict[str, str]
) -> pd.DataFrame:
    """The map's table alternative: each point, or each hexagon with its centre and count.

    Points show time, category, source, area, description and whether the position is exact.
    """
    if data.mode == "points":
        p = data.points
        return pd.DataFrame(
            {
                t("analysis.time", lang): [w.strftime("%Y-%m-%d %H:%M") for w in p["occurred_at"]],
                t("common.category", lang): [category_labels.get(c, c) for c in p["category_code"]],
                t("common.source", lang): [source_labels.get(k, k) for k in p["source_kind"]],
                t("common.area", lang): [
                    str(a) if isinstance(a, str) else t("common.outside_areas", lang) for a in p["area"]
                ],
                t("analysis.description", lang): [d if isinstance(d, str) else "" for d in p["description"]],
                t("analysis.position", lang): [
                    f"{float(a):.5f}, {float(b):.5f}" for a, b in zip(p["lat"], p["lon"], strict=True)
                ],
                t("analysis.exact", lang): [
                    t("analysis.yes" if bool(x) else "analysis.no", lang) for x in p["precise"]
                ],
            }
        )
    if data.mode == "hexagons":
        h = data.hexes
        return pd.DataFrame(
            {
                t("analysis.hex_centre", lang): [
                    f"{float(a):.4f}, {float(b):.4f}" for a, b in zip(h["lat"], h["lon"], strict=True)
                ],
                t("common.incidents", lang): h["count"].astype("int64"),
            }
        )
    return pd.DataFrame()


def hour_text_alternative(profile: HourProfile, lang: Lang) -> str:
    """The matrix in one sentence: the busiest weekday and hour, and the total (the chart's alt text)."""
    top = profile.matrix.sort_values(["count", "weekday", "hour"], ascending=[False, True, True]).iloc[0]
    timed = int(profile.matrix["count"].sum())
    return t(
        "analysis.tider.alt",
        lang,
        weekday=weekday_name(int(top["weekday"]), lang),
        hour=f"{int(top['hour']):02d}",
        n=format_int(int(top["count"]), lang),
        total=format_int(timed, lang),
    )


def area_labels(reader: Reader, area_set_id: int) -> dict[str, str]:
    """Area code → name for one set (a cached read for chart and table labels)."""
    return {str(c): str(n) for c, n in reader.rows("SELECT code, name FROM areas WHERE area_set_id = ?", [area_set_id])}


def _summary_labels(table: pd.DataFrame, lang: Lang) -> dict[str, str]:
    """Period label → shown label (``2026 T3 (pågår)`` for the running one), newest first."""
    running = t("analysis.trender.running", lang)
    done = table.groupby("label")["complete"].all().sort_index(ascending=False)
    return {str(label): str(label) if d else f"{label} {running}" for label, d in done.items()}


def summary_table(summary: Summary, lang: Lang, labels: dict[str, str], kind: str) -> pd.DataFrame:
    """The tertial or yearly follow-up: one row per period (newest first) with its total, last year and verdict.

    Four narrow columns, so the tertial and year tables fit side by side on a laptop screen; the split per
    category is :func:`summary_by_category`. The total is compared with the same period a year earlier
    (Poisson test, complete periods only); ``labels`` is unused here and kept for a uniform call.
    """
    table = summary.table
    if table.empty:
        return pd.DataFrame()
    shown = _summary_labels(table, lang)
    totals = table.groupby("label").agg(
        count=("count", "sum"), last_year=("last_year", _sum_or_missing), done=("complete", "all")
    )
    totals = totals.reindex(list(shown))
    verdicts = [
        verdict_text(
            change_verdict(int(c), float(ly)).verdict if d and pd.notna(ly) and ly > 0 else "no_baseline", lang
        )
        for c, ly, d in zip(totals["count"], totals["last_year"], totals["done"], strict=True)
    ]
    return pd.DataFrame(
        {
            t(f"analysis.trender.{kind}", lang): list(shown.values()),
            t("analysis.total", lang): [format_int(int(v), lang) for v in totals["count"]],
            t("analysis.last_year", lang): [format_int(v, lang) if pd.notna(v) else "–" for v in totals["last_year"]],
            t("analysis.verdict", lang): verdicts,
        }
    )


def summary_by_category(summary: Summary, lang: Lang, labels: dict[str, str], kind: str) -> pd.DataFrame:
    """The follow-up split per top-level category: one row per category, one column per period (newest first).

    Categories are rows because their names are long: as columns they made the table wider than the page.
    """
    table = summary.table
    if table.empty:
        return pd.DataFrame()
    shown = _summary_labels(table, lang)
    wide = table.pivot_table(index="category", columns="label", values="count", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=list(shown), fill_value=0).astype("int64")
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    out = wide.rename(columns=shown).reset_index(drop=True).map(lambda v: format_int(int(v), lang))
    out.columns = [str(c) for c in out.columns]
    out.insert(0, t("common.category", lang), [labels.get(str(c), str(c)) for c in wide.index])
    return out


def _span_text(period: Period, lang: Lang) -> str:
    """``1 jan–23 nov 2026`` (the year once when both ends share it), else ``1 dec 2025–5 jan 2026``."""
    first, last = format_date(period.start, lang), format_date(period.last_day, lang)
    if period.start.year == period.last_day.year:
        first = first.rsplit(" ", 1)[0]
    return f"{first}–{last}"


def running_caption(summary: Summary, lang: Lang) -> str | None:
    """What the running period's "last year" compares: ``2026 T3 (pågår): 1 sep–23 nov 2026 jämfört med …``.

    None when every period shown is complete (each is then compared with the whole period a year earlier).
    """
    if summary.running is None:
        return None
    current, before = summary.running
    labels = summary.table.loc[~summary.table["complete"].astype(bool), "label"]
    return t(
        "analysis.trender.like_for_like",
        lang,
        label=str(labels.iloc[0]) if len(labels) else "",
        current=_span_text(current, lang),
        before=_span_text(before, lang),
    )


def _sum_or_missing(values: pd.Series) -> float | None:
    """The sum, or None when any part is missing (a partial sum would look like a real figure)."""
    return float(values.sum()) if bool(values.notna().all()) else None


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
            t("common.previous", lang): _missing_or_int(frame["previous"], compared),
            t("lagesbild.change", lang): [
                _signed(int(c) - int(p), lang) if compared else "–"
                for c, p in zip(frame["count"], frame["previous"], strict=True)
            ],
        }
    )


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
