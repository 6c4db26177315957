import streamlit as st

from est import accounts, ui
from est.auth import Permission, Role
from est.filter_options import organisation_options

viewer = ui.require(Permission.MANAGE_USERS)
st.title(ui.text("users.title"))
st.caption(ui.text("users.intro"))
lang = ui.current_lang()

with ui.guard():
    table = ui.read(accounts.users_table, viewer, lang)
    names = ui.read(accounts.user_names, viewer)
    organisations = ui.read(organisation_options)

flash = st.session_state.pop("anvandare_flash", None)
if flash:
    st.success(flash[0])
    if flash[1]:
        st.warning(flash[1], icon=":material/key:")

if table:
    st.dataframe(table, hide_index=True, width="stretch")
else:
    st.info(ui.text("users.none"))

roles = [r.value for r in Role]
org_labels = {o.value: o.label(lang) for o in organisations}
org_choices = ["", *org_labels]


def org_label(value: str) -> str:
    return org_labels.get(value, ui.text("users.no_organisation"))


def role_label(value: str) -> str:
    return ui.text(f"role.{value}")


st.subheader(ui.text("users.add_heading"))
with st.form("anvandare_add", clear_on_submit=True):
    user_name = st.text_input(ui.text("users.user_name"), key="anvandare_new_user")
    display_name = st.text_input(ui.text("users.display_name"), key="anvandare_new_name")
    role = st.selectbox(ui.text("users.role"), roles, format_func=role_label, key="anvandare_new_role")
    org = st.selectbox(ui.text("users.organisation"), org_choices, format_func=org_label, key="anvandare_new_org")
    sso = st.checkbox(ui.text("users.sso"), key="anvandare_new_sso")
    add = st.form_submit_button(ui.text("users.add_submit"), type="primary")
if add:
    with ui.guard(), ui.get_store().writing() as writer:
        password = accounts.add_user(
            writer, viewer, user_name, role, organisation=org or None, display_name=display_name or None, sso=sso
        )
    name = user_name.strip().lower()
    one_time = ui.text("users.one_time", user=name, password=password) if password else ""
    st.session_state["anvandare_flash"] = (ui.text("users.added", user=name), one_time)
    st.rerun()

if names:
    st.subheader(ui.text("users.change_heading"))
    picked = st.selectbox(ui.text("users.pick"), names, key="anvandare_pick")
    new_role = st.selectbox(ui.text("users.role"), roles, format_func=role_label, key="anvandare_role")
    left, middle, right, last = st.columns(4)
    store = ui.get_store()
    one_time = ""
    with ui.guard():
        if left.button(ui.text("users.set_role"), key="anvandare_set_role"):
            with store.writing() as writer:
                accounts.set_role(writer, viewer, picked, new_role)
        elif middle.button(ui.text("users.disable"), key="anvandare_disable"):
            with store.writing() as writer:
                accounts.set_disabled(writer, viewer, picked, True)
        elif right.button(ui.text("users.enable"), key="anvandare_enable"):
            with store.writing() as writer:
                accounts.set_disabled(writer, viewer, picked, False)
        elif last.button(ui.text("users.reset"), key="anvandare_reset"):
            with store.writing() as writer:
                one_time = ui.text(
                    "users.one_time", user=picked, password=accounts.reset_password(writer, viewer, picked)
                )
        else:
            st.stop()
    st.session_state["anvandare_flash"] = (ui.text("users.saved"), one_time)
    st.rerun()
