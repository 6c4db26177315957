import streamlit as st

from est import ui
from est.access.auth import Permission
from est.intake.field_reports import form_context, open_walk, quick_categories
from est.intake.organisations import list_organisations
from est.periods import local_now
from est.ui.field_views import (
    apply_phone_style,
    open_form,
    pick_kind,
    pick_organisation,
    pick_position,
    render_report_form,
    render_save_button,
    render_walk_panel,
    restore_draft,
)
from est.ui.steering_views import render_visit_log

restore_draft()
apply_phone_style()
st.title(ui.text("nav.faltrapport"))
viewer = ui.require(Permission.IMPORT)
st.caption(ui.text("faltrapport.intro"))

with ui.guard():
    organisations = ui.read(list_organisations)
    context = ui.read(form_context)
org = pick_organisation(viewer, organisations)
form = open_form()
with form:
    kind = pick_kind()
with ui.guard():
    walk = ui.read(open_walk, org, kind) if org is not None else None
    categories = ui.read(quick_categories, kind)

with form:
    render_walk_panel(viewer, kind, org, walk, context.areas)
    pick_position(context)
    render_report_form(categories)
    render_save_button(viewer, kind, org, walk)

render_visit_log(viewer, local_now())
