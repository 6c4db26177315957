"""The import's target fields, recognising them from column names, and the mapping a user can override.

Who calls it: :mod:`est.intake.importer` (automatic mapping, ``--map FIELD=COLUMN`` overrides, profiles),
the Import page (one choice per field) and the CLI.

Column names are compared normalised (:func:`normalise_name`: lower case, å/ä/ö → a/a/o, only letters and
digits), so ``Händelsedatum``, ``HÄNDELSE-DATUM`` and ``handelse datum`` are the same name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from est.errors import InputFileError

__all__ = [
    "FIELDS",
    "FIELD_NAMES",
    "Field",
    "apply_overrides",
    "columns_key",
    "detect_mapping",
    "normalise_name",
]


@dataclass(frozen=True)
class Field:
    """One target field of an incident and the column names that are recognised for it."""

    name: str
    label_sv: str
    label_en: str
    names: tuple[str, ...]  # normalised column names, most specific first


FIELDS: tuple[Field, ...] = (
    Field(
        "occurred_at",
        "Datum (och tid)",
        "Date (and time)",
        (
            "occurredat",
            "handelsedatum",
            "handelsetid",
            "datumtid",
            "datumochtid",
            "tidpunkt",
            "intraffade",
            "intraffaddatum",
            "rapportdatum",
            "anmalningsdatum",
            "startdatum",
            "starttid",
            "datetime",
            "timestamp",
            "datum",
            "date",
            "dag",
            "tid",
        ),
    ),
    Field("occurred_time", "Klockslag", "Time of day", ("klockslag", "klocka", "kl", "tid", "time", "tidpunkt")),
    Field(
        "occurred_until",
        "Till (datum/tid)",
        "Until (date/time)",
        ("occurreduntil", "tilltid", "tidtill", "sluttid", "slutdatum", "datumtill", "till", "enddate", "end"),
    ),
    Field(
        "category",
        "Kategori",
        "Category",
        (
            "kategori",
            "underkategori",
            "handelsetyp",
            "brottstyp",
            "arendetyp",
            "incidenttyp",
            "typ",
            "handelse",
            "category",
            "type",
            "incidenttype",
            "rubrik",
        ),
    ),
    Field(
        "description",
        "Beskrivning",
        "Description",
        (
            "beskrivning",
            "handelsebeskrivning",
            "description",
            "kommentar",
            "kommentarer",
            "notering",
            "anteckning",
            "fritext",
            "text",
            "summary",
            "sammanfattning",
            "detaljer",
        ),
    ),
    Field(
        "place",
        "Plats eller adress",
        "Place or address",
        ("adress", "gatuadress", "address", "plats", "platsnamn", "place", "location", "lage", "gata", "fastighet"),
    ),
    Field("lat", "Latitud (WGS84)", "Latitude (WGS84)", ("lat", "latitud", "latitude", "wgs84lat", "breddgrad")),
    Field("lon", "Longitud (WGS84)", "Longitude (WGS84)", ("lon", "lng", "long", "longitud", "longitude", "langdgrad")),
    Field(
        "x",
        "X (projicerad)",
        "X (projected)",
        ("x", "xkoord", "xkoordinat", "koordinatx", "easting", "ost", "e", "sweref99e", "xsweref"),
    ),
    Field(
        "y",
        "Y (projicerad)",
        "Y (projected)",
        ("y", "ykoord", "ykoordinat", "koordinaty", "northing", "nord", "n", "sweref99n", "ysweref"),
    ),
    Field(
        "area",
        "Område (namn eller kod)",
        "Area (name or code)",
        (
            "omrade",
            "omradesnamn",
            "omradeskod",
            "bostadsomrade",
            "stadsdel",
            "area",
            "district",
            "kommunkod",
            "kommun",
            "deso",
            "regso",
        ),
    ),
    Field(
        "external_id",
        "Ärendenummer (id)",
        "Case number (id)",
        (
            "arendenummer",
            "arendenr",
            "arendeid",
            "handelseid",
            "handelsenummer",
            "externalid",
            "externtid",
            "referens",
            "lopnummer",
            "lopnr",
            "id",
            "nr",
        ),
    ),
    Field("count", "Antal", "Count", ("antal", "count", "antalhandelser", "quantity", "number")),
)

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
_BY_NAME = {f.name: f for f in FIELDS}


def normalise_name(name: str) -> str:
    """Return a column name or label in comparable form: lower case, no accents, letters and digits only.

    Examples
    --------
    >>> normalise_name(" Händelse-datum ")
    'handelsedatum'
    """
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", ascii_only)


def columns_key(columns: Sequence[str]) -> str:
    """Return the key that identifies a header for profile matching (normalised names joined by ``|``)."""
    return "|".join(normalise_name(c) for c in columns)


def detect_mapping(columns: Sequence[str]) -> dict[str, str]:
    """Guess which column holds which field from the column names alone.

    Each column is used for at most one field. ``tid`` is the date-and-time when there is no other date
    column and the time of day when there is one.

    Parameters
    ----------
    columns
        The header as read.

    Returns
    -------
    dict
        Field name → column name, for the fields that were recognised.
    """
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(normalise_name(column), column)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for field in FIELDS:
        for candidate in field.names:
            found = by_norm.get(candidate)
            if found is not None and found not in used:
                mapping[field.name] = found
                used.add(found)
                break
    # a lone time column next to a date column that holds a time already is no separate time
    if "occurred_time" in mapping and "occurred_at" not in mapping:
        mapping["occurred_at"] = mapping.pop("occurred_time")
    return mapping


def apply_overrides(
    mapping: Mapping[str, str], overrides: Mapping[str, str | None], columns: Sequence[str]
) -> dict[str, str]:
    """Apply user choices to a mapping; a column given for one field is taken away from any other.

    Column names match exactly, else case- and accent-insensitively.

    Raises
    ------
    InputFileError
        When a named column is not in the file (listing the columns there are).
    """
    result = dict(mapping)
    by_norm = {normalise_name(c): c for c in columns}
    for field, column in overrides.items():
        if field not in _BY_NAME:
            raise InputFileError(
                f"unknown field {field!r}; choose one of: {', '.join(FIELD_NAMES)}",
                sv=f"okänt fält {field!r}; välj ett av: {', '.join(FIELD_NAMES)}",
            )
        if column is None:
            result.pop(field, None)
            continue
        real = column if column in columns else by_norm.get(normalise_name(column))
        if real is None:
            raise InputFileError(
                f"the column {column!r} (for {field}) is not in the file; choose one of: {', '.join(columns)}",
                sv=f"kolumnen {column!r} (för {field}) finns inte i filen; välj en av: {', '.join(columns)}",
            )
        for other, used in list(result.items()):
            if used == real and other != field:
                del result[other]
        result[field] = real
    return result
