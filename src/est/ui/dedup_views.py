"""Duplicates across sources in the UI: the raw-versus-problems caption and linking after a change.

Who calls it: :func:`est.ui.filters.coverage_panel` (every analysis page) shows :func:`dedup_caption`;
the Import page calls :func:`relink` after a committed import (the batch's reports only,
:func:`est.intake.dedup.link_batch`; an undo links in its own transaction).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from est.errors import EstError
from est.i18n import format_int
from est.intake.dedup import count_for_filter, link_batch
from est.ui.cache import clear_reads
from est.ui.context import read
from est.ui.session import current_lang, error_text, get_store, guard, text

if TYPE_CHECKING:
    from est.access.auth import Viewer
    from est.picture.filters import Filters

__all__ = ["dedup_caption", "relink"]


def dedup_caption(filters: Filters) -> None:
    """Show the reports from all sources beside the problems after merging duplicates, in one caption.

    "N rapporter från alla källor, M problem efter sammanslagning av dubbletter." Then which of the two the
    page's figures count (``filters.raw``). Nothing when there are no reports.
    """
    lang = current_lang()
    with guard():
        counts = read(count_for_filter, filters)
    if counts.raw == 0:
        return
    which = text("dedup.counting_reports" if filters.raw else "dedup.counting_problems")
    caption = text("dedup.caption", raw=format_int(counts.raw, lang), problems=format_int(counts.deduplicated, lang))
    st.caption(f":material/join: {caption} {which}")


def relink(viewer: Viewer, batch_id: int) -> None:
    """Link the reports of the batch ``viewer`` just committed to duplicates; a failure only defers it.

    Only the batch's reports and those whose problem they change are linked (a full run's links, at the cost
    of the batch). The import is committed already, so the page goes on to show its report: a busy database
    or any other domain error becomes a warning that says how to link them later ("Sök dubbletter").
    """
    try:
        with st.spinner(text("dedup.linking")):
            link_batch(get_store(), viewer.user, batch_id)
    except EstError as exc:  # DatabaseBusyError included
        st.warning(":material/warning: " + text("dedup.link_busy", detail=error_text(exc), page=text("nav.kallor")))
    clear_reads()
