"""Police open events (polisen.se "händelser") as kommun-level context: parsing, kommun matching, storage.

Who calls it: ``est police import`` / ``est police fetch`` (:mod:`est.cli.cmd_police`), the Police events
page (``pages/kallor.py``) and the Lägesbild context panel (:func:`kommun_context`).

What the API gives and the traps handled here (see ``docs/sources.md``):

* ``location.name`` is the kommun in older data; since 2026 it is only the län ("Skåne län") and the kommun
  is the last comma-separated part of ``name`` ("22 augusti 17.59, Brand, Kävlinge").
* ``location.gps`` is the centre of whatever ``location.name`` names (a kommun or a whole län), never the
  place of the event. Events are therefore stored in their own table (``police_events``) with the kommun
  they name, never in ``incidents``, never assigned to a bostadsområde and never drawn as exact points.
* ``datetime`` has unpadded hours (``"2025-06-07 7:32:06 +02:00"``); ``type`` may contain commas
  (``"Trafikolycka, personskada"``); "Sammanfattning natt" notices summarise several events and are kept
  apart (``is_summary``) from single events.
* Kommun names vary in case and hyphenation ("Upplands väsby", "Upplands-bro"); they are matched to the
  official names and codes of the shipped ``kommuner.geojson`` (``KnKod``, ``KnNamn``).

Re-importing a file is safe: events are keyed by the police id; a changed event is updated, an unchanged
one is left alone. The optional live fetcher (:class:`PoliceFetcher`) follows the API's usage rules: a
User-Agent naming the operator, HTTPS, at least 10 s between calls and at most 60 calls an hour. Nothing
starts it automatically; tests never use it against the network.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import unicodedata
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from est.access.audit import record
from est.access.auth import Permission, Viewer, require
from est.errors import EstError, InputFileError
from est.i18n import MONTH_NAMES_SV
from est.resources import Kommun, kommuner

if TYPE_CHECKING:
    import pandas as pd

    from est.i18n import Lang
    from est.periods import Period
    from est.store import Reader, Store, Writer

__all__ = [
    "API_URL",
    "MONTHS_SV",
    "POLICE_BASE_URL",
    "PoliceContext",
    "PoliceEvent",
    "PoliceFetcher",
    "PoliceImportReport",
    "category_for_type",
    "event_link",
    "events_for_display",
    "home_kommun_context",
    "import_events",
    "import_files",
    "import_upload",
    "kommun_context",
    "list_events",
    "list_types",
    "match_kommun",
    "parse_datetime",
    "parse_event",
    "parse_events_bytes",
    "read_events_file",
]

POLICE_BASE_URL = "https://polisen.se"
API_URL = "https://polisen.se/api/events"
_TZ = ZoneInfo("Europe/Stockholm")

# Month names as the police write them in an event's name ("22 augusti 17.59"): Swedish, written out.
MONTHS_SV: tuple[str, ...] = MONTH_NAMES_SV
_MONTHS = {m: i + 1 for i, m in enumerate(MONTHS_SV)}
_DATETIME = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?\s*"
    r"(Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$"
)
_NAME_TIME = re.compile(r"^\s*(\d{1,2})\s+([a-zåäö]+)\s+(\d{1,2})[.:](\d{2})\s*$", re.IGNORECASE)

# Police event types (lower case) -> EST category codes, only where the type fits an EST category.
# Traffic accidents, rescue operations, missing persons and the like have no EST category: NULL.
_TYPE_CATEGORIES: dict[str, str] = {
    "skadegörelse": "skadegorelse.ovrig",
    "klotter": "skadegorelse.klotter",
    "brand": "skadegorelse.brand",
    "mordbrand": "skadegorelse.brand",
    "inbrott": "ordning.inbrott",
    "stöld/inbrott": "ordning.inbrott",
    "stöld": "ordning.stold",
    "snatteri": "ordning.stold",
    "cykelstöld": "ordning.stold",
    "motorfordon, stöld": "ordning.stold",
    "motorfordon, anträffat stulet": "ordning.stold",
    "häleri": "ordning.stold",
    "narkotikabrott": "ordning.narkotika",
    "bråk": "ordning.brak",
    "ordningslagen": "ordning.brak",
    "ofredande/förargelse": "ordning.brak",
    "fylleri/lob": "ordning.brak",
    "fylleri": "ordning.brak",
    "misshandel": "ordning.brak",
    "olaga hot": "ordning.brak",
    "våld/hot mot tjänsteman": "ordning.brak",
    "rån": "ordning",
    "rån väpnat": "ordning",
    "skottlossning": "ordning",
    "skottlossning, misstänkt": "ordning",
    "sprängning": "ordning",
    "explosion": "ordning",
    "vapenlagen": "ordning",
    "knivlagen": "ordning",
    "hemfridsbrott": "ordning",
    "olaga intrång": "ordning",
}


# -- kommuner ---------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().replace("\u00a0", " ")
    text = re.sub(r"[-‐–—_]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    for suffix in (" kommun", " stad"):
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
    return text


@lru_cache(maxsize=1)
def _kommun_index() -> dict[str, Kommun]:
    index: dict[str, Kommun] = {}
    for kommun in kommuner():
        key = _normalise(kommun.name)
        index[key] = kommun
        index[key.replace(" ", "")] = kommun
        index[kommun.code] = kommun
    return index


def match_kommun(text: str | None) -> Kommun | None:
    """Return the kommun ``text`` names (case, hyphens and a "kommun" suffix ignored), or None.

    A län ("Uppsala län") never matches a kommun ("Uppsala").

    Examples
    --------
    >>> match_kommun("Upplands väsby").code
    '0114'
    >>> match_kommun("upplands-bro").name
    'Upplands-Bro'
    >>> match_kommun("Uppsala län") is None
    True
    """
    if not text or not text.strip():
        return None
    key = _normalise(text)
    if key.endswith(" län") or key == "län":
        return None
    index = _kommun_index()
    found = index.get(key) or index.get(key.replace(" ", ""))
    if found is None and key.endswith("s"):  # "Östersunds kommun" -> "östersunds" -> "östersund"
        found = index.get(key[:-1])
    return found


def _is_lan(text: str | None) -> bool:
    return bool(text) and _normalise(text or "").endswith(" län")


# -- parsing ----------------------------------------------------------------------------------------------


def parse_datetime(text: str) -> datetime:
    """Parse the API's ``datetime`` (hours may be unpadded; offset optional) into an aware datetime.

    Raises
    ------
    ValueError
        When the text is not a date and time.

    Examples
    --------
    >>> parse_datetime("2025-06-07 7:32:06 +02:00").isoformat()
    '2025-06-07T07:32:06+02:00'
    """
    match = _DATETIME.match(text or "")
    if not match:
        raise ValueError(f"datetime '{text}' is not like '2026-08-22 19:51:41 +02:00'")
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    offset = match.group(7)
    if offset is None:
        tz: Any = _TZ
    elif offset == "Z":
        tz = UTC
    else:
        sign = -1 if offset.startswith("-") else 1
        digits = offset[1:].replace(":", "")
        hours = int(digits[:-2] if len(digits) > 2 else digits)
        minutes = int(digits[-2:]) if len(digits) > 2 else 0
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime(year, month, day, hour, minute, second, tzinfo=tz)


def _occurred_from_name(first_part: str, published: datetime) -> datetime | None:
    match = _NAME_TIME.match(first_part)
    if not match:
        return None
    month = _MONTHS.get(match.group(2).casefold())
    if month is None:
        return None
    local = published.astimezone(_TZ)
    for year in (local.year, local.year - 1):
        try:
            candidate = datetime(year, month, int(match.group(1)), int(match.group(3)), int(match.group(4)), tzinfo=_TZ)
        except ValueError:
            return None
        if candidate <= local + timedelta(days=1):  # "31 december 23.50" published on 1 January
            return candidate
    return None


@dataclass(frozen=True)
class PoliceEvent:
    """One parsed police event."""

    id: int
    published_at: datetime
    occurred_at: datetime
    name: str
    summary: str | None
    url: str | None
    type: str
    is_summary: bool
    category_code: str | None
    kommun: Kommun | None
    location_name: str | None
    location_level: str  # kommun | lan | unknown
    gps_lat: float | None
    gps_lon: float | None
    content_sha256: str


def category_for_type(event_type: str) -> str | None:
    """The EST category a police event type fits, or None (unknown types never fail).

    Examples
    --------
    >>> category_for_type("Misshandel, grov")
    'ordning.brak'
    >>> category_for_type("Trafikolycka, personskada") is None
    True
    """
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFC", event_type).casefold()).strip()
    if key in _TYPE_CATEGORIES:
        return _TYPE_CATEGORIES[key]
    head = key.split(",", 1)[0].strip()  # "Misshandel, grov", "Inbrott, försök", "Rån, försök"
    return _TYPE_CATEGORIES.get(head)


def _gps(value: Any) -> tuple[float | None, float | None]:
    if not isinstance(value, str) or "," not in value:
        return None, None
    try:
        lat_text, lon_text = value.split(",", 1)
        return float(lat_text), float(lon_text)
    except ValueError:
        return None, None


def parse_event(raw: dict[str, Any]) -> PoliceEvent:
    """Parse one event in any historic format of the API.

    Raises
    ------
    ValueError
        When the event has no usable id, datetime or name (the message names the field).
    """
    if not isinstance(raw, dict):
        raise ValueError("an event must be a JSON object")
    try:
        event_id = int(str(raw.get("id")).strip())
    except ValueError:
        raise ValueError(f"id '{raw.get('id')}' is not a number") from None
    published = parse_datetime(str(raw.get("datetime") or ""))
    name = str(raw.get("name") or "").strip()
    if not name:
        raise ValueError("the event has no name")
    parts = [p.strip() for p in name.split(",")]
    event_type = str(raw.get("type") or "").strip()
    if not event_type and len(parts) >= 3:
        event_type = ", ".join(parts[1:-1])
    event_type = event_type or "Okänd"
    given = raw.get("location")
    location: dict[str, Any] = given if isinstance(given, dict) else {}
    location_name = str(location.get("name") or "").strip() or None
    lat, lon = _gps(location.get("gps"))

    kommun = match_kommun(location_name)
    if kommun is not None:
        level = "kommun"
    else:
        level = "lan" if _is_lan(location_name) else "unknown"
        if len(parts) >= 2:
            kommun = match_kommun(parts[-1])
    occurred = _occurred_from_name(parts[0], published) or published
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    summary = raw.get("summary")
    return PoliceEvent(
        id=event_id,
        published_at=published,
        occurred_at=occurred,
        name=name,
        summary=str(summary).strip() if summary not in (None, "") else None,
        url=str(raw["url"]).strip() if raw.get("url") else None,
        type=event_type,
        is_summary=event_type.casefold().startswith("sammanfattning"),
        category_code=category_for_type(event_type),
        kommun=kommun,
        location_name=location_name,
        location_level=level,
        gps_lat=lat,
        gps_lon=lon,
        content_sha256=digest,
    )


def read_events_file(path: str | Path) -> list[dict[str, Any]]:
    """Read raw events from a file: a JSON array, an object with ``events``, or JSON Lines.

    Raises
    ------
    InputFileError
        When the file is missing or is not one of these formats.
    """
    file = Path(path)
    if not file.is_file():
        raise InputFileError(
            f"file not found: {file}; give the path of a polisen.se events JSON file",
            sv=f"filen finns inte: {file}; ange sökvägen till en JSON-fil med händelser från polisen.se",
        )
    return parse_events_bytes(file.name, file.read_bytes())


def parse_events_bytes(name: str, data: bytes) -> list[dict[str, Any]]:
    """Parse raw events from the bytes of a file called ``name`` (see :func:`read_events_file`).

    Raises
    ------
    InputFileError
        When the bytes are not UTF-8 JSON in one of the accepted formats.
    """
    try:
        stripped = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise InputFileError(
            f"{name} is not UTF-8 text; expected the JSON file from polisen.se",
            sv=f"{name} är inte UTF-8-text; väntade JSON-filen från polisen.se",
        ) from None
    if not stripped:
        raise InputFileError(
            f"{name} is empty; expected a JSON array of polisen.se events",
            sv=f"{name} är tom; väntade en JSON-lista med händelser från polisen.se",
        )
    try:
        parsed = json.loads(stripped)
    except json.JSONDecodeError as first_error:
        try:  # JSON Lines: one event per line
            parsed = [json.loads(line) for line in stripped.splitlines() if line.strip()]
        except json.JSONDecodeError:
            raise InputFileError(
                f"{name} is not JSON ({first_error.msg} at line {first_error.lineno}); expected the "
                "polisen.se events format: a JSON array of {id, datetime, name, summary, url, type, location}",
                sv=f"{name} är inte JSON ({first_error.msg} på rad {first_error.lineno}); väntade polisen.se:s "
                "format för händelser: en JSON-lista med {id, datetime, name, summary, url, type, location}",
            ) from None
    if isinstance(parsed, dict):
        parsed = parsed.get("events", [parsed] if "id" in parsed else None)
    if not isinstance(parsed, list):
        raise InputFileError(
            f"{name}: expected a JSON array of events (or an object with 'events')",
            sv=f"{name}: väntade en JSON-lista med händelser (eller ett objekt med 'events')",
        )
    return [e for e in parsed if e is not None]


# -- storing ----------------------------------------------------------------------------------------------


@dataclass
class PoliceImportReport:
    """What an import did; ``kommun_counts`` and ``lan_only`` count the file's (distinct) events."""

    events_read: int = 0
    events_new: int = 0
    events_updated: int = 0
    kommun_counts: dict[str, int] = field(default_factory=dict)
    lan_only: int = 0
    rejected: list[str] = field(default_factory=list)
    unmatched_places: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The five figures the CLI prints (rejections and unmatched names are reported separately)."""
        return {
            "events_read": self.events_read,
            "events_new": self.events_new,
            "events_updated": self.events_updated,
            "kommun_counts": dict(sorted(self.kommun_counts.items())),
            "lan_only": self.lan_only,
        }


def import_events(
    writer: Writer, raw_events: Iterable[dict[str, Any]], *, actor: str, source: str = "file"
) -> PoliceImportReport:
    """Parse and upsert events by id inside the caller's write transaction.

    New ids are inserted; ids whose content changed are updated; unchanged ones are left alone. Rows that
    cannot be parsed are collected in ``rejected`` with the reason.
    """
    import pyarrow as pa

    report = PoliceImportReport()
    parsed: dict[int, PoliceEvent] = {}
    for position, raw in enumerate(raw_events, start=1):
        report.events_read += 1
        try:
            event = parse_event(raw)
        except ValueError as exc:
            report.rejected.append(f"event {position}: {exc}")
            continue
        parsed[event.id] = event
    for event in parsed.values():
        if event.kommun is not None:
            report.kommun_counts[event.kommun.code] = report.kommun_counts.get(event.kommun.code, 0) + 1
        else:
            report.lan_only += 1
            place = event.location_name or event.name.rsplit(",", 1)[-1].strip()
            if not _is_lan(place):
                report.unmatched_places[place] = report.unmatched_places.get(place, 0) + 1
    if not parsed:
        return report
    events = list(parsed.values())
    table = pa.table(
        {
            "id": pa.array([e.id for e in events], pa.int64()),
            "published_at": pa.array([e.published_at.isoformat() for e in events], pa.string()),
            "occurred_at": pa.array([e.occurred_at.isoformat() for e in events], pa.string()),
            "name": pa.array([e.name for e in events], pa.string()),
            "summary": pa.array([e.summary for e in events], pa.string()),
            "url": pa.array([e.url for e in events], pa.string()),
            "type": pa.array([e.type for e in events], pa.string()),
            "is_summary": pa.array([e.is_summary for e in events], pa.bool_()),
            "category_code": pa.array([e.category_code for e in events], pa.string()),
            "kommun_code": pa.array([e.kommun.code if e.kommun else None for e in events], pa.string()),
            "kommun_name": pa.array([e.kommun.name if e.kommun else None for e in events], pa.string()),
            "location_name": pa.array([e.location_name for e in events], pa.string()),
            "location_level": pa.array([e.location_level for e in events], pa.string()),
            "gps_lat": pa.array([e.gps_lat for e in events], pa.float64()),
            "gps_lon": pa.array([e.gps_lon for e in events], pa.float64()),
            "content_sha256": pa.array([e.content_sha256 for e in events], pa.string()),
        }
    )
    writer.register("police_in_arrow", table)
    writer.execute(
        "CREATE TEMP TABLE police_in AS SELECT * REPLACE ("
        "CAST(published_at AS TIMESTAMPTZ) AS published_at, CAST(occurred_at AS TIMESTAMPTZ) AS occurred_at) "
        "FROM police_in_arrow"
    )
    try:
        report.events_updated = writer.changed(
            "UPDATE police_events p SET published_at = n.published_at, occurred_at = n.occurred_at, name = n.name, "
            "summary = n.summary, url = n.url, type = n.type, is_summary = n.is_summary, "
            "category_code = n.category_code, kommun_code = n.kommun_code, kommun_name = n.kommun_name, "
            "location_name = n.location_name, location_level = n.location_level, gps_lat = n.gps_lat, "
            "gps_lon = n.gps_lon, content_sha256 = n.content_sha256, updated_at = current_timestamp "
            "FROM police_in n WHERE p.id = n.id AND p.content_sha256 <> n.content_sha256"
        )
        report.events_new = writer.changed(
            "INSERT INTO police_events (id, published_at, occurred_at, name, summary, url, type, is_summary, "
            "category_code, kommun_code, kommun_name, location_name, location_level, gps_lat, gps_lon, "
            "content_sha256) SELECT id, published_at, occurred_at, name, summary, url, type, is_summary, "
            "category_code, kommun_code, kommun_name, location_name, location_level, gps_lat, gps_lon, "
            "content_sha256 FROM police_in n WHERE NOT EXISTS (SELECT 1 FROM police_events p WHERE p.id = n.id)"
        )
    finally:
        writer.execute("DROP TABLE police_in")
    record(
        writer,
        actor,
        "police_import",
        target=source,
        rows=report.events_new + report.events_updated,
        detail={
            "events_read": report.events_read,
            "events_new": report.events_new,
            "events_updated": report.events_updated,
            "rejected": len(report.rejected),
        },
    )
    return report


def import_files(store: Store, paths: Sequence[str | Path], viewer: Viewer) -> PoliceImportReport:
    """Import one or more polisen.se event files in one transaction.

    Needs :attr:`~est.access.auth.Permission.MANAGE_SOURCES` (police events are shared context, not one
    organisation's reports).

    Raises
    ------
    InputFileError
        When a file cannot be read or no file holds a single usable event (nothing is committed).
    """
    require(viewer, Permission.MANAGE_SOURCES)
    if not paths:
        raise InputFileError(
            "no file given; usage: est police import FILE [FILE …]",
            sv="ingen fil angiven; så här: est police import FIL [FIL …]",
        )
    raw: list[dict[str, Any]] = []
    for path in paths:
        raw.extend(read_events_file(path))
    names = ", ".join(Path(p).name for p in paths)
    with store.writing() as writer:
        report = import_events(writer, raw, actor=viewer.user, source=names)
        if report.events_read and report.events_read == len(report.rejected):
            raise InputFileError(
                f"none of the {report.events_read} events in {names} could be read; "
                f"first problem: {report.rejected[0]}",
                sv=f"ingen av de {report.events_read} händelserna i {names} gick att läsa; första problemet: "
                f"{report.rejected[0]}",
            )
    if report.events_read == 0:
        raise InputFileError(
            f"{names} holds no events; expected a JSON array of polisen.se events",
            sv=f"{names} innehåller inga händelser; väntade en JSON-lista med händelser från polisen.se",
        )
    return report


def import_upload(store: Store, viewer: Viewer, name: str, data: bytes) -> PoliceImportReport:
    """Import an uploaded polisen.se events file (the Police events page); see :func:`import_files`."""
    require(viewer, Permission.MANAGE_SOURCES)
    raw = parse_events_bytes(name, data)
    with store.writing() as writer:
        report = import_events(writer, raw, actor=viewer.user, source=name)
        if report.events_read and report.events_read == len(report.rejected):
            raise InputFileError(
                f"none of the events in {name} could be read; first problem: {report.rejected[0]}",
                sv=f"ingen av händelserna i {name} gick att läsa; första problemet: {report.rejected[0]}",
            )
    if report.events_read == 0:
        raise InputFileError(
            f"{name} holds no events; expected a JSON array of polisen.se events",
            sv=f"{name} innehåller inga händelser; väntade en JSON-lista med händelser från polisen.se",
        )
    return report


# -- reading ----------------------------------------------------------------------------------------------


def event_link(url: str | None) -> str | None:
    """The absolute polisen.se address of an event (the API gives a relative ``url``); None without one."""
    if not isinstance(url, str) or not url:  # a missing url may arrive as None or, from a data frame, NaN
        return None
    if url.startswith(("https://", "http://")):
        return url if url.startswith(POLICE_BASE_URL + "/") else None
    return POLICE_BASE_URL + ("" if url.startswith("/") else "/") + url


def list_events(
    reader: Reader,
    kommun_code: str | None = None,
    types: tuple[str, ...] = (),
    period: Period | None = None,
    include_summaries: bool = True,
    limit: int = 1000,
) -> pd.DataFrame:
    """Events, newest first, with an absolute ``link``; optionally one kommun, some types, a period.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, occurred_at, type, is_summary, category_code, kommun_code, kommun_name,
        location_name, name, summary, link``.
    """
    parts = ["true"]
    params: list[Any] = []
    if kommun_code:
        parts.append("kommun_code = ?")
        params.append(kommun_code)
    if types:
        parts.append("list_contains(?, type)")
        params.append(list(types))
    if period is not None:
        parts.append("occurred_at >= CAST(? AS DATE)::TIMESTAMPTZ AND occurred_at < CAST(? AS DATE)::TIMESTAMPTZ")
        params.extend([period.start.isoformat(), period.end.isoformat()])
    if not include_summaries:
        parts.append("NOT is_summary")
    frame = reader.df(
        "SELECT id, occurred_at, type, is_summary, category_code, kommun_code, kommun_name, location_name, "  # noqa: S608 - fragments are code constants; values are bound
        f"name, summary, url FROM police_events WHERE {' AND '.join(parts)} "
        "ORDER BY occurred_at DESC, id DESC LIMIT ?",
        [*params, limit],
    )
    frame["link"] = [event_link(u) for u in frame["url"]]
    return frame.drop(columns=["url"])


def events_for_display(events: pd.DataFrame, lang: Lang, categories: dict[str, str]) -> pd.DataFrame:
    """:func:`list_events` as a table for people: time, type, kommun, summary, EST category, link.

    Headers in ``lang``; the EST category as its label from ``categories`` (code → label, see
    :func:`est.picture.filter_options.label_map`), ``–`` when the type maps to none. The police's own type names and
    texts are shown as polisen.se wrote them. ``occurred_at`` stays a timestamp (the page formats it).
    """
    import pandas as pd

    from est.i18n import t

    return pd.DataFrame(
        {
            t("kallor.col.when", lang): events["occurred_at"],
            t("kallor.col.type", lang): events["type"],
            t("kallor.col.kommun", lang): events["kommun_name"],
            t("kallor.col.summary", lang): events["summary"],
            t("kallor.col.category", lang): [
                categories.get(c, c) if isinstance(c, str) and c else "–" for c in events["category_code"]
            ],
            t("kallor.col.link", lang): events["link"],
        }
    )


def list_types(reader: Reader) -> list[str]:
    """Every event type stored, most frequent first."""
    return [str(r[0]) for r in reader.rows("SELECT type FROM police_events GROUP BY type ORDER BY count(*) DESC")]


@dataclass(frozen=True)
class PoliceContext:
    """Police events in one kommun for a period: counts by type and the events, summaries apart."""

    kommun_code: str
    kommun_name: str
    by_type: tuple[tuple[str, int, str | None], ...]  # (type, events, EST category or None)
    events: tuple[tuple[datetime, str, str, str | None], ...]  # (occurred_at, type, name, link)
    summaries: tuple[tuple[datetime, str, str | None], ...]  # (occurred_at, name, link)

    @property
    def total(self) -> int:
        """Single events (summaries not counted)."""
        return sum(count for _type, count, _cat in self.by_type)


def kommun_context(reader: Reader, kommun_code: str, period: Period) -> PoliceContext:
    """Police events attributed to ``kommun_code`` in ``period``, for a context panel.

    Only events that name the kommun count; events naming only the län are left out (they cannot be
    placed in a kommun). Summaries ("Sammanfattning natt") are listed apart and not counted by type.

    Examples
    --------
    >>> context = kommun_context(reader, "2380", period)  # doctest: +SKIP
    >>> context.by_type[0]  # doctest: +SKIP
    ('Trafikolycka', 4, None)
    """
    found = next((k for k in kommuner() if k.code == kommun_code), None)
    if found is None:
        raise EstError(
            f"kommun code '{kommun_code}' is not a Swedish kommun code (4 digits, e.g. 2380)",
            sv=f"kommunkoden '{kommun_code}' är ingen svensk kommunkod (4 siffror, t.ex. 2380); ändra "
            "inställningen kommun_code",
        )
    rows = reader.rows(
        "SELECT occurred_at, type, name, url, is_summary, category_code FROM police_events "
        "WHERE kommun_code = ? AND occurred_at >= CAST(? AS DATE)::TIMESTAMPTZ "
        "AND occurred_at < CAST(? AS DATE)::TIMESTAMPTZ ORDER BY occurred_at DESC, id DESC",
        [kommun_code, period.start.isoformat(), period.end.isoformat()],
    )
    counts: dict[str, int] = {}
    categories: dict[str, str | None] = {}
    events: list[tuple[datetime, str, str, str | None]] = []
    summaries: list[tuple[datetime, str, str | None]] = []
    for occurred, event_type, name, url, is_summary, category in rows:
        if is_summary:
            summaries.append((occurred, str(name), event_link(url)))
            continue
        counts[event_type] = counts.get(event_type, 0) + 1
        categories[event_type] = category
        events.append((occurred, str(event_type), str(name), event_link(url)))
    by_type = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return PoliceContext(
        kommun_code=found.code,
        kommun_name=found.name,
        by_type=tuple((t, n, categories[t]) for t, n in by_type),
        events=tuple(events),
        summaries=tuple(summaries),
    )


def home_kommun_context(reader: Reader, period: Period) -> PoliceContext | None:
    """:func:`kommun_context` for the installation's kommun (setting ``kommun_code``); None when not set."""
    from est.access.settings import get_setting

    code = get_setting(reader, "kommun_code")
    return kommun_context(reader, code, period) if code else None


# -- the optional live fetcher ----------------------------------------------------------------------------


class PoliceFetcher:
    """Fetch ``https://polisen.se/api/events`` within the API's usage rules (off unless someone calls it).

    Parameters
    ----------
    user_agent
        Names the operator and a contact, e.g. ``"Östersunds kommun EST (est@ostersund.se)"``.
    min_interval
        Seconds between calls (the rules say at least 10).
    max_per_hour
        Calls in any 3,600 s window (the rules say at most 60).
    clock, sleep, opener
        Injected for tests; default ``time.monotonic``, ``time.sleep`` and ``urllib.request.urlopen``.
    """

    def __init__(
        self,
        user_agent: str,
        *,
        min_interval: float = 10.0,
        max_per_hour: int = 60,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        opener: Callable[..., Any] = urllib.request.urlopen,
        url: str = API_URL,
    ) -> None:
        if len(user_agent.strip()) < 8 or ("@" not in user_agent and "http" not in user_agent):
            raise EstError(
                "give a User-Agent that names you and a contact, e.g. 'Östersunds kommun EST (est@ostersund.se)'",
                sv="ange en User-Agent som säger vilka ni är och hur man når er, t.ex. "
                "'Östersunds kommun EST (est@ostersund.se)'",
            )
        if min_interval < 10 or max_per_hour > 60:
            raise EstError(
                "the polisen.se rules allow at most one call per 10 s and 60 calls an hour",
                sv="polisen.se:s regler tillåter högst ett anrop per 10 s och 60 anrop i timmen",
            )
        if not url.startswith("https://"):
            raise EstError(
                "the polisen.se API must be called over HTTPS", sv="polisen.se:s API måste anropas över HTTPS"
            )
        self.user_agent = user_agent.strip()
        self.min_interval = min_interval
        self.max_per_hour = max_per_hour
        self._clock = clock
        self._sleep = sleep
        self._opener = opener
        self._url = url
        self._calls: deque[float] = deque()

    def wait_seconds(self) -> float:
        """Seconds to wait before the next call is allowed (0 when it may go now)."""
        now = self._clock()
        while self._calls and now - self._calls[0] >= 3600:
            self._calls.popleft()
        wait = 0.0
        if self._calls:
            wait = max(wait, self._calls[-1] + self.min_interval - now)
        if len(self._calls) >= self.max_per_hour:
            wait = max(wait, self._calls[0] + 3600 - now)
        return max(wait, 0.0)

    def fetch(self, timeout: float = 30.0) -> list[dict[str, Any]]:
        """Wait as long as the rules require, then fetch the latest events (the API returns up to 500)."""
        wait = self.wait_seconds()
        if wait > 0:
            self._sleep(wait)
        self._calls.append(self._clock())
        request = urllib.request.Request(
            self._url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        try:
            with self._opener(request, timeout=timeout) as response:
                data = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise EstError(
                f"could not fetch {self._url}: {exc}; try again later",
                sv=f"kunde inte hämta {self._url}: {exc}; försök igen senare",
            ) from exc
        if not isinstance(data, list):
            raise EstError(
                f"{self._url} did not return a list of events",
                sv=f"{self._url} svarade inte med en lista med händelser",
            )
        return data
