"""The incident import (CSV and Excel from any source) and the batch register.

Public API: :func:`preview` and :func:`import_file` (:mod:`est.ingest.importer`), :func:`list_batches`
and :func:`undo_batch` (:mod:`est.ingest.batches`), :func:`remap_label` (:mod:`est.ingest.crosswalk`),
:func:`incident_counts` (:mod:`est.ingest.stats`).

The names are loaded on first use (PEP 562 ``__getattr__``): importing a light module of the package, such
as :mod:`est.ingest.fields` for the command line's help, does not import pandas and DuckDB with the importer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from est.ingest.batches import list_batches, undo_batch
    from est.ingest.crosswalk import remap_label
    from est.ingest.importer import ImportOptions, ImportReport, Preview, import_file, preview, rejects_csv
    from est.ingest.stats import StatsQuery, incident_counts

_HOMES = {
    "list_batches": "est.ingest.batches",
    "undo_batch": "est.ingest.batches",
    "remap_label": "est.ingest.crosswalk",
    "ImportOptions": "est.ingest.importer",
    "ImportReport": "est.ingest.importer",
    "Preview": "est.ingest.importer",
    "import_file": "est.ingest.importer",
    "preview": "est.ingest.importer",
    "rejects_csv": "est.ingest.importer",
    "StatsQuery": "est.ingest.stats",
    "incident_counts": "est.ingest.stats",
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
    """Import the module that defines ``name`` on first access (``from est.ingest import import_file``)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
