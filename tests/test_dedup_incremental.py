"""Incremental linking of a new batch gives exactly the links a full run gives (random data, many cases)."""

from __future__ import annotations

import random
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.intake import dedup
from est.intake.dedup import (
    DedupConfig,
    confirm_problem,
    link_batch,
    link_duplicates,
    link_new_in_place,
    save_config,
    split_incident,
)
from est.store import Store, open_store
from tests.test_dedup import LAT, LON, M_LAT, M_LON, T0

CATEGORIES = ("skadegorelse.klotter", "skadegorelse.ovrig", "ordning.brak", "okategoriserad")
COORDINATOR = Viewer("samordnare@kommun.se", Role.SAMORDNARE, None)


def _rows(rng: random.Random, first_id: int, count: int, hours: tuple[float, float]) -> list[list[object]]:
    """Reports around a few hot spots (so that pairs chain), four organisations, some without a point."""
    spots = [(rng.uniform(0, 150), rng.uniform(0, 150)) for _ in range(3)]
    rows: list[list[object]] = []
    for i in range(first_id, first_id + count):
        east, north = rng.choice(spots)
        east, north = east + rng.gauss(0, 25), north + rng.gauss(0, 25)
        precision = "exact" if rng.random() > 0.05 else "area"
        rows.append(
            [
                i,
                (T0 + timedelta(hours=rng.uniform(*hours))).isoformat(),
                rng.choice(CATEGORIES),
                rng.randint(1, 4),
                LAT + north * M_LAT,
                LON + east * M_LON,
                precision,
            ]
        )
    # reports at the very same time (ties are broken by id)
    for row in rng.sample(rows, k=min(3, len(rows))):
        row[1] = rows[0][1]
    return rows


def _insert(store: Store, rows: list[list[object]], batch: int) -> None:
    with store.writing() as w:
        w.execute(
            "INSERT INTO import_batches (id, organisation_id, source_kind, created_by, status) "
            "VALUES (?, 1, 'ovrig', 'test', 'committed')",
            [batch],
        )
        w.executemany(
            "INSERT INTO incidents (id, occurred_at, category_code, source_kind, organisation_id, lat, lon, "
            f"location_precision, batch_id) VALUES (?, CAST(? AS TIMESTAMPTZ), ?, 'ovrig', ?, ?, ?, ?, {batch})",
            rows,
        )


def _state(store: Store) -> tuple[set[tuple[int, ...]], set[tuple[int, ...]], list[tuple[int, int]]]:
    with store.session():  # one read connection for the three queries
        return _read_state(store)


def _read_state(store: Store) -> tuple[set[tuple[int, ...]], set[tuple[int, ...]], list[tuple[int, int]]]:
    links = {
        (int(r[0]), int(r[1]), int(r[2]), round(float(r[3]), 6), round(float(r[4]), 6))
        for r in store.rows(
            "SELECT l.incident_id, p.anchor_incident_id, p.id, l.distance_m, l.minutes_apart "
            "FROM problem_links l JOIN problems p ON p.id = l.problem_id"
        )
    }
    problems = {(int(r[0]), int(r[1])) for r in store.rows("SELECT id, anchor_incident_id FROM problems")}
    duplicates = [
        (int(r[0]), int(r[1]))
        for r in store.rows("SELECT id, duplicate_of FROM incidents WHERE duplicate_of IS NOT NULL ORDER BY id")
    ]
    return links, problems, duplicates


def _case(folder: Path, seed: int, template: Path, *, incremental: bool = True) -> tuple[int, int]:
    """One random case; returns (links after the incremental run, reports whose problem the batch changed)."""
    rng = random.Random(seed)
    shutil.copy(template, folder / f"case{seed}.duckdb")  # a new, migrated store
    store = open_store(folder / f"case{seed}.duckdb")
    with store.writing() as w:
        w.executemany(
            "INSERT INTO organisations (id, name, source_kind) VALUES (?, ?, 'ovrig')",
            [[k, f"Org {k}"] for k in range(1, 5)],
        )
    save_config(
        store,
        LOCAL_ADMIN,
        DedupConfig(
            distance_m=rng.choice([30.0, 50.0, 80.0]),
            window_hours=rng.choice([6.0, 24.0, 48.0]),
            category_match=rng.choice(["same_group", "same_code"]),
            different_organisations=rng.random() < 0.8,
        ),
    )
    first = rng.randint(20, 70)
    _insert(store, _rows(rng, 1, first, (0, 24 * 8)), 1)
    link_duplicates(store, LOCAL_ADMIN)
    problems = [int(r[0]) for r in store.rows("SELECT id FROM problems ORDER BY id")]
    for problem in rng.sample(problems, k=min(len(problems), rng.randint(0, 2))):
        confirm_problem(store, COORDINATOR, problem)
    for problem in rng.sample(problems, k=min(len(problems), rng.randint(0, 2))):
        links = store.rows("SELECT incident_id FROM problem_links WHERE problem_id = ?", [problem])
        members = [int(r[0]) for r in links]
        if members:
            split_incident(store, COORDINATOR, problem, rng.choice(members))
    if problems and rng.random() < 0.3:  # retention took a member's point: its problem stays as it is
        with store.writing() as w:
            w.execute(
                "UPDATE incidents SET location_precision = 'area' WHERE id = "
                "(SELECT max(incident_id) FROM problem_links)"
            )
    link_duplicates(store, LOCAL_ADMIN)  # the stored links are a full run's, as after every linking
    second = rng.randint(1, 12)
    # backfilled (before everything stored), in the middle, and after
    _insert(store, _rows(rng, first + 1, second, rng.choice([(-30, 24 * 9), (-30, 10), (24 * 3, 24 * 5)])), 2)
    copy = folder / f"case{seed}-full.duckdb"
    shutil.copy(store.path, copy)
    before = _state(store)
    report = link_batch(store, "test", 2)
    # a batch that can have no candidate (one source alone in its window) is decided without a run of either kind
    assert report.incremental is incremental or (report.pairs, report.incremental) == (0, True)
    link_duplicates(open_store(copy), LOCAL_ADMIN)
    after, full = _state(store), _state(open_store(copy))
    assert after == full, f"seed {seed}"
    changed = len(after[0] ^ before[0])
    return len(after[0]), changed


