"""``est stats``: incident counts (sum of ``count``) by area, category, source, month or week.

Problems are counted by default, as on the pages (a problem reported by several sources counts once);
``--raw`` counts every report from every source. Without ``--from``/``--to`` every incident is counted.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command, add_common, add_period_arguments, open_cli_store
from est.intake.stats import GROUPINGS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est stats``."""
    p = add_command(sub, "stats")
    add_common(p)
    p.add_argument("--area-set", help="area set for --by area (default: the default set)")
    p.add_argument("--by", choices=GROUPINGS, default="area")
    add_period_arguments(p, default="the earliest incident", default_to="the latest incident")
    p.add_argument(
        "--raw",
        action="store_true",
        help="count every report from every source; by default a problem reported by several sources "
        "counts once, as on the pages",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Count problems (every report with ``--raw``); return ``{"by", "raw", "rows": [{"key", "label", "count"}]}``."""
    from est.access.auth import LOCAL_ADMIN
    from est.intake import StatsQuery, incident_counts

    query = StatsQuery(by=args.by, area_set=args.area_set, date_from=args.first, date_to=args.last, raw=args.raw)
    store = open_cli_store(args.db)
    with store.reading() as r:
        result = incident_counts(r, LOCAL_ADMIN, query)
    width = max((len(str(row["label"])) for row in result["rows"]), default=10)
    result["_text"] = (
        "\n".join(
            f"{row['key'] if row['key'] is not None else '–':<12} {row['label']!s:<{width}} {row['count']:>8}"
            for row in result["rows"]
        )
        or "no incidents in this selection"
    )
    return result
