"""Real Chromium login: OpenID Connect against oidc-provider-mock on loopback, local accounts with lockout,
and the refusal to serve a non-loopback address while no login is configured.

OIDC secrets are not written into the repository: the test writes a ``secrets.toml`` into its temp folder
and points Streamlit at it with ``--secrets.files PATH`` (every config option is also a command-line flag).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from est.access.accounts import add_user
from est.access.auth import LOCAL_ADMIN
from est.access.settings import set_setting
from est.store import Store
from tests.browser import free_port, non_loopback_requests, serve_app, stop_process, wait_until_serving
from tests.conftest import copy_of

pytestmark = pytest.mark.browser

GOOD = "Korrekt-häst-batteri-9"


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mock OpenID provider, one for the module's tests (each signs in its own users)."""
    tmp_path = tmp_path_factory.mktemp("oidc")
    port = free_port()
    log = open(tmp_path / "oidc.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--host", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        log.flush()
        wait_until_serving(f"{base}/.well-known/openid-configuration", proc, tmp_path / "oidc.log", seconds=20)
        yield base
    finally:
        stop_process(proc)
        log.close()


def _secrets(tmp_path: Path, app_port: int, provider: str) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "a-long-random-test-cookie-secret-0123456789abcdef"\n'
        'client_id = "est-lagesbild"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path


def _main_text(page: Any) -> str:
    return str(page.get_by_test_id("stMain").inner_text())


def _sign_in(page: Any, email: str) -> None:
    """Sign in as ``email`` at the mock provider (its form takes any subject)."""
    page.get_by_role("button", name="Logga in med kommunens konto").click()
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()


@contextmanager
def _served_with_oidc(store: Store, provider: str, tmp_path: Path) -> Iterator[str]:
    """The app served on ``store`` with OpenID Connect login at ``provider``; yields its base URL."""
    port = free_port()
    secrets = _secrets(tmp_path, port, provider)
    with serve_app(store, port=port, args=["--secrets.files", str(secrets)]) as base:
        yield base


@pytest.fixture(scope="module")
def oidc_app(
    oidc_provider: str, _demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, str]]:
    """A copy of the demo served with OpenID Connect login, one for the OIDC tests (each signs in its own users)."""
    folder = tmp_path_factory.mktemp("oidc-app")
    store = copy_of(_demo_template, folder / "demo.duckdb")
    with _served_with_oidc(store, oidc_provider, folder) as base:
        yield store, base


def _open_signed_in(page: Any, base: str, email: str) -> None:
    """Open the start page, sign in as ``email`` and wait for the start page's figures."""
    page.goto(base)
    _sign_in(page, email)
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)


