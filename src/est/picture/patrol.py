"""The patrol and walk plan for next week: the top places × weekday × 3-hour blocks, weighted aoristically.

Owns the plan's types (:class:`Place`, :class:`Slot`, :class:`PatrolPlan`). Saving a plan to a meeting and
logging its visits is :mod:`est.meeting.patrols`; the PDF is :mod:`est.meeting.patrol_pdf`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["PatrolPlan", "Place", "Slot"]


@dataclass(frozen=True)
class Place:
    """Where to go: a hot cell (H3 id) or, without hot cells, an area of the set; its label and a point."""

    cell: str | None
    area: str | None
    label: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Slot:
    """One visit window: a place on an ISO weekday (Monday = 1) from ``hour_from`` to ``hour_to`` (1…24).

    ``expected`` is the aoristically weighted number of incidents per week in that window over the plan's
    history (an incident known only to have happened between two times spreads over them).
    """

    place: Place
    weekday: int
    hour_from: int
    hour_to: int
    expected: float


@dataclass(frozen=True)
class PatrolPlan:
    """The plan: the history it was computed from (``date_from`` … ``date_to``, inclusive) and its slots, best first."""

    date_from: date
    date_to: date
    slots: tuple[Slot, ...]
