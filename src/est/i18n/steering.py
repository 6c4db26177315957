"""Texts of the steering figures: hotspots, spike alerts and the patrol plan (Swedish, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.hotspots": ("Hotspots och patrullplan", "Hotspots and patrol plan"),
    "hotspots.reason.few_incidents": (
        "För lite data för att peka ut hotspots: {n} händelser med plats (minst {min_n} behövs). Välj en längre "
        "period eller fler kategorier.",
        "Too little data to name hotspots: {n} incidents with a location ({min_n} needed). Choose a longer period "
        "or more categories.",
    ),
    "hotspots.reason.few_cells": (
        "För lite data för att peka ut hotspots: händelserna ligger i {cells} rutor (minst {min_cells} behövs). "
        "Välj en längre period eller fler kategorier.",
        "Too little data to name hotspots: the incidents lie in {cells} cells ({min_cells} needed). Choose a longer "
        "period or more categories.",
    ),
    "alerts.text": (
        "{area}: {n} {what} vecka {week}, förväntat {expected}, övre gräns {upper}",
        "{area}: {n} {what} in week {week}, expected {expected}, upper bound {upper}",
    ),
    "alerts.incidents": ("händelser", "incidents"),
}
