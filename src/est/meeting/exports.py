"""Exports of exactly the filtered view: CSV and Excel, safe to open in Excel, precision by role.

Who calls it: the Rapporter page (the table it shows is :func:`filtered_rows`, and its download buttons
call :func:`export`, so the file equals the table row for row; its PDF buttons call
:func:`audited_download`) and ``est export``.

* Rows: every incident matching the :class:`~est.picture.filters.Filters` (period, area set and areas, categories,
  sources, organisations), oldest first, with its area in the filter's set.
* Columns (:func:`export_table`): Swedish headers (English with ``lang="en"``) and names instead of codes
  — category, source kind, area; the codes follow as the last columns of the CSV, and in Excel they are a
  sheet of their own ("Koder": what, code, name). Excel gets real dates (a date cell, not text) and a
  sheet named after what it holds ("Problem 1 nov–15 nov 2026").
* Precision: rows pass through :func:`est.access.precision.apply_precision`, so a viewer without exact access
  gets snapped points and no free text, in the file as on the screen.
* Excel safety: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  prefixed with ``'`` so spreadsheet programs show it as text instead of running it as a formula.
* CSV: UTF-8 with a byte-order mark and ``;`` as separator (what Swedish Excel opens directly); times as
  ``2026-11-02 21:00``.
* Every export and every report downloaded from the app is recorded in the audit log (who, which file,
  what filter, how many rows or areas): :func:`audited_download` builds the file on a read connection and
  then writes the entry, so no file leaves without its entry.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.access.precision import apply_precision, precision_settings
from est.errors import EstError
from est.i18n import Lang, format_date, t
from est.meeting.export_formats import FORMATS, Format
from est.picture.figures import resolve_area_set
from est.picture.filters import Filters, filters_to_query, incident_query

if TYPE_CHECKING:
    from est.store import Reader, Store

__all__ = [
    "COLUMNS",
    "FORMATS",
    "Format",
    "audited_download",
    "codes_table",
    "export",
    "export_table",
    "filtered_rows",
    "neutralise",
    "sheet_name",
    "to_csv_bytes",
    "to_xlsx_bytes",
]

COLUMNS: tuple[str, ...] = (
    "id",
    "occurred_at",
    "category_code",
    "category",
    "source_kind",
    "source",
    "organisation",
    "area_code",
    "area",
    "place",
    "description",
    "lat",
    "lon",
    "count",
    "precise",
)
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def filtered_rows(reader: Reader, filters: Filters, viewer: Viewer, lang: str = "sv") -> pd.DataFrame:
    """The incident rows of the filtered view, with the viewer's precision applied.

    Parameters
    ----------
    reader
        An open read connection.
    filters
        The view's filter; its area set (default: the default set) names each row's area. Without any area
        set (and without a set or areas in the filter) the area columns are empty.
    viewer
        Who looks; needs ``VIEW_PICTURE``. Rows they may not see exactly are snapped and their text blanked.
    lang
        ``sv`` or ``en``: the language of the category labels.

    Returns
    -------
    pandas.DataFrame
        The columns in :data:`COLUMNS` (``occurred_at`` a local time), oldest first.
    """
    require(viewer, Permission.VIEW_PICTURE)
    # Before any area set exists, the rows are exported with empty area columns (naming a set or areas still
    # needs one: resolve_area_set says how to add it).
    no_sets = filters.area_set is None and not filters.areas and not reader.value("SELECT count(*) FROM area_sets")
    area_set_id = None if no_sets else resolve_area_set(reader, filters).id
    q = incident_query(filters, area_set_id, join="left")
    label = "label_en" if lang == "en" else "label_sv"
    frame = reader.df(
        "SELECT i.id, date_trunc('minute', CAST(i.occurred_at AS TIMESTAMP)) AS occurred_at, i.category_code, "  # noqa: S608 - fragments are code constants; values are bound
        f"c.{label} AS category, i.source_kind, sk.{label} AS source, o.name AS organisation, i.organisation_id, "
        "a.code AS area_code, a.name AS area, i.place, i.description, i.lat, i.lon, i.count "
        f"FROM {q.source} LEFT JOIN organisations o ON o.id = i.organisation_id "
        "LEFT JOIN categories c ON c.code = i.category_code LEFT JOIN source_kinds sk ON sk.code = i.source_kind "
        f"WHERE {q.where} ORDER BY i.occurred_at, i.id",
        q.params,
    )
    shown = apply_precision(frame, viewer, precision_settings(reader).grid_metres)
    return shown[list(COLUMNS)].reset_index(drop=True)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) with ``'``.

    Numbers are left alone (a negative number is a number, not a formula).
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [
                "'" + value if isinstance(value, str) and value.startswith(_DANGEROUS) else value
                for value in out[column]
            ]
    return out


#: The shown and exported columns: (column of :func:`filtered_rows`, catalogue key of its header).
_SHOWN: tuple[tuple[str, str], ...] = (
    ("id", "export.col.id"),
    ("occurred_at", "export.col.time"),
    ("category", "export.col.category"),
    ("source", "export.col.source"),
    ("organisation", "export.col.organisation"),
    ("area", "export.col.area"),
    ("place", "export.col.place"),
    ("description", "export.col.description"),
    ("lat", "export.col.lat"),
    ("lon", "export.col.lon"),
    ("count", "export.col.count"),
    ("precise", "export.col.precise"),
)
#: The codes behind the names: (code column, name column, catalogue key of what it is).
_CODES: tuple[tuple[str, str, str], ...] = (
    ("category_code", "category", "export.code.category"),
    ("source_kind", "source", "export.code.source"),
    ("area_code", "area", "export.code.area"),
)


def export_table(rows: pd.DataFrame, lang: Lang = "sv", *, codes: bool = True) -> pd.DataFrame:
    """The rows of :func:`filtered_rows` as shown and exported: headers in ``lang``, names, then the codes.

    Parameters
    ----------
    rows
        The filtered rows.
    lang
        Language of the headers (the names are already in it).
    codes
        Whether the code columns (category, source kind, area) follow the names; Excel has them on a sheet
        of their own (:func:`codes_table`).
    """
    yes, no = t("export.yes", lang), t("export.no", lang)
    table = pd.DataFrame({t(key, lang): rows[column] for column, key in _SHOWN})
    table[t("export.col.precise", lang)] = [yes if bool(p) else no for p in rows["precise"]]
    if codes:
        for code, _name, key in _CODES:
            table[t(f"{key}_column", lang)] = rows[code]
    return table


def codes_table(rows: pd.DataFrame, lang: Lang = "sv") -> pd.DataFrame:
    """The codes behind the names in ``rows``: what (category, source, area), code and name, once each."""
    parts = [
        pd.DataFrame({"what": t(key, lang), "code": rows[code], "name": rows[name]}).dropna(subset=["code"])
        for code, name, key in _CODES
    ]
    found = pd.concat(parts, ignore_index=True).drop_duplicates(subset=["what", "code"])
    found = found.sort_values(["what", "code"], kind="stable", key=lambda s: s.astype(str))
    return found.rename(
        columns={
            "what": t("export.codes.what", lang),
            "code": t("export.codes.code", lang),
            "name": t("export.codes.name", lang),
        }
    ).reset_index(drop=True)


def sheet_name(filters: Filters, lang: Lang = "sv") -> str:
    """What the Excel sheet holds: ``Problem 1 nov–15 nov 2026`` (``Rapporter …`` when every report counts)."""
    first, last = format_date(filters.period.start, lang), format_date(filters.period.last_day, lang)
    if filters.period.start.year == filters.period.last_day.year:
        first = first.rsplit(" ", 1)[0]
    name = t("export.sheet_raw" if filters.raw else "export.sheet", lang, span=f"{first}–{last}")
    return name[:31]  # Excel's limit for a sheet name


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Excel: UTF-8 with BOM, ``;`` separated, times as ``2026-11-02 21:00``, text cells neutralised."""
    return neutralise(frame).to_csv(sep=";", index=False, date_format="%Y-%m-%d %H:%M").encode("utf-8-sig")


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with one sheet per entry (name → rows): text neutralised, dates as date cells.

    Nothing in a cell is ever read as a formula or a link (``strings_to_formulas``/``strings_to_urls`` off),
    on top of :func:`neutralise`.
    """
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(
        buffer, engine="xlsxwriter", datetime_format="yyyy-mm-dd hh:mm", engine_kwargs={"options": options}
    ) as book:
        for name, frame in sheets.items():
            neutralise(frame).to_excel(book, sheet_name=name, index=False)
            sheet = book.sheets[name]
            for i, column in enumerate(frame.columns):
                widest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
                sheet.set_column(i, i, min(60, widest + 2))
            sheet.freeze_panes(1, 0)
    return buffer.getvalue()


def export(store: Store, viewer: Viewer, filters: Filters, fmt: Format, lang: str = "sv") -> tuple[bytes, int]:
    """Export the filtered view as CSV or Excel and record it in the audit log.

    Parameters
    ----------
    store
        The database.
    viewer
        Who exports; needs ``EXPORT`` (and sees the precision their role allows).
    filters
        The view's filter.
    fmt
        ``csv`` or ``xlsx``.
    lang
        Language of the category labels.

    Returns
    -------
    tuple
        ``(the CSV or Excel file, the number of incident rows in it)``.

    Raises
    ------
    EstError
        For an unknown format.
    PermissionDeniedError
        When the viewer may not export.
    """
    require(viewer, Permission.EXPORT)
    if fmt not in FORMATS:
        raise EstError(
            f"format '{fmt}' is not supported; use one of: {', '.join(FORMATS)}",
            sv=f"formatet '{fmt}' stöds inte; välj ett av: {', '.join(FORMATS)}",
        )

    language: Lang = "en" if lang == "en" else "sv"

    def build(reader: Reader) -> tuple[bytes, int]:
        rows = filtered_rows(reader, filters, viewer, language)
        if fmt == "csv":
            return to_csv_bytes(export_table(rows, language)), len(rows)
        sheets = {
            sheet_name(filters, language): export_table(rows, language, codes=False),
            t("export.codes.sheet", language): codes_table(rows, language),
        }
        return to_xlsx_bytes(sheets), len(rows)

    return audited_download(
        store,
        viewer,
        fmt,
        build,
        detail={"filters": filters_to_query(filters), "format": fmt},
        permission=Permission.EXPORT,
    )


def audited_download(
    store: Store,
    viewer: Viewer,
    target: str,
    build: Callable[[Reader], tuple[bytes, int]],
    *,
    detail: dict[str, Any] | None = None,
    permission: Permission = Permission.EXPORT_AGGREGATE,
    extensions: Sequence[str] = (),
) -> tuple[bytes, int]:
    """Build a file for download and record it in the audit log (action ``export``).

    The one path every download takes (CSV, Excel and the PDF reports): the entry says who took which
    file, with what filter, and how many rows (or areas, or actions) it holds. The file is built on a
    read connection (building a PDF takes about a second: other readers and the nightly import are not
    held up meanwhile), then the entry is written in its own short transaction; if it cannot be written,
    no file is handed out.

    Parameters
    ----------
    store
        The database.
    viewer
        Who downloads; needs ``permission``.
    target
        Which file, e.g. ``csv`` or ``pdf:lagesbild``.
    build
        Makes the file on a read connection; returns ``(file bytes, number of rows/areas/actions)``.
    detail
        What the audit entry keeps besides (the filter, the period, the meeting …; never free text).
    permission
        What the viewer needs: ``EXPORT_AGGREGATE`` (reports) by default, ``EXPORT`` for incident rows.
    extensions
        DuckDB extensions ``build`` needs (``excel``).

    Returns
    -------
    tuple
        What ``build`` returned, once the download is in the audit log.

    Raises
    ------
    PermissionDeniedError
        When the viewer lacks ``permission``.
    """
    require(viewer, permission)
    with store.reading(extensions=extensions) as reader:
        data, rows = build(reader)
    with store.writing() as writer:
        audit.record(writer, viewer.user, "export", target, rows, detail)
    return data, rows
