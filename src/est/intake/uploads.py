"""Uploaded files on disk: the Import page saves an upload once and imports it from the file.

Who calls it: ``pages/importera.py`` (through :mod:`est.ui.import_views`). Files go to a private temporary
folder with a sanitised name that keeps the extension (so Excel and CSV are told apart). An upload holds
incident reports, so it must not outlive its use: :func:`forget_upload` removes one when the user removes
or replaces the file, and every save first removes uploads older than :data:`STALE_AFTER` (those of
sessions that ended without removing theirs: a closed browser tab, a stopped app).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

__all__ = ["STALE_AFTER", "UPLOAD_TYPES", "forget_upload", "save_upload", "sweep_stale_uploads"]

UPLOAD_TYPES = ("csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods")
#: Seconds after which a saved upload is taken as left behind and removed by the next save (12 hours).
STALE_AFTER = 12 * 3600
_PREFIX = "est-upload-"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def save_upload(name: str, data: memoryview | bytes) -> Path:
    """Write an uploaded file to a private temporary file and return its path.

    Uploads left behind for longer than :data:`STALE_AFTER` are removed first.

    Parameters
    ----------
    name
        The name the browser sent (only its extension and a sanitised stem are kept).
    data
        The file's bytes.
    """
    sweep_stale_uploads()
    stem, dot, ext = Path(name).name.rpartition(".")
    safe_ext = _SAFE.sub("", ext.lower())[:8] if dot else "csv"
    folder = Path(tempfile.mkdtemp(prefix=_PREFIX))
    path = folder / f"{_SAFE.sub('_', stem)[:80] or 'fil'}.{safe_ext or 'csv'}"
    path.write_bytes(data)
    return path


def forget_upload(path: str | Path) -> None:
    """Remove a saved upload and its private folder (nothing happens if it is already gone)."""
    p = Path(path)
    if p.parent.name.startswith(_PREFIX):
        shutil.rmtree(p.parent, ignore_errors=True)
    else:
        p.unlink(missing_ok=True)


def sweep_stale_uploads(older_than: float = STALE_AFTER) -> int:
    """Remove saved uploads last changed more than ``older_than`` seconds ago; return how many went."""
    limit = time.time() - older_than
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        try:
            stale = folder.is_dir() and folder.stat().st_mtime < limit
        except OSError:  # removed meanwhile by another process
            continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
