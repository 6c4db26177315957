"""Several kommuner on one PostgreSQL database, each seeing only its own store, enforced by the server.

Each kommun's app and CLI connect as the kommun's own role, and its store lives in a schema of its own
(``postgresql://ostersund@host/est?schema=ostersund``) that the role created and nobody else was granted.
The checks ask the server directly (``psql`` as the other kommun's role), not the application.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from est.store import Store, open_store
from est.store.postgres import copy_store
from est.store.server import ServerStore
from tests.errors import raised
from tests.pg import query


def _as(url: str, role: str, schema: str) -> str:
    """``url`` (the superuser's) for ``role``, naming the store in ``schema``."""
    return url.replace("postgres@", f"{role}@", 1) + f"?schema={schema}"


@pytest.fixture
def kommuner(
    demo_store: Store, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[ServerStore, ServerStore]:
    """Östersund (the demo) and Krokom (empty) in one database, each by its own role and in its own schema."""
    monkeypatch.setenv("EST_REPLICA_DIR", str(tmp_path / "replicas"))
    database = pg_url.rsplit("/", 1)[1]
    for role in ("ostersund", "krokom"):
        query(pg_url, f"DO $$ BEGIN CREATE ROLE {role} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        query(pg_url, f"GRANT CREATE ON DATABASE {database} TO {role}")
    ostersund = _as(pg_url, "ostersund", "ostersund")
    copy_store(demo_store, ostersund)
    krokom = open_store(_as(pg_url, "krokom", "krokom"))
    assert isinstance(krokom, ServerStore)
    first = open_store(ostersund)
    assert isinstance(first, ServerStore)
    return first, krokom


def test_each_kommun_reads_its_own_store(demo_store: Store, kommuner: tuple[ServerStore, ServerStore]) -> None:
    ostersund, krokom = kommuner
    assert ostersund.value("SELECT count(*) FROM incidents") == demo_store.value("SELECT count(*) FROM incidents")
    assert krokom.value("SELECT count(*) FROM incidents") == 0
    with krokom.writing() as w:
        w.insert("organisations", {"name": "Krokomsbostäder", "source_kind": "fastighetsagare"})
    assert krokom.value("SELECT count(*) FROM organisations WHERE name = 'Krokomsbostäder'") == 1
    assert ostersund.value("SELECT count(*) FROM organisations WHERE name = 'Krokomsbostäder'") == 0


def test_the_server_refuses_a_kommun_anothers_store(pg_url: str, kommuner: tuple[ServerStore, ServerStore]) -> None:
    _ostersund, krokom = kommuner
    as_krokom = krokom.url.split("?")[0]
    with pytest.raises(subprocess.CalledProcessError) as refused:
        query(as_krokom, "SELECT count(*) FROM ostersund.incidents")
    assert "permission denied for schema ostersund" in refused.value.stderr
    with pytest.raises(subprocess.CalledProcessError):
        query(as_krokom, "DELETE FROM ostersund.audit_log")
    # Krokom's role naming Östersund's schema in its URL gets nothing either: the store cannot be opened.
    error = raised(lambda: open_store(_as(pg_url, "krokom", "ostersund")).value("SELECT count(*) FROM incidents"))
    assert "the server refuses" in str(error) and "schema ostersund" in str(error)
    assert "servern nekar" in error.sv
    assert int(query(pg_url, "SELECT count(*) FROM ostersund.incidents")[0][0]) > 0  # the superuser still sees it


def test_a_schema_name_that_is_no_plain_identifier_is_refused(pg_url: str) -> None:
    error = raised(lambda: open_store(pg_url + "?schema=x;drop"))
    assert "use lower-case letters, digits and _" in str(error)
