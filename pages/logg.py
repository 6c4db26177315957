import streamlit as st

from est import ui
from est.access.audit import action_label, audit_actions, audit_table
from est.access.auth import Permission

viewer = ui.require(Permission.VIEW_AUDIT)
st.title(ui.text("audit.title"))
st.caption(ui.text("audit.intro"))
lang = ui.current_lang()

with ui.guard():
    actions = ui.read(audit_actions, viewer)
left, right = st.columns(2)
options = ["", *sorted(actions, key=lambda a: action_label(a, lang).casefold())]
action = ui.select_code(
    left,
    ui.text("audit.action"),
    options,
    format_func=lambda a: action_label(a, lang) if a else ui.text("audit.all"),
    key="logg_action",
)
actor = right.text_input(ui.text("audit.actor"), key="logg_actor")

with ui.guard():
    entries = ui.read(audit_table, viewer, action or None, actor.strip() or None, 500, lang)
if entries.empty:
    st.info(ui.text("audit.empty"))
    st.stop()
st.dataframe(entries, hide_index=True, width="stretch")
