"""Reading real files: encodings, BOM, separators, quoting, CRLF, repeated headers, blank lines, Excel."""

from __future__ import annotations

from pathlib import Path

import pytest

from est.access.auth import LOCAL_ADMIN
from est.errors import InputFileError
from est.intake import ImportOptions, import_file, preview
from est.intake.read import inspect_file
from est.store import Store

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

# Centrum, Östersund (inside the demo's "Bostadsområden" set): WGS84 and SWEREF 99 TM
LAT, LON = "63,1775", "14,6370"
N, E = "7005417,66", "481724,92"


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def run(store: Store, path: Path, **options: object) -> dict[str, object]:
    opts = ImportOptions(organisation=str(options.pop("org", "Testhem")), **options)  # type: ignore[arg-type]
    return import_file(store, LOCAL_ADMIN, path, opts).to_dict()


def test_bom_never_ends_up_in_a_column_name(demo_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "bom.csv", f"\ufeffDatum;Kategori;Lat;Lon\n2026-11-01 10:00;Klotter;{LAT};{LON}\n")
    report = run(demo_store, path)
    assert report["columns"] == ["Datum", "Kategori", "Lat", "Lon"]
    assert report["encoding"] == "utf-8-sig"
    assert report["mapping"]["occurred_at"] == "Datum"
    assert report["rows_imported"] == 1


def test_windows_1252_file_with_swedish_letters_and_crlf(demo_store: Store, tmp_path: Path) -> None:
    text = "Händelsedatum;Händelse;Beskrivning;Område\n2026-11-01 10:00;Skadegörelse;Klotter på väggen;Söder\n"
    path = write(tmp_path / "ansi.csv", text, encoding="cp1252", newline="\r\n")
    report = run(demo_store, path)
    assert report["encoding"] == "cp1252"
    assert report["columns"] == ["Händelsedatum", "Händelse", "Beskrivning", "Område"]
    assert report["rows_imported"] == 1
    stored = demo_store.value("SELECT description FROM incidents WHERE batch_id = ?", [report["batch_id"]])
    assert stored == "Klotter på väggen"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separator_is_detected_and_quoted_fields_keep_separators(demo_store: Store, tmp_path: Path, sep: str) -> None:
    lat, lon = LAT.replace(",", "."), LON.replace(",", ".")
    lines = [
        sep.join(["datum", "kategori", "beskrivning", "latitud", "longitud"]),
        sep.join(["2026-11-01 10:00", "Klotter", f'"a{sep} b ""citat"""', lat, lon]),
        sep.join(["2026-11-02 11:00", "Glaskross", "enkel", lat, lon]),
    ]
    path = write(tmp_path / "sep.csv", "\n".join(lines) + "\n")
    report = run(demo_store, path)
    assert report["delimiter"] == sep
    assert report["rows_imported"] == 2, report["rejects"]
    texts = {
        r[0] for r in demo_store.rows("SELECT description FROM incidents WHERE batch_id = ?", [report["batch_id"]])
    }
    assert f'a{sep} b "citat"' in texts


def test_decimal_comma_coordinates(demo_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "komma.csv", f"Datum;Lat;Lon\n2026-11-01 10:00;{LAT};{LON}\n")
    report = run(demo_store, path)
    lat, lon = demo_store.rows("SELECT lat, lon FROM incidents WHERE batch_id = ?", [report["batch_id"]])[0]
    assert lat == pytest.approx(63.1775) and lon == pytest.approx(14.6370)


def test_repeated_header_is_skipped_and_reported_and_blank_lines_ignored(demo_store: Store, tmp_path: Path) -> None:
    text = (
        f"Datum;Kategori;Lat;Lon\n2026-11-01 10:00;Klotter;{LAT};{LON}\n\n"
        f"Datum;Kategori;Lat;Lon\n2026-11-02 10:00;Klotter;{LAT};{LON}\n2026-13-45;Klotter;{LAT};{LON}\n"
    )
    path = write(tmp_path / "ihop.csv", text, newline="\r\n")
    report = run(demo_store, path)
    assert report["header_rows_skipped"] == [4]
    assert report["rows_read"] == 3
    assert report["rows_imported"] == 2
    # line numbers are those of the file (the blank line 3 and the header line 4 count)
    assert report["rejects"] == [{"row": 6, "reason": 'datum "2026-13-45" finns inte'}]


