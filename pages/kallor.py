from datetime import timedelta

import streamlit as st

from est import ui
from est.access.auth import Permission
from est.i18n import tn
from est.intake.dedup import (
    confirm_problem,
    link_duplicates,
    list_problems,
    problem_sources,
    problem_sources_for_display,
    problems_for_display,
    split_incident,
)
from est.intake.police import events_for_display, import_upload, list_events, list_types
from est.periods import Period, local_today
from est.picture.filter_options import category_options, label_map, source_options
from est.resources import kommuner

st.title(ui.text("nav.kallor"))
viewer = ui.require(Permission.MANAGE_SOURCES)
store = ui.get_store()
lang = ui.current_lang()
st.caption(ui.text("kallor.intro"))

with st.expander(ui.text("kallor.import")):
    upload = st.file_uploader(ui.text("kallor.import"), type=["json", "jsonl"], key="kallor_file")
    if upload is not None and st.button(ui.text("kallor.import_button"), key="kallor_import"):
        with ui.guard():
            report = import_upload(store, viewer, upload.name, upload.getvalue())
        st.success(
            ui.text(
                "kallor.imported",
                read=report.events_read,
                new=report.events_new,
                updated=report.events_updated,
                kommun=sum(report.kommun_counts.values()),
                lan=report.lan_only,
            )
        )
        if report.rejected:
            st.warning(tn("kallor.rejected", len(report.rejected), lang, first=report.rejected[0]))

names = {k.code: k.name for k in kommuner()}
with ui.guard():
    types = ui.read(list_types)
    categories = label_map(ui.read(category_options), lang)
    source_kinds = label_map(ui.read(source_options), lang)
left, middle = st.columns(2)
kommun = left.selectbox(
    ui.text("kallor.kommun"),
    list(names),
    format_func=lambda code: names[code],
    index=None,
    key="kallor_kommun",
    placeholder=ui.text("kallor.kommun_all"),
)
chosen_types = middle.multiselect(
    ui.text("kallor.types"), types, placeholder=ui.text("filter.all"), select_all=False, key="kallor_types"
)
first, last, summaries = st.columns([2, 2, 3])
start = first.date_input(ui.text("kallor.from"), local_today() - timedelta(days=30), key="kallor_from")
end = last.date_input(ui.text("kallor.to"), local_today(), key="kallor_to")
include_summaries = summaries.toggle(ui.text("kallor.summaries"), value=True, key="kallor_summaries")

with ui.guard():
    period = Period.inclusive(start, max(start, end))
    events = ui.read(list_events, kommun, tuple(chosen_types), period, include_summaries, 2000)
if events.empty:
    st.info(ui.text("kallor.empty"))
else:
    st.caption(tn("kallor.count", len(events), lang))
    when, link = ui.text("kallor.col.when"), ui.text("kallor.col.link")
    st.dataframe(  # st.dataframe shows text as text (never HTML); links are polisen.se addresses only
        events_for_display(events, lang, categories),
        hide_index=True,
        width="stretch",
        column_config={
            when: st.column_config.DatetimeColumn(when, format="YYYY-MM-DD HH:mm"),
            link: st.column_config.LinkColumn(link, display_text="polisen.se"),
        },
    )
    st.caption(ui.text("kallor.lan_only_note"))

st.header(ui.text("dedup.title"))
st.caption(ui.text("dedup.intro"))
if st.button(
    ui.text("dedup.run"),
    key="kallor_dedup_run",
    help=ui.text("dedup.run_help"),
    disabled=not viewer.can(Permission.MANAGE_MEETINGS),
):
    with ui.guard():
        found = link_duplicates(store, viewer)
    st.success(ui.text("dedup.ran", problems=found.problems, reports=found.linked_incidents))
with ui.guard():
    problems = ui.read(list_problems, None, 200)
if problems.empty:
    st.info(ui.text("dedup.none"))
    st.stop()
st.dataframe(problems_for_display(problems, lang, categories, source_kinds), hide_index=True, width="stretch")
problem = st.selectbox(
    ui.text("dedup.problem"),
    problems["id"].tolist(),
    index=None,
    key="kallor_problem",
    placeholder=ui.text("common.choose"),
)
if problem is not None:
    with ui.guard():
        sources = ui.read(problem_sources, int(problem))
    st.dataframe(problem_sources_for_display(sources, lang, categories, source_kinds), hide_index=True, width="stretch")
    confirm, split_col, split_button = st.columns([2, 2, 2])
    if confirm.button(ui.text("dedup.confirm"), key="kallor_confirm"):
        with ui.guard():
            confirm_problem(store, viewer, int(problem))
        st.rerun()
    member = split_col.selectbox(ui.text("dedup.split_which"), sources["id"].tolist(), key="kallor_split_id")
    if split_button.button(ui.text("dedup.split"), key="kallor_split"):
        with ui.guard():
            split_incident(store, viewer, int(problem), int(member))
        st.rerun()
