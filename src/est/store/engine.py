"""The process's one DuckDB engine: an in-memory DuckDB that loads each extension once and attaches stores.

Why: loading DuckDB's ``spatial`` extension into a new connection takes 0.15–0.25 s and ``postgres`` about
0.1 s (the extensions' own initialisation; the file is cached), where opening a store file takes 15 ms.
A write that opened its own DuckDB for each transaction paid that every time: a field report saved from a
phone, an area file, every write to a server store. Here one in-memory DuckDB per process keeps what it
loaded, and a write gets a cursor of it (its own connection: its own transaction, temporary tables and
search path) with its store attached:

* a store **file** is attached for one write and detached at its end (:meth:`Engine.file`), which closes the
  file and releases DuckDB's lock on it, as closing a connection did: the CLI can still write while the app
  serves (see :mod:`est.store`);
* a **server** store is attached for each write, and once, read-only, for its probes and direct reads, which
  then share the ``postgres`` extension's pool of server connections
  (:func:`est.store.postgres.attach_to_engine`).

Each attachment gets a name of its own (``est_1``, ``est_2``…), so several stores live in one process
(the tests, a supplier hosting several kommuner) without meeting.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from est.errors import DatabaseBusyError, EstError
from est.periods import TIMEZONE

__all__ = [
    "ENGINE",
    "MEMORY_LIMIT",
    "NEW_FILE_STORAGE_VERSION",
    "Engine",
    "attach_literal",
    "extension_path",
    "open_error",
]

#: No extension is ever installed or loaded behind the store's back (there is no network; see stack notes).
_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}

#: The engine's buffer limit: beyond it DuckDB spills to disk instead of growing (an import of 10M rows then
#: peaks at about 1.2 GB of memory). Settings are the engine's, not a write's: a ``SET`` would outlive it.
MEMORY_LIMIT = "640MB"

#: The storage format of a store file this process creates: the newest the pinned DuckDB writes. Such a file
#: opens only in this DuckDB version or a later one (``duckdb_databases()`` shows a file's format in ``tags``).
NEW_FILE_STORAGE_VERSION = "latest"


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


def attach_literal(value: str) -> str:
    """``value`` as an SQL string literal: ATTACH takes no bound parameters, so quotes are doubled here."""
    return "'" + value.replace("'", "''") + "'"


def open_error(path: Path, exc: duckdb.Error) -> EstError:
    """The error to show when DuckDB cannot open the store file ``path``: busy elsewhere, or not a database."""
    if isinstance(exc, duckdb.IOException):
        return DatabaseBusyError(
            f"cannot open {path}: {exc}. Another program holds the file open; close it "
            "(an interactive duckdb shell, for example) and try again",
            sv=f"kan inte öppna {path}: {exc}. Ett annat program har filen öppen; stäng det "
            "(till exempel ett interaktivt duckdb-skal) och försök igen",
        )
    return EstError(
        f"cannot open {path} as a DuckDB database: {exc}",
        sv=f"kan inte öppna {path} som en DuckDB-databas: {exc}",
    )


class Engine:
    """An in-memory DuckDB made at first use; cursors of it, extensions loaded once, stores attached by name."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._loaded: set[str] = set()
        self._names = itertools.count(1)

    def cursor(self, extensions: Sequence[str] = ()) -> duckdb.DuckDBPyConnection:
        """A new connection to the engine (the caller closes it), with ``extensions`` loaded and the store's zone."""
        with self._lock:
            con = self._instance()
            for name in extensions:
                if name not in self._loaded:
                    con.execute(f"LOAD '{extension_path(name)}'")
                    self._loaded.add(name)
            cursor = con.cursor()
        try:
            cursor.execute(f"SET TimeZone = '{TIMEZONE}'")
        except BaseException:
            cursor.close()
            raise
        return cursor

    def _instance(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            # an in-memory DuckDB spills to the working directory unless told otherwise
            spill = Path(tempfile.gettempdir()) / f"est-duckdb-{os.getpid()}"
            config = {**_CONFIG, "temp_directory": str(spill), "memory_limit": MEMORY_LIMIT}
            self._con = duckdb.connect(config=config)
        return self._con

    def new_name(self) -> str:
        """A name no attachment of this process has had."""
        return f"est_{next(self._names)}"

    def detach(self, name: str) -> None:
        """DETACH ``name``; for a file, this closes it and releases DuckDB's lock on it."""
        with self._lock:
            self._instance().execute(f"DETACH DATABASE IF EXISTS {name}")

    @contextmanager
    def file(self, path: Path, extensions: Sequence[str] = ()) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor with the store file ``path`` attached read-write as its default database, for one block.

        The file is detached when the block ends, whatever happens in it: the cursor is closed first (which
        ends a transaction left open), so nothing of this process holds the file afterwards.

        Raises
        ------
        DatabaseBusyError
            When another program holds the file.
        EstError
            When the file is not a DuckDB database.
        """
        name = self.new_name()
        # a new file gets this DuckDB's newest storage format (its string compression writes a big import
        # a tenth faster); an existing file keeps the format it was made in. The check matters: ATTACH with
        # STORAGE_VERSION converts an existing file for good. Callers hold the store's exclusive lock
        # (Store.writing), so no other process creates the file between the check and the ATTACH.
        options = "" if path.exists() else f" (STORAGE_VERSION '{NEW_FILE_STORAGE_VERSION}')"
        try:
            # the cursor is closed before the detach: closing it ends a transaction the block left open
            with contextlib.closing(self.cursor(extensions)) as cursor:
                try:
                    cursor.execute(f"ATTACH {attach_literal(str(path))} AS {name}{options}")
                except duckdb.Error as exc:
                    raise open_error(path, exc) from exc
                cursor.execute(f"USE {name}")
                yield cursor
        finally:
            self.detach(name)  # IF EXISTS: nothing to do when the ATTACH itself failed


#: The engine of this process.
ENGINE = Engine()
