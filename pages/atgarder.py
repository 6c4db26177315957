from datetime import date, timedelta

import streamlit as st

from est import ui
from est.actions import (
    ACTION_TYPES,
    STATUSES,
    NewAction,
    action_label,
    actions_for_display,
    add_focus_area,
    create_action,
    focus_area_progress,
    list_actions,
    list_focus_areas,
    progress_for_display,
    set_status,
)
from est.areas import list_area_sets, list_areas
from est.auth import Permission
from est.evaluation import evaluate_action
from est.filter_options import category_options, organisation_options
from est.meetings import list_meetings, meeting_label

viewer = ui.require(Permission.VIEW_PICTURE)
lang = ui.current_lang()
manage = viewer.can(Permission.MANAGE_MEETINGS)
today = date.today()
st.title(ui.text("actions.title"))
if flash := st.session_state.pop("atgarder_flash", None):
    st.success(flash)

with ui.guard():
    sets = ui.read(list_area_sets)
    if not sets:
        st.info(ui.text("common.no_area_sets"))
        st.stop()
    set_names = {s.id: s.name for s in sets}
    set_id = st.selectbox(ui.text("filter.area_set"), list(set_names), format_func=set_names.get, key="atgarder_set")
    actions = ui.read(list_actions, set_id)
    progress = ui.read(focus_area_progress, today)
    focus = ui.read(list_focus_areas)

if actions.empty:
    st.info(ui.text("actions.empty"))
else:
    st.dataframe(actions_for_display(actions, lang, today), hide_index=True, width="stretch", key="atgarder_table")
if not progress.empty:
    st.subheader(ui.text("actions.progress"))
    st.dataframe(progress_for_display(progress, lang), hide_index=True, width="stretch", key="atgarder_progress")


def save(message, fn, *args, **kwargs):
    with ui.guard(), ui.get_store().writing() as w:
        fn(w, viewer, *args, **kwargs)
    st.session_state["atgarder_flash"] = ui.text(message)
    st.rerun()


if manage:
    areas = ui.read(list_areas, set_id)
    orgs = ui.read(organisation_options)
    categories = ui.read(category_options)
    meetings = [m for m in ui.read(list_meetings, set_id)]
    focus_names = dict(zip(focus["id"], focus["name"], strict=True))
    none = ui.text("actions.none_option")
    with st.expander(ui.text("actions.new"), expanded=actions.empty), st.form("atgarder_new"):
        area_names = dict(zip(areas["code"], areas["name"], strict=True))
        area = st.selectbox(ui.text("common.area"), list(area_names), format_func=area_names.get, key="atgarder_area")
        kind = st.selectbox(ui.text("actions.type"), ACTION_TYPES, format_func=lambda c: ui.text(f"actions.type.{c}"))
        what = st.text_input(ui.text("actions.what"), key="atgarder_what")
        owner = st.selectbox(
            ui.text("actions.owner"),
            [o.value for o in orgs],
            key="atgarder_owner",
            format_func={o.value: o.label(lang) for o in orgs}.get,
        )
        start = st.date_input(ui.text("actions.start_on"), value=today, key="atgarder_start")
        due = st.date_input(ui.text("actions.due_on"), value=today + timedelta(days=14), key="atgarder_due")
        place = st.text_input(ui.text("actions.place"), key="atgarder_place")
        category = st.selectbox(
            ui.text("actions.category"),
            ["", *[c.value for c in categories]],
            key="atgarder_cat",
            format_func=lambda v: {c.value: c.label(lang) for c in categories}.get(v, none),
        )
        meeting = st.selectbox(
            ui.text("actions.meeting"),
            [0, *[m.id for m in meetings]],
            key="atgarder_meeting",
            format_func=lambda i: none if not i else meeting_label(next(m for m in meetings if m.id == i), lang),
        )
        focus_id = st.selectbox(
            ui.text("actions.focus_area"),
            [0, *focus_names],
            key="atgarder_focus",
            format_func=lambda i: focus_names.get(i, none),
        )
        in_plan = st.checkbox(ui.text("actions.in_plan"), key="atgarder_in_plan")
        if st.form_submit_button(ui.text("actions.create")):
            if owner is None:
                st.error(ui.text("actions.no_orgs"))
                st.stop()
            new = NewAction(
                set_id,
                str(area),
                str(kind),
                what,
                int(owner),
                start,
                due,
                place or None,
                category or None,
                int(meeting) or None,
                int(focus_id) or None,
                in_plan,
            )
            save("actions.created", create_action, new)
    if not actions.empty:
        rows = {int(r["id"]): r for r in actions.to_dict("records")}
        with st.expander(ui.text("actions.follow_up")), st.form("atgarder_follow"):
            chosen = st.selectbox(
                ui.text("actions.choose"),
                list(rows),
                key="atgarder_follow_action",
                format_func=lambda i: action_label(rows[i], lang),
            )
            status = st.selectbox(
                ui.text("actions.status"),
                STATUSES,
                key="atgarder_follow_status",
                format_func=lambda s: ui.text(f"actions.status.{s}"),
            )
            note = st.text_area(ui.text("actions.note"), key="atgarder_follow_note")
            if st.form_submit_button(ui.text("actions.save_follow_up")):
                save("actions.saved", set_status, int(chosen), str(status), on=today, note=note)
    with st.expander(ui.text("actions.add_focus")), st.form("atgarder_focus_new"):
        name = st.text_input(ui.text("actions.new_focus"), key="atgarder_focus_name")
        if st.form_submit_button(ui.text("actions.add_focus")):
            save("actions.saved", add_focus_area, name, today.year)

finished = actions[actions["status"] == "klar"] if not actions.empty else actions
if not finished.empty:
    st.subheader(ui.text("actions.evaluation"))
    rows = {int(r["id"]): r for r in finished.to_dict("records")}
    chosen = st.selectbox(
        ui.text("actions.choose"), list(rows), key="atgarder_eval", format_func=lambda i: action_label(rows[i], lang)
    )
    with ui.guard():
        result = ui.read(evaluate_action, int(chosen), today, 56, lang)
    st.write(result.text)
