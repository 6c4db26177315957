"""User administration: the forms of ``pages/anvandare.py`` (add a user, change one's role, access or password).

Rendering only. Accounts, roles, one-time passwords, the audit and the permission checks live in
:mod:`est.access.accounts`; the functions here lay out the widgets, write in one short transaction per click and
leave a message (:data:`FLASH`: what was saved and, when a password was made, the one-time password to hand
over) for the next run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from est.access import accounts
from est.access.auth import Role
from est.ui.session import current_lang, get_store, guard, text
from est.ui.widgets import select_code

if TYPE_CHECKING:
    from est.access.auth import Viewer
    from est.picture.filter_options import Option

__all__ = ["FLASH", "render_add_user_form", "render_user_changes", "show_flash"]

#: Session-state key of ``(saved message, one-time password message or "")`` for the next run.
FLASH = "anvandare_flash"
_ROLES = [r.value for r in Role]


def _role_label(value: str) -> str:
    return text(f"role.{value}")


def show_flash() -> None:
    """Show what the previous run saved and, when a password was made, the one-time password (once)."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash[0])
        if flash[1]:
            st.warning(flash[1], icon=":material/key:")


def render_add_user_form(viewer: Viewer, organisations: list[Option]) -> None:
    """Render the "add user" form; on submit add the user (a local account gets a one-time password).

    Parameters
    ----------
    viewer
        Who adds (``add_user`` checks the permission).
    organisations
        The organisations a user may belong to (:func:`est.intake.organisations.organisation_options`).
    """
    lang = current_lang()
    org_labels = {o.value: o.label(lang) for o in organisations}
    st.subheader(text("users.add_heading"))
    with st.form("anvandare_add", clear_on_submit=True):
        user_name = st.text_input(text("users.user_name"), key="anvandare_new_user")
        display_name = st.text_input(text("users.display_name"), key="anvandare_new_name")
        role = select_code(st, text("users.role"), _ROLES, format_func=_role_label, key="anvandare_new_role")
        org = select_code(
            st,
            text("users.organisation"),
            ["", *org_labels],
            format_func=lambda value: org_labels.get(value, text("users.no_organisation")),
            key="anvandare_new_org",
        )
        sso = st.checkbox(text("users.sso"), key="anvandare_new_sso")
        add = st.form_submit_button(text("users.add_submit"), type="primary")
    if not add:
        return
    with guard(), get_store().writing() as writer:
        password = accounts.add_user(
            writer, viewer, user_name, role, organisation=org or None, display_name=display_name or None, sso=sso
        )
    name = user_name.strip().lower()
    one_time = text("users.one_time", user=name, password=password) if password else ""
    st.session_state[FLASH] = (text("users.added", user=name), one_time)
    st.rerun()


def render_user_changes(viewer: Viewer, names: list[str]) -> None:
    """Render the choice of a user and a role and the buttons that set the role, disable, enable or reset.

    A reset password is shown once, after the rerun.

    Parameters
    ----------
    viewer
        Who changes (every :mod:`est.access.accounts` change checks the permission).
    names
        Every user name (not empty).
    """
    st.subheader(text("users.change_heading"))
    picked = st.selectbox(text("users.pick"), names, key="anvandare_pick")
    new_role = select_code(st, text("users.role"), _ROLES, format_func=_role_label, key="anvandare_role")
    left, middle, right, last = st.columns(4)
    set_role = left.button(text("users.set_role"), key="anvandare_set_role")
    disable = middle.button(text("users.disable"), key="anvandare_disable")
    enable = right.button(text("users.enable"), key="anvandare_enable")
    reset = last.button(text("users.reset"), key="anvandare_reset")
    if not (set_role or disable or enable or reset):
        return
    one_time = ""
    with guard(), get_store().writing() as writer:
        if set_role:
            accounts.set_role(writer, viewer, picked, new_role)
        elif disable or enable:
            accounts.set_disabled(writer, viewer, picked, disable)
        else:
            password = accounts.reset_password(writer, viewer, picked)
            one_time = text("users.one_time", user=picked, password=password)
    st.session_state[FLASH] = (text("users.saved"), one_time)
    st.rerun()
