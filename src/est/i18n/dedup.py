"""Catalogue: counting problems instead of reports (duplicates across sources) in the analysis views."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "dedup.raw_toggle": ("Räkna varje rapport (även dubbletter)", "Count every report (duplicates too)"),
    "dedup.raw_toggle_help": (
        "Av: samma sak rapporterad av flera källor (fastighetsägaren, en nattvandrare, polisen) räknas en gång, "
        "som ett problem, vid den första rapporten. På: varje rapport räknas.",
        "Off: the same thing reported by several sources (the property owner, a night walker, the police) counts "
        "once, as one problem, at the first report. On: every report counts.",
    ),
    "dedup.caption": (
        "{raw} rapporter från alla källor, {problems} problem efter sammanslagning av dubbletter.",
        "{raw} reports from all sources, {problems} problems after merging duplicates.",
    ),
    "dedup.counting_problems": ("Siffrorna räknar problem.", "The figures count problems."),
    "dedup.counting_reports": ("Siffrorna räknar varje rapport.", "The figures count every report."),
    "dedup.linking": ("Länkar dubbletter mellan källor …", "Linking duplicates across sources …"),
    "dedup.link_busy": (
        "Dubbletter mellan källor kunde inte länkas nu ({detail}); länka dem senare med Sök dubbletter på sidan "
        "{page} (eller est dedup run).",
        "Duplicates across sources could not be linked now ({detail}); link them later with Find duplicates on "
        "the {page} page (or est dedup run).",
    ),
}
