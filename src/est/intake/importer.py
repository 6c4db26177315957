"""The incident import: one file → one batch, validated row by row, committed atomically.

Who calls it: ``est import`` (:mod:`est.cli.cmd_import`) and the Import page, through :func:`preview`
(detection only, instant) and :func:`import_file` (the whole import).

How it works. Python looks at the first megabyte (:mod:`est.intake.read`) to find the encoding, separator,
header and mapping; everything else happens under the write lock, and every change to the database in
ONE write transaction:

1. one statement reads the whole file (``read_csv`` with ``all_varchar`` columns, or the Excel sheet
   through python-calamine) and parses and validates every row in the same pass (dates, numbers,
   SWEREF → WGS84 by :mod:`est.intake.sweref`), giving each bad row a Swedish reason; its result is a
   temporary table in file order, so its rowid is the row number. It is made just before the
   transaction begins (:class:`est.store.Stage`): DuckDB reads a temporary table made inside a
   transaction back on one thread only, and everything after this step reads it;
2. the category crosswalk and masked free text (only the distinct texts that may hold personal data)
   are joined in as small tables while the good rows that are not already stored for the organisation
   are inserted into ``incidents``;
3. the new points are placed in every area set in chunks (:mod:`est.intake.placing`, the rule of
   :func:`est.areas.sets.assign_incidents`), the audit entry is written, and the batch row gets its counts.

DuckDB's memory limit is lowered for the import, so its temporary tables spill to disk rather than grow
with the file (docs/import.md has the design and the measured figures).

Any error rolls everything back, and so does a killed process (DuckDB never commits a half transaction).
Row numbers (``rad N``) count lines as a spreadsheet does: the header is row 1.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.access.privacy import mask_texts
from est.errors import EstError, InputFileError
from est.i18n import Lang, t
from est.intake import dates, sweref
from est.intake.crosswalk import UNMAPPED, LabelMapping, map_labels, save_mappings
from est.intake.fields import FIELD_NAMES, FIELDS, apply_overrides, columns_key, detect_mapping
from est.intake.organisations import NEW_ORGANISATION_SOURCE_KIND
from est.intake.placing import AreaLocator
from est.intake.read import SourceFile, blank_lines, inspect_file, physical_line, read_excel_rows, transcode_to_utf8
from est.intake.sweref import SWEREF_ZONES

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa
    from numpy.typing import NDArray

    from est.store import Reader, Stage, Store, Writer

__all__ = [
    "ALLOWED_CRS",
    "ImportOptions",
    "ImportReport",
    "Preview",
    "import_file",
    "preview",
    "rejects_csv",
]

ALLOWED_CRS: tuple[int, ...] = (4326, 3006, *range(3007, 3019), 3021)
SWEDEN_BOUNDS = (55.0, 69.1, 10.5, 24.2)  # min lat, max lat, min lon, max lon
MAX_REJECT_ROWS_KEPT = 100_000
MAX_LINE_BYTES = 8 << 20
#: The row-number expression of a source whose rows are numbered by their position (a CSV file): its
#: parse result has no ``rn`` column, and ``est_rows`` numbers the rows by rowid.
NO_ROW_NUMBERS = "CAST(NULL AS BIGINT)"
PLACE_CHUNK_ROWS = 500_000  # points per look-up chunk when placing new incidents in areas

ProgressFn = Callable[[float, str], None]


@dataclass(frozen=True)
class ImportOptions:
    """The choices of one import; everything not given is detected or taken from a saved profile."""

    organisation: str | None = None
    source_kind: str | None = None
    area_set: str | None = None
    profile: str | None = None
    overrides: tuple[tuple[str, str | None], ...] = ()
    crs: str | None = None
    date_format: str | None = None
    dry_run: bool = False
    sheet: str | None = None
    display_name: str | None = None  # the uploaded file's name (the path may be a temporary file)


@dataclass
class ImportReport:
    """What an import did; ``to_dict`` is the CLI's ``--json`` object."""

    batch_id: int | None
    file_name: str
    organisation: str
    columns: list[str]
    mapping: dict[str, str]
    encoding: str
    delimiter: str
    profile: str | None
    crs: str
    date_order: str
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    rows_outside_areas: int = 0
    fields_masked: int = 0
    addresses_geocoded: int = 0  # rows without coordinates placed from the address register (est.intake.addresses)
    header_rows_skipped: list[int] = field(default_factory=list)
    unmapped_categories: list[str] = field(default_factory=list)
    categories: list[dict[str, str]] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    status: str = "committed"  # committed | dry_run | nothing_new
    message: str = ""
    seconds: float = 0.0
    reject_rows: list[list[str]] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-able values (without the raw rejected rows)."""
        data = asdict(self)
        data.pop("reject_rows")
        return data


@dataclass(frozen=True)
class Preview:
    """What the first megabyte of a file says: for the page's mapping step and ``--dry-run``."""

    source: SourceFile
    mapping: dict[str, str]
    profile: str | None
    crs: str
    date_format: str | None


class _Abort(Exception):
    """Raised inside the write block to roll back a dry run or an import with nothing new."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.status)
        self.report = report


# -- organisations, profiles, mapping ----------------------------------------------------------------


def _find_org(reader: Reader, name: str) -> tuple[int, str] | None:
    row = reader.row("SELECT id, source_kind FROM organisations WHERE lower(name) = lower(?)", [name.strip()])
    return None if row is None else (int(row[0]), str(row[1]))


def _org_name(reader: Reader, org_id: int) -> str:
    name = reader.value("SELECT name FROM organisations WHERE id = ?", [org_id])
    if name is None:
        raise EstError(
            f"your account's organisation (id {org_id}) no longer exists; "
            "ask an administrator to set your organisation",
            sv=f"ditt kontos organisation (id {org_id}) finns inte längre; "
            "be en administratör att ange din organisation",
        )
    return str(name)


def _find_profile(
    reader: Reader, org_id: int | None, name: str | None, key: str
) -> tuple[str, dict[str, str], dict[str, Any]] | None:
    if org_id is None:
        return None
    if name:
        row = reader.row(
            "SELECT name, mapping_json, options_json FROM import_profiles WHERE organisation_id = ? AND name = ?",
            [org_id, name],
        )
    else:
        row = reader.row(
            "SELECT name, mapping_json, options_json FROM import_profiles WHERE organisation_id = ? "
            "AND columns_key = ? ORDER BY updated_at DESC LIMIT 1",
            [org_id, key],
        )
    if row is None:
        return None
    return str(row[0]), json.loads(row[1]), json.loads(row[2])


def _resolve(
    reader: Reader, source: SourceFile, org_id: int | None, options: ImportOptions
) -> tuple[dict[str, str], str | None, str, str | None]:
    """Return (mapping, profile name, crs, date format): detected < saved profile < explicit options."""
    mapping = detect_mapping(source.columns)
    profile = _find_profile(reader, org_id, options.profile, columns_key(source.columns))
    crs: str | None = None
    date_format: str | None = None
    profile_name = options.profile
    if profile is not None:
        profile_name, saved, saved_options = profile
        usable = {f: c for f, c in saved.items() if f in FIELD_NAMES and c in source.columns}
        if len(usable) == len(saved):
            mapping = usable
        crs = saved_options.get("crs")
        date_format = saved_options.get("date_format")
    mapping = apply_overrides(mapping, dict(options.overrides), source.columns)
    mapping = _projected_in_latlon(mapping, source)
    return mapping, profile_name, options.crs or crs or "EPSG:3006", options.date_format or date_format


def _projected_in_latlon(mapping: dict[str, str], source: SourceFile) -> dict[str, str]:
    """Columns named lat/lon that hold SWEREF metres are x/y (a common export mistake)."""
    if "lat" not in mapping or "lon" not in mapping or "x" in mapping or "y" in mapping:
        return mapping
    index = {c: i for i, c in enumerate(source.columns)}
    big = 0
    for row in source.sample:
        for fname in ("lat", "lon"):
            i = index[mapping[fname]]
            if i < len(row):
                with contextlib.suppress(ValueError):
                    big += abs(float(row[i].replace(",", ".").replace(" ", ""))) > 1000
    if big:
        mapping = dict(mapping)
        mapping["y"] = mapping.pop("lat")
        mapping["x"] = mapping.pop("lon")
    return mapping


_FIELD_LABELS: dict[str, tuple[str, str]] = {f.name: (f.label_sv, f.label_en) for f in FIELDS}


def _field_label(name: str, lang: Lang) -> str:
    """A field as the Import page's mapping table names it, quoted: 'Datum (och tid)'."""
    label_sv, label_en = _FIELD_LABELS[name]
    return f"'{label_sv if lang == 'sv' else label_en}'"


