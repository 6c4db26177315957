"""The one package that talks to DuckDB: connections, locking, migrations and the write path.

Modules: :mod:`~est.store.connection` (the :class:`Store`), :mod:`~est.store.cursors` (reader, writer,
stage), :mod:`~est.store.locks` (the file locks), :mod:`~est.store.schema` (migrations),
:mod:`~est.store.opening` (:func:`open_store` by the database rule), :mod:`~est.store.engine` (the
process's in-memory DuckDB that writes run on, extensions loaded once), and the PostgreSQL backend:
:mod:`~est.store.server` (the store on a server), :mod:`~est.store.replica` (its local read copy) and
:mod:`~est.store.postgres` (its schema and ``est migrate-store``), :mod:`~est.store.upgrade` (its migrations
applied in place); see ``docs/architecture.md``.

Who calls it: every domain module (ingest, areas, analysis, …) through :class:`Store`, the app through one
cached ``Store`` per process (``est.ui``), the CLI through :func:`open_store`.

Connection lifetime. DuckDB lets only one process hold a database file open for writing, and while it
does, no other process can open it at all. The app (serving the meeting screen) and the CLI (a nightly
``est import`` from cron) must share the file, so no process keeps it open: every read (in the app, every
page run's reads together; see Sessions below) opens a connection for just that and closes it afterwards
(about 15 ms), and every write attaches the file to the process's engine (:mod:`~est.store.engine`, an
in-memory DuckDB that keeps its extensions loaded) and detaches it at its end, which closes the file.
Two lock files beside the database coordinate processes and threads:

* ``<db>.lock``: readers hold it shared and open DuckDB read-only (many at once); a writer holds it
  exclusively and opens DuckDB read-write.
* ``<db>.gate``: a writer holds it exclusively while waiting, so a stream of new readers cannot starve it.

A caller that cannot get the lock within ``lock_timeout`` seconds gets a :class:`DatabaseBusyError` that
says so; the app shows it and retries on the next rerun.

Sessions. The reads of one thread share a connection while :meth:`Store.session` is open (or while an
outer ``reading`` block is): the first read opens it and takes the shared lock, later reads reuse it, and
the session's end closes it. The app wraps each page run in one, so a page takes the lock once, however
many reads it makes, and a writer gets in between page runs. A write in that thread first closes the
session's connection (``flock`` on a second descriptor would wait for the thread's own shared lock); the
next read opens it again.

How long a read waits. A read that finds the lock taken waits for the write under way (one ``writing``
block, from opening the file to closing it; an ``est import`` is one) and for a writer that reaches the gate
before the read's next try (the locks are polled every 50 ms). With one writing process at a time and more
than 50 ms between its writes, that is at most the longest single write transaction, after which the read
goes on at once: it does not wait for ``lock_timeout`` unless one write lasts that long. A write, in turn,
waits for the readers under way: in the app, for the page runs that already hold the shared lock (their
reads and their rendering), never for later ones. ``bench/page_reads.py`` measures a page under a stream of
writes.
"""

from est.store.connection import Store, extension_path
from est.store.cursors import Reader, Stage, Writer
from est.store.locks import ReadWouldWait
from est.store.opening import open_store
from est.store.schema import Migration, list_migrations

__all__ = [
    "Migration",
    "ReadWouldWait",
    "Reader",
    "Stage",
    "Store",
    "Writer",
    "extension_path",
    "list_migrations",
    "open_store",
]
