import streamlit as st

from est import ui
from est.access.auth import Permission
from est.meeting.meetings import list_meetings, picture_view
from est.periods import local_today
from est.ui.filters import area_set_or_stop, filter_bar
from est.ui.report_views import render_filtered_export, render_printable_summary, render_report_downloads

viewer = ui.require(Permission.EXPORT_AGGREGATE)
st.title(ui.text("report.title"))
filters = filter_bar("rapporter")

area_set = area_set_or_stop(filters)
with ui.guard():
    view = ui.read(picture_view, filters, area_set.id, local_today())
    meetings = ui.read(list_meetings, area_set.id)

# PDF reports (built on click, not on every rerun)
render_report_downloads(viewer, filters, area_set, view, meetings)
# Printable summary (the browser's print prints this page)
render_printable_summary(view)
# Export of exactly the filtered rows
if viewer.can(Permission.EXPORT):
    render_filtered_export(viewer, filters, view)
