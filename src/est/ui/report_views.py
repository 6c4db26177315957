"""The reports page: PDF downloads, the printable summary and the export of the filtered rows (``pages/rapporter.py``).

Rendering only. The PDFs (:mod:`est.meeting.reports`), the rows and files of an export with their precision and
permission checks (:mod:`est.meeting.exports`) live in the domain. Files are built when a download button is
clicked, not on every rerun, and every one goes through :func:`est.meeting.exports.audited_download`, so each
download is in the audit log. Clicking a download button does not rerun the page (``on_click="ignore"``):
a rerun would replace the other buttons' deferred files while the browser may still fetch them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import streamlit as st

from est.access.auth import Viewer
from est.access.precision import precision_settings, report_suppression
from est.i18n import Lang, tn
from est.meeting.exports import FORMATS, Format, audited_download, export, export_table, filtered_rows
from est.meeting.meetings import Meeting, MeetingView, areas_table, meeting_label
from est.meeting.reports import actions_report, meeting_report, picture_report, stated_text
from est.periods import local_today
from est.picture.display import for_display
from est.picture.filters import Filters, filters_to_query
from est.ui.context import read
from est.ui.session import current_lang, get_store, guard, text

if TYPE_CHECKING:
    from est.areas.sets import AreaSet
    from est.store import Reader

__all__ = [
    "audited_pdf_button",
    "render_filtered_export",
    "render_meeting_pdf_download",
    "render_printable_summary",
    "render_report_downloads",
]

_PDF = "application/pdf"
_MEDIA_TYPES: dict[Format, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _audited_on_click(
    viewer: Viewer, target: str, detail: dict[str, Any], build: Callable[[Reader], tuple[bytes, int]]
) -> Callable[[], bytes]:
    """A download button's data: ``build`` runs only when the button is clicked, and is audited then."""
    return lambda: audited_download(get_store(), viewer, target, build, detail=detail)[0]


def _export_on_click(viewer: Viewer, filters: Filters, fmt: Format, lang: Lang) -> Callable[[], bytes]:
    """A download button's data: the export file in ``fmt``, written (and audited) only when clicked."""
    return lambda: export(get_store(), viewer, filters, fmt, lang)[0]


def render_report_downloads(
    viewer: Viewer, filters: Filters, area_set: AreaSet, view: MeetingView, meetings: list[Meeting]
) -> None:
    """Render the PDF buttons: the picture of the filtered view, the actions report and a meeting report.

    Parameters
    ----------
    viewer
        Who downloads (recorded in the audit log with each file).
    filters
        The filter bar's choice (the picture PDF covers exactly it; the actions PDF its period).
    area_set
        The area set of the picture.
    view
        The picture of the period (names the files).
    meetings
        The area set's meetings to choose a meeting report from.
    """
    lang = current_lang()
    span = f"{view.period_from}-{view.period_to}"
    query = filters_to_query(filters)
    period = {"from": view.period_from, "to": view.period_to}
    suppress = _choose_suppression(viewer)
    left, right = st.columns(2)
    builds: dict[str, Callable[[Reader], tuple[bytes, int]]] = {
        "lagesbild": lambda reader: _pdf_and_areas(reader, filters, area_set.id, lang, suppress),
        "atgarder": lambda reader: actions_report(reader, filters.period, local_today(), lang, suppress_below=suppress),
    }
    # (the button's label, its key, the report, what the audit entry says it covers)
    for label, key, report, covers in (
        ("report.weekly_pdf", "rapporter_weekly_pdf", "lagesbild", {"filters": query}),
        ("report.actions_pdf", "rapporter_actions_pdf", "atgarder", {"period": period}),
    ):
        audited_pdf_button(
            left,
            viewer,
            text(label),
            target=f"pdf:{report}",
            detail={"report": report, "format": "pdf", **covers, "suppressed_below": suppress},
            build=builds[report],
            file_name=f"{report}-{span}.pdf",
            key=key,
        )
    if not meetings:
        return
    by_id = {m.id: m for m in meetings}
    chosen = int(
        right.selectbox(
            text("meeting.choose"),
            list(by_id),
            format_func=lambda i: meeting_label(by_id[i], lang),
            key="rapporter_mote",
        )
    )
    _meeting_pdf_button(right, viewer, by_id[chosen], suppress, key="rapporter_meeting_pdf")


