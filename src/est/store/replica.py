"""A local DuckDB copy of a PostgreSQL store, kept current from the store's change log; pages read from it.

Why: DuckDB reading PostgreSQL through its ``postgres`` extension at every page run is several times over
the page targets at 1M incidents (docs/architecture.md), while the same queries on a local DuckDB file meet
them. So PostgreSQL is the system of record and each app process (or machine) keeps a replica file, brought
up to date before it is read. A page run asks PostgreSQL one small question (has anything changed?) and
applies only what changed since its last sync.

How a sync stays exact under concurrent writers (:func:`sync_replica`):

* It runs in one DuckDB transaction, which the ``postgres`` extension maps to one REPEATABLE READ
  transaction: the change log, the snapshot's ``xmin`` and the rows copied are all one consistent snapshot.
* The change log (:func:`est.store.postgres.change_log_statements`) names, per transaction id, the tables and
  keys it changed. Every transaction below the snapshot's ``xmin`` has finished, so its changes are either
  in this snapshot or were rolled back with it. A transaction at or above ``xmin`` may still be running and
  commit later with a *lower* id than one already seen: so the replica keeps the ids it applied at or above
  its watermark (``xmin``), and the next sync reads the log from the watermark and skips exactly those.
  Ordering by id alone would miss a long import that commits after a short write that started later.
* A keyed change re-reads the rows of the keys it names (deleted where the key is gone); a change without a
  key (a small table, a TRUNCATE) or one naming more than :data:`WHOLE_TABLE_ABOVE` keys copies the table
  whole, which is cheaper than a long key list.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from est.store.engine import ENGINE
from est.store.postgres import (
    CHANGES,
    KEYED_TABLES,
    PRUNED,
    SNAPSHOT_VIEW,
    attach_to_engine,
    redacted_url,
    store_schema,
)
from est.store.postgres import WHOLE_TABLE_ABOVE as LOGGED_WHOLE_ABOVE

__all__ = ["WHOLE_TABLE_ABOVE", "ReplicaSync", "sync_replica"]

#: More changed keys than this in one table and the table is copied whole instead (as the log does for one
#: statement, est.store.postgres.WHOLE_TABLE_ABOVE).
WHOLE_TABLE_ABOVE = LOGGED_WHOLE_ABOVE

_STATE, _APPLIED = "_replica_state", "_replica_applied"


@dataclass(frozen=True)
class ReplicaSync:
    """What one sync did."""

    full: bool  #: the first sync of the file (or of another store): every table copied
    tables_copied: tuple[str, ...]  #: tables copied whole
    keys_applied: int  #: keyed rows re-read (or removed)
    watermark: int  #: the snapshot's oldest running transaction id; the next sync reads the log from here
    seconds: float
    applied: frozenset[int] = frozenset()  #: transactions at or above the watermark already in the replica


def _store_tables(con: duckdb.DuckDBPyConnection, server: str, schema: str) -> list[str]:
    # asked of PostgreSQL: a scan of DuckDB's own catalog would hold every store attached to the engine open
    asked = (
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "  # noqa: S608 - checked names
        f"AND table_schema = '{schema}' AND table_name NOT IN ('{CHANGES}', '{PRUNED}') "
        "ORDER BY table_name"
    )
    return [str(r[0]) for r in con.execute("SELECT * FROM postgres_query(?, ?)", [server, asked]).fetchall()]


def _copy_whole(con: duckdb.DuckDBPyConnection, table: str, server: str, schema: str) -> None:
    con.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM {server}.{schema}."{table}"')  # noqa: S608 - catalog names


def _apply_keys(con: duckdb.DuckDBPyConnection, table: str, keys: set[int], server: str, schema: str) -> None:
    """Replace the replica's rows of ``keys`` with PostgreSQL's (none where the key is gone)."""
    key = KEYED_TABLES[table]
    listed = ",".join(str(int(k)) for k in sorted(keys))  # integers from the log: nothing else reaches the SQL
    con.execute(f'DELETE FROM "{table}" WHERE "{key}" IN ({listed})')  # noqa: S608
    remote = f'SELECT * FROM {schema}."{table}" WHERE "{key}" = ANY(\'{{{listed}}}\'::bigint[])'  # noqa: S608
    con.execute(f'INSERT INTO "{table}" SELECT * FROM postgres_query(?, ?)', [server, remote])  # noqa: S608


def _pruned_below(con: duckdb.DuckDBPyConnection, server: str, schema: str) -> int:
    found = con.execute(f"SELECT max(below) FROM {server}.{schema}.{PRUNED}").fetchone()  # noqa: S608 - names
    return int(found[0]) if found and found[0] is not None else 0


def _state(con: duckdb.DuckDBPyConnection, source: str) -> int | None:
    """The watermark of an earlier sync of ``source`` into this file, or None (then everything is copied)."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {_STATE} (source VARCHAR, watermark BIGINT)")
    con.execute(f"CREATE TABLE IF NOT EXISTS {_APPLIED} (txid BIGINT)")
    found = con.execute(f"SELECT source, watermark FROM {_STATE}").fetchone()  # noqa: S608 - constant names
    return int(found[1]) if found and found[0] == source else None


