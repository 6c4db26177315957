"""Data coverage ("which organisations have not reported") only expects reports from an organisation from
the week it started (created, first import or first report, whichever is earliest): no warning about
weeks before it existed."""

from __future__ import annotations

from datetime import date, timedelta

from est.periods import Period
from est.picture.coverage_display import coverage_warnings
from est.picture.data_coverage import coverage
from est.picture.filters import Filters
from est.store import Store
from tests.test_meetings import add_incidents, build_town

WEEK_46 = Period(date(2026, 11, 9), date(2026, 11, 16))  # the window: 2026-W39 … 2026-W46


def test_weeks_before_an_organisation_started_are_not_missing(empty_store: Store) -> None:
    town = build_town(empty_store)
    wednesdays = [date(2026, 9, 23) + timedelta(weeks=k) for k in range(8)]  # W39 … W46
    add_incidents(
        empty_store,
        town,
        [("A", f"{d} 12:00", "ordning.brak") for d in wednesdays if d != date(2026, 10, 21)],  # silent in W43
    )
    # The police's first file (imported on 20 November) reaches back to 3 November (W45).
    add_incidents(empty_store, town, [("B", "2026-11-03 12:00", "ordning.brak")], org="police")
    with empty_store.writing() as w:
        w.execute("UPDATE organisations SET created_at = TIMESTAMPTZ '2025-01-01 08:00:00+01'")
        w.execute(
            "UPDATE organisations SET created_at = TIMESTAMPTZ '2026-11-20 08:00:00+01' WHERE id = ?", [town["police"]]
        )
        w.execute(
            "UPDATE incidents SET created_at = TIMESTAMPTZ '2026-11-20 08:00:00+01' WHERE organisation_id = ?",
            [town["police"]],
        )
        # Night walkers joined on Wednesday of W45 and have sent nothing since; a guard company joins later.
        w.execute(
            "INSERT INTO organisations (name, source_kind, created_at) VALUES "
            "('Nattvandrarna', 'nattvandrare', TIMESTAMPTZ '2026-11-04 19:00:00+01'), "
            "('Väktarbolaget', 'vaktare', TIMESTAMPTZ '2026-12-01 08:00:00+01')"
        )
    with empty_store.reading() as r:
        rows = {row.organisation: row for row in coverage(r, Filters(period=WEEK_46))}
    housing, police = rows["Bostadsbolaget"], rows["Polisen"]
    assert (housing.weeks, housing.missing_weeks, housing.silent_last_week) == (8, ("2026-W43",), False)
    assert housing.reporting_since == date(2025, 1, 1)
    # Expected from W45 (its first report), not blamed for W39 … W44; silent in W46.
    assert (police.weeks, police.missing_weeks, police.silent_last_week) == (2, ("2026-W46",), True)
    assert police.reporting_since == date(2026, 11, 3)
    walkers = rows["Nattvandrarna"]
    assert (walkers.weeks, walkers.missing_weeks, walkers.silent_last_week) == (2, ("2026-W45", "2026-W46"), True)
    guards = rows["Väktarbolaget"]  # did not exist in the window
    assert (guards.weeks, guards.missing_weeks, guards.silent_last_week) == (0, (), False)
    warned = " ".join(coverage_warnings(list(rows.values()), "sv"))
    assert "Polisen" in warned and "Nattvandrarna" in warned
    assert "Väktarbolaget" not in warned and "Bostadsbolaget" not in warned
