"""Synthetic police events for the demo, in the polisen.se events API format (never real events).

The demo's Lägesbild page shows police events in the kommun as context; with no network and no real
file the demo needs its own. Every event says in its summary that it is made up, carries no link, and
uses ids from 900 000 000 up so it cannot collide with a real event id.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from est.intake.police import MONTHS_SV

__all__ = ["demo_police_events"]

_TZ = ZoneInfo("Europe/Stockholm")
# (type, share) as seen in a kommun of Östersund's size; summaries come on weekend mornings.
_TYPES: tuple[tuple[str, float], ...] = (
    ("Trafikolycka", 0.22),
    ("Stöld", 0.14),
    ("Skadegörelse", 0.12),
    ("Misshandel", 0.09),
    ("Rattfylleri", 0.09),
    ("Brand", 0.07),
    ("Bråk", 0.07),
    ("Inbrott", 0.06),
    ("Narkotikabrott", 0.05),
    ("Ofredande/förargelse", 0.05),
    ("Olaga hot", 0.04),
)
_FIRST_ID = 900_000_000


def _event(event_id: int, when: datetime, event_type: str, kommun: str, gps: str) -> dict[str, Any]:
    local = when.astimezone(_TZ)
    stamp = f"{local.day} {MONTHS_SV[local.month - 1]} {local.hour:02d}.{local.minute:02d}"
    return {
        "id": event_id,
        "datetime": local.strftime("%Y-%m-%d %H:%M:%S %z")[:-2] + ":" + local.strftime("%z")[-2:],
        "name": f"{stamp}, {event_type}, {kommun}",
        "summary": "Demodata: påhittad händelse.",
        "url": None,
        "type": event_type,
        "location": {"name": kommun, "gps": gps},
    }


def demo_police_events(
    seed: int, today: date, *, days: int = 730, kommun: str = "Östersund", gps: str = "63.179,14.636"
) -> list[dict[str, Any]]:
    """About five events a day in ``kommun`` over ``days`` days up to ``today``, plus weekend summaries."""
    rng = np.random.default_rng(seed + 1)
    first = today - timedelta(days=days)
    day_list = [first + timedelta(days=offset) for offset in range(days)]
    weekend = np.array([d.weekday() >= 4 for d in day_list])
    per_day = rng.poisson(np.where(weekend, 6.0, 4.0))
    total = int(per_day.sum())
    hours = rng.choice(24, size=total, p=_HOUR_WEIGHTS)
    minutes = rng.integers(0, 60, size=total)
    shares = np.array([share for _, share in _TYPES])
    kinds = rng.choice(len(_TYPES), size=total, p=shares / shares.sum())
    events: list[dict[str, Any]] = []
    k = 0
    for day, n in zip(day_list, per_day, strict=True):
        for _ in range(int(n)):
            when = datetime(day.year, day.month, day.day, int(hours[k]), int(minutes[k]), tzinfo=_TZ)
            events.append(_event(_FIRST_ID + len(events), when, _TYPES[int(kinds[k])][0], kommun, gps))
            k += 1
        if day.weekday() in (5, 6):
            when = datetime(day.year, day.month, day.day, 6, 30, tzinfo=_TZ)
            events.append(_event(_FIRST_ID + len(events), when, "Sammanfattning natt", kommun, gps))
    return events


_HOURS = np.array([3, 2, 2, 1, 1, 1, 2, 3, 4, 4, 4, 4, 5, 5, 5, 6, 7, 7, 7, 7, 7, 7, 6, 5], dtype=float)
_HOUR_WEIGHTS = _HOURS / _HOURS.sum()
