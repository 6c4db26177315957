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
    "patrol.advice": (
        "Korta, synliga besök på 10–15 minuter vid oförutsägbara tider, minst varannan timme under "
        "toppfönstret. Längre stopp ger inte mer effekt (Koper-kurvan); oförutsägbarheten gör att effekten "
        "håller i sig mellan besöken.",
        "Short, visible visits of 10–15 minutes at unpredictable times, at least every two hours in the peak "
        "window. Longer stops add no effect (the Koper curve); unpredictability makes the effect last between "
        "visits.",
    ),
    "patrol.title": ("Patrull- och vandringsplan vecka {week}", "Patrol and walk plan, week {week}"),
    "patrol.stated": (
        "Underlag: {start} – {end} ({weeks} veckor), {what}. Förväntat = händelser per vecka i fönstret "
        "(aoristiskt viktade: en händelse med ett tidsintervall fördelas över intervallet).",
        "Based on {start} – {end} ({weeks} weeks), {what}. Expected = incidents per week in the window "
        "(aoristically weighted: an incident with a time window is spread over it).",
    ),
    "patrol.all_categories": ("alla kategorier", "all categories"),
    "patrol.place": ("Plats", "Place"),
    "patrol.weekday": ("Veckodag", "Weekday"),
    "patrol.hours": ("Tid", "Time"),
    "patrol.expected": ("Förväntat per vecka", "Expected per week"),
    "patrol.empty": (
        "Inga händelser under underlagsperioden: ingen plan att föreslå.",
        "No incidents in the history: no plan to propose.",
    ),
    "patrol.notes": ("Anteckningar och uppföljning (vem, när, minuter):", "Notes and follow-up (who, when, minutes):"),
    "patrol.footer": ("EST Lägesbild · patrullplan · skapad {made}", "EST Lägesbild · patrol plan · made {made}"),
}
