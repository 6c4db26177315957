"""Cached reads: run a domain read function once per (arguments, database version).

The cache key includes :meth:`est.store.Store.data_version` (file metadata that changes on every commit
by any process), so a CLI import shows up on the next rerun without clearing anything by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import streamlit as st

from est.store import Reader
from est.ui.session import get_store

__all__ = ["clear_reads", "read_unchecked"]

P = ParamSpec("P")
T = TypeVar("T")


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _cached(key: str, db: str, version: tuple[int, int, int, int], _fn: Any, _args: tuple[Any, ...]) -> Any:
    with get_store().reading() as reader:
        return _fn(reader, *_args)


def read_unchecked(fn: Callable[Concatenate[Reader, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """:func:`read` without the page-access check: only for resolving who the viewer is (login, users)."""
    if kwargs:
        raise TypeError("read() takes positional arguments only")
    store = get_store()
    key = f"{fn.__module__}.{fn.__qualname__}{args!r}"
    return cast(T, _cached(key, str(store.path), store.data_version(), fn, args))


def clear_reads() -> None:
    """Forget every cached read (after a write in this process the version changes anyway)."""
    _cached.clear()
