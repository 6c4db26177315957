"""The Streamlit boundary: the only package that imports streamlit (enforced by import-linter).

Pages use these helpers and the domain APIs; they never open the store, write SQL or touch geopandas.
"""

from __future__ import annotations

from est.ui.cache import clear_reads, page_read_session
from est.ui.chrome import APP_ICON
from est.ui.context import (
    current_viewer,
    login_configured,
    may_open,
    read,
    refusal_page,
    render_chrome,
    require,
    resolve_viewer,
)
from est.ui.map import show_legend, show_map
from est.ui.session import current_lang, get_store, guard, text
from est.ui.widgets import pick_option, select_code

__all__ = [
    "APP_ICON",
    "clear_reads",
    "current_lang",
    "current_viewer",
    "get_store",
    "guard",
    "login_configured",
    "may_open",
    "page_read_session",
    "pick_option",
    "read",
    "refusal_page",
    "render_chrome",
    "require",
    "resolve_viewer",
    "select_code",
    "show_legend",
    "show_map",
    "text",
]
