"""Widgets whose shown labels depend on the language: codes shown as words from the catalogue.

Streamlit keeps a keyed selectbox's choice by its *shown* label: after the sidebar switches the language no
label matches, and the widget silently falls back to its first option while a stale label may still show
(streamlit/streamlit#11268). A role picker that reads "Polis" but returns "lasare" must never happen, so
:func:`select_code` is keyed per language and carries the chosen code across the switch itself.
:func:`pick_option` is the row of radio buttons whose words are the catalogue's, one key per code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from est.ui.session import current_lang, text

__all__ = ["pick_option", "select_code"]

T = TypeVar("T")


def select_code(
    container: Any,
    label: str,
    options: Sequence[T],
    *,
    key: str,
    format_func: Callable[[T], str],
    index: int = 0,
    **kwargs: Any,
) -> T:
    """A selectbox of codes shown as words in the session's language, whose choice survives a language switch.

    Parameters
    ----------
    container
        ``st`` or a column/sidebar/form to draw into.
    label, options, format_func, index
        As for ``st.selectbox`` (``index`` is the choice before the user made one).
    key
        The widget's key stem: the widget itself is ``<key>_<lang>``, the chosen code ``<key>_code``.

    Returns
    -------
    The chosen option (a code, never a label).
    """
    carried = st.session_state.get(f"{key}_code")
    start = options.index(carried) if carried in options else index
    chosen: T = container.selectbox(
        label, options, index=start, format_func=format_func, key=f"{key}_{current_lang()}", **kwargs
    )
    st.session_state[f"{key}_code"] = chosen
    return chosen


def pick_option(container: Any, label_key: str, options: Sequence[T], *, key: str) -> T:
    """A horizontal row of radio buttons, labelled from the catalogue: ``label_key``, each option ``label_key.option``.

    Parameters
    ----------
    container
        ``st`` or a column/sidebar/form to draw into.
    label_key
        The catalogue key of the label; the options' words are under it (``analysis.trender.grain`` →
        ``analysis.trender.grain.week``).
    options
        The codes to choose from.
    key
        The widget's key.

    Returns
    -------
    The chosen option (a code, never a label).
    """
    chosen: T = container.radio(
        text(label_key), options, format_func=lambda o: text(f"{label_key}.{o}"), horizontal=True, key=key
    )
    return chosen
