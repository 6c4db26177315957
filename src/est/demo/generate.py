"""Synthetic but believable EST demo data for Östersund kommun.

Who calls it: ``est init --demo`` (and through it the README's run command on first start) and the
benchmarks. Everything it makes is marked as demo: organisation names end in "(demo)", the areas are
made-up polygons around real neighbourhood names, and the ``demo_data`` setting makes the app show a
demo banner.

The areas also get two years of synthetic trygghetsundersökning results (:data:`DEMO_SURVEY_INDICATORS`),
imported like a kommun's indicator CSV, so perceived and reported safety can be compared per area.

The EST group has met twice, two weeks and one week before ``today`` (:func:`_hold_demo_meetings`): each
meeting set statuses with reasons drawn from the figures it saw, decided actions (some now overdue, one
done and followed up) and was closed, so the meeting screen opens with a record for a newcomer. Everything
goes through the same domain functions as the meeting page.

The picture has real-world patterns: evening and night peaks, more on weekends, seasonality per category,
night walkers reporting only on Friday and Saturday evenings, property owners uploading once a week
(one import batch per organisation and week), a few persistent hotspots and one recent spike.
Generation is vectorised (numpy), inserted in one statement and assigned to areas by one spatial join,
so a million rows take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from est.access.auth import Role, Viewer
from est.access.settings import set_setting
from est.areas.files import AreaFile, read_area_file, write_area_set
from est.areas.sets import AreaColumns, assign_incidents, import_area_indicators, save_area_set
from est.demo.police_events import demo_police_events
from est.intake.dedup import link_in_place
from est.intake.organisations import insert_organisation
from est.intake.police import import_events
from est.meeting.actions import OPEN_STATUSES, NewAction, create_action, list_actions, set_status
from est.meeting.meetings import close_meeting, create_meeting, meeting_view, set_area_status
from est.periods import TIMEZONE, local_today

if TYPE_CHECKING:
    from est.store import Store, Writer

__all__ = ["DEMO_AREAS", "DEMO_SURVEY_INDICATORS", "DemoReport", "generate_demo"]

KOMMUN_CODE = "2380"
KOMMUN_NAME = "Östersund"
AREA_SET_NAME = "Bostadsområden"
KOMMUN_SET_NAME = "Kommuner"

# (name, lat, lon, population): seeds of the synthetic areas; real neighbourhood names, made-up shapes.
DEMO_AREAS: tuple[tuple[str, float, float, int], ...] = (
    ("Centrum", 63.1775, 14.6370, 6200),
    ("Norr", 63.1860, 14.6420, 4800),
    ("Söder", 63.1690, 14.6390, 5100),
    ("Odenslund", 63.1925, 14.6600, 3900),
    ("Lugnvik", 63.2060, 14.6560, 4400),
    ("Odensala", 63.1810, 14.6610, 5600),
    ("Karlslund", 63.1720, 14.6640, 3300),
    ("Körfältet", 63.1620, 14.6520, 4100),
    ("Ängsmon", 63.1540, 14.6680, 2900),
    ("Torvalla", 63.1500, 14.6930, 6800),
    ("Valla", 63.1640, 14.6860, 2600),
    ("Brittsbo", 63.2010, 14.6820, 2200),
    ("Lillänge", 63.1890, 14.6930, 3100),
    ("Frösön", 63.1820, 14.5760, 7300),
    ("Hornsberg", 63.2010, 14.6050, 2500),
)
# Persistent hotspots: (area name, lat, lon, weight, spread in metres)
_HOTSPOTS: tuple[tuple[str, float, float, float, float], ...] = (
    ("Centrum", 63.1768, 14.6410, 3.0, 90.0),  # around the travel centre
    ("Torvalla", 63.1495, 14.6950, 2.0, 120.0),  # the local centre
    ("Lugnvik", 63.2065, 14.6540, 1.5, 100.0),
    ("Odensala", 63.1800, 14.6640, 1.2, 80.0),
)

# Made-up street addresses for the reports of property owners, the kommun and guards (police and night
# walkers send a position only): each ~100 m cell gets an address of its own, so top places have names.
_DEMO_STREETS: tuple[str, ...] = (
    "Storgatan", "Prästgatan", "Kyrkgatan", "Rådhusgatan", "Hamngatan", "Köpmangatan", "Stationsgatan",
    "Skolgatan", "Parkvägen", "Björkvägen", "Granvägen", "Tallvägen", "Ringvägen", "Backvägen", "Ängsvägen",
    "Lärkvägen", "Sjövägen", "Bergsgatan", "Trädgårdsgatan", "Industrivägen", "Idrottsvägen", "Kvarngatan",
    "Brogatan", "Torggatan", "Fältvägen", "Lingonvägen", "Blåbärsvägen", "Rönnvägen", "Aspvägen", "Ekvägen",
    "Smedjegatan", "Gränsvägen", "Solvägen", "Vintergatan", "Postgatan", "Gamla vägen",
)  # fmt: skip
_ADDRESS_KINDS = ("fastighetsagare", "kommun", "vaktare")

# Survey questions of the synthetic trygghetsundersökning: (column header, base share in %, added per unit
# of hotspot weight). Areas with persistent hotspots feel less safe; every value has noise.
DEMO_SURVEY_INDICATORS: tuple[tuple[str, float, float], ...] = (
    ("Otrygg utomhus kvällstid (%)", 19.0, 6.0),
    ("Oroad för skadegörelse (%)", 16.0, 5.0),
)

_SOURCES: tuple[tuple[str, str, float], ...] = (
    # organisation, source kind, share of all reports
    ("Storsjöhem (demo)", "fastighetsagare", 0.34),
    ("Fastighets AB Jämtland (demo)", "fastighetsagare", 0.16),
    ("Nattvandrarna Östersund (demo)", "nattvandrare", 0.08),
    ("Polisen Jämtland (demo)", "polis", 0.14),
    ("Östersunds kommun (demo)", "kommun", 0.12),
    ("Trygghetsvakt Norr (demo)", "vaktare", 0.12),
    ("Övriga rapportörer (demo)", "ovrig", 0.04),
)

# category, weight, seasonal peak month (0 = none), seasonal amplitude, description templates
_CATEGORIES: tuple[tuple[str, float, int, float, tuple[str, ...]], ...] = (
    ("skadegorelse.klotter", 16, 6, 0.4, ("Klotter på fasad", "Klotter i trapphus", "Tags på elskåp")),
    ("skadegorelse.glaskross", 7, 7, 0.3, ("Krossad ruta i entrédörr", "Glaskross vid busshållplats")),
    ("skadegorelse.brand", 3, 8, 0.5, ("Brand i papperskorg", "Anlagd brand i container")),
    ("skadegorelse.ovrig", 6, 0, 0.0, ("Sönderslagen belysningsarmatur", "Skadad port")),
    ("samling.trapphus", 8, 1, 0.4, ("Ungdomar samlas i trapphus", "Personer uppehåller sig i trapphus")),
    ("samling.kallare", 3, 1, 0.3, ("Personer i källargång",)),
    ("samling.forrad", 2, 1, 0.3, ("Personer i förrådsutrymme",)),
    ("samling.garage", 3, 2, 0.3, ("Samling i garage",)),
    ("samling.utomhus", 10, 7, 0.6, ("Större grupp samlad vid lekplats", "Samling vid centrum")),
    ("ordning.brak", 7, 7, 0.3, ("Bråk utanför entré", "Störande beteende på torget")),
    ("ordning.inbrott.kallare", 5, 11, 0.3, ("Inbrott i källarförråd",)),
    ("ordning.inbrott.forrad", 4, 11, 0.3, ("Uppbrutet förråd",)),
    ("ordning.inbrott.lagenhet", 1, 12, 0.2, ("Inbrott i lägenhet",)),
    ("ordning.inbrott.bil", 3, 10, 0.2, ("Bil uppbruten på parkering",)),
    ("ordning.stold", 4, 0, 0.0, ("Stöld av cykel", "Stöld från förråd")),
    ("ordning.narkotika", 3, 7, 0.2, ("Misstänkt narkotikaförsäljning vid gångtunnel",)),
    ("ordning.trafik.mopedbil", 4, 6, 0.7, ("Mopedbilar kör på gångväg",)),
    ("ordning.trafik.a_traktor", 2, 6, 0.6, ("A-traktorer samlas på parkering",)),
    ("ordning.trafik.buskorning", 2, 7, 0.7, ("Buskörning på skolgård",)),
    ("ordning.trafik.hog_musik", 2, 7, 0.7, ("Hög musik från bil sent på kvällen",)),
    ("ordning.olovligt_boende", 1, 1, 0.4, ("Spår av övernattning i källare",)),
    ("otrygg_plats.belysning", 3, 12, 0.8, ("Trasig belysning på gångväg", "Mörk passage")),
    ("otrygg_plats.vegetation", 2, 7, 0.6, ("Igenvuxna buskar skymmer gångväg",)),
    ("otrygg_plats.nedskrapning", 3, 5, 0.4, ("Nedskräpning vid återvinningsstation",)),
    ("arrangemang", 0.5, 6, 0.8, ("Konsert i parken", "Marknad på torget")),
)

# Demo meetings: what an action against an area's most common kind of report is, and who does it.
# (category prefix, action type, what, owner); the first matching prefix wins, the last one matches all.
_ACTION_FOR: tuple[tuple[str, str, str, str], ...] = (
    ("skadegorelse.klotter", "klottersanering", "Sanera klotter i {area}", "Östersunds kommun (demo)"),
    ("skadegorelse", "vaktare", "Extra väktarrunda kvällstid i {area}", "Trygghetsvakt Norr (demo)"),
    ("samling", "faltarbete", "Fältassistenter besöker {area} fredag och lördag kväll", "Östersunds kommun (demo)"),
    (
        "ordning.inbrott",
        "information",
        "Informera hyresgäster i {area} om att låsa källare och förråd",
        "Storsjöhem (demo)",
    ),
    (
        "otrygg_plats.belysning",
        "belysning",
        "Byta trasig belysning på gångvägarna i {area}",
        "Östersunds kommun (demo)",
    ),
    ("otrygg_plats.vegetation", "rojning", "Röja buskage längs gångvägen i {area}", "Östersunds kommun (demo)"),
    ("otrygg_plats", "stadning", "Städa runt återvinningsstationen i {area}", "Fastighets AB Jämtland (demo)"),
    ("", "patrull", "Polisen prioriterar {area} fredag och lördag kväll", "Polisen Jämtland (demo)"),
)
_DEMO_ACTOR = Viewer(user="est init --demo", role=Role.ADMIN)

# Relative frequency by hour of day (0–23): low in the morning, peaking in the evening and early night.
_HOURS = np.array([5, 4, 3, 2, 1, 1, 1, 2, 3, 3, 4, 4, 5, 5, 5, 6, 7, 8, 10, 12, 13, 12, 10, 7], dtype=float)
# Monday..Sunday
_WEEKDAYS = np.array([0.85, 0.85, 0.9, 0.95, 1.25, 1.35, 1.0])


@dataclass(frozen=True)
class DemoReport:
    """What :func:`generate_demo` created."""

    incidents: int
    organisations: int
    areas: int
    batches: int
    first: date
    last: date


def _town_areas() -> pd.DataFrame:
    """Voronoi cells of the seeds, clipped to an ellipse around the town (SWEREF 99 TM), as WGS84."""
    import geopandas as gpd
    import shapely

    seeds = gpd.GeoSeries(
        gpd.points_from_xy([a[2] for a in DEMO_AREAS], [a[1] for a in DEMO_AREAS]), crs="EPSG:4326"
    ).to_crs("EPSG:3006")
    centre = shapely.Point(float(seeds.x.mean()), float(seeds.y.mean()))
    ellipse = shapely.affinity.scale(centre.buffer(1.0), 5200, 3900)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(seeds)), extend_to=ellipse.buffer(2000))
    polygons = []
    for point in seeds:
        cell = next(c for c in cells.geoms if c.contains(point))
        polygons.append(cell.intersection(ellipse))
    frame = gpd.GeoDataFrame(
        {
            "name": [a[0] for a in DEMO_AREAS],
            "code": [f"OST{i + 1:02d}" for i in range(len(DEMO_AREAS))],
            "population": [a[3] for a in DEMO_AREAS],
        },
        geometry=polygons,
        crs="EPSG:3006",
    )
    wgs: pd.DataFrame = frame.to_crs("EPSG:4326")
    return wgs


def _kommun_file() -> AreaFile:
    """The shipped kommun boundaries, read like ``est areas import kommuner.geojson`` reads them."""
    path = resources.files("est.resources") / "kommuner.geojson"
    with resources.as_file(path) as real:
        return read_area_file(real)


def generate_demo(store: Store, *, rows: int = 30_000, seed: int = 2380, today: date | None = None) -> DemoReport:
    """Replace the database's content with the Östersund demo picture.

    Parameters
    ----------
    store
        A migrated store.
    rows
        Number of incident rows (each stands for one incident).
    seed
        Random seed: the same seed and ``today`` give the same data.
    today
        The last day of data (default: today); two years of data end the day before.

    Returns
    -------
    DemoReport
    """
    today = today or local_today()
    rng = np.random.default_rng(seed)
    town = _town_areas()
    kommuner = _kommun_file()
    incidents = _incident_frame(rng, rows, today, town)
    with store.writing(extensions=("spatial",)) as w:
        for table in (
            "action_notes",
            "actions",
            "area_status",
            "meetings",
            "problem_links",
            "problems",
            "dedup_splits",
            "incident_areas",
            "incidents",
            "import_batches",
            "area_indicators",
            "areas",
            "area_sets",
            "organisations",
        ):
            w.execute(f"DELETE FROM {table}")  # noqa: S608 - table names are code constants
        org_ids = _insert_organisations(w)
        town_set_id = save_area_set(
            w,
            AREA_SET_NAME,
            town,
            columns=AreaColumns(name="name", code="code", population="population"),
            default=True,
            source_file="demo (synthetic)",
            source_crs="EPSG:3006",
        )
        # The same path as `est areas import kommuner.geojson --name-column KnNamn --code-column KnKod`.
        write_area_set(w, kommuner, KOMMUN_SET_NAME, columns=AreaColumns(name="KnNamn", code="KnKod"), reassign=False)
        batches = _insert_incidents(w, incidents, org_ids, today)
        assign_incidents(w)
        link_in_place(w)  # the demo picture counts problems, like a database after its imports
        set_setting(w, "demo_data", "true", by="est init --demo")
        # The demo's bostadsområden lie in Östersund: police events there are the Lägesbild page's context.
        set_setting(w, "kommun_code", KOMMUN_CODE, by="est init --demo")
        w.execute("DELETE FROM police_events")
        import_events(w, demo_police_events(seed, today), actor="est init --demo", source="demo")
    # The survey results come in like a kommun's CSV on the Områden page: the same parser and checks.
    import_area_indicators(
        store,
        Viewer(user="est init --demo", role=Role.ADMIN),
        town_set_id,
        _survey_csv(np.random.default_rng([seed, 5]), today),
        "trygghetsundersokning-demo-syntetisk.csv",
    )
    with store.writing() as w:
        _hold_demo_meetings(w, town_set_id, org_ids, today)
    first = today - timedelta(days=730)
    return DemoReport(
        incidents=rows,
        organisations=len(_SOURCES),
        areas=len(DEMO_AREAS),
        batches=batches,
        first=first,
        last=today - timedelta(days=1),
    )


def _top_category(area: dict[str, Any]) -> tuple[str, str]:
    """The area's most common category in a meeting's period: (code, Swedish label); ("", "") when quiet."""
    if not area["categories"]:
        return "", ""
    top = area["categories"][0]
    return str(top["category"]), str(top["label_sv"] or top["category"]).lower()


def _judge(areas: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str, str]]:
    """Statuses a group would set from the figures: (area, status, reason), red and yellow first.

    Red: the most incidents. Yellow: the next two, and the largest rise among the rest. Green: the two
    quietest. An area judged at an earlier meeting (its status in the view) is judged again from the new
    figures: yellow when it rose, else green. Each reason states the figures it rests on.
    """
    by_count = sorted(areas, key=lambda a: (-a["count"], a["code"]))
    chosen: list[tuple[dict[str, Any], str, str]] = []

    def taken(area: dict[str, Any]) -> bool:
        return any(area is c[0] for c in chosen)

    def figures(area: dict[str, Any]) -> str:
        change = "" if area["change"] is None else f", {area['change']:+d} mot perioden innan"
        _code, label = _top_category(area)
        return f"{area['count']} händelser{change}" + (f"; mest {label}" if label else "")

    chosen.append((by_count[0], "rod", f"Flest rapporter av alla områden: {figures(by_count[0])}"))
    for area in by_count[1:3]:
        chosen.append((area, "gul", f"Fortsatt många rapporter: {figures(area)}"))
    rising = [a for a in areas if not taken(a) and (a["change"] or 0) > 0]
    if rising:
        area = max(rising, key=lambda a: (a["change"], a["code"]))
        chosen.append((area, "gul", f"Ökning sedan förra perioden: {figures(area)}"))
    for area in [a for a in reversed(by_count) if not taken(a)][:2]:
        chosen.append((area, "gron", f"Lugnt: {figures(area)}; inget att åtgärda"))
    for area in [a for a in by_count if a["status"] and not taken(a)]:
        if (area["change"] or 0) > 0:
            chosen.append((area, "gul", f"Ökning sedan förra perioden: {figures(area)}"))
        else:
            chosen.append((area, "gron", f"Lugnare än vid förra mötet: {figures(area)}"))
    return chosen


def _demo_action(
    area: dict[str, Any], set_id: int, org_ids: dict[str, int], meeting_id: int, start: date, days: int
) -> NewAction:
    """An action against the area's most common kind of report (:data:`_ACTION_FOR`), due ``days`` after ``start``."""
    code, _label = _top_category(area)
    _prefix, kind, what, owner = next(a for a in _ACTION_FOR if code.startswith(a[0]))
    return NewAction(
        set_id,
        str(area["code"]),
        kind,
        what.format(area=area["name"]),
        org_ids[owner],
        start,
        start + timedelta(days=days),
        meeting_id=meeting_id,
    )


