"""``est alerts``: the areas (and area × category series) unusually high in one ISO week (Farrington).

Without ``--week`` the last complete ISO week is tested. See :mod:`est.picture.alerts` for the method;
no series alarms with fewer than 5 cases in the last four weeks.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import UsageError, add_command, add_common, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est alerts``."""
    p = add_command(sub, "alerts")
    add_common(p)
    p.add_argument("--area-set", help="area set name (default: the default set)")
    p.add_argument("--week", metavar="YYYY-Www", help="the ISO week, e.g. 2026-W48 (default: the last complete week)")
    p.add_argument("--category", action="append", default=[], help="category code; a parent includes its subtree")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Return ``{"week", "alerts": [{"area", "label", "category", "observed", "expected", "upper"}]}``."""
    from est.access.auth import LOCAL_ADMIN
    from est.errors import EstError
    from est.periods import last_complete_week, local_today, parse_iso_week
    from est.picture.alerts import alert_text, find_alerts_for
    from est.picture.filters import Filters

    if args.week:
        try:
            week = parse_iso_week(args.week)
        except EstError as error:
            raise UsageError(f"--week {args.week!r}: {error}; give an ISO week such as 2026-W48") from None
    else:
        week = last_complete_week(local_today())
    store = open_cli_store(args.db)
    with store.reading() as reader:
        found = find_alerts_for(
            reader, LOCAL_ADMIN, Filters(week, area_set=args.area_set, categories=tuple(args.category)), week
        )
    alerts = [
        {
            "area": a.area,
            "label": a.label,
            "category": a.category,
            "observed": a.observed,
            "expected": round(a.expected, 2),
            "upper": a.upper,
            "text": alert_text(a, week, "en"),
        }
        for a in found.alerts
    ]
    lines = [f"{found.week_label}: {len(alerts)} alerts in {found.series} series"]
    lines += [str(a["text"]) for a in alerts]
    return {"week": found.week_label, "alerts": alerts, "series": found.series, "_text": "\n".join(lines)}
