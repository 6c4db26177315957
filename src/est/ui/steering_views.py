"""Views of the steering figures: the Hotspots page's sections and the alerts box of Lägesbild and Mötesläge.

Reads go through the cache (:func:`est.ui.cache.read`); the figures are :mod:`est.picture.hotspots`,
:mod:`est.picture.alerts` and :mod:`est.picture.patrol`, drawn by :mod:`est.picture.steering_display`.
Which places a viewer sees is decided there (a läsare: areas, never cells), not here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

import streamlit as st

from est.access.auth import Permission, Viewer, require
from est.i18n import Lang
from est.intake.organisations import organisation_options
from est.meeting.meetings import Meeting, list_meetings, meeting_label
from est.meeting.patrol_pdf import patrol_plan_pdf
from est.meeting.patrols import MAX_MINUTES, PlanSummary, list_plans, log_visit, plan_follow_up, save_plan
from est.periods import Period, last_complete_week
from est.picture.alerts import Alerts, find_alerts, find_alerts_for
from est.picture.filters import Filters
from est.picture.hotspots import Hotspots, default_period, find_hotspots_for, reason_text
from est.picture.patrol import PatrolPlan, plan_patrols_for
from est.picture.steering_display import alert_lines, follow_up_table, hotspot_map, hotspot_table, plan_table
from est.picture.time_display import weekday_name
from est.store import Reader
from est.ui.context import read
from est.ui.map import show_legend, show_map
from est.ui.report_views import audited_pdf_button
from est.ui.session import current_lang, guard, text
from est.ui.writes import save_and_rerun

__all__ = [
    "WINDOWS",
    "Window",
    "hotspot_filters",
    "read_alerts",
    "read_hotspots",
    "read_meeting_alerts",
    "read_plan",
    "render_alerts",
    "render_hotspots",
    "render_plan",
    "render_plan_follow_up",
    "render_save_plan",
    "render_visit_log",
    "show_flash",
]

Window = Literal["weeks13", "filter"]
WINDOWS: tuple[Window, ...] = ("weeks13", "filter")
ALERTS_SHOWN = 5


def hotspot_filters(filters: Filters, window: Window, today: date) -> Filters:
    """The filter with the hotspot window: the last 13 complete weeks, or the filter's own period."""
    return filters if window == "filter" else filters.with_period(default_period(today))


def _alerts(reader: Reader, viewer: Viewer, filters: Filters, week: Period, by_category: bool) -> Alerts:
    return find_alerts_for(reader, viewer, filters, week, by_category=by_category)


def _hotspots(reader: Reader, viewer: Viewer, filters: Filters) -> Hotspots:
    return find_hotspots_for(reader, viewer, filters)


def _plan(
    reader: Reader, viewer: Viewer, filters: Filters, today: date, hot_cells: tuple[str, ...] | None
) -> PatrolPlan:
    return plan_patrols_for(reader, viewer, filters, today=today, hot_cells=hot_cells)


def read_alerts(viewer: Viewer, filters: Filters, today: date, *, by_category: bool = True) -> Alerts:
    """The alerts of the last complete week for the filter's categories, sources and areas (cached).

    ``by_category`` False tests each area's total only (the Lägesbild: a third of the time at 1M rows).
    """
    week = last_complete_week(today)
    return read(_alerts, viewer, filters.with_period(week), week, by_category)


def _meeting_alerts(reader: Reader, viewer: Viewer, area_set_id: int, held_on: date) -> Alerts:
    require(viewer, Permission.VIEW_PICTURE)
    week = last_complete_week(held_on)
    return find_alerts(reader, Filters(week), area_set_id, week)


def read_meeting_alerts(viewer: Viewer, area_set_id: int, held_on: date) -> Alerts:
    """The alerts of the last complete week before the meeting, over its area set (cached)."""
    return read(_meeting_alerts, viewer, area_set_id, held_on)


def read_hotspots(viewer: Viewer, filters: Filters) -> Hotspots | None:
    """The hot cells of the filter (cached); None for a viewer who sees areas only (a läsare)."""
    if not viewer.can(Permission.VIEW_HOTSPOTS):
        return None
    return read(_hotspots, viewer, filters)


