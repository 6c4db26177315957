"""The session's basics for every other ``est.ui`` module: the store, the language, the UI text, guards.

The store is one per process (``st.cache_resource``, keyed by the database path, which follows the same
rule as the CLI: ``streamlit run app.py -- --db PATH``, else ``$EST_DB``, else ``data/est.duckdb``).
This module imports nothing else of ``est.ui``: the cached reads (:mod:`est.ui.cache`), the login forms
(:mod:`est.ui.auth`) and the viewer and page access (:mod:`est.ui.context`) build on it, in that order.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from est import i18n
from est.config import resolve_db
from est.errors import DatabaseBusyError, EstError
from est.i18n import Lang
from est.store import Store, open_store

__all__ = [
    "LOCAL_USER_KEY",
    "current_lang",
    "ensure_routed",
    "error_text",
    "get_store",
    "guard",
    "login_method",
    "oidc_configured",
    "sso_identity",
    "text",
]

#: Session-state key holding the user name of a local-account login (set by the login form only).
LOCAL_USER_KEY = "_est_local_user"


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
    return _store_for(str(resolve_db(_db_argument())))


def current_lang() -> Lang:
    """The session's language: ``?lang=en`` in the URL or the sidebar choice; Swedish by default."""
    chosen = st.session_state.get("app_lang") or st.query_params.get("lang", "sv")
    return "en" if chosen == "en" else "sv"


def ensure_routed() -> None:
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
    ensure_routed()
    return i18n.t(key, current_lang(), **values)


def oidc_configured() -> bool:
    """Whether an ``[auth]`` section (OpenID Connect for ``st.login``) exists in the secrets."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def sso_identity() -> dict[str, object] | None:
    """The claims of the OpenID Connect login of this session (``st.user``), or None when not logged in."""
    info: dict[str, object] = dict(st.user.to_dict())
    return info if info.get("is_logged_in") is True else None


def login_method() -> str:
    """How this session is logged in: ``sso``, ``local`` or ``none`` (local single-user install)."""
    if sso_identity() is not None:
        return "sso"
    if st.session_state.get(LOCAL_USER_KEY):
        return "local"
    return "none"


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
