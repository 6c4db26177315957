"""A GIS file given as a path or as uploaded bytes, made a local path for the readers that need one.

Owned here so that the area files (:mod:`est.areas.files`) and the address register (:mod:`est.intake.addresses`)
treat an upload, and a file the GIS reader cannot read, the same way. Imports nothing heavy.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from est.errors import InputFileError

__all__ = ["local_file", "refuse_unreadable"]


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


@contextmanager
def refuse_unreadable(file_name: str) -> Iterator[None]:
    """Around reading a GIS file: what the reader (pyogrio) cannot read becomes a message naming the file.

    Raises
    ------
    InputFileError
        When the block raises pyogrio's data source or layer error, a ``ValueError`` or an ``OSError``.
    """
    import pyogrio

    try:
        yield
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError, OSError) as exc:
        raise InputFileError(
            f"{file_name} could not be read as a GIS file: {exc}",
            sv=f"{file_name} kunde inte läsas som en GIS-fil: {exc}",
        ) from exc