def _check_mapping(mapping: Mapping[str, str], source: SourceFile) -> None:
    """Refuse a mapping without a date column, with half a coordinate pair, or without any location column.

    Each message says where to choose the column: on the Import page's mapping table, or with ``--map``.
    """
    found = ", ".join(source.columns)
    step_en, step_sv = f"'{t('import.mapping', 'en')}'", f"'{t('import.mapping', 'sv')}'"
    if "occurred_at" not in mapping:
        raise InputFileError(
            f"no date column found; the columns are: {found}. Choose the column for "
            f"{_field_label('occurred_at', 'en')} under {step_en} (on the command line: --map occurred_at=COLUMN)",
            sv=f"ingen datumkolumn hittades; kolumnerna är: {found}. Välj kolumnen för "
            f"{_field_label('occurred_at', 'sv')} under {step_sv} (i kommandoraden: --map occurred_at=KOLUMN)",
        )
    for a, b in (("lat", "lon"), ("x", "y")):
        if (a in mapping) != (b in mapping):
            have, missing = (a, b) if a in mapping else (b, a)
            raise InputFileError(
                f"there is a column for {_field_label(have, 'en')} but not for {_field_label(missing, 'en')}; "
                f"choose it under {step_en} (on the command line: --map {missing}=COLUMN)",
                sv=f"kolumnen för {_field_label(have, 'sv')} finns men inte för {_field_label(missing, 'sv')}; "
                f"välj den under {step_sv} (i kommandoraden: --map {missing}=KOLUMN)",
            )
    if not ({"lat", "x", "area"} & mapping.keys()):
        en = [_field_label(f, "en") for f in ("lat", "lon", "x", "y", "area")]
        sv = [_field_label(f, "sv") for f in ("lat", "lon", "x", "y", "area")]
        raise InputFileError(
            f"no location column found (coordinates or area); the columns are: {found}. Choose the columns for "
            f"{en[0]} and {en[1]}, {en[2]} and {en[3]}, or {en[4]} under {step_en} (on the command line: "
            "--map lat=COLUMN --map lon=COLUMN, --map x=… --map y=…, or --map area=COLUMN)",
            sv=f"ingen platskolumn hittades (koordinater eller område); kolumnerna är: {found}. Välj kolumnerna för "
            f"{sv[0]} och {sv[1]}, {sv[2]} och {sv[3]}, eller {sv[4]} under {step_sv} (i kommandoraden: "
            "--map lat=KOLUMN --map lon=KOLUMN, --map x=… --map y=…, eller --map area=KOLUMN)",
        )


def _crs_code(crs: str) -> int:
    text = crs.strip().upper().removeprefix("EPSG:")
    if not text.isdigit() or int(text) not in ALLOWED_CRS:
        allowed = ", ".join(f"EPSG:{c}" for c in ALLOWED_CRS)
        raise InputFileError(
            f"the coordinate system {crs!r} is not supported; choose one of: {allowed} (on the command line: --crs)",
            sv=f"koordinatsystemet {crs!r} stöds inte; välj ett av: {allowed} (i kommandoraden: --crs)",
        )
    return int(text)


def preview(store: Store, viewer: Viewer, path: str | os.PathLike[str], options: ImportOptions) -> Preview:
    """Detect format and mapping from the beginning of a file (nothing is written).

    Raises
    ------
    InputFileError
        For whole-file problems (empty, binary, no header, unknown column in an override).
    """
    require(viewer, Permission.IMPORT)
    source = inspect_file(path, sheet=options.sheet)
    with store.reading() as r:
        org = _find_org(r, options.organisation) if options.organisation else None
        org_id = org[0] if org else viewer.organisation_id
        mapping, profile, crs, date_format = _resolve(r, source, org_id, options)
    return Preview(source, mapping, profile, crs, date_format)


# -- the import ----------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _source(writer: Reader, source: SourceFile, csv_path: Path | None) -> tuple[str, str, dict[str, Any]]:
    """The whole file as a relation of text columns (c0…, c_extra), its row-number expression and parameters.

    A CSV file is read by ``read_csv`` inside the parse statement itself (no staging copy of the text):
    the parse result is a temporary table whose rowid is the file order (DuckDB preserves insertion
    order), which gives the row numbers without a ``row_number()`` window that would serialise the parse.
    """
    width = len(source.columns)
    names = [f"c{i}" for i in range(width)] + ["c_extra"]
    if source.kind == "excel":
        import pyarrow as pa

        _sheet, rows = read_excel_rows(source.path, source.sheet)
        data: dict[str, Any] = {"rn": pa.array(range(2, len(rows) + 1), pa.int64())}
        for i, name in enumerate(names):
            if name == "c_extra":
                values = [("\t".join(r[width:]) or None) if len(r) > width else None for r in rows[1:]]
            else:
                values = [(r[i] if i < len(r) and r[i] != "" else None) for r in rows[1:]]
            data[name] = pa.array(values, pa.string())
        writer.register("est_excel", pa.table(data))
        return "est_excel", "s.rn", {}
    assert csv_path is not None
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    delim = {"\t": "\\t"}.get(source.delimiter, source.delimiter)
    # The delimiter comes from read._DELIMITERS and the column names are generated: no user text here.
    relation = (
        "read_csv($path, auto_detect = false, header = true, "
        f"delim = '{delim}', quote = '\"', escape = '\"', strict_mode = false, null_padding = true, "
        f"max_line_size = {MAX_LINE_BYTES}, columns = {columns})"
    )
    return relation, NO_ROW_NUMBERS, {"path": str(csv_path)}


def _wrap_db_error(exc: Exception, source: SourceFile) -> EstError:
    """The error to raise for DuckDB's failure to read the file beyond the sample (bad UTF-8, a huge line)."""
    full = str(exc).lower()
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    name = source.file_name
    if "unicode" in full or "utf-8" in full:
        return InputFileError(
            f"{name} has characters further into the file that are not valid UTF-8; save it as UTF-8 "
            "(or as .xlsx) and try again",
            sv=f"filen {name} har tecken som inte är giltig UTF-8 längre in i filen; spara den som "
            "UTF-8 (eller som .xlsx) och försök igen",
        )
    if "maximum line size" in full or "max_line_size" in full:
        megabytes = MAX_LINE_BYTES >> 20
        return InputFileError(
            f"a line in {name} is longer than {megabytes} MB: check that the file is a CSV file with line breaks",
            sv=f"en rad i {name} är längre än {megabytes} MB: kontrollera att filen är en CSV-fil med radbrytningar",
        )
    return InputFileError(
        f"{name} could not be read as CSV: {text}; save it again as CSV (UTF-8) or as .xlsx and try again",
        sv=f"filen {name} kunde inte läsas som CSV: {text}; spara den igen som CSV (UTF-8) eller som .xlsx och "
        "försök igen",
    )


_SPACE_SEPARATORS = (32, 160, 5760, *range(8192, 8203), 8239, 8287, 12288)  # Unicode category Zs


def _trimmed(expr: str, *, mostly_ascii: bool = True) -> str:
    """SQL: ``nullif(trim(expr), '')``, calling ``trim`` only when an end may be a space (it is slow per row).

    DuckDB's trim removes Unicode space separators (category Zs): the ASCII space and code points from
    U+00A0 up. An ASCII space at either end is looked for first; a text that is all ASCII (as many bytes as
    characters) can have no other, and only the rest is tested for the other separators at its ends. That
    order is 40 % cheaper than testing every separator on every text when the texts are ASCII. For a column
    that is ``mostly_ascii=False`` (Swedish free text, by the file's sample) the ASCII test would only cost a
    scan of each text for its length, so every separator is tested at once (30 % cheaper there); the two
    forms give the same result for every text.
    """
    # ord() reads one character; right(x, 1) would scan the whole text, so the end is tested by suffixes
    ends = " OR ".join(f"suffix({expr}, chr({c}))" for c in _SPACE_SEPARATORS if c != 32)
    if not mostly_ascii:
        return (
            f"nullif(CASE WHEN ord({expr}) = 32 OR ord({expr}) >= 160 OR suffix({expr}, ' ') OR {ends} "
            f"THEN trim({expr}) ELSE {expr} END, '')"
        )
    return (
        f"nullif(CASE WHEN ord({expr}) = 32 OR suffix({expr}, ' ') THEN trim({expr}) "
        f"WHEN strlen({expr}) = length({expr}) THEN {expr} "
        f"WHEN ord({expr}) >= 160 OR {ends} THEN trim({expr}) ELSE {expr} END, '')"
    )


def _mostly_ascii(source: SourceFile, index: int) -> bool:
    """Whether most of the sample's non-empty values in column ``index`` are ASCII text."""
    values = [row[index] for row in source.sample if index < len(row) and row[index]]
    return 2 * sum(value.isascii() for value in values) >= len(values)


def _raw(mapping: Mapping[str, str], source: SourceFile, fname: str) -> str:
    column = mapping.get(fname)
    if column is None:
        return "CAST(NULL AS VARCHAR)"
    return f"s.c{source.columns.index(column)}"


def _norm_sql(expr: str) -> str:
    return f"regexp_replace(strip_accents(lower({expr})), '[^a-z0-9]', '', 'g')"


