"""``est hotspots``: the hot cells (H3 resolution 9, Getis-Ord Gi*, Benjamini–Hochberg at q = 0.05).

Without ``--from``/``--to`` the window is the last 13 complete ISO weeks. ``cells`` lists every non-empty
cell, hot ones first; ``enough_data`` is false (and no cell hot) below 60 located incidents or 30 cells,
with the reason. See :mod:`est.picture.hotspots` for the method.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command, add_common, add_period_arguments, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est hotspots``."""
    p = add_command(sub, "hotspots")
    add_common(p)
    p.add_argument("--area-set", help="area set name (default: the default set)")
    add_period_arguments(p, default="13 weeks before the last complete ISO week's end", default_to="with --from, today")
    p.add_argument("--category", action="append", default=[], help="category code; a parent includes its subtree")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Find the hot cells; return the contract's keys (``period``, ``incidents``, ``cells``, ``hot`` …)."""
    from est.access.auth import LOCAL_ADMIN
    from est.periods import local_today
    from est.picture.filters import Filters
    from est.picture.hotspots import FDR_Q, find_hotspots_for, reason_text, steering_period

    store = open_cli_store(args.db)
    period = steering_period(local_today(), args.first, args.last)
    filters = Filters(period, area_set=args.area_set, categories=tuple(args.category))
    with store.reading() as reader:
        found = find_hotspots_for(reader, LOCAL_ADMIN, filters)
    reason = reason_text(found, "en")
    result: dict[str, Any] = {
        "period": {"from": found.period.start.isoformat(), "to": found.period.last_day.isoformat()},
        "incidents": found.incidents,
        "area_only": found.area_only,
        "enough_data": found.enough_data,
        "reason": reason,
        "fdr_q": FDR_Q,
        "cells": [
            {
                "id": c.id,
                "centroid": [round(c.lat, 6), round(c.lon, 6)],
                "count": c.count,
                "z": round(c.z, 4),
                "p": c.p,
                "hot": c.hot,
                "trend": c.trend,
            }
            for c in found.cells
        ],
        "hot": len(found.hot),
    }
    lines = [f"{found.period.start} – {found.period.last_day}: {found.incidents} incidents, {len(found.hot)} hot cells"]
    if reason:
        lines.append(reason)
    lines += [f"{c.id}  {c.count:>6}  z={c.z:6.2f}  {c.trend}" for c in found.hot]
    result["_text"] = "\n".join(lines)
    return result
