import streamlit as st

from est import ui
from est.access import accounts
from est.access.auth import Permission
from est.intake.organisations import organisation_options
from est.ui.user_admin import render_add_user_form, render_user_changes, show_flash

viewer = ui.require(Permission.MANAGE_USERS)
st.title(ui.text("users.title"))
st.caption(ui.text("users.intro"))

with ui.guard():
    table = ui.read(accounts.users_table, viewer, ui.current_lang())
    names = ui.read(accounts.user_names, viewer)
    organisations = ui.read(organisation_options)

show_flash()
if table:
    st.dataframe(table, hide_index=True, width="stretch")
else:
    st.info(ui.text("users.none"))

render_add_user_form(viewer, organisations)
if names:
    render_user_changes(viewer, names)
