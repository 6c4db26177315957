"""Placing imported points in areas: the import's chunked look-up gives what est.areas.sets.assign_incidents gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from est.access.auth import LOCAL_ADMIN
from est.areas.sets import assign_incidents
from est.intake import ImportOptions, import_file, importer
from est.intake.placing import AreaLocator
from est.store import Store


def test_lowest_area_id_wins_on_a_shared_border_and_outside_is_minus_one() -> None:
    left = shapely.to_wkb(shapely.box(0, 0, 1, 1))
    right = shapely.to_wkb(shapely.box(1, 0, 2, 1))
    locator = AreaLocator([(9, right), (4, left)])
    found = locator.locate(np.array([0.5, 1.0, 1.5, 3.0]), np.array([0.5, 0.5, 0.5, 0.5]))
    assert found.tolist() == [4, 4, 9, -1]


def test_imported_points_get_the_areas_assign_incidents_gives(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # several chunks, each looked up while the one before is written
    monkeypatch.setattr(importer, "PLACE_CHUNK_ROWS", 700)
    with demo_store.reading() as r:
        areas = r.rows("SELECT id, geom_wkb FROM areas")
    geoms = shapely.from_wkb([bytes(a[1]) for a in areas])
    min_x, min_y, max_x, max_y = shapely.total_bounds(geoms)
    rng = np.random.default_rng(3)
    lon = rng.uniform(min_x - 0.02, max_x + 0.02, 2000)
    lat = rng.uniform(min_y - 0.02, max_y + 0.02, 2000)
    # polygon corners: points on borders that several areas share
    corners = shapely.get_coordinates(geoms)[::7][:300]
    lon = np.concatenate([lon, corners[:, 0]])
    lat = np.concatenate([lat, corners[:, 1]])
    lines = ["Datum;Kategori;Lat;Lon"] + [
        f"2026-11-01 10:00;Klotter;{float(y)};{float(x)}" for x, y in zip(lon, lat, strict=True)
    ]
    path = tmp_path / "punkter.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(demo_store, LOCAL_ADMIN, path, ImportOptions(organisation="Punkthem"))
    assert report.rows_imported == len(lon)
    query = (
        "SELECT ia.incident_id, ia.area_set_id, ia.area_id FROM incident_areas ia "
        "JOIN incidents i ON i.id = ia.incident_id WHERE i.batch_id = ? ORDER BY ALL"
    )
    placed = demo_store.rows(query, [report.batch_id])
    with demo_store.writing(extensions=("spatial",)) as w:
        assign_incidents(w, batch_id=report.batch_id)
    assert demo_store.rows(query, [report.batch_id]) == placed
    sets = int(demo_store.value("SELECT count(*) FROM area_sets"))
    assert len(placed) == len(lon) * sets
    chosen = int(demo_store.value("SELECT id FROM area_sets WHERE is_default"))
    outside = sum(1 for p in placed if p[2] is None and p[1] == chosen)
    assert 0 < outside < len(lon)
    assert report.rows_outside_areas == outside


def test_an_external_id_repeated_in_the_file_gives_its_incident_one_area(demo_store: Store, tmp_path: Path) -> None:
    # located by area name only; A-1 is on two valid rows, the second is a duplicate within the file
    path = tmp_path / "omraden.csv"
    path.write_text(
        "Ärendenummer;Datum;Kategori;Område\n"
        "A-1;2026-11-01 10:00;Klotter;Söder\n"
        "A-2;2026-11-01 11:00;Klotter;Centrum\n"
        "A-1;2026-11-01 10:00;Klotter;Centrum\n",
        encoding="utf-8",
    )
    report = import_file(
        demo_store, LOCAL_ADMIN, path, ImportOptions(organisation="Områdeshem", area_set="Bostadsområden")
    )
    assert (report.rows_imported, report.rows_duplicate) == (2, 1)
    placed = demo_store.rows(
        "SELECT i.external_id, a.name FROM incidents i JOIN incident_areas ia ON ia.incident_id = i.id "
        "JOIN area_sets s ON s.id = ia.area_set_id AND s.name = 'Bostadsområden' "
        "LEFT JOIN areas a ON a.id = ia.area_id WHERE i.batch_id = ? ORDER BY ALL",
        [report.batch_id],
    )
    assert placed == [("A-1", "Söder"), ("A-2", "Centrum")]
    per_incident = demo_store.rows(
        "SELECT ia.incident_id, ia.area_set_id, count(*) FROM incident_areas ia "
        "JOIN incidents i ON i.id = ia.incident_id WHERE i.batch_id = ? GROUP BY ALL HAVING count(*) > 1",
        [report.batch_id],
    )
    assert per_incident == []
