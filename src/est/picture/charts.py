"""Altair charts for the analysis pages, each with a text alternative and a table of the same figures.

Who calls it: the Trends, Weekday-and-hour and Area-profile pages. Colours are colour-blind safe
(Okabe–Ito for groups, a single-hue sequential scale for the matrix, which also prints in greyscale).
Streamlit renders Altair with its own bundled Vega: nothing is fetched from a CDN.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from est.i18n import MONTH_NAMES_SV, Lang, format_int, format_number, t
from est.periods import Period
from est.picture.timeprofile import HourProfile
from est.picture.trends import OTHER, OUTSIDE, TOTAL, Grain

__all__ = ["OKABE_ITO", "group_label", "hour_chart", "trend_chart", "trend_summary", "trend_table"]

# Swedish number and date formats for the charts (Vega's d3 locales): "1 234,5", "23 nov", "mars 2026".
_SV_LOCALE = {
    "number": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0kr"]},
    "time": {
        "dateTime": "%A %-d %B %Y %H:%M",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": ["fm", "em"],
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        "months": list(MONTH_NAMES_SV),
        "shortMonths": ["jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"],
    },
}
_AXIS_FORMAT = {"week": "%-d %b", "month": "%b %Y"}


def _localised(chart: Any, lang: Lang) -> Any:
    """``chart`` with Swedish number and date formats (axes, legends, tooltips) when ``lang`` is Swedish."""
    return chart.configure(locale=_SV_LOCALE) if lang == "sv" else chart


OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999")
_SEQUENTIAL = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]


def group_label(group: str, lang: Lang, labels: dict[str, str]) -> str:
    """A trend group's label: a category or area name, "Totalt", "Övriga" or "Utanför områden"."""
    if group == TOTAL:
        return t("analysis.total", lang)
    if group == OTHER:
        return t("analysis.other", lang)
    if group == OUTSIDE:
        return t("common.outside_areas", lang)
    return labels.get(group, group)


def _incomplete(series: pd.DataFrame) -> pd.Series:
    """True for a bucket the period ends inside (a trend series without ``complete`` has none)."""
    if "complete" not in series.columns:
        return pd.Series(False, index=series.index, dtype=bool)
    return ~series["complete"].astype(bool)


def _state(series: pd.DataFrame, lang: Lang, grain: Grain) -> list[str]:
    """Each bucket's state for the tooltip: ``Hel vecka`` or ``Ofullständig vecka`` (month likewise)."""
    whole, partial = t(f"analysis.complete.{grain}", lang), t(f"analysis.incomplete.{grain}", lang)
    return [partial if flag else whole for flag in _incomplete(series)]


def trend_chart(series: pd.DataFrame, lang: Lang, labels: dict[str, str], *, grain: Grain = "week") -> Any:
    """Lines per group; with a single group also last year (dashed) and the 95 % baseline band.

    A bucket the period ends inside is drawn as a hollow ring labelled "Ofullständig vecka" (or månad):
    its count covers only part of it, so a dip there is not a fall.
    """
    data = series.assign(
        label=[group_label(g, lang, labels) for g in series["group"]],
        bucket=pd.to_datetime(series["bucket"]),
        state=_state(series, lang, grain),
    )
    x = alt.X("bucket:T", title=t("analysis.period_axis", lang), axis=alt.Axis(format=_AXIS_FORMAT[grain]))
    y_title = t("common.incidents", lang)
    groups = list(dict.fromkeys(data["label"]))
    state = alt.Tooltip("state:N", title=t("analysis.state", lang))
    partial = data[_incomplete(series).to_numpy()]
    marks = alt.Chart(partial).mark_point(
        filled=True, size=140, color="#ffffff", stroke="#D55E00", strokeWidth=2
    ).encode(x=x, y="count:Q", tooltip=[state]) + alt.Chart(partial).mark_text(dy=-14, color="#D55E00").encode(
        x=x, y="count:Q", text="state:N"
    )
    if len(groups) == 1:
        band = (
            alt.Chart(data.dropna(subset=["low", "high"]))
            .mark_area(opacity=0.25, color="#999999")
            .encode(x=x, y=alt.Y("low:Q", title=y_title), y2="high:Q")
        )
        last_year = (
            alt.Chart(data.dropna(subset=["last_year"]))
            .mark_line(strokeDash=[4, 3], color="#E69F00")
            .encode(x=x, y="last_year:Q", tooltip=[alt.Tooltip("last_year:Q", title=t("analysis.last_year", lang))])
        )
        line = (
            alt.Chart(data)
            .mark_line(point=True, color="#0072B2")
            .encode(
                x=x,
                y=alt.Y("count:Q", title=y_title),
                tooltip=[
                    alt.Tooltip("bucket:T", title=t("analysis.period_axis", lang)),
                    alt.Tooltip("count:Q", title=y_title),
                    alt.Tooltip("baseline:Q", title=t("analysis.baseline", lang), format=".1f"),
                    state,
                ],
            )
        )
        return _localised((band + last_year + line + marks).properties(height=320), lang)
    colour = alt.Color(
        "label:N",
        title=None,
        scale=alt.Scale(domain=groups, range=list(OKABE_ITO[: len(groups)])),
        legend=alt.Legend(orient="bottom", columns=3),
    )
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("count:Q", title=y_title),
            color=colour,
            strokeDash=alt.StrokeDash("label:N", legend=None),
            tooltip=[
                alt.Tooltip("label:N", title=t("analysis.group", lang)),
                alt.Tooltip("bucket:T", title=t("analysis.period_axis", lang)),
                alt.Tooltip("count:Q", title=y_title),
                state,
            ],
        )
    )
    return _localised((lines + marks).properties(height=320), lang)


