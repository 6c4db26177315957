"""The filter bar shared by the analysis pages, kept in sync with the URL query parameters.

The URL is the source of truth on first load (a shared link reopens exactly that view); afterwards the
widgets are, and every rerun writes the current filter back to the URL. Streamlit's sidebar navigation drops
the URL query and each page's widgets are its own, so the filter also lives in one session-state entry
(:data:`SHARED_FILTER_KEY`) that carries it to the next analysis or export page, which writes it to its URL.
The toggle "Räkna varje rapport" (``raw=1``) counts every report; by default a problem reported by several
sources counts once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

from est.areas.sets import AreaSet, list_area_sets, list_areas
from est.intake.organisations import organisation_options
from est.periods import PRESETS, Period, Preset, local_today, period_for_preset
from est.picture.coverage_display import coverage_table, coverage_warnings
from est.picture.data_coverage import coverage, coverage_window
from est.picture.figures import resolve_area_set
from est.picture.figures_display import filter_summary
from est.picture.filter_options import Option, category_options, label_map, source_options
from est.picture.filters import Filters, filters_from_query, filters_to_query
from est.ui.context import read
from est.ui.dedup_views import dedup_caption
from est.ui.markdown import escape_markdown
from est.ui.session import current_lang, guard, text

__all__ = ["SHARED_FILTER_KEY", "area_set_or_stop", "coverage_panel", "filter_bar", "pick_area", "today"]

#: Session-state entry with the filter's URL query as the last page showed it (carried across pages).
SHARED_FILTER_KEY = "shared_filters"


def today() -> date:
    """Today's local date (a function so tests can reason about the default period)."""
    return local_today()


def _preset_for(period: Period, on: date) -> Preset:
    for preset in PRESETS[:-1]:
        if period_for_preset(preset, on) == period:
            return preset
    return "custom"


def filter_bar(page: str, *, areas: bool = True) -> Filters:
    """Render the filter inputs for ``page`` (the widget-key prefix) and return the filter.

    The inputs sit in an expander, collapsed by default (on a phone the first figure must show without
    scrolling), with the filter in one line under it (:func:`est.picture.figures_display.filter_summary`). A page with
    its own area picker (Områdesprofil, :func:`pick_area`) passes ``areas=False``: no second picker here,
    and the areas of the URL or the carried filter are kept as they are.
    """
    now = today()
    with guard():
        from_url = filters_from_query(_wanted_query(), now)
        sets = read(list_area_sets)
    names = [s.name for s in sets]
    panel = st.expander(text("filter.title"), icon=":material/filter_list:", key=f"{page}_filter_panel")
    cols = panel.columns([2, 2, 2, 3])
    preset = cols[0].selectbox(
        text("filter.period"),
        options=list(PRESETS),
        index=PRESETS.index(_preset_for(from_url.period, now)),
        format_func=lambda p: text(f"filter.preset.{p}"),
        key=f"{page}_preset",
    )
    if preset == "custom":
        first = cols[1].date_input(
            text("filter.from"), value=from_url.period.start, format="YYYY-MM-DD", key=f"{page}_from"
        )
        last = cols[2].date_input(
            text("filter.to"), value=from_url.period.last_day, format="YYYY-MM-DD", key=f"{page}_to"
        )
        with guard():
            period = (
                Period.inclusive(first, last) if isinstance(first, date) and isinstance(last, date) else from_url.period
            )
    else:
        period = period_for_preset(preset, now)
        # A keyed widget keeps its session value and ignores ``value=`` on later runs: set the state before
        # the widget is created, so the greyed dates follow the preset at once.
        st.session_state[f"{page}_from_ro"] = period.start.isoformat()
        st.session_state[f"{page}_to_ro"] = period.last_day.isoformat()
        cols[1].text_input(text("filter.from"), disabled=True, key=f"{page}_from_ro")
        cols[2].text_input(text("filter.to"), disabled=True, key=f"{page}_to_ro")
    area_set = from_url.area_set
    if names:
        wanted = area_set if area_set in names else names[0]
        area_set = cols[3].selectbox(
            text("filter.area_set"), options=names, index=names.index(wanted), key=f"{page}_area_set"
        )
    set_id = next((s.id for s in sets if s.name == area_set), None)
    lang = current_lang()
    with guard():
        area_frame = read(list_areas, set_id) if set_id is not None else None
        cats = read(category_options)
        kinds = read(source_options)
        orgs = read(organisation_options)
    area_opts = (
        [Option(str(c), str(n), str(n)) for c, n in zip(area_frame["code"], area_frame["name"], strict=True)]
        if area_frame is not None
        else []
    )
    row = panel.columns(4)
    chosen: dict[str, tuple[str, ...]] = {}
    specs: list[tuple[Any, str, list[Option], tuple[str, ...], str]] = [
        (row[0], "areas", area_opts, from_url.areas, f"{page}_areas_{set_id}"),
        (row[1], "categories", cats, from_url.categories, f"{page}_categories"),
        (row[2], "sources", kinds, from_url.sources, f"{page}_sources"),
        (row[3], "organisations", orgs, tuple(str(o) for o in from_url.organisations), f"{page}_organisations"),
    ][0 if areas else 1 :]
    chosen["areas"] = from_url.areas
    named: list[tuple[str, list[str]]] = []
    for column, key, options, in_url, widget in specs:
        chosen[key] = _multiselect(column, key, options, in_url, widget, lang)
        label_of = label_map(options, lang)
        named.append((text(f"filter.{key}"), [label_of.get(c, c) for c in chosen[key]]))
    raw = panel.toggle(
        text("dedup.raw_toggle"), value=from_url.raw, help=text("dedup.raw_toggle_help"), key=f"{page}_raw"
    )
    filters = Filters(
        period=period,
        area_set=area_set,
        areas=chosen["areas"],
        categories=chosen["categories"],
        sources=chosen["sources"],
        organisations=tuple(int(o) for o in chosen["organisations"]),
        raw=bool(raw),
    )
    _write(filters)
    preset_label = text(f"filter.preset.{preset}") if preset != "custom" else None
    st.caption(escape_markdown(filter_summary(period, preset_label, area_set, named, lang, raw=filters.raw)))
    return filters


