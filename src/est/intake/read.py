"""Reading real files: format, encoding, separator and header detection from a sample, and Excel sheets.

Who calls it: :mod:`est.intake.importer` (and through it the CLI and the Import page) calls
:func:`inspect_file` first; it reads at most the first megabyte, so a preview of a 100 MB file is instant.
The whole file is then read by DuckDB (CSV) or python-calamine (Excel) inside the import transaction.

Whole-file problems raise :class:`~est.errors.InputFileError` with an English and a Swedish message that say
what to do: an empty file, a header without data, binary content, a first line longer than the sample.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from est.errors import InputFileError

__all__ = [
    "SAMPLE_BYTES",
    "SourceFile",
    "blank_lines",
    "inspect_file",
    "physical_line",
    "read_excel_rows",
    "transcode_to_utf8",
]

SAMPLE_BYTES = 1 << 20
SAMPLE_ROWS = 200
_DELIMITERS = (";", ",", "\t", "|")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class SourceFile:
    """What :func:`inspect_file` found out about a file (from its first megabyte)."""

    path: Path
    kind: str  # csv | excel
    encoding: str  # utf-8 | utf-8-sig | cp1252 | latin-1 | utf-16 (csv) or "xlsx" (excel)
    delimiter: str  # "" for excel
    columns: tuple[str, ...]
    sample: tuple[tuple[str, ...], ...]  # the first data rows, as text
    size: int
    sheet: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def file_name(self) -> str:
        """The file's name without folders."""
        return self.path.name


def _unique_columns(raw: list[str]) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, value in enumerate(raw):
        name = (value or "").replace("\ufeff", "").strip() or f"kolumn_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


def _decode_sample(head: bytes, complete: bool) -> tuple[str, str]:
    """Return (encoding, text) for the sample; UTF-8 (with or without BOM) first, then Windows-1252."""
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        return encoding, decoder.decode(head, final=complete)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise InputFileError(
                f"the file starts as {encoding} (its first bytes say so) but holds characters that are not valid "
                "in it; save it as UTF-8 and import it again",
                sv=f"filen börjar som {encoding} men innehåller ogiltiga tecken; spara den som UTF-8 och importera "
                "den igen",
            ) from None
    try:
        return "cp1252", head.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1", head.decode("latin-1")


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls > max(8, len(text[:65536]) // 100)


def _choose_delimiter(lines: list[str]) -> str:
    best, best_score = ";", -1.0
    for delim in _DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delim, quotechar='"'))
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        same = sum(1 for r in rows if len(r) == width)
        score = same / len(rows) + width / 1000
        if score > best_score:
            best, best_score = delim, score
    return best


def inspect_file(path: str | os.PathLike[str], *, sheet: str | None = None) -> SourceFile:
    """Detect the kind, encoding, separator and header of a file from its beginning.

    Parameters
    ----------
    path
        A CSV/text file or an Excel workbook (.xlsx, .xlsm, .xls, .ods).
    sheet
        For a workbook: the sheet to read (default: the first).

    Returns
    -------
    SourceFile

    Raises
    ------
    InputFileError
        For an empty, binary or header-only file, or a first line longer than the sample.
    """
    p = Path(path)
    if not p.is_file():
        raise InputFileError(
            f"the file {p} does not exist; check its name and folder",
            sv=f"filen {p} finns inte; kontrollera namnet och mappen",
        )
    size = p.stat().st_size
    if size == 0:
        raise InputFileError(
            f"the file {p.name} is empty: export it again from the source system",
            sv=f"filen {p.name} är tom: exportera den igen från källsystemet",
        )
    with p.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if head.startswith((_ZIP, _OLE)):
        return _inspect_excel(p, size, sheet)
    encoding, text = _decode_sample(head, complete=size <= SAMPLE_BYTES)
    if _looks_binary(text):
        raise InputFileError(
            f"the file {p.name} does not look like a text file (CSV) or an Excel file; save it as CSV "
            "(semicolon-separated, UTF-8) or .xlsx and try again",
            sv=f"filen {p.name} ser inte ut att vara en textfil (CSV) eller en Excelfil; spara den som CSV "
            "(semikolonavgränsad, UTF-8) eller .xlsx och försök igen",
        )
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if size > SAMPLE_BYTES and len(lines) <= 1:
        raise InputFileError(
            f"the first line of {p.name} is longer than {SAMPLE_BYTES // 1024} kB: the file has no line breaks "
            "and is probably not a CSV file; export it again as CSV or .xlsx",
            sv=f"första raden i {p.name} är längre än {SAMPLE_BYTES // 1024} kB: filen har inga radbrytningar "
            "och är troligen inte en CSV-fil; exportera den igen som CSV eller .xlsx",
        )
    if size > SAMPLE_BYTES and lines:
        lines = lines[:-1]  # the last sample line may be cut
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        raise InputFileError(
            f"the file {p.name} holds only blank lines; export it again from the source system",
            sv=f"filen {p.name} innehåller bara tomma rader; exportera den igen från källsystemet",
        )
    delimiter = _choose_delimiter(nonblank[: SAMPLE_ROWS + 1])
    rows = list(csv.reader(nonblank[: SAMPLE_ROWS + 1], delimiter=delimiter, quotechar='"'))
    header = _unique_columns(rows[0])
    if len(header) < 2 and not rows[1:]:
        raise InputFileError(
            f"the file {p.name} has a header line but no data rows; export it again with its rows",
            sv=f"filen {p.name} har en rubrikrad men inga datarader; exportera den igen med raderna",
        )
    data = [tuple(r) for r in rows[1:] if any(v.strip() for v in r)]
    if not data:
        raise InputFileError(
            f"the file {p.name} has a header line but no data rows: there is nothing to import",
            sv=f"filen {p.name} har en rubrikrad men inga datarader: det finns inget att importera",
        )
    return SourceFile(p, "csv", encoding, delimiter, tuple(header), tuple(data[:50]), size)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value)