def _hold_demo_meetings(w: Writer, set_id: int, org_ids: dict[str, int], today: date) -> None:
    """Two weekly EST meetings before ``today``, held as the meeting page holds them, and closed.

    The first (``today`` − 14) sets statuses and decides three actions: one for the red area due in five
    days that nobody follows up (overdue at the second meeting and today), one due in ten days that is
    under way at the second meeting (overdue today), and one done by the second meeting. The second
    (``today`` − 7) sets statuses again from its own figures and decides actions due after ``today`` for up
    to two red or yellow areas that have no open action yet.
    """
    first_day, second_day = today - timedelta(days=14), today - timedelta(days=7)
    first = create_meeting(
        w,
        _DEMO_ACTOR,
        held_on=first_day,
        area_set_id=set_id,
        title="EST Östersund (demo)",
        participants=("Polisen Jämtland (demo)", "Östersunds kommun (demo)", "Storsjöhem (demo)"),
    )
    judged = _set_demo_statuses(w, set_id, first)
    red, yellow, other = (j[0] for j in judged[:3])
    create_action(w, _DEMO_ACTOR, _demo_action(red, set_id, org_ids, first, first_day, 5))  # never followed up
    under_way = create_action(w, _DEMO_ACTOR, _demo_action(yellow, set_id, org_ids, first, first_day, 10))
    done = create_action(w, _DEMO_ACTOR, _demo_action(other, set_id, org_ids, first, first_day, 6))
    close_meeting(w, _DEMO_ACTOR, first, closed_at=_closing_time(first_day))

    second = create_meeting(
        w,
        _DEMO_ACTOR,
        held_on=second_day,
        area_set_id=set_id,
        title="EST Östersund (demo)",
        participants=(
            "Polisen Jämtland (demo)",
            "Östersunds kommun (demo)",
            "Fastighets AB Jämtland (demo)",
            "Nattvandrarna Östersund (demo)",
        ),
    )
    set_status(
        w, _DEMO_ACTOR, under_way, "pagar", on=second_day, meeting_id=second, note="Påbörjad; blir klar nästa vecka"
    )
    set_status(
        w, _DEMO_ACTOR, done, "klar", on=second_day - timedelta(days=1), meeting_id=second, note="Genomförd enligt plan"
    )
    judged = _set_demo_statuses(w, set_id, second)
    busy = set(list_actions(w, set_id, status=OPEN_STATUSES)["area_code"])
    needy = [area for area, status, _reason in judged if status != "gron" and area["code"] not in busy]
    for area, days in zip(needy[:2], (14, 21), strict=False):  # red or yellow areas without an open action
        create_action(w, _DEMO_ACTOR, _demo_action(area, set_id, org_ids, second, second_day, days))
    close_meeting(w, _DEMO_ACTOR, second, closed_at=_closing_time(second_day))


