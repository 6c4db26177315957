"""The Lägesbild figures on screen: the metric cards and the ranked area table (Lägesbild and Områdesprofil).

Rendering only: the cards and the table are :mod:`est.picture.figures_display`'s, their words the catalogue's.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from est.i18n import Lang
from est.picture.display import KpiCard, verdict_help
from est.picture.figures import Overview
from est.picture.figures_display import ranked_area_table, trend_column
from est.ui.session import text

__all__ = ["render_metric_cards", "render_ranked_areas"]


def render_metric_cards(cards: Sequence[KpiCard]) -> None:
    """Render the cards side by side, one column each, as ``st.metric`` with their delta colour and help."""
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        column.metric(
            card.label,
            card.value,
            card.delta,
            delta_color=card.delta_color,
            delta_arrow=card.delta_arrow,
            help=card.help,
        )


def render_ranked_areas(figures: Overview, lang: Lang, *, trend_help: str | None = None) -> None:
    """Render the ranked area table at full width: the trend as a sparkline, the verdict with its tooltip.

    Parameters
    ----------
    figures
        The overview whose areas are ranked (:func:`est.picture.figures_display.ranked_area_table`).
    lang
        The language of the table.
    trend_help
        The sparkline column's tooltip, if any.
    """
    st.dataframe(
        ranked_area_table(figures, lang),
        hide_index=True,
        width="stretch",
        column_config={
            trend_column(lang): st.column_config.LineChartColumn(trend_column(lang), help=trend_help, y_min=0),
            text("analysis.verdict"): st.column_config.TextColumn(help=verdict_help(lang)),
        },
    )
