"""Perceived and reported safety side by side: survey indicators per area next to incident rates.

Who calls it: the Lägesbild page (the comparison table under the area table) and the Områdesprofil page
(one area's survey results, its incident rate and its rank among the areas), through ``est.ui``'s cached
reads. The survey results are the area indicators imported by :func:`est.areas.sets.import_area_indicators`
(every indicator that is not ``population`` or ``dwellings``, e.g. "Otrygg utomhus kvällstid (%)" from the
kommun's and police's trygghetsundersökning). Incidents are counted like the analysis pages
(:func:`est.picture.figures.area_counts`: problems, not reports, in the filter's period).

Missing data stays missing: an area without population has no rate, an area without a survey value has
none (None / NA, never 0), and the change needs a previous survey year of the same indicator and area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from est.i18n import Lang, format_date, format_int, format_number, t
from est.picture.figures import area_counts

if TYPE_CHECKING:
    from est.periods import Period
    from est.picture.filters import Filters
    from est.store import Reader

__all__ = [
    "NOT_SURVEY",
    "Rank",
    "SafetyComparison",
    "SurveyValue",
    "area_safety_table",
    "comparison_for_display",
    "rank_of",
    "safety_caption",
    "safety_comparison",
    "survey_values",
]

#: Indicators that are denominators, not survey results.
NOT_SURVEY: tuple[str, ...] = ("population", "dwellings")


@dataclass(frozen=True)
class SafetyComparison:
    """Incident figures and survey results per area of a set.

    ``areas`` has one row per area (areas outside ``filters.areas`` left out): ``code``, ``name``,
    ``population`` (NA when unknown), ``incidents`` (problems in the period) and ``per_1000`` (NaN without
    a population). Sorted by ``per_1000`` (highest first, unknown last), then by name.

    ``surveys`` has one row per area and survey indicator with a value: ``code``, ``indicator``, ``year``
    (the latest year with a value), ``value``, ``previous_year`` and ``previous`` (the latest earlier
    year with a value, else NA / NaN) and ``change`` (``value − previous``, NaN without a previous year).

    ``indicators`` are the survey indicators of the set, sorted; empty when the set has none.
    """

    areas: pd.DataFrame
    surveys: pd.DataFrame
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class SurveyValue:
    """One area's latest value of one survey indicator, and the previous survey year's when there is one."""

    year: int
    value: float
    previous_year: int | None
    previous: float | None

    @property
    def change(self) -> float | None:
        """``value − previous``, or None without a previous survey year."""
        return None if self.previous is None else self.value - self.previous


def survey_values(comparison: SafetyComparison) -> dict[tuple[str, str], SurveyValue]:
    """The comparison's survey rows keyed by ``(area code, indicator)``."""
    found: dict[tuple[str, str], SurveyValue] = {}
    for code, indicator, year, value, previous_year, previous in comparison.surveys[
        ["code", "indicator", "year", "value", "previous_year", "previous"]
    ].itertuples(index=False, name=None):
        known = previous_year is not None and not pd.isna(previous_year)
        found[(str(code), str(indicator))] = SurveyValue(
            year=int(year),
            value=float(value),
            previous_year=int(previous_year) if known else None,
            previous=float(previous) if known else None,
        )
    return found


@dataclass(frozen=True)
class Rank:
    """An area's place among the areas with a value: 1 is the highest value; ``of`` areas have one."""

    position: int | None
    of: int


def safety_comparison(reader: Reader, filters: Filters, area_set_id: int) -> SafetyComparison:
    """Incidents, rate per 1,000 inhabitants and the latest survey results per area of the set.

    Parameters
    ----------
    reader
        An open read connection.
    filters
        The period and selections; incidents are counted like the analysis pages (problems, not reports).
        ``filters.areas`` limits the areas (and their survey rows) to those codes.
    area_set_id
        The area set.

    Returns
    -------
    SafetyComparison

    Examples
    --------
    An area with 4 problems in the period and 2,000 inhabitants has ``per_1000`` 2.0; its "Otrygg (%)"
    of 30.0 in 2025 and 27.5 in 2024 gives ``year`` 2025, ``previous_year`` 2024 and ``change`` 2.5.
    """
    counts = area_counts(reader, filters, area_set_id)
    inside = counts[counts["code"].notna()]
    areas = pd.DataFrame(
        {
            "code": inside["code"].astype(str),
            "name": inside["name"].astype(str),
            "population": pd.to_numeric(inside["population"], errors="coerce").astype("Int64"),
            "incidents": inside["count"].astype("int64"),
            "per_1000": pd.to_numeric(inside["rate_per_1000"], errors="coerce").astype("float64"),
        }
    )
    areas = areas.sort_values(["per_1000", "name"], ascending=[False, True], na_position="last")
    areas = areas.reset_index(drop=True)
    surveys = reader.df(
        "WITH v AS (SELECT i.area_code AS code, i.indicator, i.year, i.value, "
        "  row_number() OVER (PARTITION BY i.area_code, i.indicator ORDER BY i.year DESC) AS k "
        "  FROM area_indicators i JOIN areas a ON a.area_set_id = i.area_set_id AND a.code = i.area_code "
        "  WHERE i.area_set_id = ? AND i.indicator NOT IN (SELECT unnest(?::VARCHAR[]))) "
        "SELECT cur.code, cur.indicator, cur.year, cur.value, prev.year AS previous_year, "
        "prev.value AS previous FROM v cur "
        "LEFT JOIN v prev ON prev.code = cur.code AND prev.indicator = cur.indicator AND prev.k = 2 "
        "WHERE cur.k = 1 ORDER BY cur.indicator, cur.code",
        [area_set_id, list(NOT_SURVEY)],
    )
    indicators = tuple(sorted(str(i) for i in surveys["indicator"].unique()))
    if filters.areas:
        surveys = surveys[surveys["code"].isin(areas["code"])]
    surveys = surveys.astype({"code": str, "indicator": str, "year": "int64", "value": "float64"})
    surveys["previous_year"] = pd.to_numeric(surveys["previous_year"], errors="coerce").astype("Int64")
    surveys["previous"] = pd.to_numeric(surveys["previous"], errors="coerce").astype("float64")
    surveys["change"] = surveys["value"] - surveys["previous"]
    return SafetyComparison(areas=areas, surveys=surveys.reset_index(drop=True), indicators=indicators)


