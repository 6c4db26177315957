"""Rendering folium maps with streamlit-folium, and legends drawn outside the map."""

from __future__ import annotations

import html
from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium

__all__ = ["show_legend", "show_map"]


def show_map(m: folium.Map, *, key: str, height: int = 520, returned_objects: list[str] | None = None) -> Any:
    """Render ``m``; by default nothing is returned, so panning and zooming never rerun the script."""
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
