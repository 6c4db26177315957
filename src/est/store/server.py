"""The store on a PostgreSQL server: :class:`ServerStore`, the :class:`~est.store.Store` API over the server.

Chosen with ``--db postgresql://…`` (or ``EST_DB=postgresql://…``) instead of a file path. The design is in
``docs/architecture.md``:

* **writes** run in PostgreSQL's own transactions, through an in-memory DuckDB with the server ATTACHed and
  the store's schema as its search path, so the store's SQL is unchanged and writers on several machines
  commit concurrently (one write path per process, as on a file);
* **reads** run on a local DuckDB replica file (:mod:`est.store.replica`) with the file store's read path
  (sessions, shared locks between processes that share the replica). Before a read opens its connection
  (and when the cache asks for the data version), the replica is brought up to date when the server's change
  log has anything new, so a page run shows every write committed before it began, whichever process or
  machine made it. A short command reads the server directly instead (``direct``).
* **the schema** is created from the numbered migrations: a new server store gets the schema and seed
  rows of a freshly migrated DuckDB store (:func:`est.store.postgres.copy_store`), and a store made by an
  older version is upgraded in place (:mod:`est.store.upgrade`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import duckdb

from est.errors import ConcurrentWriteError, EstError
from est.store.connection import Store, _HeldReader
from est.store.cursors import Stage, Writer
from est.store.engine import ENGINE
from est.store.locks import ReadWouldWait
from est.store.postgres import CHANGES, PRUNED, attach_to_engine, copy_store, redacted_url, store_schema
from est.store.replica import ReplicaSync, sync_replica
from est.store.schema import Migration, list_migrations, pending_versions
from est.store.upgrade import upgrade_server_store

__all__ = ["REPLICA_DIR_ENV", "ServerStore", "ServerWriter", "replica_path"]

#: How many days of changes the server keeps for replicas that were not synced meanwhile.
CHANGE_LOG_DAYS = 7
#: Where replica files live (default: ``data/replicas`` under the working directory).
REPLICA_DIR_ENV = "EST_REPLICA_DIR"


def replica_path(url: str) -> Path:
    """The replica file for the server store ``url``: one per store and machine, shared by its processes."""
    folder = Path(os.environ.get(REPLICA_DIR_ENV, "").strip() or Path("data") / "replicas")
    digest = hashlib.sha256(redacted_url(url).encode()).hexdigest()[:16]
    return folder / f"replica-{digest}.duckdb"


class ServerWriter(Writer):
    """The write path on the server: the store's SQL runs unchanged; ids are drawn from the server's sequences.

    DuckDB cannot return the ids PostgreSQL's defaults give (no ``RETURNING`` into an attached table) nor see
    its sequences, so :meth:`insert` and :meth:`reserve_ids` draw them in the write's own transaction first.
    A block of consecutive ids (an import numbers its rows in file order) is reserved under a transaction-level
    advisory lock that every draw from that sequence takes, so no other writer's id lands inside the block;
    the lock is held until the write commits (a field report waits for an import under way).
    """

    _sequences: ClassVar[dict[str, str]] = {}  # table → its id sequence, the same on every server store

    def __init__(self, con: duckdb.DuckDBPyConnection, schema: str, server: str) -> None:
        super().__init__(con)
        self._schema = schema
        self._server = server  # the engine's name for the attached server

    def _server_value(self, sql: str) -> Any:
        """One value from PostgreSQL itself, in this write's transaction (``sql`` holds no user text)."""
        found = self._con.execute("SELECT * FROM postgres_query(?, ?)", [self._server, sql]).fetchone()
        return None if found is None else found[0]

    def _sequence_of(self, table: str) -> str:
        if table not in self._sequences:
            default = self._server_value(
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "  # noqa: S608 - code names
                "ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                f"WHERE d.adrelid = '{self._schema}.{table}'::regclass AND a.attname = 'id'"
            )
            found = re.search(r"nextval\('([\w.]+)'", str(default))
            if found is None:
                raise EstError(f"{table}.id has no sequence on the server", sv=f"{table}.id saknar sekvens på servern")
            self._sequences[table] = found.group(1).split(".")[-1]
        return self._sequences[table]

    def _lock(self, sequence: str) -> None:
        self._con.execute(
            "CALL postgres_execute(?, ?)",
            [self._server, f"SELECT pg_advisory_xact_lock(hashtext('{self._schema}.{sequence}'))"],
        )

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert one row with an id drawn from the table's sequence on the server; return the id."""
        sequence = self._sequence_of(table)
        if sequence in BLOCK_SEQUENCES:
            self._lock(sequence)
        new_id = int(self._server_value(f"SELECT nextval('{self._schema}.{sequence}')"))
        columns = ", ".join(["id", *values])
        marks = ", ".join("?" for _ in range(len(values) + 1))
        self.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", [new_id, *values.values()])  # noqa: S608
        return new_id

    def reserve_ids(self, sequence: str, count: int) -> int:
        """Reserve ``count`` consecutive ids of ``sequence`` under its advisory lock; return the first."""
        if sequence not in BLOCK_SEQUENCES:
            raise ValueError(f"{sequence} is not listed in BLOCK_SEQUENCES")
        self._lock(sequence)
        qualified = f"{self._schema}.{sequence}"
        last = int(self._server_value(f"SELECT setval('{qualified}', nextval('{qualified}') + {int(count)} - 1)"))
        return last - int(count) + 1


