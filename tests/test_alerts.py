"""Spike alerts with known answers: a planted spike alarms, 0 → 3 does not, the seasons, the short-history baseline."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import numpy as np
import pytest

from est.periods import Period, parse_iso_week
from est.picture.alerts import alert_text, baseline_weeks, find_alerts, upper_bound
from est.picture.filters import Filters
from est.store import Store
from tests.analysis_data import add, make_world
from tests.test_import_cli import est

WEEK = parse_iso_week("2026-W48")  # Monday 2026-11-23


def _weekly(store: Store, counts: dict[date, int], where: str = "A", category: str = "skadegorelse.klotter") -> None:
    """``counts[monday]`` incidents on the Wednesday of each week, at noon, in area ``where``."""
    rows = []
    for monday, n in counts.items():
        wednesday = monday + timedelta(days=2)
        rows += [(f"{wednesday}T12:{k % 60:02d}:00+01:00", where, category, 1) for k in range(n)]
    add(store, rows)


def _history(weeks: int, value, *, end: date = WEEK.start) -> dict[date, int]:
    return {end - timedelta(weeks=k): int(value(k)) for k in range(1, weeks + 1)}


def _alerts(store: Store):
    set_id = int(store.value("SELECT id FROM area_sets"))
    with store.reading() as r:
        return find_alerts(r, Filters(WEEK), set_id, WEEK)


def test_a_planted_spike_alarms_and_says_why(empty_store: Store) -> None:
    make_world(empty_store)
    rng = np.random.default_rng(4)
    _weekly(empty_store, {**_history(156, lambda _k: rng.poisson(3)), WEEK.start: 15})
    found = _alerts(empty_store)
    assert found.week_label == "2026-W48"
    spike = [a for a in found.alerts if a.area == "A" and a.category is None]
    assert len(spike) == 1
    alert = spike[0]
    assert alert.observed == 15 and 2 < alert.expected < 4.5 and alert.upper < 15
    assert alert_text(alert, WEEK, "sv").startswith("Alfa: 15 problem vecka 48, förväntat ")
    by_category = [a for a in found.alerts if a.category == "skadegorelse.klotter"]
    assert len(by_category) == 1
    assert re.fullmatch(
        r"Alfa: 15 klotter vecka 48, förväntat [23],\d, övre gräns \d+", alert_text(by_category[0], WEEK, "sv")
    )
    assert re.fullmatch(
        r"Alfa: 15 graffiti in week 48, expected [23]\.\d, upper bound \d+", alert_text(by_category[0], WEEK, "en")
    )
    assert not [a for a in found.alerts if a.area == "B"]


def test_zero_to_three_never_alarms(empty_store: Store) -> None:
    make_world(empty_store)
    _weekly(empty_store, {**_history(156, lambda _k: 0), WEEK.start - timedelta(weeks=60): 1, WEEK.start: 3})
    assert _alerts(empty_store).alerts == ()
    # five in the last four weeks (the limit) against a baseline of nothing does alarm
    _weekly(empty_store, {WEEK.start - timedelta(weeks=2): 2})
    assert [(a.area, a.observed) for a in _alerts(empty_store).alerts if a.category is None] == [("A", 3)]


def test_a_seasonal_peak_is_no_alert_but_the_same_count_off_season_is(empty_store: Store) -> None:
    make_world(empty_store)

    # Three years of 2 a week, but 12 a week in the weeks around W48 every year (the dark autumn weeks).
    def seasonal(k: int) -> int:
        return 12 if min(k % 52, 52 - k % 52) <= 4 else 2

    _weekly(empty_store, {**_history(156, seasonal), WEEK.start: 12})
    assert not [a for a in _alerts(empty_store).alerts if a.area == "A"]

    spring = parse_iso_week("2026-W20")
    make_world_b = {spring.start - timedelta(weeks=k): 2 for k in range(1, 157)}
    _weekly(empty_store, {**make_world_b, spring.start: 12}, where="B")
    set_id = int(empty_store.value("SELECT id FROM area_sets"))
    with empty_store.reading() as r:
        found = find_alerts(r, Filters(spring), set_id, spring)
    assert [(a.area, a.observed) for a in found.alerts if a.category is None] == [("B", 12)]


def test_with_less_than_two_years_the_baseline_leaves_out_the_last_half_year() -> None:
    start = WEEK.start - timedelta(weeks=70)
    weeks = baseline_weeks(WEEK.start, start)
    assert weeks == [WEEK.start - timedelta(weeks=k) for k in range(52, 26, -1)]
    assert len(weeks) == 26 and max(weeks) == WEEK.start - timedelta(weeks=27)
    # with three years: the target week ± 3 weeks in each earlier year that has data
    long = baseline_weeks(WEEK.start, WEEK.start - timedelta(weeks=160))
    assert len(long) == 21
    assert WEEK.start - timedelta(weeks=52) in long and WEEK.start - timedelta(weeks=27) not in long


def test_a_past_outbreak_in_the_baseline_is_down_weighted() -> None:
    quiet = [3, 2, 4, 3, 3, 2, 4, 3, 3, 2, 3, 4, 2, 3, 3, 2, 4, 3, 3, 3, 2]
    times = list(range(-21, 0))
    plain = upper_bound(quiet, times, 0)
    with_outbreak = upper_bound([*quiet[:-1], 40], times, 0)
    assert plain is not None and with_outbreak is not None
    # the week of 40 is down-weighted: the expectation stays near the quiet weeks' 2.9 (unweighted: 4.7)
    assert plain.expected == pytest.approx(2.9, abs=0.1)
    assert with_outbreak.expected < 3.5 and with_outbreak.upper > plain.upper  # the bound widens (dispersion)


def test_cli_alerts_keeps_its_json_contract(empty_store: Store) -> None:
    make_world(empty_store)
    rng = np.random.default_rng(5)
    _weekly(empty_store, {**_history(156, lambda _k: rng.poisson(3)), WEEK.start: 15})
    done = est("alerts", "--week", "2026-W48", "--json", db=empty_store)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["week"] == "2026-W48"
    total = next(a for a in out["alerts"] if a["category"] is None)
    assert {"area", "label", "category", "observed", "expected", "upper"} <= total.keys()
    assert (total["area"], total["label"], total["observed"]) == ("A", "Alfa", 15)
    assert isinstance(total["expected"], float) and total["upper"] < 15

    bad = est("alerts", "--week", "2026-48", "--json", db=empty_store)
    assert bad.returncode == 2
    assert "give an ISO week such as 2026-W48" in json.loads(bad.stdout)["error"]["message"]


@pytest.mark.parametrize("week", ["2026-W47", "2026-W49"])
def test_quiet_weeks_around_the_spike_give_no_alert_for_it(empty_store: Store, week: str) -> None:
    make_world(empty_store)
    rng = np.random.default_rng(6)
    _weekly(empty_store, {**_history(156, lambda _k: rng.poisson(3), end=WEEK.start + timedelta(weeks=2))})
    target = parse_iso_week(week)
    set_id = int(empty_store.value("SELECT id FROM area_sets"))
    with empty_store.reading() as r:
        found = find_alerts(r, Filters(target), set_id, target)
    assert isinstance(found.week, Period) and found.series >= 2
    assert not [a for a in found.alerts if a.category is None]
