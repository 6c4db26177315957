"""``est patrol-plan``: next week's visit windows (places × weekday × 3-hour block), best first; a PDF with --out.

The places are the hot cells of the last 13 weeks (``est hotspots``) when there are any, else the areas of
the set. The plan weighs the last ``--weeks`` complete ISO weeks aoristically (a break-in found in the
morning spreads over the night).
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import UsageError, add_command, add_common, check_output_path, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est patrol-plan``."""
    p = add_command(sub, "patrol-plan")
    add_common(p)
    p.add_argument("--area-set", help="area set name (default: the default set)")
    p.add_argument("--weeks", type=int, default=4, help="complete ISO weeks of history, 1–52 (default 4)")
    p.add_argument("--top", type=int, default=10, help="how many visit windows, 1–100 (default 10)")
    p.add_argument("--category", action="append", default=[], help="category code; a parent includes its subtree")
    p.add_argument("--out", help="also write the printable plan (PDF, Swedish) to this file")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Plan; return ``{"from", "to", "slots": [{"place", "weekday", "hour_from", "hour_to", "expected"}]}``."""
    if not 1 <= args.weeks <= 52:
        raise UsageError(f"--weeks {args.weeks}: give 1 to 52 complete weeks of history")
    if not 1 <= args.top <= 100:
        raise UsageError(f"--top {args.top}: give 1 to 100 visit windows")
    out = check_output_path(args.out, "--out", "patrullplan.pdf") if args.out else None
    from est.access.auth import LOCAL_ADMIN
    from est.meeting.patrol_pdf import patrol_plan_pdf
    from est.periods import complete_weeks, local_today
    from est.picture.filters import Filters
    from est.picture.patrol import plan_patrols_for

    today = local_today()
    store = open_cli_store(args.db)
    filters = Filters(complete_weeks(today, args.weeks), area_set=args.area_set, categories=tuple(args.category))
    with store.reading() as reader:
        plan = plan_patrols_for(reader, LOCAL_ADMIN, filters, weeks=args.weeks, top=args.top, today=today)
    result: dict[str, Any] = {
        "from": plan.date_from.isoformat(),
        "to": plan.date_to.isoformat(),
        "places": "cells" if any(s.place.cell for s in plan.slots) else "areas",
        "slots": [
            {
                "place": {
                    "cell": s.place.cell,
                    "area": s.place.area,
                    "label": s.place.label,
                    "centroid": [round(s.place.lat, 6), round(s.place.lon, 6)],
                },
                "weekday": s.weekday,
                "hour_from": s.hour_from,
                "hour_to": s.hour_to,
                "expected": s.expected,
            }
            for s in plan.slots
        ],
    }
    if out is not None:
        out.write_bytes(patrol_plan_pdf(plan, today, categories=tuple(args.category)))
        result["out"] = str(out)
    lines = [f"{plan.date_from} – {plan.date_to}: {len(plan.slots)} visit windows"]
    lines += [
        f"{s.place.label:<28} {s.weekday} {s.hour_from:02d}–{s.hour_to:02d} {s.expected:6.2f}" for s in plan.slots
    ]
    result["_text"] = "\n".join(lines)
    return result
