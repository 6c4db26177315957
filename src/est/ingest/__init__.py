"""The incident import (CSV and Excel from any source) and the batch register.

Public API: :func:`preview` and :func:`import_file` (:mod:`est.ingest.importer`), :func:`list_batches`
and :func:`undo_batch` (:mod:`est.ingest.batches`), :func:`remap_label` (:mod:`est.ingest.crosswalk`),
:func:`incident_counts` (:mod:`est.ingest.stats`).
"""

from __future__ import annotations

from est.ingest.batches import list_batches, undo_batch
from est.ingest.crosswalk import remap_label
from est.ingest.importer import ImportOptions, ImportReport, Preview, import_file, preview, rejects_csv
from est.ingest.stats import StatsQuery, incident_counts

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