def trend_table(series: pd.DataFrame, lang: Lang, labels: dict[str, str], *, grain: Grain = "week") -> pd.DataFrame:
    """The chart's figures as a table: one row per bucket, one column per group (plus last year when single).

    An incomplete bucket's label says so: ``2026-03-02 (ofullständig vecka)``.
    """
    data = series.assign(label=[group_label(g, lang, labels) for g in series["group"]])
    wide = data.pivot_table(index="bucket", columns="label", values="count", aggfunc="sum", fill_value=0)
    wide = wide[list(dict.fromkeys(data["label"]))]
    if data["group"].nunique() == 1:  # written out: "229,1", "–" (a float column would show "229.1", "None")
        by_bucket = data.set_index("bucket")
        wide[t("analysis.last_year", lang)] = [format_int(v, lang) for v in by_bucket["last_year"].reindex(wide.index)]
        wide[t("analysis.baseline", lang)] = [
            format_number(v, 1, lang) for v in by_bucket["baseline"].reindex(wide.index)
        ]
    partial = set(series.loc[_incomplete(series), "bucket"])
    note = t(f"analysis.incomplete.{grain}", lang).lower()
    wide.index = [f"{b.isoformat()} ({note})" if b in partial else b.isoformat() for b in wide.index]
    wide.columns.name = None
    return wide.reset_index(names=t("analysis.period_axis", lang))


def trend_summary(series: pd.DataFrame, lang: Lang, labels: dict[str, str], *, grain: Grain = "week") -> str:
    """A sentence describing the chart (its text alternative): the latest bucket per group and its band."""
    if series.empty:
        return t("analysis.no_incidents", lang)
    latest = series[series["bucket"] == series["bucket"].max()]
    partial = bool(_incomplete(latest).any())
    parts = []
    for row in latest.itertuples():
        text = f"{group_label(str(row.group), lang, labels)}: {format_int(int(row.count), lang)}"
        if pd.notna(row.low) and pd.notna(row.high) and not partial:  # part of a week is no "fewer than usual"
            if row.count > row.high:
                text += " (" + t("analysis.verdict.higher", lang).lower() + ")"
            elif row.count < row.low:
                text += " (" + t("analysis.verdict.lower", lang).lower() + ")"
        parts.append(text)
    bucket = series["bucket"].max().isoformat()
    if partial:
        bucket += ", " + t(f"analysis.incomplete.{grain}", lang).lower()
    return t("analysis.trend_alt", lang, bucket=bucket, figures="; ".join(parts))


def hour_chart(profile: HourProfile, lang: Lang, weekday_names: list[str]) -> Any:
    """The weekday × hour heat matrix (rows Monday–Sunday, columns 0–23) with counts in the tooltip."""
    data = profile.matrix.assign(day=[weekday_names[d - 1] for d in profile.matrix["weekday"]])
    chart = (
        alt.Chart(data)
        .mark_rect(stroke="#ffffff", strokeWidth=0.5)
        .encode(
            x=alt.X("hour:O", title=t("analysis.hour", lang)),
            y=alt.Y("day:N", sort=weekday_names, title=None),
            color=alt.Color(
                "count:Q", title=t("common.incidents", lang), scale=alt.Scale(range=_SEQUENTIAL, zero=True)
            ),
            tooltip=[
                alt.Tooltip("day:N", title=t("analysis.weekday", lang)),
                alt.Tooltip("hour:O", title=t("analysis.hour", lang)),
                alt.Tooltip("count:Q", title=t("common.incidents", lang)),
            ],
        )
        .properties(height=260)
    )
    return _localised(chart, lang)


def period_caption(period: Period) -> str:
    """``2026-11-16 – 2026-11-22``."""
    return f"{period.start.isoformat()} – {period.last_day.isoformat()}"
