"""The audit log: an append-only record of logins, imports, undos, edits, exports and setting changes.

Who calls it: every write path that changes data or exposes it records one entry inside its own write
transaction (:func:`record`), so the entry and the change commit or roll back together. Admins read it
through :func:`list_entries`. Nothing in the application updates or deletes audit rows.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from est.auth import Permission, Viewer, require

if TYPE_CHECKING:
    import pandas as pd

    from est.i18n import Lang
    from est.store import Reader, Writer

__all__ = ["audit_actions", "audit_table", "list_entries", "record"]


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


def audit_actions(reader: Reader, viewer: Viewer) -> list[str]:
    """The distinct actions in the log (needs ``VIEW_AUDIT``)."""
    require(viewer, Permission.VIEW_AUDIT)
    return [str(r[0]) for r in reader.rows("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def audit_table(
    reader: Reader,
    viewer: Viewer,
    action: str | None = None,
    actor_contains: str | None = None,
    limit: int = 500,
    lang: Lang = "sv",
) -> pd.DataFrame:
    """The newest entries first as a display table (needs ``VIEW_AUDIT``), optionally filtered."""
    from est.i18n import t

    require(viewer, Permission.VIEW_AUDIT)
    frame = reader.df(
        "SELECT logged_at, actor, action, target, rows, detail FROM audit_log "
        "WHERE (? IS NULL OR action = ?) AND (? IS NULL OR actor ILIKE '%' || ? || '%') ORDER BY id DESC LIMIT ?",
        [action, action, actor_contains or None, actor_contains or None, limit],
    )
    frame["logged_at"] = frame["logged_at"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return frame.rename(
        columns={
            "logged_at": t("audit.col.when", lang),
            "actor": t("audit.col.actor", lang),
            "action": t("audit.col.action", lang),
            "target": t("audit.col.target", lang),
            "rows": t("audit.col.rows", lang),
            "detail": t("audit.col.detail", lang),
        }
    )