def _number_sql(expr: str) -> str:
    """SQL: a number with a decimal comma and spaces / no-break spaces as thousands separators, or NULL.

    ``expr`` is a trimmed field, so a space in it is inside the number, where DuckDB's cast refuses it: the
    plain reading (the comma made a point) is tried first, and only a value it refuses is looked at for
    spaces and read again without them. Most values are plain, and testing each for spaces first cost a
    quarter of the reading.
    """
    return (
        f"coalesce(TRY_CAST(replace({expr}, ',', '.') AS DOUBLE), "
        f"CASE WHEN contains({expr}, ' ') OR contains({expr}, chr(160)) "
        f"THEN TRY_CAST(replace(replace(replace({expr}, ' ', ''), chr(160), ''), ',', '.') AS DOUBLE) END)"
    )


@dataclass(frozen=True)
class _Coordinates:
    """The SQL of a row's location: its two coordinate texts and the latitude and longitude made of them."""

    first: str  # the latitude or Y text (its number is ``v_a``)
    second: str  # the longitude or X text (its number is ``v_b``)
    lat: str
    lon: str
    point: str  # the RT 90 point made by ST_Transform (column ``pt``), else NULL
    steps: tuple[str, ...]  # SWEREF 99 → WGS84 as arithmetic, one projection step per CTE
    hint: str  # added to the "outside Sweden" reason when the coordinates were projected


def _coordinates_sql(mapping: Mapping[str, str], crs: int) -> _Coordinates:
    """How the parse turns the mapped coordinate columns into WGS84: lat/lon as they are, X/Y projected."""
    steps: list[str] = []
    point = "NULL"  # no geometry (and no spatial extension) unless RT 90 needs ST_Transform
    if "lat" in mapping:
        first, second = "r_lat", "r_lon"
        lat, lon = "v_a", "v_b"
    elif "x" in mapping:
        first, second = "r_y", "r_x"
        if crs == 4326:
            lat, lon = "v_a", "v_b"
        elif crs in SWEREF_ZONES:
            steps, lat, lon = sweref.inverse_sql(crs, "greatest(v_a, v_b)", "least(v_a, v_b)")
        else:
            point = (
                f"ST_Transform(ST_Point(least(v_a, v_b), greatest(v_a, v_b)), 'EPSG:{crs}', 'EPSG:4326', "
                "always_xy := true)"
            )
            lat, lon = "ST_Y(pt)", "ST_X(pt)"
    else:
        first = second = "CAST(NULL AS VARCHAR)"
        lat = lon = "CAST(NULL AS DOUBLE)"
    hint = " — kontrollera koordinatsystemet (--crs)" if "x" in mapping and crs != 4326 else ""
    return _Coordinates(first, second, lat, lon, point, tuple(steps), hint)


def _field_sql(mapping: Mapping[str, str], source: SourceFile) -> dict[str, str]:
    """SQL per field: its trimmed text column in the ``cut`` CTE (``t3``), or a NULL when it is not mapped."""
    return {f: _raw(mapping, source, f).replace("s.c", "t") for f in FIELD_NAMES}


def _header_sql(source: SourceFile) -> str:
    """SQL: true for a row that repeats the header row (two exports pasted together), on up to 12 columns.

    The full comparison runs only on rows whose first field can equal the first column name: long enough,
    and (when it starts with an ASCII character other than a space, which trimming cannot remove) starting
    with the name's first letter in either case; a byte order mark before it (two UTF-8 exports with BOMs
    pasted together) does not hide the header.
    """
    first_name = source.columns[0].strip()
    checked = min(len(source.columns), 12)
    first = first_name[:1]
    if first and first.isascii():  # the ASCII characters a row may start with: the name's first, either case
        starts = ", ".join(str(ord(c)) for c in sorted({first.lower(), first.upper()}))
        other_start = f"ord(s.c0) NOT IN (32, {starts})"
    else:
        other_start = "ord(s.c0) <> 32 AND ord(lower(chr(ord(s.c0)))) <> ord(lower($h0))"
    return (
        f"CASE WHEN s.c0 IS NULL OR strlen(s.c0) < {len(first_name)} THEN false "
        f"WHEN ord(s.c0) < 128 AND {other_start} THEN false "
        "WHEN lower(trim(ltrim(s.c0, chr(65279)))) = lower($h0) THEN "
        + " AND ".join(
            f"lower(coalesce(trim({'ltrim(s.c0, chr(65279))' if i == 0 else f's.c{i}'}), '')) = lower($h{i})"
            for i in range(checked)
        )
        + " ELSE false END"
    )


def _rows_sql(mapping: Mapping[str, str], source: SourceFile, relation: str, rn: str) -> str:
    """The CTEs ``cut`` and ``base``: every line's fields, trimmed, and its raw text per field and flags."""
    width = len(source.columns)
    all_cols = [f"s.c{i}" for i in range(width)]
    blank = "coalesce(" + ", ".join(all_cols) + ", s.c_extra) IS NULL"
    used = sorted({_raw(mapping, source, f) for f in FIELD_NAMES} - {"CAST(NULL AS VARCHAR)"})
    indexes = [int(c.removeprefix("s.c")) for c in used]
    trimmed = ", ".join(f"{_trimmed(f's.c{i}', mostly_ascii=_mostly_ascii(source, i))} AS t{i}" for i in indexes)
    raw = _field_sql(mapping, source)
    # concat() makes one string where each || would make one more (a date without a time stays as it is,
    # and a missing date stays missing)
    at_raw = (
        f"CASE WHEN {raw['occurred_time']} IS NULL OR {raw['occurred_at']} IS NULL THEN {raw['occurred_at']} "
        f"ELSE concat({raw['occurred_at']}, ' ', {raw['occurred_time']}) END"
    )
    delim = source.delimiter or "\t"
    swallowed = "\\n[^\\n]*" + {"\t": "\\t", "|": "\\|"}.get(delim, delim)
    has_newline = " OR ".join(f"contains(s.c{i}, chr(10))" for i in range(width))
    content = "concat_ws(chr(31), " + ", ".join(raw[f] for f in FIELD_NAMES if f != "external_id") + ")"
    return f"""cut AS (
    SELECT {rn} AS rn, {", ".join(all_cols)}, s.c_extra, {trimmed} FROM {relation} s
), base AS (
    SELECT s.*, ({_header_sql(source)}) AS is_header, {blank} AS is_blank,
        {at_raw} AS r_at, {raw["occurred_until"]} AS r_until, {raw["category"]} AS r_cat,
        {raw["description"]} AS r_desc, {raw["place"]} AS r_place,
        {raw["lat"]} AS r_lat, {raw["lon"]} AS r_lon, {raw["x"]} AS r_x, {raw["y"]} AS r_y,
        {raw["area"]} AS r_area, {raw["external_id"]} AS r_ext, {raw["count"]} AS r_count,
        s.c_extra AS r_extra,
        CASE WHEN {has_newline} THEN regexp_matches(concat_ws(' ', {", ".join(all_cols)}), '{swallowed}')
            ELSE false END AS r_swallowed,
        CASE WHEN {raw["external_id"]} IS NULL THEN md5({content}) END AS r_content_hash
    FROM cut s
)"""  # noqa: S608 - built only from code constants and generated column identifiers


def _values_sql(order: str, date_format: str | None, where: _Coordinates) -> str:
    """The CTEs ``shaped`` … ``zoned``: dates in Stockholm time, coordinate numbers, count and area key."""
    start = dates.parse_sql("d", order, date_format, iso="d_iso")
    until = dates.parse_sql("u", order, date_format, iso="u_iso")
    ca, cb = where.first, where.second
    return f"""shaped AS (
    SELECT b.*, {dates.iso_shape_sql("r_at")} AS d_iso, {dates.iso_shape_sql("r_until")} AS u_iso FROM base b
), cleaned AS (
    SELECT b.*, {dates.clean_sql("r_at", date_format, "d_iso")} AS d, {dates.clean_sql("r_until", date_format, "u_iso")} AS u
    FROM shaped b
), typed AS (
    SELECT c.*, {start.local} AS t_local, {start.aware} AS t_aware, {start.precision} AS time_precision,
        {until.local} AS u_local, {until.aware} AS u_aware,
        {_number_sql(ca)} AS v_a, {_number_sql(cb)} AS v_b,
        TRY_CAST(r_count AS INTEGER) AS v_count,
        ({ca}) IS NOT NULL OR ({cb}) IS NOT NULL AS has_coord,
        CASE WHEN ({ca}) IS NULL AND ({cb}) IS NULL THEN {_norm_sql("r_area")} END AS k_area
    FROM cleaned c
), zoned AS (
    SELECT t.*, coalesce(t_aware, {dates.stockholm_sql("t_local")}) AS occurred_at,
        coalesce(u_aware, {dates.stockholm_sql("u_local")}) AS occurred_until
    FROM typed t
)"""  # noqa: E501, S608 - built only from code constants


