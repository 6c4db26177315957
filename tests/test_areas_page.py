"""The Areas page (AppTest of the real app): sets with map and counts, upload → preview → import, edits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd

from est.i18n import format_int
from est.store import Store
from tests.test_areas_files import town, zip_shapefile


def _metrics(at: Any) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_demo_sets_show_map_counts_and_outside(app_test: Callable[..., Any], demo_store: Store) -> None:
    at = app_test(demo_store, page="omraden")
    at.run()
    assert not at.exception
    assert at.selectbox(key="omraden_set").value is not None
    metrics = _metrics(at)
    with demo_store.reading() as r:
        outside = r.value(
            "SELECT sum(i.count) FROM incident_areas ia JOIN area_sets s ON s.id = ia.area_set_id "
            "JOIN incidents i ON i.id = ia.incident_id WHERE s.is_default AND ia.area_id IS NULL "
            "AND i.duplicate_of IS NULL"
        )
    assert metrics["Områden"] == "15"
    assert metrics["Utanför områden"] == str(outside) and outside > 0
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    assert "Centrum" in args["script"] and "unpkg.com" not in args["script"]
    table = at.dataframe[0].value
    assert "Utanför områden" in table["Område"].tolist()


def test_areas_count_problems_like_the_analysis_pages(app_test: Callable[..., Any], demo_store: Store) -> None:
    # The demo has problems reported by several sources: Områden must count each once, like Lägesbild.
    from datetime import date, timedelta

    from est.periods import Period
    from est.picture.figures import overview
    from est.picture.filters import Filters

    with demo_store.reading() as r:
        set_id, raw = r.row(
            "SELECT s.id, sum(i.count) FROM incident_areas ia JOIN area_sets s ON s.id = ia.area_set_id "
            "JOIN incidents i ON i.id = ia.incident_id WHERE s.is_default AND ia.area_id IS NOT NULL GROUP BY s.id"
        )
        everything = Period(date(2000, 1, 1), date.today() + timedelta(days=2))
        table = overview(r, Filters(everything), int(set_id)).table
    problems = table[table["area_id"] > 0].set_index("name")["count"]
    assert int(problems.sum()) < int(raw)  # there are duplicates to merge
    at = app_test(demo_store, page="omraden")
    at.run()
    assert not at.exception
    assert _metrics(at)["Problem i områdena"] == format_int(int(problems.sum()))
    shown = at.dataframe[0].value.set_index("Område")
    assert shown.loc["Centrum", "Problem"] == problems["Centrum"]
    assert any("Siffrorna räknar problem" in c.value for c in at.caption)


def test_empty_database_upload_preview_and_import(
    app_test: Callable[..., Any], empty_store: Store, tmp_path: Path
) -> None:
    at = app_test(empty_store, page="omraden")
    at.run()
    assert not at.exception
    assert any("ingen områdesindelning" in i.value for i in at.info)
    archive = zip_shapefile(town("EPSG:3006"), tmp_path, encoding="ISO-8859-1", keep=(".shp", ".shx", ".dbf", ".prj"))
    at.file_uploader(key="omraden_upload").set_value(("stadsdelar.zip", archive.read_bytes(), "application/zip"))
    at.run()
    assert not at.exception
    assert any("EPSG:3006" in i.value and "3 områden" in i.value for i in at.info)
    preview = at.dataframe[0].value
    assert preview["namn"].tolist() == ["Hässelby Gård", "Östermalm", "Åsen"]
    assert preview["kod"].tolist() == ["0114", "0115", "0180"]
    assert at.selectbox(key="omraden_name_col").value == "namn"
    assert at.selectbox(key="omraden_code_col").value == "kod"
    at.text_input(key="omraden_set_name").set_value("Stadsdelar")
    at.button(key="omraden_import").click()
    at.run()
    assert not at.exception
    assert any("Stadsdelar importerades: 3 områden" in s.value for s in at.success)
    with empty_store.reading() as r:
        assert r.rows("SELECT code, name, population FROM areas ORDER BY code") == [
            ("0114", "Hässelby Gård", 1200),
            ("0115", "Östermalm", 3400),
            ("0180", "Åsen", 560),
        ]
        assert r.value("SELECT is_default FROM area_sets WHERE name = 'Stadsdelar'") is True


def test_bad_upload_shows_a_message_not_a_traceback(
    app_test: Callable[..., Any], empty_store: Store, tmp_path: Path
) -> None:
    at = app_test(empty_store, page="omraden")
    at.run()
    points = gpd.GeoDataFrame({"namn": ["a"]}, geometry=gpd.points_from_xy([14.6], [63.1]), crs=4326)
    path = tmp_path / "p.geojson"
    points.to_file(path)
    at.file_uploader(key="omraden_upload").set_value(("p.geojson", path.read_bytes(), "application/geo+json"))
    at.run()
    assert not at.exception
    assert any("har inga polygoner" in e.value for e in at.error)


def test_population_edit_is_saved(app_test: Callable[..., Any], demo_store: Store) -> None:
    at = app_test(demo_store, page="omraden")
    at.run()
    set_id = at.selectbox(key="omraden_set").value
    at.button(key="omraden_save").click()
    at.run()
    assert not at.exception
    assert any("0 områden ändrades" in s.value for s in at.success)
    with demo_store.reading() as r:
        assert r.value("SELECT count(*) FROM areas WHERE area_set_id = ? AND population > 0", [set_id]) == 15
