"""Login widgets: the login page (SSO buttons and the local-account form), password change, logout.

Who calls it: ``app.py`` shows :func:`login_page` as the only page while nobody is logged in; the account
page uses :func:`change_password_form` and :func:`logout_button`; the chrome shows the logout button.
Passwords are checked by :mod:`est.access.accounts` (argon2, lockout, audit); this module only renders.
"""

from __future__ import annotations

import streamlit as st

from est.access import accounts
from est.access.accounts import LoginOutcome
from est.errors import EstError
from est.ui.session import (
    LOCAL_USER_KEY,
    error_text,
    get_store,
    login_method,
    oidc_configured,
    sso_identity,
    text,
)

__all__ = ["change_password_form", "login_page", "logout_button"]

_PENDING_CHANGE_KEY = "_est_pending_change"


def _providers() -> list[str | None]:
    """The configured OIDC providers: ``[None]`` for a single unnamed provider, else the section names."""
    section = st.secrets.get("auth", {})
    named = [name for name, value in section.items() if hasattr(value, "items") and "client_id" in value]
    if named:
        return list(named)
    return [None]


def _sso_buttons() -> None:
    for provider in _providers():
        label = text("auth.sso_button") if provider is None else text("auth.sso_button_named", provider=provider)
        key = f"login_sso_{provider or 'default'}"
        if st.button(label, key=key, type="primary", icon=":material/login:"):
            if provider is None:
                st.login()
            else:
                st.login(provider)


def _local_form() -> None:
    st.subheader(text("auth.local_heading"))
    with st.form("login_local", clear_on_submit=False):
        user_name = st.text_input(text("auth.user_name"), key="login_user", autocomplete="username")
        password = st.text_input(text("auth.password"), type="password", key="login_password")
        submitted = st.form_submit_button(text("auth.submit"), type="primary")
    if not submitted:
        return
    result = accounts.authenticate(get_store(), user_name, password)
    if result.outcome is LoginOutcome.OK and result.viewer is not None:
        st.session_state[LOCAL_USER_KEY] = result.viewer.user
        st.rerun()
    elif result.outcome is LoginOutcome.MUST_CHANGE and result.viewer is not None:
        st.session_state[_PENDING_CHANGE_KEY] = result.viewer.user
        st.rerun()
    elif result.outcome is LoginOutcome.LOCKED:
        until = result.locked_until.strftime("%H:%M") if result.locked_until else "?"
        st.error(text("auth.locked", until=until), icon=":material/lock_clock:")
    elif result.outcome is LoginOutcome.DISABLED:
        st.error(text("auth.disabled"))
    else:
        st.error(text("auth.bad_credentials"))


def change_password_form(user_name: str, *, key: str) -> bool:
    """A form to change ``user_name``'s password; return True once it was changed."""
    with st.form(key, clear_on_submit=True):
        current = st.text_input(text("auth.current_password"), type="password", key=f"{key}_current")
        new = st.text_input(text("auth.new_password"), type="password", key=f"{key}_new")
        repeat = st.text_input(text("auth.repeat_password"), type="password", key=f"{key}_repeat")
        submitted = st.form_submit_button(text("auth.change_submit"), type="primary")
    if not submitted:
        return False
    if new != repeat:
        st.error(text("auth.mismatch"))
        return False
    try:
        accounts.change_password(get_store(), user_name, current, new)
    except EstError as exc:
        st.error(error_text(exc))
        return False
    st.success(text("auth.changed"))
    return True


def login_page() -> None:
    """The only page while nobody is logged in: SSO, the local form, or the forced password change."""
    st.title(text("auth.login_title"))
    pending = st.session_state.get(_PENDING_CHANGE_KEY)
    if isinstance(pending, str) and pending:
        st.info(text("auth.must_change", min=accounts.MIN_PASSWORD_LENGTH), icon=":material/key:")
        if change_password_form(pending, key="login_change"):
            st.session_state.pop(_PENDING_CHANGE_KEY, None)
            st.session_state[LOCAL_USER_KEY] = pending
            st.rerun()
        return
    identity = sso_identity()
    if identity is not None:  # logged in at the identity provider, but no access here
        email = identity.get("email")
        if isinstance(email, str) and email and identity.get("email_verified") is not False:
            st.error(text("auth.no_access", email=email), icon=":material/block:")
        else:
            st.error(text("auth.no_email"))
        logout_button(key="login_logout")
        return
    st.write(text("auth.login_intro"))
    from est.ui.cache import read_unchecked

    sso = oidc_configured()
    local = read_unchecked(accounts.has_local_accounts)
    if sso:
        _sso_buttons()
    if local:
        _local_form()
    if not sso and not local:
        st.warning(text("auth.sso_not_configured"))


def logout_button(*, key: str) -> None:
    """A logout button: ends the SSO session (``st.logout``) or forgets the local login."""
    if not st.sidebar.button(text("auth.logout"), key=key, icon=":material/logout:"):
        return
    from est.access import audit

    method = login_method()
    identity = sso_identity()
    user = st.session_state.get(LOCAL_USER_KEY) or (identity or {}).get("email") or "?"
    with get_store().writing() as writer:
        audit.record(writer, str(user), "logout", detail={"method": method})
    st.session_state.pop(LOCAL_USER_KEY, None)
    if method == "sso":
        st.logout()
    else:
        st.rerun()
