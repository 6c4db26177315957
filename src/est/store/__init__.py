"""The one package that talks to DuckDB: connections, locking, migrations and the write path.

Modules: :mod:`~est.store.connection` (the :class:`Store`), :mod:`~est.store.cursors` (reader, writer,
stage), :mod:`~est.store.locks` (the file locks), :mod:`~est.store.schema` (migrations).

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

from est.store.connection import Store, extension_path, open_store
from est.store.cursors import Reader, Stage, Writer
from est.store.schema import Migration, list_migrations

__all__ = ["Migration", "Reader", "Stage", "Store", "Writer", "extension_path", "list_migrations", "open_store"]
