import streamlit as st

from est import ui
from est.areas.sets import area_geojson
from est.i18n import format_int, tn
from est.picture.display import counted_key
from est.picture.filter_options import category_options, label_map, source_options
from est.picture.map_display import area_count_table, incident_map_view, incident_table
from est.picture.mapdata import map_data, map_settings
from est.ui.filters import area_set_or_stop, coverage_panel, filter_bar

st.title(ui.text("nav.karta"))
filters = filter_bar("karta")
lang = ui.current_lang()
viewer = ui.current_viewer()

area_set = area_set_or_stop(filters)
with ui.guard():
    settings = ui.read(map_settings)
    data = ui.read(map_data, filters, area_set.id, viewer, settings.grid_metres)
    shapes = ui.read(area_geojson, area_set.id)
    categories = label_map(ui.read(category_options), lang)
    sources = label_map(ui.read(source_options), lang)

heat = st.toggle(ui.text("analysis.karta.heat"), key="karta_heat")
if data.mode == "empty" and not data.unlocated:
    st.info(ui.text("lagesbild.empty_period"))
elif data.mode == "points":
    st.caption(tn(counted_key("analysis.karta.points", filters.raw), data.located, lang))
elif data.mode == "hexagons":
    st.caption(ui.text(counted_key("analysis.karta.hexagons", filters.raw), n=format_int(data.located, lang)))
if len(data.areas):
    st.caption(tn(counted_key("analysis.karta.by_area", filters.raw), data.unlocated - data.unplaced, lang))
if data.unplaced:
    key = "analysis.karta.unplaced" if len(data.areas) else "analysis.karta.unlocated"
    st.caption(tn(counted_key(key, filters.raw), data.unplaced, lang))
if data.mode == "points" and not data.points["precise"].all():
    st.caption(ui.text("analysis.karta.snapped", metres=format_int(settings.grid_metres, lang)))

view = incident_map_view(
    shapes,
    data,
    filters.period,
    lang,
    category_labels=categories,
    source_labels=sources,
    heat=heat,
    basemap=settings.basemap,
    areas=filters.areas,
    raw=filters.raw,
)
ui.show_map(view.map, key="karta_map", height=600)
ui.show_legend(view.legend_title, view.legend)

with st.expander(ui.text("analysis.show_table"), icon=":material/table:"):
    st.caption(ui.text("analysis.table_alt"))
    if data.mode != "areas":
        st.dataframe(
            incident_table(data, lang, category_labels=categories, source_labels=sources),
            hide_index=True,
            width="stretch",
        )
    if len(data.areas):
        st.dataframe(area_count_table(data, lang, raw=filters.raw), hide_index=True, width="stretch")

coverage_panel(filters)
