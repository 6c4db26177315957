"""EST meetings: the "since last meeting" picture, area status (grön/gul/röd) and the frozen snapshot.

Who calls it: the meeting page (``pages/mote.py``) and the reports page through ``est.ui``'s cached reads,
:mod:`est.meeting.reports` (the meeting report PDF) and the tests.

A meeting belongs to an area set and covers a period: by default the days since the previous meeting of
the same set (its date up to the day before this one), else the seven days before the meeting. While the
meeting is open, :func:`meeting_view` computes its figures live, so reports arriving during the meeting
appear. :func:`close_meeting` freezes exactly what was shown (figures, filters, statuses, actions, the
data-as-of time and a map image) into the meeting row; from then on :func:`meeting_view` returns the
frozen record, which nothing in the application changes again. Reports that arrive later for a closed
meeting's period are counted as *late arrivals* and shown at the next meeting.

Area status is set per area (by code, so it survives a replacement of the set's polygons) with a short
reason; every change is kept, so each area has a status history.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.access.precision import blank_small_count
from est.access.privacy import mask_text
from est.areas.sets import area_geojson
from est.errors import EstError
from est.i18n import Lang, format_int, t
from est.meeting.actions import OPEN_STATUSES, list_actions, overdue_actions
from est.periods import Period
from est.picture.figures import area_counts, count_incidents, data_covers, first_incident_day
from est.picture.filters import Filters, filters_to_query, incident_query, where_clause

if TYPE_CHECKING:
    from est.store import Reader, Writer

__all__ = [
    "STATUS_CODES",
    "STATUS_COLOURS",
    "STATUS_SYMBOLS",
    "Meeting",
    "MeetingView",
    "actions_table",
    "area_status_history",
    "areas_table",
    "attention_order",
    "categories_table",
    "close_meeting",
    "count_text",
    "create_meeting",
    "current_statuses",
    "for_outside_the_group",
    "get_meeting",
    "list_meetings",
    "map_image",
    "meeting_filters",
    "meeting_label",
    "meeting_map_png",
    "meeting_view",
    "minutes_text",
    "picture_view",
    "previous_meeting",
    "refresh_seconds",
    "set_area_status",
    "snapshot_bytes",
    "status_history_table",
    "status_label",
]

STATUS_CODES: tuple[str, ...] = ("gron", "gul", "rod")
#: The fill of each status (the meeting map, the report's area table).
STATUS_COLOURS: dict[str, str] = {"gron": "#1a9850", "gul": "#fee08b", "rod": "#d73027"}
#: A shape per status, so a status reads without its colour. Plain geometric shapes that DejaVu Sans draws:
#: an emoji (🔴) shows as an empty box on a machine without an emoji font.
STATUS_SYMBOLS: dict[str, str] = {"gron": "●", "gul": "▲", "rod": "■"}
#: What needs attention first: red, yellow, not yet judged, green.
_ATTENTION_RANK: dict[str | None, int] = {"rod": 0, "gul": 1, None: 2, "gron": 3}
REFRESH_ENV = "EST_MEETING_REFRESH_SECONDS"
DEFAULT_REFRESH_SECONDS = 30
_TREND_WEEKS = 12
_TOP_CATEGORIES = 5
_MAX_REASON = 300


@dataclass(frozen=True)
class Meeting:
    """A meeting as stored (without its snapshot)."""

    id: int
    held_on: date
    area_set_id: int
    area_set: str
    title: str | None
    participants: tuple[str, ...]
    period: Period
    state: str
    created_by: str | None
    closed_at: datetime | None

    @property
    def is_closed(self) -> bool:
        """Whether the meeting is closed (its record is frozen)."""
        return self.state == "closed"


@dataclass(frozen=True)
class MeetingView:
    """Everything the meeting screen and its report show; JSON-serialisable, so it can be frozen.

    ``areas`` holds one dict per area (code, name, population, count, previous, change, status,
    status_reason, categories, late, overdue, open_actions); ``trend`` the weekly counts of the set
    (week_start, count) for the weeks up to the period's end; ``hours`` the weekday × hour counts of the
    period (weekday 1–7, hour 0–23, count); ``coverage`` the reports per organisation in the period.
    """

    meeting_id: int
    held_on: str
    title: str | None
    area_set: str
    area_set_id: int
    participants: list[str]
    period_from: str
    period_to: str
    filters: dict[str, Any]
    data_as_of: str | None
    generated_at: str
    frozen: bool
    total: int | None
    previous_total: int | None
    outside: int | None
    areas: list[dict[str, Any]]
    overdue: list[dict[str, Any]]
    late_total: int | None
    late_period: list[str] | None
    trend: list[dict[str, Any]]
    hours: list[dict[str, Any]]
    coverage: list[dict[str, Any]]
    shapes: dict[str, Any] = field(default_factory=dict)
    #: Set when counts of 1 … n − 1 were blanked (None) for outside the EST group (:func:`for_outside_the_group`).
    suppressed_below: int | None = None
    #: False when the data does not cover the previous period (it starts before the first stored incident):
    #: then ``previous_total`` and each area's ``previous`` and ``change`` are None, "no comparison".
    compared: bool = True

    def to_json(self) -> str:
        """The view as JSON (what a closed meeting stores)."""
        return json.dumps(asdict(self), ensure_ascii=False, default=str, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MeetingView:
        """Rebuild a view from :meth:`to_json` output."""
        return cls(**json.loads(text))

    @property
    def days(self) -> int:
        """The period's length in days (``period_to`` is its last day); the map classes scale with it."""
        return (date.fromisoformat(self.period_to) - date.fromisoformat(self.period_from)).days + 1

    def area(self, code: str) -> dict[str, Any]:
        """The figures of one area (raises when the meeting's set has no such area)."""
        for row in self.areas:
            if row["code"] == code:
                return row
        found = ", ".join(a["code"] for a in self.areas)
        raise EstError(
            f"area '{code}' is not part of this meeting; found: {found}",
            sv=f"området '{code}' ingår inte i mötet; mötets områden: {found}",
        )


