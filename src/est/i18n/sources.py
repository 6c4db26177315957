"""Catalogue: the Quick report page (field reports, walks) and the Police events page (other sources)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Quick report
    "faltrapport.intro": (
        "Tryck på kartan där det hände, välj vad du såg och spara. Skriv aldrig namn eller andra personuppgifter.",
        "Tap the map where it happened, choose what you saw and save. Never write names or other personal data.",
    ),
    "faltrapport.organisation": ("Organisation", "Organisation"),
    "faltrapport.organisation_pick": ("Välj organisation", "Choose organisation"),
    "faltrapport.organisation_new": ("Ny organisation", "New organisation"),
    "faltrapport.organisation_name": ("Namn på organisationen", "Organisation name"),
    "faltrapport.organisation_create": ("Skapa", "Create"),
    "faltrapport.kind": ("Jag rapporterar från", "I report from"),
    "faltrapport.kind.nattvandring": ("Nattvandring", "Night walk"),
    "faltrapport.kind.vaktrunda": ("Väktarrunda", "Security round"),
    "faltrapport.kind.trygghetsvandring": ("Trygghetsvandring", "Safety walk"),
    "faltrapport.walk_running": (
        "Vandring pågår sedan {since} · {reports} rapporter",
        "Walk in progress since {since} · {reports} reports",
    ),
    "faltrapport.walk_areas": ("Områden vandringen går genom (valfritt)", "Areas the walk covers (optional)"),
    "faltrapport.walk_start": ("Starta vandring", "Start walk"),
    "faltrapport.walk_stop": ("Avsluta vandring", "Stop walk"),
    "faltrapport.walk_help": (
        "Starta en vandring så syns insatsen i lägesbilden, även när inget händer.",
        "Start a walk so the effort shows in the picture, even when nothing happens.",
    ),
    "faltrapport.map": ("Var? Tryck på kartan", "Where? Tap the map"),
    "faltrapport.locate": ("Visa min position", "Show my position"),
    "faltrapport.locate_failed": ("Din position gick inte att hämta", "Your position could not be found"),
    "faltrapport.located": (
        "Din position enligt telefonen, noggrann inom ± {metres} m.",
        "Your position from the phone, accurate to ± {metres} m.",
    ),
    "faltrapport.position": ("Position (latitud, longitud)", "Position (latitude, longitude)"),
    "faltrapport.position_help": (
        "Fylls i när du trycker på kartan. Du kan också klistra in en position från telefonens kartapp.",
        "Filled in when you tap the map. You can also paste a position from the phone's map app.",
    ),
    "faltrapport.category": ("Vad?", "What?"),
    "faltrapport.now": ("Just nu", "Right now"),
    "faltrapport.date": ("Datum", "Date"),
    "faltrapport.time": ("Klockan", "Time"),
    "faltrapport.text": ("Kort beskrivning (valfritt, inga namn)", "Short description (optional, no names)"),
    "faltrapport.save": ("Spara rapport", "Save report"),
    "faltrapport.saved": ("Sparad (nr {id}){area}.", "Saved (no. {id}){area}."),
    "faltrapport.saved_area": (" i {area}", " in {area}"),
    "faltrapport.masked": (
        "Personuppgifter togs bort ur texten: {kinds}.",
        "Personal data was removed from the text: {kinds}.",
    ),
    "faltrapport.save_failed": (
        "Rapporten kunde inte sparas: {detail}. Det du fyllt i finns kvar – försök igen.",
        "The report could not be saved: {detail}. What you filled in is kept – try again.",
    ),
    "faltrapport.need_position": (
        "tryck på kartan eller skriv en position",
        "tap the map or type a position",
    ),
    # Police events
    "kallor.intro": (
        "Polisens öppna händelser är sammanhang på kommunnivå: positionen är kommunens eller länets mitt, inte "
        "platsen för händelsen. De visas därför aldrig i bostadsområden eller på händelsekartan.",
        "The police's open events are context at kommun level: the position is the centre of the kommun or "
        "the county, not the place of the event. They are therefore never shown in residential areas or on "
        "the incident map.",
    ),
    "kallor.import": ("Importera händelser (JSON från polisen.se)", "Import events (JSON from polisen.se)"),
    "kallor.import_button": ("Importera", "Import"),
    "kallor.imported": (
        "{read} händelser lästa: {new} nya, {updated} uppdaterade, {kommun} i en namngiven kommun, {lan} bara med län.",
        "{read} events read: {new} new, {updated} updated, {kommun} in a named kommun, {lan} with a county only.",
    ),
    "kallor.rejected": (
        "{n} händelse kunde inte läsas: {first} | {n} händelser kunde inte läsas, t.ex. {first}",
        "{n} event could not be read: {first} | {n} events could not be read, e.g. {first}",
    ),
    "kallor.kommun": ("Kommun", "Kommun"),
    "kallor.kommun_all": ("Alla kommuner", "All kommuner"),
    "kallor.types": ("Händelsetyper", "Event types"),
    "kallor.from": ("Från", "From"),
    "kallor.to": ("Till", "To"),
    "kallor.summaries": ("Visa sammanfattningar (natt, helg …)", "Show summaries (night, weekend …)"),
    "kallor.empty": (
        "Inga polishändelser för valet. Importera en fil ovan, eller med: est police import FIL",
        "No police events for the selection. Import a file above, or with: est police import FILE",
    ),
    "kallor.count": ("{n} händelse | {n} händelser", "{n} event | {n} events"),
    "kallor.col.when": ("Tid", "Time"),
    "kallor.col.type": ("Typ", "Type"),
    "kallor.col.kommun": ("Kommun", "Kommun"),
    "kallor.col.summary": ("Sammanfattning", "Summary"),
    "kallor.col.link": ("polisen.se", "polisen.se"),
    "kallor.col.category": ("EST-kategori", "EST category"),
    "kallor.context_title": ("Polisens händelser i {kommun}", "Police events in {kommun}"),
    "kallor.context_none": ("Inga polishändelser i kommunen under perioden.", "No police events in the kommun."),
    "kallor.summary_label": ("Sammanfattning", "Summary"),
    "kallor.lan_only_note": (
        "Händelser som bara anger län räknas inte till någon kommun.",
        "Events that name only a county are not counted in any kommun.",
    ),
    # Duplicate linking
    "dedup.raw": ("Rapporter (alla källor)", "Reports (all sources)"),
    "dedup.problems": ("Problem (dubbletter sammanslagna)", "Problems (duplicates merged)"),
    "dedup.title": ("Dubbletter mellan källor", "Duplicates across sources"),
    "dedup.intro": (
        "Samma sak rapporterad av flera källor (fastighetsägare, nattvandrare, polis) länkas till ett problem "
        "som behåller alla sina källor. Samordnaren bekräftar eller delar upp länkarna.",
        "The same thing reported by several sources (property owner, walkers, police) is linked into one "
        "problem that keeps all its sources. The coordinator confirms or splits the links.",
    ),
    "dedup.run": ("Sök dubbletter", "Find duplicates"),
    "dedup.run_help": (
        "Länkar om alla rapporter från grunden med de sparade gränserna (bekräftade problem och uppdelningar "
        "behålls). Varje import länkar sina egna rapporter själv; det här behövs efter ändrade gränser för "
        "dubbletter eller när en import sa att länkningen fick vänta.",
        "Relinks every report from scratch with the stored limits (confirmed problems and splits are kept). "
        "Every import links its own reports by itself; this is needed after changing the duplicate limits or "
        "when an import said the linking had to wait.",
    ),
    "dedup.ran": (
        "{problems} problem med sammanlagt {reports} rapporter.",
        "{problems} problems with {reports} reports.",
    ),
    "dedup.none": ("Inga länkade dubbletter ännu.", "No linked duplicates yet."),
    "dedup.problem": ("Visa problem", "Show problem"),
    "dedup.confirm": ("Bekräfta: samma sak", "Confirm: the same thing"),
    "dedup.split_which": ("Rapport", "Report"),
    "dedup.split": ("Dela upp: inte samma sak", "Split: not the same thing"),
    "dedup.status.open": ("Öppen", "Open"),
    "dedup.status.confirmed": ("Bekräftad", "Confirmed"),
    "dedup.col.id": ("Nr", "No."),
    "dedup.col.status": ("Status", "Status"),
    "dedup.col.reports": ("Rapporter", "Reports"),
    "dedup.col.sources": ("Källor", "Sources"),
    "dedup.col.first": ("Första rapport", "First report"),
    "dedup.col.last": ("Senaste rapport", "Last report"),
    "dedup.col.category": ("Kategori", "Category"),
    "dedup.col.when": ("Tid", "Time"),
    "dedup.col.source": ("Källa", "Source"),
    "dedup.col.organisation": ("Organisation", "Organisation"),
    "dedup.col.distance": ("Avstånd (m)", "Distance (m)"),
    "dedup.col.minutes": ("Minuter ifrån", "Minutes apart"),
    "dedup.col.confirmed": ("Bekräftad", "Confirmed"),
    "dedup.col.anchor": ("Första rapporten", "First report"),
}