def audited_pdf_button(
    where: Any,
    viewer: Viewer,
    label: str,
    *,
    target: str,
    detail: dict[str, Any],
    build: Callable[[Reader], tuple[bytes, int]],
    file_name: str,
    key: str,
    help: str | None = None,
) -> None:
    """A PDF's download button in ``where``: ``build`` runs, and is audited as ``target``, only when clicked."""
    where.download_button(
        label,
        data=_audited_on_click(viewer, target, detail, build),
        file_name=file_name,
        mime=_PDF,
        key=key,
        on_click="ignore",
        help=help,
    )


def _meeting_pdf_button(
    where: Any, viewer: Viewer, meeting: Meeting, suppress: int | None, *, key: str, help: str | None = None
) -> None:
    """The meeting report's download button in ``where``: built, and audited, only when clicked."""
    lang = current_lang()
    audited_pdf_button(
        where,
        viewer,
        text("report.meeting_pdf"),
        target=f"pdf:motesrapport {meeting.id}",
        detail={"report": "motesrapport", "format": "pdf", "meeting": meeting.id, "suppressed_below": suppress},
        build=lambda reader: meeting_report(reader, meeting.id, lang, suppress_below=suppress),
        file_name=f"motesrapport-{meeting.held_on}.pdf",
        key=key,
        help=help,
    )


def render_meeting_pdf_download(viewer: Viewer, meeting: Meeting) -> None:
    """Render the meeting report (PDF) of the meeting shown, one click from the meeting screen.

    The EST group's own copy, as on the Rapporter page without "for outside the group"; a viewer who sees
    no exact location (a läsare) always gets the copy for outside the group, and the button says so.
    Audited like every download (:func:`est.meeting.exports.audited_download`).

    Parameters
    ----------
    viewer
        Who downloads (needs ``EXPORT_AGGREGATE``; checked again when the file is built).
    meeting
        The meeting shown.
    """
    threshold = read(precision_settings).small_count_threshold
    suppress = report_suppression(viewer, threshold, outside_group=False)
    forced = text("report.outside_group_forced", n=threshold) if suppress is not None else None
    _meeting_pdf_button(st, viewer, meeting, suppress, key="mote_pdf", help=forced)


def _choose_suppression(viewer: Viewer) -> int | None:
    """Whether the PDFs are for outside the EST group: the viewer's choice, or always for a läsare.

    Returns the small-count threshold the reports apply (:func:`est.access.precision.report_suppression`), or None.
    """
    threshold = read(precision_settings).small_count_threshold
    if report_suppression(viewer, threshold, outside_group=False) is not None:
        st.info(text("report.outside_group_forced", n=threshold))
        return threshold
    outside = st.toggle(
        text("report.outside_group"), help=text("report.outside_group_help", n=threshold), key="rapporter_outside"
    )
    return report_suppression(viewer, threshold, outside_group=outside)


def _pdf_and_areas(
    reader: Reader, filters: Filters, area_set_id: int, lang: Lang, suppress: int | None
) -> tuple[bytes, int]:
    """The picture PDF of the filtered view (as the summary below states it) and how many areas it covers."""
    report = picture_report(reader, filters, area_set_id, local_today(), lang, suppress_below=suppress)
    return report.pdf, report.areas


def render_printable_summary(view: MeetingView) -> None:
    """Render the summary the browser's print prints: what was selected, data as of when, counts per area.

    The stated period, data date and creation time are the ones the picture PDF states
    (:func:`est.meeting.reports.stated_text`).

    Parameters
    ----------
    view
        The picture of the filtered view.
    """
    st.subheader(text("report.printable"))
    st.caption(stated_text(view, current_lang()))
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
    st.caption(tn("export.rows", len(rows), current_lang()))
    for column, fmt in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        column.download_button(
            text(f"export.{fmt}"),
            data=_export_on_click(viewer, filters, fmt, lang),
            file_name=f"est-export-{view.period_from}-{view.period_to}.{fmt}",
            mime=_MEDIA_TYPES[fmt],
            key=f"rapporter_export_{fmt}",
            on_click="ignore",
        )
    table = for_display(export_table(rows, lang), lang, decimals={text("export.col.lat"): 5, text("export.col.lon"): 5})
    when = text("export.col.time")
    st.dataframe(  # the CSV's columns, row for row (Excel has the codes on a sheet of their own)
        table,
        hide_index=True,
        width="stretch",
        key="rapporter_rows",
        column_config={when: st.column_config.DatetimeColumn(when, format="YYYY-MM-DD HH:mm")},
    )
