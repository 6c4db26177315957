"""The store's connections: :class:`Store` opens the file for each read and each write, under the file locks.

See :mod:`est.store` for the connection lifetime. This module owns :class:`Store` (``reading``, ``writing``,
``migrate``); a read opens its own read-only connection, a write attaches the file to the process's engine
(:mod:`est.store.engine`, where extensions stay loaded) for its one transaction.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from est.errors import SchemaError
from est.periods import TIMEZONE
from est.store.cursors import Params, Reader, Stage, Writer
from est.store.engine import _CONFIG, ENGINE, extension_path, open_error
from est.store.locks import FileLock, ReadWouldWait
from est.store.schema import Migration, list_migrations, pending_versions, recorded_versions

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Store", "extension_path"]


class _HeldReader:
    """One thread's open read connection and its shared lock, reused by nested reads and a session."""

    def __init__(self) -> None:
        self.con: duckdb.DuckDBPyConnection | None = None
        self.lock: FileLock | None = None
        self.extensions: set[str] = set()
        self.depth = 0  # ``reading`` blocks under way on the connection
        self.kept = False  # a ``session`` keeps the connection open between reads

    def close(self) -> None:
        """Close the connection, then give the lock back (nothing happens when none is open)."""
        con, lock = self.con, self.lock
        self.con, self.lock, self.extensions = None, None, set()
        try:
            if con is not None:
                con.close()
        finally:
            if lock is not None:
                lock.release()


