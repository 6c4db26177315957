"""Catalogue: the Areas page (area sets, upload, population and indicators)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "omraden.title": ("Områden", "Areas"),
    "omraden.set": ("Områdesindelning", "Area set"),
    "omraden.set_option": ("{name} ({areas} områden)", "{name} ({areas} areas)"),
    "omraden.default_mark": (" – standard", " – default"),
    "omraden.none": (
        "Det finns ingen områdesindelning än. Ladda upp kommunens egna områden under fliken Ladda upp.",
        "There is no area set yet. Upload the municipality's own areas in the Upload tab.",
    ),
    "omraden.tab_sets": ("Indelningar", "Area sets"),
    "omraden.tab_upload": ("Ladda upp", "Upload"),
    "omraden.tab_values": ("Befolkning och indikatorer", "Population and indicators"),
    "omraden.tab_addresses": ("Adressregister", "Address register"),
    "omraden.addresses_intro": (
        "Kommunens belägenhetsadresser (en punkt per adress) ger rapporter med adress men utan koordinater en "
        "exakt plats. Filen ersätter det sparade registret, och alla sparade rapporter matchas om.",
        "The kommun's address register (one point per address) gives reports with an address but no "
        "coordinates an exact position. The file replaces the stored register, and every stored report is "
        "matched again.",
    ),
    "omraden.addresses_status": (
        "Adressregistret har {n} adresser (från {file}). {placed} rapporter har sin punkt från det; {left} "
        "rapporter med adress saknar fortfarande koordinater.",
        "The address register has {n} addresses (from {file}). {placed} reports have their point from it; "
        "{left} reports with an address still have no coordinates.",
    ),
    "omraden.addresses_none": (
        "Inget adressregister är inläst. {left} rapporter med adress saknar koordinater.",
        "No address register has been imported. {left} reports with an address have no coordinates.",
    ),
    "omraden.addresses_upload": (
        "Adressregister (CSV, GeoPackage eller GeoJSON)",
        "Address register (CSV, GeoPackage or GeoJSON)",
    ),
    "omraden.addresses_upload_help": (
        "Gata, nummer, bokstav och postnummer, och en punkt: i en GIS-fil, eller som kolumner E/N, X/Y eller "
        "lat/lon i en CSV. Alla svenska koordinatsystem (SWEREF 99 TM, lokala SWEREF 99-zoner, RT 90, WGS 84).",
        "Street, number, letter and postcode, and a point: in a GIS file, or as E/N, X/Y or lat/lon columns "
        "in a CSV. Any Swedish coordinate system (SWEREF 99 TM, local SWEREF 99 zones, RT 90, WGS 84).",
    ),
    "omraden.addresses_read": (
        "Filen har {n} adresser i {crs} ({how}). Kolumner: {columns}.",
        "The file has {n} addresses in {crs} ({how}). Columns: {columns}.",
    ),
    "omraden.addresses_skipped": (
        "{n} rader saknade gata, nummer eller punkt och hoppades över.",
        "{n} rows lacked a street, number or point and were skipped.",
    ),
    "omraden.addresses_import": ("Läs in adressregistret", "Import the address register"),
    "omraden.addresses_done": (
        "Adressregistret har nu {n} adresser. {matched} rapporter fick en punkt, {unmatched} hittades inte "
        "(och {reverted} förlorade sin tidigare punkt).",
        "The address register now has {n} addresses. {matched} reports got a point, {unmatched} were not "
        "found (and {reverted} lost their earlier point).",
    ),
    "omraden.addresses_missed": ("Adresser som inte hittades:", "Addresses that were not found:"),
    "omraden.addresses_missed_text": ("Adress i rapporten", "Address in the report"),
    "omraden.addresses_missed_why": ("Varför", "Why"),
    "omraden.addresses_reason.not_in_register": ("finns inte i registret", "not in the register"),
    "omraden.addresses_reason.ambiguous": (
        "flera adresser med samma namn: lägg till postnumret",
        "several addresses of that name: add the postcode",
    ),
    "omraden.addresses_reason.postcode": ("postnumret stämmer inte", "the postcode does not match"),
    "omraden.addresses_reason.no_address": ("ingen gata och nummer", "no street and number"),
    "omraden.areas_metric": ("Områden", "Areas"),
    "omraden.inside_metric": ("Problem i områdena", "Problems in the areas"),
    "omraden.outside_metric": ("Utanför områden", "Outside areas"),
    "omraden.outside_help": (
        "Problem med koordinater utanför alla områden i indelningen: räknade, aldrig bortkastade. Som på "
        "analyssidorna räknas det som flera källor rapporterat en gång.",
        "Problems with coordinates outside every area of the set: counted, never dropped. As on the analysis "
        "pages, what several sources reported counts once.",
    ),
    "omraden.counting": (
        "Alla rapporter sedan start. Siffrorna räknar problem, som på analyssidorna: det som flera källor "
        "rapporterat räknas en gång.",
        "Every report since the start. The figures count problems, as on the analysis pages: what several sources "
        "reported counts once.",
    ),
    "omraden.make_default": ("Gör till standardindelning", "Make this the default set"),
    "omraden.default_done": ("{name} är nu standardindelning.", "{name} is now the default set."),
    "omraden.col_name": ("Område", "Area"),
    "omraden.col_code": ("Kod", "Code"),
    "omraden.col_population": ("Invånare", "Population"),
    "omraden.col_dwellings": ("Bostäder", "Dwellings"),
    "omraden.col_incidents": ("Problem", "Problems"),
    "omraden.col_rate": ("Per 1 000 invånare", "Per 1,000 inhabitants"),
    "omraden.upload": ("Områdesfil", "Area file"),
    "omraden.upload_help": (
        "GeoJSON, GeoPackage eller Shapefile som zip (med .shp, .shx, .dbf och .prj). Alla svenska "
        "koordinatsystem fungerar: SWEREF 99 TM, de lokala SWEREF 99-zonerna, RT 90 och WGS 84.",
        "GeoJSON, GeoPackage or a zipped Shapefile (with .shp, .shx, .dbf and .prj). Every Swedish "
        "coordinate system works: SWEREF 99 TM, the local SWEREF 99 zones, RT 90 and WGS 84.",
    ),
    "omraden.crs": ("Koordinatsystem (om filen saknar det)", "Coordinate system (if the file lacks it)"),
    "omraden.crs_help": (
        "T.ex. EPSG:3006 för SWEREF 99 TM eller EPSG:3012 för SWEREF 99 14 15. Lämna tomt för att läsa det ur filen.",
        "E.g. EPSG:3006 for SWEREF 99 TM or EPSG:3012 for SWEREF 99 14 15. Leave empty to read it from the file.",
    ),
    "omraden.encoding": ("Teckenkodning (Shapefile)", "Text encoding (Shapefile)"),
    "omraden.encoding_help": (
        "Lämna tomt så känns den igen (t.ex. cp1252 eller utf-8).",
        "Leave empty to detect it (e.g. cp1252 or utf-8).",
    ),
    "omraden.file_read": (
        "{polygons} områden lästa. Koordinatsystem: {crs} ({how}).",
        "{polygons} areas read. Coordinate system: {crs} ({how}).",
    ),
    "omraden.file_encoding": ("Teckenkodning: {encoding}.", "Text encoding: {encoding}."),
    "omraden.crs_how.declared": ("angivet i filen", "declared in the file"),
    "omraden.crs_how.prj": ("från .prj-filen", "from the .prj file"),
    "omraden.crs_how.legacy crs member": ("från filens crs-fält", "from the file's crs member"),
    "omraden.crs_how.detected": ("igenkänt från koordinaterna", "detected from the coordinates"),
    "omraden.crs_how.given": ("angivet av dig", "given by you"),
    "omraden.preview": ("Förhandsvisning av filens kolumner", "Preview of the file's columns"),
    "omraden.name_column": ("Kolumn med områdesnamn", "Column with area names"),
    "omraden.code_column": ("Kolumn med områdeskod (valfri)", "Column with area codes (optional)"),
    "omraden.population_column": ("Kolumn med invånare (valfri)", "Column with population (optional)"),
    "omraden.dwellings_column": ("Kolumn med bostäder (valfri)", "Column with dwellings (optional)"),
    "omraden.no_column": ("(ingen)", "(none)"),
    "omraden.set_name": ("Indelningens namn", "Name of the area set"),
    "omraden.set_name_help": (
        "Ett befintligt namn ersätter den indelningen: alla rapporter fördelas om och du ser hur många som flyttade.",
        "An existing name replaces that set: every report is re-assigned and you see how many moved.",
    ),
    "omraden.set_default": ("Gör till standardindelning", "Make it the default set"),
    "omraden.import": ("Importera områden", "Import areas"),
    "omraden.imported": (
        "Indelningen {name} importerades: {areas} områden, {assigned} rapporter fördelade.",
        "The area set {name} was imported: {areas} areas, {assigned} reports assigned.",
    ),
    "omraden.replaced": (
        "Indelningen {name} ersattes: {areas} områden ({removed} borttagna), {moved} rapporter bytte område.",
        "The area set {name} was replaced: {areas} areas ({removed} removed), {moved} reports moved.",
    ),
    "omraden.merged": (
        "Områden som filen ritar i flera delar med samma namn slogs ihop till ett område var: {merged}.",
        "Areas the file draws in several parts with one name were merged into one area each: {merged}.",
    ),
    "omraden.merged_item": ("{name} ({parts} delar)", "{name} ({parts} parts)"),
    "omraden.edit_help": (
        "Byt namn och fyll i invånare och bostäder direkt i tabellen; de används för tal per 1 000 invånare.",
        "Rename areas and fill in population and dwellings in the table; they are used for rates per 1,000.",
    ),
    "omraden.save": ("Spara ändringar", "Save changes"),
    "omraden.saved": ("{count} områden ändrades.", "{count} areas changed."),
    "omraden.indicators": ("Indikatorer per år", "Indicators per year"),
    "omraden.indicators_upload": ("Indikatorer (CSV)", "Indicators (CSV)"),
    "omraden.indicators_help": (
        "En rad per område och år: kod (eller namn), år, och en kolumn per indikator, t.ex. befolkning, "
        "bostäder och andel som känner sig otrygga ute sent på kvällen (trygghetsundersökningen).",
        "One row per area and year: code (or name), year, and one column per indicator, e.g. population, "
        "dwellings and the share who feel unsafe outdoors at night (the safety survey).",
    ),
    "omraden.indicators_import": ("Importera indikatorer", "Import indicators"),
    "omraden.indicators_done": (
        "{values} värden importerades för åren {years}.",
        "{values} values were imported for the years {years}.",
    ),
    "omraden.indicators_problems": ("{count} rader kunde inte användas:", "{count} rows could not be used:"),
    "omraden.no_indicators": ("Inga indikatorer än.", "No indicators yet."),
}
