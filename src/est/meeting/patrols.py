"""Follow-up of patrol and walk plans: a plan saved to a meeting, the visits made, planned against done.

Who calls it: the Hotspots page (save the plan shown), the quick-report page (log a visit from a phone) and
the meeting screen (planned against done). A saved plan is also registered as an action of the meeting
(type ``patrull``, for the area of its best window, running over the planned week), so the before/after
evaluation of actions (:mod:`est.meeting.evaluation`) evaluates a plan as it evaluates any action, and the
action register lists it.

A visit counts as done for a window when it is logged for that window and falls on the window's weekday
and hours in the planned week; visits at other times are kept and counted as "other times".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pandas as pd

from est.access.auth import Permission, Viewer, require
from est.access.privacy import mask_text
from est.errors import EstError
from est.meeting.actions import NewAction, create_action
from est.periods import TIMEZONE, Period, next_week
from est.picture.patrol import PatrolPlan

if TYPE_CHECKING:
    from est.store import Reader, Writer

__all__ = ["MAX_MINUTES", "PlanSummary", "list_plans", "log_visit", "plan_follow_up", "save_plan"]

MAX_MINUTES = 240
#: A visit (local time ``v.t``) in its window ``s`` of the planned week.
_IN_WINDOW = (
    "isodow(v.t) = s.weekday AND hour(v.t) >= s.hour_from AND hour(v.t) < s.hour_to "
    "AND v.t >= v.week_start AND v.t < v.week_start + INTERVAL 7 DAY"
)
_MAX_NOTE = 500


@dataclass(frozen=True)
class PlanSummary:
    """A saved plan: its id, the meeting and week it is for, its windows, and visits logged so far."""

    id: int
    meeting_id: int | None
    week_start: date
    windows: int
    visits: int

    @property
    def week_label(self) -> str:
        """``2026-W50``."""
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


def save_plan(
    writer: Writer,
    viewer: Viewer,
    plan: PatrolPlan,
    *,
    area_set_id: int,
    meeting_id: int,
    owner_organisation_id: int,
    today: date,
    categories: tuple[str, ...] = (),
) -> int:
    """Save ``plan`` to the meeting for the ISO week after ``today``, and register it as the meeting's action.

    Raises
    ------
    PermissionDeniedError
        When ``viewer`` may not manage meetings.
    EstError
        When the plan has no window, or the meeting or organisation does not exist.
    """
    require(viewer, Permission.MANAGE_MEETINGS)
    if not plan.slots:
        raise EstError(
            "the plan has no visit window: there were no incidents in its history; choose more weeks or categories",
            sv="planen har inget besöksfönster: inga händelser under underlagsperioden; "
            "välj fler veckor eller kategorier",
        )
    planned = next_week(today)
    week_start = planned.start
    best = plan.slots[0].place
    area = best.area or str(writer.value("SELECT min(code) FROM areas WHERE area_set_id = ?", [area_set_id]))
    year, week, _ = week_start.isocalendar()
    action_id = create_action(
        writer,
        viewer,
        NewAction(
            area_set_id,
            area,
            "patrull",
            f"Patrull- och vandringsplan vecka {week} {year}: {len(plan.slots)} besöksfönster, först {best.label}",
            owner_organisation_id,
            week_start,
            planned.last_day,
            meeting_id=meeting_id,
            category_code=categories[0] if len(categories) == 1 else None,
        ),
    )
    plan_id = writer.insert(
        "patrol_plans",
        {
            "meeting_id": meeting_id,
            "action_id": action_id,
            "area_set_id": area_set_id,
            "week_start": week_start,
            "history_from": plan.date_from,
            "history_to": plan.date_to,
            "categories": ",".join(categories),
            "created_by": viewer.user,
        },
    )
    writer.executemany(
        "INSERT INTO patrol_slots (plan_id, rank, cell, area_code, label, lat, lon, weekday, hour_from, hour_to, "
        "expected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                plan_id,
                rank,
                s.place.cell,
                s.place.area,
                s.place.label,
                s.place.lat,
                s.place.lon,
                s.weekday,
                s.hour_from,
                s.hour_to,
                s.expected,
            ]
            for rank, s in enumerate(plan.slots, start=1)
        ],
    )
    return plan_id


def log_visit(
    writer: Writer,
    viewer: Viewer,
    plan_id: int,
    slot_rank: int,
    visited_at: datetime,
    minutes: int,
    note: str | None = None,
) -> int:
    """Log one visit to a window of a saved plan (who: the viewer's organisation; the note masked).

    Raises
    ------
    PermissionDeniedError
        When ``viewer`` may not report (``IMPORT``).
    EstError
        When the window is not in the plan, the time is in the future, or the minutes are not 1–240.
    """
    require(viewer, Permission.IMPORT)
    if not writer.value("SELECT count(*) FROM patrol_slots WHERE plan_id = ? AND rank = ?", [plan_id, slot_rank]):
        raise EstError(
            f"plan {plan_id} has no visit window {slot_rank}; choose one of the plan's windows",
            sv=f"planen {plan_id} har inget besöksfönster {slot_rank}; välj ett av planens fönster",
        )
    if not 1 <= minutes <= MAX_MINUTES:
        raise EstError(
            f"a visit of {minutes} minutes cannot be logged; give 1 to {MAX_MINUTES} minutes",
            sv=f"ett besök på {minutes} minuter kan inte loggas; ange 1 till {MAX_MINUTES} minuter",
        )
    local = visited_at if visited_at.tzinfo else visited_at.replace(tzinfo=ZoneInfo(TIMEZONE))
    if local > datetime.now(ZoneInfo(TIMEZONE)) + timedelta(minutes=5):
        raise EstError(
            f"the visit time {local:%Y-%m-%d %H:%M} is in the future; log a visit once it is made",
            sv=f"besökstiden {local:%Y-%m-%d %H:%M} ligger i framtiden; logga besöket när det är gjort",
        )
    text = (note or "").strip()[:_MAX_NOTE]
    return writer.insert(
        "patrol_visits",
        {
            "plan_id": plan_id,
            "slot_rank": slot_rank,
            "visited_at": local,
            "minutes": minutes,
            "organisation_id": viewer.organisation_id,
            "note": mask_text(text).text if text else None,
            "created_by": viewer.user,
        },
    )


def list_plans(
    reader: Reader, *, meeting_id: int | None = None, from_week: date | None = None, weeks_in: Period | None = None
) -> list[PlanSummary]:
    """Saved plans, newest week first: of one meeting, or for weeks from ``from_week`` on (the active ones).

    With ``meeting_id`` and ``weeks_in`` (the meeting's period): the meeting's plans and those planned for
    weeks in its period, whichever meeting saved them (the next meeting follows up the last one's plan).
    """
    conditions: list[str] = ["true"]
    params: list[object] = []
    if meeting_id is not None and weeks_in is not None:
        conditions.append("(p.meeting_id = ? OR (p.week_start >= ? AND p.week_start < ?))")
        params += [meeting_id, weeks_in.start, weeks_in.end]
    elif meeting_id is not None:
        conditions.append("p.meeting_id = ?")
        params.append(meeting_id)
    if from_week is not None:
        conditions.append("p.week_start >= ?")
        params.append(from_week)
    rows = reader.rows(
        "SELECT p.id, p.meeting_id, p.week_start, "  # noqa: S608 - conditions are constants; values are bound
        "(SELECT count(*) FROM patrol_slots s WHERE s.plan_id = p.id), "
        "(SELECT count(*) FROM patrol_visits v WHERE v.plan_id = p.id) "
        f"FROM patrol_plans p WHERE {' AND '.join(conditions)} ORDER BY p.week_start DESC, p.id DESC",
        params,
    )
    return [PlanSummary(int(i), m, w, int(n), int(v)) for i, m, w, n, v in rows]


def plan_follow_up(reader: Reader, plan_id: int) -> pd.DataFrame:
    """Planned against done per window: the window, visits in it (count, minutes) and visits at other times.

    Returns
    -------
    pandas.DataFrame
        ``rank, label, weekday, hour_from, hour_to, expected, done, minutes, other`` in rank order.
    """
    return reader.df(
        "WITH v AS (SELECT v.slot_rank, v.minutes, CAST(v.visited_at AS TIMESTAMP) AS t, p.week_start "  # noqa: S608 - constants
        "FROM patrol_visits v JOIN patrol_plans p ON p.id = v.plan_id WHERE v.plan_id = ?) "
        "SELECT s.rank, s.label, s.weekday, s.hour_from, s.hour_to, s.expected, "
        f"(count(v.t) FILTER (WHERE {_IN_WINDOW}))::INTEGER AS done, "
        f"coalesce(sum(v.minutes) FILTER (WHERE {_IN_WINDOW}), 0)::INTEGER AS minutes, "
        f"(count(v.t) - count(v.t) FILTER (WHERE {_IN_WINDOW}))::INTEGER AS other "
        "FROM patrol_slots s LEFT JOIN v ON v.slot_rank = s.rank WHERE s.plan_id = ? GROUP BY ALL ORDER BY s.rank",
        [plan_id, plan_id],
    )
