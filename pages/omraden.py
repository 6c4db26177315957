import streamlit as st

from est import ui
from est.access.auth import Permission
from est.areas.sets import list_area_sets
from est.ui.address_views import render_address_register
from est.ui.area_admin import choose_area_set, render_area_set_overview, render_area_upload, render_area_values

st.title(ui.text("omraden.title"))
viewer = ui.require(Permission.MANAGE_AREAS)
if flash := st.session_state.pop("omraden_flash", None):
    st.success(flash)

with ui.guard():
    sets = ui.read(list_area_sets)
chosen = choose_area_set(sets)
tab_sets, tab_upload, tab_values, tab_addresses = st.tabs(
    [
        ui.text("omraden.tab_sets"),
        ui.text("omraden.tab_upload"),
        ui.text("omraden.tab_values"),
        ui.text("omraden.tab_addresses"),
    ]
)

with tab_sets:
    if chosen is None:
        st.info(ui.text("omraden.none"))
    else:
        st.caption(ui.text("omraden.counting"))
        render_area_set_overview(viewer, chosen)

with tab_upload:
    render_area_upload(viewer, chosen, first_set=not sets)

with tab_values:
    if chosen is None:
        st.info(ui.text("omraden.none"))
    else:
        render_area_values(viewer, chosen)

with tab_addresses:
    render_address_register(viewer)
