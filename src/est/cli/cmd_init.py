"""``est init``: create or migrate the database, optionally filled with the Östersund demo picture.

The only command that creates a database file (every other one refuses a path where there is none).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from est.cli import add_command, add_common
from est.errors import EstError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est init``."""
    p = add_command(sub, "init")
    add_common(p)
    p.add_argument("--demo", action="store_true", help="replace the content with synthetic Östersund demo data")
    p.add_argument("--if-empty", action="store_true", help="with --demo: only when there are no incidents yet")
    p.add_argument("--rows", type=int, default=30_000, help="demo incident rows (default 30000)")
    p.add_argument("--seed", type=int, default=2380, help="demo random seed (default 2380)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Create/migrate, then generate demo data when asked."""
    from est.config import resolve_db
    from est.demo.generate import generate_demo
    from est.store import Store

    target = resolve_db(args.db)
    started = time.perf_counter()
    if args.rows < 0:
        raise EstError("--rows must be 0 or more", sv="--rows måste vara 0 eller mer")
    if isinstance(target, str):
        return _init_server(args, target, started)
    path = target
    store = Store(path)
    applied = store.migrate()
    result: dict[str, Any] = {
        "db": str(path),
        "schema_version": store.schema_version(),
        "migrations_applied": applied,
    }
    if args.demo:
        existing = int(store.value("SELECT count(*) FROM incidents"))
        if args.if_empty and existing:
            result["demo"] = False
            result["incidents"] = existing
        else:
            report = generate_demo(store, rows=args.rows, seed=args.seed)
            result.update(
                demo=True,
                incidents=report.incidents,
                organisations=report.organisations,
                areas=report.areas,
                batches=report.batches,
                first_day=report.first.isoformat(),
                last_day=report.last.isoformat(),
            )
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def _init_server(args: argparse.Namespace, url: str, started: float) -> dict[str, Any]:
    """``est init`` on a PostgreSQL server: the schema from the migrations, or a demo made locally and copied."""
    import tempfile
    from pathlib import Path

    from est.demo.generate import generate_demo
    from est.store import Store
    from est.store.postgres import copy_store
    from est.store.server import ServerStore

    server = ServerStore(url, direct=True)
    result: dict[str, Any] = {"db": server.shown}
    if args.demo and not server.has_schema():
        with tempfile.TemporaryDirectory(prefix="est-demo-") as tmp:
            local = Store(Path(tmp) / "demo.duckdb")
            applied = local.migrate()
            report = generate_demo(local, rows=args.rows, seed=args.seed)
            copy_store(local, url)
        result.update(migrations_applied=applied, demo=True, incidents=report.incidents)
    elif args.demo:
        applied = server.migrate()  # a store made by an older version is upgraded in place
        existing = int(server.value("SELECT count(*) FROM incidents"))
        if not (args.if_empty and existing):
            raise EstError(
                f"{server.shown} already holds a store; est init --demo fills only a server without one "
                "(or use --if-empty)",
                sv=f"{server.shown} har redan en databas; est init --demo fyller bara en server utan "
                "(eller använd --if-empty)",
            )
        result.update(migrations_applied=applied, demo=False, incidents=existing)
    else:
        result["migrations_applied"] = server.migrate()
    result["schema_version"] = server.schema_version()
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result
