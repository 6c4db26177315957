"""The tertial and yearly follow-up compares a running period so far with the same days a year earlier.

A tertial or year still under way must not be compared with the whole of last year's: 1 Jan–8 Mar 2026
against 1 Jan–31 Dec 2025 would always look like a fall. The caption says which days are compared.
"""

from __future__ import annotations

from datetime import date

import pytest

from est.periods import Period
from est.picture.filters import Filters
from est.picture.trends import period_summary
from tests.analysis_data import add, make_world

W10 = {"from": "2026-03-02", "to": "2026-03-08"}  # 2026 T1 and 2026 run until 8 March


@pytest.fixture
def world(empty_store):
    make_world(empty_store)
    add(
        empty_store,
        [
            # 2025: two incidents up to 8 March, one later in T1, one in T2 and one in T3.
            ("2025-01-01T12:00:00+01:00", "A", "skadegorelse.klotter", 1),
            ("2025-03-08T23:30:00+01:00", "A", "skadegorelse.klotter", 1),  # the last day compared (local)
            ("2025-03-09T00:30:00+01:00", "A", "skadegorelse.klotter", 1),  # one day too late
            ("2025-06-01T12:00:00+02:00", "B", "skadegorelse.klotter", 1),
            ("2025-10-01T12:00:00+02:00", "B", "skadegorelse.klotter", 1),
            # 2026 up to 8 March: three.
            ("2026-01-10T12:00:00+01:00", "A", "skadegorelse.klotter", 1),
            ("2026-02-10T12:00:00+01:00", "B", "skadegorelse.klotter", 1),
            ("2026-03-08T12:00:00+01:00", "A", "skadegorelse.klotter", 1),  # the newest data
        ],
    )
    return empty_store


def test_running_tertial_and_year_compare_the_same_days_last_year(world, app_test):
    at = app_test(world, page="trender", query=W10)
    at.run()
    assert not at.exception
    tertials = at.dataframe[1].value.set_index("Tertial")
    years = at.dataframe[2].value.set_index("År")
    assert tertials.loc["2026 T1 (pågår)", "Totalt"] == "3"
    assert tertials.loc["2026 T1 (pågår)", "I fjol"] == "2"  # 1 Jan–8 Mar 2025, not all of 2025 T1 (3)
    assert years.loc["2026 (pågår)", "I fjol"] == "2"  # not all of 2025 (5)
    assert tertials.loc["2025 T3", "Totalt"] == "1"  # complete periods are unchanged
    captions = [c.value for c in at.caption]
    assert "2026 T1 (pågår): 1 jan–8 mar 2026 jämfört med samma dagar i fjol, 1 jan–8 mar 2025." in captions
    assert "2026 (pågår): 1 jan–8 mar 2026 jämfört med samma dagar i fjol, 1 jan–8 mar 2025." in captions


def test_running_period_ends_with_the_last_day_that_has_data(world):
    # The filter runs to 29 April, the data only to 8 March: compare 1 Jan–8 Mar with 1 Jan–8 Mar 2025.
    filters = Filters(Period.inclusive(date(2026, 4, 1), date(2026, 4, 29)))
    with world.reading() as reader:
        summary = period_summary(reader, filters, 1, "year")
    assert summary.running == (
        Period.inclusive(date(2026, 1, 1), date(2026, 3, 8)),
        Period.inclusive(date(2025, 1, 1), date(2025, 3, 8)),
    )
    running = summary.table[~summary.table["complete"]]
    assert int(running["count"].sum()) == 3 and int(running["last_year"].sum()) == 2


def test_complete_periods_have_no_running_comparison(world):
    filters = Filters(Period.inclusive(date(2025, 9, 1), date(2025, 12, 31)))
    with world.reading() as reader:
        summary = period_summary(reader, filters, 1, "tertial")
    assert summary.running is None
    assert bool(summary.table["complete"].all())
