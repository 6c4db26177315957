"""Placing imported points in areas: the import's chunked look-up gives what est.areas.sets.assign_incidents gives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
import shapely

from est.access.auth import LOCAL_ADMIN
from est.areas.sets import assign_incidents
from est.intake import ImportOptions, import_file, importer
from est.intake.placing import AreaLocator
from est.store import Store

if TYPE_CHECKING:
    from numpy.typing import NDArray


def test_lowest_area_id_wins_on_a_shared_border_and_outside_is_minus_one() -> None:
    left = shapely.to_wkb(shapely.box(0, 0, 1, 1))
    right = shapely.to_wkb(shapely.box(1, 0, 2, 1))
    locator = AreaLocator([(9, right), (4, left)])
    found = locator.locate(np.array([0.5, 1.0, 1.5, 3.0]), np.array([0.5, 0.5, 0.5, 0.5]))
    assert found.tolist() == [4, 4, 9, -1]


def test_a_point_on_the_sets_top_or_right_edge_gets_its_area() -> None:
    # 1.0 // 0.1 is 9 but floor(1.0 / 0.1) is 10: the grid must be as wide as locate() counts cells
    locator = AreaLocator([(5, shapely.to_wkb(shapely.box(0, 0, 1, 1)))])
    assert locator.locate(np.array([1.0, 0.5, 1.0]), np.array([0.5, 1.0, 1.0])).tolist() == [5, 5, 5]


class _CellCountingLocator(AreaLocator):
    """An AreaLocator that counts the grid cells it classifies."""

    classified = 0

    def _classify(self, ix: NDArray[np.int64], iy: NDArray[np.int64], size: float) -> NDArray[np.int64]:
        self.classified += len(ix)
        return super()._classify(ix, iy, size)


def test_only_cells_near_an_area_are_classified_when_areas_lie_far_apart() -> None:
    # two small areas half a world apart: a grid of 2.6 million cells, of which 30 can touch an area
    areas = [
        (1, shapely.to_wkb(shapely.box(14, 60, 14.45, 60.25))),
        (2, shapely.to_wkb(shapely.box(-170, -80, -169.95, -79.95))),
    ]
    locator = _CellCountingLocator(areas)
    assert locator.classified < 100
    found = locator.locate(np.array([14.2, -169.97, 0.0]), np.array([60.1, -79.97, 0.0]))
    assert found.tolist() == [1, 2, -1]


class _CountingLocator(AreaLocator):
    """An AreaLocator that counts the points left to the point-in-polygon test."""

    tested = 0

    def _test(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64], which: NDArray[np.int64], out: NDArray[np.int64]
    ) -> None:
        self.tested += len(which)
        super()._test(lon, lat, which, out)


def test_small_neighbourhoods_are_decided_by_finer_cells_with_the_point_in_polygon_answer() -> None:
    # forty neighbourhoods of a town (Voronoi cells over 0.3 × 0.2 degrees): a border crosses nearly every
    # 0.1-degree cell, so without finer cells almost every point would need a point-in-polygon test
    rng = np.random.default_rng(7)
    town = shapely.box(14.5, 63.1, 14.8, 63.3)
    seeds = shapely.multipoints(np.column_stack([rng.uniform(14.5, 14.8, 40), rng.uniform(63.1, 63.3, 40)]))
    cells = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(seeds)), town)
    areas = [(100 + i, shapely.to_wkb(cell)) for i, cell in enumerate(cells)]
    lon = rng.uniform(14.49, 14.81, 400_000)  # a kommun's points: in town, a few just outside
    lat = rng.uniform(63.09, 63.31, 400_000)
    corners = shapely.get_coordinates(cells)  # on borders that two or three neighbourhoods share
    lon, lat = np.concatenate([lon, corners[:, 0]]), np.concatenate([lat, corners[:, 1]])
    locator = _CountingLocator(areas)
    # two chunks: the second reuses the cells the first classified
    found = np.concatenate([locator.locate(lon[:200_000], lat[:200_000]), locator.locate(lon[200_000:], lat[200_000:])])
    # the rule itself: the lowest id among the areas the point intersects, else -1
    point, area = shapely.STRtree(cells).query(shapely.points(lon, lat), predicate="intersects")
    expected = np.full(len(lon), -1)
    for p, a in zip(point.tolist(), area.tolist(), strict=True):
        expected[p] = 100 + a if expected[p] < 0 else min(expected[p], 100 + a)
    assert found.tolist() == expected.tolist()
    assert 0.8 < (expected >= 0).mean() < 1
    assert locator.tested < len(lon) * 0.15  # with 0.1-degree cells alone: nearly 90 %


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