def read_excel_rows(path: str | os.PathLike[str], sheet: str | None = None) -> tuple[str, list[list[str]]]:
    """Read one sheet of a workbook as text rows (dates as ISO text, whole numbers without ``.0``).

    Returns
    -------
    tuple
        The sheet's name and its rows (blank rows kept, so list index + 1 is the sheet's row number).

    Raises
    ------
    InputFileError
        When the workbook cannot be read or the sheet does not exist.
    """
    from python_calamine import CalamineWorkbook

    p = Path(path)
    try:
        workbook = CalamineWorkbook.from_path(str(p))
    except Exception as exc:  # calamine raises its own error types for broken or encrypted files
        raise InputFileError(
            f"cannot read {p.name} as an Excel file ({exc}); open it in Excel, save it again as .xlsx without a "
            "password, and import that",
            sv=f"kan inte läsa {p.name} som Excelfil ({exc}); öppna den i Excel, spara den igen som .xlsx utan "
            "lösenord och importera den",
        ) from exc
    names = list(workbook.sheet_names)
    if not names:
        raise InputFileError(
            f"the workbook {p.name} has no sheets; save the data in a sheet and try again",
            sv=f"arbetsboken {p.name} har inga blad; lägg uppgifterna i ett blad och försök igen",
        )
    chosen = sheet or names[0]
    if chosen not in names:
        raise InputFileError(
            f"the sheet {chosen!r} is not in {p.name}; choose one of: {', '.join(names)} (--sheet)",
            sv=f"bladet {chosen!r} finns inte i {p.name}; välj ett av: {', '.join(names)} (--sheet)",
        )
    rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=True)
    return chosen, [[_cell_text(v) for v in row] for row in rows]


def _inspect_excel(p: Path, size: int, sheet: str | None) -> SourceFile:
    chosen, rows = read_excel_rows(p, sheet)
    rows = [r for r in rows if any(v.strip() for v in r)]
    if not rows:
        raise InputFileError(
            f"the sheet {chosen!r} in {p.name} is empty; put the data in the first sheet (on the command line "
            "you can choose another: --sheet NAME)",
            sv=f"bladet {chosen!r} i {p.name} är tomt; lägg uppgifterna i första bladet (i kommandoraden går ett "
            "annat att välja: --sheet NAMN)",
        )
    header = _unique_columns(rows[0])
    if len(rows) < 2:
        raise InputFileError(
            f"the sheet {chosen!r} in {p.name} has a header line but no data rows; put the data in the first "
            "sheet (on the command line you can choose another: --sheet NAME)",
            sv=f"bladet {chosen!r} i {p.name} har en rubrikrad men inga datarader; lägg uppgifterna i första "
            "bladet (i kommandoraden går ett annat att välja: --sheet NAMN)",
        )
    return SourceFile(p, "excel", "xlsx", "", tuple(header), tuple(tuple(r) for r in rows[1:51]), size, chosen)


def transcode_to_utf8(source: SourceFile, folder: str | os.PathLike[str] | None = None) -> Path:
    """Write a UTF-8 copy of a CSV file in another encoding (streamed; for DuckDB, which reads UTF-8).

    Raises
    ------
    InputFileError
        When the file is not valid in the detected encoding.
    """
    handle, name = tempfile.mkstemp(prefix="est-import-", suffix=".csv", dir=folder)
    os.close(handle)
    target = Path(name)
    try:
        with (
            source.path.open("r", encoding=source.encoding, newline="") as src,
            target.open("w", encoding="utf-8", newline="") as dst,
        ):
            while chunk := src.read(1 << 22):
                dst.write(chunk)
    except UnicodeDecodeError as exc:
        target.unlink(missing_ok=True)
        raise InputFileError(
            f"the file {source.file_name} has characters that are not valid in {source.encoding}: save it as UTF-8 "
            "and import it again",
            sv=f"filen {source.file_name} har tecken som inte är giltiga i {source.encoding}: spara den som UTF-8 "
            "och importera den igen",
        ) from exc
    return target


_BLANK_AFTER_NEWLINE = re.compile(rb"\n(?=[ \t\r]*\n)")


def blank_lines(path: str | os.PathLike[str]) -> list[int]:
    """Return the (1-based) numbers of the blank lines in a text file, scanning it in chunks.

    DuckDB skips blank lines, so its record numbers differ from the line numbers a user sees in an
    editor; :func:`physical_line` converts with this list.
    """
    found: list[int] = []
    line = 1
    carry = b""
    with Path(path).open("rb") as handle:
        while True:
            chunk = handle.read(1 << 24)
            data = carry + chunk
            if not chunk:
                break
            cut = data.rfind(b"\n")
            if cut < 0:
                carry = data
                continue
            body, carry = data[: cut + 1], data[cut + 1 :]
            last = 0
            for match in _BLANK_AFTER_NEWLINE.finditer(body):
                line += body.count(b"\n", last, match.start())
                last = match.start()
                found.append(line + 1)
            line += body.count(b"\n", last)
    return found


def physical_line(record: int, blanks: list[int]) -> int:
    """Convert a record number (blank lines not counted; header = 1) to the file's line number."""
    line = record
    for blank in blanks:
        if blank <= line:
            line += 1
        else:
            break
    return line
