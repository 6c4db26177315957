"""Retention: free text and exact points past the period are purged, counts per area and week stay."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.access.retention import cutoff_for, last_run, plan, run
from est.access.settings import set_setting
from est.errors import PermissionDeniedError
from est.store import Store
from tests.cli import est as run_est

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

TZ = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 11, 15)


def _fill(store: Store) -> None:
    rows = [
        # (id, occurred, description, place, lat, lon, area)
        (1, datetime(2024, 1, 10, 22, 0, tzinfo=TZ), "klotter i trapphus", "Storgatan 4", 63.17, 14.63, 7),
        (2, datetime(2024, 6, 1, 1, 0, tzinfo=TZ), None, None, 63.18, 14.64, None),
        (3, datetime(2024, 11, 14, 23, 59, tzinfo=TZ), "samling", None, None, None, 7),
        (4, datetime(2024, 11, 15, 0, 0, tzinfo=TZ), "precis innanför", "Parken", 63.19, 14.65, 7),
        (5, datetime(2026, 10, 1, 12, 0, tzinfo=TZ), "ny", "Torget", 63.2, 14.66, 7),
    ]
    with store.writing() as w:
        w.execute("INSERT INTO organisations (id, name) VALUES (1, 'Bolaget')")
        for id_, at, text, place, lat, lon, area in rows:
            w.execute(
                "INSERT INTO incidents (id, occurred_at, category_code, source_kind, organisation_id, description, "
                "place, lat, lon) VALUES (?, ?, 'skadegorelse.klotter', 'fastighetsagare', 1, ?, ?, ?, ?)",
                [id_, at, text, place, lat, lon],
            )
            w.execute("INSERT INTO incident_areas VALUES (?, 1, ?)", [id_, area])


def _weekly_counts(store: Store) -> list[tuple[object, ...]]:
    return store.rows(
        "SELECT ia.area_id, date_trunc('week', i.occurred_at) AS week, count(*) FROM incidents i "
        "JOIN incident_areas ia ON ia.incident_id = i.id GROUP BY ALL ORDER BY ALL"
    )


def test_cutoff_is_local_midnight_months_back_clamped_to_month_end() -> None:
    assert cutoff_for(24, TODAY) == datetime(2024, 11, 15, tzinfo=TZ)
    assert cutoff_for(1, date(2026, 3, 31)) == datetime(2026, 2, 28, tzinfo=TZ)
    assert cutoff_for(12, date(2024, 2, 29)) == datetime(2023, 2, 28, tzinfo=TZ)


def test_dry_run_tells_what_would_go_and_changes_nothing(empty_store: Store) -> None:
    _fill(empty_store)
    before = empty_store.rows("SELECT * FROM incidents ORDER BY id")
    result = run(empty_store, LOCAL_ADMIN, dry_run=True, today=TODAY)
    assert (result.free_text_rows, result.exact_point_rows, result.incidents_affected) == (2, 2, 3)
    assert result.dry_run
    assert empty_store.rows("SELECT * FROM incidents ORDER BY id") == before
    assert empty_store.value("SELECT count(*) FROM audit_log") == 0


def test_run_purges_text_and_points_and_keeps_counts_per_area_and_week(empty_store: Store) -> None:
    _fill(empty_store)
    counts = _weekly_counts(empty_store)
    result = run(empty_store, LOCAL_ADMIN, today=TODAY)
    assert result.incidents_affected == 3 and not result.dry_run
    rows = empty_store.rows("SELECT id, description, place, lat, lon, location_precision FROM incidents ORDER BY id")
    assert rows[0] == (1, None, None, None, None, "area")
    assert rows[1] == (2, None, None, None, None, "none")  # it had no area
    assert rows[2][1] is None
    assert rows[3] == (4, "precis innanför", "Parken", 63.19, 14.65, "exact")  # at the cutoff: kept
    assert rows[4][1] == "ny"
    assert _weekly_counts(empty_store) == counts
    entry = empty_store.rows("SELECT actor, action, rows, detail FROM audit_log")[0]
    assert entry is not None and entry[:3] == ("local", "retention", 3)
    assert json.loads(entry[3])["free_text_rows"] == 2
    with empty_store.reading() as r:
        assert last_run(r) is not None
        assert plan(r, today=TODAY).incidents_affected == 0  # a second run has nothing left


def test_the_setting_decides_the_period(empty_store: Store) -> None:
    _fill(empty_store)
    with empty_store.writing() as w:
        set_setting(w, "retention_months", "1", by="test")
    assert run(empty_store, LOCAL_ADMIN, dry_run=True, today=TODAY).incidents_affected == 5


def test_only_admins_run_retention(empty_store: Store) -> None:
    with pytest.raises(PermissionDeniedError):
        run(empty_store, Viewer("s", Role.SAMORDNARE), today=TODAY)


def _est(*args: str) -> subprocess.CompletedProcess[str]:
    return run_est(*args)


def test_cli_dry_run_then_run_with_json(empty_store: Store) -> None:
    _fill(empty_store)
    db = empty_store.database
    dry = _est("retention", "run", "--dry-run", "--months", "1", "--db", db, "--json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["dry_run"] is True
    assert json.loads(dry.stdout)["incidents_affected"] == 5
    done = _est("retention", "run", "--months", "1", "--db", db)
    assert done.returncode == 0 and done.stdout.startswith("purged: free text of 4 and exact points of 4")
    bad = _est("retention", "run", "--months", "0", "--db", db)
    assert bad.returncode == 1 and bad.stderr.startswith("error: --months must be at least 1")
