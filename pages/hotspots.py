import streamlit as st

from est import ui
from est.areas.sets import area_geojson
from est.periods import local_today
from est.picture.filter_options import category_options, label_map
from est.picture.mapdata import map_settings
from est.ui.filters import area_set_or_stop, coverage_panel, filter_bar
from est.ui.steering_views import (
    WINDOWS,
    hotspot_filters,
    read_alerts,
    read_hotspots,
    read_plan,
    render_alerts,
    render_hotspots,
    render_plan,
    render_save_plan,
)

st.title(ui.text("nav.hotspots"))
filters = filter_bar("hotspots")
lang = ui.current_lang()
viewer = ui.current_viewer()
today = local_today()

area_set = area_set_or_stop(filters)
window = ui.pick_option(st, "hotspots.window", WINDOWS, key="hotspots_window")
with ui.guard():
    alerts = read_alerts(viewer, filters, today)
    hot = read_hotspots(viewer, hotspot_filters(filters, window, today))
    plan = read_plan(viewer, filters, today, hot)
    shapes = ui.read(area_geojson, area_set.id)
    basemap = ui.read(map_settings).basemap
    categories = label_map(ui.read(category_options), lang)

render_alerts(alerts, key="hotspots_alerts")
render_hotspots(viewer, hot, shapes, basemap)
labels = tuple(categories.get(c, c).strip() for c in filters.categories)
render_plan(viewer, plan, today, labels)
render_save_plan(viewer, plan, area_set.id, today, filters.categories)
coverage_panel(filters)
