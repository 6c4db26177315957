"""Exports of exactly the filtered view: CSV and Excel, safe to open in Excel, precision by role.

Who calls it: the Rapporter page (the table it shows is :func:`filtered_rows`, and its download buttons
call :func:`export`, so the file equals the table row for row) and ``est export``.

* Rows: every incident matching the :class:`~est.filters.Filters` (period, area set and areas, categories,
  sources, organisations), oldest first, with its area in the filter's set.
* Precision: rows pass through :func:`est.precision.apply_precision`, so a viewer without exact access
  gets snapped points and no free text, in the file as on the screen.
* Excel safety: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  prefixed with ``'`` so spreadsheet programs show it as text instead of running it as a formula.
* CSV: UTF-8 with a byte-order mark and ``;`` as separator (what Swedish Excel opens directly).
* Every export is recorded in the audit log (who, what filter, how many rows).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from est import audit
from est.analysis import resolve_area_set
from est.auth import Permission, Viewer, require
from est.errors import EstError
from est.filters import Filters, filters_to_query, where_clause
from est.precision import apply_precision, precision_settings

if TYPE_CHECKING:
    from est.store import Reader, Store

__all__ = ["COLUMNS", "FORMATS", "export", "filtered_rows", "neutralise", "to_csv_bytes"]

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
COLUMNS: tuple[str, ...] = (
    "id",
    "occurred_at",
    "category_code",
    "category",
    "source_kind",
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
        The view's filter; its area set (default: the default set) names each row's area.
    viewer
        Who looks; needs ``VIEW_PICTURE``. Rows they may not see exactly are snapped and their text blanked.
    lang
        ``sv`` or ``en``: the language of the category labels.

    Returns
    -------
    pandas.DataFrame
        The columns in :data:`COLUMNS`, oldest first.
    """
    require(viewer, Permission.VIEW_PICTURE)
    area_set = resolve_area_set(reader, filters)
    where, params = where_clause(filters)
    label = "c.label_en" if lang == "en" else "c.label_sv"
    frame = reader.df(
        "SELECT i.id, strftime(i.occurred_at, '%Y-%m-%d %H:%M') AS occurred_at, i.category_code, "  # noqa: S608 - fragments are code constants; values are bound
        f"{label} AS category, i.source_kind, o.name AS organisation, i.organisation_id, a.code AS area_code, "
        "a.name AS area, i.place, i.description, i.lat, i.lon, i.count "
        "FROM incidents i LEFT JOIN incident_areas ia ON ia.incident_id = i.id AND ia.area_set_id = ? "
        "LEFT JOIN areas a ON a.id = ia.area_id LEFT JOIN organisations o ON o.id = i.organisation_id "
        "LEFT JOIN categories c ON c.code = i.category_code "
        f"WHERE {where} ORDER BY i.occurred_at, i.id",
        [area_set.id, *params],
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


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Excel: UTF-8 with BOM, ``;`` separated, text cells neutralised."""
    return neutralise(frame).to_csv(sep=";", index=False).encode("utf-8-sig")


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
        ``(file bytes, number of rows)``.

    Raises
    ------
    EstError
        For an unknown format.
    PermissionDeniedError
        When the viewer may not export.
    """
    require(viewer, Permission.EXPORT)
    if fmt not in FORMATS:
        raise EstError(f"format '{fmt}' is not supported; use one of: {', '.join(FORMATS)}")
    with store.writing(extensions=("excel",) if fmt == "xlsx" else ()) as writer:
        rows = filtered_rows(writer, filters, viewer, lang)
        if fmt == "csv":
            data = to_csv_bytes(rows)
        else:
            safe = neutralise(rows)
            with tempfile.TemporaryDirectory(prefix="est-export-") as folder:
                target = Path(folder) / "export.xlsx"
                writer.register("export_rows", safe)
                # COPY takes no bound file name; the path is our own temporary folder (no quotes in it).
                writer.execute(
                    f"COPY (SELECT * FROM export_rows) TO '{target.as_posix()}' (FORMAT xlsx, HEADER true)"  # noqa: S608 - path from tempfile
                )
                data = target.read_bytes()
        audit.record(
            writer,
            viewer.user,
            "export",
            fmt,
            len(rows),
            {"filters": filters_to_query(filters), "format": fmt},
        )
    return data, len(rows)
