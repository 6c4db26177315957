"""Personal data in free text: detection and masking before anything is stored.

Who calls it: the incident import, the field report and every other path that stores free text calls
:func:`mask_texts` (or :func:`mask_text`) and reports how many fields were masked.

Masked, in this order (each is replaced by a bracketed tag so the text stays readable):

* e-mail addresses, also written ``namn (at) example.se`` → ``[e-post]``;
* Swedish personnummer and samordningsnummer → ``[personnummer]``, erring on the side of masking. Masked
  are 10 or 12 digits (``YYMMDD``/``YYYYMMDD`` then four) that

  - pass the ``personnummer`` package's check (checksum and date), with or without ``-``/``+``/space; or
  - are *date-shaped* whatever their check digit: month 01–12 and day 01–31 (61–91 for a
    samordningsnummer), a 12-digit form starting 19 or 20, written with the usual separator ``-``/``+``
    (or an en dash) before the last four, or as 12 digits without one; or
  - follow a cue such as ``pnr``, ``personnr``, ``personnummer`` or ``samordningsnummer``, in any form.

  So a typo in the check digit does not leave a personnummer in clear. A bare 10-digit number with no
  separator and no cue is masked only when it passes the check (it is as likely an order number);
* Swedish phone numbers: ``070-123 45 67``, ``0701234567``, ``08-12 34 56``, ``(08) 123 456 78``,
  ``+46 70 123 45 67``, ``+46 (0)8 123 456``, ``0046 70 123 45 67``, ``070/123 45 67`` → ``[telefon]``;
* vehicle registration numbers ``ABC 123`` / ``ABC12D`` (upper case, Swedish letter set), and in any
  case after a cue such as ``regnr`` → ``[regnr]``;
* names after cue words (``heter``, ``namn:``, ``kallad``, ``hyresgäst``, ``herr`` …): one to three
  capitalised words → ``[namn]``.

Detection is deliberately cautious in one direction: when in doubt it masks. It is not a guarantee; the
reporting form and the import report tell the user how many fields were masked, and the privacy page
tells reporters not to write personal data at all.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from personnummer import personnummer as _pnr

if TYPE_CHECKING:
    from est.i18n import Lang
    from est.store import Reader

__all__ = [
    "TAGS",
    "MaskResult",
    "PrivacyFacts",
    "mask_counts",
    "mask_text",
    "mask_texts",
    "privacy_facts",
    "role_table",
]

#: The tag each kind of personal data is replaced with.
TAGS: dict[str, str] = {
    "email": "[e-post]",
    "personnummer": "[personnummer]",
    "phone": "[telefon]",
    "regnr": "[regnr]",
    "name": "[namn]",
}


@dataclass(frozen=True)
class MaskResult:
    """A masked text and the kinds of personal data found in it (each kind once, in order found)."""

    text: str
    kinds: tuple[str, ...]

    @property
    def masked(self) -> bool:
        """Whether anything was masked."""
        return bool(self.kinds)


_EMAIL = re.compile(
    r"[\w.+-]+(?:@|\s?[(\[]\s?(?:at|snabel-a)\s?[)\]]\s?)[\w-]+(?:(?:\.|\s?[(\[]\s?dot\s?[)\]]\s?)[\w-]+)+",
    re.UNICODE | re.IGNORECASE,
)
_MAY_BE_EMAIL = re.compile(r"[@(\[]")
# 10 or 12 digits, optionally split before the last four by -, + (or an en dash) or a space. Which of these
# are masked is decided by _is_personnummer.
_PNR = re.compile(r"(?<![\d\-\u2013+/])((?:19|20)?\d{6})([-\u2013+ ]?)(\d{4})(?![\d\-\u2013/])")
_SIX_DIGITS = re.compile(r"\d{6}")
# A date-shaped YYMMDD: month 01–12, day 01–31 or 61–91 (a samordningsnummer adds 60 to the day).
_DATE_SHAPED = re.compile(r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])")
# Cue words that say the next number is a personnummer, at the end of the text before it.
_PNR_CUE = re.compile(
    r"\b(?:p\.?-?nr|pers\.?\s?nr|personnr|personnumm?ret|personnumm?er|samordningsnumm?(?:er|ret)|samordningsnr|"
    r"födelsenumm?er)\.?\s*:?\s*$",
    re.IGNORECASE,
)
# Phone numbers: an international prefix or a trunk 0 + area code, then 5–8 more digits in groups.
_SEP = r"[ \u00a0\-/]?"
_PHONE = re.compile(
    r"(?<![\w+\-/.:,])"
    r"(?:"
    r"(?:\+|00)46" + _SEP + r"(?:\(0\)" + _SEP + r")?[1-9]"  # +46 70…, 0046 8…, +46 (0)70…
    r"|\(0[1-9]\d{0,2}\)" + _SEP + r"\d"  # (08) 123…, (031) 12…
    r"|0[1-9]"  # 070…, 08…
    r")"
    r"(?:" + _SEP + r"\d){5,9}"
    r"(?![\d])"
)
# Swedish plates: three letters (no I, Q, V), two digits, and a digit or a letter (no I, Q, V, O).
_PLATE = r"[A-HJ-PR-UW-Z]{3}[ \-]?\d{2}[0-9A-HJ-NPR-UW-Z]"
_REGNR = re.compile(r"(?<![\wÅÄÖåäö])" + _PLATE + r"(?![\wÅÄÖåäö])")
_REGNR_CUE = re.compile(
    r"(?P<cue>\b(?=r)(?:reg\.?\s?nr|regnummer|registreringsnumm?er(?:et)?)\.?\s*:?\s*)"
    r"(?P<plate>[a-z]{3}[ \-]?\d{2}[0-9a-z])(?![\wåäö])",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüè']+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüè']+)?"
# Cue words are matched in any case; the name itself must be capitalised (1–3 words).
_CUES = (
    r"heter|hette|kallad|kallas|känd\s+som|vid\s+namn|namn(?:et)?\s*(?:är|:)|alias|"
    r"herr|fru|hyresgäst(?:en)?|anmälare(?:n)?|kontaktperson(?:en)?|boende(?:n)?|"
    r"misstänkt(?:a)?(?:\s+är)?|sonen|dottern|pojken|flickan|killen|tjejen|mannen|kvinnan"
)
# Python's regex engine tries every cue at every word start; a look-ahead for the cues' first letters (the
# same match, case-insensitive as they are) lets it skip words that begin with no cue's letter, 3× faster.
# (Splitting at every "|" also takes the first character of alternatives inside groups: a few more, never fewer.)
_CUE_INITIALS = "".join(sorted({cue[0] for cue in _CUES.split("|")}))
_NAME_CUE = re.compile(
    r"(?P<cue>\b(?=(?i:[" + _CUE_INITIALS + r"]))(?i:" + _CUES + r")\s*:?\s+)"
    r"(?P<name>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,2})"
)
_NOT_NAMES = frozenset(
    {"Han", "Hon", "De", "Det", "Den", "Vi", "Jag", "Och", "Som", "Inte", "Polis", "Polisen", "Okänd", "Okänt"}
)


def _valid_personnummer(century_and_date: str, separator: str, tail: str) -> bool:
    sep = "+" if separator == "+" else "-"
    return bool(_pnr.valid(f"{century_and_date}{sep}{tail}"))


def _is_personnummer(match: re.Match[str]) -> bool:
    """Whether a 10/12-digit match of ``_PNR`` is masked: valid, date-shaped and well written, or cued."""
    century_and_date, separator, tail = match.group(1), match.group(2), match.group(3)
    if _valid_personnummer(century_and_date, separator, tail):
        return True
    written_as_one = separator in ("-", "\u2013", "+") or (separator == "" and len(century_and_date) == 8)
    if written_as_one and _DATE_SHAPED.fullmatch(century_and_date[-6:]):
        return True
    start = match.start()
    return _PNR_CUE.search(match.string, max(0, start - 40), start) is not None


def mask_text(text: str) -> MaskResult:
    """Mask personal data in one text.

    Parameters
    ----------
    text
        Free text as the reporter wrote it.

    Returns
    -------
    MaskResult
        The masked text and which kinds of personal data were found.

    Examples
    --------
    >>> mask_text("Ring 070-123 45 67 eller mejla a.b@example.se").text
    'Ring [telefon] eller mejla [e-post]'
    >>> mask_text("Bil ABC 123 stod där, ägaren heter Anna Svensson").text
    'Bil [regnr] stod där, ägaren heter [namn]'
    """
    found: list[str] = []

    def tag(kind: str) -> str:
        found.append(kind)
        return TAGS[kind]

    def pnr(match: re.Match[str]) -> str:
        return tag("personnummer") if _is_personnummer(match) else match.group(0)

    def name(match: re.Match[str]) -> str:
        words = match.group("name").split()
        if words[0] in _NOT_NAMES:
            return match.group(0)
        return match.group("cue") + tag("name")

    # _EMAIL needs an @ or a bracket, _PNR six digits in a row: most texts have neither, and looking for that
    # first is far cheaper than the patterns themselves (which try every word)
    out = _EMAIL.sub(lambda _m: tag("email"), text) if _MAY_BE_EMAIL.search(text) else text
    out = _PNR.sub(pnr, out) if _SIX_DIGITS.search(out) else out
    out = _PHONE.sub(lambda _m: tag("phone"), out)
    out = _REGNR_CUE.sub(lambda m: m.group("cue") + tag("regnr"), out)
    out = _REGNR.sub(lambda _m: tag("regnr"), out)
    out = _NAME_CUE.sub(name, out)
    return MaskResult(out, tuple(dict.fromkeys(found)))


def _is_blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def mask_texts(values: Sequence[str | None]) -> tuple[list[str | None], int]:
    """Mask a column of texts.

    Parameters
    ----------
    values
        Texts; None, empty strings and NaN pass through unchanged.

    Returns
    -------
    tuple of (list, int)
        The masked values, and how many fields had anything masked.

    Examples
    --------
    >>> mask_texts(["ok", None, "mejla x@y.se"])
    (['ok', None, 'mejla [e-post]'], 1)
    """
    out: list[str | None] = []
    masked = 0
    for value in values:
        if _is_blank(value) or not isinstance(value, str):
            out.append(value)
            continue
        result = mask_text(value)
        masked += result.masked
        out.append(result.text)
    return out, masked


def mask_counts(values: Sequence[str | None]) -> Counter[str]:
    """Count, per kind of personal data, how many of ``values`` contain it (for import reports).

    Examples
    --------
    >>> dict(mask_counts(["ring 070-123 45 67", "a@b.se och 08-123 456 78", None]))
    {'phone': 2, 'email': 1}
    """
    counts: Counter[str] = Counter()
    for value in values:
        if isinstance(value, str) and value:
            counts.update(mask_text(value).kinds)
    return counts


@dataclass(frozen=True)
class PrivacyFacts:
    """What the privacy page states, read from the settings and the users table (never hard-coded)."""

    retention_months: str
    grid_metres: str
    small_count_threshold: str
    login_max_failures: str
    login_lockout_minutes: str
    last_retention: datetime | None
    users_per_role: tuple[tuple[str, int], ...]
    open_api: str = "off"
    open_api_delay_weeks: str = "1"

    @property
    def open_api_on(self) -> bool:
        """Whether the open API publishes (``open_api`` on)."""
        return self.open_api == "on"

    @property
    def suppressed_up_to(self) -> int:
        """The largest count shown as suppressed (``small_count_threshold`` − 1; 0: none)."""
        return max(int(self.small_count_threshold) - 1, 0) if self.small_count_threshold.isdigit() else 0


def privacy_facts(reader: Reader) -> PrivacyFacts:
    """Collect the settings and counts the privacy page is generated from."""
    from est.access.auth import Role
    from est.access.settings import get_setting

    def setting(key: str) -> str:
        return get_setting(reader, key) or "?"

    counts = dict(reader.rows("SELECT role, count(*) FROM users WHERE NOT disabled GROUP BY role"))
    last = reader.value("SELECT max(logged_at) FROM audit_log WHERE action = 'retention'")
    return PrivacyFacts(
        retention_months=setting("retention_months"),
        grid_metres=setting("snap_grid_metres"),
        small_count_threshold=setting("small_count_threshold"),
        login_max_failures=setting("login_max_failures"),
        login_lockout_minutes=setting("login_lockout_minutes"),
        last_retention=last if isinstance(last, datetime) else None,
        users_per_role=tuple((role.value, int(counts.get(role.value, 0))) for role in Role),
        open_api=setting("open_api"),
        open_api_delay_weeks=setting("open_api_delay_weeks"),
    )


def role_table(facts: PrivacyFacts, lang: Lang = "sv") -> list[dict[str, str]]:
    """One row per role: its name, what it sees and may do, and how many enabled users have it."""
    from est.access.auth import ROLE_DESCRIPTIONS, Role
    from est.i18n import t

    users = dict(facts.users_per_role)
    return [
        {
            t("privacy.col.role", lang): t(f"role.{role.value}", lang),
            t("privacy.col.sees", lang): ROLE_DESCRIPTIONS[role][0 if lang == "sv" else 1],
            t("privacy.col.users", lang): str(users.get(role.value, 0)),
        }
        for role in Role
    ]
