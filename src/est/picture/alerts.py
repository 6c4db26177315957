"""Spike alerts: whether this week is unusually high for an area (and area × category), given its own history.

Who calls it: the Lägesbild and Mötesläge pages ("Ovanligt många …", :mod:`est.ui.steering_views`) and
``est alerts``.

Method: the Farrington family as in the R ``surveillance`` package's ``farringtonFlexible`` with the
settings of Noufaily et al. (2013), simplified where this data makes the rest moot:

* **Baseline.** The comparable weeks of earlier years: the target week ± :data:`HALF_WINDOW` weeks in each
  of up to :data:`YEARS_BACK` years before (``b = 5, w = 3``). With less than two years of history the
  baseline is the last 52 weeks leaving out the most recent 26 (``t − 52 … t − 27``), so a rise now does
  not hide itself in its own baseline.
* **Model.** A quasi-Poisson GLM (``statsmodels``, log link) of the baseline counts on time; the trend is
  kept only when significant (p < 0.05) and it does not predict beyond every baseline count, as in the
  package. The dispersion is Pearson's χ² / (n − p), at least 1.
* **Past outbreaks down-weighted.** After a first fit, weeks with Anscombe residuals above 2.58 get
  weights ``s⁻²`` (Noufaily's ``weightsThreshold``), and the model is fitted again.
* **Upper bound.** The (1 − α) quantile, α = :data:`ALPHA`, of the negative binomial with the predicted
  mean and the dispersion (``thresholdMethod = "nbPlugin"``; a Poisson quantile when not over-dispersed).
* **No alert on small numbers.** At least :data:`MIN_RECENT` cases in the last four weeks, the target
  week included (the package's ``limit54``), so 0 → 3 never alarms whatever the baseline.

A series alarms when the week's count is above its upper bound.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from est.access.auth import Permission, Viewer, require
from est.areas.sets import get_area_set
from est.i18n import Lang, format_number, t
from est.periods import Period
from est.picture.filters import Filters, incident_query
from est.picture.timesql import by_local_hour

if TYPE_CHECKING:
    from est.store import Reader

__all__ = [
    "ALPHA",
    "HALF_WINDOW",
    "MIN_RECENT",
    "YEARS_BACK",
    "Alert",
    "Alerts",
    "Bound",
    "alert_text",
    "baseline_weeks",
    "find_alerts",
    "find_alerts_for",
    "upper_bound",
]

#: One-sided; 0.01 rather than the package's 0.05 because a kommun tests hundreds of series every week
#: (areas × categories) and the meeting should see a short list it can trust.
ALPHA = 0.01
YEARS_BACK = 5
HALF_WINDOW = 3
MIN_RECENT = 5
RECENT_WEEKS = 4
WEIGHTS_THRESHOLD = 2.58
#: Fewer baseline weeks than this give no bound (and no alert).
MIN_BASELINE = 8


@dataclass(frozen=True)
class Bound:
    """The model's expectation for the week and the upper bound above which it alarms."""

    expected: float
    upper: int
    baseline_weeks: int


@dataclass(frozen=True)
class Alert:
    """One unusually high week: the area (and category, or None for all), observed, expected and bound."""

    area: str
    label: str
    category: str | None
    category_labels: tuple[str, str] | None  # Swedish, English
    observed: int
    expected: float
    upper: int


@dataclass(frozen=True)
class Alerts:
    """The alerts of one ISO week, highest excess first, and how many series were tested."""

    week: Period
    alerts: tuple[Alert, ...]
    series: int

    @property
    def week_label(self) -> str:
        """``2026-W48``."""
        year, week, _ = self.week.start.isocalendar()
        return f"{year}-W{week:02d}"


def baseline_weeks(target: date, history_start: date) -> list[date]:
    """The Mondays of the baseline weeks of the week starting ``target`` (see the module docstring).

    ``history_start`` is the Monday of the first week with data; with two years or more before the
    target, the comparable weeks of up to :data:`YEARS_BACK` earlier years, else weeks t − 52 … t − 27.
    """
    if target - timedelta(weeks=104) >= history_start:
        weeks = []
        for years in range(1, YEARS_BACK + 1):
            centre = target - timedelta(weeks=52 * years)
            weeks += [centre + timedelta(weeks=k) for k in range(-HALF_WINDOW, HALF_WINDOW + 1)]
        return sorted(w for w in weeks if w >= history_start)
    return [target - timedelta(weeks=k) for k in range(52, 26, -1) if target - timedelta(weeks=k) >= history_start]


