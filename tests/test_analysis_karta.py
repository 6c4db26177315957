"""The incident map: escaped popups, table alternative, hexagons above the point limit, precision by role."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.access.precision import snap
from est.areas.sets import assign_incidents
from est.periods import Period
from est.picture.filters import Filters
from est.picture.mapdata import map_data
from est.picture.maps import OTHER_AREA_COLOUR
from tests.analysis_data import POINTS, add, make_world

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

W10 = {"from": "2026-03-02", "to": "2026-03-08"}
EVIL = "<script>alert(1)</script> & <b>x</b>"


def _component(at):
    return json.loads(at.get("component_instance")[0].proto.json_args)


def test_points_map_escapes_popups_and_the_table_has_the_same_reports(empty_store, app_test):
    orgs = make_world(empty_store)
    add(
        empty_store,
        [
            ("2026-03-03T21:00:00+01:00", "A", "skadegorelse.klotter", orgs["Bostadsbolaget"], EVIL),
            ("2026-03-04T22:00:00+01:00", "B", "ordning.brak", orgs["Polisen"], "Bråk vid entrén"),
            ("2026-03-05T22:00:00+01:00", None, "ordning.brak", orgs["Polisen"]),
        ],
    )
    at = app_test(empty_store, page="karta", query=W10)
    at.run()
    assert not at.exception
    args = _component(at)
    script = args["script"]
    assert "<script>alert" not in script and "<b>x</b>" not in script
    assert "\\u0026lt;script\\u0026gt;alert(1)" in script  # escaped once, then JSON-encoded
    assert "L.circleMarker" in script and "AwesomeMarkers" not in script
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    captions = " ".join(c.value for c in at.caption)
    assert "2 problem visas som punkter" in captions and "1 problem saknar koordinater" in captions
    table = at.dataframe[0].value
    assert table["Kategori"].tolist() == ["Klotter", "Ordningsstörning, bråk"]
    assert table["Område"].tolist() == ["Alfa", "Beta"]
    assert table["Beskrivning"].tolist()[0] == EVIL  # a table cell is text, not HTML
    assert table["Position"].tolist()[0] == f"{POINTS['A'][0]:.5f}, {POINTS['A'][1]:.5f}"


def test_an_area_filter_greys_the_other_areas_on_the_incident_map(empty_store, app_test):
    orgs = make_world(empty_store)
    add(empty_store, [("2026-03-03T21:00:00+01:00", "A", "skadegorelse.klotter", orgs["Bostadsbolaget"])])
    at = app_test(empty_store, page="karta", query=W10)
    at.run()
    script = _component(at)["script"]
    assert OTHER_AREA_COLOUR not in script and "Ej med i urvalet" not in script  # every area shown: none grey
    at = app_test(empty_store, page="karta", query={**W10, "area": "A"})
    at.run()
    assert not at.exception
    script = _component(at)["script"]
    assert OTHER_AREA_COLOUR in script and "Ej med i urvalet" in script  # Beta's fill and tooltip


def _many(store, n: int) -> None:
    with store.writing(extensions=("spatial",)) as w:
        w.execute(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, lat, lon) "
            "SELECT TIMESTAMPTZ '2026-03-02 00:00:00+01' + to_minutes((r * 7 % 10000)::BIGINT), "
            "'skadegorelse.klotter', 'fastighetsagare', 1, 63.0 + (r % 100) * 0.0001, 14.0 + (r // 100) * 0.0003 "
            "FROM range(?) t(r)",
            [n],
        )
        assign_incidents(w)


def test_large_sets_become_hexagons_and_the_payload_stays_small(empty_store, app_test):
    make_world(empty_store)
    _many(empty_store, 6000)
    at = app_test(empty_store, page="karta", query=W10)
    at.run()
    assert not at.exception
    assert any("6 000 problem: för många för punkter" in c.value.replace("\u202f", " ") for c in at.caption)
    proto = at.get("component_instance")[0].proto.json_args
    assert len(proto) < 1_500_000
    assert "FastMarkerCluster" not in proto and "circleMarker" not in proto
    hexes = at.dataframe[0].value
    assert int(hexes["Problem"].sum()) == 6000
    at.toggle(key="karta_heat").set_value(True).run()
    assert "heatLayer" in _component(at)["script"]


def test_viewer_without_exact_locations_gets_snapped_points_and_no_text(empty_store):
    orgs = make_world(empty_store)
    add(
        empty_store,
        [
            ("2026-03-03T21:00:00+01:00", "A", "skadegorelse.klotter", orgs["Bostadsbolaget"], "Klotter", "Port 4"),
            ("2026-03-03T22:00:00+01:00", "B", "skadegorelse.klotter", orgs["Polisen"], "Klotter igen", "Torget"),
        ],
    )
    filters = Filters(period=Period(date(2026, 3, 2), date(2026, 3, 9)))
    reader_role = Viewer("anna", Role.LASARE)
    owner = Viewer("bo", Role.RAPPORTOR, orgs["Bostadsbolaget"])
    with empty_store.reading() as r:
        exact = map_data(r, filters, 1, LOCAL_ADMIN, 200.0)
        hidden = map_data(r, filters, 1, reader_role, 200.0)
        own = map_data(r, filters, 1, owner, 200.0)
        hexed = map_data(r, filters, 1, reader_role, 200.0, 1)
    assert exact.points["lat"].tolist() == [POINTS["A"][0], POINTS["B"][0]]
    lat, lon = snap(np.array([POINTS["A"][0]]), np.array([POINTS["A"][1]]), 200.0)
    assert hidden.points["lat"].iloc[0] == lat[0] and hidden.points["lon"].iloc[0] == lon[0]
    assert hidden.points["description"].isna().all() and not hidden.points["precise"].any()
    assert own.points["precise"].tolist() == [True, False]
    assert own.points["description"].tolist()[0] == "Klotter" and own.points["description"].isna().tolist()[1]
    assert hexed.mode == "hexagons" and int(hexed.hexes["count"].sum()) == 2


def test_the_basemap_setting_reaches_the_map_and_without_it_no_tiles_are_asked_for(empty_store, app_test):
    from est.access.settings import change_setting

    orgs = make_world(empty_store)
    add(empty_store, [("2026-03-03T21:00:00+01:00", "A", "skadegorelse.klotter", orgs["Bostadsbolaget"])])
    at = app_test(empty_store, page="karta", query=W10)
    at.run()
    assert not at.exception
    assert "L.tileLayer" not in _component(at)["script"]  # no basemap: the area polygons are the base
    tiles = "https://karta.kommun.example/tiles/{z}/{x}/{y}.png"
    change_setting(empty_store, LOCAL_ADMIN, "basemap_url", tiles)
    change_setting(empty_store, LOCAL_ADMIN, "basemap_attribution", "© Kommunen <b>GIS</b>")
    at = app_test(empty_store, page="karta", query=W10)
    at.run()
    script = _component(at)["script"]
    assert "L.tileLayer" in script
    assert tiles in script
    assert "Kommunen" in script and "<b>GIS</b>" not in script  # the attribution is text, escaped
