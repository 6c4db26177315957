"""The police context panel of the Lägesbild page: police events in the installation's kommun for the period.

Police open events are kommun-level context only (their position is a kommun centroid), so the panel lists
them by type and as a linked list, apart from the incidents; nothing here places them in an area.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from est.i18n import format_int
from est.intake.police import home_kommun_context
from est.periods import Period
from est.picture.filter_options import category_options, label_map
from est.ui.context import read
from est.ui.session import current_lang, guard, text

__all__ = ["police_context_panel"]

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