def _difference(now: int | None, before: int | None) -> int | None:
    return None if now is None or before is None else now - before


def for_outside_the_group(view: MeetingView, threshold: int) -> MeetingView:
    """The view as it may leave the EST group: small counts blanked, nothing that points to a reporter.

    Counts of 1 … ``threshold`` − 1 (the ``small_count_threshold`` setting, 5 by default) become None in the
    totals, per area (now, before, the change, late arrivals and the top categories), per week and per
    weekday × hour; a change next to a blanked count is blanked too. The status reasons (free text) and
    the reports per organisation are left out. Areas, statuses and actions stay: they are the åtgärdsplan.
    """

    def area(row: dict[str, Any]) -> dict[str, Any]:
        count, previous = blank_small_count(row["count"], threshold), blank_small_count(row["previous"], threshold)
        return {
            **row,
            "count": count,
            "previous": previous,
            "change": _difference(count, previous),
            "late": blank_small_count(row["late"], threshold),
            "status_reason": None,
            "categories": [{**c, "count": blank_small_count(c["count"], threshold)} for c in row["categories"]],
        }

    total, previous_total = blank_small_count(view.total, threshold), blank_small_count(view.previous_total, threshold)
    return replace(
        view,
        total=total,
        previous_total=previous_total,
        outside=blank_small_count(view.outside, threshold),
        areas=[area(row) for row in view.areas],
        late_total=blank_small_count(view.late_total, threshold),
        trend=[{**r, "count": blank_small_count(r["count"], threshold)} for r in view.trend],
        hours=[{**r, "count": blank_small_count(r["count"], threshold)} for r in view.hours],
        coverage=[],
        suppressed_below=threshold,
    )


def refresh_seconds() -> int:
    """How often an open meeting screen refreshes itself: ``$EST_MEETING_REFRESH_SECONDS``, else 30 (min. 2)."""
    raw = os.environ.get(REFRESH_ENV, "").strip()
    try:
        return max(2, int(raw)) if raw else DEFAULT_REFRESH_SECONDS
    except ValueError:
        return DEFAULT_REFRESH_SECONDS


# -- meetings --------------------------------------------------------------------------------------------

_MEETING_SELECT = (
    "SELECT m.id, m.held_on, m.area_set_id, s.name, m.title, m.participants, m.period_from, m.period_to, "
    "m.state, m.created_by, m.closed_at FROM meetings m JOIN area_sets s ON s.id = m.area_set_id "
)


def _meeting(row: tuple[Any, ...]) -> Meeting:
    return Meeting(
        id=int(row[0]),
        held_on=row[1],
        area_set_id=int(row[2]),
        area_set=str(row[3]),
        title=row[4],
        participants=tuple(json.loads(row[5])) if row[5] else (),
        period=Period.inclusive(row[6], row[7]),
        state=str(row[8]),
        created_by=row[9],
        closed_at=row[10],
    )


