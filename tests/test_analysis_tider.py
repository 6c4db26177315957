"""Weekday × hour on hand-built data: a known Friday-evening peak, and local hours across both DST changes."""

from __future__ import annotations

import pytest

from tests.analysis_data import add, make_world

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store


def _matrix(at):
    return at.dataframe[0].value.set_index("Veckodag")


def test_known_friday_evening_peak_is_the_top_window(empty_store, app_test):
    make_world(empty_store)
    friday = [f"2026-03-06T{t}:00+01:00" for t in ("21:10", "21:40", "22:15", "22:50", "23:05", "23:55")]
    add(
        empty_store,
        [(t, "A", "samling.trapphus", 1) for t in friday]
        + [("2026-03-03T10:00:00+01:00", "B", "skadegorelse.klotter", 1)] * 2
        + [("2026-03-04T03:00:00+01:00", None, "ordning.brak", 1)],  # no location: in the matrix, not a window
    )
    at = app_test(empty_store, page="tider", query={"from": "2026-03-02", "to": "2026-03-08"})
    at.run()
    assert not at.exception
    windows = at.markdown[0].value.splitlines()
    assert windows[0] == "1. fredag 21–24 i Alfa: 6 problem"
    assert windows[1] == "1. tisdag 09–12 i Beta: 2 problem"
    assert len(windows) == 2
    matrix = _matrix(at)
    assert matrix.loc["fredag", ["21", "22", "23"]].tolist() == [2, 2, 2]
    assert matrix.loc["fredag", "Totalt"] == 6 and matrix.loc["onsdag", "03"] == 1
    assert int(matrix["Totalt"].sum()) == 9
    assert any("Flest problem tisdag kl. 10: 2. Totalt 9" in c.value for c in at.caption)


def test_spring_dst_weekend_keeps_local_hours_and_weeks(empty_store, app_test):
    make_world(empty_store)
    add(
        empty_store,
        [
            ("2026-03-28T23:30:00+01:00", "A", "ordning.brak", 1),  # Saturday 23 local
            ("2026-03-29T01:30:00+01:00", "A", "ordning.brak", 1),  # Sunday 01 (before the change)
            ("2026-03-29T03:30:00+02:00", "A", "ordning.brak", 1),  # Sunday 03 (01:30 UTC)
            ("2026-03-29T23:30:00+02:00", "A", "ordning.brak", 1),  # Sunday 23 (21:30 UTC)
            ("2026-03-30T00:30:00+02:00", "A", "ordning.brak", 1),  # Monday of the next ISO week
        ],
    )
    at = app_test(empty_store, page="tider", query={"from": "2026-03-23", "to": "2026-03-29"})
    at.run()
    assert not at.exception
    matrix = _matrix(at)
    assert matrix.loc["lördag", "23"] == 1
    assert matrix.loc["söndag", ["01", "02", "03", "21", "23"]].tolist() == [1, 0, 1, 0, 1]
    assert int(matrix["Totalt"].sum()) == 4


def test_autumn_dst_doubled_hour_counts_both(empty_store, app_test):
    make_world(empty_store)
    add(
        empty_store,
        [
            ("2026-10-25T02:30:00+02:00", "B", "ordning.brak", 1),  # first 02:30 (summer time)
            ("2026-10-25T02:30:00+01:00", "B", "ordning.brak", 1),  # second 02:30 (winter time)
        ],
    )
    at = app_test(empty_store, page="tider", query={"from": "2026-10-19", "to": "2026-10-25"})
    at.run()
    assert not at.exception
    assert _matrix(at).loc["söndag", "02"] == 2
    assert at.markdown[0].value == "1. söndag 00–03 i Beta: 2 problem"
