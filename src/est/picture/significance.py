"""Honest comparisons of small counts: Poisson tail probabilities, quantiles and a change verdict.

Who calls it: :mod:`est.picture.figures` (areas against their baseline), :mod:`est.picture.trends` (baseline bands) and
the display modules. Pure Python (``math`` only; scipy is not a dependency).

The question the EST meeting asks is "is this week unusual?". A count ``k`` is compared with the
expected count ``mu`` (the mean of comparable earlier periods); under a Poisson model the one-sided tail
probability says how surprising ``k`` is. 1 → 4 against a baseline of 1.0 is p ≈ 0.019 ("more than
usual"), 1 → 3 is p ≈ 0.08 ("no clear change"), whatever the percentage says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

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

_EPS = 1e-14
_TINY = 1e-300
_MAX_ITER = 100_000


def _lower_series(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x) by its series (good for x < a + 1)."""
    term = total = 1.0 / a
    ap = a
    for _ in range(_MAX_ITER):
        ap += 1.0
        term *= x / ap
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return min(1.0, total * math.exp(-x + a * math.log(x) - math.lgamma(a)))


def _upper_fraction(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) by its continued fraction (good for x ≥ a + 1)."""
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return min(1.0, math.exp(-x + a * math.log(x) - math.lgamma(a)) * h)


def _gamma_p(a: float, x: float) -> float:
    if x <= 0:
        return 0.0
    if x < a + 1.0:
        return _lower_series(a, x)
    return 1.0 - _upper_fraction(a, x)


def _gamma_q(a: float, x: float) -> float:
    if x <= 0:
        return 1.0
    if x < a + 1.0:
        return 1.0 - _lower_series(a, x)
    return _upper_fraction(a, x)


def poisson_cdf(k: int, mu: float) -> float:
    """P(X ≤ k) for X ~ Poisson(mu).

    Examples
    --------
    >>> round(poisson_cdf(0, 1.0), 6)
    0.367879
    """
    if k < 0:
        return 0.0
    if mu <= 0:
        return 1.0
    return _gamma_q(k + 1.0, mu)


def poisson_sf(k: int, mu: float) -> float:
    """P(X ≥ k) for X ~ Poisson(mu) (note: ≥, the upper tail including ``k``).

    Examples
    --------
    >>> round(poisson_sf(4, 1.0), 5)
    0.01899
    """
    if k <= 0:
        return 1.0
    if mu <= 0:
        return 0.0
    return _gamma_p(float(k), mu)


def poisson_quantile(q: float, mu: float) -> int:
    """The smallest ``k`` with P(X ≤ k) ≥ ``q`` for X ~ Poisson(mu)."""
    if mu <= 0:
        return 0
    guess = max(0, int(mu + math.sqrt(mu) * _normal_quantile(q)))
    while guess > 0 and poisson_cdf(guess - 1, mu) >= q:
        guess -= 1
    while poisson_cdf(guess, mu) < q:
        guess += 1
    return guess


def _normal_quantile(q: float) -> float:
    """A rough standard normal quantile (only a starting point for :func:`poisson_quantile`)."""
    q = min(max(q, 1e-12), 1 - 1e-12)
    t = math.sqrt(-2.0 * math.log(min(q, 1 - q)))
    z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t**3)
    return z if q > 0.5 else -z


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
