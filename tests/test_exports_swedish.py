"""Exports a Swedish user can open as they are: Swedish headers, names instead of codes (the codes in a sheet of
their own), real dates in Excel, a sheet name that says what it holds, and no "None" in the table."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pandas as pd
from python_calamine import CalamineWorkbook

from est.access.auth import LOCAL_ADMIN
from est.meeting.exports import export
from est.store import Store
from tests.test_exports import FILTER, _csv, _fill, reports_page_table

HEADERS_SV = [
    "Id", "Tid", "Kategori", "Källa", "Organisation", "Område", "Plats", "Beskrivning", "Latitud", "Longitud",
    "Antal", "Exakt plats",
]  # fmt: skip
CODES_SV = ["Kategorikod", "Källkod", "Områdeskod"]


def test_csv_has_swedish_headers_names_and_the_codes_last(empty_store: Store) -> None:
    _fill(empty_store)
    exported = _csv(export(empty_store, LOCAL_ADMIN, FILTER, "csv")[0])
    assert list(exported.columns) == HEADERS_SV + CODES_SV
    first = exported.iloc[0]
    assert (first["Tid"], first["Kategori"], first["Källa"], first["Område"]) == (
        "2026-11-02 21:00",
        "Klotter",
        "Fastighetsägare",
        "Åsen",
    )
    assert (first["Kategorikod"], first["Källkod"], first["Områdeskod"]) == (
        "skadegorelse.klotter",
        "fastighetsagare",
        "A",
    )
    assert exported["Exakt plats"].tolist() == ["ja"] * 5
    english = _csv(export(empty_store, LOCAL_ADMIN, FILTER, "csv", "en")[0])
    assert list(english.columns)[:4] == ["Id", "Time", "Category", "Source"]


def test_excel_has_real_dates_a_named_sheet_and_the_codes_in_a_second_sheet(empty_store: Store) -> None:
    _fill(empty_store)
    book = CalamineWorkbook.from_filelike(io.BytesIO(export(empty_store, LOCAL_ADMIN, FILTER, "xlsx")[0]))
    assert book.sheet_names == ["Problem 1 nov–15 nov 2026", "Koder"]
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0] == HEADERS_SV  # names, not codes: the codes are on the next sheet
    assert rows[1][1] == datetime(2026, 11, 2, 21, 0)  # a date Excel can sort and filter, not text
    assert rows[1][7] == '\'=HYPERLINK("http://x")'  # still neutralised
    codes = book.get_sheet_by_index(1).to_python()
    assert codes[0] == ["Vad", "Kod", "Namn"]
    assert ["Kategori", "skadegorelse.klotter", "Klotter"] in codes
    assert ["Källa", "fastighetsagare", "Fastighetsägare"] in codes
    assert ["Område", "A", "Åsen"] in codes


def test_the_reports_page_shows_the_export_with_swedish_headers_and_no_none(empty_store: Store, app_test: Any) -> None:
    at, shown = reports_page_table(empty_store, app_test)
    assert list(shown.columns) == HEADERS_SV + CODES_SV
    for frame in (d.value for d in at.dataframe):
        text = frame.select_dtypes(exclude="number")
        assert not text.isna().any().any(), frame  # an empty cell is "–", never "None"
    assert shown["Område"].tolist()[-1] == "–"  # the point outside every area
    assert isinstance(shown["Tid"].iloc[0], pd.Timestamp)
