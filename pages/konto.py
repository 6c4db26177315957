import streamlit as st

from est import ui
from est.access.auth import Permission, permissions_for_display, role_label
from est.intake.organisations import organisation_options
from est.picture.filter_options import label_map
from est.ui.auth import change_password_form, logout_button
from est.ui.session import login_method

viewer = ui.require(Permission.VIEW_PICTURE)
st.title(ui.text("account.title"))
method = login_method()
lang = ui.current_lang()

with ui.guard():
    organisations = label_map(ui.read(organisation_options), lang)
organisation = organisations.get(str(viewer.organisation_id)) if viewer.organisation_id is not None else None

left, middle, right = st.columns(3)
left.metric(ui.text("account.user"), viewer.user)
middle.metric(ui.text("account.role"), role_label(viewer.role, lang))
right.metric(ui.text("account.organisation"), organisation or ui.text("account.none"))
st.caption(ui.text(f"account.method_{method}"))

may = permissions_for_display(viewer.role, lang)
st.markdown(ui.text("account.may") + ":\n" + "".join(f"\n- {label}" for label in may))

if method == "local":
    st.subheader(ui.text("account.change_heading"))
    change_password_form(viewer.user, key="konto_change")
if method != "none":
    logout_button(key="konto_logout")
