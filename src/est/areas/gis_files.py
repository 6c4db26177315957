"""A GIS file given as a path or as uploaded bytes, made a local path for the readers that need one.

Owned here so that the area files (:mod:`est.areas.files`) and the address register (:mod:`est.intake.addresses`)
treat an upload the same way. Imports nothing heavy.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from est.errors import InputFileError

__all__ = ["local_file"]


@contextmanager
def local_file(source: str | Path | bytes, file_name: str | None, *, what: tuple[str, str]) -> Iterator[Path]:
    """Yield a local path holding ``source``: the path itself, or the uploaded bytes in a temporary folder.

    Parameters
    ----------
    source
        A path, or the bytes of an upload.
    file_name
        The upload's own name; its extension tells the format, so bytes without it are refused.
    what
        What the file is, in English and Swedish, for the messages ("an uploaded area file", …).

    Raises
    ------
    InputFileError
        For bytes without a file name, or a path where there is no file.
    """
    if isinstance(source, bytes):
        if not file_name:
            raise InputFileError(
                f"{what[0]} needs its file name, to know its format",
                sv=f"{what[1]} behöver sitt filnamn för att formatet ska gå att avgöra",
            )
        with tempfile.TemporaryDirectory(prefix="est-upload-") as tmp:
            path = Path(tmp) / Path(file_name).name
            path.write_bytes(source)
            yield path
        return
    path = Path(source)
    if not path.exists():
        raise InputFileError(f"file not found: {path}", sv=f"filen finns inte: {path}")
    yield path