def _fit(y: np.ndarray, x: np.ndarray, weights: np.ndarray, trend: bool) -> tuple[Any, float]:
    import statsmodels.api as sm

    design = sm.add_constant(x, has_constant="add") if trend else np.ones((len(y), 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = sm.GLM(y, design, family=sm.families.Poisson(), var_weights=weights)
        result = model.fit(scale="X2")
    dispersion = max(1.0, float(result.scale))
    return result, dispersion


def upper_bound(counts: list[int] | np.ndarray, times: list[int] | np.ndarray, target_time: int) -> Bound | None:
    """The Farrington expectation and upper bound for ``target_time`` from baseline ``counts`` at ``times``.

    Returns None when there are fewer than :data:`MIN_BASELINE` baseline weeks.

    Examples
    --------
    >>> b = upper_bound([3, 2, 4, 3, 3, 2, 4, 3, 3, 2], list(range(10)), 52)
    >>> round(b.expected, 1), b.upper
    (2.9, 7)
    """
    from scipy.stats import nbinom, poisson

    y = np.asarray(counts, dtype=float)
    x = np.asarray(times, dtype=float)
    if len(y) < MIN_BASELINE:
        return None
    if np.ptp(y) == 0:  # the same count every week: no model to fit (statsmodels cannot start from a perfect fit)
        return Bound(float(y[0]), int(poisson.ppf(1 - ALPHA, y[0])) if y[0] else 0, len(y))
    weights = np.ones(len(y))
    result, phi, trend = _model(y, x, weights, target_time)
    mu = np.asarray(result.fittedvalues, dtype=float)
    anscombe = 1.5 * (np.cbrt(y) ** 2 - np.cbrt(mu) ** 2) / (np.sqrt(phi) * np.power(mu, 1 / 6))
    if (anscombe > WEIGHTS_THRESHOLD).any():
        weights = np.where(anscombe > WEIGHTS_THRESHOLD, anscombe**-2.0, 1.0)
        weights *= len(y) / weights.sum()
        result, phi, trend = _model(y, x, weights, target_time)
    params = np.asarray(result.params, dtype=float)
    expected = float(math.exp(params[0] + (params[1] * target_time if trend else 0.0)))
    if phi > 1.0:
        size = expected / (phi - 1.0)
        upper = int(nbinom.ppf(1 - ALPHA, size, size / (size + expected)))
    else:
        upper = int(poisson.ppf(1 - ALPHA, expected))
    return Bound(expected, upper, len(y))


def _model(y: np.ndarray, x: np.ndarray, weights: np.ndarray, target_time: int) -> tuple[Any, float, bool]:
    """The fitted model, its dispersion, and whether it has a trend.

    The package's rule: the trend is kept only when significant (p < 0.05) and it does not predict beyond
    every baseline count; else the model without it.
    """
    if len(set(x.tolist())) >= 3:
        result, phi = _fit(y, x, weights, True)
        params = np.asarray(result.params, dtype=float)
        pvalues = np.asarray(result.pvalues, dtype=float)
        predicted = math.exp(params[0] + params[1] * target_time)
        if np.isfinite(pvalues[1]) and pvalues[1] < 0.05 and predicted <= y.max():
            return result, phi, True
    result, phi = _fit(y, x, weights, False)
    return result, phi, False


def _weekly_counts(reader: Reader, filters: Filters, area_set_id: int, week: Period) -> tuple[pd.DataFrame, date]:
    """Counts per (area, category, week) from up to :data:`YEARS_BACK` years before ``week`` to its end."""
    first = week.start - timedelta(weeks=52 * YEARS_BACK + HALF_WINDOW + 1)
    q = incident_query(filters, area_set_id, period=Period(first, week.end), join="inner")
    counts = reader.df(
        by_local_hour(
            "a.code AS area, i.category_code AS cat",
            q.sql,
            "CAST(date_trunc('week', t) AS DATE) AS week",
            "area, cat",
        ),
        q.params,
    )
    counts["week"] = pd.to_datetime(counts["week"]).dt.date
    start_q = incident_query(filters, area_set_id, period=Period(first, week.end), join="if_filtered")
    earliest = reader.value(f"SELECT min(i.occurred_at) {start_q.sql}", start_q.params)
    history_start = week.start
    if earliest is not None:
        day = earliest.date() if hasattr(earliest, "date") else earliest
        history_start = day - timedelta(days=day.isoweekday() - 1)
    return counts, history_start


def find_alerts(
    reader: Reader,
    filters: Filters,
    area_set_id: int,
    week: Period,
    *,
    by_category: bool = True,
) -> Alerts:
    """The areas (and area × category series) whose count in ``week`` is above its Farrington upper bound.

    Parameters
    ----------
    reader
        An open read session.
    filters
        Categories, sources, organisations and areas to look at (its period is not used).
    area_set_id
        The area set whose areas are tested.
    week
        The ISO week tested (Monday to Monday).
    by_category
        Also test each area × category series (the area's total is always tested).

    Returns
    -------
    Alerts
        The alarming series, highest observed/upper first.
    """
    counts, history_start = _weekly_counts(reader, filters, area_set_id, week)
    names = dict(reader.rows("SELECT code, name FROM areas WHERE area_set_id = ?", [area_set_id]))
    categories = {
        str(c): (str(sv), str(en)) for c, sv, en in reader.rows("SELECT code, label_sv, label_en FROM categories")
    }
    totals = counts.groupby(["area", "week"], as_index=False).agg(count=("count", "sum")).assign(cat=None)
    series = [totals, counts] if by_category else [totals]
    frame = pd.concat(series, ignore_index=True)
    recent_from = week.start - timedelta(weeks=RECENT_WEEKS - 1)
    tested = 0
    alerts: list[Alert] = []
    for (area, cat), rows in frame.groupby(["area", frame["cat"].fillna("")], sort=True):
        by_week = dict(zip(rows["week"], rows["count"], strict=True))
        observed = int(by_week.get(week.start, 0))
        recent = sum(int(n) for w, n in by_week.items() if recent_from <= w <= week.start)
        tested += 1
        if recent < MIN_RECENT or observed == 0:
            continue  # limit54: no alert on small numbers, so no model either
        base = baseline_weeks(week.start, history_start)
        times = [(w - week.start).days // 7 for w in base]
        bound = upper_bound([int(by_week.get(w, 0)) for w in base], times, 0)
        if bound is None or observed <= bound.upper:
            continue
        code = str(cat) or None
        labels = categories.get(code, (code, code)) if code else None
        alerts.append(Alert(str(area), str(names.get(area, area)), code, labels, observed, bound.expected, bound.upper))
    alerts.sort(key=lambda a: (-(a.observed / max(a.upper, 1)), a.area, a.category or ""))
    return Alerts(week, tuple(alerts), tested)


def find_alerts_for(
    reader: Reader, viewer: Viewer, filters: Filters, week: Period, *, by_category: bool = True
) -> Alerts:
    """:func:`find_alerts` on the filter's area set (per-area counts: every role that sees the picture)."""
    require(viewer, Permission.VIEW_PICTURE)
    return find_alerts(reader, filters, get_area_set(reader, filters.area_set).id, week, by_category=by_category)


def alert_text(alert: Alert, week: Period, lang: Lang) -> str:
    """The alert in words: "Centrum: 15 klotter vecka 48, förväntat 4, övre gräns 9"."""
    _year, number, _ = week.start.isocalendar()
    labels = alert.category_labels
    what = (labels[0] if lang == "sv" else labels[1]).lower() if labels else t("alerts.incidents", lang)
    return t(
        "alerts.text",
        lang,
        area=alert.label,
        n=alert.observed,
        what=what,
        week=number,
        expected=format_number(alert.expected, 0 if alert.expected >= 10 else 1, lang),
        upper=alert.upper,
    )
