"""Data coverage: who has reported, when they last uploaded, and which weeks have no reports from them.

Who calls it: every analysis page (the "Datatäckning" panel) and reports. "No reports" is not "nothing
happened": a property owner who has not uploaded this week's file makes an area look calm. The panel
lists, per source kind and organisation, the last upload (the newest committed import batch, else the
newest report) and the ISO weeks of the coverage window without a single report.

An organisation is only expected to report from the week it started: the earliest of when it was
created, its first import and its first report (a first import may bring older reports). Weeks before
that are not "missing", and an organisation that did not exist yet is not warned about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from est.periods import Period
from est.picture.filters import Filters
from est.picture.timesql import by_local_hour

if TYPE_CHECKING:
    from est.store import Reader

__all__ = ["COVERAGE_MIN_WEEKS", "SourceCoverage", "coverage", "coverage_window"]

COVERAGE_MIN_WEEKS = 8


@dataclass(frozen=True)
class SourceCoverage:
    """One organisation's reporting in the coverage window."""

    source_kind: str
    source_label_sv: str
    source_label_en: str
    organisation_id: int
    organisation: str
    last_upload: datetime | None
    reports: int
    weeks: int
    missing_weeks: tuple[str, ...]
    silent_last_week: bool
    reporting_since: date | None = None


def coverage_window(period: Period) -> Period:
    """The whole ISO weeks that overlap ``period``, at least ``COVERAGE_MIN_WEEKS`` of them, ending with its last."""
    last_monday = period.last_day - timedelta(days=period.last_day.isoweekday() - 1)
    first_monday = period.start - timedelta(days=period.start.isoweekday() - 1)
    first_monday = min(first_monday, last_monday - timedelta(weeks=COVERAGE_MIN_WEEKS - 1))
    return Period(first_monday, last_monday + timedelta(days=7))


def _week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def coverage(reader: Reader, filters: Filters) -> list[SourceCoverage]:
    """Per organisation (restricted by the filter's sources and organisations): last upload and silent weeks.

    Categories and areas are not applied: coverage is about whether a source reported at all.
    Organisations that have never reported are listed too (every week since they were created is then
    missing). ``weeks`` counts only the weeks of the window from the organisation's start on (see the
    module docstring), so ``missing_weeks`` and ``silent_last_week`` never blame it for a week before it.
    """
    window = coverage_window(filters.period)
    conditions = ["TRUE"]
    params: list[object] = [window.start.isoformat(), window.end.isoformat()]
    if filters.sources:
        conditions.append(f"o.source_kind IN ({', '.join('?' for _ in filters.sources)})")
        params.extend(filters.sources)
    if filters.organisations:
        conditions.append(f"o.id IN ({', '.join('?' for _ in filters.organisations)})")
        params.extend(filters.organisations)
    rows = reader.rows(
        "WITH weekly AS ("  # noqa: S608 - fragments are code constants; values are bound
        + by_local_hour(
            "i.organisation_id AS organisation_id",
            "FROM incidents i WHERE i.occurred_at >= CAST(? AS DATE)::TIMESTAMPTZ "
            "AND i.occurred_at < CAST(? AS DATE)::TIMESTAMPTZ",
            "CAST(date_trunc('week', t) AS DATE) AS monday",
            "organisation_id",
        )
        + "), "  # noqa: S608 - fragments are code constants; values are bound
        "uploads AS (SELECT organisation_id, max(created_at) AS at FROM import_batches "
        "  WHERE undone_at IS NULL GROUP BY ALL), "
        "first_batch AS (SELECT organisation_id, min(created_at) AS at FROM import_batches GROUP BY ALL), "
        "reported AS (SELECT organisation_id, max(created_at) AS at, min(created_at) AS first_at, "
        "  min(occurred_at) AS first_occurred FROM incidents GROUP BY ALL) "
        "SELECT o.id, o.name, o.source_kind, coalesce(k.label_sv, o.source_kind), coalesce(k.label_en, o.source_kind), "
        "  greatest(u.at, r.at), list(w.monday ORDER BY w.monday) FILTER (WHERE w.monday IS NOT NULL), "
        "  coalesce(sum(w.count), 0), "
        "  CAST(least(o.created_at, b.at, r.first_at, r.first_occurred) AS DATE) "
        "FROM organisations o LEFT JOIN source_kinds k ON k.code = o.source_kind "
        "LEFT JOIN uploads u ON u.organisation_id = o.id LEFT JOIN reported r ON r.organisation_id = o.id "
        "LEFT JOIN first_batch b ON b.organisation_id = o.id LEFT JOIN weekly w ON w.organisation_id = o.id "
        f"WHERE {' AND '.join(conditions)} "
        "GROUP BY o.id, o.name, o.source_kind, k.label_sv, k.label_en, k.sort, o.created_at, u.at, r.at, b.at, "
        "  r.first_at, r.first_occurred "
        "ORDER BY k.sort NULLS LAST, o.name",
        params,
    )
    mondays = [window.start + timedelta(weeks=i) for i in range(window.days // 7)]
    out: list[SourceCoverage] = []
    for org_id, name, kind, label_sv, label_en, last, reported_weeks, reports, since in rows:
        seen = set(reported_weeks or [])
        expected = [m for m in mondays if since is None or m + timedelta(days=7) > since]
        missing = tuple(_week_label(m) for m in expected if m not in seen)
        out.append(
            SourceCoverage(
                source_kind=str(kind),
                source_label_sv=str(label_sv),
                source_label_en=str(label_en),
                organisation_id=int(org_id),
                organisation=str(name),
                last_upload=last if isinstance(last, datetime) else None,
                reports=int(reports),
                weeks=len(expected),
                missing_weeks=missing,
                silent_last_week=bool(expected) and expected[-1] == mondays[-1] and mondays[-1] not in seen,
                reporting_since=since if isinstance(since, date) else None,
            )
        )
    return out