def _save_state(con: duckdb.DuckDBPyConnection, source: str, watermark: int, applied: set[int]) -> frozenset[int]:
    con.execute(f"DELETE FROM {_STATE}")  # noqa: S608 - constant names
    con.execute(f"INSERT INTO {_STATE} VALUES (?, ?)", [source, watermark])  # noqa: S608
    con.execute(f"DELETE FROM {_APPLIED}")  # noqa: S608
    kept = sorted(t for t in applied if t >= watermark)
    if kept:
        con.executemany(f"INSERT INTO {_APPLIED} VALUES (?)", [[t] for t in kept])  # noqa: S608
    return frozenset(kept)


def _changes(
    con: duckdb.DuckDBPyConnection, watermark: int, server: str, schema: str
) -> list[tuple[int, str, int | None]]:
    applied = {r[0] for r in con.execute(f"SELECT txid FROM {_APPLIED}").fetchall()}  # noqa: S608
    rows = con.execute(
        f"SELECT txid, table_name, key FROM {server}.{schema}.{CHANGES} WHERE txid >= ?",  # noqa: S608
        [watermark],
    ).fetchall()
    return [(int(t), str(name), None if key is None else int(key)) for t, name, key in rows if t not in applied]


def _apply_changes(
    con: duckdb.DuckDBPyConnection, changes: list[tuple[int, str, int | None]], server: str, schema: str
) -> tuple[list[str], int]:
    keys: dict[str, set[int]] = defaultdict(set)
    whole: set[str] = set()
    for _txid, table, key in changes:
        if key is None or table not in KEYED_TABLES:
            whole.add(table)
        else:
            keys[table].add(key)
    whole |= {t for t, k in keys.items() if len(k) > WHOLE_TABLE_ABOVE}
    for table in sorted(whole):
        _copy_whole(con, table, server, schema)
    applied = 0
    for table, changed in sorted(keys.items()):
        if table not in whole:
            _apply_keys(con, table, changed, server, schema)
            applied += len(changed)
    return sorted(whole), applied


def sync_replica(replica: Path, url: str) -> ReplicaSync:
    """Bring the DuckDB file ``replica`` up to date with the PostgreSQL store at ``url``; say what it did.

    The first sync (or a sync of another store into the same file) copies every table; later ones apply
    only the changes logged since. Only this process may write ``replica``. The server is attached for the
    sync alone, so its catalog is read anew: a table or column an upgrade added is copied too.
    """
    started = time.perf_counter()
    source, schema = redacted_url(url), store_schema(url)
    server = attach_to_engine(url, read_only=True)
    try:
        with ENGINE.file(replica) as con:
            return _sync(con, source, server, schema, started)
    finally:
        ENGINE.detach(server)


def _sync(con: duckdb.DuckDBPyConnection, source: str, server: str, schema: str, started: float) -> ReplicaSync:
    con.execute("BEGIN")  # one PostgreSQL snapshot for the log, its xmin and every row read
    watermark = _state(con, source)
    xmin = int(con.execute(f"SELECT xmin FROM {server}.{schema}.{SNAPSHOT_VIEW}").fetchone()[0])  # type: ignore[index]  # noqa: S608
    if watermark is not None and watermark < _pruned_below(con, server, schema):
        watermark = None  # the log was pruned past this replica's last sync: copy everything again
    if watermark is None:
        tables = _store_tables(con, server, schema)
        for table in tables:
            _copy_whole(con, table, server, schema)
        seen = {t for t, _table, _key in _changes(con, xmin, server, schema)}  # already inside the copy
        kept = _save_state(con, source, xmin, seen)
        con.execute("COMMIT")
        return ReplicaSync(True, tuple(tables), 0, xmin, round(time.perf_counter() - started, 3), kept)
    previously = {r[0] for r in con.execute(f"SELECT txid FROM {_APPLIED}").fetchall()}  # noqa: S608
    changes = _changes(con, watermark, server, schema)
    copied, keys = _apply_changes(con, changes, server, schema)
    kept = _save_state(con, source, xmin, previously | {t for t, _table, _key in changes})
    con.execute("COMMIT")
    return ReplicaSync(False, tuple(copied), keys, xmin, round(time.perf_counter() - started, 3), kept)
