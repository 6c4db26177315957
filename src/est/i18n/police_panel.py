"""Catalogue: the police context panel on the Lägesbild page."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "police_panel.title": ("Polisens händelser i {kommun}: {n}", "Police events in {kommun}: {n}"),
    "police_panel.intro": (
        "Polisens öppna händelser (polisen.se) i kommunen under perioden, som sammanhang. Polisen anger bara "
        "kommunen, inte platsen, så händelserna ingår inte i områdenas siffror och visas inte på kartan.",
        "The police's open events (polisen.se) in the kommun during the period, as context. The police give "
        "only the kommun, not the place, so the events are not part of the areas' figures nor on the map.",
    ),
    "police_panel.none": (
        "Inga polishändelser i kommunen under perioden (har de importerats? Se Källor).",
        "No police events in the kommun during the period (have they been imported? See Sources).",
    ),
    "police_panel.not_configured": (
        "Polisens händelser visas här när kommunen är angiven: est settings set kommun_code 2380 (er kommunkod).",
        "Police events show here once the kommun is set: est settings set kommun_code 2380 (your kommun code).",
    ),
    "police_panel.summaries": (
        "Dessutom {n} sammanfattningar (t.ex. ”Sammanfattning natt”), som inte räknas per typ.",
        "Also {n} summaries (e.g. “Sammanfattning natt”), not counted by type.",
    ),
    "police_panel.col.type": ("Typ", "Type"),
    "police_panel.col.events": ("Händelser", "Events"),
    "police_panel.col.category": ("EST-kategori", "EST category"),
    "police_panel.col.when": ("Tid", "Time"),
    "police_panel.col.name": ("Rubrik", "Title"),
    "police_panel.col.link": ("Länk", "Link"),
}
