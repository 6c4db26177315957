"""Personal data in free text: detection and masking before anything is stored.

Who calls it: the incident import, the field report and every other path that stores free text calls
:func:`mask_texts` (or :func:`mask_text`) and reports how many fields were masked.

Masked: Swedish personnummer/samordningsnummer (checksum-validated), phone numbers, e-mail addresses,
vehicle registration numbers, and names after cue words ("heter", "namn:", …). Each is replaced by a
bracketed tag such as ``[personnummer]`` so the text stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MaskResult", "mask_text", "mask_texts"]


@dataclass(frozen=True)
class MaskResult:
    """A masked text and what was found in it."""

    text: str
    kinds: tuple[str, ...]

    @property
    def masked(self) -> bool:
        """Whether anything was masked."""
        return bool(self.kinds)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PNR = re.compile(r"(?<!\d)(?:19|20)?(\d{6})[-+ ]?(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)[\s-]?(?:\d[\s-]?){6,10}\d(?!\d)")
_REGNR = re.compile(r"(?<![\wÅÄÖåäö])([A-HJ-PR-UW-Z]{3})[ -]?(\d{2}[A-HJ-PR-UW-Z0-9])(?![\wÅÄÖåäö])", re.IGNORECASE)
_NAME_CUE = re.compile(
    r"(?P<cue>\b(?:heter|hette|namn(?:et)?\s*(?:är|:)|kallad|känd som|vid namn)\s+)"
    r"(?P<name>[A-ZÅÄÖÉ][a-zåäöé]+(?:[\s-][A-ZÅÄÖÉ][a-zåäöé]+)*)",
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _pnr_sub(match: re.Match[str], found: list[str]) -> str:
    digits = match.group(1) + match.group(2)
    if _luhn_ok(digits):
        found.append("personnummer")
        return "[personnummer]"
    return match.group(0)


def mask_text(text: str) -> MaskResult:
    """Mask personal data in one text.

    Examples
    --------
    >>> mask_text("Ring 070-123 45 67 eller mejla a.b@example.se").text
    'Ring [telefon] eller mejla [e-post]'
    """
    found: list[str] = []

    def tag(kind: str, label: str) -> str:
        found.append(kind)
        return label

    out = _EMAIL.sub(lambda _m: tag("email", "[e-post]"), text)
    out = _PNR.sub(lambda m: _pnr_sub(m, found), out)
    out = _PHONE.sub(lambda _m: tag("phone", "[telefon]"), out)
    out = _REGNR.sub(lambda _m: tag("regnr", "[regnr]"), out)
    out = _NAME_CUE.sub(lambda m: m.group("cue") + tag("name", "[namn]"), out)
    return MaskResult(out, tuple(dict.fromkeys(found)))


def mask_texts(values: Sequence[str | None]) -> tuple[list[str | None], int]:
    """Mask a column of texts; return the masked values and how many fields had anything masked."""
    out: list[str | None] = []
    masked = 0
    for value in values:
        if value is None or value == "":
            out.append(value)
            continue
        result = mask_text(value)
        masked += result.masked
        out.append(result.text)
    return out, masked
