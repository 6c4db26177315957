"""Hotspots with known answers: a planted cluster, uniform noise, the minimum-data refusal, Gi* by hand, trends."""

from __future__ import annotations

import json
import math
import random
from datetime import date, datetime, timedelta

import h3
import numpy as np
import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import PermissionDeniedError
from est.periods import Period
from est.picture.filters import Filters
from est.picture.hotspots import (
    MIN_CELLS,
    MIN_INCIDENTS,
    classify_trend,
    default_period,
    find_hotspots,
    find_hotspots_for,
    gi_star,
    reason_text,
    steering_period,
    study_weights,
)
from est.store import Store
from tests.test_import_cli import est

LAT, LON = 63.1775, 14.6370  # Östersund
PERIOD = Period(date(2026, 9, 7), date(2026, 12, 7))  # 13 ISO weeks, Monday to Monday


def _points(rng: random.Random, n: int, *, spread_m: float, lat: float = LAT, lon: float = LON) -> list[tuple]:
    """``n`` points uniformly in a square of ``spread_m`` around (lat, lon), at random times in PERIOD."""
    m_lat, m_lon = 1 / 111_320, 1 / (111_320 * math.cos(math.radians(lat)))
    rows = []
    for _ in range(n):
        east, north = rng.uniform(-spread_m, spread_m), rng.uniform(-spread_m, spread_m)
        at = datetime(2026, 9, 7, 12) + timedelta(minutes=rng.randrange(0, (13 * 7 - 1) * 24 * 60))
        rows.append((at, lat + north * m_lat, lon + east * m_lon))
    return rows


def _add(store: Store, points: list[tuple], *, precision: str = "exact") -> None:
    with store.writing() as w:
        if not w.value("SELECT count(*) FROM organisations"):
            w.execute(
                "INSERT INTO organisations (id, name, source_kind) VALUES (1, 'Bostadsbolaget', 'fastighetsagare')"
            )
        w.executemany(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, lat, lon, "
            "location_precision) VALUES (CAST(? AS TIMESTAMPTZ), 'skadegorelse.klotter', 'fastighetsagare', 1, "
            "?, ?, ?)",
            [[at.isoformat() + "+01:00", la, lo, precision] for at, la, lo in points],
        )


def _find(store: Store):
    with store.reading() as r:
        return find_hotspots(r, Filters(PERIOD), None)


def test_a_planted_cluster_is_hot_and_uniform_noise_is_not(empty_store: Store) -> None:
    rng = random.Random(1)
    _add(empty_store, _points(rng, 600, spread_m=3000))  # noise over 6 × 6 km: about 2 per cell
    noise = _find(empty_store)
    assert noise.enough_data and len(noise.cells) > 200
    assert len(noise.hot) <= 1  # the false-discovery rate at q = 0.05 keeps noise out

    _add(empty_store, _points(rng, 80, spread_m=60, lat=LAT + 0.01, lon=LON + 0.02))  # one block, 80 more
    found = _find(empty_store)
    planted = h3.latlng_to_cell(LAT + 0.01, LON + 0.02, 9)
    assert found.hot and found.hot[0].id in {planted, *h3.grid_ring(planted, 1)}
    near = {planted, *h3.grid_disk(planted, 2)}
    assert all(c.id in near for c in found.hot), [c.id for c in found.hot]
    assert found.hot[0].z > 5 and found.hot[0].p < 1e-6
    assert found.incidents == 680 and found.area_only == 0


def test_too_little_data_names_no_hot_cell_and_says_why(empty_store: Store) -> None:
    rng = random.Random(2)
    _add(empty_store, _points(rng, MIN_INCIDENTS - 1, spread_m=30))  # all in one or two cells: a "cluster"
    few = _find(empty_store)
    assert (few.enough_data, few.reason, few.hot) == (False, "few_incidents", ())
    assert reason_text(few, "sv").startswith("För lite data för att peka ut hotspots: 59 problem med plats")
    assert reason_text(few, "en").startswith("Too little data to name hotspots: 59 incidents with a location")

    _add(empty_store, _points(rng, 100, spread_m=200))  # 159 incidents, but in fewer than 30 cells
    clustered = _find(empty_store)
    assert len(clustered.cells) < MIN_CELLS
    assert (clustered.enough_data, clustered.reason, clustered.hot) == (False, "few_cells", ())


