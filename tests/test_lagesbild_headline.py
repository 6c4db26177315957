"""The start page's headline: what matters this week in one sentence, with known answers in both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from est.periods import Period, parse_iso_week
from est.picture.figures import OUTSIDE_AREA_ID, Overview, largest_increase
from est.picture.figures_display import filter_summary, overview_headline
from est.picture.significance import change_verdict
from tests.analysis_data import add, make_world, week_rows

W48 = parse_iso_week("2026-W48")  # 23–29 November 2026
NNBSP = "\u202f"  # thousands
NBSP = "\u00a0"  # before the per cent sign


def _overview(period: Period, rows: list[tuple[int, str | None, int, int]], *, compared: bool = True) -> Overview:
    """An overview of ``(area_id, name, count, previous)`` rows (the figures the headline reads)."""
    table = pd.DataFrame(rows, columns=["area_id", "name", "count", "previous"])
    previous = int(table["previous"].sum()) if compared else None
    if not compared:
        table["previous"] = pd.array([pd.NA] * len(table), dtype="Int64")
    return Overview(
        total=change_verdict(int(table["count"].sum()), None),
        previous=previous,
        last_year=None,
        table=table,
        period=period,
        previous_period=period.previous(),
        last_year_period=period.previous(),
        baseline_period=period.previous(),
        spark_weeks=(),
    )


def _week_48() -> Overview:
    return _overview(
        W48,
        [
            (1, "Centrum", 200, 180),
            (4, "Odenslund", 55, 5),
            (5, "Lugnvik", 60, 50),
            (6, "Torvalla", 19, 20),
            (OUTSIDE_AREA_ID, None, 9, 2),
        ],
    )


def test_the_issues_example_in_swedish_and_english() -> None:
    ov = _week_48()  # 343 against 257: +86, +33 %; Odenslund 5 → 55 is the largest rise
    assert overview_headline(ov, "sv") == (
        f"343 problem vecka 48, 33{NBSP}% fler än veckan före; störst ökning Odenslund{NBSP}5{NBSP}→{NBSP}55"
    )
    assert overview_headline(ov, "en") == (
        f"343 problems in week 48, 33% more than the week before; largest increase Odenslund{NBSP}5{NBSP}→{NBSP}55"
    )


def test_counting_reports_says_reports_singular_and_plural() -> None:
    one = _overview(W48, [(1, "Alfa", 1, 1)])
    assert overview_headline(replace(one, raw=True), "sv") == "1 rapport vecka 48, lika många som veckan före"
    assert overview_headline(replace(one, raw=True), "en") == "1 report in week 48, as many as the week before"
    assert overview_headline(one, "en") == "1 problem in week 48, as many as the week before"
    many = _overview(W48, [(1, "Alfa", 1234, 1000)])
    assert overview_headline(replace(many, raw=True), "sv").startswith(
        f"1{NNBSP}234 rapporter vecka 48, 23{NBSP}% fler"
    )
    assert overview_headline(replace(many, raw=True), "en").startswith("1,234 reports in week 48, 23% more")


def test_without_data_for_the_week_before_there_is_no_change_and_no_rise() -> None:
    ov = _overview(W48, [(1, "Alfa", 12, 0), (2, "Beta", 3, 0)], compared=False)
    assert overview_headline(ov, "sv") == "15 problem vecka 48, ingen jämförelse: inga data för veckan före"
    assert overview_headline(ov, "en") == "15 problems in week 48, no comparison: no data for the week before"
    assert largest_increase(ov) is None


def test_a_decrease_says_fewer_and_names_no_rise_when_no_area_rose() -> None:
    ov = _overview(W48, [(1, "Alfa", 30, 35), (2, "Beta", 10, 15), (OUTSIDE_AREA_ID, None, 4, 0)])
    assert overview_headline(ov, "sv") == f"44 problem vecka 48, 12{NBSP}% färre än veckan före"
    assert overview_headline(ov, "en") == "44 problems in week 48, 12% fewer than the week before"
    assert largest_increase(ov) is None  # only the points outside every area rose: not an area


def test_small_counts_change_in_numbers_not_percent() -> None:
    ov = _overview(W48, [(1, "Alfa", 2, 1), (2, "Beta", 2, 2)])  # 4 against 3: "+33 %" would overstate it
    assert (
        overview_headline(ov, "sv")
        == f"4 problem vecka 48, 1 fler än veckan före; störst ökning Alfa{NBSP}1{NBSP}→{NBSP}2"
    )
    assert overview_headline(ov, "en") == (
        f"4 problems in week 48, 1 more than the week before; largest increase Alfa{NBSP}1{NBSP}→{NBSP}2"
    )
    down = _overview(W48, [(1, "Alfa", 0, 3)])
    assert overview_headline(down, "sv") == "0 problem vecka 48, 3 färre än veckan före"
    assert overview_headline(down, "en") == "0 problems in week 48, 3 fewer than the week before"


def test_a_longer_period_is_named_by_its_dates_and_compared_with_the_period_before() -> None:
    tertial = Period(date(2026, 5, 1), date(2026, 9, 1))
    ov = _overview(tertial, [(1, "Alfa", 630, 600), (2, "Beta", 40, 50)])
    assert overview_headline(ov, "sv") == (
        f"670 problem 1 maj–31 aug 2026, 3{NBSP}% fler än perioden före; störst ökning Alfa{NBSP}600{NBSP}→{NBSP}630"
    )
    assert overview_headline(ov, "en") == (
        "670 problems in 1 May–31 Aug 2026, 3% more than the period before; "
        f"largest increase Alfa{NBSP}600{NBSP}→{NBSP}630"
    )


def test_largest_increase_breaks_ties_by_count_then_name() -> None:
    ov = _overview(W48, [(1, "Beta", 7, 2), (2, "Alfa", 7, 2), (3, "Gamma", 15, 10)])
    rise = largest_increase(ov)
    assert rise is not None
    assert (rise.name, rise.previous, rise.count) == ("Gamma", 10, 15)  # +5 each: the larger count first
    ov = _overview(W48, [(1, "Beta", 7, 2), (2, "Alfa", 7, 2)])
    rise = largest_increase(ov)
    assert rise is not None and rise.name == "Alfa"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_area_names_are_kept_as_written(lang: str) -> None:
    ov = _overview(W48, [(1, "Öster *1*", 9, 1)])
    assert overview_headline(ov, lang).endswith(f"Öster *1*{NBSP}1{NBSP}→{NBSP}9")  # escaping is the page's job


def test_filter_summary_names_the_period_the_set_and_what_is_chosen() -> None:
    tertial = Period(date(2026, 5, 1), date(2026, 9, 1))
    chosen = [("Områden", ["Torvalla"]), ("Kategorier", []), ("Källor", ["Polisen", "Väktare", "Nattvandrare", "X"])]
    assert filter_summary(tertial, "Senaste hela tertialen", "Bostadsområden", chosen, "sv") == (
        "Senaste hela tertialen: 1 maj–31 aug 2026 · Bostadsområden · Områden: Torvalla · "
        "Källor: Polisen, Väktare, Nattvandrare +1"
    )
    assert filter_summary(W48, "Last complete week", None, [], "en", raw=True) == (
        "Last complete week: 23 Nov–29 Nov 2026 · every report counts"
    )
    assert filter_summary(W48, None, "Set", [], "sv") == "23 nov–29 nov 2026 · Set"  # a custom range: the dates


def test_start_page_shows_the_headline_and_a_breakdown_by_category(empty_store, app_test) -> None:
    make_world(empty_store)
    add(empty_store, week_rows())
    add(empty_store, [("2025-01-15T12:00:00+01:00", "out", "ordning.brak", 2)])  # data before every window
    at = app_test(empty_store, page="lagesbild", query={"from": "2026-03-02", "to": "2026-03-08"})
    at.run()
    assert not at.exception
    # W10: 9 problems against 4 in W09 (Alfa 1 → 4, Beta 3 → 3, one outside, one without a place)
    headline = " ".join(s.value for s in at.subheader)
    assert f"9 problem vecka 10, 5 fler än veckan före; störst ökning Alfa{NBSP}1{NBSP}→{NBSP}4" in headline
    shown = next(d.value for d in at.dataframe if "Kategori" in d.value.columns).set_index("Kategori")
    assert list(shown.index) == [
        "Skadegörelse",
        "Annat otrygghetsskapande eller ordningsstörande",
        "Otrygghetsskapande samling",
    ]  # top-level categories, largest first
    assert shown.loc["Skadegörelse"].tolist()[:2] == [4, 4]
    assert shown.loc["Otrygghetsskapande samling"].tolist()[:2] == [2, 0]