def get_meeting(reader: Reader, meeting_id: int) -> Meeting:
    """Return one meeting.

    Raises
    ------
    EstError
        When there is no meeting with that id.
    """
    row = reader.row(_MEETING_SELECT + "WHERE m.id = ?", [meeting_id])
    if row is None:
        latest = reader.df("SELECT id, held_on FROM meetings ORDER BY held_on DESC, id DESC LIMIT 10")
        found = ", ".join(f"{r.id} ({r.held_on:%Y-%m-%d})" for r in latest.itertuples())
        raise EstError(
            f"meeting {meeting_id} does not exist; the latest meetings are: {found or 'none'}. "
            "Meetings are created on the Mötesläge page",
            sv=f"mötet {meeting_id} finns inte; de senaste mötena är: {found or 'inga'}. "
            "Möten skapas på sidan Mötesläge",
        )
    return _meeting(row)


def list_meetings(reader: Reader, area_set_id: int | None = None) -> list[Meeting]:
    """Meetings, newest first (optionally of one area set)."""
    if area_set_id is None:
        rows = reader.rows(_MEETING_SELECT + "ORDER BY m.held_on DESC, m.id DESC")
    else:
        rows = reader.rows(
            _MEETING_SELECT + "WHERE m.area_set_id = ? ORDER BY m.held_on DESC, m.id DESC", [area_set_id]
        )
    return [_meeting(r) for r in rows]


def previous_meeting(reader: Reader, meeting: Meeting) -> Meeting | None:
    """The meeting of the same set held before ``meeting`` (by date, then id), or None."""
    row = reader.row(
        _MEETING_SELECT + "WHERE m.area_set_id = ? AND (m.held_on < ? OR (m.held_on = ? AND m.id < ?)) "
        "ORDER BY m.held_on DESC, m.id DESC LIMIT 1",
        [meeting.area_set_id, meeting.held_on, meeting.held_on, meeting.id],
    )
    return _meeting(row) if row else None


def create_meeting(
    writer: Writer,
    viewer: Viewer,
    *,
    held_on: date,
    area_set_id: int,
    participants: tuple[str, ...] = (),
    title: str | None = None,
    period: Period | None = None,
) -> int:
    """Create a meeting; its period defaults to "since the last meeting" of the same area set.

    Parameters
    ----------
    writer
        The open write transaction.
    viewer
        Who creates it; needs ``MANAGE_MEETINGS``.
    held_on
        The meeting's date.
    area_set_id
        The area set the meeting goes through, area by area.
    participants
        Names of the organisations present.
    title
        An optional title (e.g. "EST Östersund v. 48").
    period
        The period to show; default: from the previous meeting's date to the day before ``held_on``
        (the seven days before ``held_on`` for the first meeting).

    Returns
    -------
    int
        The new meeting's id.

    Raises
    ------
    EstError
        When the area set does not exist or the period is empty.
    """
    require(viewer, Permission.MANAGE_MEETINGS)
    if not writer.value("SELECT count(*) FROM area_sets WHERE id = ?", [area_set_id]):
        raise EstError(
            f"area set {area_set_id} does not exist; import or choose an area set first",
            sv=f"områdesindelningen {area_set_id} finns inte; importera eller välj en områdesindelning först",
        )
    if period is None:
        before = writer.value(
            "SELECT max(held_on) FROM meetings WHERE area_set_id = ? AND held_on < ?", [area_set_id, held_on]
        )
        start = before if isinstance(before, date) else held_on - timedelta(days=7)
        period = Period(start, held_on)
    clean = [p.strip() for p in participants if p and p.strip()]
    meeting_id = writer.insert(
        "meetings",
        {
            "held_on": held_on,
            "area_set_id": area_set_id,
            "title": mask_text(title.strip()).text if title and title.strip() else None,
            "participants": json.dumps(clean, ensure_ascii=False),
            "period_from": period.start,
            "period_to": period.last_day,
            "created_by": viewer.user,
        },
    )
    audit.record(writer, viewer.user, "edit", f"meeting {meeting_id}", 1, {"created": True, "held_on": held_on})
    return meeting_id


