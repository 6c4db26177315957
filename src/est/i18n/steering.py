"""Texts of the steering figures: hotspots, spike alerts and the patrol plan (Swedish, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.hotspots": ("Hotspots och patrullplan", "Hotspots and patrol plan"),
    "hotspots.reason.few_incidents": (
        "För lite data för att peka ut hotspots: {n} problem med plats (minst {min_n} behövs). Välj en längre "
        "period eller fler kategorier.",
        "Too little data to name hotspots: {n} incidents with a location ({min_n} needed). Choose a longer period "
        "or more categories.",
    ),
    "hotspots.reason.few_cells": (
        "För lite data för att peka ut hotspots: problemen ligger i {cells} rutor (minst {min_cells} behövs). "
        "Välj en längre period eller fler kategorier.",
        "Too little data to name hotspots: the incidents lie in {cells} cells ({min_cells} needed). Choose a longer "
        "period or more categories.",
    ),
    "hotspots.title": ("Heta rutor", "Hot cells"),
    "hotspots.window": ("Fönster", "Window"),
    "hotspots.window.weeks13": ("Senaste 13 hela veckorna", "The last 13 complete weeks"),
    "hotspots.window.filter": ("Filtrets period", "The filter's period"),
    "hotspots.summary": (
        "{start} – {end}: {n} problem med plats i {cells} rutor om cirka 200 m, varav {hot} heta.",
        "{start} – {end}: {n} incidents with a location in {cells} cells of about 200 m, {hot} of them hot.",
    ),
    "hotspots.area_only": (
        "{n} problem har bara ett område, ingen plats: de räknas per område och sprids aldrig ut över rutor.",
        "{n} incidents have an area but no location: they are counted per area and never spread over cells.",
    ),
    "hotspots.areas_only": (
        "Din roll ser lägesbilden per område, inte rutor. Planen nedan gäller områdena.",
        "Your role sees the picture per area, not cells. The plan below is by area.",
    ),
    "hotspots.table_alt": (
        "Samma heta rutor som på kartan: rutans id (H3), mittpunkt, antal, z och p (ensidigt) och trend.",
        "The same hot cells as on the map: the cell's id (H3), centre, count, z and p (one-sided) and trend.",
    ),
    "hotspots.method": (
        "Metod: Getis-Ord Gi* över H3-rutor (upplösning 9) med grannringen, Benjamini–Hochbergs "
        "falskupptäcktsgrad q = 0,05; minst 60 problem och 30 rutor. Trend: Gi* per vecka och Mann–Kendall.",
        "Method: Getis-Ord Gi* over H3 cells (resolution 9) with their first ring, Benjamini–Hochberg false "
        "discovery rate q = 0.05; at least 60 incidents and 30 cells. Trend: weekly Gi* and Mann–Kendall.",
    ),
    "alerts.heading": ("Ovanligt många vecka {week}:", "Unusually many in week {week}:"),
    "alerts.more": ("{n} till", "{n} more"),
    "alerts.method": (
        "Jämfört med områdets egen historik och säsong (Farrington-metoden, som folkhälsans larm); inget larm "
        "under 5 problem på fyra veckor.",
        "Compared with the area's own history and season (the Farrington method, as in public-health "
        "surveillance); no alert below 5 incidents in four weeks.",
    ),
    "patrol.heading": ("Patrull- och vandringsplan för nästa vecka", "Patrol and walk plan for next week"),
    "patrol.based_on": ("Underlag: {start} – {end}.", "Based on {start} – {end}."),
    "patrol.by_cells": ("Platserna är de heta rutorna.", "The places are the hot cells."),
    "patrol.by_areas": ("Platserna är områden.", "The places are areas."),
    "patrol.advice_heading": ("Så används planen:", "How to use the plan:"),
    "patrol.save": ("Spara planen till mötet", "Save the plan to the meeting"),
    "patrol.saved": (
        "Planen är sparad till mötet och finns i åtgärdsregistret som nästa veckas patrull.",
        "The plan is saved to the meeting and is in the action register as next week's patrol.",
    ),
    "patrol.no_open_meeting": (
        "Skapa ett möte på sidan Mötesläge för att spara planen till det.",
        "Create a meeting on the Meeting page to save the plan to it.",
    ),
    "patrol.visit_heading": ("Logga besök enligt patrullplanen", "Log a visit of the patrol plan"),
    "patrol.window": ("Besöksfönster", "Visit window"),
    "patrol.visit_day": ("Dag", "Day"),
    "patrol.visit_time": ("Klockan", "Time"),
    "patrol.minutes": ("Minuter på plats", "Minutes on site"),
    "patrol.note": ("Anteckning (valfri, inga namn)", "Note (optional, no names)"),
    "patrol.log": ("Logga besöket", "Log the visit"),
    "patrol.visit_logged": ("Besöket är loggat.", "The visit is logged."),
    "patrol.follow_up": (
        "Patrullplan {week}: {done} av {windows} fönster besökta",
        "Patrol plan {week}: {done} of {windows} windows visited",
    ),
    "patrol.done": ("Besök i fönstret", "Visits in the window"),
    "patrol.minutes_done": ("Minuter", "Minutes"),
    "patrol.other": ("Besök andra tider", "Visits at other times"),
    "patrol.download": ("Utskriftsvänlig plan (PDF)", "Printable plan (PDF)"),
    "hotspots.trend.new": ("Ny", "New"),
    "hotspots.trend.intensifying": ("Ökande", "Intensifying"),
    "hotspots.trend.persistent": ("Ihållande", "Persistent"),
    "hotspots.trend.diminishing": ("Avtagande", "Diminishing"),
    "hotspots.trend.sporadic": ("Sporadisk", "Sporadic"),
    "hotspots.cell_tooltip": ("{n} problem · z {z} · {trend}", "{n} incidents · z {z} · {trend}"),
    "hotspots.legend": ("Heta rutor (Gi* z)", "Hot cells (Gi* z)"),
    "hotspots.legend.hot": ("het, z under {upper}", "hot, z below {upper}"),
    "hotspots.cell": ("Ruta (H3)", "Cell (H3)"),
    "hotspots.centre": ("Mittpunkt", "Centre"),
    "hotspots.count": ("Problem", "Problems"),
    "hotspots.trend": ("Trend", "Trend"),
    "alerts.text": (
        "{area}: {n} {what} vecka {week}, förväntat {expected}, övre gräns {upper}",
        "{area}: {n} {what} in week {week}, expected {expected}, upper bound {upper}",
    ),
    "alerts.incidents": ("problem", "problems"),
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
        "Underlag: {start} – {end} ({weeks} veckor), {what}. Förväntat = problem per vecka i fönstret "
        "(aoristiskt viktade: ett problem med ett tidsintervall fördelas över intervallet).",
        "Based on {start} – {end} ({weeks} weeks), {what}. Expected = incidents per week in the window "
        "(aoristically weighted: an incident with a time window is spread over it).",
    ),
    "patrol.all_categories": ("alla kategorier", "all categories"),
    "patrol.place": ("Plats", "Place"),
    "patrol.weekday": ("Veckodag", "Weekday"),
    "patrol.hours": ("Tid", "Time"),
    "patrol.expected": ("Förväntat per vecka", "Expected per week"),
    "patrol.empty": (
        "Inga problem under underlagsperioden: ingen plan att föreslå.",
        "No incidents in the history: no plan to propose.",
    ),
    "patrol.notes": ("Anteckningar och uppföljning (vem, när, minuter):", "Notes and follow-up (who, when, minutes):"),
    "patrol.footer": ("EST Lägesbild · patrullplan · skapad {made}", "EST Lägesbild · patrol plan · made {made}"),
}