def _closing_time(held_on: date) -> datetime:
    """A demo meeting closes at 11:00 Swedish time on its own day (not when the demo was generated)."""
    return datetime.combine(held_on, time(11, 0), tzinfo=ZoneInfo(TIMEZONE))


def _set_demo_statuses(w: Writer, set_id: int, meeting_id: int) -> list[tuple[dict[str, Any], str, str]]:
    """Judge the meeting's live figures (:func:`_judge`) and set each status with its reason at the meeting."""
    judged = _judge(meeting_view(w, meeting_id).areas)
    for area, status, reason in judged:
        set_area_status(
            w,
            _DEMO_ACTOR,
            area_set_id=set_id,
            area_code=area["code"],
            status=status,
            reason=reason,
            meeting_id=meeting_id,
        )
    return judged


def _survey_csv(rng: np.random.Generator, today: date) -> bytes:
    """Synthetic trygghetsundersökning results per demo area for the last two full years, as a Swedish CSV.

    Shares between 10 and 45 %, higher in the areas with persistent hotspots, with noise per area and
    year (a separate random stream, so the incidents do not change). Semicolons and decimal commas, as a
    kommun's export would have them.
    """
    weight = {name: 0.0 for name, *_ in DEMO_AREAS}
    for name, _lat, _lon, hot, _spread in _HOTSPOTS:
        weight[name] += hot
    years = (today.year - 2, today.year - 1)
    lines = [";".join(["kod", "namn", "år", *(q[0] for q in DEMO_SURVEY_INDICATORS)])]
    for i, (name, *_rest) in enumerate(DEMO_AREAS):
        levels = [
            base + per_weight * weight[name] + rng.normal(0, 2.5) for _q, base, per_weight in DEMO_SURVEY_INDICATORS
        ]
        for year in years:
            shares = [float(np.clip(level + rng.normal(0, 1.5), 10.0, 45.0)) for level in levels]
            cells = [f"{share:.1f}".replace(".", ",") for share in shares]
            lines.append(";".join([f"OST{i + 1:02d}", name, str(year), *cells]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _insert_organisations(w: Writer) -> dict[str, int]:
    ids: dict[str, int] = {}
    for name, kind, _share in _SOURCES:
        ids[name] = insert_organisation(w, name, kind)
    return ids


def _incident_frame(rng: np.random.Generator, rows: int, today: date, town: pd.DataFrame) -> pd.DataFrame:
    days = 730
    first = today - timedelta(days=days)
    day_dates = pd.date_range(first, periods=days, freq="D")
    months = day_dates.month.to_numpy()
    weekday = day_dates.day_of_week.to_numpy()
    trend = np.linspace(0.9, 1.1, days)

    cats = _CATEGORIES
    cat_weights = np.array([c[1] for c in cats], dtype=float)
    cat_index = rng.choice(len(cats), size=rows, p=cat_weights / cat_weights.sum())
    src_shares = np.array([s[2] for s in _SOURCES])
    src_index = rng.choice(len(_SOURCES), size=rows, p=src_shares / src_shares.sum())

    # Day of each incident: weekday × trend × the category's seasonality.
    day_index = np.empty(rows, dtype=np.int64)
    for ci, (_code, _w, peak, amp, _texts) in enumerate(cats):
        mask = cat_index == ci
        n = int(mask.sum())
        if not n:
            continue
        season = 1 + amp * np.cos((months - peak) / 12 * 2 * np.pi) if peak else np.ones(days)
        p = _WEEKDAYS[weekday] * trend * season
        day_index[mask] = rng.choice(days, size=n, p=p / p.sum())
    hours = rng.choice(24, size=rows, p=_HOURS / _HOURS.sum())

    # Night walkers only walk on Friday and Saturday evenings (20–02).
    walkers = np.array([s[1] == "nattvandrare" for s in _SOURCES])[src_index]
    if walkers.any():
        n = int(walkers.sum())
        fri_sat = np.flatnonzero((weekday == 4) | (weekday == 5))
        day_index[walkers] = rng.choice(fri_sat, size=n)
        hours[walkers] = rng.choice([20, 21, 22, 23, 0, 1], size=n, p=[0.12, 0.2, 0.24, 0.22, 0.14, 0.08])
        after_midnight = walkers & (hours < 3)
        day_index[after_midnight] = np.minimum(day_index[after_midnight] + 1, days - 1)
    minutes = rng.integers(0, 60, size=rows)

    # Places: 45 % around hotspots, 52 % spread over an area, 3 % outside the town.
    lat = np.empty(rows)
    lon = np.empty(rows)
    kind = rng.random(rows)
    hot_w = np.array([h[3] for h in _HOTSPOTS])
    hot_i = rng.choice(len(_HOTSPOTS), size=rows, p=hot_w / hot_w.sum())
    spread_m = np.array([h[4] for h in _HOTSPOTS])[hot_i]
    hot_lat = np.array([h[1] for h in _HOTSPOTS])[hot_i] + rng.normal(0, 1, rows) * spread_m / 111_000
    hot_lon = np.array([h[2] for h in _HOTSPOTS])[hot_i] + rng.normal(0, 1, rows) * spread_m / 50_300
    pop = town["population"].to_numpy(dtype=float)
    area_i = rng.choice(len(town), size=rows, p=pop / pop.sum())
    reps = town.geometry.representative_point()
    area_lat = reps.y.to_numpy()[area_i] + rng.normal(0, 1, rows) * 350 / 111_000
    area_lon = reps.x.to_numpy()[area_i] + rng.normal(0, 1, rows) * 350 / 50_300
    out_lat = 63.17 + rng.uniform(-0.25, 0.25, rows)
    out_lon = 14.64 + rng.uniform(-0.6, 0.6, rows)
    lat[:] = np.where(kind < 0.45, hot_lat, np.where(kind < 0.97, area_lat, out_lat))
    lon[:] = np.where(kind < 0.45, hot_lon, np.where(kind < 0.97, area_lon, out_lon))

    # One recent spike: graffiti in Odenslund in the last complete week.
    monday = today - timedelta(days=today.weekday())
    spike_start = (monday - timedelta(days=7) - first).days
    spike_n = max(12, rows // 600)
    spike_rows = rng.choice(rows, size=min(spike_n, rows), replace=False)
    odenslund = next(i for i, a in enumerate(DEMO_AREAS) if a[0] == "Odenslund")
    cat_index[spike_rows] = next(i for i, c in enumerate(cats) if c[0] == "skadegorelse.klotter")
    day_index[spike_rows] = spike_start + rng.integers(0, 7, size=len(spike_rows))
    lat[spike_rows] = reps.y.to_numpy()[odenslund] + rng.normal(0, 1, len(spike_rows)) * 120 / 111_000
    lon[spike_rows] = reps.x.to_numpy()[odenslund] + rng.normal(0, 1, len(spike_rows)) * 120 / 50_300
    day_index = np.clip(day_index, 0, days - 1)

    local = day_dates.to_numpy()[day_index] + hours.astype("timedelta64[h]") + minutes.astype("timedelta64[m]")
    texts = [c[4] for c in cats]
    text_pick = rng.integers(0, 3, size=rows)
    descriptions = np.array([t[k % len(t)] for t in texts for k in range(3)], dtype=object)[cat_index * 3 + text_pick]
    return pd.DataFrame(
        {
            "occurred_local": local,
            "category_code": np.array([c[0] for c in cats], dtype=object)[cat_index],
            "source_index": src_index,
            "description": descriptions,
            "lat": np.round(lat, 6),
            "lon": np.round(lon, 6),
        }
    )


def _insert_incidents(w: Writer, frame: pd.DataFrame, org_ids: dict[str, int], today: date) -> int:
    """Insert the incidents with one batch per organisation and upload week; return the batch count.

    Property owners upload on the Monday morning after the week; what they reported this week was
    uploaded this morning (``today`` 06:00) so that nothing is "reported" in the future.
    """
    src = pd.DataFrame(
        {
            "source_index": range(len(_SOURCES)),
            "organisation_id": [org_ids[s[0]] for s in _SOURCES],
            "source_kind": [s[1] for s in _SOURCES],
        }
    )
    w.register("demo_incidents", frame)
    w.register("demo_sources", src)
    w.execute(
        "CREATE TEMP TABLE demo_rows AS SELECT d.*, s.organisation_id, s.source_kind, "
        "CAST(d.occurred_local AS TIMESTAMPTZ) AS occurred_at, "
        "least(CASE WHEN s.source_kind = 'fastighetsagare' "
        "     THEN CAST(date_trunc('week', d.occurred_local) + INTERVAL 7 DAY + INTERVAL 8 HOUR AS TIMESTAMPTZ) "
        "     ELSE CAST(d.occurred_local AS TIMESTAMPTZ) + INTERVAL 20 MINUTE END, "
        "     CAST(CAST(? AS DATE) + INTERVAL 6 HOUR AS TIMESTAMPTZ)) AS created_at "
        "FROM demo_incidents d JOIN demo_sources s USING (source_index)",
        [today.isoformat()],
    )
    w.execute(
        "INSERT INTO import_batches (organisation_id, source_kind, file_name, created_by, created_at, "
        "rows_read, rows_imported) "
        "SELECT organisation_id, source_kind, 'demo-vecka-' || strftime(created_at, '%G-W%V') || '.csv', "
        "'demo', created_at, count(*), count(*) FROM demo_rows WHERE source_kind = 'fastighetsagare' "
        "GROUP BY organisation_id, source_kind, created_at ORDER BY created_at, organisation_id"
    )
    w.execute(
        "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, description, place, "
        "lat, lon, location_precision, batch_id, created_at) "
        "SELECT r.occurred_at, r.category_code, r.source_kind, r.organisation_id, r.description, "
        "CASE WHEN list_contains(?, r.source_kind) THEN "
        "list_extract(?, CAST(r.cell % ? AS INTEGER) + 1) || ' ' || CAST(r.cell // ? + 1 AS VARCHAR) END, "
        "r.lat, r.lon, 'exact', b.id, r.created_at "
        "FROM (SELECT *, dense_rank() OVER (ORDER BY round(lat, 3), round(lon, 3)) - 1 AS cell FROM demo_rows) r "
        "LEFT JOIN import_batches b ON b.organisation_id = r.organisation_id AND b.created_at = r.created_at "
        "ORDER BY r.occurred_at",
        [list(_ADDRESS_KINDS), list(_DEMO_STREETS), len(_DEMO_STREETS), len(_DEMO_STREETS)],
    )
    w.execute("DROP TABLE demo_rows")
    return int(w.value("SELECT count(*) FROM import_batches"))
