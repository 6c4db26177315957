"""Login in the app (AppTest): local accounts with forced change and lockout, and the safe default without login."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from streamlit import config

from est.access.accounts import add_user
from est.access.auth import LOCAL_ADMIN
from est.access.settings import set_setting
from est.store import Store

GOOD = "Korrekt-häst-batteri-9"
NEW = "Blå-tåg-rullar-8472"


@pytest.fixture
def exposed() -> Iterator[None]:
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        yield
    finally:
        config.set_option("server.address", before)


def _login(at: Any, user: str, password: str) -> Any:
    at.text_input(key="login_user").input(user)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def _alerts(at: Any) -> str:
    return " ".join(e.value for kind in ("error", "warning", "info", "success") for e in getattr(at, kind))


def test_without_any_login_the_local_operator_sees_everything_with_a_banner(
    demo_store: Store, app_test: Callable[..., Any]
) -> None:
    at = app_test(demo_store)
    at.run()
    assert not at.exception
    assert at.metric  # the picture is shown
    assert any("Lokal enanvändarinstallation" in w.value for w in at.sidebar.warning)


def test_without_login_the_app_refuses_to_serve_a_non_loopback_address(
    demo_store: Store, app_test: Callable[..., Any], exposed: None
) -> None:
    at = app_test(demo_store)
    at.run()
    assert not at.exception
    assert "0.0.0.0" in at.error[0].value and "est users add" in at.error[0].value
    assert not at.metric and not at.dataframe


def test_with_login_configured_a_non_loopback_address_is_allowed(
    empty_store: Store, app_test: Callable[..., Any], exposed: None
) -> None:
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "anna", "admin", password=GOOD)
    at = app_test(empty_store)
    at.run()
    assert not at.error and [t.value for t in at.title] == ["Logga in"]


def test_first_login_forces_a_password_change_then_opens_the_app(
    demo_store: Store, app_test: Callable[..., Any]
) -> None:
    with demo_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "anna", "samordnare", password=GOOD)
    at = app_test(demo_store)
    at.run()
    assert [t.value for t in at.title] == ["Logga in"] and not at.metric
    _login(at, "anna", GOOD)
    assert "Första inloggningen" in _alerts(at) and not at.metric
    at.text_input(key="login_change_current").input(GOOD)
    at.text_input(key="login_change_new").input(NEW)
    at.text_input(key="login_change_repeat").input(NEW)
    at.button[0].click().run()
    assert not at.exception
    assert at.metric  # the picture, as samordnare
    assert any("Inloggad som anna" in c.value for c in at.sidebar.caption)
    actions = [r[0] for r in demo_store.rows("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-3:] == ["login", "login", "password_change"]


def test_lockout_after_repeated_failures_in_the_login_form(empty_store: Store, app_test: Callable[..., Any]) -> None:
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "bo", "lasare", password=GOOD)
        set_setting(w, "login_max_failures", "3", by="test")
    at = app_test(empty_store)
    at.run()
    for _ in range(2):
        _login(at, "bo", "fel-lösenord")
        assert "Fel användarnamn eller lösenord" in _alerts(at)
    _login(at, "bo", "fel-lösenord")
    assert "spärrat" in _alerts(at)
    _login(at, "bo", GOOD)
    assert "spärrat" in _alerts(at) and [t.value for t in at.title] == ["Logga in"]
    assert empty_store.value("SELECT count(*) FROM audit_log WHERE action = 'lockout'") == 1


def test_logout_forgets_the_local_login(demo_store: Store, app_test: Callable[..., Any]) -> None:
    with demo_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "bo", "polis", password=GOOD)
        w.execute("UPDATE users SET must_change_password = false")
    at = app_test(demo_store)
    at.run()
    _login(at, "bo", GOOD)
    assert at.metric
    at.switch_page("pages/konto.py").run()
    assert "bo" in [m.value for m in at.metric]
    at.sidebar.button(key="konto_logout").click().run()
    assert not at.metric and not at.dataframe
    assert [t.value for t in at.title] == ["Logga in"] or "inte inloggad" in _alerts(at)
    assert demo_store.value("SELECT count(*) FROM audit_log WHERE action = 'logout'") == 1
