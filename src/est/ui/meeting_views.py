"""Meeting mode and the action register: the forms and screens of ``pages/mote.py`` and ``pages/atgarder.py``.

Rendering only. The rules (meeting periods, area status, who may write, which actions an evaluation can
judge) live in :mod:`est.meeting.meetings`, :mod:`est.meeting.actions` and
:mod:`est.meeting.evaluation`; these functions lay out the widgets, call those domain functions and
write in one short transaction per click, then leave a message for the next run (``<page>_flash`` in
the session state) and rerun.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

import streamlit as st

from est.access.auth import Viewer
from est.areas.sets import AreaSet, list_areas
from est.i18n import Lang
from est.intake.organisations import organisation_options
from est.meeting.actions import (
    ACTION_TYPES,
    STATUSES,
    NewAction,
    action_label,
    actions_for_display,
    add_focus_area,
    create_action,
    list_focus_areas,
    progress_for_display,
    set_status,
)
from est.meeting.evaluation import DEFAULT_WINDOW_DAYS, evaluate_action
from est.meeting.meetings import (
    STATUS_CODES,
    Meeting,
    MeetingView,
    actions_table,
    area_status_history,
    areas_table,
    attention_order,
    categories_table,
    close_meeting,
    count_text,
    create_meeting,
    list_meetings,
    map_image,
    meeting_label,
    meeting_view,
    minutes_text,
    previous_meeting,
    refresh_seconds,
    set_area_status,
    status_history_table,
    status_label,
)
from est.meeting.status_map import status_map_svg
from est.periods import Period, local_today
from est.picture.filter_options import category_options
from est.ui.cache import page_read_session
from est.ui.context import read
from est.ui.markdown import escape_markdown
from est.ui.session import current_lang, guard, text
from est.ui.writes import flash_and_rerun, save_and_rerun, write_now

if TYPE_CHECKING:
    import pandas as pd


__all__ = [
    "apply_projector_style",
    "as_of_text",
    "choose_action_area_set",
    "choose_meeting",
    "render_action_evaluation",
    "render_action_register",
    "render_area_status_form",
    "render_close_button",
    "render_focus_area_form",
    "render_follow_up_form",
    "render_meeting_action_form",
    "render_meeting_screen",
    "render_new_action_form",
    "render_new_meeting_form",
    "render_screen_nav",
    "render_status_history",
]

T = TypeVar("T")

# Projector-friendly: large metrics and text. A constant (no user text), so unsafe HTML is safe here.
_PROJECTOR_CSS = (
    "<style>[data-testid='stMetricValue']{font-size:3.2rem}[data-testid='stMetricLabel'] p{font-size:1.3rem}"
    ".stMarkdown p,.stMarkdown li{font-size:1.25rem}</style>"
)
_MEETING_FLASH = "mote_flash"
#: The markdown background of each status on the screen (with the status's shape and word, never alone).
_STATUS_BACKGROUNDS = {"gron": "green", "gul": "yellow", "rod": "red"}
#: Above this many areas the overview table scrolls inside a fixed height (pixels).
_TABLE_ROWS = 40
_TABLE_HEIGHT = 640
_ACTIONS_FLASH = "atgarder_flash"


def as_of_text(view: MeetingView) -> str:
    """When the newest data in ``view`` was imported, to the minute (``–`` when there is none).

    Parameters
    ----------
    view
        A live or frozen meeting view (or the picture view of the reports page).

    Returns
    -------
    str
        ``YYYY-MM-DD HH:MM`` or ``–``.
    """
    return minutes_text(view.data_as_of)


# Meeting mode (pages/mote.py)


def apply_projector_style() -> None:
    """Enlarge metrics and text so the meeting screen reads well on a projector."""
    st.markdown(_PROJECTOR_CSS, unsafe_allow_html=True)


def render_new_meeting_form(viewer: Viewer, sets: list[AreaSet], *, expanded: bool) -> None:
    """Render the "new meeting" form; on submit create the meeting and open its first screen.

    Parameters
    ----------
    viewer
        Who creates the meeting (``create_meeting`` checks the permission).
    sets
        The area sets to choose from (not empty).
    expanded
        Whether the expander starts open (when there is no meeting yet).
    """
    lang = current_lang()
    names = {s.id: s.name for s in sets}
    with st.expander(text("meeting.new"), expanded=expanded), st.form("mote_new"):
        held_on = st.date_input(text("meeting.held_on"), value=local_today(), key="mote_new_date")
        set_id = st.selectbox(text("filter.area_set"), list(names), format_func=lambda i: names[i])
        title = st.text_input(text("meeting.name"), key="mote_new_title", help=text("meeting.free_text_help"))
        orgs = read(organisation_options)
        present = st.multiselect(
            text("meeting.participants"),
            [o.label(lang) for o in orgs],
            placeholder=text("common.choose"),
            key="mote_new_orgs",
        )
        if st.form_submit_button(text("meeting.create")) and isinstance(held_on, date):
            new_id = write_now(
                lambda w: create_meeting(
                    w, viewer, held_on=held_on, area_set_id=int(set_id), participants=tuple(present), title=title
                )
            )
            st.query_params.update({"meeting": str(new_id), "screen": "0"})
            flash_and_rerun(_MEETING_FLASH, "meeting.created")


def choose_meeting(meetings: list[Meeting]) -> Meeting:
    """The meeting named by ``?meeting=`` (else the newest), with a selector that switches the URL to another.

    Parameters
    ----------
    meetings
        The meetings, newest first (not empty).

    Returns
    -------
    Meeting
        The meeting to show; choosing another one sets ``?meeting=<id>&screen=0`` and reruns.
    """
    lang = current_lang()
    by_id = {m.id: m for m in meetings}
    wanted = int(st.query_params.get("meeting", meetings[0].id))
    meeting = by_id.get(wanted, meetings[0])
    chosen = st.selectbox(
        text("meeting.choose"),
        list(by_id),
        index=list(by_id).index(meeting.id),
        format_func=lambda i: meeting_label(by_id[i], lang),
        key=f"mote_choose_{meeting.id}",
    )
    if chosen != meeting.id:
        st.query_params.update({"meeting": str(chosen), "screen": "0"})
        st.rerun()
    if st.query_params.get("meeting") != str(meeting.id):
        st.query_params["meeting"] = str(meeting.id)  # the address names the meeting shown, so it can be shared
    return meeting


def render_screen_nav(areas: list[dict[str, Any]]) -> int:
    """Render previous/next (← and → keys) around a picker that jumps to any area; return the screen in ``?screen=``.

    Parameters
    ----------
    areas
        The areas the meeting goes through, in screen order (:attr:`MeetingView.areas`).

    Returns
    -------
    int
        0 for the overview, ``n`` for the n:th area (clamped to ``0…len(areas)``).
    """
    lang = current_lang()
    last = len(areas)
    screen = min(max(int(st.query_params.get("screen", 0) or 0), 0), last)
    if st.query_params.get("screen") != str(screen):
        st.query_params["screen"] = str(screen)
    choices = [text("meeting.overview"), *(f"{a['name']} · {status_label(a['status'], lang)}" for a in areas)]
    nav = st.columns([1, 3, 1], vertical_alignment="center")
    if nav[0].button(text("meeting.prev"), shortcut="Left", key="mote_prev", disabled=screen == 0):
        st.query_params["screen"] = str(screen - 1)
        st.rerun()
    chosen = nav[1].selectbox(
        text("meeting.jump"),
        range(last + 1),
        index=screen,
        format_func=lambda i: choices[i],
        key=f"mote_jump_{screen}",
        label_visibility="collapsed",
    )
    if chosen != screen:
        st.query_params["screen"] = str(chosen)
        st.rerun()
    if nav[2].button(text("meeting.next"), shortcut="Right", key="mote_next", disabled=screen == last):
        st.query_params["screen"] = str(screen + 1)
        st.rerun()
    st.caption(text("meeting.keys"))
    return screen


def render_meeting_screen(meeting: Meeting, screen: int) -> None:
    """Render the overview (screen 0) or one area, re-read every few seconds while the meeting is open.

    Parameters
    ----------
    meeting
        The meeting shown; a closed one shows its frozen record and does not refresh.
    screen
        0 for the overview, ``n`` for the n:th area.
    """
    run_every = None if meeting.is_closed else refresh_seconds()
    with guard():
        before = read(previous_meeting, meeting)
    st.fragment(show_screen_in_session, run_every=run_every)(meeting.id, screen, _period_heading(meeting, before))


def _period_heading(meeting: Meeting, before: Meeting | None) -> str:
    """What the meeting's period is: since the previous meeting, the first meeting's last days, or just the dates.

    "Since the last meeting" only when there is one and the period starts on its date (the default);
    the first meeting's default period is the days before it.
    """
    start, end = meeting.period.start.isoformat(), meeting.period.last_day.isoformat()
    if before is not None and meeting.period.start == before.held_on:
        return text("meeting.since_last", start=start, end=end)
    if before is None and meeting.period.end == meeting.held_on:
        return text("meeting.first", days=meeting.period.days, start=start, end=end)
    return text("meeting.period", start=start, end=end)


def show_screen_in_session(meeting_id: int, screen: int, heading: str) -> None:
    """One run of the meeting screen's fragment: its reads share one connection and one shared lock.

    The fragment's timed reruns do not pass through ``app.py``'s page read session, so the fragment opens
    its own (inside a full page run it joins the page's): a writer gets in between refreshes, not between
    the refresh's reads.
    """
    with page_read_session():
        _show_screen(meeting_id, screen, heading)


def _show_screen(meeting_id: int, screen: int, heading: str) -> None:
    lang = current_lang()
    with guard():
        shown = read(meeting_view, meeting_id)
    as_of = as_of_text(shown)
    if shown.frozen:
        st.info(text("meeting.frozen", when=minutes_text(shown.generated_at), as_of=as_of))
    else:
        st.caption(text("meeting.live", as_of=as_of))
    st.subheader(heading)
    if shown.participants:
        # typed names: st.caption renders markdown, so they are escaped to show as typed
        st.caption(text("report.participants", names=", ".join(escape_markdown(p) for p in shown.participants)))
    if screen == 0:
        _show_overview(shown, meeting_id, lang)
    else:
        _show_area(shown, screen, lang)


def _no_comparison(shown: MeetingView) -> str:
    """Why a meeting has no "before" figure: its previous period starts before the first stored incident."""
    start, last = date.fromisoformat(shown.period_from), date.fromisoformat(shown.period_to)
    before = Period(start, last + timedelta(days=1)).previous()
    return text("analysis.no_comparison.previous", period=f"{before.start} – {before.last_day}")


def _status_badge(status: str | None, lang: Lang) -> str:
    """The status as markdown: its shape and word in bold on its colour (``Ingen status`` plain)."""
    colour = _STATUS_BACKGROUNDS.get(status or "")
    label = status_label(status, lang)
    return f":{colour}-background[**{label}**]" if colour else label


def _overview_table(shown: MeetingView, lang: Lang) -> pd.DataFrame:
    """:func:`areas_table` by attention, as markdown for ``st.table``: names and reasons escaped, statuses coloured."""
    table = areas_table(shown, lang, by_attention=True)
    for column in (text("common.area"), text("meeting.reason")):
        table[column] = table[column].map(escape_markdown)  # typed or from files; st.table renders markdown
    table[text("meeting.status")] = [_status_badge(a["status"], lang) for a in attention_order(shown.areas)]
    return table


def _show_overview(shown: MeetingView, meeting_id: int, lang: Lang) -> None:
    cols = st.columns(4)
    change = None if shown.total is None or shown.previous_total is None else shown.total - shown.previous_total
    cols[0].metric(text("meeting.total"), shown.total, change, "inverse")
    cols[1].metric(
        text("meeting.previous_total"),
        count_text(shown.previous_total, shown, lang, kind="previous"),
        help=None if shown.compared else _no_comparison(shown),
    )
    cols[2].metric(text("meeting.overdue"), len(shown.overdue))
    late_help = (
        text("meeting.late_help", start=shown.late_period[0], end=shown.late_period[1]) if shown.late_period else None
    )
    cols[3].metric(text("meeting.late"), shown.late_total, help=late_help)
    # Full width, every column in view at 1366 px; long reasons wrap (st.table is plain HTML, not a canvas).
    st.caption(text("meeting.attention_order"))
    table = _overview_table(shown, lang)
    if len(shown.areas) > _TABLE_ROWS:
        st.table(table, hide_index=True, width="stretch", height=_TABLE_HEIGHT)
    else:
        st.table(table, hide_index=True, width="stretch")
    by_status, by_count = st.tabs([text("meeting.map_title"), text("meeting.map_counts")])
    # An SVG image: drawn as an <img>, so nothing in it can run (and every name in it is escaped anyway).
    by_status.image(status_map_svg(shown, lang), width="stretch")
    by_count.image(read(map_image, meeting_id), caption=text("meeting.map_image") if shown.frozen else None)
    if shown.overdue:
        st.markdown(f"### {text('meeting.overdue')}")
        st.dataframe(actions_table(shown.overdue, lang), hide_index=True, width="stretch", key="mote_overdue")


def _show_area(shown: MeetingView, screen: int, lang: Lang) -> None:
    area = shown.areas[screen - 1]
    # area names come from files, and st.header renders markdown
    st.header(f"{escape_markdown(area['name'])} · {text('meeting.screen', n=screen, total=len(shown.areas))}")
    cols = st.columns(3)
    cols[0].metric(text("meeting.total"), area["count"], area["change"], "inverse")
    cols[1].metric(
        text("meeting.previous_total"),
        count_text(area["previous"], shown, lang, kind="previous"),
        help=None if shown.compared else _no_comparison(shown),
    )
    cols[2].metric(text("meeting.status"), status_label(area["status"], lang))
    if area["status"]:
        reason = escape_markdown(area["status_reason"] or "")  # typed at the meeting; markdown renders it
        st.markdown(f"{_status_badge(area['status'], lang)} **{text('meeting.reason')}:** {reason}")
    if area["late"]:
        st.warning(text("meeting.late_area", n=area["late"]))
    left, _right = st.columns(2)
    left.markdown(f"**{text('meeting.categories')}**")
    left.dataframe(categories_table(area, lang), hide_index=True, width="stretch", key="mote_categories")
    for title, key in (("meeting.overdue", "overdue"), ("meeting.open_actions", "open_actions")):
        if area[key]:  # full width: all six columns in view at 1366 px
            st.markdown(f"**{text(title)}**")
            st.dataframe(actions_table(area[key], lang), hide_index=True, width="stretch", key=f"mote_{key}")


def render_status_history(area_set_id: int, area: dict[str, Any]) -> None:
    """Render an expander with every status the area has had (who set it, when and why).

    Parameters
    ----------
    area_set_id
        The meeting's area set.
    area
        The area's entry in :attr:`MeetingView.areas`.
    """
    with st.expander(text("meeting.history")), guard():
        history = read(area_status_history, area_set_id, area["code"])
        st.dataframe(
            status_history_table(history, current_lang()), hide_index=True, width="stretch", key="mote_history"
        )


def render_area_status_form(viewer: Viewer, meeting_id: int, area_set_id: int, area: dict[str, Any]) -> None:
    """Render the grön/gul/röd form for one area; on submit save the status with its reason.

    Parameters
    ----------
    viewer
        Who sets the status (``set_area_status`` checks the permission).
    meeting_id
        The open meeting the status is set at.
    area_set_id
        The meeting's area set.
    area
        The area's entry in :attr:`MeetingView.areas`.
    """
    lang = current_lang()
    code = area["code"]
    with st.form(f"mote_status_{code}"):
        status = st.radio(
            text("meeting.status"), STATUS_CODES, format_func=lambda s: status_label(s, lang), horizontal=True
        )
        reason = st.text_input(text("meeting.reason"), key=f"mote_reason_{code}", help=text("meeting.free_text_help"))
        if st.form_submit_button(text("meeting.set_status")):
            save_and_rerun(
                _MEETING_FLASH,
                "meeting.status_saved",
                lambda w: set_area_status(
                    w,
                    viewer,
                    area_set_id=area_set_id,
                    area_code=code,
                    status=str(status),
                    reason=reason,
                    meeting_id=meeting_id,
                ),
            )


def render_meeting_action_form(viewer: Viewer, meeting: Meeting, area: dict[str, Any] | None) -> None:
    """Render the "new action" form of the meeting screen: decided at this meeting, for this area's screen.

    The same form and domain function as the Åtgärder page (:func:`render_new_action_form`,
    ``create_action``: the permission check and the masking of personal data included).

    Parameters
    ----------
    viewer
        Who registers it.
    meeting
        The open meeting shown (the action is tied to it).
    area
        The area whose screen is shown, or None on the overview (then the area is chosen in the form).
    """
    with guard():
        focus = read(list_focus_areas)
    render_new_action_form(
        viewer,
        meeting.area_set_id,
        focus,
        local_today(),
        expanded=False,
        key="mote_action",
        area=area,
        meeting_id=meeting.id,
        flash_key=_MEETING_FLASH,
    )


def render_close_button(viewer: Viewer, meeting_id: int) -> None:
    """Render the closing step: what closing means, a box to tick, and the button that closes (freezes) it.

    Closing cannot be undone (the frozen record is written once), so the button only works once the box
    saying so is ticked.

    Parameters
    ----------
    viewer
        Who closes it (``close_meeting`` checks the permission).
    meeting_id
        The open meeting.
    """
    st.caption(text("meeting.close_explained"))
    sure = st.checkbox(text("meeting.close_confirm"), key=f"mote_close_confirm_{meeting_id}")
    if st.button(text("meeting.close"), key="mote_close", type="primary", disabled=not sure) and sure:
        save_and_rerun(_MEETING_FLASH, "meeting.closed_now", lambda w: close_meeting(w, viewer, meeting_id))


# The action register (pages/atgarder.py)


def choose_action_area_set(sets: list[AreaSet]) -> int:
    """Render the area-set selector of the action register and return the chosen set's id.

    Parameters
    ----------
    sets
        The area sets (not empty).

    Returns
    -------
    int
        The chosen area set's id.
    """
    names = {s.id: s.name for s in sets}
    return st.selectbox(text("filter.area_set"), list(names), format_func=lambda i: names[i], key="atgarder_set")


def render_action_register(actions: pd.DataFrame, progress: pd.DataFrame, today: date) -> None:
    """Render the actions table (overdue ones marked) and the progress per focus area.

    Parameters
    ----------
    actions
        :func:`est.meeting.actions.list_actions` of the chosen set.
    progress
        :func:`est.meeting.actions.focus_area_progress`.
    today
        The date overdue is measured against.
    """
    lang = current_lang()
    if actions.empty:
        st.info(text("actions.empty"))
    else:
        st.dataframe(actions_for_display(actions, lang, today), hide_index=True, width="stretch", key="atgarder_table")
    if not progress.empty:
        st.subheader(text("actions.progress"))
        st.dataframe(progress_for_display(progress, lang), hide_index=True, width="stretch", key="atgarder_progress")


def render_new_action_form(
    viewer: Viewer,
    set_id: int,
    focus: pd.DataFrame,
    today: date,
    *,
    expanded: bool,
    key: str = "atgarder",
    area: dict[str, Any] | None = None,
    meeting_id: int | None = None,
    flash_key: str = _ACTIONS_FLASH,
) -> None:
    """Render the "new action" form; on submit create the action (``create_action`` masks its free text).

    Parameters
    ----------
    viewer
        Who creates it (``create_action`` checks the permission).
    set_id
        The area set the action's area belongs to.
    focus
        :func:`est.meeting.actions.list_focus_areas`.
    today
        Default start (due two weeks later).
    expanded
        Whether the expander starts open (when the register is empty).
    key
        The page's prefix of the form's widget keys (``atgarder``, ``mote_action``).
    area
        The area the action is for (the meeting's area screen): no area to choose.
    meeting_id
        The meeting that decides it (the meeting screen): no meeting to choose.
    flash_key
        Where the success message waits for the next run (the page's ``<page>_flash``).
    """
    lang = current_lang()
    areas = read(list_areas, set_id)
    orgs = read(organisation_options)
    categories = read(category_options)
    meetings = {m.id: m for m in read(list_meetings, set_id)}
    focus_names = dict(zip(focus["id"], focus["name"], strict=True))
    owner_labels = {o.value: o.label(lang) for o in orgs}
    none = text("actions.none_option")
    # an area name comes from a file, and an expander's label renders markdown
    title = text("meeting.new_action_for", area=escape_markdown(area["name"])) if area else text("actions.new")
    with st.expander(title, expanded=expanded), st.form(f"{key}_new"):
        if area is None:
            area_names = dict(zip(areas["code"], areas["name"], strict=True))
            chosen_area = st.selectbox(
                text("common.area"), list(area_names), format_func=lambda c: area_names[c], key=f"{key}_area"
            )
        else:
            chosen_area = area["code"]
        kind = st.selectbox(
            text("actions.type"), ACTION_TYPES, format_func=lambda c: text(f"actions.type.{c}"), key=f"{key}_type"
        )
        what = st.text_input(text("actions.what"), key=f"{key}_what", help=text("meeting.free_text_help"))
        owner = st.selectbox(
            text("actions.owner"),
            [o.value for o in orgs],
            key=f"{key}_owner",
            format_func=lambda v: owner_labels[v],
        )
        start = st.date_input(text("actions.start_on"), value=today, key=f"{key}_start")
        due = st.date_input(text("actions.due_on"), value=today + timedelta(days=14), key=f"{key}_due")
        place = st.text_input(text("actions.place"), key=f"{key}_place", help=text("meeting.free_text_help"))
        category = st.selectbox(
            text("actions.category"),
            ["", *[c.value for c in categories]],
            key=f"{key}_cat",
            format_func=lambda v: {c.value: c.label(lang) for c in categories}.get(v, none),
        )
        meeting = meeting_id or st.selectbox(
            text("actions.meeting"),
            [0, *meetings],
            key=f"{key}_meeting",
            format_func=lambda i: none if not i else meeting_label(meetings[i], lang),
        )
        focus_id = st.selectbox(
            text("actions.focus_area"),
            [0, *focus_names],
            key=f"{key}_focus",
            format_func=lambda i: focus_names.get(i, none),
        )
        in_plan = st.checkbox(text("actions.in_plan"), key=f"{key}_in_plan")
        if st.form_submit_button(text("actions.create")):
            if owner is None:
                st.error(text("actions.no_orgs"))
                st.stop()
            new = NewAction(
                set_id,
                str(chosen_area),
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
            save_and_rerun(flash_key, "actions.created", lambda w: create_action(w, viewer, new))


def _choose_action(actions: pd.DataFrame, key: str) -> int:
    """A selector over the rows of ``actions`` (``#12 Klottersanering · Centrum · …``); the chosen id."""
    lang = current_lang()
    rows = {int(r["id"]): r for r in cast("list[dict[str, Any]]", actions.to_dict("records"))}
    return st.selectbox(text("actions.choose"), list(rows), key=key, format_func=lambda i: action_label(rows[i], lang))


def render_follow_up_form(viewer: Viewer, actions: pd.DataFrame, today: date) -> None:
    """Render the follow-up form: a new status and a note for one action, dated ``today``.

    Parameters
    ----------
    viewer
        Who follows up (``set_status`` checks the permission).
    actions
        The actions to choose from (not empty).
    today
        The date of the follow-up (and the finish date of a finished action).
    """
    with st.expander(text("actions.follow_up")), st.form("atgarder_follow"):
        chosen = _choose_action(actions, "atgarder_follow_action")
        status = st.selectbox(
            text("actions.status"),
            STATUSES,
            key="atgarder_follow_status",
            format_func=lambda s: text(f"actions.status.{s}"),
        )
        note = st.text_area(text("actions.note"), key="atgarder_follow_note", help=text("meeting.free_text_help"))
        if st.form_submit_button(text("actions.save_follow_up")):
            save_and_rerun(
                _ACTIONS_FLASH,
                "actions.saved",
                lambda w: set_status(w, viewer, int(chosen), str(status), on=today, note=note),
            )


def render_focus_area_form(viewer: Viewer, today: date) -> None:
    """Render the form that adds a medborgarlöfte focus area for ``today``'s year.

    Parameters
    ----------
    viewer
        Who adds it (``add_focus_area`` checks the permission).
    today
        Gives the focus area's year.
    """
    with st.expander(text("actions.add_focus")), st.form("atgarder_focus_new"):
        name = st.text_input(text("actions.new_focus"), key="atgarder_focus_name", help=text("meeting.free_text_help"))
        if st.form_submit_button(text("actions.add_focus")):
            save_and_rerun(_ACTIONS_FLASH, "actions.saved", lambda w: add_focus_area(w, viewer, name, today.year))


def render_action_evaluation(finished: pd.DataFrame, today: date) -> None:
    """Render the before/after evaluation of one finished action (nothing when none is finished).

    Parameters
    ----------
    finished
        :func:`est.meeting.actions.finished_actions` of the register.
    today
        The evaluation date (the "after" window ends here).
    """
    if finished.empty:
        return
    st.subheader(text("actions.evaluation"))
    chosen = _choose_action(finished, "atgarder_eval")
    with guard():
        result = read(evaluate_action, chosen, today, DEFAULT_WINDOW_DAYS, current_lang())
    st.write(result.text)
