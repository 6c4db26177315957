"""Per-session context for pages: the store, the language, the viewer, the shared chrome, guards.

The store is one per process (``st.cache_resource``, keyed by the database path, which follows the same
rule as the CLI: ``streamlit run app.py -- --db PATH``, else ``$EST_DB``, else ``data/est.duckdb``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from est import i18n
from est.auth import LOCAL_ADMIN, Permission, Viewer
from est.config import resolve_db_path
from est.errors import DatabaseBusyError, EstError, PermissionDeniedError
from est.i18n import Lang
from est.store import Store, open_store

__all__ = ["current_lang", "current_viewer", "get_store", "guard", "render_chrome", "require", "text"]


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


def text(key: str, /, **values: object) -> str:
    """The UI text for ``key`` in the session's language."""
    return i18n.t(key, current_lang(), **values)


def current_viewer() -> Viewer:
    """Who is using this session. Without login configured: the local single-user operator."""
    return LOCAL_ADMIN


def require(permission: Permission) -> Viewer:
    """Stop the page with a clear message unless the viewer has ``permission``; return the viewer."""
    viewer = current_viewer()
    if not viewer.can(permission):
        st.error(text("common.permission_denied", role=viewer.role.value))
        st.stop()
    return viewer


@contextmanager
def guard() -> Iterator[None]:
    """Show domain errors as messages (never tracebacks) and stop the page."""
    try:
        yield
    except DatabaseBusyError as exc:
        st.warning(text("app.busy", detail=str(exc)))
        st.stop()
    except PermissionDeniedError as exc:
        st.error(str(exc))
        st.stop()
    except EstError as exc:
        st.error(str(exc))
        st.stop()


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
    with guard():
        demo = read(is_demo)
        latest = read(latest_report)
    st.sidebar.caption(text("app.local_banner"))
    if demo:
        st.info(text("app.demo_banner"), icon=":material/science:")
    if latest is not None:
        st.sidebar.caption(text("app.freshness", when=latest.strftime("%Y-%m-%d %H:%M")))
    else:
        st.sidebar.caption(text("app.no_data_freshness"))
