"""``est stats``: incident counts (sum of ``count``) in the exact JSON shape scripts rely on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from est.access.auth import LOCAL_ADMIN
from est.intake import ImportOptions, import_file
from est.store import Store
from tests.cli import est


def stats(store: Store, *args: str) -> dict[str, Any]:
    done = est("stats", *args, "--db", store.database, "--json")
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_stats_by_area_counts_the_count_column_and_outside_has_key_null(empty_store: Store, tmp_path: Path) -> None:
    import geopandas as gpd

    from est.areas.sets import AreaColumns, save_area_set
    from tests.conftest import KOMMUN_FILE

    frame = gpd.read_file(KOMMUN_FILE)
    frame = frame[frame["KnKod"].isin(["2380", "2283"])]
    with empty_store.writing() as w:
        save_area_set(w, "Kommuner", frame, columns=AreaColumns(name="KnNamn", code="KnKod"), default=True)
    path = tmp_path / "s.csv"
    path.write_text(
        "Datum;Kategori;Antal;Lat;Lon\n"
        "2026-11-01 10:00;Klotter;80;63.1775;14.637\n"  # Östersund
        "2026-11-02 10:00;Glaskross;4;63.1775;14.637\n"
        "2026-11-03 10:00;Klotter;2;63.17;17.27\n"  # Sollefteå
        "2026-10-03 10:00;Klotter;1;55.6;13.0\n",  # Malmö: outside these areas
        encoding="utf-8",
    )
    import_file(empty_store, LOCAL_ADMIN, path, ImportOptions(organisation="T", source_kind="fastighetsagare"))
    result = stats(empty_store)
    assert result["by"] == "area"
    assert result["rows"] == [
        {"key": "2380", "label": "Östersund", "count": 84},
        {"key": "2283", "label": "Sollefteå", "count": 2},
        {"key": None, "label": "Utanför områden", "count": 1},
    ]
    by_category = {r["key"]: r["count"] for r in stats(empty_store, "--by", "category")["rows"]}
    assert by_category == {"skadegorelse.klotter": 83, "skadegorelse.glaskross": 4}
    assert stats(empty_store, "--by", "source")["rows"] == [
        {"key": "fastighetsagare", "label": "Fastighetsägare", "count": 87}
    ]
    assert [r["key"] for r in stats(empty_store, "--by", "month")["rows"]] == ["2026-10", "2026-11"]
    assert [r["key"] for r in stats(empty_store, "--by", "week")["rows"]] == ["2026-W40", "2026-W44", "2026-W45"]
    november = stats(empty_store, "--from", "2026-11-02", "--to", "2026-11-03")
    assert sum(r["count"] for r in november["rows"]) == 6


def test_stats_with_a_bad_date_is_a_usage_error_saying_the_format(empty_store: Store) -> None:
    done = est("stats", "--from", "1/11", "--db", empty_store.database)
    assert done.returncode == 2 and done.stderr.startswith("usage: est stats ")
    assert "error: argument --from: '1/11' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-03" in done.stderr


def test_stats_counts_problems_by_default_and_every_report_with_raw(empty_store: Store, tmp_path: Path) -> None:
    from est.intake.dedup import link_in_place

    rows = {
        "Bostadsbolaget": "2026-11-01 10:00;Klotter;2;63.1775;14.637\n2026-11-02 10:00;Glaskross;1;63.18;14.66\n",
        "Polisen": "2026-11-01 10:20;Klotter;2;63.1775;14.637\n2026-11-02 10:30;Glaskross;1;63.18;14.66\n"
        "2026-11-20 10:00;Klotter;5;63.19;14.70\n",
    }
    for org, kind in (("Bostadsbolaget", "fastighetsagare"), ("Polisen", "polis")):
        path = tmp_path / f"{org}.csv"
        path.write_text("Datum;Kategori;Antal;Lat;Lon\n" + rows[org], encoding="utf-8")
        import_file(empty_store, LOCAL_ADMIN, path, ImportOptions(organisation=org, source_kind=kind))
    with empty_store.writing() as w:
        link_in_place(w)
    # the police's first two reports joined the housing company's problems: 2 reports, count 2 + 1
    assert empty_store.value("SELECT count(*) FROM incidents WHERE duplicate_of IS NOT NULL") == 2
    problems = stats(empty_store, "--by", "source")
    assert problems == {
        "by": "source",
        "raw": False,
        "rows": [
            {"key": "polis", "label": "Polis", "count": 5},
            {"key": "fastighetsagare", "label": "Fastighetsägare", "count": 3},
        ],
    }
    reports = stats(empty_store, "--by", "source", "--raw")
    assert reports["raw"] is True
    assert {r["key"]: r["count"] for r in reports["rows"]} == {"polis": 8, "fastighetsagare": 3}
    for by in ("category", "month", "week"):
        default = sum(r["count"] for r in stats(empty_store, "--by", by)["rows"])
        raw = sum(r["count"] for r in stats(empty_store, "--by", by, "--raw")["rows"])
        assert (default, raw) == (8, 11), by
