"""``est export``: the filtered incident rows as CSV or Excel (the same filters as ``est stats``)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from est.auth import cli_viewer
from est.cli import add_common
from est.config import resolve_db_path
from est.errors import EstError
from est.exports import FORMATS, export
from est.filters import Filters, filters_from_query, filters_to_query
from est.store import open_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est export``."""
    p = sub.add_parser("export", help="export the filtered incident rows as CSV or Excel")
    add_common(p)
    p.add_argument("--format", choices=FORMATS, required=True, help="csv (UTF-8, ';' separated) or xlsx")
    p.add_argument("--out", required=True, help="the file to write")
    add_filter_arguments(p)
    p.set_defaults(handler=run)


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The filter options shared with ``est stats``: period, area set, areas, categories, sources, raw."""
    p.add_argument("--area-set", help="area set name (default: the default set)")
    p.add_argument("--from", dest="first", help="first day, ISO date (default: the last complete ISO week)")
    p.add_argument("--to", dest="last", help="last day, inclusive, ISO date")
    p.add_argument("--area", action="append", default=[], help="area code (repeat or comma-separate)")
    p.add_argument("--category", action="append", default=[], help="category code; a parent includes its subtree")
    p.add_argument("--source", action="append", default=[], help="source kind, e.g. polis, fastighetsagare")
    p.add_argument("--org", action="append", default=[], help="organisation id")
    p.add_argument(
        "--raw",
        action="store_true",
        help="every report, duplicates too (default: a problem several sources reported counts once)",
    )


def filters_from_args(args: argparse.Namespace, today: date | None = None) -> Filters:
    """Build the :class:`Filters` of the shared filter options (same rules as the URL)."""
    query: dict[str, Any] = {
        "from": args.first,
        "to": args.last,
        "area_set": args.area_set,
        "area": args.area,
        "category": args.category,
        "source": args.source,
        "org": args.org,
        "raw": "1" if getattr(args, "raw", False) else None,
    }
    return filters_from_query({k: v for k, v in query.items() if v}, today or date.today())


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Write the export file and report what it holds."""
    out = Path(args.out)
    if out.exists() and out.is_dir():
        raise EstError(f"--out {out} is a folder; give a file name, e.g. {out / ('export.' + args.format)}")
    if not out.parent.exists():
        raise EstError(f"the folder {out.parent} does not exist; create it first")
    filters = filters_from_args(args)
    store = open_store(resolve_db_path(args.db))
    viewer = cli_viewer()
    data, rows = export(store, viewer, filters, args.format)
    out.write_bytes(data)
    return {
        "out": str(out),
        "format": args.format,
        "rows": rows,
        "bytes": len(data),
        "filters": filters_to_query(filters),
    }
