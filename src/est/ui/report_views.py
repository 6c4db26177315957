"""The reports page: PDF downloads, the printable summary and the export of the filtered rows (``pages/rapporter.py``).

Rendering only. The PDFs (:mod:`est.reports`), the rows and files of an export with their precision and
permission checks (:mod:`est.exports`) live in the domain; files are built when a download button is
clicked, not on every rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from est.auth import Viewer
from est.exports import FORMATS, Format, export, filtered_rows
from est.filters import Filters
from est.i18n import Lang
from est.meetings import Meeting, MeetingView, areas_table, meeting_label
from est.reports import actions_report_pdf, meeting_report_pdf, weekly_report
from est.ui.cache import read
from est.ui.context import current_lang, get_store, guard, text
from est.ui.meeting_views import as_of_text

if TYPE_CHECKING:
    from est.areas import AreaSet
    from est.store import Reader

__all__ = ["render_filtered_export", "render_printable_summary", "render_report_downloads"]

_PDF = "application/pdf"
_MEDIA_TYPES: dict[Format, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _built_on_click(build: Callable[[Reader], bytes]) -> Callable[[], bytes]:
    """A download button's data: ``build`` runs on a fresh reader only when the button is clicked."""

    def data() -> bytes:
        with get_store().reading() as reader:
            return build(reader)

    return data


def _export_on_click(viewer: Viewer, filters: Filters, fmt: Format, lang: Lang) -> Callable[[], bytes]:
    """A download button's data: the export file in ``fmt``, written only when the button is clicked."""
    return lambda: export(get_store(), viewer, filters, fmt, lang)[0]


def render_report_downloads(filters: Filters, area_set: AreaSet, view: MeetingView, meetings: list[Meeting]) -> None:
    """Render the PDF buttons: the weekly picture, the actions report and (when there is one) a meeting report.

    Parameters
    ----------
    filters
        The filter bar's period (the PDFs cover it).
    area_set
        The area set of the picture.
    view
        The picture of the period (names the files).
    meetings
        The area set's meetings to choose a meeting report from.
    """
    lang = current_lang()
    span = f"{view.period_from}-{view.period_to}"
    left, right = st.columns(2)
    left.download_button(
        text("report.weekly_pdf"),
        data=_built_on_click(lambda reader: weekly_report(reader, filters.period, area_set.name, lang).pdf),
        file_name=f"lagesbild-{span}.pdf",
        mime=_PDF,
        key="rapporter_weekly_pdf",
    )
    left.download_button(
        text("report.actions_pdf"),
        data=_built_on_click(lambda reader: actions_report_pdf(reader, filters.period, date.today(), lang)),
        file_name=f"atgarder-{span}.pdf",
        mime=_PDF,
        key="rapporter_actions_pdf",
    )
    if not meetings:
        return
    by_id = {m.id: m for m in meetings}
    chosen = right.selectbox(
        text("meeting.choose"),
        list(by_id),
        format_func=lambda i: meeting_label(by_id[i], lang),
        key="rapporter_mote",
    )
    right.download_button(
        text("report.meeting_pdf"),
        data=_built_on_click(lambda reader: meeting_report_pdf(reader, int(chosen), lang)),
        file_name=f"motesrapport-{by_id[chosen].held_on}.pdf",
        mime=_PDF,
        key="rapporter_meeting_pdf",
    )


def render_printable_summary(filters: Filters, view: MeetingView) -> None:
    """Render the summary the browser's print prints: what was selected, data as of when, counts per area.

    Parameters
    ----------
    filters
        The filter bar's choice (categories and sources are stated).
    view
        The picture of the period.
    """
    st.subheader(text("report.printable"))
    st.caption(
        text(
            "report.stated",
            date=date.today().isoformat(),
            start=view.period_from,
            end=view.period_to,
            area_set=view.area_set,
            categories=", ".join(filters.categories) or text("report.all"),
            sources=", ".join(filters.sources) or text("report.all"),
            as_of=as_of_text(view),
        )
    )
    st.dataframe(areas_table(view, current_lang()), hide_index=True, width="stretch", key="rapporter_areas")


def render_filtered_export(viewer: Viewer, filters: Filters, view: MeetingView) -> None:
    """Render the export of exactly the filtered rows: CSV and Excel buttons and the rows themselves.

    Parameters
    ----------
    viewer
        Who exports (the rows are shown at the viewer's precision; ``export`` checks the permission).
    filters
        The filter bar's choice.
    view
        The picture of the period (names the files).
    """
    lang = current_lang()
    st.subheader(text("export.title"))
    st.caption(text("export.help"))
    with guard():
        rows = read(filtered_rows, filters, viewer, lang)
    st.caption(text("export.rows", n=len(rows)))
    for column, fmt in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        column.download_button(
            text(f"export.{fmt}"),
            data=_export_on_click(viewer, filters, fmt, lang),
            file_name=f"est-export-{view.period_from}-{view.period_to}.{fmt}",
            mime=_MEDIA_TYPES[fmt],
            key=f"rapporter_export_{fmt}",
        )
    st.dataframe(rows, hide_index=True, width="stretch", key="rapporter_rows")
