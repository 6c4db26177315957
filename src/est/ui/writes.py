"""How a page writes: one click, one short write transaction, then a message on the next run.

Domain errors raised by the write are shown by :func:`est.ui.session.guard` (and the run stops); a
successful write keeps its message in ``st.session_state[<page>_flash]`` and reruns the page, which shows
it once at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn, TypeVar

import streamlit as st

from est.ui.session import get_store, guard, text

if TYPE_CHECKING:
    from est.store import Writer

__all__ = ["flash_and_rerun", "save_and_rerun", "write_now"]

T = TypeVar("T")


def write_now(action: Callable[[Writer], T]) -> T:
    """Run ``action`` in one write transaction; a domain error is shown (and the run stopped) by ``guard``."""
    with guard(), get_store().writing() as writer:
        return action(writer)


def flash_and_rerun(flash_key: str, message: str) -> NoReturn:
    """Keep the text of ``message`` for the next run's success box and rerun the page."""
    st.session_state[flash_key] = text(message)
    st.rerun()


def save_and_rerun(flash_key: str, message: str, action: Callable[[Writer], object]) -> NoReturn:
    """:func:`write_now` then :func:`flash_and_rerun`: one click, one transaction, one message."""
    write_now(action)
    flash_and_rerun(flash_key, message)
