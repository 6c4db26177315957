"""Catalogue: the Categories page (map the sources' own labels to EST categories) and its hint on the Import page."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.kategorier": ("Kategorier", "Categories"),
    "kategorier.intro": (
        "Varje källa använder sina egna etiketter. Etiketter som importen inte kände igen sparades som "
        "Okategoriserad med etiketten kvar. Välj en EST-kategori för en etikett: rapporterna som redan finns "
        "uppdateras och nästa import från organisationen använder samma val.",
        "Every source uses its own labels. Labels the import did not recognise were stored as Uncategorised "
        "with the label kept. Choose an EST category for a label: the stored reports are updated and the "
        "organisation's next import uses the same choice.",
    ),
    "kategorier.no_organisations": (
        "Inga organisationer ännu. Importera en fil först (Importera fil eller `est import`).",
        "No organisations yet. Import a file first (Import a file or `est import`).",
    ),
    "kategorier.organisation": ("Organisation", "Organisation"),
    "kategorier.show_all": (
        "Visa alla etiketter, inte bara okategoriserade",
        "Show every label, not only uncategorised",
    ),
    "kategorier.none_unmapped": (
        "Alla etiketter från {organisation} har en EST-kategori.",
        "Every label from {organisation} has an EST category.",
    ),
    "kategorier.none_at_all": (
        "Inga rapporter från {organisation} har en egen etikett.",
        "No reports from {organisation} carry a label of their own.",
    ),
    "kategorier.count": ("{labels} på {incidents}", "{labels} on {incidents}"),
    "kategorier.n_labels": ("{n} etikett | {n} etiketter", "{n} label | {n} labels"),
    "kategorier.n_incidents": ("{n} rapport | {n} rapporter", "{n} report | {n} reports"),
    "kategorier.col.label": ("Källans etikett", "Source label"),
    "kategorier.col.category": ("Nuvarande kategori", "Current category"),
    "kategorier.col.incidents": ("Rapporter", "Reports"),
    "kategorier.col.saved": ("Sparad mappning", "Saved mapping"),
    "kategorier.col.origin": ("Sparad av", "Saved by"),
    "kategorier.origin.keyword": ("nyckelord", "keyword"),
    "kategorier.origin.user": ("samordnare", "coordinator"),
    "kategorier.map_title": ("Mappa en etikett", "Map a label"),
    "kategorier.label": ("Etikett", "Label"),
    "kategorier.category": ("EST-kategori", "EST category"),
    "kategorier.apply": ("Spara mappningen", "Save the mapping"),
    "kategorier.mapped": (
        "”{label}” från {organisation} är nu {category}: {n} rapport uppdaterades. | ”{label}” från "
        "{organisation} är nu {category}: {n} rapporter uppdaterades.",
        "“{label}” from {organisation} is now {category}: {n} report updated. | “{label}” from {organisation} "
        "is now {category}: {n} reports updated.",
    ),
    "import.unmapped_hint": ("Mappa etiketterna till EST-kategorier", "Map the labels to EST categories"),
}
