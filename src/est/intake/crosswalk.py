"""The category crosswalk: a source's own labels → EST category codes, per organisation.

Who calls it: :mod:`est.intake.importer` maps the distinct labels of a file with :func:`map_labels`
(the organisation's saved crosswalk first, then the built-in Swedish/English keyword table) and saves
what the keywords found; a coordinator re-maps a label with :func:`remap_label`, which also updates the
stored incidents. Labels that nothing recognises become ``okategoriserad`` with the label kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from est.access.auth import Permission, Viewer, require
from est.errors import EstError
from est.intake.fields import normalise_name

if TYPE_CHECKING:
    from est.store import Reader, Writer

__all__ = ["KEYWORDS", "UNMAPPED", "LabelMapping", "keyword_category", "map_labels", "remap_label", "save_mappings"]

UNMAPPED = "okategoriserad"

#: (words, category code). An entry matches when each of its space-separated words occurs somewhere in the
#: normalised label (lower case, no accents, letters and digits only, so compounds match: "källarinbrott"
#: holds "kallar" and "inbrott"; a word may be a phrase written together, "stöldurfordon"). Of the
#: matching entries the one with the most words wins, then the deepest category, then the earlier entry:
#: "Inbrott förråd" matches ``inbrott`` (one word) and ``inbrott förråd`` (two): ``ordning.inbrott.forrad``.
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("inbrott källar", "ordning.inbrott.kallare"),
    ("breakin basement", "ordning.inbrott.kallare"),
    ("inbrott förråd", "ordning.inbrott.forrad"),
    ("uppbrut förråd", "ordning.inbrott.forrad"),
    ("breakin storeroom", "ordning.inbrott.forrad"),
    ("inbrott lägenhet", "ordning.inbrott.lagenhet"),
    ("bostadsinbrott", "ordning.inbrott.lagenhet"),
    ("breakin flat", "ordning.inbrott.lagenhet"),
    ("inbrott bil", "ordning.inbrott.bil"),
    ("uppbrut bil", "ordning.inbrott.bil"),
    ("stöldurfordon", "ordning.inbrott.bil"),
    ("breakin car", "ordning.inbrott.bil"),
    ("burglary", "ordning.inbrott"),
    ("breakin", "ordning.inbrott"),
    ("inbrott", "ordning.inbrott"),
    ("genombrand", "skadegorelse.brand"),
    ("arson", "skadegorelse.brand"),
    ("anlagdbrand", "skadegorelse.brand"),
    ("brand", "skadegorelse.brand"),
    ("klotter", "skadegorelse.klotter"),
    ("graffiti", "skadegorelse.klotter"),
    ("tags", "skadegorelse.klotter"),
    ("glaskross", "skadegorelse.glaskross"),
    ("krossad", "skadegorelse.glaskross"),
    ("brokenglass", "skadegorelse.glaskross"),
    ("brokenwindow", "skadegorelse.glaskross"),
    ("skadegorelse", "skadegorelse.ovrig"),
    ("criminaldamage", "skadegorelse.ovrig"),
    ("vandalism", "skadegorelse.ovrig"),
    ("damage", "skadegorelse.ovrig"),
    ("samlingitrapphus", "samling.trapphus"),
    ("trapphus", "samling.trapphus"),
    ("stairwell", "samling.trapphus"),
    ("samling källar", "samling.kallare"),
    ("kallare", "samling.kallare"),
    ("basement", "samling.kallare"),
    ("samling förråd", "samling.forrad"),
    ("forrad", "samling.forrad"),
    ("storeroom", "samling.forrad"),
    ("garage", "samling.garage"),
    ("samling utomhus", "samling.utomhus"),
    ("samling", "samling.utomhus"),
    ("ungdomsgang", "samling.utomhus"),
    ("gathering", "samling.utomhus"),
    ("narkotika", "ordning.narkotika"),
    ("droger", "ordning.narkotika"),
    ("drog", "ordning.narkotika"),
    ("drug", "ordning.narkotika"),
    ("mopedbil", "ordning.trafik.mopedbil"),
    ("mopedcar", "ordning.trafik.mopedbil"),
    ("epatraktor", "ordning.trafik.a_traktor"),
    ("atraktor", "ordning.trafik.a_traktor"),
    ("atractor", "ordning.trafik.a_traktor"),
    ("buskorning", "ordning.trafik.buskorning"),
    ("recklessdriving", "ordning.trafik.buskorning"),
    ("hogmusik", "ordning.trafik.hog_musik"),
    ("loudmusic", "ordning.trafik.hog_musik"),
    ("trafik", "ordning.trafik"),
    ("traffic", "ordning.trafik"),
    ("olovligtboende", "ordning.olovligt_boende"),
    ("overnattning", "ordning.olovligt_boende"),
    ("sovplats", "ordning.olovligt_boende"),
    ("roughsleeping", "ordning.olovligt_boende"),
    ("unauthorisedsleeping", "ordning.olovligt_boende"),
    ("stold", "ordning.stold"),
    ("theft", "ordning.stold"),
    ("snatteri", "ordning.stold"),
    ("robbery", "ordning.stold"),
    ("brak", "ordning.brak"),
    ("ordningsstorning", "ordning.brak"),
    ("ordningslagen", "ordning.brak"),
    ("storning", "ordning.brak"),
    ("misshandel", "ordning.brak"),
    ("slagsmal", "ordning.brak"),
    ("vald", "ordning.brak"),
    ("disorder", "ordning.brak"),
    ("disturbance", "ordning.brak"),
    ("fighting", "ordning.brak"),
    ("antisocial", "ordning.brak"),
    ("assault", "ordning.brak"),
    ("violence", "ordning.brak"),
    ("belysning", "otrygg_plats.belysning"),
    ("lighting", "otrygg_plats.belysning"),
    ("morker", "otrygg_plats.belysning"),
    ("vegetation", "otrygg_plats.vegetation"),
    ("buskage", "otrygg_plats.vegetation"),
    ("nedskrapning", "otrygg_plats.nedskrapning"),
    ("skrap", "otrygg_plats.nedskrapning"),
    ("litter", "otrygg_plats.nedskrapning"),
    ("otryggplats", "otrygg_plats"),
    ("arrangemang", "arrangemang"),
    ("evenemang", "arrangemang"),
    ("event", "arrangemang"),
)
# Each entry's words in normalised form, with its rank: (word count, depth of the code, -position).
_KEYWORDS = tuple(
    (tuple(normalise_name(w) for w in words.split()), code, (len(words.split()), code.count("."), -i))
    for i, (words, code) in enumerate(KEYWORDS)
)


@dataclass(frozen=True)
class LabelMapping:
    """How one source label was mapped, and by what (``code``, ``keyword``, ``saved`` or ``unmapped``)."""

    label: str
    code: str
    how: str


def keyword_category(label: str, known_codes: Iterable[str] = ()) -> str | None:
    """Return the EST category a label means by the built-in keyword table (or an exact code), or None.

    The most specific matching entry of :data:`KEYWORDS` wins (most words, then the deepest category).

    Examples
    --------
    >>> keyword_category("Skadegörelse, genom brand (ej på motorfordon)")
    'skadegorelse.brand'
    >>> keyword_category("Criminal damage and arson")
    'skadegorelse.brand'
    >>> keyword_category("Klotter fasad")
    'skadegorelse.klotter'
    >>> keyword_category("Inbrott förråd")
    'ordning.inbrott.forrad'
    """
    stripped = label.strip().lower()
    if stripped in set(known_codes):
        return stripped
    key = normalise_name(label)
    if not key:
        return None
    matching = [(rank, code) for words, code, rank in _KEYWORDS if all(word in key for word in words)]
    return max(matching)[1] if matching else None


def map_labels(reader: Reader, organisation_id: int, labels: Iterable[str]) -> list[LabelMapping]:
    """Map distinct source labels: the organisation's crosswalk, else keywords, else ``okategoriserad``."""
    codes = {str(r[0]) for r in reader.rows("SELECT code FROM categories")}
    saved = {
        str(k): str(c)
        for k, c in reader.rows(
            "SELECT label_key, category_code FROM category_crosswalk WHERE organisation_id = ?", [organisation_id]
        )
    }
    result: list[LabelMapping] = []
    for label in labels:
        key = normalise_name(label)
        if key in saved and saved[key] in codes:
            result.append(LabelMapping(label, saved[key], "saved"))
            continue
        found = keyword_category(label, codes)
        if found is not None and found in codes:
            result.append(LabelMapping(label, found, "code" if found == label.strip().lower() else "keyword"))
        else:
            result.append(LabelMapping(label, UNMAPPED, "unmapped"))
    return result


