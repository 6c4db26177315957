"""Police open events: every historic format, kommun attribution, re-import by id, CLI, context, fetcher."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shapely
from shapely.geometry import shape

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import InputFileError, PermissionDeniedError
from est.intake.police import (
    PoliceFetcher,
    category_for_type,
    import_files,
    kommun_context,
    list_events,
    match_kommun,
    parse_datetime,
    parse_event,
)
from est.periods import Period
from est.store import Store
from tests.conftest import KOMMUN_FILE, POLICE_SAMPLE, PROJECT_ROOT

EST = str(Path(sys.executable).parent / "est")
SAMPLE = POLICE_SAMPLE


def _event(event_id: int, when: str, name: str, event_type: str, location: str, gps: str, **extra: Any) -> dict:
    slug = name.lower().replace(" ", "-").replace(",", "")
    return {
        "id": event_id,
        "datetime": when,
        "name": name,
        "summary": extra.get("summary", f"Sammanfattning av {event_type.lower()}."),
        "url": extra.get("url", f"/aktuellt/handelser/x/{slug}/"),
        "type": event_type,
        "location": {"name": location, "gps": gps},
    }


# One event per historic format, with the kommun code (or None) it must be attributed to.
HISTORIC = [
    # Older data: location.name is the kommun, the gps its centroid, hours zero-padded.
    (
        _event(
            1,
            "2019-06-30 10:57:12 +02:00",
            "30 juni 10.36, Trafikolycka, Mariestad",
            "Trafikolycka",
            "Mariestad",
            "58.709608,13.823714",
        ),
        "1493",
        "kommun",
    ),
    # Older data with the kommun name in another case / hyphenation.
    (
        _event(
            2,
            "2020-03-01 22:10:00 +01:00",
            "1 mars 21.40, Skadegörelse, Upplands väsby",
            "Skadegörelse",
            "Upplands väsby",
            "59.518493,17.911539",
        ),
        "0114",
        "kommun",
    ),
    (
        _event(
            3,
            "2020-03-02 08:00:00 +01:00",
            "2 mars 07.15, Inbrott, Upplands-bro",
            "Inbrott",
            "Upplands-bro",
            "59.525101,17.641127",
        ),
        "0139",
        "kommun",
    ),
    # Since 2026: location.name is the län, the kommun is the last part of name.
    (
        _event(
            4,
            "2026-08-22 19:51:41 +02:00",
            "22 augusti 17.59, Brand, Kävlinge",
            "Brand",
            "Skåne län",
            "55.990257,13.595769",
        ),
        "1261",
        "lan",
    ),
    # Unpadded hour in datetime.
    (
        _event(
            5,
            "2026-06-07 7:32:06 +02:00",
            "7 juni 06.50, Misshandel, Östersund",
            "Misshandel",
            "Jämtlands län",
            "63.176826,14.636068",
        ),
        "2380",
        "lan",
    ),
    # A type with a comma: the kommun is still the last part.
    (
        _event(
            6,
            "2026-08-22 17:48:23 +02:00",
            "22 augusti 16.01, Trafikolycka, personskada, Töreboda",
            "Trafikolycka, personskada",
            "Västra Götalands län",
            "58.252793,13.059643",
        ),
        "1473",
        "lan",
    ),
    # A summary naming only the län: no kommun, kept apart as a summary.
    (
        _event(
            7,
            "2026-08-22 8:05:00 +02:00",
            "22 augusti 08.05, Sammanfattning natt, Norrbottens län",
            "Sammanfattning natt",
            "Norrbottens län",
            "66.83309,20.39919",
        ),
        None,
        "lan",
    ),
    # Older data naming only a län; the län "Uppsala län" must not become the kommun Uppsala.
    (
        _event(
            8,
            "2018-01-02 9:00:00 +01:00",
            "2 januari 08.30, Rån, Uppsala län",
            "Rån",
            "Uppsala län",
            "59.858564,17.638927",
        ),
        None,
        "lan",
    ),
    # Published on New Year's Day about an event on 31 December: the year rolls back.
    (
        _event(
            9,
            "2027-01-01 0:20:00 +01:00",
            "31 december 23.50, Bråk, Östersund",
            "Bråk",
            "Östersund",
            "63.176826,14.636068",
        ),
        "2380",
        "kommun",
    ),
]


def _write(tmp_path: Path, events: list[dict], name: str = "events.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(events, ensure_ascii=False), encoding="utf-8")
    return path


def _official_kommuner() -> dict[str, str]:
    data = json.loads((KOMMUN_FILE).read_text(encoding="utf-8"))
    return {f["properties"]["KnNamn"].lower(): f["properties"]["KnKod"] for f in data["features"]}


@pytest.mark.parametrize(("raw", "code", "level"), HISTORIC, ids=[str(h[0]["id"]) for h in HISTORIC])
def test_each_historic_format_is_attributed_to_the_kommun_it_names(raw: dict, code: str | None, level: str) -> None:
    event = parse_event(raw)
    assert (event.kommun.code if event.kommun else None) == code
    assert event.location_level == level
    assert event.type == raw["type"]
    assert event.is_summary == raw["type"].startswith("Sammanfattning")


def test_time_in_name_is_the_occurrence_and_unpadded_hours_parse() -> None:
    assert parse_datetime("2025-06-07 7:32:06 +02:00").isoformat() == "2025-06-07T07:32:06+02:00"
    unpadded = parse_event(HISTORIC[4][0])
    assert unpadded.published_at.hour == 7
    assert (unpadded.occurred_at.hour, unpadded.occurred_at.minute) == (6, 50)
    new_year = parse_event(HISTORIC[8][0])
    assert new_year.occurred_at.date() == date(2026, 12, 31)


def test_kommun_names_match_official_names_whatever_the_case_and_hyphens() -> None:
    assert match_kommun("Upplands väsby").code == "0114"  # type: ignore[union-attr]
    assert match_kommun("UPPLANDS-BRO").code == "0139"  # type: ignore[union-attr]
    assert match_kommun("Dals Ed").code == "1438"  # type: ignore[union-attr]
    assert match_kommun("Malung-sälen").code == "2023"  # type: ignore[union-attr]
    assert match_kommun("Östersunds kommun").code == "2380"  # type: ignore[union-attr]
    assert match_kommun("Gotlands län") is None
    assert match_kommun("Stockholms län") is None
    assert match_kommun("Atlantis") is None


def test_types_map_to_est_categories_where_they_fit() -> None:
    assert category_for_type("Skadegörelse") == "skadegorelse.ovrig"
    assert category_for_type("Misshandel, grov") == "ordning.brak"
    assert category_for_type("Stöld/inbrott") == "ordning.inbrott"
    assert category_for_type("Inbrott, försök") == "ordning.inbrott"
    assert category_for_type("Narkotikabrott") == "ordning.narkotika"
    assert category_for_type("Trafikolycka, personskada") is None
    assert category_for_type("Sammanfattning natt") is None
    assert category_for_type("En helt ny typ 2031") is None


def test_shared_sample_every_event_naming_a_kommun_is_attributed_to_it(empty_store: Store) -> None:
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    official = _official_kommuner()
    report = import_files(empty_store, [SAMPLE], LOCAL_ADMIN)
    stored = {int(r[0]): r[1] for r in empty_store.rows("SELECT id, kommun_code FROM police_events")}
    expected_counts: dict[str, int] = {}
    lan_only = 0
    for event in raw:
        place = event["name"].rsplit(",", 1)[-1].strip().lower()
        code = official.get(event["location"]["name"].lower()) or official.get(place)
        assert stored[event["id"]] == code, event["name"]
        if code:
            expected_counts[code] = expected_counts.get(code, 0) + 1
        else:
            assert place.endswith(" län"), event["name"]
            lan_only += 1
    assert report.events_read == len(raw) == 500
    assert report.events_new == 500
    assert report.kommun_counts == expected_counts
    assert report.lan_only == lan_only == 149
    assert sum(report.kommun_counts.values()) == 351


def test_no_event_is_placed_on_a_lan_centroid_as_a_kommun(empty_store: Store, tmp_path: Path) -> None:
    import_files(empty_store, [SAMPLE, _write(tmp_path, [h[0] for h in HISTORIC])], LOCAL_ADMIN)
    # The gps point always says what it is the centre of: every län-level point is labelled 'lan' ...
    rows = empty_store.rows(
        "SELECT id, location_name, location_level, kommun_code, gps_lat, gps_lon FROM police_events"
    )
    polygons = {
        f["properties"]["KnKod"]: shape(f["geometry"])
        for f in json.loads((KOMMUN_FILE).read_text(encoding="utf-8"))["features"]
    }
    kommun_level = 0
    for _id, location, level, code, lat, lon in rows:
        if location.endswith(" län"):
            assert level == "lan"
        if level == "kommun":
            # ... and a point labelled as a kommun's centre really lies in that kommun.
            kommun_level += 1
            assert code is not None
            assert polygons[code].buffer(0.05).contains(shapely.Point(lon, lat))
    assert kommun_level == 4
    # Police events never become incidents, so they are never assigned to a bostadsområde or mapped.
    assert empty_store.value("SELECT count(*) FROM incidents") == 0
    assert empty_store.value("SELECT count(*) FROM incident_areas") == 0


def test_reimport_adds_nothing(empty_store: Store) -> None:
    first = import_files(empty_store, [SAMPLE], LOCAL_ADMIN)
    again = import_files(empty_store, [SAMPLE], LOCAL_ADMIN)
    assert (first.events_new, again.events_new, again.events_updated) == (500, 0, 0)
    assert again.kommun_counts == first.kommun_counts
    assert empty_store.value("SELECT count(*) FROM police_events") == 500


def test_reimport_updates_a_changed_event_by_id(empty_store: Store, tmp_path: Path) -> None:
    events = [h[0] for h in HISTORIC]
    import_files(empty_store, [_write(tmp_path, events)], LOCAL_ADMIN)
    changed = json.loads(json.dumps(events))
    changed[3]["summary"] = "Uppdaterad: branden är släckt."
    report = import_files(empty_store, [_write(tmp_path, changed, "v2.json")], LOCAL_ADMIN)
    assert (report.events_new, report.events_updated) == (0, 1)
    assert empty_store.value("SELECT summary FROM police_events WHERE id = 4") == "Uppdaterad: branden är släckt."
    assert empty_store.value("SELECT count(*) FROM police_events") == len(events)


def test_bad_rows_are_reported_and_good_rows_kept(empty_store: Store, tmp_path: Path) -> None:
    bad = {"id": "x", "datetime": "igår", "name": "", "type": "Brand", "location": {}}
    report = import_files(empty_store, [_write(tmp_path, [HISTORIC[0][0], bad])], LOCAL_ADMIN)
    assert report.events_new == 1
    assert len(report.rejected) == 1 and "id 'x'" in report.rejected[0]


def test_whole_file_problems_say_the_fix(empty_store: Store, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputFileError, match="not JSON"):
        import_files(empty_store, [broken], LOCAL_ADMIN)
    with pytest.raises(InputFileError, match="file not found"):
        import_files(empty_store, [tmp_path / "missing.json"], LOCAL_ADMIN)
    with pytest.raises(PermissionDeniedError):
        import_files(empty_store, [SAMPLE], Viewer("r@x.se", Role.RAPPORTOR, 1))


def test_json_lines_archives_import(empty_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(json.dumps(h[0], ensure_ascii=False) for h in HISTORIC), encoding="utf-8")
    report = import_files(empty_store, [path], LOCAL_ADMIN)
    assert report.events_new == len(HISTORIC)
    assert report.lan_only == 2


def test_cli_import_prints_exactly_the_five_figures(empty_store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, [h[0] for h in HISTORIC])
    cmd = [EST, "police", "import", str(path), "--db", empty_store.database, "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"events_read", "events_new", "events_updated", "kommun_counts", "lan_only"}
    assert result["events_read"] == 9 and result["events_new"] == 9 and result["lan_only"] == 2
    assert result["kommun_counts"] == {"0114": 1, "0139": 1, "1261": 1, "1473": 1, "1493": 1, "2380": 2}
    again = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT, check=False)
    assert json.loads(again.stdout)["events_new"] == 0
    missing = subprocess.run(
        [EST, "police", "import", str(tmp_path / "nope.json"), "--db", empty_store.database],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: file not found") and "Traceback" not in missing.stderr


def test_kommun_context_counts_types_and_keeps_summaries_apart(empty_store: Store, tmp_path: Path) -> None:
    ostersund = [
        _event(
            20,
            "2026-08-10 22:00:00 +02:00",
            "10 augusti 21.30, Skadegörelse, Östersund",
            "Skadegörelse",
            "Jämtlands län",
            "63.1,14.6",
        ),
        _event(
            21,
            "2026-08-11 23:00:00 +02:00",
            "11 augusti 22.30, Skadegörelse, Östersund",
            "Skadegörelse",
            "Jämtlands län",
            "63.1,14.6",
        ),
        _event(
            22,
            "2026-08-12 2:00:00 +02:00",
            "12 augusti 01.10, Misshandel, Östersund",
            "Misshandel",
            "Jämtlands län",
            "63.1,14.6",
            summary="<script>alert(1)</script>",
        ),
        _event(
            23,
            "2026-08-12 8:00:00 +02:00",
            "12 augusti 07.55, Sammanfattning natt, Östersund",
            "Sammanfattning natt",
            "Jämtlands län",
            "63.1,14.6",
        ),
        _event(
            24, "2026-08-12 9:00:00 +02:00", "12 augusti 08.55, Brand, Krokom", "Brand", "Jämtlands län", "63.3,14.4"
        ),
        _event(
            25, "2026-07-01 9:00:00 +02:00", "1 juli 08.55, Stöld, Östersund", "Stöld", "Jämtlands län", "63.1,14.6"
        ),
    ]
    import_files(empty_store, [_write(tmp_path, ostersund)], LOCAL_ADMIN)
    with empty_store.reading() as reader:
        context = kommun_context(reader, "2380", Period(date(2026, 8, 10), date(2026, 8, 17)))
        frame = list_events(reader, "2380")
    assert context.kommun_name == "Östersund"
    assert context.by_type == (("Skadegörelse", 2, "skadegorelse.ovrig"), ("Misshandel", 1, "ordning.brak"))
    assert context.total == 3
    assert len(context.summaries) == 1
    assert all(link and link.startswith("https://polisen.se/aktuellt/") for _t, _ty, _n, link in context.events)
    assert len(frame) == 5  # the July theft too, never the Krokom fire


def test_fetcher_keeps_the_usage_rules_without_the_network() -> None:
    now = [1000.0]
    waits: list[float] = []
    seen_headers: list[dict[str, str]] = []

    class _Response:
        def __enter__(self) -> _Response:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def read(self) -> bytes:
            return json.dumps([HISTORIC[0][0]]).encode()

    def opener(request: Any, timeout: float) -> _Response:
        seen_headers.append(dict(request.header_items()))
        assert request.full_url.startswith("https://")
        return _Response()

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    with pytest.raises(Exception, match="User-Agent"):
        PoliceFetcher("python", clock=lambda: now[0], sleep=sleep, opener=opener)
    fetcher = PoliceFetcher("Östersunds kommun EST (est@example.se)", clock=lambda: now[0], sleep=sleep, opener=opener)
    calls: list[float] = []
    for _ in range(61):
        assert fetcher.fetch()[0]["id"] == 1
        calls.append(now[0])
        now[0] += 1  # the caller comes back after 1 s, far too soon
    gaps = [b - a for a, b in itertools.pairwise(calls)]
    assert min(gaps) >= 10
    assert calls[60] - calls[0] >= 3600  # the 61st call waits until the hour has passed
    assert all(h.get("User-agent", "").startswith("Östersunds kommun") for h in seen_headers)
