"""Every page for every role (AppTest with ``at.user``): what each role may and may not see or do.

The users are SSO users (``st.user`` faked by AppTest) matched by e-mail to the users table. The navigation
lists only the pages a role may use; a page the role may not use, opened at its own URL, shows the refusal
(and none of the page's data: its script never runs), and each page file refuses by itself too when it is run
for such a role. A lasare's map payload never holds an exact coordinate.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from est.access.accounts import add_user
from est.access.auth import LOCAL_ADMIN, PAGE_PERMISSIONS, Role, can, role_label
from est.i18n import t
from est.store import Store, open_store
from tests.pg import on_server

PAGES = list(PAGE_PERMISSIONS)
EMAIL = {role: f"{role.value}@kommun.example" for role in Role}
DENIED = "får inte göra detta"
PAGE_DENIED = "får inte öppna sidan"
DENIED_PAIRS = [(role, page) for role in Role for page in PAGES if not can(role, PAGE_PERMISSIONS[page])]
PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class _Made:
    """What this test process made once: the role store per backend and the page titles; ``env`` keeps the
    server store's replica folder set for the whole process."""

    env: pytest.MonkeyPatch
    stores: dict[str, Store] = field(default_factory=dict)
    titles: dict[str, list[str]] = field(default_factory=dict)


@pytest.fixture(scope="session")
def _made() -> Iterator[_Made]:
    with pytest.MonkeyPatch.context() as env:
        yield _Made(env)


@pytest.fixture(scope="module")
def role_store(
    tmp_path_factory: pytest.TempPathFactory,
    _demo_template: Path,
    store_backend: str,
    request: pytest.FixtureRequest,
    _made: _Made,
) -> Store:
    """The demo with an SSO user per role; for server_too tests on the PostgreSQL store.

    Made once per test process and backend: the workers take this module's file and server tests in any order,
    and a module-scoped store alone would be made anew at each switch (~25 s on the server with its titles).
    """
    if store_backend in _made.stores:
        return _made.stores[store_backend]
    folder = tmp_path_factory.mktemp("roles")
    if store_backend == "server":
        store = on_server("demo", lambda: open_store(_demo_template), request, folder, _made.env)
    else:
        shutil.copy(_demo_template, folder / "roles.duckdb")
        store = open_store(folder / "roles.duckdb")
    with store.writing() as w:
        org = int(w.value("SELECT min(id) FROM organisations"))
        for role in Role:
            organisation = org if role is Role.RAPPORTOR else None
            add_user(w, LOCAL_ADMIN, EMAIL[role], role, organisation=organisation, sso=True)
    _made.stores[store_backend] = store
    return store


def _as(app_test: Callable[..., Any], store: Store, role: Role, page: str | None = None, **kw: Any) -> Any:
    at = app_test(store, page=page, user={"is_logged_in": True, "email": EMAIL[role]}, **kw)
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: Any) -> str:
    return " ".join(e.value for kind in ("error", "warning", "info") for e in getattr(at, kind))


@pytest.mark.parametrize("role", list(Role))
def test_navigation_registers_only_the_pages_the_role_may_use(
    role: Role, role_store: Store, app_test: Callable[..., Any]
) -> None:
    at = _as(app_test, role_store, role)
    # Only the allowed page files are registered; a denied page's URL holds the refusal, never the file.
    registered = {Path(str(i["script_path"])).stem for i in at._registered_pages.values() if i.get("script_path")}
    expected = {page for page, permission in PAGE_PERMISSIONS.items() if can(role, permission)}
    assert registered == expected
    caption = " ".join(c.value for c in at.sidebar.caption)
    assert f"Inloggad som {EMAIL[role]}" in caption


@pytest.fixture(scope="module")
def page_titles(role_store: Store, _made: _Made) -> dict[str, list[str]]:
    """Each page's title(s) as the admin (who may open every page) sees them (once per test process)."""
    titles = _made.titles
    if titles:
        return titles
    from streamlit.testing.v1 import AppTest

    with pytest.MonkeyPatch.context() as env:
        env.setenv("EST_DB", role_store.database)
        for page in PAGES:
            at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
            at.switch_page(f"pages/{page}.py")
            at.user = {"is_logged_in": True, "email": EMAIL[Role.ADMIN]}
            at.run()
            titles[page] = [t.value for t in at.title]
    return titles


@pytest.mark.parametrize("role", list(Role))
def test_every_page_the_role_may_use_opens_without_refusal(
    role: Role, role_store: Store, app_test: Callable[..., Any], page_titles: dict[str, list[str]]
) -> None:
    for page in (p for p in PAGES if can(role, PAGE_PERMISSIONS[p])):
        at = _as(app_test, role_store, role, page=page)
        messages = _texts(at)
        assert DENIED not in messages and PAGE_DENIED not in messages, (role, page, messages)
        assert [t.value for t in at.title] == page_titles[page], (role, page)


def _rendered(at: Any) -> str:
    """Every element the run rendered, main area and sidebar, as its protobuf text (for "none of its data")."""
    parts = []
    stack = [at._tree]
    while stack:
        node = stack.pop()
        if getattr(node, "proto", None) is not None:
            parts.append(str(node.proto))
        stack.extend(getattr(node, "children", {}).values())
    return "\n".join(parts)


def _shows_nothing_of_the_page(at: Any, role: Role, page: str) -> None:
    assert not at.dataframe and not at.table and not at.metric and not at.get("component_instance"), (role, page)
    main = at.main  # the sidebar keeps the chrome: language, who is logged in, logout
    assert not main.text_input and not main.selectbox and not main.multiselect and not main.button, (role, page)
    assert not main.file_uploader and not main.download_button and not main.date_input, (role, page)
    rendered = _rendered(at)
    for other in Role:  # e.g. the users page lists every user's e-mail
        if other is not role:
            assert EMAIL[other] not in rendered, (role, page, other)