def meeting_filters(meeting: Meeting) -> Filters:
    """The filter a meeting shows: its period and area set, all categories and sources."""
    return Filters(period=meeting.period, area_set=meeting.area_set)


# -- area status -----------------------------------------------------------------------------------------


def set_area_status(
    writer: Writer,
    viewer: Viewer,
    *,
    area_set_id: int,
    area_code: str,
    status: str,
    reason: str,
    meeting_id: int | None = None,
) -> int:
    """Set an area's status (``gron``, ``gul``, ``rod``) with a short reason; the history keeps every change.

    Raises
    ------
    EstError
        When the status or area is unknown, the reason is empty, or the meeting is already closed.
    """
    require(viewer, Permission.MANAGE_MEETINGS)
    if status not in STATUS_CODES:
        raise EstError(
            f"status '{status}' is unknown; use one of: {', '.join(STATUS_CODES)}",
            sv=f"statusen '{status}' finns inte; välj en av: {', '.join(STATUS_CODES)}",
        )
    text = (reason or "").strip()
    if not text:
        raise EstError(
            "give a short reason for the status (what the group based it on)",
            sv="skriv en kort motivering till statusen (vad gruppen grundade den på)",
        )
    if len(text) > _MAX_REASON:
        raise EstError(
            f"the reason is {len(text)} characters; keep it under {_MAX_REASON}",
            sv=f"motiveringen är {len(text)} tecken; håll den under {_MAX_REASON}",
        )
    if not writer.value("SELECT count(*) FROM areas WHERE area_set_id = ? AND code = ?", [area_set_id, area_code]):
        raise EstError(
            f"area '{area_code}' is not in area set {area_set_id}",
            sv=f"området '{area_code}' finns inte i områdesindelningen",
        )
    if meeting_id is not None and get_meeting(writer, meeting_id).is_closed:
        raise EstError(
            f"meeting {meeting_id} is closed; its record cannot change. Set the status at the next meeting",
            sv=f"mötet {meeting_id} är stängt och kan inte ändras; sätt statusen vid nästa möte",
        )
    status_id = writer.insert(
        "area_status",
        {
            "area_set_id": area_set_id,
            "area_code": area_code,
            "status": status,
            "reason": mask_text(text).text,
            "meeting_id": meeting_id,
            "set_by": viewer.user,
        },
    )
    audit.record(writer, viewer.user, "edit", f"area status {area_code}", 1, {"status": status, "meeting": meeting_id})
    return status_id


def current_statuses(reader: Reader, area_set_id: int) -> pd.DataFrame:
    """The latest status of each area of the set that has one (area_code, status, reason, set_at, meeting_id)."""
    return reader.df(
        "SELECT area_code, arg_max(status, id) AS status, arg_max(reason, id) AS reason, max(set_at) AS set_at, "
        "arg_max(meeting_id, id) AS meeting_id FROM area_status WHERE area_set_id = ? GROUP BY area_code",
        [area_set_id],
    )


def area_status_history(reader: Reader, area_set_id: int, area_code: str) -> pd.DataFrame:
    """Every status an area has had, newest first (status, reason, meeting_id, set_by, set_at)."""
    return reader.df(
        "SELECT status, reason, meeting_id, set_by, set_at FROM area_status WHERE area_set_id = ? AND area_code = ? "
        "ORDER BY id DESC",
        [area_set_id, area_code],
    )


# -- the view ----------------------------------------------------------------------------------------------


def meeting_view(reader: Reader, meeting_id: int) -> MeetingView:
    """What the meeting shows: the frozen record of a closed meeting, else the live figures.

    Parameters
    ----------
    reader
        An open read (or write) connection.
    meeting_id
        The meeting.

    Returns
    -------
    MeetingView
        Figures per area for the meeting's period, statuses, overdue and open actions, late arrivals for
        the previous meeting's period, trend, weekday × hour counts and data coverage.
    """
    snapshot = reader.value("SELECT snapshot_json FROM meetings WHERE id = ?", [meeting_id])
    if snapshot:
        return MeetingView.from_json(str(snapshot))
    return _live_view(reader, get_meeting(reader, meeting_id))


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in frame[columns].itertuples(index=False):
        record: dict[str, Any] = {}
        for key, value in zip(columns, row, strict=True):
            if value is None or (not isinstance(value, (str, bytes)) and pd.isna(value)):
                record[key] = None
            elif isinstance(value, (datetime, date, pd.Timestamp)):
                record[key] = value.isoformat()
            elif hasattr(value, "item"):
                record[key] = value.item()
            else:
                record[key] = value
        out.append(record)
    return out


