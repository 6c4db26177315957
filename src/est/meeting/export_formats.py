"""The file formats of an incident export: CSV (for Excel) and xlsx.

Who uses it: :mod:`est.meeting.exports`, which writes them, and ``est export --format``, which offers them. The names
live apart from :mod:`est.meeting.exports` (pandas, DuckDB) so the command line's help and usage errors stay light.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["FORMATS", "Format"]

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
