import streamlit as st

from est import ui
from est.access.auth import Permission
from est.intake.labels import source_labels
from est.intake.organisations import organisation_options
from est.picture.filter_options import category_options
from est.ui.category_views import FLASH, choose_organisation, render_labels, render_map_form
from est.ui.markdown import escape_markdown

st.title(ui.text("nav.kategorier"))
viewer = ui.require(Permission.MANAGE_CATEGORIES)
st.caption(ui.text("kategorier.intro"))
if flash := st.session_state.pop(FLASH, None):
    st.success(flash)

with ui.guard():
    organisations = ui.read(organisation_options)
    categories = ui.read(category_options)
if not organisations:
    st.info(ui.text("kategorier.no_organisations"))
    st.stop()
organisation = choose_organisation(organisations)
show_all = st.toggle(ui.text("kategorier.show_all"), key="kategorier_all")

with ui.guard():
    labels = ui.read(source_labels, viewer, int(organisation.value), not show_all)
if not labels:
    empty = "kategorier.none_at_all" if show_all else "kategorier.none_unmapped"
    st.info(ui.text(empty, organisation=escape_markdown(organisation.label_sv)))
    st.stop()
render_labels(labels, categories)
render_map_form(viewer, organisation, labels, categories)
