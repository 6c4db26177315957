"""Display-ready forms of analysis results: KPI cards, the area table and the area choropleth.

Who calls it: the pages (through plain function calls; results are small) and the report builder.
No Streamlit here: everything returns plain values, DataFrames and folium maps, so it is testable alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd

from est.analysis import Kpis
from est.i18n import Lang, format_int, format_number, format_percent, t
from est.maps import COUNT_CLASSES, choropleth_map, legend_items, scaled_classes
from est.periods import Period

__all__ = ["ChoroplethView", "KpiCard", "area_table_for_display", "choropleth_for", "kpi_cards"]


@dataclass(frozen=True)
class KpiCard:
    """One metric: label, formatted value, formatted change (or None) and a help text."""

    label: str
    value: str
    delta: str | None
    help: str


def _delta(current: int, before: int, lang: Lang) -> str | None:
    diff = current - before
    if before == 0 and current == 0:
        return None
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    text = f"{sign}{format_int(abs(diff), lang)}"
    if before >= 10:  # a percentage only where it means something (no "+300 %" on 1 → 4)
        text += f" ({format_percent(diff / before, 0, lang)})"
    return text


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
    weeks = max(1.0, period.days / 7)
    classes = scaled_classes(COUNT_CLASSES, weeks)
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
    return ChoroplethView(m, t("lagesbild.legend", lang), legend_items(classes))


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
