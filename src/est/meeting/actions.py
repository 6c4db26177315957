"""The action register: joint EST actions, their follow-up notes, and medborgarlöfte focus areas.

Who calls it: the Åtgärder page and the meeting view (through ``est.ui``), :mod:`est.meeting.meetings` (overdue
actions surface at the next meeting), :mod:`est.meeting.evaluation` (before/after of a finished action) and the
reports. Every write takes a :class:`~est.access.auth.Viewer` and checks ``MANAGE_MEETINGS`` itself, and records
an audit entry in the same transaction.

An action belongs to an area (``area_set_id`` + ``area_code``: codes survive a replacement of the set's
polygons) and optionally to a place, a category (a parent code covers its subtree), the meeting that
decided it, a focus area of the medborgarlöfte, and the kommun's åtgärdsplan. It is *overdue* when it is
still ``planerad`` or ``pagar`` after its due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.access.privacy import mask_text
from est.errors import EstError
from est.i18n import Lang, t

if TYPE_CHECKING:
    from est.periods import Period
    from est.store import Reader, Writer

__all__ = [
    "ACTION_TYPES",
    "OPEN_STATUSES",
    "STATUSES",
    "NewAction",
    "action_label",
    "actions_for_display",
    "add_focus_area",
    "add_note",
    "create_action",
    "finished_actions",
    "focus_area_progress",
    "get_action",
    "list_actions",
    "list_focus_areas",
    "list_notes",
    "overdue_actions",
    "progress_for_display",
    "set_status",
]

# Stable codes; the UI shows their labels from the i18n catalogue (``actions.type.<code>``).
ACTION_TYPES: tuple[str, ...] = (
    "patrull",
    "vaktare",
    "stadning",
    "klottersanering",
    "belysning",
    "rojning",
    "faltarbete",
    "nattvandring",
    "trygghetsvandring",
    "information",
    "ovrig",
)
STATUSES: tuple[str, ...] = ("planerad", "pagar", "klar", "avbruten")
OPEN_STATUSES: tuple[str, ...] = ("planerad", "pagar")
_MAX_TEXT = 500
#: Running at some time in a period: started before its end and not finished before its start.
_RUNNING_SQL = "a.start_on < ? AND (a.finished_on IS NULL OR a.finished_on >= ?)"

_SELECT = (
    "SELECT a.id, a.area_set_id, a.area_code, ar.name AS area_name, a.place, a.category_code, a.meeting_id, "
    "a.action_type, a.what, a.owner_organisation_id, o.name AS owner, a.start_on, a.due_on, a.status, "
    "a.finished_on, a.focus_area_id, f.name AS focus_area, a.in_action_plan, a.created_by, a.created_at, "
    "(SELECT count(*) FROM action_notes n WHERE n.action_id = a.id) AS notes "
    "FROM actions a LEFT JOIN organisations o ON o.id = a.owner_organisation_id "
    "LEFT JOIN focus_areas f ON f.id = a.focus_area_id "
    "LEFT JOIN areas ar ON ar.area_set_id = a.area_set_id AND ar.code = a.area_code "
)


@dataclass(frozen=True)
class NewAction:
    """What a new action needs; everything after ``due_on`` is optional."""

    area_set_id: int
    area_code: str
    action_type: str
    what: str
    owner_organisation_id: int
    start_on: date
    due_on: date
    place: str | None = None
    category_code: str | None = None
    meeting_id: int | None = None
    focus_area_id: int | None = None
    in_action_plan: bool = False


_FIELD_SV = {"what": "Vad", "place": "Plats", "note": "Anteckning", "name": "Namn"}


def _clean(text: str | None, field: str, *, required: bool = False) -> str | None:
    """The stripped, length-checked text with personal data masked (None when empty).

    Actions, notes and focus areas are free text typed at a meeting: a phone number, a name after a cue
    ("hyresgästen Anna …") or a registration number is masked before it is stored, as in the incidents.
    """
    value = (text or "").strip()
    if required and not value:
        raise EstError(
            f"the action needs '{field}': write a short description",
            sv=f"fältet '{_FIELD_SV[field]}' behövs: skriv en kort beskrivning",
        )
    if len(value) > _MAX_TEXT:
        raise EstError(
            f"'{field}' is {len(value)} characters; keep it under {_MAX_TEXT}",
            sv=f"'{_FIELD_SV[field]}' är {len(value)} tecken; håll det under {_MAX_TEXT}",
        )
    return mask_text(value).text if value else None


def _running_params(period: Period) -> list[date]:
    return [period.end, period.start]


def _check_exists(reader: Reader, sql: str, params: list[Any], message: str, sv: str) -> None:
    if not reader.value(sql, params):
        raise EstError(message, sv=sv)


def create_action(writer: Writer, viewer: Viewer, action: NewAction) -> int:
    """Register a new action (status ``planerad``).

    Parameters
    ----------
    writer
        The open write transaction.
    viewer
        Who registers it; needs ``MANAGE_MEETINGS``.
    action
        The action's fields.

    Returns
    -------
    int
        The new action's id.

    Raises
    ------
    EstError
        When a field is missing or refers to something that does not exist (the message names it).
    PermissionDeniedError
        When the viewer may not manage meetings.
    """
    require(viewer, Permission.MANAGE_MEETINGS)
    if action.action_type not in ACTION_TYPES:
        raise EstError(
            f"action type '{action.action_type}' is unknown; use one of: {', '.join(ACTION_TYPES)}",
            sv=f"åtgärdstypen '{action.action_type}' finns inte; välj en av: {', '.join(ACTION_TYPES)}",
        )
    if action.due_on < action.start_on:
        raise EstError(
            f"the due date {action.due_on} is before the start date {action.start_on}; swap them",
            sv=f"klart-datumet {action.due_on} ligger före startdatumet {action.start_on}; byt plats på dem",
        )
    what = _clean(action.what, "what", required=True)
    place = _clean(action.place, "place")
    _check_exists(
        writer,
        "SELECT count(*) FROM areas WHERE area_set_id = ? AND code = ?",
        [action.area_set_id, action.area_code],
        f"area '{action.area_code}' is not in area set {action.area_set_id}; choose an area of that set",
        f"området '{action.area_code}' finns inte i områdesindelningen; välj ett område i den",
    )
    _check_exists(
        writer,
        "SELECT count(*) FROM organisations WHERE id = ?",
        [action.owner_organisation_id],
        f"organisation {action.owner_organisation_id} does not exist; choose an owner organisation",
        f"organisationen {action.owner_organisation_id} finns inte; välj en ansvarig organisation",
    )
    if action.category_code:
        _check_exists(
            writer,
            "SELECT count(*) FROM categories WHERE code = ?",
            [action.category_code],
            f"category '{action.category_code}' does not exist",
            f"kategorin '{action.category_code}' finns inte",
        )
    if action.meeting_id is not None:
        _check_exists(
            writer,
            "SELECT count(*) FROM meetings WHERE id = ?",
            [action.meeting_id],
            f"meeting {action.meeting_id} does not exist",
            f"mötet {action.meeting_id} finns inte",
        )
    if action.focus_area_id is not None:
        _check_exists(
            writer,
            "SELECT count(*) FROM focus_areas WHERE id = ?",
            [action.focus_area_id],
            f"focus area {action.focus_area_id} does not exist; add it first",
            f"fokusområdet {action.focus_area_id} finns inte; lägg till det först",
        )
    action_id = writer.insert(
        "actions",
        {
            "area_set_id": action.area_set_id,
            "area_code": action.area_code,
            "place": place,
            "category_code": action.category_code,
            "meeting_id": action.meeting_id,
            "action_type": action.action_type,
            "what": what,
            "owner_organisation_id": action.owner_organisation_id,
            "start_on": action.start_on,
            "due_on": action.due_on,
            "focus_area_id": action.focus_area_id,
            "in_action_plan": action.in_action_plan,
            "created_by": viewer.user,
        },
    )
    audit.record(
        writer,
        viewer.user,
        "edit",
        f"action {action_id}",
        1,
        {"created": True, "area": action.area_code, "type": action.action_type},
    )
    return action_id


def set_status(
    writer: Writer,
    viewer: Viewer,
    action_id: int,
    status: str,
    *,
    on: date,
    note: str | None = None,
    meeting_id: int | None = None,
) -> None:
    """Change an action's status (``klar``/``avbruten`` set its finish date to ``on``), with an optional note.

    Raises
    ------
    EstError
        When the status is unknown or the action does not exist.
    """
    require(viewer, Permission.MANAGE_MEETINGS)
    if status not in STATUSES:
        raise EstError(
            f"status '{status}' is unknown; use one of: {', '.join(STATUSES)}",
            sv=f"statusen '{status}' finns inte; välj en av: {', '.join(STATUSES)}",
        )
    get_action(writer, action_id)
    finished = on if status in ("klar", "avbruten") else None
    writer.execute(
        "UPDATE actions SET status = ?, finished_on = ?, updated_at = current_timestamp WHERE id = ?",
        [status, finished, action_id],
    )
    writer.execute(
        "INSERT INTO action_notes (action_id, meeting_id, note, status, written_by) VALUES (?, ?, ?, ?, ?)",
        [action_id, meeting_id, _clean(note, "note") or "", status, viewer.user],
    )
    audit.record(writer, viewer.user, "edit", f"action {action_id}", 1, {"status": status})


def add_note(writer: Writer, viewer: Viewer, action_id: int, note: str, *, meeting_id: int | None = None) -> int:
    """Add a follow-up note to an action; return the note's id."""
    require(viewer, Permission.MANAGE_MEETINGS)
    get_action(writer, action_id)
    text = _clean(note, "note", required=True)
    note_id = writer.insert(
        "action_notes", {"action_id": action_id, "meeting_id": meeting_id, "note": text, "written_by": viewer.user}
    )
    audit.record(writer, viewer.user, "edit", f"action {action_id}", 1, {"note": note_id})
    return note_id


