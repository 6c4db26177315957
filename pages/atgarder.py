import streamlit as st

from est import ui
from est.access.auth import Permission
from est.areas.sets import list_area_sets
from est.meeting.actions import finished_actions, focus_area_progress, list_actions, list_focus_areas
from est.periods import local_today
from est.ui.meeting_views import (
    choose_action_area_set,
    render_action_evaluation,
    render_action_register,
    render_focus_area_form,
    render_follow_up_form,
    render_new_action_form,
)

viewer = ui.require(Permission.VIEW_PICTURE)
today = local_today()
st.title(ui.text("actions.title"))
if flash := st.session_state.pop("atgarder_flash", None):
    st.success(flash)

with ui.guard():
    sets = ui.read(list_area_sets)
    if not sets:
        st.info(ui.text("common.no_area_sets"))
        st.stop()
    set_id = choose_action_area_set(sets)
    actions = ui.read(list_actions, set_id)
    progress = ui.read(focus_area_progress, today)
    focus = ui.read(list_focus_areas)

render_action_register(actions, progress, today)
if viewer.can(Permission.MANAGE_MEETINGS):
    render_new_action_form(viewer, set_id, focus, today, expanded=actions.empty)
    if not actions.empty:
        render_follow_up_form(viewer, actions, today)
    render_focus_area_form(viewer, today)
render_action_evaluation(finished_actions(actions), today)