#: Sequences blocks of ids are reserved from (:meth:`ServerWriter.reserve_ids`): every draw from them locks.
BLOCK_SEQUENCES = frozenset({"incident_id_seq"})


_CONFLICTS = ("duplicate key value violates unique constraint", "could not serialize access")


def _conflict(exc: duckdb.Error) -> ConcurrentWriteError | None:
    """The error to show when ``exc`` is PostgreSQL refusing a write that met a concurrent one, else None.

    Writers on a server run at once in REPEATABLE READ transactions: two that store the same rows (one file
    imported twice at once, the same new organisation) or change the same row meet here. The unique
    constraints keep the data exact; the loser is rolled back whole and says so, and running it again
    works (an import then skips what the other stored).
    """
    if not any(c in str(exc) for c in _CONFLICTS):
        return None
    return ConcurrentWriteError(
        "another write changed the same rows at the same moment (another import of the same file or organisation, "
        "or an edit of the same row); nothing of this write was saved; run it again",
        sv="en annan skrivning ändrade samma rader i samma stund (en annan import av samma fil eller organisation, "
        "eller en ändring av samma rad); inget av den här skrivningen sparades; kör den igen",
    )


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # a failed COMMIT has ended the transaction already
        con.execute("ROLLBACK")


class ServerStore(Store):
    """The :class:`Store` API on a PostgreSQL server; ``path`` is the local replica file reads use.

    ``direct`` reads the server itself instead, with no replica: for a command that reads a little and
    exits (``est import``, ``est stats``), where copying the store first would cost more than it saves.
    """

    def __init__(
        self, url: str, *, replica: Path | None = None, direct: bool = False, lock_timeout: float = 60.0
    ) -> None:
        super().__init__(replica or replica_path(url), lock_timeout=lock_timeout)
        self.direct = direct
        self.url = url
        self.schema = store_schema(url)
        self._write_lock = threading.Lock()  # one write path per process, as on a file
        self._attach_lock = threading.Lock()
        self._reader_name: dict[str, str] = {}  # "server" → the engine's name for the read-only attachment
        weakref.finalize(self, _detach_all, self._reader_name)  # a store's pooled connections end with it
        self._pruned_at = float("-inf")
        self._synced: ReplicaSync | None = None  # this process's last sync (another may have synced since)

    def __repr__(self) -> str:
        return f"ServerStore({self.shown!r})"

    @property
    def database(self) -> str:
        """What the database rule names for this store: the server's URL."""
        return self.url

    @property
    def shown(self) -> str:
        """The server's URL without its password, for messages."""
        return redacted_url(self.url)

    # -- the server ----------------------------------------------------------------------------------

    def _reading_server(self) -> str:
        """The engine's name for this server attached read-only, for probes and direct reads (attached once).

        It stays attached while the store lives (the ``postgres`` extension pools its server connections and
        reconnects after a server restart), so a probe costs a cursor, not a new DuckDB with the extension
        loaded and the server attached (0.1–0.3 s). It is detached when the store is garbage-collected.
        """
        with self._attach_lock:
            name = self._reader_name.get("server")
            if name is None:
                name = self._reader_name["server"] = attach_to_engine(self.url, read_only=True)
            return name

    def _detach(self) -> None:
        """Detach the read-only attachment; the next probe attaches it again (with a fresh catalog)."""
        with self._attach_lock:
            _detach_all(self._reader_name)

    @contextmanager
    def _writing_server(self) -> Iterator[str]:
        """The server attached read-write for one write, under a name of its own; detached at its end.

        A write reads the server's catalog anew, so a table or column another process's upgrade added is
        there, and holds no server connection between writes; attaching costs about 10 ms with the
        ``postgres`` extension already loaded in the engine.
        """
        name = attach_to_engine(self.url)
        try:
            yield name
        finally:
            ENGINE.detach(name)

    def _probe_rows(self, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
        """A small read on the server (its own snapshot); ``sql`` names the server ``{server}``."""
        server = self._reading_server()
        cursor = ENGINE.cursor()
        try:
            return cursor.execute(sql.format(server=server), params or []).fetchall()
        except duckdb.Error as exc:
            if "permission denied" not in str(exc):
                self._detach()  # the server's connection may be what failed: attach anew next time
                raise
            raise EstError(
                f"the server refuses {self.shown} the schema {self.schema}: each kommun's role reads only its "
                "own store; check the user and schema= in the database URL",
                sv=f"servern nekar {self.shown} schemat {self.schema}: varje kommuns roll läser bara sin egen "
                "databas; kontrollera användaren och schema= i databasens URL",
            ) from None
        finally:
            cursor.close()

    def has_schema(self) -> bool:
        """Whether the server holds this EST store (its schema: ``est``, or the one the URL names)."""
        asked = f"SELECT 1 FROM pg_namespace WHERE nspname = '{self.schema}'"  # noqa: S608 - checked identifier
        found = self._probe_rows("SELECT count(*) FROM postgres_query('{server}', ?)", [asked])
        return bool(found and found[0][0])

    # -- keeping the replica current -----------------------------------------------------------------

    def _changed(self) -> bool:
        """Whether the server's change log holds a transaction the replica has not applied."""
        synced = self._synced
        if synced is None or not self.path.exists():
            return True  # first use in this process: a sync finds out (and does nothing when nothing is new)
        logged = self._probe_rows(
            f"SELECT DISTINCT txid FROM {{server}}.{self.schema}.{CHANGES} WHERE txid >= ?",  # noqa: S608 - constants
            [synced.watermark],
        )
        return any(row[0] not in synced.applied for row in logged)

    def refresh(self) -> bool:
        """Bring the replica up to date when the server changed; return whether it synced.

        Not inside a ``reading`` block of this thread (its snapshot stays as it began); a session's idle
        connection is closed first, as a write closes it.
        """
        if self._thread_reader().depth or not self._changed():
            return False
        self._sync()
        return True

    def _sync(self) -> None:
        with self._exclusive():
            self._synced = sync_replica(self.path, self.url)

    def _open_reader(self, held: _HeldReader, extensions: Sequence[str], wait: bool) -> None:
        if self.direct:
            held.con = self._server_connection(self._reading_server(), extensions)
            held.extensions = set(extensions)
            with self._count_lock:
                self.readers_opened += 1
            return
        if self._changed():  # the idle session reader is closed already: held.con is None here
            if not wait:
                raise ReadWouldWait(self.shown)  # a sync takes the replica's exclusive lock: never in a cache miss
            self._sync()
        super()._open_reader(held, extensions, wait)

    def data_version(self) -> tuple[int, int, int, int]:
        """The replica file's fingerprint, after bringing it up to date (a sync rewrites the file).

        Reading the server directly: how many changes its log holds and the newest transaction in it (a
        commit adds to the log, a prune removes from it; either changes the pair).
        """
        if self.direct:
            found = self._probe_rows(f"SELECT count(*), max(txid) FROM {{server}}.{self.schema}.{CHANGES}")  # noqa: S608
            count, newest = found[0] if found else (0, 0)
            return (int(count or 0), int(newest or 0), 0, 0)  # type: ignore[call-overload]
        self.refresh()
        return super().data_version()

    # -- writes ---------------------------------------------------------------------------------------

    @contextmanager
    def writing(
        self, *, extensions: Sequence[str] = (), stage: Callable[[Stage], None] | None = None
    ) -> Iterator[Writer]:
        """One PostgreSQL transaction for the block (rolled back on any error)."""
        self._end_idle_read()  # it may hold the replica's shared lock
        with self._write_lock, self._writing_server() as server:
            con = self._server_connection(server, extensions)
            try:
                if stage is not None:
                    stage(Stage(con))
                con.execute("BEGIN TRANSACTION")
                try:
                    yield ServerWriter(con, self.schema, server)
                    con.execute("COMMIT")
                except duckdb.Error as exc:
                    _rollback(con)
                    conflict = _conflict(exc)
                    if conflict is None:
                        raise
                    raise conflict from exc
                except BaseException:
                    _rollback(con)
                    raise
            finally:
                con.close()
        if time.monotonic() - self._pruned_at > 3600:
            self.prune_change_log()
        # the replica follows at the next read (or data_version), not here: a command that writes and exits
        # never needs it, and a page reruns after its write anyway

    def _server_connection(self, server: str, extensions: Sequence[str]) -> duckdb.DuckDBPyConnection:
        """A cursor of the engine with the store's schema on the attached ``server`` as its search path."""
        con = ENGINE.cursor(extensions)
        try:
            con.execute(f"USE {server}.{self.schema}")
        except BaseException:
            con.close()
            raise
        return con

    def prune_change_log(self, days: int = CHANGE_LOG_DAYS) -> None:
        """Drop change-log rows older than ``days`` days; a replica last synced before them copies anew.

        Run after a write at most once an hour per process, so the log stays the size of a week's changes.
        """
        s, changes, pruned = self.schema, CHANGES, PRUNED
        sql = (
            f"WITH gone AS (DELETE FROM {s}.{changes} WHERE logged_at < now() - make_interval(days => {int(days)}) "  # noqa: S608
            f"RETURNING txid) UPDATE {s}.{pruned} SET below = GREATEST(below, (SELECT max(txid) + 1 FROM gone)) "
            "WHERE EXISTS (SELECT 1 FROM gone)"
        )
        with self._writing_server() as server, contextlib.closing(ENGINE.cursor()) as con:
            con.execute("CALL postgres_execute(?, ?)", [server, sql])
        self._pruned_at = time.monotonic()

    # -- migrations -----------------------------------------------------------------------------------

    def _recorded(self) -> set[int]:
        rows = self._probe_rows(f"SELECT version FROM {{server}}.{self.schema}.schema_migrations")  # noqa: S608
        return {int(r[0]) for r in rows}  # type: ignore[call-overload]

    def schema_version(self) -> int:
        """The highest migration recorded on the server (0 when it holds no store yet)."""
        return max(self._recorded(), default=0) if self.has_schema() else 0

    def pending_migrations(self) -> list[Migration]:
        """The migrations the server's store has not recorded (all of them when it holds none)."""
        if not self.has_schema():
            return list_migrations()
        return pending_versions(self.path, self._recorded())

    def migrate(self, only: Collection[int] | None = None) -> list[int]:
        """Create the store on the server from the migrations when it holds none, else apply the pending ones.

        A server store is upgraded in place (:mod:`est.store.upgrade`), each migration in one transaction.
        ``only`` limits the migrations to those versions, as :meth:`Store.migrate`.

        Raises
        ------
        SchemaError
            When the server's store is newer than the code.
        EstError
            When a pending migration holds a change that cannot be applied in place safely.
        """
        if self.has_schema():
            recorded = self._recorded()
            pending = [m for m in pending_versions(self.path, recorded) if only is None or m.version in only]
            if not pending:
                return []  # every start of the app and every command comes here: nothing else to do
            applied = upgrade_server_store(self.url, self.schema, recorded, pending)
            self._detach()  # the read-only attachment's catalog predates the upgrade
            return applied
        with tempfile.TemporaryDirectory(prefix="est-schema-") as tmp:
            template = Store(Path(tmp) / "schema.duckdb")
            applied = template.migrate(only)
            copy_store(template, self.url)
        self._detach()  # the read-only attachment's catalog predates the new schema
        return applied


def _detach_all(names: dict[str, str]) -> None:
    """Detach every attachment ``names`` holds and forget them (errors of a broken connection are ignored)."""
    for name in list(names.values()):
        with contextlib.suppress(duckdb.Error):
            ENGINE.detach(name)
    names.clear()
