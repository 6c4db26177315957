"""Rendering folium maps with streamlit-folium, and legends drawn outside the map."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import folium
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit_folium import st_folium

from est.picture.map_assets import app_vendor_dir, missing_assets
from est.ui.session import text

__all__ = ["show_legend", "show_map"]


def _assets_missing_message() -> str | None:
    """The fix to show instead of a map whose Leaflet files the running app does not serve, else None.

    Checked on every map (a dozen file look-ups), so a ``make assets`` while the app runs is seen at the next
    rerun. The folder is the one Streamlit serves for this app: ``static/vendor`` beside the main script.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    folder = app_vendor_dir(Path(ctx.main_script_path).resolve())
    missing = missing_assets(folder)
    if not missing:
        return None
    return text("map.assets_missing", folder=str(folder), count=len(missing), first=missing[0])


def show_map(m: folium.Map, *, key: str, height: int = 520, returned_objects: list[str] | None = None) -> Any:
    """Render ``m``; by default nothing is returned, so panning and zooming never rerun the script.

    When the map's assets are missing, an error naming the fix takes the map's place (and None is returned).
    """
    problem = _assets_missing_message()
    if problem is not None:
        st.error(problem, icon=":material/map:")
        return None
    return st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=returned_objects or [],
    )


def show_legend(title: str, items: list[tuple[str, str]]) -> None:
    """A legend drawn outside the map (a branca legend inside the map would load d3 from a CDN).

    ``items`` are ``(CSS background, label)``: a colour, or a ``linear-gradient(…)`` drawn as a wider swatch.
    """
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:0.9em">'
        f'<span style="width:{"4em" if colour.startswith("linear-gradient") else "1.1em"};height:1.1em;'
        f"background:{html.escape(colour)};border:1px solid #333;"
        f'display:inline-block;margin-right:0.3em;flex:none"></span>{html.escape(label)}</span>'
        for colour, label in items
    )
    st.markdown(
        f'<div role="img" aria-label="{html.escape(title)}"><strong>{html.escape(title)}</strong><br>{swatches}</div>',
        unsafe_allow_html=True,
    )