def test_sweref_x_y_in_either_order_and_rt90(demo_store: Store, tmp_path: Path) -> None:
    text = f"Datum;X;Y\n2026-11-01 10:00;{N};{E}\n2026-11-01 11:00;{E};{N}\n"
    report = run(demo_store, write(tmp_path / "sweref.csv", text))
    assert report["rows_imported"] == 2
    points = demo_store.rows("SELECT lat, lon FROM incidents WHERE batch_id = ?", [report["batch_id"]])
    for lat, lon in points:
        assert lat == pytest.approx(63.1775, abs=1e-5) and lon == pytest.approx(14.6370, abs=1e-5)
    rt90 = write(tmp_path / "rt90.csv", "Datum;X;Y\n2026-11-01 12:00;7008077,17;1441175,52\n")
    report = run(demo_store, rt90, crs="EPSG:3021")
    lat, lon = demo_store.rows("SELECT lat, lon FROM incidents WHERE batch_id = ?", [report["batch_id"]])[0]
    assert lat == pytest.approx(63.1775, abs=1e-4) and lon == pytest.approx(14.6370, abs=1e-4)


def test_unsupported_crs_is_a_clear_error(demo_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", f"Datum;X;Y\n2026-11-01 10:00;{N};{E}\n")
    with pytest.raises(InputFileError, match="EPSG:3006"):
        run(demo_store, path, crs="EPSG:2400")


def test_xlsx_with_real_dates_and_excel_serials(demo_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "src.csv"
    write(source, "Datum,Kategori,Lat,Lon\n2026-11-01 10:00:00,Klotter,63.1775,14.637\n")
    xlsx = tmp_path / "rapport.xlsx"
    with demo_store.writing(extensions=("excel",)) as w:
        w.execute(
            "COPY (SELECT CAST('2026-11-01 10:00' AS TIMESTAMP) AS Datum, 'Klotter' AS Kategori, 63.1775 AS Lat, "
            "14.637 AS Lon UNION ALL SELECT NULL, NULL, NULL, NULL UNION ALL "
            "SELECT CAST('2026-11-02 21:30' AS TIMESTAMP), 'Glaskross', 63.1775, 14.637) TO "
            f"'{xlsx}' (FORMAT xlsx, HEADER true)"
        )
    found = inspect_file(xlsx)
    assert found.kind == "excel" and found.columns == ("Datum", "Kategori", "Lat", "Lon")
    report = run(demo_store, xlsx)
    assert report["rows_read"] == 2 and report["rows_imported"] == 2, report["rejects"]
    times = [
        r[0].strftime("%Y-%m-%d %H:%M")
        for r in demo_store.rows(
            "SELECT occurred_at FROM incidents WHERE batch_id = ? ORDER BY 1", [report["batch_id"]]
        )
    ]
    assert times == ["2026-11-01 10:00", "2026-11-02 21:30"]


def test_preview_detects_mapping_and_sample_without_writing(demo_store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.csv",
        "Ärendenummer;Datum;Klockslag;Typ;Beskrivning;Adress;Område;Antal\n"
        "A-1;3/11 2026;21.40;Klotter;text;Storgatan 1;Centrum;2\n",
    )
    before = demo_store.value("SELECT count(*) FROM incidents")
    found = preview(demo_store, LOCAL_ADMIN, path, ImportOptions(organisation="Testhem"))
    assert found.mapping == {
        "occurred_at": "Datum",
        "occurred_time": "Klockslag",
        "category": "Typ",
        "description": "Beskrivning",
        "place": "Adress",
        "area": "Område",
        "external_id": "Ärendenummer",
        "count": "Antal",
    }
    assert found.source.sample[0][0] == "A-1"
    assert demo_store.value("SELECT count(*) FROM incidents") == before


def test_row_numbers_stay_right_when_duckdb_reads_a_big_file_in_parallel(empty_store: Store, tmp_path: Path) -> None:
    # 300 000 rows (about 45 MB) are read by several threads; the row numbers come from the file order
    bad = {2, 3, 65_537, 150_000, 150_001, 299_999, 300_001}
    text = "x" * 100
    lines = ["Ärendenummer;Datum;Beskrivning;X;Y"]
    for line in range(2, 300_002):
        day = "igår" if line in bad else "2026-11-01 10:00"
        lines.append(f"A{line};{day};{text};{N};{E}")
    path = tmp_path / "stor.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(empty_store, LOCAL_ADMIN, path, ImportOptions(organisation="Storhem"))
    assert [r["row"] for r in report.rejects] == sorted(bad)
    assert [row[2] for row in report.reject_rows] == [f"A{line}" for line in sorted(bad)]
    assert report.rows_imported == 300_000 - len(bad)
    # the incidents are numbered in file order too, though both cores insert them
    descents = empty_store.value(
        "SELECT count(*) FROM (SELECT CAST(substr(external_id, 2) AS INTEGER) AS line, "
        "lead(CAST(substr(external_id, 2) AS INTEGER)) OVER (ORDER BY id) AS next FROM incidents) WHERE next < line"
    )
    assert descents == 0
