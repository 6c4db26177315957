"""Read sessions: the reads of one thread share one connection and one shared lock until the session ends.

Real DuckDB files, and real other processes for the writers (``flock`` is per open file, so a second
process is what a CLI import is).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from est.errors import DatabaseBusyError
from est.store import ReadWouldWait, Store
from est.store.locks import FileLock
from tests.test_store import _hold_write_lock

_BUSY = 3


def _write_from_another_process(path: Path, timeout: float) -> int:
    """Try one write from another process, waiting at most ``timeout`` s; return 0, or 3 when it was busy."""
    code = textwrap.dedent(
        f"""
        import sys
        from est.errors import DatabaseBusyError
        from est.store import Store
        try:
            with Store({str(path)!r}, lock_timeout={timeout}).writing() as w:
                w.execute("INSERT INTO organisations (name) VALUES ('other process')")
        except DatabaseBusyError:
            sys.exit({_BUSY})
        """
    )
    return subprocess.run([sys.executable, "-c", code], timeout=60).returncode


def _start_writer(path: Path) -> subprocess.Popen[str]:
    """Start a writer in another process (it waits at the gate while we read) and return it."""
    code = textwrap.dedent(
        f"""
        from est.store import Store
        with Store({str(path)!r}, lock_timeout=30).writing() as w:
            w.execute("INSERT INTO organisations (name) VALUES ('queued writer')")
        print("written", flush=True)
        """
    )
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def _wait_until_a_writer_is_at_the_gate(store: Store) -> None:
    gate = FileLock(store.path.with_name(store.path.name + ".gate"))
    deadline = time.monotonic() + 30
    while gate.try_acquire(False):
        gate.release()
        assert time.monotonic() < deadline, "the writer never reached the gate"
        time.sleep(0.05)


def test_the_reads_of_a_session_take_the_lock_once_and_hold_it_until_the_session_ends(empty_store: Store) -> None:
    store = Store(empty_store.path)
    with store.session():
        assert store.readers_opened == 0  # nothing is opened before the first read
        for _ in range(7):
            assert store.value("SELECT count(*) FROM organisations") == 0
        with store.reading() as outer, store.reading() as inner:
            assert outer.value("SELECT 1") == inner.value("SELECT 1") == 1
        assert store.readers_opened == 1
        assert _write_from_another_process(store.path, 0.3) == _BUSY  # the shared lock is still held
    assert _write_from_another_process(store.path, 0.3) == 0  # and released with the session
    assert store.value("SELECT count(*) FROM organisations") == 1
    assert store.readers_opened == 2


def test_without_a_session_each_read_takes_the_lock_and_a_writer_gets_in_between(empty_store: Store) -> None:
    store = Store(empty_store.path)
    store.value("SELECT 1")
    store.value("SELECT 1")
    assert store.readers_opened == 2
    with store.reading() as r:  # nested reads share the outer block's connection
        store.value("SELECT 1")
        assert r.value("SELECT 2") == 2
    assert store.readers_opened == 3
    assert _write_from_another_process(store.path, 0.3) == 0


def test_a_write_in_the_session_thread_closes_its_reader_first_and_the_next_read_opens_it_again(
    empty_store: Store,
) -> None:
    store = Store(empty_store.path, lock_timeout=2)
    with store.session():
        assert store.value("SELECT count(*) FROM organisations") == 0
        started = time.monotonic()
        with store.writing() as w:  # would wait for our own shared lock, then fail, without closing it first
            w.execute("INSERT INTO organisations (name) VALUES ('form submit')")
        assert time.monotonic() - started < 1.5
        assert store.value("SELECT name FROM organisations") == "form submit"
        assert store.value("SELECT count(*) FROM organisations") == 1
        assert store.readers_opened == 2
    assert _write_from_another_process(store.path, 0.3) == 0


def test_a_write_inside_a_read_block_of_the_same_thread_is_refused_at_once(empty_store: Store) -> None:
    store = Store(empty_store.path, lock_timeout=5)
    started = time.monotonic()
    with store.reading(), pytest.raises(RuntimeError, match="inside a `reading` block"), store.writing():
        pass
    assert time.monotonic() - started < 1
    with store.writing() as w:  # the read block closed its connection and lock
        w.execute("INSERT INTO organisations (name) VALUES ('after')")


def test_the_lock_is_released_when_the_session_ends_with_an_exception(empty_store: Store) -> None:
    store = Store(empty_store.path)
    with pytest.raises(KeyError), store.session():
        store.value("SELECT 1")
        raise KeyError("st.stop and st.rerun raise too")
    with Store(store.path, lock_timeout=0.3).writing() as w:  # another thread's descriptor: would be busy
        w.execute("INSERT INTO organisations (name) VALUES ('after')")


def test_extensions_asked_for_by_a_later_read_are_loaded_into_the_shared_connection(empty_store: Store) -> None:
    store = Store(empty_store.path)
    with store.session():
        store.value("SELECT 1")
        with store.reading(extensions=("spatial",)) as r:
            assert r.value("SELECT ST_AsText(ST_Point(1, 2))") == "POINT (1 2)"
    assert store.readers_opened == 1


def test_a_reader_asked_not_to_wait_gives_way_at_once_but_reuses_a_connection_it_holds(empty_store: Store) -> None:
    store = Store(empty_store.path, lock_timeout=30)
    writer = _hold_write_lock(store.path, 1.5)
    started = time.monotonic()
    with pytest.raises(ReadWouldWait), store.reading(wait=False):
        pass
    assert time.monotonic() - started < 0.5
    assert writer.wait(timeout=20) == 0
    with store.session():
        assert store.value("SELECT count(*) FROM organisations") == 1
        queued = _start_writer(store.path)
        _wait_until_a_writer_is_at_the_gate(store)
        with store.reading(wait=False) as r:  # already holds the shared lock: nothing to wait for
            assert r.value("SELECT count(*) FROM organisations") == 1
        assert queued.poll() is None  # the writer waits for the session
    assert queued.stdout is not None and queued.stdout.readline().strip() == "written"
    assert queued.wait(timeout=20) == 0


@pytest.mark.parametrize("hold", [1.0, 2.5])
def test_a_read_waits_as_long_as_the_write_under_way_and_not_for_the_lock_timeout(
    empty_store: Store, hold: float
) -> None:
    store = Store(empty_store.path, lock_timeout=30)
    writer = _hold_write_lock(store.path, hold)
    started = time.monotonic()
    with store.session():
        assert store.value("SELECT count(*) FROM organisations") == 1  # sees the commit it waited for
    waited = time.monotonic() - started
    assert hold - 0.5 < waited < hold + 1.5, waited
    assert writer.wait(timeout=20) == 0


def test_a_read_that_waits_longer_than_the_lock_timeout_says_the_database_is_busy(empty_store: Store) -> None:
    impatient = Store(empty_store.path, lock_timeout=0.5)
    writer = _hold_write_lock(empty_store.path, 3)
    with pytest.raises(DatabaseBusyError, match="another process"), impatient.session():
        impatient.value("SELECT 1")
    assert impatient.readers_opened == 0
    assert writer.wait(timeout=20) == 0
    assert impatient.value("SELECT count(*) FROM organisations") == 1
