"""Intake: everything that comes into the picture.

Owns the file import (CSV and Excel from any source: :mod:`~est.intake.importer`, with reading, fields,
dates, placing, SWEREF coordinates, the label crosswalk and category labels in their own modules) and the
batch register (:mod:`~est.intake.batches`), the quick field report (:mod:`~est.intake.field_reports`),
police events (:mod:`~est.intake.police`), duplicate linking (:mod:`~est.intake.dedup`), organisations
(:mod:`~est.intake.organisations`) and the address register (:mod:`~est.intake.addresses`).

Who may import it: ``est.demo``, ``est.cli`` and ``est.ui``; never ``est.meeting`` (the two are independent).
It imports ``est.picture``, ``est.areas``, ``est.access``, ``est.store`` and the base modules.

Public API of the file import: :func:`preview` and :func:`import_file` (:mod:`est.intake.importer`),
:func:`list_batches` and :func:`undo_batch` (:mod:`est.intake.batches`), :func:`remap_label`
(:mod:`est.intake.crosswalk`),
:func:`incident_counts` (:mod:`est.intake.stats`).

The names are loaded on first use (PEP 562 ``__getattr__``): importing a light module of the package, such
as :mod:`est.intake.fields` for the command line's help, does not import pandas and DuckDB with the importer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from est.intake.batches import list_batches, undo_batch
    from est.intake.crosswalk import remap_label
    from est.intake.importer import ImportOptions, ImportReport, Preview, import_file, preview, rejects_csv
    from est.intake.stats import StatsQuery, incident_counts

_HOMES = {
    "list_batches": "est.intake.batches",
    "undo_batch": "est.intake.batches",
    "remap_label": "est.intake.crosswalk",
    "ImportOptions": "est.intake.importer",
    "ImportReport": "est.intake.importer",
    "Preview": "est.intake.importer",
    "import_file": "est.intake.importer",
    "preview": "est.intake.importer",
    "rejects_csv": "est.intake.importer",
    "StatsQuery": "est.intake.stats",
    "incident_counts": "est.intake.stats",
}

__all__ = [
    "ImportOptions",
    "ImportReport",
    "Preview",
    "StatsQuery",
    "import_file",
    "incident_counts",
    "list_batches",
    "preview",
    "rejects_csv",
    "remap_label",
    "undo_batch",
]


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` on first access (``from est.intake import import_file``)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