def test_incremental_linking_gives_the_links_of_a_full_run(tmp_path: Path, empty_template: Path) -> None:
    linked = changed = 0
    for seed in range(30):
        links, moved = _case(tmp_path, seed, empty_template)
        linked += links
        changed += moved
    # the cases are not trivial: many links (439 here), and batches that move stored reports between problems (102)
    assert linked > 250 and changed > 80


def test_a_big_batch_is_linked_with_a_full_run_with_the_same_result(
    tmp_path: Path, empty_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dedup, "INCREMENTAL_LIMIT", 0)
    for seed in range(3):
        _case(tmp_path, seed, empty_template, incremental=False)


def test_a_backfilled_report_takes_a_later_report_into_its_own_problem(empty_store: Store) -> None:
    # 1 (org 1) and 3 (org 2) were linked; 2 (org 1 again, so no candidate of 1) comes late but happened
    # between them, nearer in time to 3: 3 now joins 2, and 1 is alone again.
    _insert(
        empty_store,
        [
            [1, T0.isoformat(), "ordning.brak", 1, LAT, LON, "exact"],
            [3, (T0 + timedelta(hours=10)).isoformat(), "ordning.brak", 2, LAT, LON, "exact"],
        ],
        1,
    )
    link_duplicates(empty_store, LOCAL_ADMIN)
    old = int(empty_store.value("SELECT id FROM problems"))
    _insert(empty_store, [[2, (T0 + timedelta(hours=8)).isoformat(), "ordning.brak", 1, LAT, LON, "exact"]], 2)
    with empty_store.writing() as w:
        link_new_in_place(w, [2])
    new = int(empty_store.value("SELECT id FROM problems WHERE anchor_incident_id = 2"))
    assert new != old and empty_store.rows("SELECT anchor_incident_id FROM problems") == [(2,)]
    assert sorted(empty_store.rows("SELECT incident_id, problem_id FROM problem_links")) == [(2, new), (3, new)]
    assert empty_store.rows("SELECT id, duplicate_of FROM incidents ORDER BY id") == [(1, None), (2, None), (3, new)]


@pytest.mark.parametrize(("hours", "linked"), [(23.5, True), (24.5, False), (-23.5, True), (-24.5, False)])
def test_a_batch_from_one_source_is_linked_only_when_another_source_reported_in_its_window(
    empty_store: Store, hours: float, linked: bool
) -> None:
    # The shortcut of a big one-source file: no other organisation's report within the window (24 h) of the
    # batch means no candidate, and nothing is read pair by pair. One hour inside the window it must link.
    with empty_store.writing() as w:
        w.executemany("INSERT INTO organisations (id, name, source_kind) VALUES (?, ?, 'ovrig')", [[1, "A"], [2, "B"]])
    _insert(empty_store, [[1, T0.isoformat(), "ordning.brak", 1, LAT, LON, "exact"]], 1)
    batch = [
        [i, (T0 + timedelta(hours=hours + i / 100)).isoformat(), "ordning.brak", 2, LAT, LON, "exact"] for i in (2, 3)
    ]
    batch[1][1] = (T0 + timedelta(hours=hours * 3)).isoformat()  # the batch's other report is far from report 1
    _insert(empty_store, batch, 2)
    copy = empty_store.path.with_name("full.duckdb")
    shutil.copy(empty_store.path, copy)
    report = link_batch(empty_store, "test", 2)
    link_duplicates(open_store(copy), LOCAL_ADMIN)
    assert _state(empty_store) == _state(open_store(copy))
    assert (report.linked_incidents == 2) is linked
