"""Exports hold exactly the filtered view (the table on the Rapporter page, row for row), are safe to open
in Excel, follow the viewer's precision, and are audited; ``est export`` takes the same filters."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import PermissionDeniedError
from est.meeting.exports import export, filtered_rows, neutralise
from est.periods import Period
from est.picture.filters import Filters
from est.store import Store
from tests.cli import est as run_est
from tests.test_meetings import build_town

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

FILTER = Filters(
    period=Period.inclusive(date(2026, 11, 1), date(2026, 11, 15)),
    area_set="Testområden",
    categories=("skadegorelse",),
)


def _fill(store: Store) -> dict[str, Any]:
    town = build_town(
        store,
        [
            ("A", "2026-11-02 21:00", "skadegorelse.klotter", "housing", '=HYPERLINK("http://x")'),
            ("B", "2026-11-03 22:15", "skadegorelse.glaskross", "housing", "@SUM(A1)"),
            ("C", "2026-11-04 01:30", "skadegorelse.brand", "housing", "-2 kr\tskada"),
            ("A", "2026-11-05 12:00", "skadegorelse.klotter", "police", "Klotter på vägg"),
            ("OUT", "2026-11-06 12:00", "skadegorelse.klotter", "housing", "Utanför"),
            ("A", "2026-11-05 12:00", "ordning.brak", "housing", "annan kategori"),
            ("A", "2026-11-20 12:00", "skadegorelse.klotter", "housing", "efter perioden"),
        ],
    )
    return town


def _csv(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads å, ä, ö right
    return pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = neutralise(frame)
    return out.astype(object).where(out.notna(), "").astype(str)


def reports_page_table(store: Store, app_test: Any) -> tuple[Any, pd.DataFrame]:
    """The Rapporter page on the test rows (klotter in Testområden, 1–15 Nov 2026) and its rows table."""
    _fill(store)
    at = app_test(
        store,
        page="rapporter",
        query={"from": "2026-11-01", "to": "2026-11-15", "area_set": "Testområden", "category": "skadegorelse"},
    )
    at.run()
    assert not at.exception, at.exception
    return at, next(d.value for d in at.dataframe if "Beskrivning" in d.value.columns)


def test_export_equals_the_table_on_the_page_row_for_row(empty_store: Store, app_test: Any) -> None:
    _at, shown = reports_page_table(empty_store, app_test)
    data, rows = export(empty_store, LOCAL_ADMIN, FILTER, "csv")
    exported = _csv(data)
    assert rows == len(shown) == len(exported) == 5
    assert exported["Id"].astype(int).tolist() == shown["Id"].astype(int).tolist()
    text_columns = ["Kategori", "Källa", "Organisation", "Kategorikod", "Område", "Områdeskod", "Beskrivning"]
    on_page = _as_text(shown[text_columns]).replace("–", "")  # the page writes an empty cell "–"
    pd.testing.assert_frame_equal(exported[text_columns].reset_index(drop=True), on_page.reset_index(drop=True))
    assert exported["Tid"].tolist() == shown["Tid"].dt.strftime("%Y-%m-%d %H:%M").tolist()
    page_lat = shown["Latitud"].str.replace(",", ".").astype(float).round(5).tolist()
    assert exported["Latitud"].astype(float).round(5).tolist() == page_lat
    assert exported["Område"].tolist() == ["Åsen", "Bäcken", "Centrum", "Åsen", ""]  # outside every area: kept
    xlsx, _ = export(empty_store, LOCAL_ADMIN, FILTER, "xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()
    assert sheet[0] == list(exported.columns)[:12]  # the codes are on a sheet of their own
    assert [int(r[0]) for r in sheet[1:]] == exported["Id"].astype(int).tolist()
    assert [r[7] for r in sheet[1:]] == exported["Beskrivning"].tolist()


def test_formula_cells_are_neutralised(empty_store: Store) -> None:
    _fill(empty_store)
    exported = _csv(export(empty_store, LOCAL_ADMIN, FILTER, "csv")[0])
    assert exported["Beskrivning"].tolist()[:3] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)", "'-2 kr\tskada"]
    frame = neutralise(pd.DataFrame({"t": ["+1", "\r1", "ok", None], "n": [-1, 2, 3, 4]}))
    assert frame["t"].tolist()[:3] == ["'+1", "'\r1", "ok"] and pd.isna(frame["t"].iloc[3])
    assert frame["n"].tolist() == [-1, 2, 3, 4]  # numbers are numbers, not formulas


def test_precision_follows_the_viewer_and_exports_are_audited(empty_store: Store) -> None:
    town = _fill(empty_store)
    police_reporter = Viewer("rapportor@polisen.se", Role.RAPPORTOR, town["police"])
    with empty_store.reading() as r:
        exact = filtered_rows(r, FILTER, LOCAL_ADMIN)
    data, _ = export(empty_store, police_reporter, FILTER, "csv")
    theirs = _csv(data)
    own = theirs["Organisation"] == "Polisen"
    assert theirs.loc[own, "Beskrivning"].tolist() == ["Klotter på vägg"]
    assert (theirs.loc[~own, "Beskrivning"] == "").all()
    assert (theirs.loc[~own, "Latitud"].astype(float).round(6) != exact.loc[~own.to_numpy(), "lat"].round(6)).all()
    with pytest.raises(PermissionDeniedError):
        export(empty_store, Viewer("läsare", Role.LASARE), FILTER, "csv")
    with empty_store.reading() as r:
        logged = r.rows("SELECT actor, action, target, rows, detail FROM audit_log WHERE action = 'export'")
    assert [(a, t, n) for a, _, t, n, _ in logged] == [("rapportor@polisen.se", "csv", 5)]
    assert json.loads(logged[0][4])["filters"]["category"] == ["skadegorelse"]


def _est(*args: str) -> subprocess.CompletedProcess[str]:
    return run_est(*args)


def test_cli_export_takes_the_stats_filters(empty_store: Store, tmp_path: Path) -> None:
    _fill(empty_store)
    out = tmp_path / "export.csv"
    done = _est(
        "export", "--db", empty_store.database, "--format", "csv", "--out", str(out), "--json",
        "--from", "2026-11-01", "--to", "2026-11-15", "--category", "skadegorelse", "--area", "A,B",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["rows"] == 3
    assert _csv(out.read_bytes())["Områdeskod"].tolist() == ["A", "B", "A"]
    xlsx = tmp_path / "export.xlsx"
    done = _est("export", "--db", empty_store.database, "--format", "xlsx", "--out", str(xlsx), "--source", "polis",
                "--from", "2026-11-01", "--to", "2026-11-30")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()) == 2  # header + 1 row
    bad = _est("export", "--db", empty_store.database, "--format", "csv", "--out", str(out), "--from", "1 nov")
    assert bad.returncode == 2 and "error: argument --from: '1 nov' is not a date; write it as YYYY-MM-DD" in bad.stderr
