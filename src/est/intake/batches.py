"""Import batches: listing them (who, when, file, counts) and undoing one as a whole.

Who calls it: ``est batches list|undo`` and the Import page. Undo deletes the batch's incidents and their
area assignments, marks the batch ``undone`` (the row stays, for the record) and writes an audit entry,
all in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.errors import EstError
from est.intake.dedup import link_in_place

if TYPE_CHECKING:
    from est.store import Reader, Store

__all__ = ["list_batches", "undo_batch"]

_COLUMNS = (
    "id",
    "organisation",
    "source_kind",
    "file_name",
    "created_by",
    "created_at",
    "rows_read",
    "rows_imported",
    "rows_rejected",
    "rows_duplicate",
    "rows_outside_areas",
    "fields_masked",
    "status",
    "undone_at",
    "undone_by",
)


def list_batches(reader: Reader, viewer: Viewer, limit: int = 200) -> list[dict[str, Any]]:
    """Return the newest batches first; viewers who import only for their own organisation see only its.

    Parameters
    ----------
    reader
        An open read connection.
    viewer
        Who asks; needs ``IMPORT``.
    limit
        At most this many batches.
    """
    require(viewer, Permission.IMPORT)
    own_only = not viewer.can(Permission.IMPORT_ANY_ORG)
    rows = reader.rows(
        "SELECT b.id, o.name, b.source_kind, b.file_name, b.created_by, b.created_at, b.rows_read, "
        "b.rows_imported, b.rows_rejected, b.rows_duplicate, coalesce(b.rows_outside_areas, 0), "
        "coalesce(b.fields_masked, 0), b.status, b.undone_at, b.undone_by "
        "FROM import_batches b LEFT JOIN organisations o ON o.id = b.organisation_id "
        "WHERE NOT $own OR b.organisation_id = $org ORDER BY b.id DESC LIMIT $limit",
        {"own": own_only, "org": viewer.organisation_id, "limit": limit},
    )
    return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]


def undo_batch(store: Store, viewer: Viewer, batch_id: int, *, actor: str | None = None) -> dict[str, Any]:
    """Undo an import batch: delete its incidents and their area rows, link duplicates again, mark it undone.

    One write transaction: the problems the batch's reports belonged to are re-anchored, dissolved or rebuilt
    (:func:`est.intake.dedup.link_in_place`) before the undo commits, so no undo leaves stale problems behind.

    Returns
    -------
    dict
        ``batch_id``, ``rows_deleted``, ``status`` and ``dedup`` (``problems``, ``linked_incidents`` after it).

    Raises
    ------
    EstError
        When the batch does not exist or was undone already.
    PermissionDeniedError
        When the viewer may not import for the batch's organisation.
    """
    require(viewer, Permission.IMPORT)
    who = actor or viewer.user
    with store.writing() as w:
        row = w.row("SELECT organisation_id, status FROM import_batches WHERE id = ?", [batch_id])
        if row is None:
            raise EstError(
                f"batch {batch_id} not found; choose one of the latest imports (on the command line: est batches list)",
                sv=f"batch {batch_id} finns inte; välj en bland de senaste importerna (i kommandoraden: "
                "est batches list)",
            )
        if row[1] == "undone":
            raise EstError(
                f"batch {batch_id} has been undone already; there is nothing left to undo",
                sv=f"batch {batch_id} är redan ångrad; det finns inget kvar att ångra",
            )
        if row[0] != viewer.organisation_id:
            require(viewer, Permission.IMPORT_ANY_ORG)
        w.execute(
            "DELETE FROM incident_areas WHERE incident_id IN (SELECT id FROM incidents WHERE batch_id = ?)",
            [batch_id],
        )
        deleted = w.changed("DELETE FROM incidents WHERE batch_id = ?", [batch_id])
        linked = link_in_place(w)  # problems the batch's reports belonged to: re-anchored, dissolved or rebuilt
        w.execute(
            "UPDATE import_batches SET status = 'undone', undone_at = current_timestamp, undone_by = ? WHERE id = ?",
            [who, batch_id],
        )
        audit.record(w, who, "undo", f"batch {batch_id}", rows=deleted)
    return {
        "batch_id": batch_id,
        "rows_deleted": deleted,
        "status": "undone",
        "dedup": {"problems": linked.problems, "linked_incidents": linked.linked_incidents},
    }
