"""Benchmark: assign N incidents to the areas of a set, DuckDB spatial join vs geopandas sjoin.

Both paths do the whole job the app needs: read the located incidents, find each point's area (lowest
area id on shared borders, NULL outside), and write ``incident_areas``. The DuckDB path is
:func:`est.areas.sets.assign_incidents`; the geopandas path reads the points out, runs ``sjoin`` and writes
the result back. Polygons are Voronoi cells (like bostadsområden / DeSO), points uniform over the set's
bounding box (some fall outside). Prints one JSON object.

Usage: python bench/areas.py [--rows 1000000] [--areas 500 6000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from est.areas.sets import AreaColumns, assign_incidents, save_area_set
from est.store import Store, Writer, open_store


def _areas(count: int, seed: int = 1) -> gpd.GeoDataFrame:
    """``count`` Voronoi cells over a square around Östersund sized so cells are ~0.5 km² … 2 km²."""
    rng = np.random.default_rng(seed)
    side = 1_000.0 * np.sqrt(count)  # ~1 km² per cell
    x0, y0 = 480_000.0 - side / 2, 7_006_000.0 - side / 2
    seeds = shapely.points(rng.uniform(x0, x0 + side, count), rng.uniform(y0, y0 + side, count))
    frame = shapely.box(x0, y0, x0 + side, y0 + side)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(seeds)), extend_to=frame)
    polygons = [cell.intersection(frame) for cell in cells.geoms]
    return gpd.GeoDataFrame(
        {"name": [f"Område {i:05d}" for i in range(len(polygons))], "code": [f"{i:05d}" for i in range(len(polygons))]},
        geometry=polygons,
        crs="EPSG:3006",
    ).to_crs("EPSG:4326")


def _fill(store: Store, areas: gpd.GeoDataFrame, rows: int) -> int:
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in areas.total_bounds)
    pad_lon, pad_lat = (max_lon - min_lon) * 0.03, (max_lat - min_lat) * 0.03
    with store.writing(extensions=("spatial",)) as w:
        set_id = save_area_set(w, "Bench", areas, columns=AreaColumns(name="name", code="code"))
        w.execute("INSERT INTO organisations (name) VALUES ('Bench')")
        w.execute(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, lat, lon) "
            "SELECT now(), 'okategoriserad', 'kommun', 1, ? + random() * ?, ? + random() * ? FROM range(?)",
            [
                min_lat - pad_lat,
                max_lat - min_lat + 2 * pad_lat,
                min_lon - pad_lon,
                max_lon - min_lon + 2 * pad_lon,
                rows,
            ],
        )
    return set_id


def _duckdb(store: Store, set_id: int) -> dict[str, float]:
    with store.writing(extensions=("spatial",)) as w:
        started = time.perf_counter()
        assign_incidents(w, area_set_id=set_id)
        seconds = time.perf_counter() - started
    return {"total": seconds}


def _geopandas(store: Store, set_id: int) -> dict[str, float]:
    with store.writing(extensions=("spatial",)) as w:
        started = time.perf_counter()
        points = w.df("SELECT id, lon, lat FROM incidents WHERE location_precision = 'exact' AND lat IS NOT NULL")
        polys = w.df("SELECT id AS area_id, geom_wkb FROM areas WHERE area_set_id = ?", [set_id])
        read = time.perf_counter()
        left = gpd.GeoDataFrame({"id": points["id"]}, geometry=gpd.points_from_xy(points["lon"], points["lat"]))
        right = gpd.GeoDataFrame(
            {"area_id": polys["area_id"]}, geometry=shapely.from_wkb([bytes(b) for b in polys["geom_wkb"]])
        )
        joined = gpd.sjoin(left, right, how="inner", predicate="intersects")
        hit = joined.groupby("id", sort=False)["area_id"].min()
        result = pd.DataFrame({"incident_id": points["id"]})
        result["area_id"] = result["incident_id"].map(hit).astype("Int64")
        joined_at = time.perf_counter()
        _write_back(w, set_id, result)
        done = time.perf_counter()
    return {"total": done - started, "read": read - started, "sjoin": joined_at - read, "write": done - joined_at}


def _write_back(w: Writer, set_id: int, result: pd.DataFrame) -> None:
    w.execute("DELETE FROM incident_areas WHERE area_set_id = ?", [set_id])
    w.register("_bench_result", result)
    w.execute("INSERT INTO incident_areas SELECT incident_id, ?, area_id FROM _bench_result", [set_id])


def _snapshot(store: Store, set_id: int) -> pd.DataFrame:
    with store.reading() as r:
        return r.df(
            "SELECT incident_id, area_id FROM incident_areas WHERE area_set_id = ? ORDER BY incident_id", [set_id]
        )


def run(rows: int, count: int, repeat: int) -> dict[str, Any]:
    """Time both paths on a fresh database with ``count`` polygons and ``rows`` points."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        areas = _areas(count)
        set_id = _fill(store, areas, rows)
        duck = [_duckdb(store, set_id) for _ in range(repeat)]
        duck_result = _snapshot(store, set_id)
        geo = [_geopandas(store, set_id) for _ in range(repeat)]
        geo_result = _snapshot(store, set_id)
        same = (
            duck_result["area_id"].fillna(-1).astype("int64").equals(geo_result["area_id"].fillna(-1).astype("int64"))
        )
        outside = int(duck_result["area_id"].isna().sum())
    return {
        "areas": len(areas),
        "rows": rows,
        "duckdb_seconds_median": round(statistics.median(d["total"] for d in duck), 3),
        "geopandas_seconds_median": round(statistics.median(g["total"] for g in geo), 3),
        "geopandas_sjoin_only_median": round(statistics.median(g["sjoin"] for g in geo), 3),
        "geopandas_read_write_median": round(statistics.median(g["read"] + g["write"] for g in geo), 3),
        "same_result": bool(same),
        "outside": outside,
    }


def main() -> None:
    """Parse arguments, run each polygon count, print one JSON object."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--areas", type=int, nargs="+", default=[500, 6000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = [run(args.rows, count, args.repeat) for count in args.areas]
    print(json.dumps({"benchmark": "assign incidents to areas", "runs": args.repeat, "results": results}))


if __name__ == "__main__":
    main()
