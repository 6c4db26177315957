import streamlit as st

from est import ui
from est.areas.sets import area_geojson
from est.periods import local_today
from est.picture.display import counted_text, verdict_help
from est.picture.figures import by_top_category, category_counts, overview
from est.picture.figures_display import category_table, overview_cards, overview_headline
from est.picture.filter_options import category_options, label_map
from est.picture.indicators import comparison_for_display, safety_caption, safety_comparison
from est.picture.map_display import MAP_MODES, mode_label, overview_map
from est.picture.mapdata import map_settings
from est.ui.figure_views import render_metric_cards, render_ranked_areas
from est.ui.filters import area_set_or_stop, coverage_panel, filter_bar
from est.ui.markdown import escape_markdown
from est.ui.police_panel import police_context_panel
from est.ui.steering_views import read_alerts, render_alerts

st.title(ui.text("lagesbild.title"))
filters = filter_bar("lagesbild")
lang = ui.current_lang()
viewer = ui.current_viewer()

area_set = area_set_or_stop(filters)
with ui.guard():
    figures = ui.read(overview, filters, area_set.id)
    shapes = ui.read(area_geojson, area_set.id)
    safety = ui.read(safety_comparison, filters, area_set.id)
    categories = ui.read(category_counts, filters, area_set.id)
    labels = label_map(ui.read(category_options), lang)
    basemap = ui.read(map_settings).basemap
    alerts = read_alerts(viewer, filters, local_today(), by_category=False)

if figures.total.count == 0 and not figures.previous and not figures.last_year:
    st.info(ui.text("lagesbild.empty_period"))

# Section: what matters in the period in one sentence (the five-second test), then the figures behind it
with st.container(key="lagesbild_headline"):
    st.subheader(escape_markdown(overview_headline(figures, lang)), anchor=False)
render_metric_cards(overview_cards(figures, lang))

# Section: the map, then the ranked table (the map's text alternative: same figures) at full width, so every
# column shows on a 1366 px screen
st.subheader(counted_text("lagesbild.map_title", filters.raw, lang))
mode = st.radio(
    ui.text("analysis.map_mode"),
    options=list(MAP_MODES),
    format_func=lambda m: mode_label(m, filters.raw, lang),
    horizontal=True,
    help=verdict_help(lang),
    label_visibility="collapsed",  # the options say it; the map starts on the first screen at 1366×768
    key="lagesbild_map_mode",
)
view = overview_map(shapes, figures, mode, lang, basemap=basemap)
ui.show_map(view.map, key="lagesbild_map")
ui.show_legend(view.legend_title, view.legend)
render_alerts(alerts, key="lagesbild_alerts")
st.subheader(counted_text("lagesbild.table_title", filters.raw, lang))
st.caption(ui.text("analysis.table_alt"))
render_ranked_areas(figures, lang, trend_help=ui.text("analysis.sparkline_help"))

# Section: the breakdown by (top-level) category, against the previous period
st.subheader(ui.text("lagesbild.categories_title"))
st.dataframe(
    category_table(by_top_category(categories), labels, lang, compared=figures.previous is not None, raw=filters.raw),
    hide_index=True,
    width="stretch",
)

# Section: perceived and reported safety per area (survey results beside the incident figures)
with st.expander(ui.text("lagesbild.safety_expander")):
    st.caption(safety_caption(filters.period, lang))
    if not safety.indicators:
        st.info(ui.text("analysis.safety.none"))
    else:
        survey_help = ui.text("lagesbild.safety_value_help")
        st.dataframe(
            comparison_for_display(safety, lang),
            hide_index=True,
            width="stretch",
            column_config={name: st.column_config.TextColumn(help=survey_help) for name in safety.indicators},
        )

# Section: police events in the kommun (kommun-level context, never placed in an area)
police_context_panel(filters.period)

# Section: data coverage ("no reports" is not "nothing happened")
coverage_panel(filters)