def _location_sql(where: _Coordinates) -> str:
    """The CTEs ``step0`` … ``located``: latitude and longitude in WGS84 (projected step by step if need be)."""
    # each projection step uses the previous one's columns
    chain = "".join(f"), step{i} AS (SELECT t.*, {sql} FROM step{i - 1} t\n" for i, sql in enumerate(where.steps, 1))  # noqa: S608 - code constants
    return f"""step0 AS (
    SELECT t.*, CASE WHEN has_coord AND v_a IS NOT NULL AND v_b IS NOT NULL THEN {where.point} END AS pt FROM zoned t
{chain}), projected AS (
    SELECT * FROM step{len(where.steps)}
), located AS (
    SELECT t.*,
        CASE WHEN has_coord AND v_a IS NOT NULL AND v_b IS NOT NULL THEN {where.lat} END AS lat,
        CASE WHEN has_coord AND v_a IS NOT NULL AND v_b IS NOT NULL THEN {where.lon} END AS lon
    FROM projected t
)"""  # noqa: S608 - built only from code constants


def _judged_sql(order: str, date_format: str | None, where: _Coordinates) -> str:
    """The CTE ``judged``: each row's Swedish reason for rejection, NULL for a good row (first failure wins)."""
    looks = dates.parse_sql("l.d", order, date_format).looks_like_date
    ca, cb = where.first, where.second
    min_lat, max_lat, min_lon, max_lon = SWEDEN_BOUNDS
    return f"""judged AS (
    SELECT l.*,
        CASE
            WHEN l.is_header OR l.is_blank THEN NULL
            WHEN l.r_extra IS NOT NULL THEN 'raden har fler fält än rubrikraden — kontrollera avgränsare och citattecken'
            WHEN l.r_swallowed THEN 'ett citattecken stängs aldrig, så fältet fortsätter över flera rader — rätta citattecknen'
            WHEN l.d IS NULL OR l.d = '' THEN 'datum saknas'
            WHEN l.occurred_at IS NULL AND {looks} THEN format('datum "{{}}" finns inte', left(l.r_at, 40))
            WHEN l.occurred_at IS NULL THEN format('datum "{{}}" kan inte tolkas som ett datum (t.ex. 2026-11-03 21:40)', left(l.r_at, 40))
            WHEN l.occurred_at > now() + INTERVAL 1 DAY THEN format('datum "{{}}" ligger i framtiden', left(l.r_at, 40))
            WHEN l.occurred_at < TIMESTAMPTZ '1990-01-01 00:00:00+00' THEN format('datum "{{}}" är före 1990', left(l.r_at, 40))
            WHEN l.u IS NOT NULL AND l.u <> '' AND l.occurred_until IS NULL THEN format('slutdatum "{{}}" kan inte tolkas', left(l.r_until, 40))
            WHEN l.occurred_until < l.occurred_at THEN format('slutdatum "{{}}" är före startdatum', left(l.r_until, 40))
            WHEN l.r_count IS NOT NULL AND (l.v_count IS NULL OR l.v_count < 1) THEN format('antal "{{}}" är inte ett positivt heltal', left(l.r_count, 40))
            WHEN l.has_coord AND (({ca}) IS NULL OR ({cb}) IS NULL) THEN 'bara den ena koordinaten finns'
            WHEN l.has_coord AND l.v_a IS NULL THEN format('koordinaten "{{}}" är inte ett tal', left({ca}, 40))
            WHEN l.has_coord AND l.v_b IS NULL THEN format('koordinaten "{{}}" är inte ett tal', left({cb}, 40))
            WHEN l.has_coord AND (l.lat IS NULL OR l.lat NOT BETWEEN {min_lat} AND {max_lat}
                OR l.lon NOT BETWEEN {min_lon} AND {max_lon}) THEN 'koordinaten ligger utanför Sverige{where.hint}'
            WHEN NOT l.has_coord AND l.r_area IS NULL THEN 'ingen plats — varken koordinater eller område'
        END AS reason
    FROM located l
)"""  # noqa: E501, S608 - built only from code constants


# Which texts can est.access.privacy.mask_text change? Each of its patterns needs something these find: an @ or
# "(at)", five digits with at most one separator between them (phone numbers and personnummer), three
# capitals and two digits (registration numbers), or a cue word ("regnr", "heter", "hyresgäst" …). Only
# texts that match go through the masker, so a file of a million different texts stays fast; the test
# tests/test_import_masking.py checks that no text the masker changes is missed.
_CUE_WORDS = (
    "reg|heter|hette|kallad|kallas|känd|namn|alias|herr|fru|hyresgäst|anmälare|kontaktperson|boende|misstänkt|"
    "sonen|dottern|pojken|flickan|killen|tjejen|mannen|kvinnan"
)


def _python_folds(words: str) -> str:
    """Spell out what Python's re.IGNORECASE folds into i, s and k in a lower-case regex alternation.

    Dotless ı and dotted İ, long ſ and the Kelvin sign: RE2's case folding does not fold all of them.
    """
    return words.translate({ord("i"): "[i\u0131\u0130]", ord("s"): "[s\u017f]", ord("k"): "[k\u212a]"})


_CUE_PATTERN = _python_folds(f"[(\\[].?(?:at|snabel-a).?[)\\]]|{_CUE_WORDS}")


def may_hold_personal_data_sql(expr: str) -> str:
    """SQL: true for texts that :func:`est.access.privacy.mask_text` could change (a cheap superset test).

    The cue words are matched case-insensitively by RE2 itself, with Python's extra folds of i, s and k
    spelled out: four times faster than lower-casing a copy of every text first. Digits, plates and cue
    words are one pattern (the cues in a case-insensitive group), so each text is scanned once, not twice.
    """
    digits = "\\p{Nd}(?:[ \u00a0/-]?\\p{Nd}){4}"
    plate = "[A-Z]{3}[ -]?\\p{Nd}{2}"
    return f"(contains({expr}, '@') OR regexp_matches({expr}, '{digits}|{plate}|(?is:{_CUE_PATTERN})'))"


#: The columns of ``est_parsed`` that come from optional fields: ``column: (fields, any of which the file must
#: have; the column's expression in the parse; what the view ``est_rows`` shows without them)``. A column of
#: NULLs (or ones) would still be held, and spilled past the memory limit, for every row of a big file.
_OPTIONAL_COLUMNS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "occurred_until": (("occurred_until",), "occurred_until", "CAST(NULL AS TIMESTAMPTZ)"),
    "source_label": (("category",), "r_cat", "CAST(NULL AS VARCHAR)"),
    "description": (("description",), "r_desc", "CAST(NULL AS VARCHAR)"),
    # the masking's pre-test of each description, made while the parse has the text at hand (a later scan
    # would read every description back from the spilled table for it)
    "description_suspect": (("description",), may_hold_personal_data_sql("r_desc"), "false"),
    "place": (("place",), "r_place", "CAST(NULL AS VARCHAR)"),
    "lat": (("lat", "lon", "x", "y"), "lat", "CAST(NULL AS DOUBLE)"),
    "lon": (("lat", "lon", "x", "y"), "lon", "CAST(NULL AS DOUBLE)"),
    "k_area": (("area",), "k_area", "CAST(NULL AS VARCHAR)"),
    "external_id": (("external_id",), "r_ext", "CAST(NULL AS VARCHAR)"),
    "count": (("count",), "coalesce(v_count, 1)", "CAST(1 AS INTEGER)"),
}


