import streamlit as st

from est import ui
from est.access.auth import Permission
from est.areas.sets import list_area_sets
from est.intake import ImportOptions, preview
from est.intake.organisations import organisation_names
from est.picture.filter_options import source_options
from est.ui.import_views import (
    keep_upload,
    last_report,
    pick_import_organisation,
    pick_mapping,
    pick_options,
    render_batches,
    render_detected,
    render_report,
    run_import,
)

st.title(ui.text("import.title"))
viewer = ui.require(Permission.IMPORT)
st.caption(ui.text("import.intro"))

with ui.guard():
    organisations = ui.read(organisation_names) if viewer.can(Permission.IMPORT_ANY_ORG) else []
    area_sets = [s.name for s in ui.read(list_area_sets)]
    kinds = ui.read(source_options) if viewer.can(Permission.IMPORT_ANY_ORG) else []
source = pick_import_organisation(viewer, organisations, kinds)
render_batches(viewer)

upload = keep_upload()
if upload is None:
    st.stop()
options = ImportOptions(organisation=source.organisation, source_kind=source.source_kind, display_name=upload.name)
with ui.guard():
    found = preview(ui.get_store(), viewer, upload.path, options)
render_detected(found)
options = pick_options(found, area_sets, pick_mapping(found, options))
run_import(viewer, upload.path, options)

report = last_report()
if report is not None:
    render_report(report)
