"""Retention: free text and exact points older than ``retention_months`` are purged; counts stay.

Who calls it: ``est retention run [--dry-run]`` (cron-able) and the privacy page (which shows the rule and
the last run). What is purged from each incident that occurred before the cutoff (today minus
``retention_months`` calendar months, at local midnight):

* the free text: ``description`` and ``place`` become NULL;
* the exact point: ``lat``/``lon`` become NULL and ``location_precision`` becomes ``area`` (the incident
  keeps its area in every area set, ``incident_areas``) or ``none`` (it had no area).

What stays: the incident row itself with its time, category, source and organisation, and its areas, so
counts per area and week are unchanged. A consequence: purged incidents cannot be assigned to an area set
added later. The audit log is never purged. Each run is one transaction with its audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.access.settings import get_setting
from est.errors import EstError

if TYPE_CHECKING:
    from est.store import Reader, Store

__all__ = ["RetentionPlan", "cutoff_for", "last_run", "plan", "retention_months", "run"]

_TZ = ZoneInfo("Europe/Stockholm")
_OLD = "occurred_at < ?"
_HAS_TEXT = "(description IS NOT NULL OR place IS NOT NULL)"
_HAS_POINT = "(lat IS NOT NULL OR lon IS NOT NULL)"


@dataclass(frozen=True)
class RetentionPlan:
    """What a retention run removes (or, after a run, removed)."""

    months: int
    cutoff: datetime
    free_text_rows: int
    exact_point_rows: int
    incidents_affected: int
    dry_run: bool

    def as_dict(self) -> dict[str, object]:
        """The plan as plain values (for ``--json``)."""
        return {
            "months": self.months,
            "cutoff": self.cutoff.isoformat(),
            "free_text_rows": self.free_text_rows,
            "exact_point_rows": self.exact_point_rows,
            "incidents_affected": self.incidents_affected,
            "dry_run": self.dry_run,
        }


def retention_months(reader: Reader) -> int:
    """The configured ``retention_months`` (default 24); raise with the fix when it is not a whole number ≥ 1."""
    raw = get_setting(reader, "retention_months") or "24"
    try:
        months = int(raw)
    except ValueError:
        raise EstError(
            f"the setting retention_months is '{raw}'; set it to a whole number of months, e.g. 24",
            sv=f"inställningen retention_months är '{raw}'; sätt den till ett helt antal månader, t.ex. 24",
        ) from None
    if months < 1:
        raise EstError(
            f"the setting retention_months is {months}; it must be at least 1",
            sv=f"inställningen retention_months är {months}; den måste vara minst 1",
        )
    return months


def cutoff_for(months: int, today: date | None = None) -> datetime:
    """Local midnight ``months`` calendar months before ``today`` (the day is clamped to the month's end).

    Examples
    --------
    >>> cutoff_for(1, date(2026, 3, 31)).isoformat()
    '2026-02-28T00:00:00+01:00'
    """
    day = today or datetime.now(_TZ).date()
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.combine(date(year, month, candidate), time(0), tzinfo=_TZ)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")  # pragma: no cover


def _counts(reader: Reader, cutoff: datetime) -> tuple[int, int, int]:
    row = reader.row(
        f"SELECT count(*) FILTER (WHERE {_HAS_TEXT}), count(*) FILTER (WHERE {_HAS_POINT}), "  # noqa: S608 - constants
        f"count(*) FILTER (WHERE {_HAS_TEXT} OR {_HAS_POINT}) FROM incidents WHERE {_OLD}",
        [cutoff],
    )
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def plan(reader: Reader, months: int | None = None, today: date | None = None) -> RetentionPlan:
    """What a run would purge now, without changing anything."""
    the_months = months if months is not None else retention_months(reader)
    cutoff = cutoff_for(the_months, today)
    text_rows, point_rows, affected = _counts(reader, cutoff)
    return RetentionPlan(the_months, cutoff, text_rows, point_rows, affected, dry_run=True)


def run(
    store: Store, viewer: Viewer, *, months: int | None = None, dry_run: bool = False, today: date | None = None
) -> RetentionPlan:
    """Purge free text and exact points older than the retention period (or only report it: ``dry_run``).

    Parameters
    ----------
    store
        The database.
    viewer
        Who runs it (needs ``MANAGE_SETTINGS``: the CLI operator or an admin).
    months
        Override the ``retention_months`` setting for this run.
    dry_run
        Only count what would go.
    today
        The reference day (tests); default today in Europe/Stockholm.

    Returns
    -------
    RetentionPlan
        What was (or would be) purged.
    """
    require(viewer, Permission.MANAGE_SETTINGS)
    if months is not None and months < 1:
        raise EstError(
            f"--months must be at least 1, not {months}",
            sv=f"antalet månader före gallring (--months) måste vara minst 1, inte {months}",
        )
    if dry_run:
        with store.reading() as reader:
            return plan(reader, months, today)
    with store.writing() as writer:
        done = plan(writer, months, today)
        if done.incidents_affected:
            writer.execute(
                "UPDATE incidents SET description = NULL, place = NULL "
                "WHERE occurred_at < ? AND (description IS NOT NULL OR place IS NOT NULL)",
                [done.cutoff],
            )
            writer.execute(
                "UPDATE incidents SET lat = NULL, lon = NULL, location_precision = CASE WHEN EXISTS ("
                "SELECT 1 FROM incident_areas ia WHERE ia.incident_id = incidents.id AND ia.area_id IS NOT NULL"
                ") THEN 'area' ELSE 'none' END WHERE occurred_at < ? AND (lat IS NOT NULL OR lon IS NOT NULL)",
                [done.cutoff],
            )
        audit.record(
            writer,
            viewer.user,
            "retention",
            target=f"incidents before {done.cutoff.date().isoformat()}",
            rows=done.incidents_affected,
            detail={
                "months": done.months,
                "free_text_rows": done.free_text_rows,
                "exact_point_rows": done.exact_point_rows,
            },
        )
    return RetentionPlan(
        done.months, done.cutoff, done.free_text_rows, done.exact_point_rows, done.incidents_affected, dry_run=False
    )


def last_run(reader: Reader) -> datetime | None:
    """When retention last ran (from the audit log), or None."""
    value = reader.value("SELECT max(logged_at) FROM audit_log WHERE action = 'retention'")
    return value if isinstance(value, datetime) else None
