"""Opening the store the database rule names: a DuckDB file, or a PostgreSQL server by its URL."""

from __future__ import annotations

import os

from est.store.connection import Store
from est.store.postgres import is_postgres_url
from est.store.server import ServerStore

__all__ = ["open_store"]


def open_store(path: str | os.PathLike[str], *, migrate: bool = True, lock_timeout: float = 60.0) -> Store:
    """Return the :class:`Store` for ``path``, creating and migrating it when ``migrate`` is true.

    A ``postgresql://…`` URL gives the store on that server (:class:`~est.store.server.ServerStore`), whose
    schema is created the same way when the server holds none; anything else is a DuckDB file.

    Raises
    ------
    SchemaError
        When the database's schema is newer than the code.
    """
    store = (
        ServerStore(str(path), lock_timeout=lock_timeout)
        if is_postgres_url(str(path))
        else Store(path, lock_timeout=lock_timeout)
    )
    if migrate:
        store.migrate()
    else:
        store.pending_migrations()
    return store
