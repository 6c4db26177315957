"""One read session per page run: the real app's reads take the file lock once and release it when the run ends.

The real app (AppTest) on a real DuckDB file; the writers that must get in between runs are other threads
with their own lock descriptors or other processes.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from est.access.accounts import add_user
from est.access.auth import LOCAL_ADMIN
from est.store import Reader, Store
from tests.test_meetings import build_town
from tests.test_store_session import _start_writer, _wait_until_a_writer_is_at_the_gate

_GOOD = "Korrekt-häst-batteri-9"


def _app_store() -> Store:
    """The app's own store for the database the ``app_test`` fixture set (one per process and path)."""
    from est.ui.session import get_store

    return get_store()


def _write_at_once(store: Store) -> None:
    """Write from this thread with a descriptor of its own: busy while any page run still holds the lock."""
    with Store(store.path, lock_timeout=0.3).writing() as w:
        w.execute("INSERT INTO organisations (name) VALUES ('between page runs')")


def test_a_page_run_takes_the_read_lock_once_and_releases_it_when_the_run_ends(
    demo_store: Store, app_test: Any
) -> None:
    from est.ui import clear_reads

    at = app_test(demo_store, page="atgarder")
    store = _app_store()  # opening it checks the migrations (one read of its own)
    before = store.readers_opened
    clear_reads()  # a cold cache: every read of the run is a miss
    at.run()
    assert not at.exception, at.exception
    assert store.readers_opened - before == 1  # viewer, chrome and page reads: one connection, one lock
    _write_at_once(store)  # the run ended and released the shared lock


def _meeting_screen_refresh(meeting_id: int) -> None:
    """A timed rerun of the meeting screen's fragment: it runs without ``app.py``, so without its session."""
    from est.ui.meeting_views import show_screen_in_session

    show_screen_in_session(meeting_id, 0, "Möte")


def test_a_meeting_screen_refresh_takes_the_read_lock_once(demo_store: Store, monkeypatch: Any) -> None:
    # Streamlit reruns the fragment every few seconds on its own, outside app.py's page read session:
    # without a session of its own, each of its reads took the lock in turn (3 on the demo's overview).
    from streamlit.testing.v1 import AppTest

    from est.ui import clear_reads

    monkeypatch.setenv("EST_DB", demo_store.database)
    meeting_id = demo_store.value("SELECT max(id) FROM meetings")
    at = AppTest.from_function(_meeting_screen_refresh, args=(meeting_id,), default_timeout=60)
    store = _app_store()
    before = store.readers_opened
    clear_reads()
    at.run()
    assert not at.exception, at.exception
    assert [m.value for m in at.markdown if "Försenade" in m.value]  # the overview really was drawn
    assert store.readers_opened - before == 1
    _write_at_once(store)  # released when the refresh ended


def test_a_login_form_that_writes_during_the_run_does_not_wait_for_the_runs_own_read_lock(
    empty_store: Store, app_test: Any
) -> None:
    # The login page runs inside app.py's read session: the form reads the account (on the session's
    # connection), then writes the failed attempt and the audit entry, then reruns.
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "bo", "lasare", password=_GOOD)
    at = app_test(empty_store)
    store = _app_store()
    store.lock_timeout = 3  # a write waiting for the run's own shared lock would fail after this
    at.run()
    assert [t.value for t in at.title] == ["Logga in"]
    for password, attempts in (("fel-lösenord", 1), (_GOOD, 0)):
        at.text_input(key="login_user").input("bo")
        at.text_input(key="login_password").input(password)
        started = time.monotonic()
        at.button[0].click().run()
        assert not at.exception, at.exception
        assert time.monotonic() - started < store.lock_timeout
        assert not [w.value for w in at.warning if "upptagen" in w.value]
        assert empty_store.value("SELECT failed_attempts FROM users WHERE user_name = 'bo'") == attempts
    assert empty_store.value("SELECT count(*) FROM audit_log WHERE action = 'login_failed'") == 1
    _write_at_once(store)


@pytest.mark.browser
def test_registering_an_action_in_the_browser_saves_it_and_a_cli_write_gets_in_after_the_run(
    empty_store: Store, app_server: Any, browser: Any
) -> None:
    # The real server: every run goes through app.py's read session. A CLI write after the page loaded makes
    # the submit run's reads miss the cache, so the run holds the shared lock when the form's write starts.
    build_town(empty_store)
    with app_server(empty_store) as base:
        browser.goto(f"{base}/atgarder")
        what = browser.get_by_role("textbox", name="Vad", exact=True)
        what.wait_for(timeout=30_000)
        what.fill("Röj buskarna vid gångtunneln")
        with Store(empty_store.path, lock_timeout=5).writing() as w:
            w.execute("INSERT INTO organisations (name) VALUES ('import before the click')")
        started = time.monotonic()
        browser.get_by_role("button", name="Registrera åtgärd").click()
        browser.get_by_text("Åtgärden är registrerad.").wait_for(timeout=30_000)
        assert time.monotonic() - started < 20  # a write waiting for its own run's lock would take 60 s
        browser.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)  # the register, read again
        assert empty_store.value("SELECT what FROM actions") == "Röj buskarna vid gångtunneln"
        with Store(empty_store.path, lock_timeout=5).writing() as w:  # the app holds no lock between runs
            w.execute("INSERT INTO organisations (name) VALUES ('import after the run')")
        assert browser.get_by_text("upptagen").count() == 0


def count_organisations(reader: Reader, marker: int) -> int:
    """A cached read for the test below (its arguments make the cache key)."""
    return int(reader.value("SELECT count(*) + 0 * ? FROM organisations", [marker]))


@pytest.mark.usefixtures("app_test")
def test_a_cache_miss_waits_for_the_lock_outside_streamlits_compute_lock(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thread B misses key K while a writer waits at the gate for our session's shared lock. Were B to wait
    # for the lock inside the cached function, it would hold Streamlit's compute lock for K, and our own
    # read of K (holding the shared lock the writer waits for) would wait for B: a deadlock until timeouts.
    from est.ui.cache import read_unchecked

    monkeypatch.setenv("EST_DB", empty_store.database)
    store = _app_store()
    results: list[int] = []
    with store.session():
        assert store.value("SELECT count(*) FROM organisations") == 0
        writer = _start_writer(store.path)
        _wait_until_a_writer_is_at_the_gate(store)
        other = threading.Thread(target=lambda: results.append(read_unchecked(count_organisations, 42)))
        other.start()
        time.sleep(0.5)  # B has tried K by now
        started = time.monotonic()
        assert read_unchecked(count_organisations, 42) == 0  # our connection: no waiting for anyone
        assert time.monotonic() - started < 2
        assert writer.poll() is None
    other.join(timeout=30)
    assert writer.wait(timeout=30) == 0
    assert results in ([0], [1])  # B read after the writer, or found our result cached for its version