def get_action(reader: Reader, action_id: int) -> dict[str, Any]:
    """One action as a dict of its columns.

    Raises
    ------
    EstError
        When there is no such action.
    """
    frame = reader.df(_SELECT + "WHERE a.id = ?", [action_id])
    if frame.empty:
        raise EstError(f"action {action_id} does not exist", sv=f"åtgärden {action_id} finns inte")
    row = {str(k): _plain(v) for k, v in frame.iloc[0].to_dict().items()}
    for column in ("start_on", "due_on", "finished_on"):  # DATE columns come back as timestamps
        if isinstance(row[column], datetime):
            row[column] = row[column].date()
    return row


def _plain(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def list_actions(
    reader: Reader,
    area_set_id: int | None = None,
    area_code: str | None = None,
    status: tuple[str, ...] = (),
    focus_area_id: int | None = None,
    running_in: Period | None = None,
) -> pd.DataFrame:
    """Actions, newest due date last, optionally of one set, one area, some statuses or one focus area.

    ``running_in`` keeps the actions running at some time in the period (:data:`_RUNNING_SQL`).

    Returns
    -------
    pandas.DataFrame
        Columns: id, area_set_id, area_code, area_name, place, category_code, meeting_id, action_type,
        what, owner_organisation_id, owner, start_on, due_on, status, finished_on, focus_area_id,
        focus_area, in_action_plan, created_by, created_at, notes.
    """
    parts: list[str] = ["true"]
    params: list[Any] = []
    if area_set_id is not None:
        parts.append("a.area_set_id = ?")
        params.append(area_set_id)
    if area_code is not None:
        parts.append("a.area_code = ?")
        params.append(area_code)
    if status:
        parts.append(f"a.status IN ({', '.join('?' for _ in status)})")
        params.extend(status)
    if focus_area_id is not None:
        parts.append("a.focus_area_id = ?")
        params.append(focus_area_id)
    if running_in is not None:
        parts.append(_RUNNING_SQL)
        params.extend(_running_params(running_in))
    return reader.df(_SELECT + "WHERE " + " AND ".join(parts) + " ORDER BY a.due_on, a.id", params)


def overdue_actions(reader: Reader, area_set_id: int, on: date) -> pd.DataFrame:
    """Actions of the set still planned or in progress after their due date (``due_on < on``)."""
    actions = list_actions(reader, area_set_id, status=OPEN_STATUSES)
    if actions.empty:
        return actions
    due = pd.to_datetime(actions["due_on"]).dt.date
    return actions[due < on].reset_index(drop=True)


def list_notes(reader: Reader, action_id: int) -> pd.DataFrame:
    """An action's follow-up notes, oldest first (note, status, meeting_id, written_by, written_at)."""
    return reader.df(
        "SELECT id, note, status, meeting_id, written_by, written_at FROM action_notes WHERE action_id = ? "
        "ORDER BY written_at, id",
        [action_id],
    )


def add_focus_area(writer: Writer, viewer: Viewer, name: str, year: int | None = None) -> int:
    """Add a focus area of the medborgarlöfte (e.g. ``Droger``); return its id (existing name: its id)."""
    require(viewer, Permission.MANAGE_MEETINGS)
    clean = _clean(name, "name", required=True)
    found = writer.value("SELECT id FROM focus_areas WHERE name = ?", [clean])
    if found is not None:
        return int(found)
    focus_id = writer.insert("focus_areas", {"name": clean, "year": year})
    audit.record(writer, viewer.user, "edit", f"focus area {focus_id}", 1, {"name": clean})
    return focus_id


def list_focus_areas(reader: Reader) -> pd.DataFrame:
    """The medborgarlöfte focus areas (id, name, year), by name."""
    return reader.df("SELECT id, name, year FROM focus_areas ORDER BY name")


def focus_area_progress(reader: Reader, on: date, running_in: Period | None = None) -> pd.DataFrame:
    """Progress per focus area: how many actions in each status, how many overdue and in the åtgärdsplan.

    ``running_in`` counts only the actions running at some time in the period (those
    ``list_actions(running_in=…)`` lists); every focus area keeps its row.

    Returns
    -------
    pandas.DataFrame
        One row per focus area (and one with ``focus_area`` None for actions without one, when there are
        any): focus_area, total, planerad, pagar, klar, avbruten, overdue, in_action_plan, done_share.
    """
    end, start = _running_params(running_in) if running_in else [None, None]
    frame = reader.df(
        "SELECT f.name AS focus_area, count(a.id) AS total, "  # noqa: S608 - _RUNNING_SQL is a code constant
        "count(a.id) FILTER (WHERE a.status = 'planerad') AS planerad, "
        "count(a.id) FILTER (WHERE a.status = 'pagar') AS pagar, "
        "count(a.id) FILTER (WHERE a.status = 'klar') AS klar, "
        "count(a.id) FILTER (WHERE a.status = 'avbruten') AS avbruten, "
        "count(a.id) FILTER (WHERE a.status IN ('planerad', 'pagar') AND a.due_on < ?) AS overdue, "
        "count(a.id) FILTER (WHERE a.in_action_plan) AS in_action_plan "
        "FROM focus_areas f FULL OUTER JOIN "
        f"(SELECT * FROM actions a WHERE CAST(? AS DATE) IS NULL OR ({_RUNNING_SQL})) a ON a.focus_area_id = f.id "
        "GROUP BY f.name HAVING f.name IS NOT NULL OR count(a.id) > 0 ORDER BY f.name NULLS LAST",
        [on, end, end, start],
    )
    counts = ["total", "planerad", "pagar", "klar", "avbruten", "overdue", "in_action_plan"]
    frame[counts] = frame[counts].astype("int64")
    finished = frame["total"] - frame["avbruten"]
    frame["done_share"] = (frame["klar"] / finished).where(finished > 0)
    return frame


# -- display forms for the pages (plain DataFrames; no Streamlit here) --------------------------------------


def finished_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """The finished (``klar``) rows of :func:`list_actions`: the only actions an evaluation can judge."""
    return actions[actions["status"] == "klar"] if not actions.empty else actions


def action_label(row: dict[str, Any], lang: Lang = "sv") -> str:
    """``#12 Klottersanering · Centrum · due 2026-11-30`` for choosing an action in a list."""
    kind = t("actions.type." + str(row["action_type"]), lang)
    area = row.get("area_name") or row["area_code"]
    return f"#{row['id']} {kind} · {area} · {row['what']} · {str(row['due_on'])[:10]}"


def actions_for_display(actions: pd.DataFrame, lang: Lang, on: date) -> pd.DataFrame:
    """The register as a table: id, area, type, what, owner, start, due, status (⚠ when overdue), notes."""
    due = pd.to_datetime(actions["due_on"]).dt.date
    overdue = actions["status"].isin(OPEN_STATUSES) & (due < on)
    status = [
        ("⚠ " if late else "") + t(f"actions.status.{s}", lang)
        for s, late in zip(actions["status"], overdue, strict=True)
    ]
    return pd.DataFrame(
        {
            "#": actions["id"].astype("int64"),
            t("common.area", lang): actions["area_name"].fillna(actions["area_code"]),
            t("actions.type", lang): [t(f"actions.type.{v}", lang) for v in actions["action_type"]],
            t("actions.what", lang): actions["what"],
            t("actions.owner", lang): actions["owner"],
            t("actions.start_on", lang): pd.to_datetime(actions["start_on"]).dt.strftime("%Y-%m-%d"),
            t("actions.due_on", lang): pd.to_datetime(actions["due_on"]).dt.strftime("%Y-%m-%d"),
            t("actions.status", lang): status,
            t("actions.col.focus_area", lang): actions["focus_area"].fillna(""),
            t("actions.follow_up", lang): actions["notes"].astype("int64"),
        }
    )


def progress_for_display(progress: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """:func:`focus_area_progress` with translated headers and the share done as a percentage."""
    return pd.DataFrame(
        {
            t("actions.col.focus_area", lang): progress["focus_area"].fillna(t("actions.none_option", lang)),
            t("actions.col.total", lang): progress["total"],
            **{t(f"actions.status.{s}", lang): progress[s] for s in STATUSES},
            t("actions.col.overdue", lang): progress["overdue"],
            t("actions.col.in_plan", lang): progress["in_action_plan"],
            t("actions.col.done_share", lang): [
                "–" if pd.isna(v) else f"{round(float(v) * 100)} %" for v in progress["done_share"]
            ],
        }
    )
