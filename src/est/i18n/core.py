"""Catalogue: the app shell, navigation and the shared filters."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("EST Lägesbild", "EST Situational Picture"),
    "app.language": ("Språk", "Language"),
    "app.demo_banner": (
        "Demodata: allt som visas är påhittat (syntetiska bostadsområden och rapporter i Östersund).",
        "Demo data: everything shown is synthetic (made-up residential areas and reports in Östersund).",
    ),
    "app.local_banner": (
        "Lokal enanvändarinstallation utan inloggning: appen nås bara från den här datorn.",
        "Local single-user install without login: the app is reachable from this computer only.",
    ),
    "app.freshness": ("Senaste rapport: {when}", "Latest report: {when}"),
    "app.no_data_freshness": ("Inga rapporter ännu", "No reports yet"),
    "app.busy": (
        "Databasen används just nu av en annan process (t.ex. en import). Försök igen om en stund. ({detail})",
        "The database is in use by another process (e.g. an import). Try again in a moment. ({detail})",
    ),
    "nav.group.picture": ("Lägesbild", "Situational picture"),
    "nav.group.meeting": ("EST-möte", "EST meeting"),
    "nav.group.report": ("Rapportera", "Report"),
    "nav.group.admin": ("Administrera", "Administer"),
    "nav.lagesbild": ("Lägesbild", "Situational picture"),
    "nav.karta": ("Händelsekarta", "Incident map"),
    "nav.trender": ("Trender", "Trends"),
    "nav.tider": ("Veckodag och timme", "Weekday and hour"),
    "nav.omrade": ("Områdesprofil", "Area profile"),
    "nav.mote": ("Mötesläge", "Meeting mode"),
    "nav.atgarder": ("Åtgärder", "Actions"),
    "nav.rapporter": ("Rapporter och export", "Reports and exports"),
    "nav.importera": ("Importera fil", "Import a file"),
    "nav.faltrapport": ("Snabbrapport", "Quick report"),
    "nav.omraden": ("Områden", "Areas"),
    "nav.kallor": ("Polisens händelser", "Police events"),
    "nav.anvandare": ("Användare", "Users"),
    "nav.logg": ("Granskningslogg", "Audit log"),
    "nav.integritet": ("Integritet", "Privacy"),
    "nav.konto": ("Konto", "Account"),
    "filter.period": ("Period", "Period"),
    "filter.from": ("Från", "From"),
    "filter.to": ("Till", "To"),
    "filter.area_set": ("Områdesindelning", "Area set"),
    "filter.areas": ("Områden", "Areas"),
    "filter.categories": ("Kategorier", "Categories"),
    "filter.sources": ("Källor", "Sources"),
    "filter.organisations": ("Organisationer", "Organisations"),
    "filter.title": ("Filter", "Filter"),
    "filter.summary_raw": ("varje rapport räknas", "every report counts"),
    "filter.preset.week": ("Senaste hela veckan", "Last complete week"),
    "filter.preset.4weeks": ("Senaste 4 veckorna", "Last 4 weeks"),
    "filter.preset.month": ("Senaste hela månaden", "Last complete month"),
    "filter.preset.tertial": ("Senaste hela tertialen", "Last complete tertial"),
    "filter.preset.year": ("Senaste 12 månaderna", "Last 12 months"),
    "filter.preset.custom": ("Eget intervall", "Custom range"),
    "common.outside_areas": ("Utanför områden", "Outside areas"),
    "common.no_data": (
        "Inga rapporter ännu. Importera en fil under Rapportera → Importera fil, eller starta med demodata: "
        "est init --demo",
        "No reports yet. Import a file under Report → Import a file, or start with demo data: est init --demo",
    ),
    "common.no_area_sets": (
        "Det finns ingen områdesindelning ännu. Lägg till en under Administrera → Områden.",
        "There is no area set yet. Add one under Administer → Areas.",
    ),
    "common.not_built": (
        "Den här sidan är ännu inte byggd i den här versionen.",
        "This page is not built yet in this version.",
    ),
    "common.incidents": ("Problem", "Problems"),
    "common.reports": ("Rapporter", "Reports"),
    "common.area": ("Område", "Area"),
    "common.choose": ("Välj …", "Choose …"),
    "common.code": ("Kod", "Code"),
    "common.count": ("Antal", "Count"),
    "common.previous": ("Föregående period", "Previous period"),
    "common.category": ("Kategori", "Category"),
    "common.source": ("Källa", "Source"),
    "common.organisation": ("Organisation", "Organisation"),
    "common.population": ("Invånare", "Population"),
    "common.permission_denied": (
        "Din roll ({role}) får inte göra detta. Be en administratör om behörighet.",
        "Your role ({role}) may not do this. Ask an administrator for access.",
    ),
    "common.page_denied": (
        "Din roll ({role}) får inte öppna sidan {page}. Be en administratör om behörighet.",
        "Your role ({role}) may not open the page {page}. Ask an administrator for access.",
    ),
    "map.assets_missing": (
        "Kartan kan inte visas: kartbiblioteket (Leaflet) saknas i {folder} ({count} filer saknas, t.ex. "
        "{first}). Kör `make assets` (eller `python scripts/fetch_assets.py`) i mappen där app.py ligger och "
        "ladda om sidan.",
        "The map cannot be shown: the map library (Leaflet) is missing in {folder} ({count} files missing, e.g. "
        "{first}). Run `make assets` (or `python scripts/fetch_assets.py`) in the folder holding app.py and "
        "reload the page.",
    ),
    # The kinds of personal data est.access.privacy masks (its TAGS keys).
    "privacy.kind.email": ("e-postadress", "e-mail address"),
    "privacy.kind.personnummer": ("personnummer", "personal identity number"),
    "privacy.kind.phone": ("telefonnummer", "phone number"),
    "privacy.kind.regnr": ("registreringsnummer", "registration number"),
    "privacy.kind.name": ("namn", "name"),
}
