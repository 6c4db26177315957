"""Cross-source duplicate linking: known answers, no chaining, confirm/split, counts, and a brute-force check."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.areas.sets import AreaColumns, save_area_set
from est.errors import EstError, PermissionDeniedError
from est.intake.dedup import (
    DedupConfig,
    candidate_pairs,
    confirm_problem,
    count_with_dedup,
    dedup_counts,
    link_duplicates,
    list_problems,
    load_config,
    problem_sources,
    save_config,
    split_incident,
)
from est.periods import Period
from est.picture.filters import Filters
from est.store import Store

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

LAT, LON = 63.1775, 14.6370
T0 = datetime(2026, 11, 2, 12, 0)
M_LAT = 1 / 111_320
M_LON = 1 / (111_320 * math.cos(math.radians(LAT)))
# (incident id, category, metres east, metres north, hours after T0, organisation id): one problem, three sources
THREE_GRAFFITI_REPORTS = [
    (1, "skadegorelse.klotter", 0, 0, 0, 1),
    (2, "skadegorelse.klotter", 10, 0, 1, 2),
    (3, "skadegorelse.klotter", 5, 5, 2, 3),
]


def _setup(store: Store, rows: list[tuple[int, str, float, float, float, int]]) -> None:
    """Rows: (incident id, category, metres east, metres north, hours after T0, organisation id)."""
    with store.writing(extensions=("spatial",)) as w:
        w.executemany(
            "INSERT INTO organisations (id, name, source_kind) VALUES (?, ?, ?)",
            [[1, "Bostadsbolaget", "fastighetsagare"], [2, "Nattvandrarna", "nattvandrare"], [3, "Polisen", "polis"]],
        )
        w.executemany(
            "INSERT INTO incidents (id, occurred_at, category_code, source_kind, organisation_id, lat, lon) "
            "VALUES (?, CAST(? AS TIMESTAMPTZ), ?, 'ovrig', ?, ?, ?)",
            [
                [i, (T0 + timedelta(hours=h)).isoformat(), cat, org, LAT + north * M_LAT, LON + east * M_LON]
                for i, cat, east, north, h, org in rows
            ],
        )


def _groups(store: Store) -> set[frozenset[int]]:
    rows = store.rows("SELECT problem_id, incident_id FROM problem_links")
    found: dict[int, set[int]] = {}
    for problem, incident in rows:
        found.setdefault(int(problem), set()).add(int(incident))
    return {frozenset(v) for v in found.values()}


def test_same_place_and_time_from_two_sources_is_linked_far_in_time_is_not(empty_store: Store) -> None:
    _setup(
        empty_store,
        [
            (1, "skadegorelse.klotter", 0, 0, 0, 1),  # the property owner
            (2, "skadegorelse.ovrig", 20, 5, 2, 2),  # a walker, 21 m and 2 h later
            (3, "skadegorelse.klotter", 10, 0, 72, 3),  # the police, 10 m but three days later
            (4, "skadegorelse.klotter", 250, 0, 1, 3),  # the police, an hour later but 250 m away
            (5, "skadegorelse.klotter", 5, 5, 3, 1),  # the same owner again: not a cross-source duplicate
            (6, "samling.utomhus", 0, 0, 1, 2),  # same place and time, another kind of problem
        ],
    )
    report = link_duplicates(empty_store, LOCAL_ADMIN, DedupConfig())
    assert _groups(empty_store) == {frozenset({1, 2})}
    assert report.problems == 1 and report.linked_incidents == 2
    with empty_store.reading() as reader:
        sources = problem_sources(reader, int(empty_store.value("SELECT id FROM problems")))
    assert sources["organisation"].tolist() == ["Bostadsbolaget", "Nattvandrarna"]  # keeps all its sources
    assert sources["anchor"].tolist() == [True, False]
    assert sources["distance_m"].iloc[1] == pytest.approx(math.hypot(20, 5), abs=0.5)
    assert sources["minutes_apart"].iloc[1] == pytest.approx(120)


def test_the_limits_are_configurable(empty_store: Store) -> None:
    _setup(
        empty_store,
        [
            (1, "skadegorelse.klotter", 0, 0, 0, 1),
            (2, "skadegorelse.ovrig", 200, 0, 30, 2),
            (3, "skadegorelse.klotter", 0, 30, 35, 1),
        ],
    )
    link_duplicates(empty_store, LOCAL_ADMIN, DedupConfig())
    assert _groups(empty_store) == set()
    link_duplicates(empty_store, LOCAL_ADMIN, DedupConfig(distance_m=300, window_hours=48))
    assert _groups(empty_store) == {frozenset({1, 2})}
    link_duplicates(empty_store, LOCAL_ADMIN, DedupConfig(300, 48, "same_code"))
    assert _groups(empty_store) == set()
    link_duplicates(empty_store, LOCAL_ADMIN, DedupConfig(300, 48, "same_group", different_organisations=False))
    assert _groups(empty_store) == {frozenset({1, 2, 3})}
    save_config(empty_store, LOCAL_ADMIN, DedupConfig(300, 48))
    with empty_store.reading() as reader:
        assert load_config(reader) == DedupConfig(300.0, 48.0)
    with pytest.raises(EstError, match="between 1 and 5000"):
        DedupConfig(distance_m=0)


def test_links_do_not_chain_beyond_the_first_report(empty_store: Store) -> None:
    # Three reports in a row, each 40 m east of and 20 h after the one before, from three organisations:
    # A–B and B–C are within 50 m / 24 h, A–C is not: B joins A's problem, C is not dragged in.
    _setup(empty_store, [(n, "ordning.brak", 40 * (n - 1), 0, 20 * (n - 1), n) for n in (1, 2, 3)])
    link_duplicates(empty_store, LOCAL_ADMIN)
    assert _groups(empty_store) == {frozenset({1, 2})}


def test_a_report_joins_the_nearest_earlier_problem_in_time(empty_store: Store) -> None:
    _setup(
        empty_store,
        [
            (1, "ordning.brak", 0, 0, 0, 1),
            (2, "ordning.brak", 500, 0, 0, 2),
            (3, "ordning.brak", 260, 0, 10, 3),  # 260 m from 1 and 240 m from 2, both 10 h later
            (4, "ordning.brak", 480, 0, 5, 3),  # near 2
            (5, "ordning.brak", 10, 0, 3, 2),  # near 1
        ],
    )
    link_duplicates(empty_store, LOCAL_ADMIN)
    assert _groups(empty_store) == {frozenset({1, 5}), frozenset({2, 4})}
    link_duplicates(empty_store, LOCAL_ADMIN, DedupConfig(distance_m=300))
    # Within 300 m, 3 is a candidate of both anchors (and of their members): equally late after both, it
    # joins the nearer anchor, 2. Members (4, 5) never anchor it.
    assert _groups(empty_store) == {frozenset({1, 5}), frozenset({2, 3, 4})}


def test_confirmed_problems_stay_and_split_reports_never_link_again(empty_store: Store) -> None:
    _setup(empty_store, [*THREE_GRAFFITI_REPORTS, (4, "ordning.brak", 0, 0, 0, 1), (5, "ordning.brak", 10, 0, 1, 2)])
    link_duplicates(empty_store, LOCAL_ADMIN)
    assert _groups(empty_store) == {frozenset({1, 2, 3}), frozenset({4, 5})}
    graffiti = int(empty_store.value("SELECT problem_id FROM problem_links WHERE incident_id = 1"))
    fight = int(empty_store.value("SELECT problem_id FROM problem_links WHERE incident_id = 4"))
    coordinator = Viewer("samordnare@kommun.se", Role.SAMORDNARE, None)
    split_incident(empty_store, coordinator, graffiti, 3)
    confirm_problem(empty_store, coordinator, graffiti)
    split_incident(empty_store, coordinator, fight, 5)  # two reports: the problem is dissolved
    assert _groups(empty_store) == {frozenset({1, 2})}
    link_duplicates(empty_store, coordinator)
    assert _groups(empty_store) == {frozenset({1, 2})}
    assert empty_store.value("SELECT status FROM problems WHERE id = ?", [graffiti]) == "confirmed"
    with empty_store.reading() as reader:
        assert list_problems(reader)["reports"].tolist() == [2]
    with pytest.raises(PermissionDeniedError):
        link_duplicates(empty_store, Viewer("r@x.se", Role.RAPPORTOR, 1))
    with pytest.raises(PermissionDeniedError):
        confirm_problem(empty_store, Viewer("p@x.se", Role.POLIS, 3), graffiti)
    with pytest.raises(EstError, match="not part of problem"):
        split_incident(empty_store, coordinator, graffiti, 4)


def test_counts_show_problems_with_the_raw_count_beside(empty_store: Store) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    _setup(empty_store, [*THREE_GRAFFITI_REPORTS, (4, "ordning.brak", 0, 0, 0, 1), (5, "ordning.brak", 2000, 0, 0, 2)])
    areas = gpd.GeoDataFrame(
        {"name": ["Väst", "Öst"], "code": ["V", "O"]},
        geometry=[
            box(LON - 0.01, LAT - 0.01, LON + 0.01, LAT + 0.01),
            box(LON + 0.02, LAT - 0.01, LON + 0.06, LAT + 0.01),
        ],
        crs="EPSG:4326",
    )
    with empty_store.writing(extensions=("spatial",)) as w:
        save_area_set(w, "Test", areas, columns=AreaColumns(name="name", code="code"), default=True)
        from est.areas.sets import assign_incidents

        assign_incidents(w)
    link_duplicates(empty_store, LOCAL_ADMIN)
    set_id = int(empty_store.value("SELECT id FROM area_sets"))
    filters = Filters(period=Period(date(2026, 11, 1), date(2026, 11, 8)))
    with empty_store.reading() as reader:
        total = count_with_dedup(reader, filters, set_id)
        per_area = dedup_counts(reader, filters, set_id)
        skadegorelse = count_with_dedup(reader, Filters(period=filters.period, categories=("skadegorelse",)), set_id)
        east = count_with_dedup(reader, Filters(period=filters.period, areas=("O",)), set_id)
    assert (total.raw, total.deduplicated, total.duplicates) == (5, 3, 2)
    assert (skadegorelse.raw, skadegorelse.deduplicated) == (3, 1)
    assert (east.raw, east.deduplicated) == (1, 1)
    assert per_area.set_index("code")[["raw", "problems"]].to_dict("index") == {
        "V": {"raw": 4, "problems": 2},
        "O": {"raw": 1, "problems": 1},
    }


def test_grid_search_finds_exactly_the_pairs_a_brute_force_search_finds(empty_store: Store) -> None:
    rng = random.Random(8)
    rows = [
        (
            i,
            rng.choice(["skadegorelse.klotter", "skadegorelse.ovrig", "ordning.brak"]),
            rng.uniform(0, 400),
            rng.uniform(0, 400),
            rng.uniform(0, 24 * 6),
            rng.choice([1, 2, 3]),
        )
        for i in range(1, 401)
    ]
    _setup(empty_store, rows)
    config = DedupConfig(distance_m=60, window_hours=20)
    with empty_store.reading() as reader:
        found = {(int(r.a), int(r.b)) for r in candidate_pairs(reader, config).itertuples()}
        points = {
            int(r[0]): r[1:]
            for r in reader.rows(
                "SELECT id, epoch(occurred_at), lat, lon, category_code, organisation_id FROM incidents"
            )
        }
    expected = set()
    for a, (ta, lat_a, lon_a, cat_a, org_a) in points.items():
        for b, (tb, lat_b, lon_b, cat_b, org_b) in points.items():
            if (tb, b) <= (ta, a) or org_a == org_b or cat_a.split(".")[0] != cat_b.split(".")[0]:
                continue
            dx = (lon_b - lon_a) * 111_320 * math.cos(math.radians((lat_a + lat_b) / 2))
            dy = (lat_b - lat_a) * 111_320
            if math.hypot(dx, dy) <= 60 and tb - ta <= 20 * 3600:
                expected.add((a, b))
    assert len(expected) > 50
    assert found == expected
