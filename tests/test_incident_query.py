"""The one incident query (:func:`est.picture.filters.incident_query`) on a real DuckDB file, with known answers.

Alfa (A) holds 3 graffiti reports and 1 break-in, Beta (B) 2 graffiti reports, 1 graffiti report lies outside
both areas and 1 has no coordinates; one organisation made the Beta reports. Each join counts what it says.
"""

from __future__ import annotations

from datetime import date

import pytest

from est.periods import Period
from est.picture.filters import Filters, incident_query
from est.store import Store
from tests.analysis_data import SET_NAME, add, make_world

W10 = Period(date(2026, 3, 2), date(2026, 3, 9))
GRAFFITI = "skadegorelse.klotter"


@pytest.fixture()
def world(empty_store: Store) -> tuple[Store, int, dict[str, int]]:
    org = make_world(empty_store)
    first, second = sorted(org.values())
    when = "2026-03-04T12:00:00+01:00"
    add(
        empty_store,
        [
            (when, "A", GRAFFITI, first),
            (when, "A", GRAFFITI, first),
            (when, "A", GRAFFITI, first),
            (when, "A", "inbrott.forrad", first),
            (when, "B", GRAFFITI, second),
            (when, "B", GRAFFITI, second),
            (when, "out", GRAFFITI, first),
            (when, None, GRAFFITI, first),
            ("2026-03-20T12:00:00+01:00", "A", GRAFFITI, first),  # after the week
        ],
    )
    set_id = int(empty_store.value("SELECT id FROM area_sets WHERE name = ?", [SET_NAME]))
    return empty_store, set_id, {"first": first, "second": second}


def _count(store: Store, filters: Filters, set_id: int, **options: object) -> int:
    q = incident_query(filters, set_id, **options)  # type: ignore[arg-type]
    assert q.sql.count("?") == len(q.params)  # every placeholder has its parameter, in order
    return int(store.value(f"SELECT coalesce(sum(i.count), 0) {q.sql}", list(q.params)))


def test_each_join_counts_what_it_says(world: tuple[Store, int, dict[str, int]]) -> None:
    store, set_id, _org = world
    week = Filters(W10)
    assert incident_query(week, set_id).source == "incidents i"  # no areas named: no join at all
    assert _count(store, week, set_id) == 8
    assert _count(store, week, set_id, join="left") == 8  # outside and unplaced kept
    assert _count(store, week, set_id, join="placed") == 7  # with a position: the point outside both too
    assert _count(store, week, set_id, join="inner") == 6  # only inside Alfa and Beta
    assert _count(store, Filters(W10, areas=("A",)), set_id) == 4
    assert _count(store, Filters(W10, areas=("A", "B")), set_id, join="inner") == 6
    assert _count(store, week, set_id, period=Period(date(2026, 3, 16), date(2026, 3, 23))) == 1


def test_the_filter_and_the_join_bind_their_parameters_in_placeholder_order(
    world: tuple[Store, int, dict[str, int]],
) -> None:
    store, set_id, org = world
    chosen = Filters(W10, areas=("B", "A"), categories=("skadegorelse",), organisations=(org["first"],))
    q = incident_query(chosen, set_id)
    assert q.params[0] == set_id  # the join's parameter comes first
    assert q.params[-2:] == ("B", "A")  # the areas last, as their placeholders
    assert _count(store, chosen, set_id) == 3  # Alfa's graffiti by the first organisation
    assert _count(store, Filters(W10, categories=("inbrott",)), set_id, join="left") == 1
    assert _count(store, Filters(W10, organisations=(org["second"],), areas=("A",)), set_id) == 0


def test_before_any_area_set_a_left_join_keeps_every_incident(world: tuple[Store, int, dict[str, int]]) -> None:
    store, _set_id, _org = world
    assert _count(store, Filters(W10), None, join="left") == 8
