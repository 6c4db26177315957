"""Top places are named by their place or address, never by coordinates."""

from __future__ import annotations

from datetime import date

import pytest

from est.access.auth import LOCAL_ADMIN
from est.areas.sets import get_area_set
from est.periods import Period
from est.picture.figures import top_places
from est.picture.figures_display import places_table
from est.picture.filters import Filters
from tests.analysis_data import add, week_world

W10 = {"from": "2026-03-02", "to": "2026-03-08"}


@pytest.fixture
def world(empty_store):
    return week_world(empty_store)


def test_top_places_are_named_by_place_or_address_never_by_coordinates(world) -> None:
    add(
        world,
        [
            ("2026-03-03T10:00:00+01:00", "A", "skadegorelse.klotter", 1, None, "Storgatan 12"),
            ("2026-03-03T11:00:00+01:00", "A", "skadegorelse.klotter", 1),  # same cell, no address of its own
        ],
    )
    filters = Filters(Period(date(2026, 3, 2), date(2026, 3, 9)))
    with world.reading() as r:
        set_id = get_area_set(r, None).id
        places = top_places(r, filters, set_id, LOCAL_ADMIN, 100.0, 10)
    shown = places_table(places, "sv").set_index("Plats")
    assert shown.loc["Storgatan 12", "Problem"] == 6  # the address names its whole cell: Alfa's 4 and the 2 new
    assert shown.loc["Beta, ingen adress", "Problem"] == 3  # no address within 150 m: named by its area
    assert shown.loc["Utanför områden, ingen adress", "Problem"] == 1
    assert not [p for p in shown.index if p[0].isdigit()]  # never "63.005, 14.005"
    assert shown.loc["Storgatan 12", "Position"] == "63,005° N, 14,005° Ö"


def test_a_cell_without_an_address_is_named_after_the_nearest_one(world) -> None:
    add(world, [("2026-03-03T10:00:00+01:00", "A", "skadegorelse.klotter", 1, None, "Storgatan 12")])
    with world.writing() as w:  # 0.002° east of Alfa's point (about 100 m): another cell, no address there
        w.execute(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, lat, lon, "
            "location_precision) VALUES ('2026-03-04 12:00:00+01', 'skadegorelse.klotter', 'polis', 2, 63.005, "
            "14.007, 'exact')"
        )
    filters = Filters(Period(date(2026, 3, 2), date(2026, 3, 9)))
    with world.reading() as r:
        places = top_places(r, filters, get_area_set(r, None).id, LOCAL_ADMIN, 100.0, 10)
    assert "nära Storgatan 12" in places_table(places, "sv")["Plats"].tolist()
    assert "near Storgatan 12" in places_table(places, "en")["Place"].tolist()
