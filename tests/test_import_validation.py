"""Row-by-row validation with partial acceptance, dates in every accepted form, and hostile input."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from est.access.auth import LOCAL_ADMIN
from est.errors import InputFileError
from est.intake import ImportOptions, import_file, importer, rejects_csv
from est.store import Store

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

LAT, LON = "63.1775", "14.6370"
STHLM = ZoneInfo("Europe/Stockholm")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(store: Store, path: Path, **options: object):
    organisation = str(options.pop("organisation", "Testhem"))
    return import_file(store, LOCAL_ADMIN, path, ImportOptions(organisation=organisation, **options))  # type: ignore[arg-type]


def counts(store: Store) -> tuple[int, int, int]:
    return (
        int(store.value("SELECT count(*) FROM incidents")),
        int(store.value("SELECT count(*) FROM import_batches")),
        int(store.value("SELECT count(*) FROM organisations")),
    )


def times(store: Store, batch_id: int) -> list[tuple[datetime, str]]:
    rows = store.rows("SELECT occurred_at, time_precision FROM incidents WHERE batch_id = ? ORDER BY id", [batch_id])
    return sorted((r[0].astimezone(STHLM).replace(tzinfo=None), r[1]) for r in rows)


def test_every_date_form_is_read_as_stockholm_time(demo_store: Store, tmp_path: Path) -> None:
    values = [
        "2026-11-03 21:40",
        "2026-11-03T21:40:00+01:00",
        "3/11 2026",
        "3 nov 2026",
        "3 maj 2026 kl. 21.40",
        "2022-12",
        "46329.75",
        "2026-03-29 02:30",  # does not exist (DST starts): moved forward
        "2026-08-22 7:51:41 +02:00",
    ]
    body = "".join(f'"{v}";{LAT};{LON}\n' for v in values)
    report = run(demo_store, write(tmp_path / "d.csv", "Datum;Lat;Lon\n" + body))
    assert report.rows_rejected == 0, report.rejects
    got = times(demo_store, int(report.batch_id or 0))
    assert got == sorted(
        [
            (datetime(2026, 11, 3, 21, 40), "minute"),
            (datetime(2026, 11, 3, 21, 40), "minute"),
            (datetime(2026, 11, 3), "day"),
            (datetime(2026, 11, 3), "day"),
            (datetime(2026, 5, 3, 21, 40), "minute"),
            (datetime(2022, 12, 1), "month"),
            (datetime(2026, 11, 3, 18, 0), "minute"),
            (datetime(2026, 3, 29, 3, 30), "minute"),
            (datetime(2026, 8, 22, 7, 51, 41), "minute"),
        ]
    )


def test_us_dates_are_recognised_from_the_whole_column(demo_store: Store, tmp_path: Path) -> None:
    body = "".join(f"{d};{LAT};{LON}\n" for d in ["11/03/2026 9:05 PM", "11/24/2026 10:00 AM", "01/02/2026"])
    report = run(demo_store, write(tmp_path / "us.csv", "Date;Lat;Lon\n" + body))
    assert report.date_order == "mdy"
    assert [t for t, _ in times(demo_store, int(report.batch_id or 0))] == [
        datetime(2026, 1, 2),
        datetime(2026, 11, 3, 21, 5),
        datetime(2026, 11, 24, 10, 0),
    ]


def test_ambiguous_day_month_stops_and_asks_then_date_format_decides(demo_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "amb.csv", f"Datum;Lat;Lon\n03/11/2026;{LAT};{LON}\n04/10/2026;{LAT};{LON}\n")
    before = counts(demo_store)
    with pytest.raises(InputFileError, match="--date-format dmy"):
        run(demo_store, path)
    assert counts(demo_store) == before
    report = run(demo_store, path, date_format="mdy")
    assert [t for t, _ in times(demo_store, int(report.batch_id or 0))] == [
        datetime(2026, 3, 11),
        datetime(2026, 4, 10),
    ]


def test_day_first_chosen_for_ambiguous_dates_imports_them_day_first(empty_store: Store, tmp_path: Path) -> None:
    from est.cli import main

    path = write(tmp_path / "amb.csv", f"Datum;Lat;Lon\n03/11/2026 21:40;{LAT};{LON}\n04/10/2026;{LAT};{LON}\n")
    report = run(empty_store, path, date_format="dmy", dry_run=True)
    assert (report.rows_imported, report.date_order) == (2, "dmy")
    # The CLI flag of the question's own hint is the way out, and it is saved with the profile.
    code = main(["import", str(path), "--org", "Testhem", "--date-format", "dmy", "--db", empty_store.database])
    assert code == 0
    batch = int(empty_store.value("SELECT max(id) FROM import_batches"))
    assert [t for t, _ in times(empty_store, batch)] == [datetime(2026, 10, 4), datetime(2026, 11, 3, 21, 40)]


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [
        ("%d/%m/%Y %H:%M", "03/11/2026 21:40", datetime(2026, 11, 3, 21, 40)),
        ("%d/%m/%Y", "03/11/2026", datetime(2026, 11, 3)),
        ("%Y-%m-%dT%H.%M", "2026-11-03T21.40", datetime(2026, 11, 3, 21, 40)),
        ("%d %b %Y kl %H:%M", "3 NOV 2026 kl 21:40", datetime(2026, 11, 3, 21, 40)),
    ],
)
def test_a_strptime_date_format_reads_every_row(
    empty_store: Store, tmp_path: Path, fmt: str, value: str, expected: datetime
) -> None:
    path = write(tmp_path / "fmt.csv", f"Datum;Lat;Lon\n{value};{LAT};{LON}\n")
    report = run(empty_store, path, date_format=fmt)
    assert report.rejects == []
    assert [t for t, _ in times(empty_store, int(report.batch_id or 0))] == [expected]


def test_rows_are_accepted_or_rejected_with_reasons(demo_store: Store, tmp_path: Path) -> None:
    text = (
        "Datum;Kategori;Lat;Lon;Område;Antal\n"
        f"2026-11-01 10:00;Klotter fasad;{LAT};{LON};;\n"  # 2 ok, exact
        f"31/02/2026;Klotter;{LAT};{LON};;\n"  # 3 date does not exist
        "2026-11-01 10:00;Klotter;;;;\n"  # 4 no place
        "2026-11-01 10:00;Klotter;59.3;-40.0;;\n"  # 5 outside Sweden
        "2026-11-01 10:00;Klotter;;;  söder ;\n"  # 6 area by name, tolerant
        "2026-11-01 10:00;Klotter;;;ost03;3\n"  # 7 area by code (Söder), count 3
        "2026-11-01 10:00;Klotter;;; Atlantis ;\n"  # 8 unknown area (named as it is, trimmed)
        "2026-11-01 10:00;Klotter;55.6;13.0;;\n"  # 9 in Sweden, outside every area: kept
        "igår;Klotter;55.6;13.0;;\n"  # 10 not a date
        f"2026-11-01 10:00;Klotter;{LAT};{LON};;tre\n"  # 11 bad count
        f";Klotter;{LAT};{LON};;\n"  # 12 no date
        f"2026-11-01 10:00;Klotter;abc;{LON};;\n"  # 13 not a number
    )
    report = run(demo_store, write(tmp_path / "v.csv", text))
    assert {r["row"]: r["reason"] for r in report.rejects} == {
        3: 'datum "31/02/2026" finns inte',
        4: "ingen plats — varken koordinater eller område",
        5: "koordinaten ligger utanför Sverige",
        8: 'området "Atlantis" finns inte i områdesindelningen "Bostadsområden"',
        10: 'datum "igår" kan inte tolkas som ett datum (t.ex. 2026-11-03 21:40)',
        11: 'antal "tre" är inte ett positivt heltal',
        12: "datum saknas",
        13: 'koordinaten "abc" är inte ett tal',
    }
    assert (report.rows_read, report.rows_imported, report.rows_rejected, report.rows_duplicate) == (12, 4, 8, 0)
    assert report.rows_read == report.rows_imported + report.rows_rejected + report.rows_duplicate
    assert report.rows_outside_areas == 1
    areas = demo_store.rows(
        "SELECT a.name, i.location_precision, i.count FROM incidents i JOIN incident_areas ia ON ia.incident_id = i.id "
        "JOIN area_sets s ON s.id = ia.area_set_id AND s.name = 'Bostadsområden' "
        "LEFT JOIN areas a ON a.id = ia.area_id "
        "WHERE i.batch_id = ? ORDER BY i.occurred_at, i.count, a.name NULLS LAST",
        [report.batch_id],
    )
    assert areas == [("Centrum", "exact", 1), ("Söder", "area", 1), (None, "exact", 1), ("Söder", "area", 3)]
    csv_text = rejects_csv(report).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "Datum;Kategori;Lat;Lon;Område;Antal;fel"
    assert 'rad 3: datum ""31/02/2026"" finns inte' in csv_text


def test_file_without_usable_rows_commits_nothing_and_says_why(demo_store: Store, tmp_path: Path) -> None:
    before = counts(demo_store)
    path = write(tmp_path / "bad.csv", "Datum;Lat;Lon\n31/02/2026;63.1;14.6\n2026-01-01;;\n")
    with pytest.raises(InputFileError) as caught:
        run(demo_store, path, organisation="Ny organisation")
    assert re.search(r"ingen rad .* kunde importeras .*rad 2: datum \"31/02/2026\" finns inte", caught.value.text("sv"))
    assert re.search(r"no row .* could be imported .*line 2: datum \"31/02/2026\" finns inte", str(caught.value))
    assert counts(demo_store) == before  # not even the new organisation


@pytest.mark.parametrize(
    ("content", "message", "sv"),
    [
        (b"", "is empty", "är tom"),
        (b"Datum;Lat;Lon\r\n", "no data rows", "inga datarader"),
        (bytes(range(256)) * 40, "does not look like a text file", "inte ut att vara en textfil"),
        (b"A" * (10 * 1024 * 1024), "longer than", "längre än"),
        (b"\n\n\n", "only blank lines", "bara tomma rader"),
    ],
    ids=["empty", "header-only", "binary", "10MB-line", "blank"],
)
def test_hostile_whole_file_problems_are_clear_errors(
    demo_store: Store, tmp_path: Path, content: bytes, message: str, sv: str
) -> None:
    path = tmp_path / "hostile.csv"
    path.write_bytes(content)
    before = counts(demo_store)
    with pytest.raises(InputFileError, match=message) as caught:
        run(demo_store, path)
    assert sv in caught.value.text("sv")
    assert counts(demo_store) == before


def test_missing_date_column_names_the_columns_and_the_fix(demo_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "nodate.csv", "Vad;Lat;Lon\nx;63.1;14.6\n")
    with pytest.raises(InputFileError) as caught:
        run(demo_store, path)
    assert re.search(r"kolumnerna är: Vad, Lat, Lon.*--map occurred_at=KOLUMN", caught.value.text("sv"))
    assert re.search(r"the columns are: Vad, Lat, Lon.*--map occurred_at=COLUMN", str(caught.value))


def test_unbalanced_quote_rejects_the_row_and_keeps_the_rest_consistent(demo_store: Store, tmp_path: Path) -> None:
    text = f'Datum;Beskrivning;Lat;Lon\n2026-11-01 10:00;ok;{LAT};{LON}\n2026-11-01 11:00;"trasig;{LAT};{LON}\n'
    text += f"2026-11-01 12:00;sist;{LAT};{LON}\n"
    report = run(demo_store, write(tmp_path / "q.csv", text))
    assert report.rows_imported == 1
    assert report.rows_read == report.rows_imported + report.rows_rejected + report.rows_duplicate
    assert "citattecken" in report.rejects[0]["reason"]


def test_formulas_and_html_are_stored_as_plain_data(demo_store: Store, tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script>'
    text = (
        "Datum;Kategori;Beskrivning;Plats;Lat;Lon\n"
        f'2026-11-01 10:00;"=HYPERLINK(""http://evil"")";'
        f'"{hostile.replace(chr(34), chr(34) * 2)}";<b>x</b>;{LAT};{LON}\n'
    )
    report = run(demo_store, write(tmp_path / "h.csv", text))
    row = demo_store.rows(
        "SELECT source_label, category_code, description, place FROM incidents WHERE batch_id = ?", [report.batch_id]
    )[0]
    assert row == ('=HYPERLINK("http://evil")', "okategoriserad", hostile, "<b>x</b>")
    assert report.unmapped_categories == ['=HYPERLINK("http://evil")']


def test_personal_data_in_free_text_is_masked_and_counted(demo_store: Store, tmp_path: Path) -> None:
    text = (
        "Datum;Beskrivning;Lat;Lon\n"
        f"2026-11-01 10:00;Ring 070-123 45 67;{LAT};{LON}\n"
        f"2026-11-01 11:00;Ring 070-123 45 67;{LAT};{LON}\n"
        f"2026-11-01 12:00;Klotter;{LAT};{LON}\n"
    )
    report = run(demo_store, write(tmp_path / "pii.csv", text))
    assert report.fields_masked == 2
    texts = [
        r[0]
        for r in demo_store.rows(
            "SELECT description FROM incidents WHERE batch_id = ? ORDER BY occurred_at", [report.batch_id]
        )
    ]
    assert texts == ["Ring [telefon]", "Ring [telefon]", "Klotter"]


def test_problems_beyond_the_sample_are_clear_errors_and_commit_nothing(demo_store: Store, tmp_path: Path) -> None:
    good = f"2026-11-01 10:00;{LAT};{LON}\n" * 60_000  # more than the 1 MB sample
    latin = tmp_path / "latin.csv"
    latin.write_bytes(("Datum;Lat;Lon\n" + good).encode() + "2026-11-01 10:00;Söder;x\n".encode("cp1252"))
    long_line = tmp_path / "long.csv"
    long_line.write_bytes(("Datum;Lat;Lon\n" + good).encode() + b"x" * (9 * 1024 * 1024) + b"\n")
    before = counts(demo_store)
    with pytest.raises(InputFileError) as bad_text:
        run(demo_store, latin)
    assert "inte är giltig UTF-8" in bad_text.value.text("sv") and "not valid UTF-8" in str(bad_text.value)
    with pytest.raises(InputFileError) as too_long:
        run(demo_store, long_line)
    assert "längre än 8 MB" in too_long.value.text("sv") and "longer than 8 MB" in str(too_long.value)
    assert counts(demo_store) == before


def test_fast_stockholm_time_arithmetic_agrees_with_icu_every_half_hour(empty_store: Store) -> None:
    from est.intake.dates import stockholm_sql

    with empty_store.reading() as r:
        mismatches = r.value(
            "SELECT count(*) FROM (SELECT ts FROM generate_series(TIMESTAMP '1990-01-01', TIMESTAMP '2040-01-01', "
            f"INTERVAL 30 MINUTE) g(ts)) WHERE {stockholm_sql('ts')} <> timezone('Europe/Stockholm', ts)"
        )
    assert mismatches == 0


def test_fast_stockholm_time_agrees_with_icu_on_every_transition_day_to_2110(empty_store: Store) -> None:
    from est.intake.dates import stockholm_sql

    # every minute of the days around the last Sundays of March and October, past the rule's last year
    with empty_store.reading() as r:
        checked, mismatches = r.row(
            "WITH days AS (SELECT make_date(y, m, 31) - CAST(dayofweek(make_date(y, m, 31)) AS INTEGER) AS sunday "
            "FROM range(1990, 2111) a(y), (VALUES (3), (10)) b(m)), "
            "minutes AS (SELECT CAST(sunday AS TIMESTAMP) + to_minutes(n) AS ts FROM days, range(-1440, 2880) c(n)) "
            f"SELECT count(*), count(*) FILTER (WHERE {stockholm_sql('ts')} <> timezone('Europe/Stockholm', ts)) "
            "FROM minutes"
        ) or (0, -1)
    assert checked == 121 * 2 * 4320
    assert mismatches == 0


def test_a_repeated_header_after_a_byte_order_mark_is_skipped(demo_store: Store, tmp_path: Path) -> None:
    # Two UTF-8 exports with BOMs pasted together: the second header starts with U+FEFF.
    header = "Datum;Händelse;Lat;Lon\n"
    path = tmp_path / "ihop.csv"
    path.write_bytes(
        ("\ufeff" + header + f"2026-11-01 21:40;Klotter;{LAT};{LON}\n").encode()
        + ("\ufeff" + header + f"2026-11-02 21:40;Klotter;{LAT};{LON}\n").encode()
    )
    report = run(demo_store, path)
    assert report.header_rows_skipped == [3]
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (2, 2, 0)


# Every Unicode space separator (category Zs) at either end of a field, in ASCII and non-ASCII texts
_SPACES = (" ", "\u00a0", "\u1680", "\u2000", "\u2005", "\u200a", "\u202f", "\u205f", "\u3000")


def test_fields_are_trimmed_of_every_kind_of_space_at_either_end(empty_store: Store, tmp_path: Path) -> None:
    lines = ["Datum;Kategori;Beskrivning;Lat;Lon"]
    for i, space in enumerate(_SPACES):
        text = f"{space}Krossad ruta nr {i} på gården{space}" if i % 2 else f"{space}Broken window {i}{space}"
        lines.append(
            f"{space}2026-11-0{1 + i % 9} 10:00{space};{space}Glaskross{space};{text};{LAT}{space};{space}{LON}"
        )
    lines.append("2026-11-10 10:00;Glaskross;inner\u00a0space\u3000kept;63.1775;14.6370")
    report = run(empty_store, write(tmp_path / "spaces.csv", "\n".join(lines) + "\n"))
    assert (report.rows_imported, report.rows_rejected) == (len(_SPACES) + 1, 0), report.rejects
    stored = empty_store.rows("SELECT source_label, description, lat, lon FROM incidents ORDER BY id")
    assert {row[0] for row in stored} == {"Glaskross"}
    assert [row[1] for row in stored] == [
        *(f"Krossad ruta nr {i} på gården" if i % 2 else f"Broken window {i}" for i in range(len(_SPACES))),
        "inner\u00a0space\u3000kept",
    ]
    assert {(row[2], row[3]) for row in stored} == {(63.1775, 14.637)}


def test_both_forms_of_the_trimming_give_what_trim_gives(empty_store: Store) -> None:
    # the ASCII-first form serves mostly ASCII columns, the other Swedish free text (chosen by the sample)
    texts = [
        None,
        "",
        " ",
        "a",
        "Broken window",
        "på gården",
        "\u00a0",
        "inner\u00a0space",
        *(f"{space}{text}{end}" for space in _SPACES for text in ("x", "gård", "") for end in ("", space)),
    ]
    forms = [
        importer._trimmed("t", mostly_ascii=True),
        importer._trimmed("t", mostly_ascii=False),
        "nullif(trim(t), '')",
    ]
    with empty_store.reading() as r:
        for text in texts:
            found = r.row(f"SELECT {', '.join(forms)} FROM (SELECT CAST(? AS VARCHAR) AS t)", [text])
            assert found is not None and found[0] == found[1] == found[2], (text, found)


def test_a_repeated_header_in_another_case_or_after_spaces_is_skipped(demo_store: Store, tmp_path: Path) -> None:
    # the quick test of a row's first character lets through both cases of the name's first letter and a space
    path = write(
        tmp_path / "ihop.csv",
        f"Datum;Händelse;Lat;Lon\n2026-11-01 21:40;Klotter;{LAT};{LON}\n"
        f"datum;händelse;lat;lon\n2026-11-02 21:40;Klotter;{LAT};{LON}\n"
        f"  DATUM ;HÄNDELSE;LAT;LON\n2026-11-03 21:40;Klotter;{LAT};{LON}\n"
        f"Dagtid;Klotter;{LAT};{LON}\n",
    )
    report = run(demo_store, path)
    assert report.header_rows_skipped == [3, 5]
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 3, 1)


def test_coordinates_with_spaces_as_thousands_separators_read_as_without(demo_store: Store, tmp_path: Path) -> None:
    # a plain value is read first; one with spaces (or no-break spaces) inside is read again without them
    path = write(
        tmp_path / "tusental.csv",
        "Datum;Kategori;SWEREF99 N;SWEREF99 E\n"
        "2026-11-01 21:40;Klotter;6991863,46;486536,46\n"
        "2026-11-01 21:40;Klotter;6 991 863,46;486\u00a0536,46\n"
        "2026-11-01 21:40;Klotter;6 99x 863,46;486536,46\n",
    )
    report = run(demo_store, path)
    assert [(r["row"], r["reason"]) for r in report.rejects] == [(4, 'koordinaten "6 99x 863,46" är inte ett tal')]
    points = demo_store.rows("SELECT lat, lon FROM incidents WHERE batch_id = ? ORDER BY id", [report.batch_id])
    assert len(points) == 2 and points[0] == points[1]
    assert points[0][0] == pytest.approx(63.06, abs=0.05) and points[0][1] == pytest.approx(14.73, abs=0.05)
