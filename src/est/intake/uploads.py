"""Uploaded files on disk: the Import page saves an upload once and imports it from the file.

Who calls it: ``pages/importera.py``. Files go to a private temporary folder with a sanitised name that
keeps the extension (so Excel and CSV are told apart); :func:`forget_upload` removes one.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

__all__ = ["UPLOAD_TYPES", "forget_upload", "save_upload"]

UPLOAD_TYPES = ("csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def save_upload(name: str, data: memoryview | bytes) -> Path:
    """Write an uploaded file to a private temporary file and return its path.

    Parameters
    ----------
    name
        The name the browser sent (only its extension and a sanitised stem are kept).
    data
        The file's bytes.
    """
    stem, dot, ext = Path(name).name.rpartition(".")
    safe_ext = _SAFE.sub("", ext.lower())[:8] if dot else "csv"
    folder = Path(tempfile.mkdtemp(prefix="est-upload-"))
    path = folder / f"{_SAFE.sub('_', stem)[:80] or 'fil'}.{safe_ext or 'csv'}"
    path.write_bytes(data)
    return path


def forget_upload(path: str | Path) -> None:
    """Remove a saved upload and its private folder."""
    p = Path(path)
    p.unlink(missing_ok=True)
    if p.parent.name.startswith("est-upload-"):
        p.parent.rmdir()
