import streamlit as st

from est import ui
from est.analysis import area_counts, kpis, resolve_area_set
from est.areas import area_geojson, list_area_sets
from est.presentation import area_table_for_display, choropleth_for, kpi_cards
from est.ui.filters import filter_bar

st.title(ui.text("lagesbild.title"))
filters = filter_bar("lagesbild")

with ui.guard():
    if not ui.read(list_area_sets):
        st.info(ui.text("common.no_area_sets"))
        st.stop()
    area_set = ui.read(resolve_area_set, filters)
    figures = ui.read(kpis, filters, area_set.id)
    table = ui.read(area_counts, filters, area_set.id)
    shapes = ui.read(area_geojson, area_set.id)

if figures.current == 0 and figures.previous == 0 and figures.last_year == 0 and table["count"].sum() == 0:
    st.info(ui.text("lagesbild.empty_period"))

lang = ui.current_lang()
for column, card in zip(st.columns(4), kpi_cards(figures, lang), strict=True):
    column.metric(card.label, card.value, card.delta, delta_color="inverse", help=card.help)

left, right = st.columns([3, 2])
with left:
    st.subheader(ui.text("lagesbild.map_title"))
    view = choropleth_for(shapes, table, figures.period, lang)
    ui.show_map(view.map, key="lagesbild_map")
    ui.show_legend(view.legend_title, view.legend)
with right:
    st.subheader(ui.text("lagesbild.table_title"))
    st.dataframe(area_table_for_display(table, lang), hide_index=True, width="stretch")