_ACTION_COLUMNS = ["id", "area_code", "area_name", "action_type", "what", "owner", "start_on", "due_on", "status"]


def _live_view(reader: Reader, meeting: Meeting) -> MeetingView:
    late, late_period = _late_arrivals(reader, meeting)
    return picture_view(
        reader,
        meeting_filters(meeting),
        meeting.area_set_id,
        on=meeting.held_on,
        meeting_id=meeting.id,
        title=meeting.title,
        participants=meeting.participants,
        late=late,
        late_period=late_period,
    )


def picture_view(
    reader: Reader,
    filters: Filters,
    area_set_id: int,
    on: date,
    *,
    meeting_id: int = 0,
    title: str | None = None,
    participants: tuple[str, ...] = (),
    late: dict[str, int] | None = None,
    late_period: list[str] | None = None,
) -> MeetingView:
    """The live picture for ``filters`` on one area set, as the meeting screen and the reports show it.

    Parameters
    ----------
    reader
        An open read (or write) connection.
    filters
        Period, categories and sources to count (area selections are ignored: every area is shown).
    area_set_id
        The set whose areas are listed.
    on
        The reference date: actions due before it are overdue.
    meeting_id, title, participants
        The meeting shown (0 for a report without a meeting).
    late, late_period
        Late arrivals per area code for the previous meeting's period, and that period.
    """
    filters = replace(filters, areas=())
    set_name = reader.value("SELECT name FROM area_sets WHERE id = ?", [area_set_id])
    if set_name is None:
        raise EstError(f"area set {area_set_id} does not exist", sv=f"områdesindelningen {area_set_id} finns inte")
    filters = replace(filters, area_set=str(set_name))
    late = late or {}
    table = area_counts(reader, filters, area_set_id)
    inside = table[table["code"].notna()].sort_values("name", key=lambda names: names.map(_swedish_order))
    outside = table[table["code"].isna()]
    statuses = current_statuses(reader, area_set_id).set_index("area_code")
    categories = _categories_per_area(reader, filters, area_set_id)
    overdue = overdue_actions(reader, area_set_id, on)
    open_actions = list_actions(reader, area_set_id, status=OPEN_STATUSES)
    compared = data_covers(filters.period.previous(), first_incident_day(reader))
    areas: list[dict[str, Any]] = []
    for row in inside.to_dict("records"):
        code = str(row["code"])
        status = statuses.loc[code] if code in statuses.index else None
        population = row["population"]
        areas.append(
            {
                "code": code,
                "name": str(row["name"]),
                "population": None if population is None or pd.isna(population) else int(population),
                "count": int(row["count"]),
                "previous": int(row["previous"]) if compared else None,
                "change": int(row["change"]) if compared else None,
                "status": None if status is None else str(status["status"]),
                "status_reason": None if status is None else str(status["reason"]),
                "categories": categories.get(code, []),
                "late": int(late.get(code, 0)),
                "overdue": _records(overdue[overdue["area_code"] == code], _ACTION_COLUMNS),
                "open_actions": _records(open_actions[open_actions["area_code"] == code], _ACTION_COLUMNS),
            }
        )
    latest = reader.value("SELECT max(created_at) FROM incidents")
    return MeetingView(
        meeting_id=meeting_id,
        held_on=on.isoformat(),
        title=title,
        area_set=str(set_name),
        area_set_id=area_set_id,
        participants=list(participants),
        period_from=filters.period.start.isoformat(),
        period_to=filters.period.last_day.isoformat(),
        filters=dict(filters_to_query(filters)),
        data_as_of=_iso(latest),
        generated_at=_iso(reader.value("SELECT current_timestamp")) or "",
        frozen=False,
        total=count_incidents(reader, filters, area_set_id),
        previous_total=count_incidents(reader, filters, area_set_id, filters.period.previous()) if compared else None,
        compared=compared,
        outside=int(outside["count"].sum()) if len(outside) else 0,
        areas=areas,
        overdue=_records(overdue, _ACTION_COLUMNS),
        late_total=int(sum(late.values())),
        late_period=late_period,
        trend=trend_weeks(reader, filters, _TREND_WEEKS),
        hours=weekday_hours(reader, filters),
        coverage=coverage(reader, filters),
        shapes=area_geojson(reader, area_set_id),
    )


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def _swedish_order(name: object) -> str:
    """A sort key that puts å, ä, ö after z, in that order (Swedish alphabetical order)."""
    return str(name).lower().translate(_SWEDISH_LAST)


