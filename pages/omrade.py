import streamlit as st

from est import ui
from est.picture.charts import trend_chart, trend_summary
from est.picture.display import counted_key
from est.picture.figures import category_counts, for_areas, neighbours, overview, top_places
from est.picture.figures_display import category_table, overview_cards, places_table
from est.picture.filter_options import category_options, label_map
from est.picture.indicators import area_safety_table, safety_caption, safety_comparison
from est.picture.mapdata import map_settings
from est.picture.time_display import window_sentence
from est.picture.timeprofile import top_windows
from est.picture.trend_display import area_labels
from est.picture.trends import trend_series
from est.ui.figure_views import render_metric_cards, render_ranked_areas
from est.ui.filters import area_set_or_stop, coverage_panel, filter_bar, pick_area

st.title(ui.text("nav.omrade"))
filters = filter_bar("omrade", areas=False)  # one area picker: the page's own, below
lang = ui.current_lang()

area_set = area_set_or_stop(filters)
with ui.guard():
    names = ui.read(area_labels, area_set.id)
code, one = pick_area(filters, names, key="omrade_area")

with ui.guard():
    figures = ui.read(overview, one, area_set.id)
    around = ui.read(neighbours, area_set.id, code, 3)
    compared = ui.read(overview, for_areas(filters, [code, *around]), area_set.id)
    series = ui.read(trend_series, one, area_set.id, "week", "total", 26)
    windows = ui.read(top_windows, one, area_set.id, 5)
    categories = ui.read(category_counts, one, area_set.id)
    settings = ui.read(map_settings)
    places = ui.read(top_places, one, area_set.id, ui.current_viewer(), settings.grid_metres, 10)
    labels = label_map(ui.read(category_options), lang)
    safety = ui.read(safety_comparison, for_areas(filters, ()), area_set.id)  # every area: ranks

# Section: headline figures for the area
render_metric_cards(overview_cards(figures, lang)[:4])

# Section: trend, times, categories, places, neighbours
st.subheader(ui.text("analysis.omrade.trend"))
st.altair_chart(trend_chart(series, lang, labels), width="stretch")
st.caption(trend_summary(series, lang, labels))
left, right = st.columns(2)
with left:
    st.subheader(ui.text("analysis.omrade.times"))
    st.markdown(
        "\n".join(f"1. {window_sentence(w, lang, raw=filters.raw)}" for w in windows)
        or ui.text("analysis.no_incidents")
    )
    st.subheader(ui.text(counted_key("analysis.omrade.places", filters.raw)))
    st.dataframe(places_table(places, lang, raw=filters.raw), hide_index=True, width="stretch")
with right:
    st.subheader(ui.text("analysis.omrade.categories"))
    st.dataframe(
        category_table(categories, labels, lang, compared=figures.previous is not None, raw=filters.raw),
        hide_index=True,
        width="stretch",
    )
st.subheader(ui.text("analysis.omrade.neighbours"))
render_ranked_areas(compared, lang)

# Section: perceived and reported safety (survey results beside the incident rate, ranked among the areas)
st.subheader(ui.text("analysis.safety.title"))
st.caption(safety_caption(filters.period, lang))
if not safety.indicators:
    st.info(ui.text("analysis.safety.none"))
st.dataframe(
    area_safety_table(safety, code, lang),
    hide_index=True,
    width="stretch",
    column_config={
        ui.text("analysis.safety.value"): st.column_config.TextColumn(help=ui.text("analysis.safety.value_help")),
        ui.text("analysis.safety.rank"): st.column_config.TextColumn(help=ui.text("analysis.safety.rank_help")),
    },
)

coverage_panel(filters)