def read_plan(viewer: Viewer, filters: Filters, today: date, hot: Hotspots | None = None) -> PatrolPlan:
    """Next week's plan at the places ``viewer`` may see (cached): the hot cells shown (``hot``), else areas."""
    cells = tuple(c.id for c in hot.hot) if hot is not None else None
    return read(_plan, viewer, filters, today, cells)


def render_alerts(found: Alerts, *, key: str, area: str | None = None) -> None:
    """The week's alerts in words ("Ovanligt många …"), the first few at once and the rest on request.

    With ``area`` (an area code), only that area's alerts.
    """
    lang = current_lang()
    lines = alert_lines(found, lang, area=area)
    if not lines:
        return
    with st.container(key=key):
        st.warning(
            text("alerts.heading", week=found.week_label)
            + "\n\n"
            + "\n".join(f"- {line}" for line in _escaped(lines[:ALERTS_SHOWN])),
            icon=":material/notifications_active:",
        )
        if len(lines) > ALERTS_SHOWN:
            with st.expander(text("alerts.more", n=len(lines) - ALERTS_SHOWN)):
                st.markdown("\n".join(f"- {line}" for line in _escaped(lines[ALERTS_SHOWN:])))
        st.caption(text("alerts.method"))


def _escaped(lines: list[str]) -> list[str]:
    from est.ui.markdown import escape_markdown

    return [escape_markdown(line) for line in lines]


def render_hotspots(viewer: Viewer, found: Hotspots | None, shapes: dict[str, Any], basemap: Any) -> None:
    """The hot cells on a map with the area outlines, its legend and table, or why there are none."""
    lang = current_lang()
    st.subheader(text("hotspots.title"))
    if found is None or not viewer.can(Permission.VIEW_HOTSPOTS):
        st.info(text("hotspots.areas_only"))
        return
    st.caption(
        text(
            "hotspots.summary",
            start=found.period.start.isoformat(),
            end=found.period.last_day.isoformat(),
            n=found.incidents,
            hot=len(found.hot),
            cells=len(found.cells),
        )
    )
    if found.area_only:
        st.caption(text("hotspots.area_only", n=found.area_only))
    reason = reason_text(found, lang)
    if reason:
        st.info(reason)
        return
    view = hotspot_map(shapes, found, lang, basemap=basemap)
    show_map(view.map, key="hotspots_map", height=520)
    show_legend(view.legend_title, view.legend)
    with st.expander(text("analysis.show_table"), icon=":material/table:"):
        st.caption(text("hotspots.table_alt"))
        st.dataframe(hotspot_table(found, lang), hide_index=True, width="stretch")
    st.caption(text("hotspots.method"))


def render_plan(viewer: Viewer, plan: PatrolPlan, today: date, categories: tuple[str, ...]) -> None:
    """Next week's visit windows, the advice and the printable plan (an audited download)."""
    lang = current_lang()
    st.subheader(text("patrol.heading"))
    st.caption(
        text("patrol.based_on", start=plan.date_from.isoformat(), end=plan.date_to.isoformat())
        + " "
        + text("patrol.by_cells" if any(s.place.cell for s in plan.slots) else "patrol.by_areas")
    )
    if not plan.slots:
        st.info(text("patrol.empty"))
        return
    st.dataframe(plan_table(plan, lang), hide_index=True, width="stretch", key="hotspots_plan")
    st.markdown(f"**{text('patrol.advice_heading')}** {text('patrol.advice')}")
    audited_pdf_button(
        st,
        viewer,
        text("patrol.download"),
        target="pdf:patrullplan",
        detail={"report": "patrullplan", "format": "pdf", "slots": len(plan.slots), "categories": list(categories)},
        build=lambda _reader: (patrol_plan_pdf(plan, today, lang, categories=categories), len(plan.slots)),
        file_name=f"patrullplan-{today}.pdf",
        key="hotspots_plan_pdf",
    )


_HOTSPOTS_FLASH = "hotspots_flash"
_VISIT_FLASH = "faltrapport_visit_flash"


def show_flash(key: str) -> None:
    """The message a save left for this run (once)."""
    if message := st.session_state.pop(key, None):
        st.success(message)


