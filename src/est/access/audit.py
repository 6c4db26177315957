"""The audit log: an append-only record of logins, imports, undos, edits, exports and setting changes.

Who calls it: every write path that changes data or exposes it records one entry inside its own write
transaction (:func:`record`), so the entry and the change commit or roll back together. Admins read it
through :func:`list_entries`. Nothing in the application updates or deletes audit rows.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from est.access.auth import Permission, Viewer, require
from est.i18n import t

if TYPE_CHECKING:
    import pandas as pd

    from est.i18n import Lang
    from est.store import Reader, Writer

__all__ = ["action_label", "audit_actions", "audit_table", "entries_for_display", "list_entries", "record"]

# The object words that write paths put before an id in ``target`` (``batch 12``, ``area set Stadsdelar``);
# longest first so ``area set`` wins over a shorter word. Labels: ``audit.target.<word with _>``.
_TARGET_WORDS = (
    "area status",
    "area set",
    "focus area",
    "organisation",
    "meeting",
    "problem",
    "action",
    "batch",
    "walk",
)
_WHOLE_TARGETS = ("problems",)  # a target that is one word (every problem of a duplicate run)
_TARGET = re.compile(r"^(" + "|".join(re.escape(w) for w in _TARGET_WORDS) + r") (.+)$")


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
    """The newest entries first as a display table (needs ``VIEW_AUDIT``), optionally filtered.

    ``action`` filters by the stored code (``import``); the table shows it as a label (:func:`entries_for_display`).
    """
    require(viewer, Permission.VIEW_AUDIT)
    frame = reader.df(
        "SELECT logged_at, actor, action, target, rows, detail FROM audit_log "
        "WHERE (? IS NULL OR action = ?) AND (? IS NULL OR actor ILIKE '%' || ? || '%') ORDER BY id DESC LIMIT ?",
        [action, action, actor_contains or None, actor_contains or None, limit],
    )
    return entries_for_display(frame, lang)


def action_label(action: str, lang: Lang = "sv") -> str:
    """The audit action ``action`` (a stored code such as ``police_import``) in words; an unknown code as is.

    Examples
    --------
    >>> action_label("undo"), action_label("undo", "en"), action_label("something_new")
    ('Ångrad import', 'Import undone', 'something_new')
    """
    key = f"audit.action.{action}"
    label = t(key, lang)
    return action if label == key else label


def _target_label(target: object, lang: Lang) -> object:
    if not isinstance(target, str):
        return target
    if target in _WHOLE_TARGETS:
        return t(f"audit.target.{target}", lang)
    match = _TARGET.match(target)
    if match is None:
        return target
    return f"{t('audit.target.' + match.group(1).replace(' ', '_'), lang)} {match.group(2)}"


def entries_for_display(entries: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Audit entries (``logged_at, actor, action, target, rows, detail``) as a table for people.

    Headers in ``lang``, the time as ``YYYY-MM-DD HH:MM:SS``, the action as its label (:func:`action_label`)
    and the object word of the target translated (``batch 12`` → ``import 12``). The stored log is unchanged.
    """
    import pandas as pd  # here only: recording an entry (on every write path) never needs pandas

    return pd.DataFrame(
        {
            t("audit.col.when", lang): entries["logged_at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
            t("audit.col.actor", lang): entries["actor"],
            t("audit.col.action", lang): [action_label(str(a), lang) for a in entries["action"]],
            t("audit.col.target", lang): [_target_label(v, lang) for v in entries["target"]],
            t("audit.col.rows", lang): entries["rows"],
            t("audit.col.detail", lang): entries["detail"],
        }
    )