def rank_of(comparison: SafetyComparison, code: str, indicator: str | None = None) -> Rank:
    """Area ``code``'s rank on the incident rate (``indicator`` None) or on a survey indicator.

    The highest value is 1; areas with the same value share the best place ("1, 1, 3"). Areas without a
    value are not ranked (``of`` counts only those with one); ``position`` is None for an area without one.
    """
    if indicator is None:
        values = comparison.areas.set_index("code")["per_1000"]
    else:
        rows = comparison.surveys[comparison.surveys["indicator"] == indicator]
        values = rows.set_index("code")["value"]
    values = values.dropna()
    if code not in values.index:
        return Rank(None, len(values))
    position = int((values > values[code]).sum()) + 1
    return Rank(position, len(values))


def _rank_text(rank: Rank, lang: Lang) -> str:
    if rank.position is None:
        return "–"
    return t("analysis.safety.rank_of", lang, position=rank.position, of=rank.of)


def _signed(value: float | None, lang: Lang) -> str:
    if value is None:
        return "–"
    if round(value, 1) == 0:
        return "±" + format_number(0.0, 1, lang)
    return ("+" if value > 0 else "") + format_number(value, 1, lang)


def _value_with_year(value: float | None, year: int | None, lang: Lang) -> str:
    if value is None or year is None:
        return "–"
    return f"{format_number(value, 1, lang)} ({year})"


def _rate_text(value: float, lang: Lang) -> str:
    return "–" if pd.isna(value) else format_number(value, 1, lang)


def area_safety_table(comparison: SafetyComparison, code: str, lang: Lang) -> pd.DataFrame:
    """One area's incident rate and survey results, each with its rank among the areas (Områdesprofil).

    Rows: the incident rate in the period, then one per survey indicator of the set. Columns (translated):
    measure, value with its year, the previous survey year's value, the change, and the rank ("2 av 15").
    """
    area = comparison.areas[comparison.areas["code"] == code]
    rate = float(area["per_1000"].iloc[0]) if len(area) else float("nan")
    incidents = int(area["incidents"].iloc[0]) if len(area) else 0
    measure, value, previous, change, rank = (
        t("analysis.safety.measure", lang),
        t("analysis.safety.value", lang),
        t("analysis.safety.previous", lang),
        t("analysis.safety.change", lang),
        t("analysis.safety.rank", lang),
    )
    rows = [
        {
            measure: t("analysis.safety.rate_row", lang, n=format_int(incidents, lang)),
            value: _rate_text(rate, lang),
            previous: "",
            change: "",
            rank: _rank_text(rank_of(comparison, code), lang),
        }
    ]
    surveys = survey_values(comparison)
    for indicator in comparison.indicators:
        found = surveys.get((code, indicator))
        if found is not None:
            shown = _value_with_year(found.value, found.year, lang)
            before = _value_with_year(found.previous, found.previous_year, lang)
            delta = _signed(found.change, lang)
        else:
            shown = before = delta = "–"
        rows.append(
            {
                measure: indicator,
                value: shown,
                previous: before,
                change: delta,
                rank: _rank_text(rank_of(comparison, code, indicator), lang),
            }
        )
    return pd.DataFrame(rows, columns=[measure, value, previous, change, rank])


def comparison_for_display(comparison: SafetyComparison, lang: Lang) -> pd.DataFrame:
    """The comparison for all areas (Lägesbild), translated and Swedish-formatted.

    Columns: area, incidents, rate per 1,000, and per survey indicator its latest value with the year and
    the change since the previous survey year; "–" where a value is missing.
    """
    areas = comparison.areas
    shown = pd.DataFrame(
        {
            t("common.area", lang): areas["name"],
            t("common.incidents", lang): areas["incidents"].astype("int64"),
            t("lagesbild.rate", lang): [_rate_text(float(v), lang) for v in areas["per_1000"]],
        }
    )
    surveys = survey_values(comparison)
    for indicator in comparison.indicators:
        found = [surveys.get((str(code), indicator)) for code in areas["code"]]
        values = ["–" if f is None else _value_with_year(f.value, f.year, lang) for f in found]
        changes = ["–" if f is None else _signed(f.change, lang) for f in found]
        shown[indicator] = values
        shown[t("analysis.safety.change_of", lang, indicator=indicator)] = changes
    return shown


def safety_caption(period: Period, lang: Lang) -> str:
    """What the comparison compares: problems in ``period`` beside the latest survey results."""
    shown = f"{format_date(period.start, lang)} – {format_date(period.last_day, lang)}"
    return t("analysis.safety.caption", lang, period=shown)