@pytest.mark.parametrize(("role", "page"), DENIED_PAIRS, ids=[f"{r.value}-{p}" for r, p in DENIED_PAIRS])
def test_a_denied_page_opened_at_its_url_shows_the_refusal_and_none_of_its_data(
    role: Role, page: str, role_store: Store, app_test: Callable[..., Any], page_titles: dict[str, list[str]]
) -> None:
    at = _as(app_test, role_store, role, page=page)  # as a direct link to /<page> does
    messages = _texts(at)
    assert PAGE_DENIED in messages, (role, page, messages)
    assert f"({role_label(role)})" in messages  # the role's name, not its code
    assert f"sidan {t(f'nav.{page}')}." in messages  # names the refused page as the menu does
    assert not {t.value for t in at.title} & {*page_titles[page], *page_titles["lagesbild"]}  # the script never ran
    _shows_nothing_of_the_page(at, role, page)


@pytest.mark.parametrize(("role", "page"), DENIED_PAIRS, ids=[f"{r.value}-{p}" for r, p in DENIED_PAIRS])
def test_a_denied_page_file_run_by_itself_refuses_with_its_own_guard(
    role: Role, page: str, role_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's own ``ui.require``: run from a copy under a name no permission is looked up by."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("EST_DB", role_store.database)
    at = AppTest.from_string((PROJECT_ROOT / "pages" / f"{page}.py").read_text(encoding="utf-8"), default_timeout=60)
    at.user = {"is_logged_in": True, "email": EMAIL[role]}  # type: ignore[misc]
    at.run()
    assert not at.exception, at.exception
    messages = _texts(at)
    assert DENIED in messages, (role, page, messages)
    assert f"({role_label(role)})" in messages
    _shows_nothing_of_the_page(at, role, page)  # its title may show: the guard comes right after it


def _numbers(script: str) -> set[str]:
    return set(re.findall(r"-?\d+\.\d{4,}", script))


def _exact_coordinates(store: Store, first: date, last: date) -> set[str]:
    rows = store.rows(
        "SELECT lat, lon FROM incidents WHERE lat IS NOT NULL AND occurred_at::DATE BETWEEN ? AND ?", [first, last]
    )
    return {repr(float(v)) for row in rows for v in row}


@pytest.mark.server_too  # also on the PostgreSQL store: what these pages read depends on it
def test_lasare_map_payload_holds_no_exact_coordinate_and_police_gets_them(
    role_store: Store, app_test: Callable[..., Any]
) -> None:
    last = date.today() - timedelta(days=date.today().weekday() + 1)
    first = last - timedelta(days=6)
    query = {"from": first.isoformat(), "to": last.isoformat()}
    exact = _exact_coordinates(role_store, first, last)
    assert len(exact) > 20

    polis = json.loads(
        _as(app_test, role_store, Role.POLIS, "karta", query=query).get("component_instance")[0].proto.json_args
    )
    assert exact & _numbers(polis["script"]), "the police map should carry exact points (else this test proves nothing)"

    for role in (Role.LASARE, Role.RAPPORTOR):
        at = _as(app_test, role_store, role, "karta", query=query)
        script = json.loads(at.get("component_instance")[0].proto.json_args)["script"]
        leaked = exact & _numbers(script)
        if role is Role.LASARE:
            assert not leaked
        else:  # the rapportor's own organisation's reports are exact, the others are not
            own = role_store.rows(
                "SELECT lat, lon FROM incidents i JOIN users u ON u.organisation_id = i.organisation_id "
                "WHERE u.role = 'rapportor' AND lat IS NOT NULL AND occurred_at::DATE BETWEEN ? AND ?",
                [first, last],
            )
            assert leaked <= {repr(float(v)) for row in own for v in row}
        table = at.dataframe[0].value
        if role is Role.LASARE and "Beskrivning" in table.columns:
            assert table["Beskrivning"].isna().all() or (table["Beskrivning"].fillna("") == "").all()


@pytest.mark.server_too  # also on the PostgreSQL store: what these pages read depends on it
def test_unknown_sso_user_gets_no_access_and_no_pages(role_store: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(role_store, user={"is_logged_in": True, "email": "stranger@example.com"})
    at.run()
    assert not at.exception
    assert "ingen behörighet" in _texts(at)
    assert [Path(str(i.get("script_path") or "login")).stem for i in at._registered_pages.values()] == ["login"]
    assert not at.metric and not at.dataframe
    assert role_store.value("SELECT count(*) FROM audit_log WHERE action = 'login_denied'") >= 1


@pytest.mark.server_too  # also on the PostgreSQL store: what these pages read depends on it
def test_a_disabled_user_loses_access_at_the_next_run(role_store: Store, app_test: Callable[..., Any]) -> None:
    at = _as(app_test, role_store, Role.POLIS)
    assert at.metric
    with role_store.writing() as w:
        w.execute("UPDATE users SET disabled = true WHERE user_name = ?", [EMAIL[Role.POLIS]])
    try:
        at.run()
        assert not at.metric and not at.dataframe
        assert "ingen behörighet" in _texts(at) or "inte inloggad" in _texts(at)
    finally:
        with role_store.writing() as w:
            w.execute("UPDATE users SET disabled = false WHERE user_name = ?", [EMAIL[Role.POLIS]])
