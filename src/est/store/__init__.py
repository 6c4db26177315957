"""The one module that talks to DuckDB: connections, locking, migrations and the write path.

Who calls it: every domain module (ingest, areas, analysis, …) through :class:`Store`, the app through one
cached ``Store`` per process (``est.ui``), the CLI through :func:`open_store`.

Connection lifetime. DuckDB lets only one process hold a database file open for writing, and while it
does, no other process can open it at all. The app (serving the meeting screen) and the CLI (a nightly
``est import`` from cron) must share the file, so no process keeps it open: every read and every write
opens a connection for just that call and closes it afterwards (about 10 ms). Two lock files beside the
database coordinate processes and threads:

* ``<db>.lock``: readers hold it shared and open DuckDB read-only (many at once); a writer holds it
  exclusively and opens DuckDB read-write.
* ``<db>.gate``: a writer holds it exclusively while waiting, so a stream of new readers cannot starve it.

A caller that cannot get the lock within ``lock_timeout`` seconds gets a :class:`DatabaseBusyError` that
says so; the app shows it and retries on the next rerun.

Writes go through :meth:`Store.writing` only: one connection, one transaction, rolled back on any error,
so a failed or killed import leaves no trace. Before the transaction begins, a ``stage`` callback may
build temporary tables on that connection (:class:`Stage`, which refuses anything that could change the
file): DuckDB reads a temporary table made inside a transaction back on one thread only. Values are
always bound as parameters; identifiers come only from code constants.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from est.errors import DatabaseBusyError, EstError, SchemaError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["Migration", "Reader", "Stage", "Store", "Writer", "extension_path", "list_migrations", "open_store"]

TIMEZONE = "Europe/Stockholm"
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
_AUDIT_REWRITE = re.compile(
    r"\b(UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?|DROP\s+TABLE(\s+IF\s+EXISTS)?|ALTER\s+TABLE)"
    r"\s+(\w+\.)?\"?audit_log\b",
    re.IGNORECASE,
)
_POLL_SECONDS = 0.05

Params = Sequence[Any] | dict[str, Any] | None


@dataclass(frozen=True)
class Migration:
    """One numbered SQL migration shipped in ``est/store/migrations``."""

    version: int
    name: str
    sql: str


def list_migrations() -> list[Migration]:
    """Return the migrations shipped with the code, in order.

    Returns
    -------
    list of Migration
        Sorted by version; file names are ``NNN_name.sql``.
    """
    found: list[Migration] = []
    for entry in resources.files("est.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise SchemaError(
            f"two migrations share a version number: {versions}",
            sv=f"två migreringar har samma versionsnummer: {versions}",
        )
    return found


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


def _refuse_audit_rewrite(sql: str) -> None:
    """The audit log is append-only: no code path may update, delete or drop its rows (DuckDB has no triggers)."""
    if _AUDIT_REWRITE.search(sql):
        raise EstError(
            "the audit log is append-only: entries cannot be updated or deleted",
            sv="granskningsloggen går bara att lägga till i: poster kan inte ändras eller tas bort",
        )


class Reader:
    """A read-only view of the database for the duration of one ``with store.reading()`` block."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def _run(self, sql: str, params: Params) -> duckdb.DuckDBPyConnection:
        return self._con.execute(sql, params)

    def df(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Run a query and return a pandas DataFrame."""
        return self._run(sql, params).df()

    def arrow(self, sql: str, params: Params = None) -> pa.Table:
        """Run a query and return a pyarrow Table."""
        return self._run(sql, params).to_arrow_table()

    def rows(self, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
        """Run a query and return all rows as tuples."""
        return self._run(sql, params).fetchall()

    def row(self, sql: str, params: Params = None) -> tuple[Any, ...] | None:
        """Run a query and return its first row, or None."""
        return self._run(sql, params).fetchone()

    def value(self, sql: str, params: Params = None) -> Any:
        """Run a query and return the first column of the first row, or None."""
        found = self._run(sql, params).fetchone()
        return None if found is None else found[0]

    def register(self, name: str, data: object) -> None:
        """Make a DataFrame or Arrow table queryable as ``name`` inside this block."""
        self._con.register(name, data)


class Writer(Reader):
    """The write path: one connection and one transaction for one ``with store.writing()`` block.

    Every statement on it, through any method, passes :func:`_refuse_audit_rewrite` (a read-only
    connection cannot change the audit log anyway, so readers skip the check).
    """

    def _run(self, sql: str, params: Params) -> duckdb.DuckDBPyConnection:
        _refuse_audit_rewrite(sql)
        return self._con.execute(sql, params)

    def execute(self, sql: str, params: Params = None) -> None:
        """Run one statement with bound parameters."""
        self._run(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each parameter row."""
        _refuse_audit_rewrite(sql)
        if rows:
            self._con.executemany(sql, rows)

    def changed(self, sql: str, params: Params = None) -> int:
        """Run a statement and return the number of rows it inserted, updated or deleted."""
        found = self._run(sql, params).fetchone()
        return 0 if found is None else int(found[0])


_TEMPORARY_OBJECT = re.compile(r"^\s*CREATE\s+(OR\s+REPLACE\s+)?TEMP(ORARY)?\s+(TABLE|VIEW)\b", re.IGNORECASE)


class Stage(Reader):
    """The write connection before its transaction: reads and temporary tables, nothing else.

    DuckDB scans a temporary table that was created inside a transaction on one thread only, so a large
    one that the transaction will read (an import's parsed file) is created here, before it begins.
    Temporary tables and views are the connection's own and never reach the database file; anything
    that could change the file is refused, so the transaction stays the only write path.
    """

    def _run(self, sql: str, params: Params) -> duckdb.DuckDBPyConnection:
        for statement in duckdb.extract_statements(sql):
            kind = statement.type
            if kind not in (duckdb.StatementType.SELECT, duckdb.StatementType.SET) and not (
                kind == duckdb.StatementType.CREATE and _TEMPORARY_OBJECT.match(statement.query)
            ):
                raise EstError(
                    f"only reads and temporary tables before the write transaction, not: {sql[:60]}",
                    sv=f"före skrivtransaktionen bara läsningar och temporära tabeller, inte: {sql[:60]}",
                )
        return self._con.execute(sql, params)

    def execute(self, sql: str, params: Params = None) -> None:
        """Run one statement with bound parameters (a read, a ``SET`` or a temporary table or view)."""
        self._run(sql, params)


class _FileLock:
    """A cross-process (and cross-thread) ``flock`` on a sidecar file, with a timeout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, exclusive: bool, timeout: float, what: str) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o660)
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, mode)
                self._fd = fd
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise DatabaseBusyError(
                        f"the database {what} is busy: another process (for example an `est import`) has "
                        f"held it for more than {timeout:.0f} s; try again when it has finished",
                        sv=f"databasen {what} är upptagen: en annan process (till exempel en `est import`) har "
                        f"hållit den i mer än {timeout:.0f} s; försök igen när den är klar",
                    ) from None
                time.sleep(_POLL_SECONDS)

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


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
        gate = _FileLock(self._gate_path)
        data = _FileLock(self._lock_path)
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
        gate = _FileLock(self._gate_path)
        data = _FileLock(self._lock_path)
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
            return max(_recorded_versions(r), default=0)

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
                recorded = _recorded_versions(r)
        return _pending(self.path, recorded)

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
                recorded = _recorded_versions(w)
                if migration.version in recorded:
                    continue
                _pending(self.path, recorded)  # raises for a newer schema before anything is written
                w.execute(migration.sql)
                w.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    [migration.version, migration.name],
                )
                applied.append(migration.version)
        return applied


def _pending(path: Path, recorded: set[int]) -> list[Migration]:
    known = list_migrations()
    unknown = sorted(recorded - {m.version for m in known})
    if unknown:
        newest = known[-1].version if known else 0
        raise SchemaError(
            f"the database {path} has schema version {max(recorded)}, newer than this EST Lägesbild knows "
            f"(up to {newest}; unknown migrations {unknown}); upgrade EST Lägesbild, or use a backup made for "
            "this version",
            sv=f"databasen {path} har schemaversion {max(recorded)}, nyare än vad den här versionen av "
            f"EST Lägesbild känner till (upp till {newest}; okända migreringar {unknown}); uppgradera "
            "EST Lägesbild, eller använd en säkerhetskopia gjord för den här versionen",
        )
    return [m for m in known if m.version not in recorded]


def _recorded_versions(reader: Reader) -> set[int]:
    has_table = reader.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'")
    if not has_table:
        if isinstance(reader, Writer):
            reader.execute(
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
            )
        return set()
    return {int(row[0]) for row in reader.rows("SELECT version FROM schema_migrations")}


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