def save_mappings(writer: Writer, organisation_id: int, mappings: Iterable[LabelMapping], actor: str) -> None:
    """Save what the keyword table found, so the organisation's next file maps the same way."""
    rows = [
        [organisation_id, normalise_name(m.label), m.label, m.code, actor]
        for m in mappings
        if m.how == "keyword" and normalise_name(m.label)
    ]
    writer.executemany(
        # every column given: an upsert into a server store does not apply the table's defaults
        "INSERT INTO category_crosswalk (organisation_id, label_key, label, category_code, origin, updated_at, "
        "updated_by) VALUES (?, ?, ?, ?, 'keyword', current_timestamp, ?) ON CONFLICT DO NOTHING",
        rows,
    )


def remap_label(writer: Writer, viewer: Viewer, organisation_id: int, label: str, code: str) -> int:
    """Map one source label of an organisation to ``code`` and update its stored incidents.

    Parameters
    ----------
    writer
        The open write transaction.
    viewer
        Who asks; needs ``MANAGE_CATEGORIES``.
    organisation_id
        Whose label it is.
    label
        The source's label as it appears in the files.
    code
        An EST category code.

    Returns
    -------
    int
        How many stored incidents changed category.

    Raises
    ------
    EstError
        For an unknown category code (listing the codes).
    """
    require(viewer, Permission.MANAGE_CATEGORIES)
    codes = [str(r[0]) for r in writer.rows("SELECT code FROM categories ORDER BY sort")]
    if code not in codes:
        raise EstError(
            f"unknown category {code!r}; choose one of: {', '.join(codes)}",
            sv=f"okänd kategori {code!r}; välj en av: {', '.join(codes)}",
        )
    key = normalise_name(label)
    writer.execute(
        "INSERT INTO category_crosswalk (organisation_id, label_key, label, category_code, origin, updated_at, "
        "updated_by) VALUES (?, ?, ?, ?, 'user', current_timestamp, ?) ON CONFLICT (organisation_id, label_key) "
        "DO UPDATE SET "
        "category_code = excluded.category_code, origin = 'user', updated_by = excluded.updated_by, "
        "updated_at = now()",
        [organisation_id, key, label, code, viewer.user],
    )
    labels = [
        str(r[0])
        for r in writer.rows(
            "SELECT DISTINCT source_label FROM incidents WHERE organisation_id = ? AND source_label IS NOT NULL",
            [organisation_id],
        )
    ]
    same = [lab for lab in labels if normalise_name(lab) == key]
    if not same:
        return 0
    return writer.changed(
        "UPDATE incidents SET category_code = ? WHERE organisation_id = ? AND source_label IN "
        "(SELECT unnest(?::VARCHAR[])) AND category_code <> ?",
        [code, organisation_id, same, code],
    )
