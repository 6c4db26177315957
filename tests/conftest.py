"""Shared fixtures: real DuckDB files, the real Streamlit app (AppTest) and a real browser (Chromium).

Fixtures (compose them; each test gets its own database file):

* ``empty_store``: a fresh, migrated, empty database (``Store``). In a module marked ``server_too`` (the
  store, import, analysis, meeting and access tests) every test using it or ``demo_store`` runs twice: on a
  DuckDB file and on the test PostgreSQL server (``store_backend`` is ``file`` or ``server``; see
  ``--store-backend``).
* ``demo_store``: a copy of a small demo database (3,000 incidents, generated once per session).
* ``empty_template``: the migrated empty store that ``empty_store`` copies (made once per test process).
* ``app_test(store, page=None, query=None, user=None)``: an ``AppTest`` of the real ``app.py`` on that
  database, switched to ``pages/<page>.py`` and with URL query parameters set, not yet run.
* ``app_server(store, extra_env=None)``: a context manager that serves the real app with ``streamlit run``
  on a free loopback port and yields its base URL.
* ``demo_app()`` / ``world_app(build)``: the same for tests that only read: one served app per test process
  on the demo, or on an empty store filled by ``build``, shared by the tests that ask for it.
* ``pg_server`` / ``pg_url``: a real PostgreSQL server started by this test process (``tests/pg.py``), and a
  new empty database on it per test.
* ``server_store``: the demo copied into a new database on that server, opened as a server store.
* ``browser``: a page in a new context of the test process's Chromium (Debian's chromium, driven by Playwright,
  started once) that records every request in ``browser.requests`` and console errors in
  ``browser.console_errors``; see ``tests/browser.py``.

The ``est`` command runs in the test's own process through ``tests.cli.est`` (``est_process`` for what only a
separate process shows).
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from est.demo.generate import generate_demo
from est.store import Store, open_store
from tests.pg import on_server

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# Sample files the tests read, copied into the repository (sources and licences in tests/data/SOURCES.md).
# Nothing in the project reads a folder beside the clone: a clone from a public host has nothing there.
TEST_DATA = PROJECT_ROOT / "tests" / "data"
POLICE_SAMPLE = TEST_DATA / "polisen" / "events.json"
# The SCB kommun boundaries ship with the app; tests read the shipped copy.
KOMMUN_FILE = PROJECT_ROOT / "src" / "est" / "resources" / "kommuner.geojson"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A real PostgreSQL server for this test process (``tests/pg.py``); its base URL."""
    from tests.pg import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A new, empty database on the test PostgreSQL server; its URL."""
    from tests.pg import create_database

    return create_database(pg_server, f"t_{uuid.uuid4().hex[:12]}")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--store-backend",
        choices=("both", "file", "server"),
        default="both",
        help="where the tests' stores (empty_store, demo_store) live: 'both' (default) runs every test of a "
        "module marked server_too twice, on a DuckDB file and on the test PostgreSQL server (est.store.server), "
        "and the others on a file; 'file' or 'server' runs every test once, on that backend",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """With ``--store-backend both``, run a server_too test on each backend (ids ``[file]`` and ``[server]``).

    Tests of the DuckDB file itself (``file_store``) and real-browser tests stay on the file.
    """
    if "store_backend" not in metafunc.fixturenames or metafunc.config.getoption("--store-backend") != "both":
        return
    marks = {mark.name for mark in metafunc.definition.iter_markers()}
    if "server_too" in marks and not marks & {"file_store", "browser"}:
        metafunc.parametrize("store_backend", ["file", "server"], indirect=True, scope="module")


@pytest.fixture(scope="session")
def store_backend(request: pytest.FixtureRequest) -> str:
    """The backend of this test's ``empty_store`` / ``demo_store``: ``file`` or ``server``."""
    chosen = getattr(request, "param", None) or str(request.config.getoption("--store-backend"))
    return "file" if chosen == "both" else chosen


@pytest.fixture(scope="session")
def _server_templates(pg_server: str) -> dict[str, str]:
    """Template databases on the test server, one per kind of store, filled at first use (``tests.pg.on_server``)."""
    return {}


