"""Per-session context for pages: the store, the language, the viewer, the shared chrome, guards.

The store is one per process (``st.cache_resource``, keyed by the database path, which follows the same
rule as the CLI: ``streamlit run app.py -- --db PATH``, else ``$EST_DB``, else ``data/est.duckdb``).

Who the viewer is (:func:`resolve_viewer`), in this order:

1. an OpenID Connect login (``st.user``, configured by an ``[auth]`` section in ``.streamlit/secrets.toml``),
   matched by e-mail to the users table; someone without an enabled user row gets no access;
2. a local-account login made in this session (the login form in :mod:`est.ui.auth`);
3. only when no login is configured at all (no ``[auth]`` secrets and no users): the local single-user
   operator :data:`~est.auth.LOCAL_ADMIN`, with a banner, and only while the server listens on a loopback
   address; on any other address the app refuses to serve until login is configured.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from est import i18n
from est.auth import LOCAL_ADMIN, Permission, Viewer, role_label
from est.config import resolve_db_path
from est.errors import DatabaseBusyError, EstError
from est.i18n import Lang
from est.store import Store, open_store

__all__ = [
    "LOCAL_USER_KEY",
    "current_lang",
    "current_viewer",
    "enforce_page_access",
    "get_store",
    "guard",
    "login_configured",
    "login_method",
    "may_open",
    "oidc_configured",
    "refusal_page",
    "render_chrome",
    "require",
    "resolve_viewer",
    "sso_identity",
    "text",
]

#: Session-state key holding the user name of a local-account login (set by the login form only).
LOCAL_USER_KEY = "_est_local_user"
_SSO_RECORDED_KEY = "_est_sso_recorded"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _db_argument() -> str | None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known.db if isinstance(known.db, str) else None


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> Store:
    return open_store(path)


def get_store() -> Store:
    """The process's store for the configured database (created and migrated on first use)."""
    return _store_for(str(resolve_db_path(_db_argument())))


def current_lang() -> Lang:
    """The session's language: ``?lang=en`` in the URL or the sidebar choice; Swedish by default."""
    chosen = st.session_state.get("app_lang") or st.query_params.get("lang", "sv")
    return "en" if chosen == "en" else "sv"


def _ensure_routed() -> None:
    """Switch the process to ``st.navigation`` mode the first time any page or the router runs.

    Streamlit decides once per process whether to treat the ``pages/`` folder as a v1 multipage app,
    and until ``st.navigation`` has run once it serves ``/karta`` by running ``pages/karta.py`` directly:
    without the router, with every page file listed in the sidebar. Clearing the flag and, when the router
    is not on the call stack, rerunning makes this very run start again through ``app.py``'s role-aware
    navigation (same URL, same page), so even the first deep link a fresh server receives is routed. A run
    that did come through ``app.py`` is left alone, and a session is rerouted at most once (a rerun drops the
    click that started a run; Streamlit's AppTest re-enters v1 mode on every run). A run
    already under way elsewhere at that moment is still protected by :func:`enforce_page_access`.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if not _router_on_stack() and not st.session_state.get("_est_rerouted"):
            st.session_state["_est_rerouted"] = True  # once per session: never loop, never eat a later click
            st.rerun()


def _router_on_stack() -> bool:
    """Whether this run's main script (``app.py``, the router) is executing further up the call stack."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return True
    main = os.path.realpath(ctx.main_script_path)
    frame = sys._getframe(1)
    while frame is not None:
        if os.path.realpath(frame.f_code.co_filename) == main:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def text(key: str, /, **values: object) -> str:
    """The UI text for ``key`` in the session's language."""
    _ensure_routed()
    return i18n.t(key, current_lang(), **values)


def oidc_configured() -> bool:
    """Whether an ``[auth]`` section (OpenID Connect for ``st.login``) exists in the secrets."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def login_configured() -> bool:
    """Whether any login is configured: OIDC secrets, or at least one user in the users table."""
    from est.accounts import has_users
    from est.ui.cache import read_unchecked

    return oidc_configured() or bool(read_unchecked(has_users))


def sso_identity() -> dict[str, object] | None:
    """The claims of the OpenID Connect login of this session (``st.user``), or None when not logged in."""
    info: dict[str, object] = dict(st.user.to_dict())
    return info if info.get("is_logged_in") is True else None


def _is_loopback(address: str | None) -> bool:
    if not address:
        return False  # unset or empty: Streamlit listens on every interface
    host = address.strip().strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse_if_exposed() -> None:
    """Without login, serve only on loopback: stop with the fix when listening on any other address."""
    address = st.get_option("server.address")
    if not _is_loopback(address):
        st.error(text("auth.exposed", address=address or "0.0.0.0"), icon=":material/gpp_bad:")
        st.stop()


def resolve_viewer() -> Viewer | None:
    """Who is using this session, or None when nobody is logged in (the login page is then shown).

    See the module docstring for the order. Access is looked up on every run through the cached reads,
    which are keyed by the database version, so disabling a user or changing a role takes effect at the
    user's next interaction.
    """
    from est.accounts import record_sso_login, viewer_for
    from est.ui.cache import read_unchecked as read

    identity = sso_identity()
    if identity is not None:
        email = identity.get("email")
        if not isinstance(email, str) or not email or identity.get("email_verified") is False:
            return None
        email = email.strip().lower()
        if st.session_state.get(_SSO_RECORDED_KEY) != email:
            st.session_state[_SSO_RECORDED_KEY] = email
            return record_sso_login(get_store(), email)  # audits the login (or the denied attempt)
        return read(viewer_for, email)
    local_user = st.session_state.get(LOCAL_USER_KEY)
    if isinstance(local_user, str) and local_user:
        viewer = read(viewer_for, local_user)
        if viewer is None:  # disabled or removed since the login
            st.session_state.pop(LOCAL_USER_KEY, None)
        return viewer
    if login_configured():
        return None
    _refuse_if_exposed()
    return LOCAL_ADMIN


def login_method() -> str:
    """How this session is logged in: ``sso``, ``local`` or ``none`` (local single-user install)."""
    if sso_identity() is not None:
        return "sso"
    if st.session_state.get(LOCAL_USER_KEY):
        return "local"
    return "none"


def _current_page_info() -> dict[str, object]:
    """What Streamlit registered for the page this run executes (``url_pathname``, ``page_name``, …)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return {}
    return dict(ctx.pages_manager.get_pages().get(ctx.page_script_hash) or {})


