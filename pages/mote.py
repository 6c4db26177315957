from datetime import date

import streamlit as st

from est import ui
from est.areas import list_area_sets
from est.auth import Permission
from est.filter_options import organisation_options
from est.meetings import (
    STATUS_CODES,
    actions_table,
    area_status_history,
    areas_table,
    categories_table,
    close_meeting,
    create_meeting,
    list_meetings,
    map_image,
    meeting_label,
    meeting_view,
    refresh_seconds,
    set_area_status,
    status_history_table,
    status_label,
)

# Projector-friendly: large metrics and text. A constant (no user text), so unsafe HTML is safe here.
st.markdown(
    "<style>[data-testid='stMetricValue']{font-size:3.2rem}[data-testid='stMetricLabel'] p{font-size:1.3rem}"
    ".stMarkdown p,.stMarkdown li{font-size:1.25rem}</style>",
    unsafe_allow_html=True,
)
viewer = ui.require(Permission.VIEW_PICTURE)
lang = ui.current_lang()
manage = viewer.can(Permission.MANAGE_MEETINGS)
st.title(ui.text("meeting.title"))
if flash := st.session_state.pop("mote_flash", None):
    st.success(flash)

with ui.guard():
    meetings = ui.read(list_meetings)
    sets = ui.read(list_area_sets)

if manage and sets:
    with st.expander(ui.text("meeting.new"), expanded=not meetings), st.form("mote_new"):
        held_on = st.date_input(ui.text("meeting.held_on"), value=date.today(), key="mote_new_date")
        set_id = st.selectbox(
            ui.text("filter.area_set"), [s.id for s in sets], format_func=lambda i: {s.id: s.name for s in sets}[i]
        )
        title = st.text_input(ui.text("meeting.name"), key="mote_new_title")
        orgs = ui.read(organisation_options)
        present = st.multiselect(ui.text("meeting.participants"), [o.label(lang) for o in orgs], key="mote_new_orgs")
        if st.form_submit_button(ui.text("meeting.create")) and isinstance(held_on, date):
            with ui.guard(), ui.get_store().writing() as w:
                new_id = create_meeting(
                    w, viewer, held_on=held_on, area_set_id=int(set_id), participants=tuple(present), title=title
                )
            st.query_params.update({"meeting": str(new_id), "screen": "0"})
            st.session_state["mote_flash"] = ui.text("meeting.created")
            st.rerun()

if not meetings:
    st.info(ui.text("meeting.none"))
    st.stop()

by_id = {m.id: m for m in meetings}
wanted = int(st.query_params.get("meeting", meetings[0].id))
meeting = by_id.get(wanted, meetings[0])
chosen = st.selectbox(
    ui.text("meeting.choose"),
    list(by_id),
    index=list(by_id).index(meeting.id),
    format_func=lambda i: meeting_label(by_id[i], lang),
    key=f"mote_choose_{meeting.id}",
)
if chosen != meeting.id:
    st.query_params.update({"meeting": str(chosen), "screen": "0"})
    st.rerun()

with ui.guard():
    view = ui.read(meeting_view, meeting.id)
if not view.areas:
    st.info(ui.text("meeting.no_areas"))
    st.stop()
screen = min(max(int(st.query_params.get("screen", 0) or 0), 0), len(view.areas))
nav = st.columns([1, 4, 1])
if nav[0].button(ui.text("meeting.prev"), shortcut="Left", key="mote_prev", disabled=screen == 0):
    st.query_params["screen"] = str(screen - 1)
    st.rerun()
if nav[2].button(ui.text("meeting.next"), shortcut="Right", key="mote_next", disabled=screen == len(view.areas)):
    st.query_params["screen"] = str(screen + 1)
    st.rerun()
nav[1].caption(ui.text("meeting.keys"))


