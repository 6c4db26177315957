from datetime import date

import streamlit as st

from est import ui
from est.analysis import resolve_area_set
from est.areas import list_area_sets
from est.auth import Permission
from est.exports import export, filtered_rows
from est.meetings import areas_table, list_meetings, meeting_label, picture_view
from est.reports import actions_report_pdf, meeting_report_pdf, weekly_report
from est.ui.filters import filter_bar

viewer = ui.require(Permission.EXPORT_AGGREGATE)
lang = ui.current_lang()
st.title(ui.text("report.title"))
filters = filter_bar("rapporter")

with ui.guard():
    if not ui.read(list_area_sets):
        st.info(ui.text("common.no_area_sets"))
        st.stop()
    area_set = ui.read(resolve_area_set, filters)
    view = ui.read(picture_view, filters, area_set.id, date.today())
    meetings = ui.read(list_meetings, area_set.id)


def weekly_pdf() -> bytes:
    with ui.get_store().reading() as reader:
        return weekly_report(reader, filters.period, area_set.name, lang).pdf


# Section: PDF reports (built on click, not on every rerun)
left, right = st.columns(2)
left.download_button(
    ui.text("report.weekly_pdf"),
    data=weekly_pdf,
    file_name=f"lagesbild-{view.period_from}-{view.period_to}.pdf",
    mime="application/pdf",
    key="rapporter_weekly_pdf",
)


def actions_pdf() -> bytes:
    with ui.get_store().reading() as reader:
        return actions_report_pdf(reader, filters.period, date.today(), lang)


left.download_button(
    ui.text("report.actions_pdf"),
    data=actions_pdf,
    file_name=f"atgarder-{view.period_from}-{view.period_to}.pdf",
    mime="application/pdf",
    key="rapporter_actions_pdf",
)
if meetings:
    by_id = {m.id: m for m in meetings}
    chosen = right.selectbox(
        ui.text("meeting.choose"),
        list(by_id),
        format_func=lambda i: meeting_label(by_id[i], lang),
        key="rapporter_mote",
    )

    def meeting_pdf() -> bytes:
        with ui.get_store().reading() as reader:
            return meeting_report_pdf(reader, int(chosen), lang)

    right.download_button(
        ui.text("report.meeting_pdf"),
        data=meeting_pdf,
        file_name=f"motesrapport-{by_id[chosen].held_on}.pdf",
        mime="application/pdf",
        key="rapporter_meeting_pdf",
    )

# Section: printable summary (the browser's print prints this page)
st.subheader(ui.text("report.printable"))
categories = ", ".join(filters.categories) or ui.text("report.all")
sources = ", ".join(filters.sources) or ui.text("report.all")
as_of = (view.data_as_of or "–")[:16].replace("T", " ")
st.caption(
    ui.text(
        "report.stated",
        date=date.today().isoformat(),
        start=view.period_from,
        end=view.period_to,
        area_set=view.area_set,
        categories=categories,
        sources=sources,
        as_of=as_of,
    )
)
st.dataframe(areas_table(view, lang), hide_index=True, width="stretch", key="rapporter_areas")

# Section: export of exactly the filtered rows
if viewer.can(Permission.EXPORT):
    st.subheader(ui.text("export.title"))
    st.caption(ui.text("export.help"))
    with ui.guard():
        rows = ui.read(filtered_rows, filters, viewer, lang)
    st.caption(ui.text("export.rows", n=len(rows)))
    cols = st.columns(2)
    for column, fmt, mime in (
        (cols[0], "csv", "text/csv"),
        (cols[1], "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        column.download_button(
            ui.text(f"export.{fmt}"),
            data=lambda fmt=fmt: export(ui.get_store(), viewer, filters, fmt, lang)[0],
            file_name=f"est-export-{view.period_from}-{view.period_to}.{fmt}",
            mime=mime,
            key=f"rapporter_export_{fmt}",
        )
    st.dataframe(rows, hide_index=True, width="stretch", key="rapporter_rows")