def _current_page() -> str | None:
    """The URL name of the page this run executes (``lagesbild``, ``login``, …), or None outside a page."""
    info = _current_page_info()
    name = info.get("url_pathname") or info.get("page_name")
    return str(name) if name else None


def _refuse_page(viewer: Viewer, title: object) -> NoReturn:
    """Say that the viewer's role may not open the page ``title``, and stop the run."""
    role = role_label(viewer.role, current_lang())
    st.error(text("common.page_denied", role=role, page=title or "?"), icon=":material/block:")
    st.stop()


def enforce_page_access() -> Viewer:
    """Stop the run unless someone is logged in and their role may use the page being run; return the viewer.

    ``app.py`` registers only the allowed pages, but Streamlit can run a file in ``pages/`` directly
    (the first run of a fresh server process uses the ``pages/`` folder before ``st.navigation`` is seen),
    so every data read and every viewer lookup checks again here, whatever ran the page.
    """
    from est.auth import PAGE_PERMISSIONS

    _ensure_routed()
    viewer = resolve_viewer()
    page = _current_page()
    if viewer is None:
        st.warning(text("auth.not_logged_in"), icon=":material/lock:")
        st.markdown(f"[{text('auth.login_title')}](/)")
        st.stop()
    permission = PAGE_PERMISSIONS.get(page or "")
    if permission is not None and not viewer.can(permission):
        _refuse_page(viewer, _current_page_info().get("page_name") or page)
    return viewer


def current_viewer() -> Viewer:
    """Who is using this session; stops the page when nobody is logged in or the role may not use it."""
    return enforce_page_access()


def may_open(page: str) -> bool:
    """Whether the current viewer may open ``page`` (a page file stem, see ``est.auth.PAGE_PERMISSIONS``)."""
    from est.auth import PAGE_PERMISSIONS

    viewer = resolve_viewer()
    if viewer is None or page not in PAGE_PERMISSIONS:  # fail closed: a page nobody gave a permission
        return False
    return viewer.can(PAGE_PERMISSIONS[page])


def refusal_page(title: str) -> Callable[[], None]:
    """A page that only says the viewer's role may not open the page ``title``, then stops.

    ``app.py`` registers it, hidden, at the URL of each page the role may not use, so a direct link to that
    URL says why instead of silently falling back to the start page, and the page's own script never runs.
    (The chrome's first read usually refuses already: :func:`enforce_page_access` checks the URL's page.)
    """

    def refuse() -> None:
        viewer = resolve_viewer()
        if viewer is None:
            st.warning(text("auth.not_logged_in"), icon=":material/lock:")
            st.stop()
        _refuse_page(viewer, title)

    return refuse


def require(permission: Permission) -> Viewer:
    """Stop the page with a clear message unless the viewer has ``permission``; return the viewer."""
    viewer = current_viewer()
    if not viewer.can(permission):
        st.error(text("common.permission_denied", role=role_label(viewer.role, current_lang())))
        st.stop()
    return viewer


@contextmanager
def guard() -> Iterator[None]:
    """Show domain errors as messages (never tracebacks) and stop the page."""
    try:
        yield
    except DatabaseBusyError as exc:
        st.warning(text("app.busy", detail=error_text(exc)))
        st.stop()
    except EstError as exc:  # PermissionDeniedError included
        st.error(error_text(exc))
        st.stop()


def error_text(error: EstError) -> str:
    """A domain error's message in the session's language (Swedish when the raiser gave one)."""
    return error.text(current_lang())


def render_chrome() -> None:
    """Common chrome on every page: language choice, local/demo banners, data freshness."""
    from est.analysis import latest_report
    from est.settings import is_demo
    from est.ui.cache import read

    lang = current_lang()
    st.sidebar.selectbox(
        i18n.t("app.language", lang),
        options=["sv", "en"],
        format_func=lambda code: {"sv": "Svenska", "en": "English"}[code],
        key="app_lang",
        index=0 if lang == "sv" else 1,
    )
    _render_identity()  # first: a page refused by the reads below still says who is logged in
    with guard():
        demo = read(is_demo)
        latest = read(latest_report)
    if demo:
        st.info(text("app.demo_banner"), icon=":material/science:")
    if latest is not None:
        st.sidebar.caption(text("app.freshness", when=latest.strftime("%Y-%m-%d %H:%M")))
    else:
        st.sidebar.caption(text("app.no_data_freshness"))


def _render_identity() -> None:
    """The sidebar says who is logged in (with a logout button), or shows the local single-user banner."""
    from est.ui.auth import logout_button

    viewer = resolve_viewer()
    if viewer is None:
        return
    if login_method() == "none":
        _refuse_if_exposed()
        st.sidebar.warning(text("app.local_banner"), icon=":material/computer:")
        return
    role = text(f"role.{viewer.role.value}")
    st.sidebar.caption(text("auth.signed_in_as", user=viewer.user, role=role))
    logout_button(key="app_logout")
