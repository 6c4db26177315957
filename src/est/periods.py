"""Reporting periods: ISO weeks, the presets the EST meeting uses, and comparison periods.

All periods are half-open ranges of local dates ``[start, end)`` in Europe/Stockholm; the UI and the URL
show the inclusive last day (``to = end - 1 day``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from est.errors import EstError

__all__ = [
    "PRESETS",
    "TIMEZONE",
    "Period",
    "Preset",
    "complete_weeks",
    "last_complete_week",
    "local_now",
    "local_today",
    "next_week",
    "parse_iso_week",
    "period_for_preset",
    "same_period_last_year",
]

#: The local time zone of every date and time in EST Lägesbild (DuckDB sessions use it too).
TIMEZONE = "Europe/Stockholm"


def local_now() -> datetime:
    """The wall-clock time now in Europe/Stockholm, without a time zone (what a form shows and a user types)."""
    return datetime.now(ZoneInfo(TIMEZONE)).replace(tzinfo=None)


def local_today() -> date:
    """Today in Sweden, whatever the server's own clock zone (a UTC server is a day behind 23–24 h UTC)."""
    return datetime.now(ZoneInfo(TIMEZONE)).date()


Preset = Literal["week", "4weeks", "month", "tertial", "year", "custom"]
PRESETS: tuple[Preset, ...] = ("week", "4weeks", "month", "tertial", "year", "custom")


@dataclass(frozen=True)
class Period:
    """A half-open date range ``[start, end)``."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise EstError(
                f"the period must end after it starts: {self.start} – {self.last_day}",
                sv=f"perioden måste sluta efter att den börjar: {self.start} – {self.last_day}",
            )

    @property
    def last_day(self) -> date:
        """The inclusive last day (what the UI and the URL call ``to``)."""
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days

    @classmethod
    def inclusive(cls, first: date, last: date) -> Period:
        """Build a period from an inclusive first and last day (``from``/``to`` in the URL)."""
        return cls(first, last + timedelta(days=1))

    def previous(self) -> Period:
        """The period of the same length immediately before this one."""
        return Period(self.start - timedelta(days=self.days), self.start)

    def iso_week_label(self) -> str | None:
        """``2026-W47`` when the period is exactly one ISO week, else None."""
        if self.days == 7 and self.start.isoweekday() == 1:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return None


def last_complete_week(today: date) -> Period:
    """The last complete ISO week (Monday–Sunday) before ``today``'s week."""
    monday = today - timedelta(days=today.isoweekday() - 1)
    return Period(monday - timedelta(days=7), monday)


def complete_weeks(today: date, weeks: int) -> Period:
    """The last ``weeks`` complete ISO weeks before ``today``'s week (the history of a steering figure)."""
    end = last_complete_week(today).end
    return Period(end - timedelta(weeks=weeks), end)


def next_week(today: date) -> Period:
    """The ISO week after ``today``'s (the week a patrol plan is for)."""
    monday = last_complete_week(today).end + timedelta(days=7)
    return Period(monday, monday + timedelta(days=7))


_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_iso_week(text: str) -> Period:
    """Parse ``2026-W47`` into its Monday–Sunday period.

    Raises
    ------
    EstError
        When the text is not an ISO week or the week does not exist in that year.
    """
    match = _ISO_WEEK.match(text.strip())
    if not match:
        raise EstError(
            f"week '{text}' is not an ISO week; write it like 2026-W47",
            sv=f"veckan '{text}' är ingen ISO-vecka; skriv den som 2026-W47",
        )
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise EstError(
            f"week '{text}' does not exist: {year} has no week {week}",
            sv=f"veckan '{text}' finns inte: {year} har ingen vecka {week}",
        ) from exc
    return Period(monday, monday + timedelta(days=7))


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def period_for_preset(preset: Preset, today: date) -> Period:
    """The period a preset means on ``today``; ``custom`` falls back to the last complete week."""
    if preset == "4weeks":
        week = last_complete_week(today)
        return Period(week.end - timedelta(days=28), week.end)
    if preset == "month":
        end = _month_start(today)
        return Period(_add_months(end, -1), end)
    if preset == "tertial":
        # Tertials: Jan–Apr, May–Aug, Sep–Dec. The last complete one before today.
        current_start_month = ((today.month - 1) // 4) * 4 + 1
        end = date(today.year, current_start_month, 1)
        return Period(_add_months(end, -4), end)
    if preset == "year":
        end = _month_start(today)
        return Period(_add_months(end, -12), end)
    return last_complete_week(today)


def same_period_last_year(period: Period) -> Period:
    """The comparable period one year earlier: the same ISO weeks for week-aligned periods, else dates."""
    if period.start.isoweekday() == 1 and period.days % 7 == 0:
        shifted = period.start - timedelta(weeks=52)
        # Keep the ISO week number when a 53-week year sits in between.
        if shifted.isocalendar()[1] != period.start.isocalendar()[1]:
            shifted -= timedelta(weeks=1)
        return Period(shifted, shifted + timedelta(days=period.days))
    try:
        return Period(period.start.replace(year=period.start.year - 1), period.end.replace(year=period.end.year - 1))
    except ValueError:  # 29 February
        return Period(period.start - timedelta(days=365), period.end - timedelta(days=365))
