"""The time profile for display: weekday names, the top time windows in words and the weekday × hour table.

Who calls it: the Veckodag och timme page. Inputs are :mod:`est.picture.timeprofile` results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from est.i18n import Lang, format_int, t
from est.picture.display import counted_key, counted_text
from est.picture.timeprofile import HourProfile, TimeWindow

if TYPE_CHECKING:
    pass

__all__ = [
    "WEEKDAYS_EN",
    "WEEKDAYS_SV",
    "hour_table",
    "hour_text_alternative",
    "weekday_name",
    "window_sentence",
]


WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_name(day: int, lang: Lang) -> str:
    """ISO weekday 1–7 as a word."""
    return (WEEKDAYS_SV if lang == "sv" else WEEKDAYS_EN)[day - 1]


def window_sentence(window: TimeWindow, lang: Lang, *, raw: bool = False) -> str:
    """``fredag 21–24 i Centrum: 14 händelser``."""
    area = window.area if window.area is not None else t("common.outside_areas", lang).lower()
    return t(
        "analysis.window",
        lang,
        weekday=weekday_name(window.weekday, lang),
        start=f"{window.start_hour:02d}",
        end=f"{window.end_hour:02d}",
        area=area,
        n=format_int(window.count, lang),
        unit=counted_text("analysis.incident_one" if window.count == 1 else "analysis.incident_many", raw, lang),
    )


def hour_table(profile: HourProfile, lang: Lang) -> pd.DataFrame:
    """The weekday × hour matrix as a table (the chart's text alternative): one row per weekday, 24 hours."""
    wide = profile.matrix.pivot(index="weekday", columns="hour", values="count").reindex(range(1, 8), fill_value=0)
    wide.columns = [f"{h:02d}" for h in wide.columns]
    wide.insert(0, t("analysis.weekday", lang), [weekday_name(d, lang) for d in wide.index])
    wide[t("analysis.total", lang)] = wide.iloc[:, 1:].sum(axis=1)
    return wide.reset_index(drop=True)


def hour_text_alternative(profile: HourProfile, lang: Lang, *, raw: bool = False) -> str:
    """The matrix in one sentence: the busiest weekday and hour, and the total (the chart's alt text)."""
    top = profile.matrix.sort_values(["count", "weekday", "hour"], ascending=[False, True, True]).iloc[0]
    timed = int(profile.matrix["count"].sum())
    return t(
        counted_key("analysis.tider.alt", raw),
        lang,
        weekday=weekday_name(int(top["weekday"]), lang),
        hour=f"{int(top['hour']):02d}",
        n=format_int(int(top["count"]), lang),
        total=format_int(timed, lang),
    )