@pytest.mark.xdist_group("oidc_browser")
def test_oidc_login_maps_the_e_mail_to_a_role_and_unknown_users_get_no_access(
    oidc_app: tuple[Store, str], browser: Any
) -> None:
    store, base = oidc_app
    with store.writing() as w:
        add_user(w, LOCAL_ADMIN, "polis.per@kommun.example", "polis", sso=True)
    _open_signed_in(browser, base, "polis.per@kommun.example")
    sidebar = browser.get_by_test_id("stSidebar").inner_text()
    assert "Inloggad som polis.per@kommun.example (Polis)" in sidebar
    assert "Användare" not in sidebar  # the users page is not in the police's menu
    assert "Importera fil" in sidebar

    browser.get_by_role("button", name="Logga ut").click()
    browser.get_by_role("button", name="End session").click()  # the provider's end-session page
    browser.wait_for_load_state()
    browser.goto(base)
    browser.get_by_role("button", name="Logga in med kommunens konto").wait_for(timeout=30_000)

    _sign_in(browser, "stranger@example.org")
    browser.get_by_text("ingen behörighet", exact=False).wait_for(timeout=30_000)
    assert browser.get_by_test_id("stMetricValue").count() == 0
    outside = [u for u in non_loopback_requests(browser.requests) if "@picocss" not in u]
    assert outside == []  # the mock provider's own pages load a CDN stylesheet; the app loads nothing
    actions = [r[0] for r in store.rows("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-4:] == ["user_add", "login", "logout", "login_denied"]


@pytest.mark.xdist_group("oidc_browser")
def test_a_denied_page_opened_at_its_url_shows_the_refusal_and_none_of_its_data(
    oidc_app: tuple[Store, str], browser: Any
) -> None:
    store, base = oidc_app
    with store.writing() as w:
        add_user(w, LOCAL_ADMIN, "lasse@kommun.example", "lasare", sso=True)
        add_user(w, LOCAL_ADMIN, "anna.admin@kommun.example", "admin", sso=True)
    _open_signed_in(browser, base, "lasse@kommun.example")

    browser.goto(base + "/anvandare")  # typed or bookmarked: a new session on the users page's URL
    refusal = browser.get_by_text("Din roll (Läsare) får inte öppna sidan Användare", exact=False)
    refusal.wait_for(timeout=30_000)
    assert browser.url.rstrip("/").endswith("/anvandare")  # not sent to the start page
    main = _main_text(browser)
    assert "anna.admin@kommun.example" not in main  # none of the page's data
    assert browser.get_by_test_id("stDataFrame").count() == 0
    assert browser.get_by_test_id("stMetricValue").count() == 0
    sidebar = browser.get_by_test_id("stSidebar").inner_text()
    assert "Inloggad som lasse@kommun.example (Läsare)" in sidebar  # who is refused, and a way out
    assert "Användare" not in sidebar and "Rapportera" not in sidebar  # denied pages stay out of the menu


def test_local_account_login_and_lockout_in_chromium(demo_store: Store, browser: Any) -> None:
    with demo_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "bo", "lasare", password=GOOD)
        w.execute("UPDATE users SET must_change_password = false")
        set_setting(w, "login_max_failures", "3", by="test")
    with serve_app(demo_store) as base:
        browser.goto(base)

        def attempts_logged() -> int:
            return int(demo_store.value("SELECT count(*) FROM audit_log WHERE actor = 'bo'"))

        def attempt(password: str) -> None:
            # One submission at a time: wait until the server has recorded this one before the next.
            before = attempts_logged()
            browser.get_by_label("Användarnamn").fill("bo")
            browser.get_by_label("Lösenord").fill(password)
            browser.get_by_role("button", name="Logga in").click()
            deadline = time.monotonic() + 20
            while attempts_logged() == before:
                assert time.monotonic() < deadline, "the login attempt was never recorded"
                browser.wait_for_timeout(100)

        for _ in range(2):
            attempt("fel-lösenord")
            browser.get_by_text("Fel användarnamn eller lösenord").wait_for(timeout=20_000)
        attempt("fel-lösenord")
        browser.get_by_text("spärrat", exact=False).wait_for(timeout=20_000)
        attempt(GOOD)
        browser.get_by_text("spärrat", exact=False).wait_for(timeout=20_000)
        assert "spärrat" in _main_text(browser)
        assert browser.get_by_test_id("stMetricValue").count() == 0

        with demo_store.writing() as w:
            w.execute("UPDATE users SET locked_until = NULL, failed_attempts = 0")
        attempt(GOOD)
        browser.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
        assert "Inloggad som bo (Läsare)" in browser.get_by_test_id("stSidebar").inner_text()


def test_without_login_a_non_loopback_address_is_refused(
    demo_store: Store, demo_app: Callable[[], Any], browser: Any
) -> None:
    with serve_app(demo_store, args=["--server.address", "0.0.0.0"]) as base:
        browser.goto(base)
        browser.get_by_text("Ingen inloggning är konfigurerad", exact=False).wait_for(timeout=30_000)
        assert browser.get_by_test_id("stMetricValue").count() == 0
    with demo_app() as base:  # the default config listens on 127.0.0.1 only: served, with a banner
        browser.goto(base)
        browser.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
        assert "Lokal enanvändarinstallation" in browser.get_by_test_id("stSidebar").inner_text()
