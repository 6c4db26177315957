"""The filter bar shared by the analysis pages, kept in sync with the URL query parameters.

The URL is the source of truth on first load (a shared link reopens exactly that view); afterwards the
widgets are, and every rerun writes the current filter back to the URL.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from est.areas import list_area_sets
from est.filters import Filters, filters_from_query, filters_to_query
from est.periods import PRESETS, Period, Preset, period_for_preset
from est.ui.cache import read
from est.ui.context import guard, text

__all__ = ["filter_bar", "today"]


def today() -> date:
    """Today's local date (a function so tests can reason about the default period)."""
    return date.today()


def _preset_for(period: Period, on: date) -> Preset:
    for preset in PRESETS[:-1]:
        if period_for_preset(preset, on) == period:
            return preset
    return "custom"


def filter_bar(page: str) -> Filters:
    """Render period and area-set inputs for ``page`` (the widget-key prefix) and return the filter."""
    now = today()
    with guard():
        from_url = filters_from_query(st.query_params.to_dict() | _lists(), now)
        sets = read(list_area_sets)
    names = [s.name for s in sets]
    cols = st.columns([2, 2, 2, 3])
    preset = cols[0].selectbox(
        text("filter.period"),
        options=list(PRESETS),
        index=PRESETS.index(_preset_for(from_url.period, now)),
        format_func=lambda p: text(f"filter.preset.{p}"),
        key=f"{page}_preset",
    )
    if preset == "custom":
        first = cols[1].date_input(text("filter.from"), value=from_url.period.start, key=f"{page}_from")
        last = cols[2].date_input(text("filter.to"), value=from_url.period.last_day, key=f"{page}_to")
        with guard():
            period = (
                Period.inclusive(first, last) if isinstance(first, date) and isinstance(last, date) else from_url.period
            )
    else:
        period = period_for_preset(preset, now)
        cols[1].text_input(text("filter.from"), value=period.start.isoformat(), disabled=True, key=f"{page}_from_ro")
        cols[2].text_input(text("filter.to"), value=period.last_day.isoformat(), disabled=True, key=f"{page}_to_ro")
    area_set = from_url.area_set
    if names:
        wanted = area_set if area_set in names else names[0]
        area_set = cols[3].selectbox(
            text("filter.area_set"), options=names, index=names.index(wanted), key=f"{page}_area_set"
        )
    filters = Filters(
        period=period,
        area_set=area_set,
        areas=from_url.areas,
        categories=from_url.categories,
        sources=from_url.sources,
        organisations=from_url.organisations,
    )
    st.query_params.from_dict(filters_to_query(filters))
    return filters


def _lists() -> dict[str, list[str]]:
    """Multi-valued query parameters (``?area=a&area=b``) as lists."""
    return {
        key: st.query_params.get_all(key) for key in ("area", "category", "source", "org") if key in st.query_params
    }
