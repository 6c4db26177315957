"""Area sets in the database: import, deterministic assignment on borders, replacement with a moved count,
hand edits, indicators, permissions, and nothing half-imported after bad input."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.areas.files import import_area_file, read_area_file
from est.areas.sets import (
    AreaColumns,
    area_geojson,
    area_indicators,
    area_listing,
    area_overview,
    assign_incidents,
    get_area_set,
    import_area_indicators,
    list_area_sets,
    list_areas,
    set_default_area_set,
    update_areas,
)
from est.errors import EstError, PermissionDeniedError
from est.picture.area_map import area_preview_map
from est.store import Store
from tests.conftest import KOMMUN_FILE

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

READER = Viewer("lasare@example.se", Role.LASARE)

# Two areas sharing the meridian 14.65 exactly (WGS84), and a third north of them.
WEST = shapely.box(14.60, 63.15, 14.65, 63.20)
EAST = shapely.box(14.65, 63.15, 14.70, 63.20)
NORTH = shapely.box(14.60, 63.20, 14.70, 63.25)


def _file(tmp_path: Path, names: list[str], codes: list[str], shapes: list[object], name: str = "a.geojson") -> Path:
    frame = gpd.GeoDataFrame({"namn": names, "kod": codes}, geometry=shapes, crs="EPSG:4326")
    path = tmp_path / name
    path.write_text(frame.to_json(drop_id=True), encoding="utf-8")
    return path


def _import(store: Store, path: Path, set_name: str = "Bostadsområden", **kwargs: object):  # type: ignore[no-untyped-def]
    return import_area_file(
        store, LOCAL_ADMIN, read_area_file(path), set_name, columns=AreaColumns(name="namn", code="kod"), **kwargs
    )


def _add_incidents(store: Store, points: list[tuple[float, float]], precision: str = "exact") -> None:
    with store.writing() as w:
        org = w.insert("organisations", {"name": f"Test {uuid.uuid4()}"})
        w.executemany(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, lat, lon, "
            "location_precision) VALUES (now(), 'skadegorelse.klotter', 'kommun', ?, ?, ?, ?)",
            [[org, lat, lon, precision] for lon, lat in points],
        )


def _areas_of(store: Store, set_name: str = "Bostadsområden") -> dict[tuple[float, float], str | None]:
    with store.reading() as r:
        rows = r.rows(
            "SELECT i.lon, i.lat, a.code FROM incidents i JOIN incident_areas ia ON ia.incident_id = i.id "
            "JOIN area_sets s ON s.id = ia.area_set_id AND s.name = ? LEFT JOIN areas a ON a.id = ia.area_id",
            [set_name],
        )
    return {(lon, lat): code for lon, lat, code in rows}


def test_point_on_a_shared_border_goes_to_exactly_one_area_always_the_same(tmp_path: Path, empty_store: Store) -> None:
    on_border = (14.65, 63.17)
    corner = (14.65, 63.20)  # shared by all three areas
    _add_incidents(empty_store, [on_border, corner, (14.62, 63.17), (14.68, 63.17), (15.5, 63.0)])
    # Feature order in the file must not matter: east first here.
    _import(empty_store, _file(tmp_path, ["Öster", "Väster", "Norr"], ["B", "A", "C"], [EAST, WEST, NORTH]))
    first = _areas_of(empty_store)
    with empty_store.reading() as r:
        assert r.value("SELECT count(*) FROM incident_areas") == 5  # one row per incident, none doubled
    assert first[on_border] == "A" and first[corner] == "A"  # lowest area id, ids follow the codes
    assert first[(14.62, 63.17)] == "A" and first[(14.68, 63.17)] == "B"
    assert first[(15.5, 63.0)] is None  # outside: kept, counted
    with empty_store.writing(extensions=("spatial",)) as w:
        assign_incidents(w)
    assert _areas_of(empty_store) == first
    # A fresh database with the file in the other order gives the same answer.
    other = Store(tmp_path / "other.duckdb")
    other.migrate()
    _add_incidents(other, [on_border, corner])
    _import(other, _file(tmp_path, ["Väster", "Norr", "Öster"], ["A", "C", "B"], [WEST, NORTH, EAST], "b.geojson"))
    assert _areas_of(other)[on_border] == "A" and _areas_of(other)[corner] == "A"


def test_replacing_a_set_reassigns_and_counts_moved(tmp_path: Path, empty_store: Store) -> None:
    strip = [(14.645, 63.16), (14.646, 63.17), (14.647, 63.18)]  # west of 14.65, east of the new border 14.64
    _add_incidents(empty_store, [*strip, (14.61, 63.17), (14.69, 63.17), (14.65, 63.22)])
    first = _import(empty_store, _file(tmp_path, ["Väster", "Öster", "Norr"], ["A", "B", "C"], [WEST, EAST, NORTH]))
    assert (first.replaced, first.moved, first.assigned) == (False, 0, 6)
    with empty_store.reading() as r:
        ids_before = dict(r.rows("SELECT code, id FROM areas"))
    update_areas(
        empty_store,
        LOCAL_ADMIN,
        _default_set_id(empty_store),
        _edits(empty_store, {"A": ("Väster", 1000, 400)}),
    )
    # Version 2: the border moves west to 14.64 and Norr is gone.
    west2, east2 = shapely.box(14.60, 63.15, 14.64, 63.20), shapely.box(14.64, 63.15, 14.70, 63.20)
    second = _import(empty_store, _file(tmp_path, ["Väster", "Öster"], ["A", "B"], [west2, east2], "v2.geojson"))
    assert second.replaced and second.areas == 2 and second.removed_areas == 1
    assert second.moved == 4  # three in the strip, one that was in Norr and is now outside
    after = _areas_of(empty_store)
    assert [after[p] for p in strip] == ["B", "B", "B"]
    assert after[(14.65, 63.22)] is None
    with empty_store.reading() as r:
        assert dict(r.rows("SELECT code, id FROM areas")) == {"A": ids_before["A"], "B": ids_before["B"]}
        assert r.row("SELECT population, dwellings FROM areas WHERE code = 'A'") == (1000, 400)  # hand edits kept
        assert r.value("SELECT version FROM area_sets") == 2
        detail = json.loads(r.value("SELECT detail FROM audit_log WHERE action = 'areas' ORDER BY id DESC LIMIT 1"))
    assert detail["action"] == "replace" and detail["moved"] == 4


def _default_set_id(store: Store) -> int:
    with store.reading() as r:
        return get_area_set(r, None).id


def _edits(store: Store, changes: dict[str, tuple[str, int | None, int | None]]):  # type: ignore[no-untyped-def]
    with store.reading() as r:
        areas = list_areas(r, get_area_set(r, None).id)
    for code, (name, population, dwellings) in changes.items():
        mask = areas["code"] == code
        areas.loc[mask, "name"] = name
        areas.loc[mask, "population"] = population
        areas.loc[mask, "dwellings"] = dwellings
    return areas[["id", "name", "population", "dwellings"]]


def test_area_located_incidents_keep_their_area(tmp_path: Path, empty_store: Store) -> None:
    _import(empty_store, _file(tmp_path, ["Väster", "Öster"], ["A", "B"], [WEST, EAST]))
    _add_incidents(empty_store, [(14.62, 63.17)], precision="area")
    with empty_store.writing(extensions=("spatial",)) as w:
        east_id = w.value("SELECT id FROM areas WHERE code = 'B'")
        incident = w.value("SELECT id FROM incidents")
        w.execute("INSERT INTO incident_areas VALUES (?, 1, ?)", [incident, east_id])
        assign_incidents(w)
    assert _areas_of(empty_store) == {(14.62, 63.17): "B"}


def test_rename_and_population_edits_are_validated_and_audited(tmp_path: Path, empty_store: Store) -> None:
    _import(empty_store, _file(tmp_path, ["Väster", "Öster"], ["A", "B"], [WEST, EAST]))
    set_id = _default_set_id(empty_store)
    assert update_areas(empty_store, LOCAL_ADMIN, set_id, _edits(empty_store, {"B": ("Östra stan", 2500, None)})) == 1
    with pytest.raises(EstError, match="used twice: Väster"):
        update_areas(empty_store, LOCAL_ADMIN, set_id, _edits(empty_store, {"B": ("Väster", None, None)}))
    with pytest.raises(EstError, match="0 or more"):
        update_areas(empty_store, LOCAL_ADMIN, set_id, _edits(empty_store, {"B": ("Öster", -5, None)}))
    with pytest.raises(PermissionDeniedError):
        update_areas(empty_store, READER, set_id, _edits(empty_store, {"B": ("X", None, None)}))
    with empty_store.reading() as r:
        assert r.rows("SELECT code, name, population FROM areas ORDER BY code") == [
            ("A", "Väster", None),
            ("B", "Östra stan", 2500),
        ]
        assert r.value("SELECT count(*) FROM audit_log WHERE action = 'areas'") == 2


def test_several_sets_side_by_side_and_the_default(tmp_path: Path, empty_store: Store) -> None:
    _import(empty_store, _file(tmp_path, ["Väster", "Öster"], ["A", "B"], [WEST, EAST]))
    second = _import(empty_store, _file(tmp_path, ["Hela"], ["X"], [WEST.union(EAST)], "b.geojson"), "Stadsdelar")
    with empty_store.reading() as r:
        assert [(s.name, s.is_default) for s in list_area_sets(r)] == [("Bostadsområden", True), ("Stadsdelar", False)]
    set_default_area_set(empty_store, LOCAL_ADMIN, second.set_id)
    with empty_store.reading() as r:
        assert get_area_set(r, None).name == "Stadsdelar"
    with pytest.raises(PermissionDeniedError):
        set_default_area_set(empty_store, READER, second.set_id)


def test_bad_name_column_leaves_nothing_behind(tmp_path: Path, empty_store: Store) -> None:
    duplicated = _file(tmp_path, ["Väster", "Väster"], ["A", "B"], [WEST, EAST])
    blank = _file(tmp_path, ["Väster", " "], ["A", "B"], [WEST, EAST], "blank.geojson")
    with pytest.raises(EstError, match=r"the name 'Väster' is used by features with different codes \(A, B\)"):
        _import(empty_store, duplicated)
    with pytest.raises(EstError, match=r"column 'namn' is blank in feature\(s\) \[2\]"):
        _import(empty_store, blank)
    with pytest.raises(EstError, match=r"column 'Namn' not found; found: namn, kod"):
        import_area_file(empty_store, LOCAL_ADMIN, read_area_file(blank), "X", columns=AreaColumns(name="Namn"))
    with pytest.raises(PermissionDeniedError):
        _import_as(empty_store, READER, _file(tmp_path, ["Väster"], ["A"], [WEST], "ok.geojson"))
    with empty_store.reading() as r:
        assert r.value("SELECT count(*) FROM area_sets") == 0
        assert r.value("SELECT count(*) FROM areas") == 0
        assert r.value("SELECT count(*) FROM audit_log") == 0


def _import_as(store: Store, viewer: Viewer, path: Path) -> None:
    import_area_file(store, viewer, read_area_file(path), "Y", columns=AreaColumns(name="namn"))


def test_indicators_from_csv_by_code_with_problems_reported(tmp_path: Path, empty_store: Store) -> None:
    result = _import(empty_store, _file(tmp_path, ["Väster", "Öster"], ["A", "B"], [WEST, EAST]))
    csv = (
        "kod;år;befolkning;bostäder;Otrygg ute sent på kvällen (%)\n"
        "A;2023;1 150;500;31,5\n"
        "A;2024;1 200;510;28\n"
        "B;2024;3400;;40,2\n"
        "Z;2024;10;1;1\n"
        "B;2024;x;;\n"
    ).encode()
    report = import_area_indicators(empty_store, LOCAL_ADMIN, result.set_id, csv, "trygghet.csv")
    assert report.values_imported == 8
    assert report.years == (2023, 2024)
    assert report.problems == (
        "row 5: no area 'Z' in the set Bostadsområden",
        "row 6: 'x' in column 'befolkning' is not a number",
    )
    with empty_store.reading() as r:
        assert r.rows("SELECT code, population, dwellings FROM areas ORDER BY code") == [
            ("A", 1200, 510),
            ("B", 3400, None),
        ]
        table = area_indicators(r, result.set_id)
    row = table[(table["code"] == "A") & (table["year"] == 2023)].iloc[0]
    assert row["Otrygg ute sent på kvällen (%)"] == 31.5 and row["population"] == 1150
    with pytest.raises(EstError, match=r"needs a year column"):
        import_area_indicators(empty_store, LOCAL_ADMIN, result.set_id, b"kod;befolkning\nA;1\n", "x.csv")


def test_indicators_keyed_by_name_survive_replacement(tmp_path: Path, empty_store: Store) -> None:
    result = _import(empty_store, _file(tmp_path, ["Väster", "Öster"], ["A", "B"], [WEST, EAST]))
    import_area_indicators(
        empty_store, LOCAL_ADMIN, result.set_id, "namn,year,population\nÖster,2024,99\n".encode("cp1252")
    )
    _import(empty_store, _file(tmp_path, ["Väster", "Öster"], ["A", "B"], [WEST, EAST], "v2.geojson"))
    with empty_store.reading() as r:
        assert area_indicators(r, result.set_id)[["code", "population"]].values.tolist() == [["B", 99.0]]
        assert r.value("SELECT population FROM areas WHERE code = 'B'") == 99


def test_overview_counts_per_area_and_outside(tmp_path: Path, empty_store: Store) -> None:
    _add_incidents(empty_store, [(14.62, 63.17), (14.63, 63.17), (14.68, 63.17), (16.0, 60.0)])
    result = _import(empty_store, _file(tmp_path, ["Väster", "Öster"], ["A", "B"], [WEST, EAST]))
    with empty_store.reading() as r:
        table = area_overview(r, result.set_id)
        listing = area_listing(r, "Bostadsområden")
        shapes = area_geojson(r, result.set_id)
    assert table[["code", "incidents"]].values.tolist() == [["A", 2], ["B", 1], [None, 1]]
    assert listing["outside"] == 1
    assert [a["incidents"] for a in listing["areas"]] == [2, 1]
    html = area_preview_map(shapes, table, "sv").get_root().render()
    assert "V\\u00e4ster" in html  # the label (folium writes it JSON-escaped)
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html


def test_area_names_are_escaped_on_the_map(tmp_path: Path, empty_store: Store) -> None:
    result = _import(empty_store, _file(tmp_path, ["<script>alert(1)</script>"], ["A"], [WEST]))
    with empty_store.reading() as r:
        html = area_preview_map(area_geojson(r, result.set_id), area_overview(r, result.set_id), "sv")
    rendered = html.get_root().render()
    assert "<script>alert(1)" not in rendered and "\\u003cscript\\u003ealert" not in rendered
    assert "lt;script" in rendered  # escaped (&lt; written JSON-escaped as \\u0026lt;)


def test_kommun_centroids_inside_their_bounding_box_and_sweden(empty_store: Store) -> None:
    path = KOMMUN_FILE
    result = import_area_file(
        empty_store, LOCAL_ADMIN, read_area_file(path), "Kommuner", columns=AreaColumns(name="KnNamn", code="KnKod")
    )
    assert result.areas == 290
    frame = gpd.read_file(path).set_index("KnKod")
    with empty_store.reading() as r:
        listing = area_listing(r, "Kommuner")
    assert len(listing["areas"]) == 290
    sweden = shapely.box(10.5, 55.0, 24.5, 69.5)
    for area in listing["areas"]:
        lat, lon = area["centroid"]
        min_lon, min_lat, max_lon, max_lat = frame.loc[area["code"]].geometry.bounds
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat, area["name"]
        assert sweden.contains(shapely.Point(lon, lat)), area["name"]
    ostersund = next(a for a in listing["areas"] if a["code"] == "2380")
    assert ostersund["name"] == "Östersund"
    assert any(a["code"] == "0114" for a in listing["areas"])  # leading zero kept
