"""The police context panel of the Lägesbild page: police events in the installation's kommun for the period.

Police open events are kommun-level context only (their position is a kommun centroid), so the panel lists
them by type and as a linked list, apart from the incidents; nothing here places them in an area.

Also the display forms of the duplicate tables on the Police events page (:func:`problems_for_display`,
:func:`problem_sources_for_display`): plain pandas, no Streamlit. They belong with the data in
:mod:`est.dedup` and can move there unchanged.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from est.filter_options import category_options, label_map
from est.i18n import Lang, format_int, t
from est.periods import Period
from est.police import home_kommun_context
from est.ui.cache import read
from est.ui.context import current_lang, guard, text

__all__ = ["police_context_panel", "problem_sources_for_display", "problems_for_display"]

_TZ = ZoneInfo("Europe/Stockholm")
_WHEN = "%Y-%m-%d %H:%M"


def police_context_panel(period: Period) -> None:
    """Render the panel for ``period``; a hint on how to set the kommun when none is configured."""
    lang = current_lang()
    with guard():
        context = read(home_kommun_context, period)
        categories = label_map(read(category_options), lang)
    if context is None:
        st.caption(":material/local_police: " + text("police_panel.not_configured"))
        return
    title = text("police_panel.title", kommun=context.kommun_name, n=format_int(context.total, lang))
    with st.expander(title, icon=":material/local_police:"):
        st.caption(text("police_panel.intro"))
        if not context.by_type and not context.summaries:
            st.info(text("police_panel.none"))
            return
        left, right = st.columns([2, 3])
        by_type = pd.DataFrame(
            {
                text("police_panel.col.type"): [t for t, _n, _c in context.by_type],
                text("police_panel.col.events"): [n for _t, n, _c in context.by_type],
                text("police_panel.col.category"): [categories.get(c or "", "–") for _t, _n, c in context.by_type],
            }
        )
        left.dataframe(by_type, hide_index=True, width="stretch")
        link = text("police_panel.col.link")
        events = pd.DataFrame(
            {
                text("police_panel.col.when"): [w.astimezone(_TZ).strftime(_WHEN) for w, *_ in context.events],
                text("police_panel.col.type"): [t for _w, t, _n, _l in context.events],
                text("police_panel.col.name"): [name for _w, _t, name, _l in context.events],
                link: [url for *_, url in context.events],
            }
        )
        right.dataframe(
            events,
            hide_index=True,
            width="stretch",
            height=300,
            column_config={link: st.column_config.LinkColumn(link, display_text="polisen.se")},
        )
        if context.summaries:
            st.caption(text("police_panel.summaries", n=format_int(len(context.summaries), lang)))


def _when(column: pd.Series) -> list[str]:
    return [w.astimezone(_TZ).strftime(_WHEN) if pd.notna(w) else "" for w in column]


def _label(labels: dict[str, str], code: object) -> str:
    return labels.get(code, code) if isinstance(code, str) and code else "–"


def problems_for_display(
    problems: pd.DataFrame, lang: Lang, categories: dict[str, str], sources: dict[str, str]
) -> pd.DataFrame:
    """:func:`est.dedup.list_problems` for people: headers in ``lang``, status, sources and category as labels.

    ``categories`` and ``sources`` map codes to labels (:func:`est.filter_options.label_map`); an unknown
    code is shown as is. The ``id`` stays a number: it is what the problem picker offers.
    """
    status = {"open": t("dedup.status.open", lang), "confirmed": t("dedup.status.confirmed", lang)}
    return pd.DataFrame(
        {
            t("dedup.col.id", lang): problems["id"],
            t("dedup.col.status", lang): [status.get(s, s) for s in problems["status"]],
            t("dedup.col.reports", lang): problems["reports"],
            t("dedup.col.sources", lang): [
                ", ".join(_label(sources, k.strip()) for k in str(v).split(",")) if isinstance(v, str) else ""
                for v in problems["sources"]
            ],
            t("dedup.col.first", lang): _when(problems["first_at"]),
            t("dedup.col.last", lang): _when(problems["last_at"]),
            t("dedup.col.category", lang): [_label(categories, c) for c in problems["category"]],
        }
    )


def problem_sources_for_display(
    reports: pd.DataFrame, lang: Lang, categories: dict[str, str], sources: dict[str, str]
) -> pd.DataFrame:
    """:func:`est.dedup.problem_sources` for people (without position and free text): labels, not codes."""
    return pd.DataFrame(
        {
            t("dedup.col.id", lang): reports["id"],
            t("dedup.col.when", lang): _when(reports["occurred_at"]),
            t("dedup.col.category", lang): [_label(categories, c) for c in reports["category_code"]],
            t("dedup.col.source", lang): [_label(sources, k) for k in reports["source_kind"]],
            t("dedup.col.organisation", lang): reports["organisation"].fillna("–"),
            t("dedup.col.distance", lang): reports["distance_m"].round().astype("Int64"),
            t("dedup.col.minutes", lang): reports["minutes_apart"].round().astype("Int64"),
            t("dedup.col.confirmed", lang): reports["confirmed"].astype("boolean"),
            t("dedup.col.anchor", lang): reports["anchor"].astype("boolean"),
        }
    )