def test_incidents_known_only_by_their_area_never_reach_a_cell(empty_store: Store) -> None:
    rng = random.Random(3)
    _add(empty_store, _points(rng, 300, spread_m=3000))
    _add(empty_store, _points(rng, 200, spread_m=10), precision="area")  # an area's centre, not a place
    found = _find(empty_store)
    assert (found.incidents, found.area_only) == (300, 200)
    assert sum(c.count for c in found.cells) == 300
    assert max(c.count for c in found.cells) < 20  # the 200 at one centre would make one cell of 200


def test_gi_star_matches_the_formula_worked_by_hand() -> None:
    # 19 cells (a cell and two rings); the centre holds 10, its first ring 1 each, the outer ring 0.
    centre = h3.latlng_to_cell(LAT, LON, 9)
    first = sorted(h3.grid_ring(centre, 1))
    cells = [centre, *first, *sorted(h3.grid_ring(centre, 2))]
    x = np.array([10.0] + [1.0] * 6 + [0.0] * 12)
    z = gi_star(x, study_weights(cells))
    # Gi* of the centre: its own and its six neighbours' values, w = 1 each (Getis & Ord 1995, eq. 4):
    # z = (Σ w x − x̄ Σ w) / (S √((n Σ w² − (Σ w)²) / (n − 1)))
    n, sw, swx = 19, 7, 16.0
    mean = x.sum() / n
    s = math.sqrt((x**2).sum() / n - mean**2)
    by_hand = (swx - mean * sw) / (s * math.sqrt((n * sw - sw**2) / (n - 1)))
    assert z[0] == pytest.approx(by_hand, rel=1e-9)
    assert by_hand == pytest.approx(2.1198, abs=1e-4)  # 10.105 / (2.2068 × 2.1602)


@pytest.mark.parametrize(
    ("hot", "z", "trend"),
    [
        ([1] * 13, list(range(13)), "intensifying"),
        ([1] * 13, list(range(13, 0, -1)), "diminishing"),
        ([1] * 13, [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5], "persistent"),
        ([0] * 12 + [1], [0] * 12 + [4], "new"),
        ([1, 0] * 6 + [1], [4, 0] * 6 + [4], "sporadic"),
        ([0] * 13, [1] * 13, "sporadic"),  # hot only taken together
    ],
)
def test_the_trend_of_a_hot_cell_follows_its_weeks(hot: list[int], z: list[float], trend: str) -> None:
    assert classify_trend(np.array(hot, dtype=bool), np.array(z, dtype=float)) == trend


def test_the_default_window_is_the_last_13_complete_weeks() -> None:
    assert default_period(date(2026, 12, 5)) == Period(date(2026, 8, 31), date(2026, 11, 30))
    assert steering_period(date(2026, 12, 5)) == default_period(date(2026, 12, 5))
    assert steering_period(date(2026, 12, 5), last=date(2026, 11, 29)) == Period(date(2026, 8, 31), date(2026, 11, 30))
    assert steering_period(date(2026, 12, 5), date(2026, 11, 1), date(2026, 11, 29)) == Period(
        date(2026, 11, 1), date(2026, 11, 30)
    )


def test_a_reader_may_not_see_hot_cells(demo_store: Store) -> None:
    with demo_store.reading() as r, pytest.raises(PermissionDeniedError):
        find_hotspots_for(r, Viewer("lasse@kommun.se", Role.LASARE), Filters(PERIOD))
    with demo_store.reading() as r:
        assert find_hotspots_for(r, LOCAL_ADMIN, Filters(default_period(date.today()))).enough_data


def test_cli_hotspots_keeps_its_json_contract(demo_store: Store) -> None:
    done = est("hotspots", "--json", db=demo_store)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {"period", "incidents", "enough_data", "reason", "fdr_q", "cells", "hot"} <= out.keys()
    assert set(out["period"]) == {"from", "to"} and out["fdr_q"] == 0.05
    assert out["enough_data"] is True and out["reason"] is None and out["hot"] >= 1
    assert out["hot"] == sum(c["hot"] for c in out["cells"])
    assert out["incidents"] == sum(c["count"] for c in out["cells"])
    cell = out["cells"][0]
    assert set(cell) == {"id", "centroid", "count", "z", "p", "hot", "trend"}
    assert cell["hot"] and h3.is_valid_cell(cell["id"]) and len(cell["centroid"]) == 2 and cell["trend"]

    few = json.loads(est("hotspots", "--from", "2026-01-05", "--to", "2026-01-06", "--json", db=demo_store).stdout)
    assert few["enough_data"] is False and few["reason"].startswith("Too little data") and few["hot"] == 0