@pytest.fixture
def server_store(_demo_template: Path, request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """The demo on a new database on the test server, whatever ``--store-backend`` says (replica: the test folder)."""
    return _demo_on_server(_demo_template, request, tmp_path)


def _demo_on_server(demo: Path, request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    env = request.getfixturevalue("monkeypatch")
    return on_server("demo", lambda: open_store(demo), request, tmp_path, env)  # the template is only read


def copy_of(template: Path, target: Path) -> Store:
    """A copy of the store file ``template`` at ``target``, opened."""
    shutil.copy(template, target)
    return open_store(target)


@pytest.fixture
def empty_store(tmp_path: Path, request: pytest.FixtureRequest, empty_template: Path, store_backend: str) -> Store:
    if store_backend == "server":
        env = request.getfixturevalue("monkeypatch")
        return on_server("empty", lambda: open_store(empty_template), request, tmp_path, env)  # only read
    return copy_of(empty_template, tmp_path / "est.duckdb")


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new store with every migration applied, made once per test process: a test's empty store is a copy
    of it (migrating a new file takes ~0.4 s, copying it ~20 ms; the migrations themselves are tested in
    test_store.py on new files)."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    open_store(path)
    return path


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    generate_demo(open_store(path), rows=3000, seed=7, today=date.today())
    return path


@pytest.fixture
def demo_store(tmp_path: Path, _demo_template: Path, request: pytest.FixtureRequest, store_backend: str) -> Store:
    if store_backend == "server":
        return _demo_on_server(_demo_template, request, tmp_path)
    return copy_of(_demo_template, tmp_path / "demo.duckdb")


@pytest.fixture(scope="session", autouse=True)
def _components_scanned_once() -> Iterator[None]:
    """Every new ``AppTest`` scans all installed packages for Streamlit components (~0.3 s of parsing package
    metadata each, the largest single cost of a short AppTest test); ``streamlit run`` does it once at start.
    The packages do not change during a test run, so the first scan's result serves every AppTest of the
    process (the same components are registered; only the repeated scan goes)."""
    from streamlit.components.v2 import manifest_scanner

    scanned = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda max_workers=None: list(scanned))
        yield


@pytest.fixture
def app_test(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    from streamlit.testing.v1 import AppTest

    def make(
        store: Store,
        page: str | None = None,
        query: dict[str, str | list[str]] | None = None,
        user: dict[str, Any] | None = None,
    ) -> AppTest:
        monkeypatch.setenv("EST_DB", store.database)
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
        if page:
            at.switch_page(f"pages/{page}.py")
        for key, value in (query or {}).items():
            at.query_params[key] = value
        if user is not None:
            at.user = user  # type: ignore[misc]
        return at

    return make


@pytest.fixture
def app_server() -> Callable[..., Any]:
    from tests.browser import serve_app

    return serve_app


class _SharedApps:
    """Served apps kept for the whole test process: one per template and world, started at first use."""

    def __init__(self, stack: contextlib.ExitStack, folders: pytest.TempPathFactory) -> None:
        self._stack = stack
        self._folders = folders
        self._served: dict[tuple[Path, Callable[[Store], None] | None], str] = {}

    def serve(self, template: Path, build: Callable[[Store], None] | None = None) -> contextlib.nullcontext[str]:
        """The base URL of the app served on a copy of ``template`` filled by ``build`` (a ``with`` context)."""
        from tests.browser import serve_app

        key = (template, build)
        if key not in self._served:
            store = copy_of(template, self._folders.mktemp("shared-app") / template.name)
            if build is not None:
                build(store)
            self._served[key] = self._stack.enter_context(serve_app(store))
        return contextlib.nullcontext(self._served[key])


@pytest.fixture(scope="session")
def _shared_apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_SharedApps]:
    with contextlib.ExitStack() as stack:
        yield _SharedApps(stack, tmp_path_factory)


@pytest.fixture(scope="session")
def demo_app(_demo_template: Path, _shared_apps: _SharedApps) -> Callable[[], Any]:
    """One served app on a copy of the demo per test process, for the browser tests that only read it.

    Starting a served app and drawing its first page costs ~4 CPU-seconds; the read-only tests share one.
    Used as ``with demo_app() as base:``, like ``app_server(demo_store)``; a test that writes, or needs a
    fresh server (a first request, its own settings), serves its own store instead.
    """
    return lambda: _shared_apps.serve(_demo_template)


@pytest.fixture(scope="session")
def world_app(empty_template: Path, _shared_apps: _SharedApps) -> Callable[[Callable[[Store], None]], Any]:
    """One served app per world per test process, for browser tests that only read that world.

    A world is a module-level function that fills an empty store; ``with world_app(build) as base:`` serves
    it, started by the first test that asks for it and shared by the others (like :func:`demo_app`).
    """
    return lambda build: _shared_apps.serve(empty_template, build)


@pytest.fixture(scope="session", autouse=True)
def _chromium_stopped_at_the_end() -> Iterator[None]:
    """Stop the test process's Chromium (``tests.browser.CHROMIUM``, started by the first browser test) at the end."""
    yield
    from tests.browser import CHROMIUM

    CHROMIUM.close()


@pytest.fixture
def browser() -> Iterator[Any]:
    from tests.browser import open_browser

    with open_browser() as page:
        yield page
