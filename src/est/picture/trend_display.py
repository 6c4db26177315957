"""Trends for display: the per-area and per-category summary tables and the running-period caption.

Who calls it: the Trender page. Inputs are :mod:`est.picture.trends` results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from est.i18n import Lang, format_int, t
from est.picture.display import span_text, verdict_text
from est.picture.significance import change_verdict
from est.picture.trends import Summary

if TYPE_CHECKING:
    from est.store import Reader

__all__ = [
    "area_labels",
    "running_caption",
    "summary_by_category",
    "summary_table",
]


def area_labels(reader: Reader, area_set_id: int) -> dict[str, str]:
    """Area code → name for one set (a cached read for chart and table labels)."""
    return {str(c): str(n) for c, n in reader.rows("SELECT code, name FROM areas WHERE area_set_id = ?", [area_set_id])}


def _summary_labels(table: pd.DataFrame, lang: Lang) -> dict[str, str]:
    """Period label → shown label (``2026 T3 (pågår)`` for the running one), newest first."""
    running = t("analysis.trender.running", lang)
    done = table.groupby("label")["complete"].all().sort_index(ascending=False)
    return {str(label): str(label) if d else f"{label} {running}" for label, d in done.items()}


def summary_table(summary: Summary, lang: Lang, labels: dict[str, str], kind: str) -> pd.DataFrame:
    """The tertial or yearly follow-up: one row per period (newest first) with its total, last year and verdict.

    Four narrow columns, so the tertial and year tables fit side by side on a laptop screen; the split per
    category is :func:`summary_by_category`. The total is compared with the same period a year earlier
    (Poisson test, complete periods only); ``labels`` is unused here and kept for a uniform call.
    """
    table = summary.table
    if table.empty:
        return pd.DataFrame()
    shown = _summary_labels(table, lang)
    totals = table.groupby("label").agg(
        count=("count", "sum"), last_year=("last_year", _sum_or_missing), done=("complete", "all")
    )
    totals = totals.reindex(list(shown))
    verdicts = [
        verdict_text(
            change_verdict(int(c), float(ly)).verdict if d and pd.notna(ly) and ly > 0 else "no_baseline", lang
        )
        for c, ly, d in zip(totals["count"], totals["last_year"], totals["done"], strict=True)
    ]
    return pd.DataFrame(
        {
            t(f"analysis.trender.{kind}", lang): list(shown.values()),
            t("analysis.total", lang): [format_int(int(v), lang) for v in totals["count"]],
            t("analysis.last_year", lang): [format_int(v, lang) if pd.notna(v) else "–" for v in totals["last_year"]],
            t("analysis.verdict", lang): verdicts,
        }
    )


def summary_by_category(summary: Summary, lang: Lang, labels: dict[str, str], kind: str) -> pd.DataFrame:
    """The follow-up split per top-level category: one row per category, one column per period (newest first).

    Categories are rows because their names are long: as columns they made the table wider than the page.
    """
    table = summary.table
    if table.empty:
        return pd.DataFrame()
    shown = _summary_labels(table, lang)
    wide = table.pivot_table(index="category", columns="label", values="count", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=list(shown), fill_value=0).astype("int64")
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    out = wide.rename(columns=shown).reset_index(drop=True).map(lambda v: format_int(int(v), lang))
    out.columns = [str(c) for c in out.columns]
    out.insert(0, t("common.category", lang), [labels.get(str(c), str(c)) for c in wide.index])
    return out


def running_caption(summary: Summary, lang: Lang) -> str | None:
    """What the running period's "last year" compares: ``2026 T3 (pågår): 1 sep–23 nov 2026 jämfört med …``.

    None when every period shown is complete (each is then compared with the whole period a year earlier).
    """
    if summary.running is None:
        return None
    current, before = summary.running
    labels = summary.table.loc[~summary.table["complete"].astype(bool), "label"]
    return t(
        "analysis.trender.like_for_like",
        lang,
        label=str(labels.iloc[0]) if len(labels) else "",
        current=span_text(current, lang),
        before=span_text(before, lang),
    )


def _sum_or_missing(values: pd.Series) -> float | None:
    """The sum, or None when any part is missing (a partial sum would look like a real figure)."""
    return float(values.sum()) if bool(values.notna().all()) else None
