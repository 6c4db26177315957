"""Catalogue: the Import page (``import.*``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "import.title": ("Importera rapporter från fil", "Import reports from a file"),
    "import.intro": (
        "Ladda upp en CSV- eller Excelfil från ert system. Kolumnerna känns igen automatiskt; kontrollera "
        "kopplingen, kontrollera filen och importera. Rader med fel listas och kan laddas ner, rättas och "
        "laddas upp igen. Redan importerade rader hoppas över.",
        "Upload a CSV or Excel file from your system. Columns are recognised automatically; check the mapping, "
        "validate the file and import. Rows with errors are listed and can be downloaded, fixed and uploaded "
        "again. Rows already imported are skipped.",
    ),
    "import.organisation": ("Organisation som filen kommer från", "Organisation the file comes from"),
    "import.new_organisation": ("… eller en ny organisation", "… or a new organisation"),
    "import.source_kind": ("Typ av källa för den nya organisationen", "Kind of source of the new organisation"),
    "import.source_kind_help": (
        "Vad för slags organisation den nya är: fastighetsägare eller bostadsbolag, väktare, nattvandrare, "
        "kommun, polis … Rapporterna från filen räknas till den källan.",
        "What kind of organisation the new one is: property owner or housing company, security guards, night "
        "walkers, municipality, police … The file's reports count for that source.",
    ),
    "import.file": ("Fil (CSV eller Excel)", "File (CSV or Excel)"),
    "import.detected": (
        "Kodning {encoding}, avgränsare {delimiter}, {columns} kolumner. Profil: {profile}.",
        "Encoding {encoding}, separator {delimiter}, {columns} columns. Profile: {profile}.",
    ),
    "import.no_profile": ("ingen sparad (sparas vid import)", "none saved (saved on import)"),
    "import.preview": ("De första raderna", "The first rows"),
    "import.mapping": ("Koppla kolumner till fält", "Map columns to fields"),
    "import.unmapped": ("— ingen —", "— none —"),
    "import.map_field": ("Fält", "Field"),
    "import.map_column": ("Kolumn i filen", "Column in the file"),
    "import.map_example": ("Exempel från filen", "Example from the file"),
    "import.date_order": ("Datumordning för t.ex. 03/11/2026", "Date order for e.g. 03/11/2026"),
    "import.date_auto": ("Automatiskt", "Automatic"),
    "import.date_dmy": ("Dag/månad (svenskt)", "Day/month (Swedish)"),
    "import.date_mdy": ("Månad/dag (amerikanskt)", "Month/day (US)"),
    "import.crs": ("Koordinatsystem för X/Y", "Coordinate system of X/Y"),
    "import.area_set": ("Områdesindelning för områdesnamn", "Area set for area names"),
    "import.profile": ("Spara kopplingen som profil", "Save the mapping as profile"),
    "import.validate": ("Kontrollera filen", "Validate the file"),
    "import.commit": ("Importera", "Import"),
    "import.need_org": ("Välj eller skriv organisationen först.", "Choose or type the organisation first."),
    "import.step.read": ("Läser filen …", "Reading the file …"),
    "import.step.validate": ("Kontrollerar raderna …", "Validating the rows …"),
    "import.step.commit": ("Sparar …", "Saving …"),
    "import.step.areas": ("Placerar i områden …", "Placing in areas …"),
    "import.step.done": ("Klart", "Done"),
    "import.n_rows": ("{n} rad | {n} rader", "{n} row | {n} rows"),
    "import.result_committed": (
        "{n} rad importerades (batch {batch}). | {n} rader importerades (batch {batch}).",
        "{n} row was imported (batch {batch}). | {n} rows were imported (batch {batch}).",
    ),
    "import.result_dry_run": (
        "Kontroll klar: {importable} av {rows} skulle importeras. Inget har sparats ännu.",
        "Validation done: {importable} of {rows} would be imported. Nothing has been saved yet.",
    ),
    "import.dry_run_duplicates": (
        "{n} rad är redan inläst (eller finns två gånger i filen) och skulle hoppas över. | "
        "{n} rader är redan inlästa (eller finns två gånger i filen) och skulle hoppas över.",
        "{n} row is already stored (or twice in the file) and would be skipped. | "
        "{n} rows are already stored (or twice in the file) and would be skipped.",
    ),
    "import.result_nothing_new": (
        "Inga nya rader: den giltiga raden fanns redan. Inget sparades. | "
        "Inga nya rader: alla {n} giltiga rader fanns redan. Inget sparades.",
        "Nothing new: the valid row was already stored. Nothing was saved. | "
        "Nothing new: all {n} valid rows were already stored. Nothing was saved.",
    ),
    "import.rows_read": ("Lästa rader", "Rows read"),
    "import.rows_imported": ("Importerade", "Imported"),
    "import.rows_importable": ("Skulle importeras", "Would be imported"),
    "import.rows_rejected": ("Avvisade", "Rejected"),
    "import.rows_duplicate": ("Redan inlästa eller dubbletter", "Already stored or duplicates"),
    "import.rows_outside": ("Utanför områden", "Outside areas"),
    "import.fields_masked": (
        "{n} fritextfält innehöll personuppgifter (telefon, personnummer, namn …) som maskerades. | "
        "{n} fritextfält innehöll personuppgifter (telefon, personnummer, namn …) som maskerades.",
        "{n} free-text field contained personal data (phone, personal id number, names …) that was masked. | "
        "{n} free-text fields contained personal data (phone, personal id number, names …) that was masked.",
    ),
    "import.header_rows": (
        "Upprepade rubrikrader hoppades över (rad {rows}).",
        "Repeated header lines were skipped (line {rows}).",
    ),
    "import.unmapped_categories": (
        "Etiketter utan EST-kategori (sparade som Okategoriserad): {labels}",
        "Labels without an EST category (stored as Uncategorised): {labels}",
    ),
    "import.rejects": ("Avvisade rader", "Rejected rows"),
    "import.row": ("Rad", "Line"),
    "import.reason": ("Orsak", "Reason"),
    "import.download_rejects": ("Ladda ner avvisade rader (CSV)", "Download rejected rows (CSV)"),
    "import.batches": ("Senaste importer", "Latest imports"),
    "import.no_batches": ("Inga importer ännu.", "No imports yet."),
    "import.undo": ("Ångra batch", "Undo batch"),
    "import.undone": (
        "Batch {batch} ångrades: {n} rapport togs bort. | Batch {batch} ångrades: {n} rapporter togs bort.",
        "Batch {batch} undone: {n} report removed. | Batch {batch} undone: {n} reports removed.",
    ),
}
