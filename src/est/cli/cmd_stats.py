"""``est stats``: incident counts (sum of ``count``) by area, category, source, month or week.

Problems are counted by default, as on the pages (a problem reported by several sources counts once);
``--raw`` counts every report from every source.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from est.auth import LOCAL_ADMIN
from est.cli import add_common
from est.config import resolve_db_path
from est.errors import EstError
from est.ingest.stats import GROUPINGS, StatsQuery, incident_counts
from est.store import open_store


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise EstError(f"{option} {text!r}: skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-11-03") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est stats``."""
    p = sub.add_parser("stats", help="incident counts by area, category, source, month or week")
    add_common(p)
    p.add_argument("--area-set", help="area set for --by area (default: the default set)")
    p.add_argument("--by", choices=GROUPINGS, default="area")
    p.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="last day (inclusive), YYYY-MM-DD")
    p.add_argument(
        "--raw",
        action="store_true",
        help="count every report from every source; by default a problem reported by several sources "
        "counts once, as on the pages",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Count problems (every report with ``--raw``); return ``{"by", "raw", "rows": [{"key", "label", "count"}]}``."""
    query = StatsQuery(
        by=args.by,
        area_set=args.area_set,
        date_from=_day(args.date_from, "--from"),
        date_to=_day(args.date_to, "--to"),
        raw=args.raw,
    )
    store = open_store(resolve_db_path(args.db))
    with store.reading() as r:
        result = incident_counts(r, LOCAL_ADMIN, query)
    width = max((len(str(row["label"])) for row in result["rows"]), default=10)
    result["_text"] = "\n".join(
        f"{row['key'] if row['key'] is not None else '–':<12} {row['label']!s:<{width}} {row['count']:>8}"
        for row in result["rows"]
    )
    return result