class Store:
    """The EST database: one per process and database path.

    Parameters
    ----------
    path
        The DuckDB file. Its folder is created when missing.
    lock_timeout
        Seconds a read or write waits for another process before :class:`DatabaseBusyError`.

    Examples
    --------
    >>> store = open_store("data/est.duckdb")  # doctest: +SKIP
    >>> store.value("SELECT count(*) FROM incidents")  # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._gate_path = self.path.with_name(self.path.name + ".gate")
        self._local = threading.local()  # each thread's open reader (see ``session``)
        self._count_lock = threading.Lock()
        #: How many read connections this store has opened (each one took the shared lock once).
        self.readers_opened = 0

    @property
    def database(self) -> str:
        """What the database rule names for this store (``--db`` / ``EST_DB``): the file's path here."""
        return str(self.path)

    # -- connections -------------------------------------------------------------------------------

    def _connect_reader(self, extensions: Sequence[str]) -> duckdb.DuckDBPyConnection:
        """A read-only connection of its own to the file, in the store's time zone, with ``extensions`` loaded.

        Closed again when any of it fails, so no half-made connection is left open.
        """
        try:
            con = duckdb.connect(str(self.path), read_only=True, config=dict(_CONFIG))
        except duckdb.Error as exc:
            raise open_error(self.path, exc) from exc
        try:
            con.execute(f"SET TimeZone = '{TIMEZONE}'")
            for name in extensions:
                con.execute(f"LOAD '{extension_path(name)}'")
        except BaseException:
            con.close()
            raise
        return con

    @contextmanager
    def reading(self, *, extensions: Sequence[str] = (), wait: bool = True) -> Iterator[Reader]:
        """Open a read-only connection for the block (shared with other readers, in any process).

        A ``reading`` block inside another one, or inside :meth:`session`, in the same thread uses the
        connection (and the shared lock) already open instead of taking the lock again.

        Parameters
        ----------
        extensions
            DuckDB extensions to load from their PyPI packages (``"spatial"``, ``"excel"``).
        wait
            When false and this thread has no connection open yet, raise :class:`ReadWouldWait` at once
            instead of waiting when the lock is taken (a caller holding another lock waits outside it).
        """
        held = self._thread_reader()
        if held.con is None:
            self._open_reader(held, extensions, wait)
        else:
            for name in extensions:
                if name not in held.extensions:
                    held.con.execute(f"LOAD '{extension_path(name)}'")
                    held.extensions.add(name)
        assert held.con is not None
        held.depth += 1
        try:
            yield Reader(held.con)
        finally:
            held.depth -= 1
            if held.depth == 0 and not held.kept:
                held.close()

    @contextmanager
    def session(self) -> Iterator[None]:
        """Keep this thread's read connection, once a read opens it, until the block ends.

        Every read of the block shares one connection and one shared lock: the app wraps each page run in
        it (``est.ui.page_read_session``), so a writer in another process gets in between page runs rather
        than between a page's reads, and a page waits behind at most one write. Nothing is opened until the
        first read. A write in the same thread (:meth:`writing`) first closes the connection (our own shared
        lock would otherwise block it) and the next read opens it again. A nested ``session`` changes nothing.
        """
        held = self._thread_reader()
        if held.kept:
            yield
            return
        held.kept = True
        try:
            yield
        finally:
            held.kept = False
            if held.depth == 0:
                held.close()

    def _thread_reader(self) -> _HeldReader:
        held: _HeldReader | None = getattr(self._local, "reader", None)
        if held is None:
            held = self._local.reader = _HeldReader()
        return held

    def _open_reader(self, held: _HeldReader, extensions: Sequence[str], wait: bool) -> None:
        if not self.path.exists():
            raise SchemaError(
                f"no database at {self.path}; create it with: est init --db {self.path}",
                sv=f"det finns ingen databas på {self.path}; skapa den med: est init --db {self.path}",
            )
        gate = FileLock(self._gate_path)
        data = FileLock(self._lock_path)
        if wait:
            gate.acquire(False, self.lock_timeout, "gate")
            try:
                data.acquire(False, self.lock_timeout, str(self.path))
            finally:
                gate.release()
        else:
            if not gate.try_acquire(False):
                raise ReadWouldWait(str(self.path))
            try:
                taken = data.try_acquire(False)
            finally:
                gate.release()
            if not taken:
                raise ReadWouldWait(str(self.path))
        try:
            held.con = self._connect_reader(extensions)
        except BaseException:
            data.release()
            raise
        held.lock = data
        held.extensions = set(extensions)
        with self._count_lock:
            self.readers_opened += 1

    @contextmanager
    def writing(
        self, *, extensions: Sequence[str] = (), stage: Callable[[Stage], None] | None = None
    ) -> Iterator[Writer]:
        """Open the write path for the block: exclusive lock, one transaction, rollback on any error.

        Parameters
        ----------
        extensions
            DuckDB extensions to load from their PyPI packages.
        stage
            Called with the connection under the lock but before the transaction begins, to build
            temporary tables the block reads (see :class:`Stage`); an error in it writes nothing.
        """
        with self._exclusive(), ENGINE.file(self.path, extensions) as con:
            if stage is not None:
                stage(Stage(con))
            con.execute("BEGIN TRANSACTION")
            try:
                yield Writer(con)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _end_idle_read(self) -> None:
        """Before a write: close this thread's idle session reader, refusing inside a ``reading`` block.

        flock on a second descriptor would wait for the thread's own shared lock.
        """
        held = self._thread_reader()
        if held.depth:
            raise RuntimeError("a write cannot start inside a `reading` block of the same thread: end the read first")
        held.close()

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Hold the file's exclusive lock for the block (through the gate, so readers cannot starve it)."""
        self._end_idle_read()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        gate = FileLock(self._gate_path)
        data = FileLock(self._lock_path)
        gate.acquire(True, self.lock_timeout, "gate")
        try:
            data.acquire(True, self.lock_timeout, str(self.path))
        finally:
            gate.release()
        try:
            yield
        finally:
            data.release()

    # -- one-shot reads -----------------------------------------------------------------------------

    def df(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Run one read query in its own connection and return a DataFrame."""
        with self.reading() as r:
            return r.df(sql, params)

    def rows(self, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
        """Run one read query in its own connection and return all rows."""
        with self.reading() as r:
            return r.rows(sql, params)

    def value(self, sql: str, params: Params = None) -> Any:
        """Run one read query in its own connection and return its first value."""
        with self.reading() as r:
            return r.value(sql, params)

    def data_version(self) -> tuple[int, int, int, int]:
        """Return a cheap fingerprint that changes whenever any process commits a write.

        It reads only file metadata (no lock, no connection), so cached queries can use it as a key.
        """
        parts: list[int] = []
        for candidate in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = candidate.stat()
                parts.extend((st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                parts.extend((0, 0))
        return (parts[0], parts[1], parts[2], parts[3])

    # -- migrations ---------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """Return the highest migration recorded in the database (0 for a new file)."""
        if not self.path.exists():
            return 0
        with self.reading() as r:
            return max(recorded_versions(r), default=0)

    def pending_migrations(self) -> list[Migration]:
        """Return the migrations not yet applied (a read-only check), in order.

        A migration is pending when its version is not recorded, whatever the highest recorded version is,
        so a migration numbered below one that is already applied (work merged from a parallel branch) is
        still applied.

        Raises
        ------
        SchemaError
            When the database was written by a newer version of EST Lägesbild (it records a migration
            this code does not ship).
        """
        recorded: set[int] = set()
        if self.path.exists():
            with self.reading() as r:
                recorded = recorded_versions(r)
        return pending_versions(self.path, recorded)

    def migrate(self, only: Collection[int] | None = None) -> list[int]:
        """Apply pending migrations in order, each in one transaction with its record.

        ``only`` limits them to those versions (a store as an older version left it: the template an upgrade
        of a server store starts from, :mod:`est.store.upgrade`).

        Returns
        -------
        list of int
            The versions applied now; empty when the database was up to date (nothing is written then).
        """
        if self.path.exists() and not self.pending_migrations():
            return []
        applied: list[int] = []
        for migration in list_migrations():
            if only is not None and migration.version not in only:
                continue
            with self.writing() as w:
                recorded = recorded_versions(w)
                if migration.version in recorded:
                    continue
                pending_versions(self.path, recorded)  # raises for a newer schema before anything is written
                w.execute(migration.sql)
                w.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    [migration.version, migration.name],
                )
                applied.append(migration.version)
        return applied