_FILTER_KEYS = frozenset({"from", "to", "area_set", "area", "category", "source", "org", "raw"})


def _write(filters: Filters) -> None:
    """Write ``filters`` to the URL (keeping what is not the filter's, e.g. ``lang``) and the shared state."""
    query = filters_to_query(filters)
    for key in st.query_params:
        if key not in _FILTER_KEYS:
            values = st.query_params.get_all(key)
            query[key] = values[0] if len(values) == 1 else values
    st.query_params.from_dict(query)
    st.session_state[SHARED_FILTER_KEY] = filters_to_query(filters)


def pick_area(filters: Filters, names: dict[str, str], *, key: str) -> tuple[str, Filters]:
    """The one area picker of a page about one area: its choice is the filter's area, in the URL and carried.

    Starts from the filter's first area (a link, or the filter carried from another page), else the first
    name in alphabetical order. Returns the chosen code and the filter narrowed to it.
    """
    codes = sorted(names, key=lambda c: names[c])
    wanted = filters.areas[0] if filters.areas and filters.areas[0] in names else codes[0]
    code: str = st.selectbox(
        text("analysis.omrade.choose"), codes, index=codes.index(wanted), format_func=lambda c: names[c], key=key
    )
    chosen = replace(filters, areas=(code,))
    _write(chosen)
    return code, chosen


def _wanted_query() -> dict[str, Any]:
    """The filter to start from: the URL's when it has one (a link, or this page's last run), else the carried one.

    Arriving from another page, the URL has no filter (the sidebar link drops the query) and this page's
    widgets start afresh (Streamlit forgets the state of widgets a run did not draw), so they show the
    carried filter.
    """
    url: dict[str, Any] = st.query_params.to_dict() | _lists()
    if any(key in url for key in _FILTER_KEYS):
        return url
    return dict(st.session_state.get(SHARED_FILTER_KEY, {})) | url


def _multiselect(
    column: Any, key: str, options: list[Option], wanted: tuple[str, ...], widget: str, lang: str
) -> tuple[str, ...]:
    """One multi-choice filter; values in the URL that do not exist are reported and dropped."""
    values = [o.value for o in options]
    labels = {o.value: o.label("en" if lang == "en" else "sv") for o in options}
    unknown = [w for w in wanted if w not in labels]
    if unknown:
        st.warning(text("filter.unknown", what=text(f"filter.{key}"), values=", ".join(unknown)))
    picked = column.multiselect(
        text(f"filter.{key}"),
        options=values,
        default=[w for w in wanted if w in labels],
        format_func=lambda v: labels.get(v, v),
        placeholder=text("filter.all"),
        select_all=False,  # nothing chosen is all; Streamlit's bulk action is English only
        key=widget,
    )
    return tuple(str(p) for p in picked)


def area_set_or_stop(filters: Filters) -> AreaSet:
    """The filter's area set; with no area set at all, say how to add one and stop the page."""
    with guard():
        if not read(list_area_sets):
            st.info(text("common.no_area_sets"))
            st.stop()
        return read(resolve_area_set, filters)
    raise AssertionError("unreachable: guard() stops the page on an error")  # pragma: no cover


def coverage_panel(filters: Filters, *, expanded: bool = False, dedup: bool = True) -> None:
    """The data-coverage panel every analysis page shows: last upload and silent weeks per organisation.

    With ``dedup`` (the default) it starts with :func:`est.ui.dedup_views.dedup_caption`: the reports from
    all sources beside the problems after merging duplicates, and which of the two the figures count.
    """
    if dedup:
        dedup_caption(filters)
    lang = current_lang()
    with guard():
        rows = read(coverage, filters)
    window = coverage_window(filters.period)
    for warning in coverage_warnings(rows, lang):
        st.caption(":material/warning: " + warning)
    with st.expander(text("analysis.coverage.title"), expanded=expanded, icon=":material/fact_check:"):
        st.caption(
            text(
                "analysis.coverage.intro",
                window=f"{window.start.isoformat()} – {window.last_day.isoformat()}",
            )
        )
        st.dataframe(coverage_table(rows, lang), hide_index=True, width="stretch")


def _lists() -> dict[str, list[str]]:
    """Multi-valued query parameters (``?area=a&area=b``) as lists."""
    return {
        key: st.query_params.get_all(key) for key in ("area", "category", "source", "org") if key in st.query_params
    }
