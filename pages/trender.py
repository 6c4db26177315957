import streamlit as st

from est import ui
from est.i18n import tn
from est.picture.charts import trend_chart, trend_summary, trend_table
from est.picture.filter_options import category_options, label_map
from est.picture.trend_display import area_labels, running_caption, summary_by_category, summary_table
from est.picture.trends import GRAINS, GROUP_BYS, period_summary, trend_series
from est.ui.filters import area_set_or_stop, coverage_panel, filter_bar

st.title(ui.text("nav.trender"))
filters = filter_bar("trender")
lang = ui.current_lang()

cols = st.columns(3)
grain = ui.pick_option(cols[0], "analysis.trender.grain", GRAINS, key="trender_grain")
by = ui.pick_option(cols[1], "analysis.trender.by", GROUP_BYS, key="trender_by")
steps = cols[2].select_slider(
    ui.text("analysis.trender.window"),
    options=[13, 26, 52, 104],
    value=26,
    format_func=lambda n: tn(f"analysis.trender.{grain}s", n, lang),
    help=ui.text("analysis.trender.window_help"),
    key="trender_steps",
)

area_set = area_set_or_stop(filters)
with ui.guard():
    series = ui.read(trend_series, filters, area_set.id, grain, by, steps)
    labels = label_map(ui.read(category_options), lang) | ui.read(area_labels, area_set.id)
    tertials = ui.read(period_summary, filters, area_set.id, "tertial")
    years = ui.read(period_summary, filters, area_set.id, "year")

# Section: the chart, its text alternative and its figures
st.altair_chart(trend_chart(series, lang, labels, grain=grain), width="stretch")
st.caption(ui.text("analysis.trender.band"), help=ui.text("analysis.trender.band_help"))
st.caption(trend_summary(series, lang, labels, grain=grain))
with st.expander(ui.text("analysis.show_table"), icon=":material/table:"):
    st.dataframe(trend_table(series, lang, labels, grain=grain), hide_index=True, width="stretch")

# Section: tertial and yearly follow-up
st.subheader(ui.text("analysis.trender.summary"))
left, right = st.columns(2)
for column, summary, kind in ((left, tertials, "tertial"), (right, years, "year")):
    column.dataframe(summary_table(summary, lang, labels, kind), hide_index=True, width="stretch")
    if caption := running_caption(summary, lang):
        column.caption(caption)
with st.expander(ui.text("analysis.trender.by_category_table"), icon=":material/table:"):
    for summary, kind in ((tertials, "tertial"), (years, "year")):
        st.dataframe(summary_by_category(summary, lang, labels, kind), hide_index=True, width="stretch")

coverage_panel(filters)
