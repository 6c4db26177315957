"""Area files that draw one area as several features with one name: the parts become one multipolygon area.

Hand-built squares in WGS84 with known answers. Only when two *different* codes (or two different names
for one code) meet is the file refused, and the message says which, in English and Swedish.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely

from est.access.auth import LOCAL_ADMIN
from est.areas.files import import_area_file, read_area_file, suggest_columns
from est.areas.sets import AreaColumns, MergedArea
from est.cli import main
from est.i18n import t
from est.store import Store
from tests.errors import assert_both, raised
from tests.test_areas_sets import _add_incidents, _areas_of

# "Lugnvik" is drawn as two squares with a gap between them; "Odensala" is one square north of the gap.
LUGNVIK_WEST = shapely.box(14.60, 63.15, 14.62, 63.17)
LUGNVIK_EAST = shapely.box(14.66, 63.15, 14.68, 63.17)
ODENSALA = shapely.box(14.62, 63.18, 14.65, 63.20)
IN_WEST, IN_EAST, IN_ODENSALA, IN_GAP = (14.61, 63.16), (14.67, 63.16), (14.64, 63.19), (14.64, 63.16)


def _file(tmp_path: Path, columns: dict[str, list[Any]], shapes: list[Any], name: str = "stadsdelar.geojson") -> Path:
    frame = gpd.GeoDataFrame(columns, geometry=shapes, crs="EPSG:4326")
    path = tmp_path / name
    path.write_text(frame.to_json(drop_id=True), encoding="utf-8")
    return path


def _lugnvik_file(tmp_path: Path, **extra: list[Any]) -> Path:
    columns: dict[str, list[Any]] = {"namn": ["Lugnvik", "Odensala", "Lugnvik"], **extra}
    return _file(tmp_path, columns, [LUGNVIK_WEST, ODENSALA, LUGNVIK_EAST])


def _stored(store: Store) -> dict[str, tuple[str, Any, int | None]]:
    with store.reading() as r:
        rows = r.rows("SELECT name, code, geom_wkb, population FROM areas ORDER BY name")
    return {str(name): (str(code), shapely.from_wkb(wkb), pop) for name, code, wkb, pop in rows}


def test_two_features_with_one_name_and_no_code_column_become_one_multipolygon_area(
    tmp_path: Path, empty_store: Store
) -> None:
    _add_incidents(empty_store, [IN_WEST, IN_EAST, IN_ODENSALA, IN_GAP])
    result = import_area_file(
        empty_store,
        LOCAL_ADMIN,
        read_area_file(_lugnvik_file(tmp_path)),
        "Stadsdelar",
        columns=AreaColumns(name="namn"),
    )
    assert result.areas == 2
    assert result.merged == (MergedArea("Lugnvik", 2),)
    stored = _stored(empty_store)
    assert sorted(stored) == ["Lugnvik", "Odensala"]
    code, geom, _pop = stored["Lugnvik"]
    assert code == "Lugnvik"
    assert geom.geom_type == "MultiPolygon"
    assert len(geom.geoms) == 2
    assert geom.equals(shapely.MultiPolygon([LUGNVIK_WEST, LUGNVIK_EAST]))
    assert _areas_of(empty_store, "Stadsdelar") == {
        IN_WEST: "Lugnvik",
        IN_EAST: "Lugnvik",
        IN_ODENSALA: "Odensala",
        IN_GAP: None,  # between the two parts: outside every area, not in Lugnvik's bounding box
    }


def test_parts_with_one_code_and_one_name_are_merged_too(tmp_path: Path, empty_store: Store) -> None:
    path = _lugnvik_file(tmp_path, kod=["0114", "0180", "0114"])
    result = import_area_file(
        empty_store, LOCAL_ADMIN, read_area_file(path), "Stadsdelar", columns=AreaColumns(name="namn", code="kod")
    )
    assert (result.areas, result.merged) == (2, (MergedArea("Lugnvik", 2),))
    code, geom, _pop = _stored(empty_store)["Lugnvik"]
    assert code == "0114"
    assert geom.equals(shapely.MultiPolygon([LUGNVIK_WEST, LUGNVIK_EAST]))


def test_parts_that_touch_become_one_polygon(tmp_path: Path, empty_store: Store) -> None:
    left, right = shapely.box(14.60, 63.15, 14.62, 63.17), shapely.box(14.62, 63.15, 14.64, 63.17)
    path = _file(tmp_path, {"namn": ["Lugnvik", "Lugnvik"]}, [left, right])
    result = import_area_file(empty_store, LOCAL_ADMIN, read_area_file(path), "S", columns=AreaColumns(name="namn"))
    assert (result.areas, result.merged) == (1, (MergedArea("Lugnvik", 2),))
    geom = _stored(empty_store)["Lugnvik"][1]
    assert geom.equals(shapely.box(14.60, 63.15, 14.64, 63.17))


@pytest.mark.parametrize(
    ("populations", "expected"),
    [
        ([300, 900, 500], 800),  # each part has its own figure: they add up
        ([300, 900, 300], 300),  # the area's figure copied onto each part (an "exploded" multipart): once
        ([300, 900, None], 300),  # a part without a figure adds nothing
    ],
)
def test_population_of_merged_parts(
    tmp_path: Path, empty_store: Store, populations: list[int | None], expected: int
) -> None:
    path = _lugnvik_file(tmp_path, bef=populations)
    area_file = read_area_file(path)
    import_area_file(empty_store, LOCAL_ADMIN, area_file, "S", columns=AreaColumns(name="namn", population="bef"))
    stored = _stored(empty_store)
    assert (stored["Lugnvik"][2], stored["Odensala"][2]) == (expected, 900)


def test_a_file_without_repeated_names_reports_no_merge(tmp_path: Path, empty_store: Store) -> None:
    path = _file(tmp_path, {"namn": ["Lugnvik", "Odensala"]}, [LUGNVIK_WEST, ODENSALA])
    result = import_area_file(empty_store, LOCAL_ADMIN, read_area_file(path), "S", columns=AreaColumns(name="namn"))
    assert (result.areas, result.merged) == (2, ())


@pytest.mark.parametrize(
    ("kod", "sv", "en"),
    [
        pytest.param(
            ["0114", "0180", "0115"],
            "namnet 'Lugnvik' används av objekt med olika koder (0114, 0115) i kolumnen 'kod'; ett namn måste vara "
            "ett område: byt namn på ett av dem i filen, ge dem samma kod om de är delar av ett område, eller välj "
            "en annan namnkolumn",
            "the name 'Lugnvik' is used by features with different codes (0114, 0115) in column 'kod'; one name "
            "must be one area: rename one of them in the file, give them the same code if they are parts of one "
            "area, or choose another name column",
            id="two codes sharing a name",
        ),
        pytest.param(
            ["0114", "0114", "0114"],
            "koden '0114' i kolumnen 'kod' används av objekt med olika namn (Lugnvik, Odensala); en kod måste vara "
            "ett område: rätta koderna i filen, eller välj en annan kodkolumn",
            "the code '0114' in column 'kod' is used by features with different names (Lugnvik, Odensala); one "
            "code must be one area: correct the codes in the file, or choose another code column",
            id="one code with two names",
        ),
    ],
)
def test_names_and_codes_that_disagree_are_refused_in_both_languages(
    tmp_path: Path, empty_store: Store, kod: list[str], sv: str, en: str
) -> None:
    path = _lugnvik_file(tmp_path, kod=kod)
    columns = AreaColumns(name="namn", code="kod")
    assert_both(
        raised(lambda: import_area_file(empty_store, LOCAL_ADMIN, read_area_file(path), "S", columns=columns)), sv, en
    )
    with empty_store.reading() as r:
        assert r.value("SELECT count(*) FROM area_sets") == 0  # nothing written


def test_the_name_column_is_suggested_although_an_area_is_drawn_in_parts(tmp_path: Path) -> None:
    path = _lugnvik_file(tmp_path, fid=[1, 2, 3], kod=["0114", "0180", "0114"])
    guess = suggest_columns(read_area_file(path))
    assert (guess["name"], guess["code"]) == ("namn", "kod")


def test_cli_json_lists_the_merged_names_and_their_parts(
    tmp_path: Path, empty_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _lugnvik_file(tmp_path)
    argv = ["areas", "import", str(path), "--set", "Stadsdelar", "--db", empty_store.database]
    assert main([*argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["areas"], out["merged"]) == (2, [{"name": "Lugnvik", "parts": 2}])
    assert main(argv) == 0
    assert "merged into one area: Lugnvik (2 parts)" in capsys.readouterr().out


def test_merge_message_in_both_languages() -> None:
    merged = "Lugnvik (2 delar), Åsen (3 delar)"
    assert t("omraden.merged", "sv", merged=merged) == (
        "Områden som filen ritar i flera delar med samma namn slogs ihop till ett område var: "
        "Lugnvik (2 delar), Åsen (3 delar)."
    )
    assert t("omraden.merged_item", "en", name="Lugnvik", parts=2) == "Lugnvik (2 parts)"
    assert t("omraden.merged", "en", merged="Lugnvik (2 parts)") == (
        "Areas the file draws in several parts with one name were merged into one area each: Lugnvik (2 parts)."
    )


def test_areas_page_import_report_says_which_names_were_merged(
    app_test: Callable[..., Any], empty_store: Store, tmp_path: Path
) -> None:
    path = _lugnvik_file(tmp_path)
    at = app_test(empty_store, page="omraden")
    at.run()
    at.file_uploader(key="omraden_upload").set_value(("stadsdelar.geojson", path.read_bytes(), "application/json"))
    at.run()
    assert not at.exception
    assert at.selectbox(key="omraden_name_col").value == "namn"
    at.text_input(key="omraden_set_name").set_value("Stadsdelar")
    at.button(key="omraden_import").click()
    at.run()
    assert not at.exception
    shown = " ".join(s.value for s in at.success)
    assert "Stadsdelar importerades: 2 områden" in shown
    assert "slogs ihop till ett område var: Lugnvik (2 delar)." in shown
