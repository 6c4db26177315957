"""The basemap settings (issue 14 point 8): XYZ tiles or a WMS service, validated with the fix, on both maps.

What the browser asks a WMS server for is tested in Chromium (tests/test_browser_maps.py).
"""

from __future__ import annotations

import json

import pytest

from est.access.auth import LOCAL_ADMIN
from est.access.settings import change_setting
from est.errors import EstError
from est.picture.mapdata import map_settings
from est.store import Store
from tests.analysis_data import add, make_world

W10 = {"from": "2026-03-02", "to": "2026-03-08"}
WMS = "https://karta.kommun.example/wms?map=bas"
TILES = "https://tiles.kommun.example/{z}/{x}/{y}.png"


def _set(store: Store, **values: str) -> None:
    for key, value in values.items():
        change_setting(store, LOCAL_ADMIN, key, value)


def _script(app_test, store: Store, page: str) -> str:
    at = app_test(store, page=page, query=W10)
    at.run()
    assert not at.exception
    return json.loads(at.get("component_instance")[0].proto.json_args)["script"]


def test_a_wms_basemap_is_set_in_order_and_each_value_is_checked_with_the_fix(empty_store: Store) -> None:
    _set(empty_store, basemap_kind="wms", basemap_url=WMS, basemap_wms_layers="topowebb,ortofoto")
    with empty_store.reading() as r:
        basemap = map_settings(r).basemap
    assert (basemap.kind, basemap.url, basemap.wms_layers, basemap.wms_format) == (
        "wms",
        WMS,
        "topowebb,ortofoto",
        "image/png",
    )
    assert basemap.shown
    with pytest.raises(EstError, match=r"address of the WMS service, without \{z\}.*since basemap_kind is wms") as e:
        change_setting(empty_store, LOCAL_ADMIN, "basemap_url", TILES)
    assert "eftersom basemap_kind är wms" in e.value.sv
    with pytest.raises(
        EstError, match=r"basemap_kind xyz needs basemap_url to be a tile URL template.*set basemap_url"
    ):
        change_setting(empty_store, LOCAL_ADMIN, "basemap_kind", "xyz")
    with pytest.raises(EstError, match="one of: none, xyz, wms; got 'wmts'"):
        change_setting(empty_store, LOCAL_ADMIN, "basemap_kind", "wmts")
    with pytest.raises(EstError, match="layer names, comma-separated"):
        change_setting(empty_store, LOCAL_ADMIN, "basemap_wms_layers", "topowebb<script>")
    with pytest.raises(EstError, match="image/png or image/jpeg; got 'png'"):
        change_setting(empty_store, LOCAL_ADMIN, "basemap_wms_format", "png")
    with pytest.raises(EstError, match=r"http\(s\) address of the WMS service"):  # never a script URL
        change_setting(empty_store, LOCAL_ADMIN, "basemap_url", "javascript:alert(1)")
    with empty_store.reading() as r:  # nothing of the refused values was stored
        assert map_settings(r).basemap == basemap


def test_kind_none_turns_the_basemap_off_and_keeps_the_address(empty_store: Store) -> None:
    _set(empty_store, basemap_url=TILES, basemap_kind="none")
    with empty_store.reading() as r:
        basemap = map_settings(r).basemap
    assert basemap.url == TILES and not basemap.shown
    _set(empty_store, basemap_kind="xyz")
    with empty_store.reading() as r:
        assert map_settings(r).basemap.shown


def test_a_wms_basemap_reaches_the_area_map_and_the_incident_map_with_escaped_attribution(
    empty_store: Store, app_test
) -> None:
    orgs = make_world(empty_store)
    add(empty_store, [("2026-03-03T21:00:00+01:00", "A", "skadegorelse.klotter", orgs["Bostadsbolaget"])])
    _set(
        empty_store,
        basemap_kind="wms",
        basemap_url=WMS,
        basemap_wms_layers="topowebb",
        basemap_wms_format="image/jpeg",
        basemap_attribution="© Lantmäteriet <img src=x onerror=alert(1)>",
    )
    for page in ("lagesbild", "karta"):
        script = _script(app_test, empty_store, page)
        assert "L.tileLayer.wms" in script and WMS in script, page
        assert '"layers": "topowebb"' in script and '"format": "image/jpeg"' in script
        assert '"version": "1.3.0"' in script
        assert "<img" not in script and "\\u0026lt;img" in script  # the attribution is text
    _set(empty_store, basemap_kind="none")
    assert "tileLayer" not in _script(app_test, empty_store, "lagesbild")  # none: no request leaves the machine
