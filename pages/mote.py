import streamlit as st

from est import ui
from est.access.auth import Permission
from est.areas.sets import list_area_sets
from est.meeting.meetings import list_meetings, meeting_view
from est.ui.meeting_views import (
    apply_projector_style,
    choose_meeting,
    render_area_status_form,
    render_close_button,
    render_meeting_action_form,
    render_meeting_screen,
    render_new_meeting_form,
    render_screen_nav,
    render_status_history,
)
from est.ui.report_views import render_meeting_pdf_download
from est.ui.steering_views import read_meeting_alerts, render_alerts, render_plan_follow_up

apply_projector_style()
viewer = ui.require(Permission.VIEW_PICTURE)
manage = viewer.can(Permission.MANAGE_MEETINGS)
st.title(ui.text("meeting.title"))
if flash := st.session_state.pop("mote_flash", None):
    st.success(flash)

with ui.guard():
    meetings = ui.read(list_meetings)
    sets = ui.read(list_area_sets)

if manage and sets:
    render_new_meeting_form(viewer, sets, expanded=not meetings)
if not meetings:
    st.info(ui.text(("meeting.none" if manage else "meeting.none_reader") if sets else "common.no_area_sets"))
    st.stop()

chooser, download = st.columns([4, 1], vertical_alignment="bottom")
with chooser:
    meeting = choose_meeting(meetings)
with ui.guard():
    view = ui.read(meeting_view, meeting.id)
if not view.areas:
    st.info(ui.text("meeting.no_areas"))
    st.stop()

if viewer.can(Permission.EXPORT_AGGREGATE):
    with download:
        render_meeting_pdf_download(viewer, meeting)
screen = render_screen_nav(view.areas)
area = view.areas[screen - 1] if screen > 0 else None
with ui.guard():
    alerts = read_meeting_alerts(viewer, view.area_set_id, meeting.held_on)
render_alerts(alerts, key="mote_alerts", area=area["code"] if area else None)
render_meeting_screen(meeting, screen)
if area is not None:
    render_status_history(view.area_set_id, area)
else:
    render_plan_follow_up(meeting)
if manage and not meeting.is_closed:
    if area is not None:
        render_area_status_form(viewer, meeting.id, view.area_set_id, area)
    render_meeting_action_form(viewer, meeting, area)
    render_close_button(viewer, meeting.id)
