"""``est retention run [--dry-run] [--months N]``: purge free text and exact points past the retention period.

Cron-able: exit 0 with a one-line summary (or one JSON object with ``--json``); counts per area and week stay.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command_group, add_common, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est retention run``."""
    actions = add_command_group(sub, "retention")
    r = actions.add_parser("run", help="purge now (or only report with --dry-run)")
    add_common(r)
    r.add_argument("--dry-run", action="store_true", help="only tell what would be purged")
    r.add_argument("--months", type=int, help="override the retention_months setting for this run")
    r.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.auth import cli_viewer
    from est.access.retention import run

    store = open_cli_store(args.db)
    result = run(store, cli_viewer(), months=args.months, dry_run=args.dry_run)
    out: dict[str, Any] = result.as_dict()
    verb = "would purge" if result.dry_run else "purged"
    out["_text"] = (
        f"{verb}: free text of {result.free_text_rows} and exact points of {result.exact_point_rows} incidents "
        f"({result.incidents_affected} incidents) that occurred before {result.cutoff.date().isoformat()} "
        f"(retention {result.months} months); counts per area and week are kept"
    )
    return out