def render_save_plan(
    viewer: Viewer, plan: PatrolPlan, area_set_id: int, today: date, categories: tuple[str, ...]
) -> None:
    """Save the plan shown to an open meeting of the set (for ``MANAGE_MEETINGS``), as next week's action."""
    show_flash(_HOTSPOTS_FLASH)
    if not viewer.can(Permission.MANAGE_MEETINGS) or not plan.slots:
        return
    lang = current_lang()
    with guard():
        meetings = [m for m in read(list_meetings, area_set_id) if not m.is_closed]
        orgs = read(organisation_options)
    if not meetings or not orgs:
        st.caption(text("patrol.no_open_meeting"))
        return
    by_id = {m.id: m for m in meetings}
    names = {int(o.value): o.label(lang) for o in orgs}
    with st.form("hotspots_save_plan"):
        meeting = st.selectbox(
            text("actions.meeting"), list(by_id), format_func=lambda i: meeting_label(by_id[i], lang)
        )
        owner = st.selectbox(text("actions.owner"), list(names), format_func=lambda i: names[i])
        if st.form_submit_button(text("patrol.save")):
            save_and_rerun(
                _HOTSPOTS_FLASH,
                "patrol.saved",
                lambda w: save_plan(
                    w,
                    viewer,
                    plan,
                    area_set_id=area_set_id,
                    meeting_id=int(meeting),
                    owner_organisation_id=int(owner),
                    today=today,
                    categories=categories,
                ),
            )


def _windows(reader: Reader, from_week: date) -> list[dict[str, Any]]:
    """The windows of the plans for ``from_week`` and later: plan id, week, rank, place, weekday and hours."""
    return [
        {"plan": plan.id, "week": plan.week_label, **{str(k): v for k, v in row.items()}}
        for plan in list_plans(reader, from_week=from_week)
        for row in plan_follow_up(reader, plan.id).to_dict("records")
    ]


def render_visit_log(viewer: Viewer, now: datetime) -> None:
    """On the quick-report page: log a visit to a window of this or last week's saved plans (phone-friendly)."""
    lang = current_lang()
    monday = now.date() - timedelta(days=now.isoweekday() - 1)
    with guard():
        windows = read(_windows, monday - timedelta(days=7))
    show_flash(_VISIT_FLASH)
    if not windows:
        return
    labels = {(int(w["plan"]), int(w["rank"])): _window_label(w, lang) for w in windows}
    with st.expander(text("patrol.visit_heading"), icon=":material/directions_walk:"), st.form("faltrapport_visit"):
        chosen = st.selectbox(text("patrol.window"), list(labels), format_func=lambda k: labels[k])
        day = st.date_input(text("patrol.visit_day"), value=now.date(), format="YYYY-MM-DD")
        at = st.time_input(text("patrol.visit_time"), value=now.time().replace(second=0, microsecond=0))
        minutes = st.number_input(text("patrol.minutes"), min_value=1, max_value=MAX_MINUTES, value=15, step=5)
        note = st.text_input(text("patrol.note"), help=text("meeting.free_text_help"))
        if st.form_submit_button(text("patrol.log"), width="stretch"):
            plan_id, rank = chosen
            save_and_rerun(
                _VISIT_FLASH,
                "patrol.visit_logged",
                lambda w: log_visit(w, viewer, plan_id, rank, datetime.combine(day, at), int(minutes), note),
            )


def _window_label(window: dict[str, Any], lang: Lang) -> str:
    """``2026-W49 · Alfa · fredag 21–24``."""
    day = weekday_name(int(window["weekday"]), lang)
    return f"{window['week']} · {window['label']} · {day} {int(window['hour_from']):02d}–{int(window['hour_to']):02d}"


def render_plan_follow_up(meeting: Meeting) -> None:
    """On the meeting screen: the plans saved to it or planned for its period, windows against visits made."""
    lang = current_lang()
    with guard():
        plans = read(list_plans_of_meeting, meeting.id, meeting.period)
    for plan in plans:
        with guard():
            follow = read(plan_follow_up, plan.id)
        with st.expander(
            text("patrol.follow_up", week=plan.week_label, done=int((follow["done"] > 0).sum()), windows=plan.windows)
        ):
            st.dataframe(follow_up_table(follow, lang), hide_index=True, width="stretch")


def list_plans_of_meeting(reader: Reader, meeting_id: int, period: Period) -> list[PlanSummary]:
    """:func:`est.meeting.patrols.list_plans` of one meeting and its period (positional, for the read cache)."""
    return list_plans(reader, meeting_id=meeting_id, weeks_in=period)
