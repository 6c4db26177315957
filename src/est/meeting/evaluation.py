"""Before/after evaluation of a finished action, with the rest of the kommun as the control.

Who calls it: the Åtgärder page and the actions report.

For an action marked ``klar``: the incidents in its area (and its category subtree, when it has one) in a
window before its start date are compared with the same-length window from its finish date, and the same
two windows are counted for every other located incident of the area set (other areas and outside every
area: "the rest of the kommun") as the control. The after window is cut at ``today``, and the before
window is made the same length, so the comparison stays fair while the after period is still running.

The wording is honest about small numbers: below :data:`MIN_INCIDENTS` incidents in the area in both
windows together, it says there are too few to conclude anything. Otherwise a conditional (exact
binomial) test asks whether the area's share of after-incidents differs from the control's; it says
"no larger than chance" unless p < 0.05, and even then speaks of an association, not a cause.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from est.i18n import Lang, format_percent, t
from est.meeting.actions import get_action
from est.periods import Period
from est.picture.filters import Filters, incident_query

if TYPE_CHECKING:
    from est.store import Reader

__all__ = ["MIN_DAYS", "MIN_INCIDENTS", "Evaluation", "binomial_two_sided", "evaluate_action"]

MIN_INCIDENTS = 20
MIN_DAYS = 14
DEFAULT_WINDOW_DAYS = 56
_ALPHA = 0.05


@dataclass(frozen=True)
class Evaluation:
    """The before/after figures of one action and the sentence that describes them.

    ``verdict`` is one of ``not_finished``, ``too_early``, ``small``, ``chance``, ``clear``.
    """

    action_id: int
    verdict: str
    text: str
    before: Period | None = None
    after: Period | None = None
    area_before: int = 0
    area_after: int = 0
    control_before: int = 0
    control_after: int = 0
    p_value: float | None = None

    @property
    def area_change(self) -> float | None:
        """Relative change in the area (after / before − 1), None when before is 0."""
        return _change(self.area_before, self.area_after)

    @property
    def control_change(self) -> float | None:
        """Relative change in the rest of the kommun, None when before is 0."""
        return _change(self.control_before, self.control_after)


def _change(before: int, after: int) -> float | None:
    return None if before == 0 else after / before - 1


def binomial_two_sided(k: int, n: int, p: float) -> float:
    """Exact two-sided binomial p-value: the probability of outcomes no more likely than ``k`` of ``n``.

    Parameters
    ----------
    k
        Observed successes.
    n
        Trials.
    p
        Success probability under the null hypothesis.

    Examples
    --------
    >>> round(binomial_two_sided(10, 40, 0.5), 4)
    0.0022
    """
    if n == 0:
        return 1.0
    if p <= 0.0:
        return 1.0 if k == 0 else 0.0
    if p >= 1.0:
        return 1.0 if k == n else 0.0

    def log_pmf(i: int) -> float:
        return (
            math.lgamma(n + 1)
            - math.lgamma(i + 1)
            - math.lgamma(n - i + 1)
            + i * math.log(p)
            + (n - i) * math.log1p(-p)
        )

    observed = log_pmf(k)
    total = sum(math.exp(log_pmf(i)) for i in range(n + 1) if log_pmf(i) <= observed + 1e-9)
    return min(1.0, total)


def _counts(reader: Reader, action: dict[str, Any], period: Period) -> tuple[int, int]:
    """(incidents in the action's area, incidents elsewhere in the set) in ``period``."""
    categories = (str(action["category_code"]),) if action.get("category_code") else ()
    q = incident_query(Filters(period=period, categories=categories), int(action["area_set_id"]), join="placed")
    row = reader.row(
        "SELECT coalesce(sum(i.count) FILTER (WHERE a.code = ?), 0), "  # noqa: S608 - where is built from constants; values are bound
        f"coalesce(sum(i.count) FILTER (WHERE a.code IS DISTINCT FROM ?), 0) {q.sql}",
        [action["area_code"], action["area_code"], *q.params],
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _describe(change: float | None, before: int, after: int, lang: Lang) -> str:
    if change is None:
        return t("evaluation.from_zero", lang, n=after) if after else t("evaluation.same", lang)
    if abs(change) < 0.005:
        return t("evaluation.same", lang)
    pct = format_percent(abs(change), 0, lang).lstrip("+−±")
    return t("evaluation.fell" if change < 0 else "evaluation.rose", lang, pct=pct)


def evaluate_action(
    reader: Reader, action_id: int, today: date, window_days: int = DEFAULT_WINDOW_DAYS, lang: Lang = "sv"
) -> Evaluation:
    """Compare incidents before and after a finished action, against the rest of the kommun.

    Parameters
    ----------
    reader
        An open read connection.
    action_id
        The action; it must be ``klar`` to be evaluated.
    today
        The after window ends no later than this date (exclusive).
    window_days
        Length of each window (default 8 weeks), shortened to the days available after the finish date.
    lang
        Language of the sentence.

    Returns
    -------
    Evaluation
        The counts, the p-value (when numbers allow a test) and a sentence that says what they mean.

    Raises
    ------
    EstError
        When the action does not exist.
    """
    action = get_action(reader, action_id)
    if action["status"] != "klar" or action.get("finished_on") is None:
        return Evaluation(action_id, "not_finished", t("evaluation.not_finished", lang))
    start: date = _as_date(action["start_on"])
    finished: date = _as_date(action["finished_on"])
    days = min(window_days, (today - finished).days)
    if days < MIN_DAYS:
        return Evaluation(action_id, "too_early", t("evaluation.too_early", lang, days=max(days, 0), minimum=MIN_DAYS))
    before = Period(start - timedelta(days=days), start)
    after = Period(finished, finished + timedelta(days=days))
    area_before, control_before = _counts(reader, action, before)
    area_after, control_after = _counts(reader, action, after)
    base = Evaluation(
        action_id,
        "small",
        "",
        before=before,
        after=after,
        area_before=area_before,
        area_after=area_after,
        control_before=control_before,
        control_after=control_after,
    )
    if area_before + area_after < MIN_INCIDENTS:
        return replace(base, text=t("evaluation.small", lang, before=area_before, after=area_after))
    control_total = control_before + control_after
    expected_share = control_after / control_total if control_total else 0.5
    p_value = binomial_two_sided(area_after, area_before + area_after, expected_share)
    verdict = "clear" if p_value < _ALPHA else "chance"
    text = t(
        f"evaluation.{verdict}",
        lang,
        area_change=_describe(_change(area_before, area_after), area_before, area_after, lang),
        control_change=_describe(_change(control_before, control_after), control_before, control_after, lang),
        before=area_before,
        after=area_after,
    )
    return replace(base, verdict=verdict, text=text, p_value=p_value)


def _as_date(value: Any) -> date:
    if hasattr(value, "date") and callable(value.date):
        return value.date()  # type: ignore[no-any-return]
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