def _optional_columns(mapping: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The optional columns ``est_parsed`` keeps for this mapping, and what ``est_rows`` shows for the others."""
    kept: list[str] = []
    stand_ins: list[str] = []
    for column, (fields, expression, without) in _OPTIONAL_COLUMNS.items():
        if any(f in mapping for f in fields):
            kept.append(f"{expression} AS {column}")
        else:
            stand_ins.append(f"{without} AS {column}")
    return kept, stand_ins


def _parse_statement(
    mapping: Mapping[str, str],
    source: SourceFile,
    relation: str,
    rn: str,
    crs: int,
    order: str,
    date_format: str | None,
) -> str:
    """The one statement that reads, parses, validates and locates every row (only code-built SQL).

    Every line of the file becomes one row of ``est_parsed`` in file order (blank lines and repeated
    headers included, flagged), so its rowid gives the row number; rejected rows keep their original
    fields in ``raw`` for the rejects file. Nothing here may reorder rows (a join's probe does), so area
    names are looked up afterwards (:func:`_check_area_names`). Columns of fields the file does not have
    are left out (see :data:`_OPTIONAL_COLUMNS`): read the rows through the view ``est_rows``.
    """
    where = _coordinates_sql(mapping, crs)
    ctes = ", ".join(
        (
            _rows_sql(mapping, source, relation, rn),
            _values_sql(order, date_format, where),
            _location_sql(where),
            _judged_sql(order, date_format, where),
        )
    )
    return f"""
CREATE TEMP TABLE est_parsed AS
WITH {ctes}
SELECT {"rn, " if rn != NO_ROW_NUMBERS else ""}is_header, NOT is_header AND NOT is_blank AS counted, reason IS NULL AND NOT is_header AND NOT is_blank AS valid,
    occurred_at, time_precision, {"".join(f"{item}, " for item in _optional_columns(mapping)[0])}
    CASE WHEN r_ext IS NOT NULL THEN 'x:' || r_ext ELSE r_content_hash END AS dedup_base,
    reason, CASE WHEN reason IS NOT NULL OR k_area IS NOT NULL THEN [{", ".join(f"c{i}" for i in range(len(source.columns)))}] END AS raw
FROM judged
"""  # noqa: E501, S608 - built only from code constants and generated column identifiers


# What every keyed row takes besides its position and dedup key (its category, its area by name or code, its
# text after masking), and where it comes from: ``{rows}``, the table of parsed rows, with the lookups. A valid
# row is located by an area exactly when it has an area key (no coordinates, an area named), else by its point.
_KEYED_COLUMNS = """p.occurred_at, p.occurred_until, p.time_precision, p.source_label, p.lat, p.lon, ak.area_id,
    CASE WHEN p.k_area IS NULL THEN 'exact' ELSE 'area' END AS location_precision, p.external_id, p.count,
    coalesce(cat.code, 'okategoriserad') AS category_code, coalesce(md.masked, p.description) AS description,
    coalesce(mp.masked, p.place) AS place"""
_KEYED_FROM = """FROM {rows} p
LEFT JOIN est_categories cat ON cat.label = p.source_label
LEFT JOIN est_area_keys ak ON ak.key = p.k_area
LEFT JOIN est_mask_description md ON md.original = p.description
LEFT JOIN est_mask_place mp ON mp.original = p.place
WHERE p.valid
"""
# The dedup key of each valid row: its external id, else a hash of its content and its occurrence number
# among identical rows (identical rows in one file are separate incidents). The content hash is never NULL, so
# concat() (one string made, where each || makes one) gives what || would.
_KEYED = f"""
SELECT p.pos, {_KEYED_COLUMNS}, CASE WHEN p.external_id IS NOT NULL THEN p.dedup_base
        ELSE concat('h:', p.dedup_base, ':', row_number() OVER (PARTITION BY p.dedup_base ORDER BY p.rn)) END AS dedup_key,
    p.external_id IS NOT NULL AND row_number() OVER (PARTITION BY p.dedup_base ORDER BY p.rn) > 1 AS dup_in_file
{_KEYED_FROM.format(rows="est_rows")}"""  # noqa: E501
# The same when no two valid rows share a dedup base (the usual case): no window needed.
_KEYED_UNIQUE = f"""
SELECT p.pos, {_KEYED_COLUMNS},
    CASE WHEN p.external_id IS NOT NULL THEN p.dedup_base ELSE concat('h:', p.dedup_base, ':1') END AS dedup_key,
    false AS dup_in_file
{_KEYED_FROM.format(rows="est_rows")}"""


_AMBIGUOUS = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}")


def _sample_counts(source: SourceFile, mapping: Mapping[str, str]) -> tuple[int, int, int, int, str | None]:
    index = source.columns.index(mapping["occurred_at"])
    shaped = first = second = differing = 0
    example: str | None = None
    for row in source.sample:
        match = _AMBIGUOUS.match(row[index].strip()) if index < len(row) else None
        if match:
            a, b = int(match.group(1)), int(match.group(2))
            shaped += 1
            first += a > 12
            second += b > 12
            differing += a != b
            example = example or row[index].strip()
    return shaped, first, second, differing, example


def _sample_decides_order(source: SourceFile, mapping: Mapping[str, str]) -> bool:
    """Whether the sample settles the date order: no ``a/b/yyyy`` dates at all, or one above 12."""
    shaped, first, second, _differing, _example = _sample_counts(source, mapping)
    return shaped == 0 or bool(first or second)


def _sample_order(source: SourceFile, mapping: Mapping[str, str]) -> str:
    shaped, first, second, differing, example = _sample_counts(source, mapping)
    return dates.decide_order(shaped, first, second, differing, example, mapping["occurred_at"])


def _suspect_texts(writer: Writer, column: str, *, tested: str | None = None) -> list[tuple[str, int]]:
    """Each distinct valid text of a free-text column that may hold personal data, with how many rows have it.

    Only texts that :func:`may_hold_personal_data_sql` finds go to the masker, so a file of a million
    different texts stays fast. A column whose values are mostly distinct (descriptions typed by staff) is
    ``tested`` row by row in the parse (the name of its flag column), and only the few hits are grouped;
    grouping a million different texts first costs more than testing them, and at ten million the groups no
    longer fit in memory. A column that repeats (addresses) is grouped first and each value tested once.
    """
    if tested is not None:
        rows = writer.rows(
            f"SELECT {column}, count(*) FROM est_rows WHERE valid AND {tested} GROUP BY 1"  # noqa: S608 - code constants
        )
    else:
        test = may_hold_personal_data_sql("text")
        rows = writer.rows(
            f"SELECT text, n FROM (SELECT {column} AS text, count(*) AS n FROM est_rows "  # noqa: S608 - code constants
            f"WHERE valid AND {column} IS NOT NULL GROUP BY 1) WHERE {test}"
        )
    return [(str(r[0]), int(r[1])) for r in rows]


def _masked(suspects: list[tuple[str, int]]) -> list[str | None]:
    """The suspect texts masked (:func:`est.access.privacy.mask_texts`), in their order."""
    return mask_texts([text for text, _n in suspects])[0]


def _register_masks(writer: Writer, table: str, suspects: list[tuple[str, int]], masked: list[str | None]) -> int:
    """Register the texts that masking changed as ``table`` (original, masked); return how many fields changed."""
    import pyarrow as pa

    changed = [(v, m, n) for (v, n), m in zip(suspects, masked, strict=True) if m != v]
    writer.register(
        f"{table}_arrow",
        pa.table(
            {"original": pa.array([c[0] for c in changed], pa.string()), "masked": [c[1] for c in changed]},
            schema=pa.schema([("original", pa.string()), ("masked", pa.string())]),
        ),
    )
    # a real (temporary) table, so that the optimizer knows it is small and builds the hash join on it
    writer.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {table}_arrow")  # noqa: S608 - code constants
    return sum(c[2] for c in changed)


@dataclass(frozen=True)
class _Plan:
    """What an import settled before it writes: who the rows belong to and how the file is read."""

    org_id: int | None  # None: the organisation is created by the import
    org_name: str
    source_kind: str
    mapping: dict[str, str]
    profile: str | None
    crs: int
    order: str  # dmy | mdy: the order of ambiguous a/b/yyyy dates (a guess unless order_given)
    order_given: bool
    date_format: str | None  # an explicit strftime format, else None
    area_set: tuple[Any, ...] | None  # (id, name, is_default) of the area set for area names

    @property
    def set_id(self) -> int:
        """The chosen area set's id, or -1 without one."""
        return int(self.area_set[0]) if self.area_set else -1


def import_file(
    store: Store,
    viewer: Viewer,
    path: str | os.PathLike[str],
    options: ImportOptions,
    *,
    actor: str | None = None,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Import one CSV or Excel file of incidents as one batch (or validate it only, with ``dry_run``).

    Parameters
    ----------
    store
        The database.
    viewer
        Who imports: needs ``IMPORT``; importing for another organisation than the viewer's (or creating
        an organisation) needs ``IMPORT_ANY_ORG``.
    path
        The file (CSV/text or Excel).
    options
        Organisation, mapping overrides, profile, CRS, date order, dry run …
    actor
        The audit actor (default: the viewer's user id).
    progress
        Called with (fraction done, step key) between steps, for a progress bar.

    Returns
    -------
    ImportReport
        Always ``rows_read == rows_imported + rows_rejected + rows_duplicate``.

    Raises
    ------
    InputFileError
        Whole-file problems and files without a single usable row; nothing is committed then.
    PermissionDeniedError
        When the viewer may not import for the organisation.
    """
    started = time.perf_counter()
    step = progress or (lambda _f, _k: None)
    require(viewer, Permission.IMPORT)
    source = inspect_file(path, sheet=options.sheet)
    step(0.05, "import.step.read")
    with store.reading() as r:
        plan = _plan_import(r, viewer, source, options)
    report = _new_report(source, options, plan)
    report = _write_import(store, viewer, actor or viewer.user, source, report, step, plan)
    report.message = _outcome_message(report, plan.org_name)
    report.seconds = round(time.perf_counter() - started, 3)
    step(1.0, "import.step.done")
    return report


def _plan_import(r: Reader, viewer: Viewer, source: SourceFile, options: ImportOptions) -> _Plan:
    """Check the organisation, permission, source kind, mapping, CRS and area set; settle the date order."""
    org_id, org_kind, org_name = _choose_organisation(r, viewer, options)
    if org_id is None or org_id != viewer.organisation_id:
        require(viewer, Permission.IMPORT_ANY_ORG)
    source_kind = _choose_source_kind(r, options.source_kind or org_kind or NEW_ORGANISATION_SOURCE_KIND)
    mapping, profile_name, crs_text, date_format = _resolve(r, source, org_id, options)
    _check_mapping(mapping, source)
    crs = _crs_code(crs_text)
    area_set = _choose_area_set(r, options.area_set, mapping)
    order = "dmy"
    order_given = date_format in dates.DATE_ORDERS  # the user chose dmy/mdy: no guessing, no question
    if order_given:
        order, date_format = str(date_format), None
    return _Plan(org_id, org_name, source_kind, mapping, profile_name, crs, order, order_given, date_format, area_set)


def _choose_organisation(r: Reader, viewer: Viewer, options: ImportOptions) -> tuple[int | None, str | None, str]:
    """Return (id or None for a new one, its source kind if stored, name) of the organisation imported for."""
    if options.organisation and options.organisation.strip():
        org = _find_org(r, options.organisation)
        org_id, org_kind = org if org else (None, None)
        return org_id, org_kind, options.organisation.strip()
    if viewer.organisation_id is not None:
        return viewer.organisation_id, None, _org_name(r, viewer.organisation_id)
    raise InputFileError(
        'choose the organisation the file comes from (on the command line: --org NAME, e.g. --org "Storsjöhem"); '
        "a new one is created if it does not exist",
        sv='välj organisationen som filen kommer från (i kommandoraden: --org NAMN, t.ex. --org "Storsjöhem"); '
        "en ny skapas om den inte finns",
    )


def _choose_source_kind(r: Reader, source_kind: str) -> str:
    """Return ``source_kind`` if it is a known source kind."""
    kinds = [str(k[0]) for k in r.rows("SELECT code FROM source_kinds ORDER BY sort")]
    if source_kind not in kinds:
        listed = ", ".join(kinds)
        raise InputFileError(
            f"unknown source kind {source_kind!r}; choose one of: {listed} (on the command line: --source KIND)",
            sv=f"okänd källtyp {source_kind!r}; välj en av: {listed} (i kommandoraden: --source TYP)",
        )
    return source_kind


def _choose_area_set(r: Reader, name: str | None, mapping: Mapping[str, str]) -> tuple[Any, ...] | None:
    """The area set named (else the default one) as (id, name, is_default); None if there is none."""
    sets = r.rows("SELECT id, name, is_default FROM area_sets ORDER BY is_default DESC, name")
    if name:
        chosen = [s for s in sets if s[1] == name]
        if not chosen:
            found = ", ".join(str(s[1]) for s in sets)
            raise InputFileError(
                f"the area set {name!r} does not exist; choose one of: {found or 'none yet'}",
                sv=f"områdesindelningen {name!r} finns inte; välj en av: {found or 'inga ännu'}",
            )
        area_set: tuple[Any, ...] | None = chosen[0]
    else:
        area_set = sets[0] if sets else None
    if area_set is None and "lat" not in mapping and "x" not in mapping:
        raise InputFileError(
            "the rows have only area names but there is no area set; import one first on the "
            f"{t('omraden.title', 'en')} page (on the command line: est areas import FILE --set NAME)",
            sv="raderna har bara områdesnamn men det finns ingen områdesindelning; importera en först på sidan "
            f"{t('omraden.title', 'sv')} (i kommandoraden: est areas import FIL --set NAMN)",
        )
    return area_set


def _new_report(source: SourceFile, options: ImportOptions, plan: _Plan) -> ImportReport:
    """The report before any row is read: the file, its format and the plan."""
    return ImportReport(
        batch_id=None,
        file_name=options.display_name or source.file_name,
        organisation=plan.org_name,
        columns=list(source.columns),
        mapping=dict(plan.mapping),
        encoding=source.encoding,
        delimiter=source.delimiter,
        profile=plan.profile,
        crs=f"EPSG:{plan.crs}",
        date_order=plan.order,
        dry_run=options.dry_run,
    )


def _write_import(
    store: Store, viewer: Viewer, actor: str, source: SourceFile, report: ImportReport, step: ProgressFn, plan: _Plan
) -> ImportReport:
    """Parse the file and store its rows in one write transaction, rolled back for a dry run or nothing new."""
    csv_path: Path | None = None
    temporary: Path | None = None
    if source.kind == "csv":
        if source.encoding in ("utf-8", "utf-8-sig"):
            csv_path = source.path
        else:
            temporary = csv_path = transcode_to_utf8(source)
    # the file's checksum is computed while DuckDB parses the file (hashlib releases the GIL)
    hashing = ThreadPoolExecutor(max_workers=1)
    sha = hashing.submit(_sha256, source.path)
    try:
        # only RT 90 needs the spatial extension (ST_Transform with a datum shift); loading it takes a while
        spatial = ("spatial",) if ("x" in plan.mapping and plan.crs != 4326 and plan.crs not in SWEREF_ZONES) else ()

        def stage(s: Stage) -> None:
            _stage(s, source, csv_path, report, step, plan)

        with store.writing(extensions=spatial, stage=stage) as w:
            _run(w, viewer, actor, source, csv_path, report, step, plan, sha)
            _abort_unless_committing(report)
    except _Abort as abort:
        report = abort.report
        report.batch_id = None
    finally:
        hashing.shutdown(cancel_futures=True)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return report


def _abort_unless_committing(report: ImportReport) -> None:
    """Raise :class:`_Abort` (a rollback) for a dry run or when no row is new."""
    if report.dry_run:
        report.status = "dry_run"
        raise _Abort(report)
    if report.rows_imported == 0:
        report.status = "nothing_new"
        report.batch_id = None
        raise _Abort(report)


def _outcome_message(report: ImportReport, org_name: str) -> str:
    """One line saying what the import did."""
    if report.status == "nothing_new":
        return f"inga nya rader: alla {report.rows_duplicate} giltiga rader fanns redan för {org_name}; inget sparades"
    if report.status == "dry_run":
        return (
            f"provkörning: {report.rows_imported} rader skulle importeras ({report.rows_duplicate} fanns redan, "
            f"{report.rows_rejected} avvisades); inget sparades"
        )
    return f"{report.rows_imported} rader importerades som batch {report.batch_id}"


def _stage(
    s: Stage, source: SourceFile, csv_path: Path | None, report: ImportReport, step: ProgressFn, plan: _Plan
) -> None:
    """Read and parse the whole file into ``est_parsed`` (and the area keys), before the write transaction.

    A temporary table made inside the transaction would be read back on one thread only (DuckDB), and the
    insert into ``incidents`` reads all of it; made here, it is read on every core. Nothing here touches
    the database file (:class:`est.store.Stage` refuses it), so a failure still leaves no trace.
    """
    mapping = report.mapping
    width = len(source.columns)
    s.execute(
        "CREATE TEMP TABLE est_area_keys AS SELECT key, arg_min(id, prio) AS area_id FROM ("  # noqa: S608 - code constants
        f"SELECT id, {_norm_sql('code')} AS key, 0 AS prio FROM areas WHERE area_set_id = $set UNION ALL "
        f"SELECT id, {_norm_sql('name')} AS key, 1 AS prio FROM areas WHERE area_set_id = $set) GROUP BY key",
        {"set": plan.set_id},
    )
    step(0.1, "import.step.read")
    try:
        relation, rn, params = _source(s, source, csv_path)
        order = (
            plan.order
            if plan.order_given or plan.date_format is not None
            else _date_order(s, source, mapping, relation, params)
        )
        report.date_order = order
        params.update({f"h{i}": source.columns[i].strip() for i in range(min(width, 12))})
        s.execute(_parse_statement(mapping, source, relation, rn, plan.crs, order, plan.date_format), params)
    except EstError:
        raise
    except Exception as exc:  # DuckDB's own read errors (est.store is the only module importing duckdb)
        raise _wrap_db_error(exc, source) from exc
    # est_parsed holds the file's rows in file order: ``pos`` counts them from 0 (the import numbers its
    # incidents by it), and a CSV row's number follows from it
    first = int(s.value("SELECT coalesce(min(rowid), 0) FROM est_parsed"))
    numbered = (
        f"rowid - {first} + 2 AS rn, rowid - {first} AS pos, *"
        if rn == NO_ROW_NUMBERS
        else f"rn, rowid - {first} AS pos, * EXCLUDE (rn)"
    )
    stand_ins = "".join(f", {item}" for item in _optional_columns(mapping)[1])
    # an integer from the database and code constants
    s.execute(f"CREATE TEMP VIEW est_rows AS SELECT {numbered}{stand_ins} FROM est_parsed")  # noqa: S608


def _date_order(s: Stage, source: SourceFile, mapping: Mapping[str, str], relation: str, params: dict[str, Any]) -> str:
    """Day-first or month-first: from the sample, or when it cannot tell, from the whole date column."""
    if _sample_decides_order(source, mapping):
        return _sample_order(source, mapping)
    # the sample cannot tell day-first from month-first: ask the whole column (one extra read)
    date_raw = _trimmed(_raw(mapping, source, "occurred_at"))
    probe = s.row(dates.ORDER_PROBE_SQL.format(d=f"lower({date_raw})", table=f"{relation} s"), params)
    assert probe is not None
    return dates.decide_order(
        int(probe[0]), int(probe[1]), int(probe[2]), int(probe[3]), probe[4], mapping["occurred_at"]
    )


@dataclass(frozen=True)
class _Tally:
    """What one scan of the parsed rows found, beyond the report's counts."""

    repeated: bool  # some valid rows share a dedup base (the insert then needs the windowed query)
    labels: list[str]  # the distinct category labels of the valid rows


def _run(
    w: Writer,
    viewer: Viewer,
    actor: str,
    source: SourceFile,
    csv_path: Path | None,
    report: ImportReport,
    step: ProgressFn,
    plan: _Plan,
    sha: Future[str],
) -> None:
    """Inside the write transaction: count and check the parsed rows, insert the new ones, place and record them."""
    org_id = _ensure_organisation(w, plan, report.organisation)
    _check_area_names(w, str(plan.area_set[1]) if plan.area_set else "", source, report.mapping)
    step(0.45, "import.step.validate")
    # the descriptions are masked in Python (a thread) while DuckDB counts and checks the rows
    descriptions = _suspect_texts(w, "description", tested="description_suspect")
    with ThreadPoolExecutor(max_workers=1) as masker:
        masking = masker.submit(_masked, descriptions)
        first_id = _reserve_ids(w)  # on one core, while the masking has the other
        tally = _count_rows(w, report)
        _collect_rejects(w, report, csv_path)
        places = _suspect_texts(w, "place")
        mapped = _prepare_lookups(w, org_id, tally.labels, report)
        report.fields_masked = _register_masks(
            w, "est_mask_description", descriptions, masking.result()
        ) + _register_masks(w, "est_mask_place", places, _masked(places))
    valid = _require_valid_rows(report)
    step(0.6, "import.step.commit")
    keyed = _KEYED if tally.repeated else _KEYED_UNIQUE
    batch_id = _open_batch(w, org_id, plan.source_kind, report, actor, sha.result())
    imported = _insert_incidents(w, keyed, org_id, plan.source_kind, batch_id, first_id)
    report.rows_imported = imported
    report.rows_duplicate = valid - imported
    if imported == 0:
        return
    step(0.75, "import.step.areas")
    _place_batch(w, report, keyed, batch_id, plan)
    # -- addresses: rows without coordinates get their point from the kommun's address register, if any --
    from est.intake.addresses import geocode_incidents

    report.addresses_geocoded = geocode_incidents(w, batch_id=batch_id).matched
    # -- end of addresses --
    save_mappings(w, org_id, mapped, actor)
    _save_profile(w, org_id, report, source, actor, plan.date_format)
    _record_batch(w, report, batch_id, viewer, actor)
    step(0.95, "import.step.commit")


def _ensure_organisation(w: Writer, plan: _Plan, name: str) -> int:
    """The organisation's id, inserting it first when the import creates it."""
    if plan.org_id is not None:
        return plan.org_id
    return w.insert("organisations", {"name": name, "source_kind": plan.source_kind})


def _count_rows(w: Writer, report: ImportReport) -> _Tally:
    """Count the rows read and rejected and find the repeated header rows; refuse a file without data rows."""
    # one scan for the counts and the distinct labels; identical valid rows are found by 64-bit hashes of
    # their dedup base (a collision only costs the slower windowed insert, never a wrong result)
    counts = w.row(
        "SELECT count(*) FILTER (WHERE counted), count(*) FILTER (WHERE reason IS NOT NULL), "
        "count(*) FILTER (WHERE is_header), "
        "count(*) FILTER (WHERE valid) - count(DISTINCT hash(dedup_base)) FILTER (WHERE valid), "
        "list(DISTINCT source_label) FILTER (WHERE valid AND source_label IS NOT NULL) FROM est_rows"
    )
    assert counts is not None
    rows_read, rejected, headers = int(counts[0]), int(counts[1]), int(counts[2])
    if headers:
        report.header_rows_skipped = [int(x[0]) for x in w.rows("SELECT rn FROM est_rows WHERE is_header ORDER BY rn")]
    if rows_read == 0:
        raise InputFileError(
            f"{report.file_name} has no data rows: there is nothing to import",
            sv=f"filen {report.file_name} har inga datarader: det finns inget att importera",
        )
    report.rows_read = rows_read
    report.rows_rejected = rejected
    return _Tally(repeated=int(counts[3]) > 0, labels=[str(x) for x in counts[4] or []])


def _collect_rejects(w: Writer, report: ImportReport, csv_path: Path | None) -> None:
    """Keep the rejected rows (reasons and fields) in the report, numbered as lines of the file."""
    if report.rows_rejected:
        kept = w.rows(
            "SELECT rn, reason, raw FROM est_rows WHERE reason IS NOT NULL ORDER BY rn LIMIT ?", [MAX_REJECT_ROWS_KEPT]
        )
        report.rejects = [{"row": int(r[0]), "reason": str(r[1])} for r in kept]
        report.reject_rows = [[str(r[0]), str(r[1]), *("" if v is None else str(v) for v in r[2])] for r in kept]
    if csv_path is not None and (report.rejects or report.header_rows_skipped):
        _to_physical_lines(report, blank_lines(csv_path))


def _prepare_lookups(w: Writer, org_id: int, labels: list[str], report: ImportReport) -> list[LabelMapping]:
    """Register the category crosswalk, the insert's lookup of each label's category."""
    mapped = map_labels(w, org_id, labels)
    _register_categories(w, mapped)
    report.categories = [{"label": m.label, "code": m.code, "how": m.how} for m in mapped]
    report.unmapped_categories = sorted(m.label for m in mapped if m.code == UNMAPPED)
    return mapped


def _require_valid_rows(report: ImportReport) -> int:
    """Return how many rows are valid; refuse a file in which none is."""
    valid = report.rows_read - report.rows_rejected
    if valid == 0:
        # the row reasons are Swedish in both: they are the reasons of the rejects file
        reasons_en = "; ".join(f"line {x['row']}: {x['reason']}" for x in report.rejects[:3])
        reasons_sv = "; ".join(f"rad {x['row']}: {x['reason']}" for x in report.rejects[:3])
        raise InputFileError(
            f"no row of {report.file_name} could be imported ({report.rows_rejected} rejected; {reasons_en}); "
            "nothing was saved",
            sv=f"ingen rad i {report.file_name} kunde importeras ({report.rows_rejected} avvisade; {reasons_sv}); "
            "inget sparades",
        )
    return valid


def _open_batch(w: Writer, org_id: int, source_kind: str, report: ImportReport, actor: str, sha: str) -> int:
    """Insert the batch row (its counts come at the end) and return its id."""
    batch_id = w.insert(
        "import_batches",
        {
            "organisation_id": org_id,
            "source_kind": source_kind,
            "file_name": report.file_name,
            "file_sha256": sha,
            "created_by": actor,
            "status": "committed",
        },
    )
    report.batch_id = batch_id
    return batch_id


def _reserve_ids(w: Writer) -> int:
    """Take a block of ids from the sequence, one per line of the parsed file; return the first.

    Both cores insert, each taking ids from the sequence as it goes, which would number the incidents out of
    file order: the block is taken first and the line at ``pos`` gets the first id plus ``pos``. DuckDB
    advances a sequence one value at a time, on one core (10M lines: 0.4 s), so the import does it while
    Python masks texts on the other.
    """
    lines = int(w.value("SELECT count(*) FROM est_parsed"))
    if not lines:
        return 0  # nothing to number (the count that follows refuses the file)
    return w.reserve_ids("incident_id_seq", lines)


def _insert_incidents(w: Writer, keyed: str, org_id: int, source_kind: str, batch_id: int, first_id: int) -> int:
    """Insert the valid rows not already stored for the organisation, in file order; return how many."""
    # the anti-join against the organisation's stored rows is skipped when it has none (a first import)
    known = w.value("SELECT count(*) FROM (SELECT 1 FROM incidents WHERE organisation_id = ? LIMIT 1)", [org_id])
    w.execute(
        "CREATE TEMP TABLE est_known AS SELECT DISTINCT dedup_key FROM incidents "
        "WHERE organisation_id = ? AND dedup_key IS NOT NULL AND ?",
        [org_id, bool(known)],
    )
    return w.changed(
        "INSERT INTO incidents (id, occurred_at, occurred_until, time_precision, category_code, source_label, "  # noqa: S608 - code constant
        "source_kind, organisation_id, place, description, lat, lon, location_precision, external_id, dedup_key, "
        "count, batch_id) "
        f"SELECT $first_id + pos, occurred_at, occurred_until, time_precision, category_code, "
        f"source_label, $kind, $org, place, description, lat, lon, location_precision, external_id, dedup_key, "
        f"count, $batch FROM ({keyed}) k "
        "WHERE NOT dup_in_file AND k.dedup_key NOT IN (SELECT dedup_key FROM est_known)",
        {"kind": source_kind, "org": org_id, "batch": batch_id, "first_id": first_id},
    )


def _place_batch(w: Writer, report: ImportReport, keyed: str, batch_id: int, plan: _Plan) -> None:
    """Link the batch's incidents to areas: by name in the chosen set, by point in every set."""
    if plan.area_set is not None and w.value(
        "SELECT count(*) FROM (SELECT 1 FROM est_rows WHERE valid AND k_area IS NOT NULL LIMIT 1)"
    ):
        w.execute(
            "INSERT INTO incident_areas (incident_id, area_set_id, area_id) "  # noqa: S608 - code constant
            f"SELECT i.id, $set, k.area_id FROM incidents i JOIN ({keyed}) k ON k.dedup_key = i.dedup_key "
            "WHERE i.batch_id = $batch AND i.location_precision = 'area' AND k.location_precision = 'area' "
            "AND NOT k.dup_in_file",  # a repeated external id: only the row that was inserted
            {"set": plan.set_id, "batch": batch_id},
        )
    w.execute("DROP VIEW est_rows")
    w.execute("DROP TABLE est_parsed")  # frees the parsed file before the areas are looked up
    outside = _place_new_incidents(w, batch_id, plan.set_id)
    if plan.area_set is not None:
        report.rows_outside_areas = outside


def _record_batch(w: Writer, report: ImportReport, batch_id: int, viewer: Viewer, actor: str) -> None:
    """Write the batch's counts and report, and the audit entry."""
    summary = report.to_dict()
    summary["rejects"] = summary["rejects"][:1000]
    w.execute(
        "UPDATE import_batches SET rows_read = ?, rows_imported = ?, rows_rejected = ?, rows_duplicate = ?, "
        "rows_outside_areas = ?, fields_masked = ?, report_json = ? WHERE id = ?",
        [
            report.rows_read,
            report.rows_imported,
            report.rows_rejected,
            report.rows_duplicate,
            report.rows_outside_areas,
            report.fields_masked,
            json.dumps(summary, ensure_ascii=False, default=str),
            batch_id,
        ],
    )
    audit.record(
        w,
        actor,
        "import",
        f"batch {batch_id}",
        rows=report.rows_imported,
        detail={
            "file": report.file_name,
            "organisation": report.organisation,
            "rows_read": report.rows_read,
            "rows_rejected": report.rows_rejected,
            "rows_duplicate": report.rows_duplicate,
            "fields_masked": report.fields_masked,
            "viewer_role": str(viewer.role),
        },
    )


def _check_area_names(w: Writer, set_name: str, source: SourceFile, mapping: Mapping[str, str]) -> None:
    """Reject the rows located by an area name or code that the chosen area set does not have."""
    if "area" not in mapping:
        return  # no row is located by an area (``k_area`` is NULL on every row)
    # the name as the row has it: the area field among the row's raw fields (kept for such rows), trimmed
    area_text = f"trim(raw[{source.columns.index(mapping['area']) + 1}])"
    w.execute(
        f'UPDATE est_parsed SET valid = false, reason = format(\'området "{{}}" finns inte i områdesindelningen '  # noqa: S608 - code constants
        f'"{{}}"\', left({area_text}, 40), $set_name) WHERE valid AND k_area IS NOT NULL '
        "AND k_area NOT IN (SELECT key FROM est_area_keys)",
        {"set_name": set_name},
    )


def _place_new_incidents(w: Writer, batch_id: int, chosen_set: int) -> int:
    """Write the area of every located incident of the batch in every area set; return the outside count of one set.

    Returns how many of them lie outside every area of ``chosen_set``. Same rule as
    :func:`est.areas.sets.assign_incidents` (see :mod:`est.intake.placing`), ``PLACE_CHUNK_ROWS`` incident ids
    at a time, so memory does not grow with the file. The look-up of one chunk (GEOS and numpy, which let
    go of the GIL) runs in a thread while DuckDB reads the next chunk and writes the one before.
    """
    located = w.row(
        "SELECT min(id), max(id) FROM incidents WHERE batch_id = ? AND location_precision = 'exact' "
        "AND lat IS NOT NULL",
        [batch_id],
    )
    if located is None or located[0] is None:
        return 0
    low, high = int(located[0]), int(located[1])
    outside = 0
    with ThreadPoolExecutor(max_workers=1) as pool:
        for (set_id,) in w.rows("SELECT id FROM area_sets ORDER BY id"):
            locator = AreaLocator(
                [
                    (int(r[0]), bytes(r[1]))
                    for r in w.rows("SELECT id, geom_wkb FROM areas WHERE area_set_id = ?", [set_id])
                ]
            )
            looking: tuple[pa.Table, Future[NDArray[np.int64]]] | None = None  # the chunk being looked up
            for start in range(low, high + 1, PLACE_CHUNK_ROWS):
                chunk = w.arrow(
                    "SELECT id, lon, lat FROM incidents WHERE batch_id = ? AND id BETWEEN ? AND ? "
                    "AND location_precision = 'exact' AND lat IS NOT NULL",
                    [batch_id, start, min(start + PLACE_CHUNK_ROWS - 1, high)],
                )
                previous, looking = looking, None
                if chunk.num_rows:
                    lon = chunk.column("lon").to_numpy().astype("float64")
                    lat = chunk.column("lat").to_numpy().astype("float64")
                    looking = (chunk, pool.submit(locator.locate, lon, lat))
                if previous is not None:
                    outside += _write_areas(w, *previous, int(set_id), count_outside=set_id == chosen_set)
            if looking is not None:
                outside += _write_areas(w, *looking, int(set_id), count_outside=set_id == chosen_set)
    return outside


def _write_areas(
    w: Writer, chunk: pa.Table, found: Future[NDArray[np.int64]], set_id: int, *, count_outside: bool
) -> int:
    """Insert the areas looked up for a chunk; return how many of its points are outside (when counted)."""
    import pyarrow as pa

    areas = found.result()
    w.register(
        "est_place_arrow",
        pa.table({"id": chunk.column("id"), "area_id": pa.array(areas, mask=areas < 0, type=pa.int32())}),
    )
    w.execute(
        "INSERT INTO incident_areas (incident_id, area_set_id, area_id) SELECT id, ?, area_id FROM est_place_arrow",
        [set_id],
    )
    return int((areas < 0).sum()) if count_outside else 0


def _to_physical_lines(report: ImportReport, blanks: list[int]) -> None:
    if not blanks:
        return
    report.header_rows_skipped = [physical_line(n, blanks) for n in report.header_rows_skipped]
    for item in report.rejects:
        item["row"] = physical_line(int(item["row"]), blanks)
    for row in report.reject_rows:
        row[0] = str(physical_line(int(row[0]), blanks))


def _register_categories(w: Writer, mapped: Sequence[LabelMapping]) -> None:
    import pyarrow as pa

    w.register(
        "est_categories_arrow",
        pa.table(
            {
                "label": pa.array([m.label for m in mapped], pa.string()),
                "code": pa.array([m.code for m in mapped], pa.string()),
            }
        ),
    )
    w.execute("CREATE TEMP TABLE est_categories AS SELECT * FROM est_categories_arrow")


def _save_profile(
    w: Writer, org_id: int, report: ImportReport, source: SourceFile, actor: str, date_format: str | None
) -> None:
    name = report.profile or Path(report.file_name).stem or "profil"
    report.profile = name
    options = {"crs": report.crs, "date_format": date_format or report.date_order}
    profile = {
        "columns_key": columns_key(source.columns),
        "mapping_json": json.dumps(report.mapping, ensure_ascii=False),
        "options_json": json.dumps(options),
        "updated_by": actor,
    }
    updated = w.changed(
        "UPDATE import_profiles SET columns_key = ?, mapping_json = ?, options_json = ?, updated_by = ?, "
        "updated_at = now() WHERE organisation_id = ? AND name = ?",
        [*profile.values(), org_id, name],
    )
    if not updated:  # an upsert would need the id's default, which a server store draws itself (Writer.insert)
        w.insert("import_profiles", {"organisation_id": org_id, "name": name, **profile})


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def rejects_csv(report: ImportReport) -> bytes:
    """The rejected rows as a CSV to fix and upload again: the original columns plus ``fel`` (the reason).

    Semicolon-separated UTF-8 with BOM (opens in Swedish Excel); cells that a spreadsheet would run as a
    formula are prefixed with ``'``.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([*report.columns, "fel"])
    for row in report.reject_rows:
        reason, values = row[1], row[2:]
        safe = [("'" + v) if v.startswith(_FORMULA_START) else v for v in values]
        writer.writerow([*safe, f"rad {row[0]}: {reason}"])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
