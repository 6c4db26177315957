"""Per-session context for pages: the store, the language, the viewer, the shared chrome, guards.

The store is one per process (``st.cache_resource``, keyed by the database path, which follows the same
rule as the CLI: ``streamlit run app.py -- --db PATH``, else ``$EST_DB``, else ``data/est.duckdb``).

Who the viewer is (:func:`resolve_viewer`), in this order:

1. an OpenID Connect login (``st.user``, configured by an ``[auth]`` section in ``.streamlit/secrets.toml``),
   matched by e-mail to the users table; someone without an enabled user row gets no access;
2. a local-account login made in this session (the login form in :mod:`est.ui.auth`);
3. only when no login is configured at all (no ``[auth]`` secrets and no users): the local single-user
   operator :data:`~est.access.auth.LOCAL_ADMIN`, with a banner, and only while the server listens on a loopback
   address; on any other address the app refuses to serve until login is configured.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Concatenate, NoReturn, ParamSpec, TypeVar

import streamlit as st

from est import i18n
from est.access.auth import LOCAL_ADMIN, Permission, Viewer, role_label
from est.store import Reader
from est.ui.cache import read_unchecked
from est.ui.session import (
    LOCAL_USER_KEY,
    current_lang,
    ensure_routed,
    get_store,
    guard,
    login_method,
    oidc_configured,
    sso_identity,
    text,
)

__all__ = [
    "current_viewer",
    "enforce_page_access",
    "login_configured",
    "may_open",
    "read",
    "refusal_page",
    "render_chrome",
    "require",
    "resolve_viewer",
]

P = ParamSpec("P")
T = TypeVar("T")

_SSO_RECORDED_KEY = "_est_sso_recorded"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def login_configured() -> bool:
    """Whether any login is configured: OIDC secrets, or at least one user in the users table."""
    from est.access.accounts import has_users

    return oidc_configured() or bool(read_unchecked(has_users))


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
    from est.access.accounts import record_sso_login, viewer_for

    read = read_unchecked

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
    from est.access.auth import PAGE_PERMISSIONS

    ensure_routed()
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
    """Whether the current viewer may open ``page`` (a page file stem, see ``est.access.auth.PAGE_PERMISSIONS``)."""
    from est.access.auth import PAGE_PERMISSIONS

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


def render_chrome() -> None:
    """Common chrome on every page: language choice, local/demo banners, data freshness."""
    from est.access.settings import is_demo
    from est.picture.figures import latest_report

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


def read(fn: Callable[Concatenate[Reader, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Call ``fn(reader, *args)`` through the cache.

    ``args`` must have a stable ``repr`` (plain values, frozen dataclasses); keyword arguments are not
    allowed, so keys stay unambiguous. Data is only read for a session allowed to see the current page
    (:func:`est.ui.context.enforce_page_access` stops the page otherwise).
    """
    enforce_page_access()
    return read_unchecked(fn, *args, **kwargs)
