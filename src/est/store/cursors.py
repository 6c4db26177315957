"""The cursors a store hands out, each valid for one ``with`` block of :class:`~est.store.Store`.

:class:`Reader` is read-only, :class:`Writer` is one transaction and :class:`Stage` builds temporary tables
before a write.
Values are always bound as parameters; the audit log is append-only (:func:`refuse_audit_rewrite`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import duckdb

from est.errors import EstError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["Params", "Reader", "Stage", "Writer", "refuse_audit_rewrite"]

_AUDIT_REWRITE = re.compile(
    r"\b(UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?|DROP\s+TABLE(\s+IF\s+EXISTS)?|ALTER\s+TABLE)"
    r"\s+(\w+\.)?\"?audit_log\b",
    re.IGNORECASE,
)

Params = Sequence[Any] | dict[str, Any] | None


def refuse_audit_rewrite(sql: str) -> None:
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

    Every statement on it, through any method, passes :func:`refuse_audit_rewrite` (a read-only
    connection cannot change the audit log anyway, so readers skip the check).
    """

    def _run(self, sql: str, params: Params) -> duckdb.DuckDBPyConnection:
        refuse_audit_rewrite(sql)
        return self._con.execute(sql, params)

    def execute(self, sql: str, params: Params = None) -> None:
        """Run one statement with bound parameters."""
        self._run(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each parameter row."""
        refuse_audit_rewrite(sql)
        if rows:
            self._con.executemany(sql, rows)

    def changed(self, sql: str, params: Params = None) -> int:
        """Run a statement and return the number of rows it inserted, updated or deleted."""
        found = self._run(sql, params).fetchone()
        return 0 if found is None else int(found[0])

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert one row of ``values`` (column → value) into ``table``; return the id its sequence gave it.

        ``table`` and the column names are the code's own (never user text); the values are bound.
        """
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        return int(self.value(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id", list(values.values())))  # noqa: S608

    def reserve_ids(self, sequence: str, count: int) -> int:
        """Take ``count`` consecutive ids from ``sequence`` for rows inserted with explicit ids; return the first."""
        return int(self.value(f"SELECT min(nextval('{sequence}')) FROM range(?)", [count]))  # noqa: S608 - code constant


_TEMPORARY_OBJECT = re.compile(r"^\s*CREATE\s+(OR\s+REPLACE\s+)?TEMP(ORARY)?\s+(TABLE|VIEW)\b", re.IGNORECASE)


class Stage(Reader):
    """The write connection before its transaction: reads and temporary tables, nothing else.

    DuckDB scans a temporary table that was created inside a transaction on one thread only, so a large
    one that the transaction will read (an import's parsed file) is created here, before it begins.
    Temporary tables and views are the connection's own and never reach the database file; anything
    that could change the file is refused, so the transaction stays the only write path. So is ``SET``:
    the connection is a cursor of the process's engine (:mod:`est.store.engine`), whose settings would
    outlive the write.
    """

    def _run(self, sql: str, params: Params) -> duckdb.DuckDBPyConnection:
        for statement in duckdb.extract_statements(sql):
            kind = statement.type
            if kind != duckdb.StatementType.SELECT and not (
                kind == duckdb.StatementType.CREATE and _TEMPORARY_OBJECT.match(statement.query)
            ):
                raise EstError(
                    f"only reads and temporary tables before the write transaction, not: {sql[:60]}",
                    sv=f"före skrivtransaktionen bara läsningar och temporära tabeller, inte: {sql[:60]}",
                )
        return self._con.execute(sql, params)

    def execute(self, sql: str, params: Params = None) -> None:
        """Run one statement with bound parameters (a read, or a temporary table or view)."""
        self._run(sql, params)
