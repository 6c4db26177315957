"""Dates and times in import files, parsed in SQL over the whole column.

Who calls it: :mod:`est.intake.importer` builds its parse statement from these SQL fragments. They are
code constants; the only thing substituted into them is a SQL expression the importer builds from
generated column identifiers (never user text).

Accepted: ISO (``2026-11-03 21:40``, ``2026-11-03T21:40:00+01:00``), Swedish (``3/11 2026``, ``3.11.2026``,
``3 nov 2026``, ``21.40``, ``kl. 21:40``), US ``MM/DD/YYYY`` (with ``AM``/``PM``), year-month only
(``2022-12``, kept with month precision) and Excel serial dates (``46329.9``). Whether ``03/11/2026`` is
day-first or month-first is decided from the whole column (:func:`decide_order`); when the column cannot
tell, the import stops and asks. Times without an offset are Europe/Stockholm local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from est.errors import InputFileError
from est.periods import TIMEZONE

__all__ = [
    "DATE_ORDERS",
    "ORDER_PROBE_SQL",
    "ParsedDateSql",
    "decide_order",
    "iso_shape_sql",
    "parse_sql",
    "stockholm_sql",
]

DATE_ORDERS = ("dmy", "mdy")

_ISO = (
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y%m%d %H:%M",
    "%Y%m%d",
)
_DOT = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d.%m.%y %H:%M", "%d.%m.%y")
_SV_SHORT = ("%d/%m %Y %H:%M:%S", "%d/%m %Y %H:%M", "%d/%m %Y")
_NAMES = (
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d %b %Y",
    "%b %d %Y %H:%M:%S",
    "%b %d %Y %H:%M",
    "%b %d %Y",
    "%d %b %y",
)
_OFFSET = (
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S.%f%z",
    "%Y-%m-%d %H:%M%z",
    "%Y-%m-%d %H:%M %z",
)


def _slashed(first: str, second: str) -> tuple[str, ...]:
    out: list[str] = []
    for sep in ("/", "-"):
        stem = f"{first}{sep}{second}{sep}%Y"
        out += [f"{stem} %H:%M:%S", f"{stem} %H:%M", f"{stem} %I:%M:%S %p", f"{stem} %I:%M %p", stem]
        short = f"{first}{sep}{second}{sep}%y"
        out += [f"{short} %H:%M", short]
    return tuple(out)


def _list(formats: tuple[str, ...]) -> str:
    return "[" + ", ".join("'" + f + "'" for f in formats) + "]"


# Cleaning, in SQL: lower case, ISO 'T' → space, drop 'kl.', '21.40' → '21:40', English/Swedish month
# names → their first three letters (maj → may, okt → oct), collapsed spaces.
_CLEAN = (
    "regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace("
    "lower(trim({raw})), '^(\\d{{4}}-\\d{{1,2}}-\\d{{1,2}})t', '\\1 '), "
    "'\\bkl\\.?\\s*', '', 'g'), "
    "'(\\s)(\\d{{1,2}})\\.(\\d{{2}})$', '\\1\\2:\\3'), "
    "'\\b(jan|feb|mar|apr|jun|jul|aug|sep|nov|dec)[a-z]*\\.?', '\\1', 'g'), "
    "'\\b(maj|may)\\b\\.?', 'may', 'g'), "
    "'\\s+', ' ', 'g')"
)
_CLEAN_OCT = "regexp_replace({inner}, '\\b(okt|oct)[a-z]*\\.?', 'oct', 'g')"

#: One scan of the cleaned date column: how many values have the ambiguous ``a/b/yyyy`` shape, and how
#: many of those have a first or a second number above 12. Substitute ``{d}`` with the cleaned expression.
ORDER_PROBE_SQL = (
    "SELECT count(*) FILTER (WHERE regexp_matches({d}, '^\\d{{1,2}}[/-]\\d{{1,2}}[/-]\\d{{2,4}}')), "
    "count(*) FILTER (WHERE regexp_matches({d}, '^\\d{{1,2}}[/-]\\d{{1,2}}[/-]\\d{{2,4}}') "
    "AND TRY_CAST(regexp_extract({d}, '^(\\d{{1,2}})', 1) AS INTEGER) > 12), "
    "count(*) FILTER (WHERE regexp_matches({d}, '^\\d{{1,2}}[/-]\\d{{1,2}}[/-]\\d{{2,4}}') "
    "AND TRY_CAST(regexp_extract({d}, '^\\d{{1,2}}[/-](\\d{{1,2}})', 1) AS INTEGER) > 12), "
    "count(*) FILTER (WHERE regexp_matches({d}, '^\\d{{1,2}}[/-]\\d{{1,2}}[/-]\\d{{2,4}}') "
    "AND regexp_extract({d}, '^(\\d{{1,2}})', 1) <> regexp_extract({d}, '^\\d{{1,2}}[/-](\\d{{1,2}})', 1)), "
    "any_value({d}) FILTER (WHERE regexp_matches({d}, '^\\d{{1,2}}[/-]\\d{{1,2}}[/-]\\d{{2,4}}')) "
    "FROM {table}"
)


_DIGIT = "[0-9]"
_ISO_DATE = f"{_DIGIT * 4}-{_DIGIT * 2}-{_DIGIT * 2}"
#: The ISO shapes ``yyyy-mm-dd``, ``… h:mm``, ``… hh:mm``, ``… h:mm:ss`` and ``… hh:mm:ss`` (all ASCII) by their
#: length in bytes, as GLOB patterns: one length test and one GLOB per value, half the cost of the regular
#: expression ``\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2}(:\d{2})?)?`` (RE2's ``\d`` is ``[0-9]`` too).
_ISO_SHAPES = {
    10: _ISO_DATE,
    15: f"{_ISO_DATE} {_DIGIT}:{_DIGIT * 2}",
    16: f"{_ISO_DATE} {_DIGIT * 2}:{_DIGIT * 2}",
    18: f"{_ISO_DATE} {_DIGIT}:{_DIGIT * 2}:{_DIGIT * 2}",
    19: f"{_ISO_DATE} {_DIGIT * 2}:{_DIGIT * 2}:{_DIGIT * 2}",
}


_WITH_OFFSET = "'^\\d{4}-\\d{1,2}-\\d{1,2}[ t]\\d{1,2}:\\d{2}.*(z|[+-]\\d{2}:?\\d{2})$'"


def iso_shape_sql(raw: str) -> str:
    """SQL: true for an ISO date with an optional time and no offset (``2026-11-03``, ``2026-11-03 21:40``).

    False (not NULL) for a NULL text: the callers use it in ``CASE WHEN`` and ``OR``, where the two agree.

    Computed once per value as a column and passed to :func:`clean_sql` and :func:`parse_sql` as ``iso``.
    """
    shapes = " ".join(f"WHEN {length} THEN {raw} GLOB '{shape}'" for length, shape in _ISO_SHAPES.items())
    return f"CASE strlen({raw}) {shapes} ELSE false END"


def clean_sql(raw: str, date_format: str | None = None, iso: str | None = None) -> str:
    """Return the SQL expression that cleans a raw date(+time) text expression.

    With a strptime ``date_format`` the text is only trimmed: the format describes the file's own text
    (its ``T``, ``kl`` and ``21.40``), so the automatic cleaning must not rewrite it first. ``iso`` is a
    column holding :func:`iso_shape_sql` of ``raw``, if there is one.
    """
    if date_format and "%" in date_format:
        return f"trim({raw})"
    # ISO values (most exports) skip the eight regular expressions of the cleaning
    return (
        f"CASE WHEN {iso or iso_shape_sql(raw)} THEN {raw} ELSE {_CLEAN_OCT.format(inner=_CLEAN.format(raw=raw))} END"
    )


def decide_order(
    ambiguous: int, first_gt12: int, second_gt12: int, differing: int, example: str | None, column: str
) -> str:
    """Decide day-first (``dmy``) or month-first (``mdy``) for ``a/b/yyyy`` dates from whole-column counts.

    Raises
    ------
    InputFileError
        When no value tells the order and some values would change with it (``03/11/2026``).

    Examples
    --------
    >>> decide_order(10, 3, 0, 8, "13/01/2026", "Datum")
    'dmy'
    >>> decide_order(10, 0, 2, 8, "01/13/2026", "Datum")
    'mdy'
    """
    if first_gt12 and first_gt12 >= second_gt12:
        return "dmy"
    if second_gt12:
        return "mdy"
    if ambiguous and differing:
        raise InputFileError(
            f"the dates in column {column!r} can be read both as day/month and as month/day (e.g. {example!r}); "
            "choose the date order: day first (Swedish) or month first (US) (on the command line: "
            "--date-format dmy or --date-format mdy)",
            sv=f"datumen i kolumnen {column!r} kan läsas både som dag/månad och månad/dag (t.ex. {example!r}); "
            "välj datumordning: dag först (svenskt) eller månad först (amerikanskt) (i kommandoraden: "
            "--date-format dmy eller --date-format mdy)",
        )
    return "dmy"


_EU_RULE_YEARS = range(1996, 2101)  # the EU summer-time rule; other years go through ICU


def _summer_bounds() -> tuple[str, str]:
    """SQL lists of each year's summer-time start and end, as naive local microseconds since 1970.

    Start: the last Sunday of March, 03:00 local time (02:00 does not exist); end: the last Sunday of
    October, 02:00 (the first 02:00–03:00 hour is still summer time in ICU's reading).
    """

    def last_sunday(year: int, month: int, hour: int) -> int:
        day = date(year, month, 31)
        moment = datetime.combine(day - timedelta(days=(day.weekday() + 1) % 7), time(hour))
        return (moment - datetime(1970, 1, 1)) // timedelta(microseconds=1)

    starts = ", ".join(str(last_sunday(y, 3, 3)) for y in _EU_RULE_YEARS)
    ends = ", ".join(str(last_sunday(y, 10, 2)) for y in _EU_RULE_YEARS)
    return f"[{starts}]", f"[{ends}]"


_SUMMER_STARTS, _SUMMER_ENDS = _summer_bounds()


def stockholm_sql(local: str) -> str:
    """SQL turning a naive Europe/Stockholm TIMESTAMP column into a TIMESTAMPTZ.

    From 1996 to 2100 (the EU rule: summer time from the last Sunday of March 02:00 to the last Sunday of
    October 03:00) this is a look-up of the year's two transitions in constant lists and one subtraction,
    several times faster than an ICU time-zone conversion per row; other years use ICU. As ICU does, a
    time that does not exist (the spring gap) counts as winter time, and an ambiguous autumn time as the
    second occurrence (winter time). ``local`` must be a column (it is referenced several times).
    """
    first, last = _EU_RULE_YEARS[0], _EU_RULE_YEARS[-1]
    index = f"year({local}) - {first - 1}"
    summer = f"epoch_us({local}) >= {_SUMMER_STARTS}[{index}] AND epoch_us({local}) < {_SUMMER_ENDS}[{index}]"
    return (
        f"CASE WHEN {local} IS NULL THEN NULL WHEN year({local}) BETWEEN {first} AND {last} THEN "
        f"make_timestamptz(epoch_us({local}) - CASE WHEN {summer} THEN 7200000000 ELSE 3600000000 END) "
        f"ELSE timezone('{TIMEZONE}', {local}) END"
    )


@dataclass(frozen=True)
class ParsedDateSql:
    """SQL expressions for one cleaned date column: the TIMESTAMPTZ, its precision and a failure kind."""

    local: str  # TIMESTAMP (naive Stockholm time) or NULL
    aware: str  # TIMESTAMPTZ for values with an explicit offset, else NULL
    precision: str  # 'minute' | 'day' | 'month'
    looks_like_date: str  # BOOLEAN: the text has a date's shape (so a failure means "does not exist")


def parse_sql(cleaned: str, order: str, date_format: str | None = None, iso: str | None = None) -> ParsedDateSql:
    """Build the parse expressions for a cleaned date column (see :func:`clean_sql`).

    Parameters
    ----------
    cleaned
        SQL expression of the cleaned text (a column of a staging table).
    order
        ``dmy`` or ``mdy`` for ``a/b/yyyy`` dates.
    date_format
        A strptime format (``%d/%m/%Y %H:%M``) that replaces the automatic formats, or None.
    iso
        A column that is true when the raw text was already ISO (:func:`iso_shape_sql`): such a value is
        its own cleaned text, so its shape need not be tested again and it cannot have an offset.
    """
    d = cleaned
    aware = "CAST(NULL AS TIMESTAMPTZ)"
    if date_format and "%" in date_format:
        fmt = date_format.replace("'", "''")  # the text is only trimmed (see clean_sql); %b takes any case
        local = f"CASE WHEN {d} IS NULL OR {d} = '' THEN NULL ELSE try_strptime({d}, '{fmt}') END"
    else:
        slashed = _slashed("%d", "%m") if order == "dmy" else _slashed("%m", "%d")
        formats = _ISO + _DOT + slashed + _SV_SHORT + _NAMES
        naive = f"try_strptime({d}, {_list(formats)})"
        serial = (
            f"TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(TRY_CAST(replace({d}, ',', '.') AS DOUBLE) "
            "* 86400000000) AS BIGINT))"
        )
        # an ISO-shaped text is DuckDB's own timestamp syntax (twice as fast as try_strptime), which also
        # reads the hour 24 as the next day's midnight: that is refused, as strptime's %H refuses it
        fast = f"CASE WHEN contains({d}, ' 24:') THEN NULL ELSE TRY_CAST({d} AS TIMESTAMP) END"
        is_iso = f"{iso} OR {iso_shape_sql(d)}" if iso else iso_shape_sql(d)
        month = f"try_strptime(replace({d}, '/', '-'), '%Y-%m')"
        offset = f"try_strptime(regexp_replace({d}, 'z$', '+00:00'), {_list(_OFFSET)})"
        local = (
            f"CASE WHEN {d} IS NULL OR {d} = '' THEN NULL "
            f"WHEN {is_iso} THEN {fast} "
            f"WHEN regexp_full_match({d}, '\\d{{5}}([.,]\\d+)?') THEN "
            f"CASE WHEN TRY_CAST(replace({d}, ',', '.') AS DOUBLE) BETWEEN 20000 AND 80000 THEN {serial} END "
            f"WHEN regexp_full_match({d}, '\\d{{4}}[-/]\\d{{1,2}}') THEN {month} "
            f"WHEN regexp_matches({d}, {_WITH_OFFSET}) THEN NULL "
            f"ELSE {naive} END"
        )
        ruled_out = f"{iso} OR {d} IS NULL" if iso else f"{d} IS NULL"
        aware = f"CASE WHEN {ruled_out} THEN NULL WHEN regexp_matches({d}, {_WITH_OFFSET}) THEN {offset} END"
    precision = (
        f"CASE WHEN contains({d}, ':') THEN 'minute' "
        f"WHEN regexp_full_match({d}, '\\d{{4}}[-/]\\d{{1,2}}') THEN 'month' "
        f"WHEN regexp_full_match({d}, '\\d{{5}}[.,]\\d+') THEN 'minute' ELSE 'day' END"
    )
    looks = f"regexp_matches({d}, '^\\d{{1,4}}[-/.]\\d{{1,2}}([-/. ]\\d{{1,4}})?')"
    return ParsedDateSql(local, aware, precision, looks)
