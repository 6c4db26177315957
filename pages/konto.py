import streamlit as st

from est import ui
from est.auth import Permission, grants
from est.ui.auth import change_password_form, logout_button
from est.ui.context import login_method

viewer = ui.require(Permission.VIEW_PICTURE)
st.title(ui.text("account.title"))
method = login_method()

left, middle, right = st.columns(3)
left.metric(ui.text("account.user"), viewer.user)
middle.metric(ui.text("account.role"), ui.text(f"role.{viewer.role.value}"))
right.metric(ui.text("account.organisation"), str(viewer.organisation_id or ui.text("account.none")))
st.caption(ui.text(f"account.method_{method}"))

st.write(ui.text("account.may") + ": " + ", ".join(sorted(p.value for p in grants(viewer.role))))

if method == "local":
    st.subheader(ui.text("account.change_heading"))
    change_password_form(viewer.user, key="konto_change")
if method != "none":
    logout_button(key="konto_logout")
