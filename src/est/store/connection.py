"""The store's connections: :class:`Store` opens one DuckDB connection per call, under the file locks.

See :mod:`est.store` for the connection lifetime. This module owns :class:`Store` (``reading``, ``writing``,
``migrate``), :func:`open_store` and :func:`extension_path` (the DuckDB extensions shipped on PyPI).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from est.errors import DatabaseBusyError, EstError, SchemaError
from est.periods import TIMEZONE
from est.store.cursors import Params, Reader, Stage, Writer
from est.store.locks import FileLock
from est.store.schema import Migration, list_migrations, pending_versions, recorded_versions

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Store", "extension_path", "open_store"]

_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def extension_path(name: str) -> Path:
    """Return the path of a DuckDB extension shipped as a PyPI package (``duckdb-extension-<name>``).

    Raises
    ------
    EstError
        When the package is not installed, with the command that installs it.
    """
    package = f"duckdb_extension_{name}"
    try:
        root = resources.files(package)
    except ModuleNotFoundError as exc:
        raise EstError(
            f"DuckDB extension '{name}' is not installed; run: pip install duckdb-extension-{name}=="
            f"{duckdb.__version__}",
            sv=f"DuckDB-tillägget '{name}' är inte installerat; kör: pip install duckdb-extension-{name}=="
            f"{duckdb.__version__}",
        ) from exc
    path = Path(str(root)) / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.exists():
        raise EstError(
            f"DuckDB extension file not found at {path}; install duckdb-extension-{name}=={duckdb.__version__}",
            sv=f"filen för DuckDB-tillägget finns inte på {path}; installera "
            f"duckdb-extension-{name}=={duckdb.__version__}",
        )
    return path


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

    # -- connections -------------------------------------------------------------------------------

    def _connect(self, read_only: bool, extensions: Sequence[str]) -> duckdb.DuckDBPyConnection:
        try:
            con = duckdb.connect(str(self.path), read_only=read_only, config=dict(_CONFIG))
        except duckdb.IOException as exc:
            raise DatabaseBusyError(
                f"cannot open {self.path}: {exc}. Another program holds the file open; close it "
                "(an interactive duckdb shell, for example) and try again",
                sv=f"kan inte öppna {self.path}: {exc}. Ett annat program har filen öppen; stäng det "
                "(till exempel ett interaktivt duckdb-skal) och försök igen",
            ) from exc
        except duckdb.Error as exc:
            raise EstError(
                f"cannot open {self.path} as a DuckDB database: {exc}",
                sv=f"kan inte öppna {self.path} som en DuckDB-databas: {exc}",
            ) from exc
        try:
            con.execute(f"SET TimeZone = '{TIMEZONE}'")
            for name in extensions:
                con.execute(f"LOAD '{extension_path(name)}'")
        except BaseException:
            con.close()
            raise
        return con

    @contextmanager
    def reading(self, *, extensions: Sequence[str] = ()) -> Iterator[Reader]:
        """Open a read-only connection for the block (shared with other readers, in any process).

        Parameters
        ----------
        extensions
            DuckDB extensions to load from their PyPI packages (``"spatial"``, ``"excel"``).
        """
        if not self.path.exists():
            raise SchemaError(
                f"no database at {self.path}; create it with: est init --db {self.path}",
                sv=f"det finns ingen databas på {self.path}; skapa den med: est init --db {self.path}",
            )
        gate = FileLock(self._gate_path)
        data = FileLock(self._lock_path)
        gate.acquire(False, self.lock_timeout, "gate")
        try:
            data.acquire(False, self.lock_timeout, str(self.path))
        finally:
            gate.release()
        try:
            con = self._connect(True, extensions)
            try:
                yield Reader(con)
            finally:
                con.close()
        finally:
            data.release()

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        gate = FileLock(self._gate_path)
        data = FileLock(self._lock_path)
        gate.acquire(True, self.lock_timeout, "gate")
        try:
            data.acquire(True, self.lock_timeout, str(self.path))
        finally:
            gate.release()
        try:
            con = self._connect(False, extensions)
            try:
                if stage is not None:
                    stage(Stage(con))
                con.execute("BEGIN TRANSACTION")
                try:
                    yield Writer(con)
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
            finally:
                con.close()
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

    def migrate(self) -> list[int]:
        """Apply pending migrations in order, each in one transaction with its record.

        Returns
        -------
        list of int
            The versions applied now; empty when the database was up to date (nothing is written then).
        """
        if self.path.exists() and not self.pending_migrations():
            return []
        applied: list[int] = []
        for migration in list_migrations():
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


def open_store(path: str | os.PathLike[str], *, migrate: bool = True, lock_timeout: float = 60.0) -> Store:
    """Return a :class:`Store` for ``path``, creating and migrating the file when ``migrate`` is true.

    Raises
    ------
    SchemaError
        When the file's schema is newer than the code.
    """
    store = Store(path, lock_timeout=lock_timeout)
    if migrate:
        store.migrate()
    else:
        store.pending_migrations()
    return store
