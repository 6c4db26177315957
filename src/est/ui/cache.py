"""Cached reads: run a domain read function once per (arguments, database version).

The cache key includes :meth:`est.store.Store.data_version` (file metadata that changes on every commit
by any process), so a CLI import shows up on the next rerun without clearing anything by hand.

Every read of a page run shares one connection and one shared lock (:func:`page_read_session`, around the
whole run in ``app.py``; see :meth:`est.store.Store.session`), opened by the run's first cache miss.
A miss never waits for the file lock inside ``st.cache_data``: Streamlit holds a per-key compute lock
there, and a run that already holds the shared lock may wait for that compute lock, so waiting for the
file lock under it could deadlock against a writer queued at the gate. The miss raises
:class:`~est.store.ReadWouldWait` instead, and the wait happens outside (:func:`read_unchecked`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import streamlit as st

from est.store import Reader, ReadWouldWait
from est.ui.session import get_store

__all__ = ["clear_reads", "page_read_session", "read_unchecked"]

P = ParamSpec("P")
T = TypeVar("T")


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _cached(key: str, db: str, version: tuple[int, int, int, int], _fn: Any, _args: tuple[Any, ...]) -> Any:
    with get_store().reading(wait=False) as reader:  # see the module docstring: never wait in here
        return _fn(reader, *_args)


def read_unchecked(fn: Callable[Concatenate[Reader, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """:func:`read` without the page-access check: only for resolving who the viewer is (login, users)."""
    if kwargs:
        raise TypeError("read() takes positional arguments only")
    store = get_store()
    key = f"{fn.__module__}.{fn.__qualname__}{args!r}"
    try:
        return cast(T, _cached(key, str(store.path), store.data_version(), fn, args))
    except ReadWouldWait:
        with store.reading():  # wait for the lock here, outside Streamlit's compute lock; the miss reuses it
            return cast(T, _cached(key, str(store.path), store.data_version(), fn, args))


@contextmanager
def page_read_session() -> Iterator[None]:
    """Share one connection and one shared lock among the reads of the block, and release them at its end.

    ``app.py`` wraps each page run in it, so a page takes the lock once (on its first cache miss) and a
    writer gets in between page runs, not between a page's reads. The lock is released however the run
    ends (``st.rerun`` and ``st.stop`` raise), and a write during the run releases it first.
    """
    with get_store().session():
        yield


def clear_reads() -> None:
    """Forget every cached read (after a write in this process the version changes anyway)."""
    _cached.clear()