def _categories_per_area(reader: Reader, filters: Filters, area_set_id: int) -> dict[str, list[dict[str, Any]]]:
    q = incident_query(replace(filters, areas=()), area_set_id, join="inner")
    frame = reader.df(
        "SELECT a.code, i.category_code AS category, c.label_sv, c.label_en, sum(i.count) AS n "  # noqa: S608 - where is built from constants; values are bound
        f"FROM {q.source} LEFT JOIN categories c ON c.code = i.category_code "
        f"WHERE {q.where} GROUP BY ALL ORDER BY a.code, n DESC, category",
        q.params,
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for code, group in frame.groupby("code", sort=False):
        top = group.head(_TOP_CATEGORIES)
        out[str(code)] = [
            {"category": str(r["category"]), "label_sv": r["label_sv"], "label_en": r["label_en"], "count": int(r["n"])}
            for r in top.to_dict("records")
        ]
    return out


def _late_arrivals(reader: Reader, meeting: Meeting) -> tuple[dict[str, int], list[str] | None]:
    """Reports for the previous (closed) meeting's period that arrived after it was closed, per area code."""
    before = previous_meeting(reader, meeting)
    if before is None or before.closed_at is None:
        return {}, None
    q = incident_query(replace(meeting_filters(before), areas=()), before.area_set_id, join="left")
    rows = reader.rows(
        f"SELECT coalesce(a.code, ''), sum(i.count) {q.sql} AND i.created_at > ? GROUP BY ALL",
        [*q.params, before.closed_at],
    )
    period = [before.period.start.isoformat(), before.period.last_day.isoformat()]
    return {str(code): int(n) for code, n in rows}, period


def trend_weeks(reader: Reader, filters: Filters, weeks: int) -> list[dict[str, Any]]:
    """Incidents per ISO week for the ``weeks`` weeks ending with the week of the filter's last day."""
    last_day = filters.period.last_day
    last_monday = last_day - timedelta(days=last_day.isoweekday() - 1)
    first_monday = last_monday - timedelta(weeks=weeks - 1)
    span = Period(first_monday, last_monday + timedelta(days=7))
    where, params = where_clause(filters, period=span, include_areas=False)
    rows = reader.rows(
        "SELECT CAST(date_trunc('week', i.occurred_at) AS DATE) AS week, sum(i.count) FROM incidents i "  # noqa: S608 - built from constants
        f"WHERE {where} GROUP BY 1",
        params,
    )
    found = {r[0]: int(r[1]) for r in rows}
    return [
        {
            "week_start": (first_monday + timedelta(weeks=k)).isoformat(),
            "count": found.get(first_monday + timedelta(weeks=k), 0),
        }
        for k in range(weeks)
    ]


def weekday_hours(reader: Reader, filters: Filters) -> list[dict[str, Any]]:
    """Counts per ISO weekday (1 = Monday) and hour for the filter's period (incidents with a clock time)."""
    where, params = where_clause(filters, include_areas=False)
    rows = reader.rows(
        "SELECT isodow(i.occurred_at), hour(i.occurred_at), sum(i.count) FROM incidents i "  # noqa: S608 - built from constants
        f"WHERE {where} AND i.time_precision = 'minute' GROUP BY 1, 2 ORDER BY 1, 2",
        params,
    )
    return [{"weekday": int(d), "hour": int(h), "count": int(n)} for d, h, n in rows]


def coverage(reader: Reader, filters: Filters) -> list[dict[str, Any]]:
    """Reports per organisation in the period and each organisation's latest report (zero rows included).

    "Not reported" is not "nothing happened": an organisation with 0 reports is listed so the group can ask.
    Every report from every source counts (``raw``): a report that joined another source's problem is still
    that organisation's report.
    """
    where, params = where_clause(replace(filters, raw=True), include_areas=False)
    frame = reader.df(
        "SELECT o.name AS organisation, o.source_kind, "  # noqa: S608 - built from constants
        f"coalesce((SELECT sum(i.count) FROM incidents i WHERE i.organisation_id = o.id AND {where}), 0) AS reports, "
        "(SELECT max(i.created_at) FROM incidents i WHERE i.organisation_id = o.id) AS latest "
        "FROM organisations o ORDER BY reports DESC, o.name",
        params,
    )
    frame["reports"] = frame["reports"].astype("int64")
    return _records(frame, ["organisation", "source_kind", "reports", "latest"])


# -- closing -----------------------------------------------------------------------------------------------


def close_meeting(writer: Writer, viewer: Viewer, meeting_id: int, *, closed_at: datetime | None = None) -> MeetingView:
    """Close a meeting: freeze what it shows (figures, filters, statuses, actions, data-as-of, map image).

    The frozen record is written once; nothing in the application updates it afterwards, so what was
    decided on which evidence stays on record even when late reports arrive.

    Parameters
    ----------
    closed_at
        When the meeting was closed, for a meeting recorded afterwards (the demo's past meetings); default
        now. The audit log keeps when the record was really written.

    Returns
    -------
    MeetingView
        The frozen view.

    Raises
    ------
    EstError
        When the meeting is already closed.
    """
    require(viewer, Permission.MANAGE_MEETINGS)
    meeting = get_meeting(writer, meeting_id)
    if meeting.is_closed:
        raise EstError(
            f"meeting {meeting_id} is already closed; its record cannot change",
            sv=f"mötet {meeting_id} är redan stängt och kan inte ändras",
        )
    live = _live_view(writer, meeting)
    if closed_at is None:
        closed_at = writer.value("SELECT current_timestamp")
    frozen = MeetingView(**{**asdict(live), "frozen": True, "generated_at": _iso(closed_at) or live.generated_at})
    image = meeting_map_png(frozen)
    changed = writer.changed(
        "UPDATE meetings SET state = 'closed', closed_at = ?, closed_by = ?, snapshot_json = ?, snapshot_map = ? "
        "WHERE id = ? AND state = 'open'",
        [closed_at, viewer.user, frozen.to_json(), image, meeting_id],
    )
    if changed != 1:
        raise EstError(
            f"meeting {meeting_id} was closed by someone else just now; reload the page",
            sv=f"mötet {meeting_id} stängdes nyss av någon annan; ladda om sidan",
        )
    audit.record(writer, viewer.user, "edit", f"meeting {meeting_id}", 1, {"closed": True, "total": frozen.total})
    return frozen


def snapshot_bytes(reader: Reader, meeting_id: int) -> tuple[str, bytes] | None:
    """The frozen JSON and map image of a closed meeting, or None while it is open."""
    row = reader.row("SELECT snapshot_json, snapshot_map FROM meetings WHERE id = ?", [meeting_id])
    if row is None or row[0] is None:
        return None
    return str(row[0]), bytes(row[1]) if row[1] is not None else b""


def meeting_map_png(view: MeetingView) -> bytes:
    """A map image of the meeting's areas coloured by count (PNG, rendered without a browser)."""
    from est.picture.images import choropleth_png

    counts = {a["code"]: a["count"] for a in view.areas}
    return choropleth_png(view.shapes, counts, days=view.days, suppressed_below=view.suppressed_below)


# -- display forms (plain DataFrames and strings for the pages; no Streamlit here) -------------------------


def meeting_label(meeting: Meeting, lang: Lang = "sv") -> str:
    """``2026-11-24 · EST Östersund (stängt)``: how a meeting is named in lists."""
    return t(
        "meeting.label",
        lang,
        date=meeting.held_on.isoformat(),
        title=meeting.title or meeting.area_set,
        state=t(f"meeting.state.{meeting.state}", lang),
    )


def status_label(status: str | None, lang: Lang = "sv") -> str:
    """``■ Röd``, ``▲ Gul``, ``● Grön`` or ``Ingen status``: the word and its shape (:data:`STATUS_SYMBOLS`)."""
    if not status:
        return t("meeting.status.none", lang)
    return f"{STATUS_SYMBOLS.get(status, '')} {t(f'meeting.status.{status}', lang)}".strip()


def minutes_text(timestamp: str | None) -> str:
    """An ISO timestamp of a view to the minute: ``2026-11-23T07:00:12+01:00`` → ``2026-11-23 07:00`` (``–``)."""
    return (timestamp or "–")[:16].replace("T", " ")


def count_text(
    value: int | None, view: MeetingView, lang: Lang = "sv", *, kind: Literal["count", "previous", "change"] = "count"
) -> str:
    """A figure of ``view`` as text: ``12 345``, a change signed (``+3``), ``<5`` or ``–``.

    ``<5`` is a count blanked for outside the group; ``–`` means nothing to compare with, or a change next
    to a blanked count.
    """
    if value is None:
        uncompared = kind != "count" and not view.compared
        if view.suppressed_below and kind != "change" and not uncompared:
            return f"<{view.suppressed_below}"
        return "–"
    return ("+" if kind == "change" and value > 0 else "") + format_int(value, lang)


def attention_order(areas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The areas of a view by what needs attention: red, yellow, no status, green; in each the biggest rise first.

    Ties (and areas without a comparison, last in their status) go by count, then by name.

    Parameters
    ----------
    areas
        :attr:`MeetingView.areas`.

    Returns
    -------
    list of dict
        The same dicts in that order.
    """

    def key(area: dict[str, Any]) -> tuple[int, bool, int, int, str]:
        change, count = area["change"], area["count"]
        return (
            _ATTENTION_RANK.get(area["status"], _ATTENTION_RANK[None]),
            change is None,
            -(change or 0),
            -(count or 0),
            _swedish_order(area["name"]),
        )

    return sorted(areas, key=key)


def areas_table(view: MeetingView, lang: Lang = "sv", *, by_attention: bool = False) -> pd.DataFrame:
    """One row per area: name, count, the period before, change, status, reason, late reports.

    By name; ``by_attention`` orders the rows as the meeting goes through them (:func:`attention_order`).
    """
    areas = attention_order(view.areas) if by_attention else view.areas
    before = [count_text(a["previous"], view, lang, kind="previous") for a in areas]
    return pd.DataFrame(
        {
            t("common.area", lang): [a["name"] for a in areas],
            t("common.incidents", lang): [a["count"] for a in areas],
            t("meeting.previous_total", lang): before,
            t("report.change", lang): [count_text(a["change"], view, lang, kind="change") for a in areas],
            t("meeting.status", lang): [status_label(a["status"], lang) for a in areas],
            t("meeting.reason", lang): [a["status_reason"] or "" for a in areas],
            t("meeting.late", lang): [a["late"] for a in areas],
        }
    )


def actions_table(actions: list[dict[str, Any]], lang: Lang = "sv") -> pd.DataFrame:
    """Actions (as in :class:`MeetingView`) for display: area, type, what, owner, due date, status."""
    return pd.DataFrame(
        {
            t("common.area", lang): [a.get("area_name") or a.get("area_code") for a in actions],
            t("actions.type", lang): [t(f"actions.type.{a['action_type']}", lang) for a in actions],
            t("actions.what", lang): [a.get("what") for a in actions],
            t("actions.owner", lang): [a.get("owner") for a in actions],
            t("actions.due_on", lang): [str(a.get("due_on") or "")[:10] for a in actions],
            t("actions.status", lang): [t(f"actions.status.{a['status']}", lang) for a in actions],
        }
    )


def categories_table(area: dict[str, Any], lang: Lang = "sv") -> pd.DataFrame:
    """The area's most common categories in the period."""
    label = "label_sv" if lang == "sv" else "label_en"
    return pd.DataFrame(
        {
            t("common.category", lang): [c[label] or c["category"] for c in area["categories"]],
            t("common.incidents", lang): [c["count"] for c in area["categories"]],
        }
    )


def map_image(reader: Reader, meeting_id: int) -> bytes:
    """The meeting's map image: the one frozen at closing, else rendered from the live figures (PNG)."""
    frozen = snapshot_bytes(reader, meeting_id)
    if frozen is not None and frozen[1]:
        return frozen[1]
    return meeting_map_png(meeting_view(reader, meeting_id))


def status_history_table(history: pd.DataFrame, lang: Lang = "sv") -> pd.DataFrame:
    """:func:`area_status_history` for display: when, status, reason, meeting, by whom (newest first)."""
    return pd.DataFrame(
        {
            t("meeting.history_when", lang): pd.to_datetime(history["set_at"]).dt.strftime("%Y-%m-%d %H:%M"),
            t("meeting.status", lang): [status_label(s, lang) for s in history["status"]],
            t("meeting.reason", lang): history["reason"],
            t("meeting.choose", lang): history["meeting_id"].astype("Int64"),
            t("meeting.history_by", lang): history["set_by"],
        }
    )