@st.fragment(run_every=None if meeting.is_closed else refresh_seconds())
def show_screen() -> None:
    with ui.guard():
        shown = ui.read(meeting_view, meeting.id)
    as_of = (shown.data_as_of or "–")[:16].replace("T", " ")
    if shown.frozen:
        st.info(ui.text("meeting.frozen", when=shown.generated_at[:16].replace("T", " "), as_of=as_of))
    else:
        st.caption(ui.text("meeting.live", as_of=as_of))
    st.subheader(ui.text("meeting.since_last", start=shown.period_from, end=shown.period_to))
    if shown.participants:
        st.caption(ui.text("report.participants", names=", ".join(shown.participants)))
    if screen == 0:
        cols = st.columns(4)
        cols[0].metric(ui.text("meeting.total"), shown.total, shown.total - shown.previous_total, "inverse")
        cols[1].metric(ui.text("meeting.previous_total"), shown.previous_total)
        cols[2].metric(ui.text("meeting.overdue"), len(shown.overdue))
        late_help = (
            ui.text("meeting.late_help", start=shown.late_period[0], end=shown.late_period[1])
            if shown.late_period
            else None
        )
        cols[3].metric(ui.text("meeting.late"), shown.late_total, help=late_help)
        left, right = st.columns([2, 3])
        left.image(ui.read(map_image, meeting.id), caption=ui.text("meeting.map_image") if shown.frozen else None)
        right.dataframe(areas_table(shown, lang), hide_index=True, width="stretch", key="mote_areas")
        if shown.overdue:
            st.markdown(f"### {ui.text('meeting.overdue')}")
            st.dataframe(actions_table(shown.overdue, lang), hide_index=True, width="stretch", key="mote_overdue")
        return
    area = shown.areas[screen - 1]
    st.header(f"{area['name']} · {ui.text('meeting.screen', n=screen, total=len(shown.areas))}")
    cols = st.columns(3)
    cols[0].metric(ui.text("meeting.total"), area["count"], area["change"], "inverse")
    cols[1].metric(ui.text("meeting.previous_total"), area["previous"])
    cols[2].metric(ui.text("meeting.status"), status_label(area["status"], lang), help=area["status_reason"])
    if area["late"]:
        st.warning(ui.text("meeting.late_area", n=area["late"]))
    left, right = st.columns(2)
    left.markdown(f"**{ui.text('meeting.categories')}**")
    left.dataframe(categories_table(area, lang), hide_index=True, width="stretch", key="mote_categories")
    for title, key in (("meeting.overdue", "overdue"), ("meeting.open_actions", "open_actions")):
        if area[key]:
            right.markdown(f"**{ui.text(title)}**")
            right.dataframe(actions_table(area[key], lang), hide_index=True, width="stretch", key=f"mote_{key}")


show_screen()

if screen > 0:
    code = view.areas[screen - 1]["code"]
    with st.expander(ui.text("meeting.history")), ui.guard():
        history = ui.read(area_status_history, view.area_set_id, code)
        st.dataframe(status_history_table(history, lang), hide_index=True, width="stretch", key="mote_history")

if manage and not meeting.is_closed:
    if screen > 0:
        area = view.areas[screen - 1]
        with st.form(f"mote_status_{area['code']}"):
            status = st.radio(
                ui.text("meeting.status"), STATUS_CODES, format_func=lambda s: status_label(s, lang), horizontal=True
            )
            reason = st.text_input(ui.text("meeting.reason"), key=f"mote_reason_{area['code']}")
            if st.form_submit_button(ui.text("meeting.set_status")):
                with ui.guard(), ui.get_store().writing() as w:
                    set_area_status(
                        w,
                        viewer,
                        area_set_id=view.area_set_id,
                        area_code=area["code"],
                        status=str(status),
                        reason=reason,
                        meeting_id=meeting.id,
                    )
                st.session_state["mote_flash"] = ui.text("meeting.status_saved")
                st.rerun()
    if st.button(ui.text("meeting.close"), key="mote_close", type="primary"):
        with ui.guard(), ui.get_store().writing() as w:
            close_meeting(w, viewer, meeting.id)
        st.session_state["mote_flash"] = ui.text("meeting.closed_now")
        st.rerun()
