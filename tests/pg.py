"""A real PostgreSQL server for the tests, started by the test run itself (Debian's ``postgresql`` package).

``initdb`` in a temporary folder, ``pg_ctl start`` on a free loopback port with trust authentication for
local connections only, stopped at the end. The server refuses to run as root, so as root it runs as the
``postgres`` user the package creates. Never a mock: ``make test`` installs the package (``make postgres``).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from est.store import Store, open_store
from tests.browser import free_port


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL's server is not installed; run: make postgres (apt-get install postgresql)")
    return Path(found[-1]).parent


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throw-away server; yield its base URL (``postgresql://postgres@127.0.0.1:PORT``); stop it."""
    bin_dir = _bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="est-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    run = _as_server_user
    subprocess.run(
        run([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(
        run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(server: str, name: str, template: str | None = None) -> str:
    """Create the database ``name`` on ``server`` (a copy of the database ``template`` if given); its URL.

    A copy of a template is PostgreSQL copying files (about 60 ms), where filling a database with a store
    takes a second or two: the fixtures fill one template per kind of store and copy it for each test.
    """
    psql = _bin_dir() / "psql"
    sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    subprocess.run([str(psql), f"{server}/postgres", "-q", "-c", sql], check=True)
    return f"{server}/{name}"


def query(url: str, sql: str) -> list[tuple[str, ...]]:
    """Run ``sql`` with ``psql`` (no client library of our own in the way); return its rows as text."""
    psql = _bin_dir() / "psql"
    out = subprocess.run(
        [str(psql), url, "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


def on_server(
    kind: str, source: Callable[[], Store], request: pytest.FixtureRequest, folder: Path, env: pytest.MonkeyPatch
) -> Store:
    """A new database on the test server holding the store ``source()`` (kind: its name), opened as the app
    and the CLI open it, with its replica in ``folder`` (``EST_REPLICA_DIR`` set through ``env``).

    The first test of a kind copies the store into a template database (``est.store.postgres.copy_store``,
    what ``est migrate-store`` does); every test then gets a copy of that template (PostgreSQL copying files).
    """
    from est.store.postgres import copy_store

    server = request.getfixturevalue("pg_server")
    templates: dict[str, str] = request.getfixturevalue("_server_templates")
    if kind not in templates:
        template = f"template_{kind}"
        copy_store(source(), create_database(server, template))
        templates[kind] = template
    env.setenv("EST_REPLICA_DIR", str(folder / "replicas"))
    return open_store(create_database(server, f"t_{uuid.uuid4().hex[:12]}", template=templates[kind]))
