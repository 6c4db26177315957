"""The audit log: an append-only record of logins, imports, undos, edits, exports and setting changes.

Who calls it: every write path that changes data or exposes it records one entry inside its own write
transaction (:func:`record`), so the entry and the change commit or roll back together. Admins read it
through :func:`list_entries`. Nothing in the application updates or deletes audit rows.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from est.store import Reader, Writer

__all__ = ["list_entries", "record"]


def record(
    writer: Writer,
    actor: str,
    action: str,
    target: str | None = None,
    rows: int = 0,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit entry inside the caller's write transaction.

    Parameters
    ----------
    writer
        The open write transaction of the change being audited.
    actor
        Who: the viewer's user id, or ``cli:<os user>`` for the command line.
    action
        What kind of event: ``login``, ``import``, ``undo``, ``edit``, ``export``, ``setting``, …
    target
        What it acted on, e.g. ``batch 12``.
    rows
        How many rows it touched.
    detail
        Anything else worth keeping, stored as JSON (never report free text).
    """
    writer.execute(
        "INSERT INTO audit_log (actor, action, target, rows, detail) VALUES (?, ?, ?, ?, ?)",
        [actor, action, target, rows, json.dumps(detail, ensure_ascii=False, default=str) if detail else None],
    )


def list_entries(reader: Reader, limit: int = 500, action: str | None = None) -> pd.DataFrame:
    """The newest audit entries first (optionally of one action)."""
    if action:
        return reader.df(
            "SELECT id, logged_at, actor, action, target, rows, detail FROM audit_log WHERE action = ? "
            "ORDER BY id DESC LIMIT ?",
            [action, limit],
        )
    return reader.df(
        "SELECT id, logged_at, actor, action, target, rows, detail FROM audit_log ORDER BY id DESC LIMIT ?", [limit]
    )
