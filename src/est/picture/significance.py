"""Honest comparisons of small counts: Poisson tail probabilities, quantiles and a change verdict.

Who calls it: :mod:`est.picture.figures` (areas against their baseline), :mod:`est.picture.trends` (baseline bands) and
the display modules. The distributions are ``scipy.stats``'s (the one statistics toolkit of the app, with
statsmodels and esda for the steering figures); this module only adds the verdict and its conventions.

The question the EST meeting asks is "is this week unusual?". A count ``k`` is compared with the
expected count ``mu`` (the mean of comparable earlier periods); under a Poisson model the one-sided tail
probability says how surprising ``k`` is. 1 → 4 against a baseline of 1.0 is p ≈ 0.019 ("more than
usual"), 1 → 3 is p ≈ 0.08 ("no clear change"), whatever the percentage says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scipy.stats import poisson

__all__ = [
    "ALPHA",
    "Change",
    "Verdict",
    "change_verdict",
    "poisson_cdf",
    "poisson_quantile",
    "poisson_sf",
]

ALPHA = 0.05
Verdict = Literal["higher", "lower", "as_usual", "no_baseline"]


def poisson_cdf(k: int, mu: float) -> float:
    """P(X ≤ k) for X ~ Poisson(mu) (``scipy.stats.poisson.cdf``).

    Examples
    --------
    >>> round(poisson_cdf(0, 1.0), 6)
    0.367879
    """
    if mu <= 0:
        return 0.0 if k < 0 else 1.0
    return float(poisson.cdf(k, mu))


def poisson_sf(k: int, mu: float) -> float:
    """P(X ≥ k) for X ~ Poisson(mu) (note: ≥, the upper tail including ``k``; scipy's ``sf`` is ``>``).

    Examples
    --------
    >>> round(poisson_sf(4, 1.0), 5)
    0.01899
    """
    if mu <= 0:
        return 1.0 if k <= 0 else 0.0
    return float(poisson.sf(k - 1, mu))


def poisson_quantile(q: float, mu: float) -> int:
    """The smallest ``k`` with P(X ≤ k) ≥ ``q`` for X ~ Poisson(mu) (``scipy.stats.poisson.ppf``).

    Examples
    --------
    >>> poisson_quantile(0.975, 4.0), poisson_quantile(0.025, 4.0)
    (8, 1)
    """
    if mu <= 0:
        return 0
    return int(poisson.ppf(q, mu))


@dataclass(frozen=True)
class Change:
    """A count compared with its expected value: the verdict and the one-sided p-value behind it."""

    count: int
    expected: float | None
    verdict: Verdict
    p_value: float | None


def change_verdict(count: int, expected: float | None, alpha: float = ALPHA) -> Change:
    """Compare ``count`` with ``expected`` (the baseline mean) by a one-sided Poisson test each way.

    Parameters
    ----------
    count
        The observed count in the period.
    expected
        The expected count for a period of the same length (None or negative: no baseline).
    alpha
        Significance level of each one-sided test.

    Returns
    -------
    Change
        ``higher`` when P(X ≥ count) < alpha, ``lower`` when P(X ≤ count) < alpha, else ``as_usual``;
        ``no_baseline`` when there is nothing to compare with.

    Examples
    --------
    >>> change_verdict(4, 1.0).verdict
    'higher'
    >>> change_verdict(3, 1.0).verdict
    'as_usual'
    """
    if expected is None or expected < 0 or math.isnan(expected):
        return Change(count, None, "no_baseline", None)
    if expected == 0:
        # Nothing was expected: any report is new, but one or two are no evidence of a change.
        return Change(count, 0.0, "higher" if count >= 3 else "as_usual", None)
    upper = poisson_sf(count, expected)
    lower = poisson_cdf(count, expected)
    if upper < alpha:
        return Change(count, expected, "higher", upper)
    if lower < alpha:
        return Change(count, expected, "lower", lower)
    return Change(count, expected, "as_usual", min(1.0, 2 * min(upper, lower)))
