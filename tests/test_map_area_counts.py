"""Incidents placed by area only (an import with addresses and areas but no coordinates) on the incident map.

They are never "no incidents": the map data counts them per area of the viewed set, the map labels each
area with its count, and the table alternative lists the counts.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from est.access.auth import LOCAL_ADMIN
from est.intake import ImportOptions, import_file
from est.periods import Period
from est.picture.filters import Filters
from est.picture.mapdata import map_data
from est.store import Store
from tests.analysis_data import add, make_world

W10 = {"from": "2026-03-02", "to": "2026-03-08"}


def write_area_only_file(folder: Path, alfa: int = 30, beta: int = 12) -> Path:
    """A fastighetsägare export with addresses and areas but no coordinates: ``alfa`` + ``beta`` rows in W10."""
    rows = ["Datum;Kategori;Adress;Område"]
    rows += [f"2026-03-0{2 + i % 6} 21:{i % 60:02d};Klotter;Storgatan {i + 1};Alfa" for i in range(alfa)]
    rows += [f"2026-03-0{2 + i % 6} 22:{i % 60:02d};Skadegörelse;Rådhusvägen {i + 1};B" for i in range(beta)]
    path = folder / "fastighetsagare.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _set_id(store: Store) -> int:
    return int(store.value("SELECT id FROM area_sets WHERE is_default"))


def test_map_data_counts_incidents_without_coordinates_per_area(empty_store: Store, tmp_path: Path) -> None:
    orgs = make_world(empty_store)
    report = import_file(
        empty_store, LOCAL_ADMIN, write_area_only_file(tmp_path), ImportOptions(organisation="Bostadsbolaget")
    )
    assert report.rows_imported == 42
    add(empty_store, [("2026-03-04T22:00:00+01:00", None, "ordning.brak", orgs["Polisen"])])  # no place at all
    filters = Filters(Period.inclusive(date(2026, 3, 2), date(2026, 3, 8)))
    with empty_store.reading() as reader:
        data = map_data(reader, filters, _set_id(empty_store), LOCAL_ADMIN, 200)
    assert data.mode == "areas"
    assert (data.located, data.unlocated) == (0, 43)
    counts = {r.name: int(r.count) for r in data.areas.itertuples()}
    assert counts == {"Alfa": 30, "Beta": 12}
    assert data.areas.columns.tolist()[:4] == ["code", "name", "count", "lat"]
    # the label sits inside its area (Alfa spans lon 14.00–14.01, lat 63.00–63.01)
    alfa = data.areas.set_index("name").loc["Alfa"]
    assert 63.0 < alfa["lat"] < 63.01 and 14.0 < alfa["lon"] < 14.01


def test_area_filter_keeps_the_area_counts_of_the_chosen_areas(empty_store: Store, tmp_path: Path) -> None:
    make_world(empty_store)
    import_file(empty_store, LOCAL_ADMIN, write_area_only_file(tmp_path), ImportOptions(organisation="Bostadsbolaget"))
    filters = Filters(Period.inclusive(date(2026, 3, 2), date(2026, 3, 8)), areas=("B",))
    with empty_store.reading() as reader:
        data = map_data(reader, filters, _set_id(empty_store), LOCAL_ADMIN, 200)
    assert {r.name: int(r.count) for r in data.areas.itertuples()} == {"Beta": 12}


def test_incident_map_page_shows_area_counts_instead_of_no_incidents(empty_store, app_test, tmp_path: Path) -> None:
    make_world(empty_store)
    import_file(empty_store, LOCAL_ADMIN, write_area_only_file(tmp_path), ImportOptions(organisation="Bostadsbolaget"))
    at = app_test(empty_store, page="karta", query=W10)
    at.run()
    assert not at.exception
    assert not [i.value for i in at.info if "Inga rapporter" in i.value]
    captions = " ".join(c.value for c in at.caption)
    assert "42 problem saknar koordinater och visas som antal per område" in captions
    script = json.loads(at.get("component_instance")[0].proto.json_args)["script"]
    assert "est-area-count" in script
    tables = [d.value for d in at.dataframe]
    by_area = next(t for t in tables if "Problem utan koordinater" in t.columns)
    assert dict(zip(by_area["Område"], by_area["Problem utan koordinater"], strict=True)) == {"Alfa": 30, "Beta": 12}
