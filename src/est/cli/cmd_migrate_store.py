"""``est migrate-store``: copy a DuckDB store into a PostgreSQL database and verify every table's count.

The JSON keys are a promise to scripts: ``from``, ``to`` (the URL without its password), ``schema``,
``tables`` (``[{"name", "source_rows", "target_rows"}]``), ``verified`` and ``seconds``.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import UsageError, add_command, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est migrate-store``."""
    p = add_command(sub, "migrate-store")
    p.add_argument(
        "--from", dest="source", metavar="PATH", help="the DuckDB store (default: $EST_DB, else data/est.duckdb)"
    )
    p.add_argument("--to", dest="target", required=True, metavar="URL", help="postgresql://user@host/dbname")
    p.add_argument(
        "--json", action="store_true", help='print exactly one JSON object on stdout (on errors: {"error": …})'
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Copy the store; return what was copied, table by table."""
    from est.store.postgres import copy_store, is_postgres_url, redacted_url, store_schema

    if not is_postgres_url(args.target):
        raise UsageError(f"--to must be a PostgreSQL URL such as postgresql://est@db.example.se/est, not {args.target}")
    schema = store_schema(args.target)
    store = open_cli_store(args.source)
    copied = copy_store(store, args.target)
    rows = sum(t.source_rows for t in copied.tables)
    return {
        "from": str(store.path),
        "to": redacted_url(args.target),
        "schema": schema,
        "tables": [{"name": t.name, "source_rows": t.source_rows, "target_rows": t.target_rows} for t in copied.tables],
        "verified": copied.verified,
        "seconds": copied.seconds,
        "_text": f"copied {len(copied.tables)} tables ({rows} rows) to {redacted_url(args.target)} "
        f"(schema {schema}) in {copied.seconds} s; every count verified",
    }
