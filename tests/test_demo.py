"""The demo picture: believable patterns, clearly marked as demo, fast at scale (see bench/demo.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from est.access.settings import is_demo
from est.demo.generate import DEMO_AREAS, generate_demo
from est.periods import last_complete_week
from est.store import Store
from tests.conftest import copy_of

TODAY = date(2026, 11, 28)


def _demo(store: Store, rows: int = 6000) -> Store:
    generate_demo(store, rows=rows, seed=11, today=TODAY)
    return store


def _generated(folders: pytest.TempPathFactory, template: Path, rows: int) -> Store:
    return _demo(copy_of(template, folders.mktemp("demo") / "demo.duckdb"), rows=rows)


@pytest.fixture(scope="module")
def _file_demo(tmp_path_factory: pytest.TempPathFactory, empty_template: Path) -> Store:
    return _generated(tmp_path_factory, empty_template, 6000)


@pytest.fixture(scope="module")
def _big_file_demo(tmp_path_factory: pytest.TempPathFactory, empty_template: Path) -> Store:
    return _generated(tmp_path_factory, empty_template, 20_000)


def _shared_or_own(request: pytest.FixtureRequest, shared: str, rows: int) -> Store:
    """On a file, the module's demo generated once; with ``--store-backend server``, one per test on the server."""
    if request.getfixturevalue("store_backend") == "server":
        return _demo(request.getfixturevalue("empty_store"), rows=rows)
    store: Store = request.getfixturevalue(shared)
    return store


@pytest.fixture
def demo(request: pytest.FixtureRequest) -> Store:
    """The demo of 6,000 rows, for the tests of this module that only read it."""
    return _shared_or_own(request, "_file_demo", 6000)


@pytest.fixture
def big_demo(request: pytest.FixtureRequest) -> Store:
    """The demo of 20,000 rows (enough for hours and seasons), for the tests that only read it."""
    return _shared_or_own(request, "_big_file_demo", 20_000)


def test_demo_is_marked_and_has_every_source_kind_and_areas(demo: Store) -> None:
    store = demo
    with store.reading() as r:
        assert is_demo(r)
    kinds = {row[0] for row in store.rows("SELECT DISTINCT source_kind FROM incidents")}
    assert kinds == {"fastighetsagare", "nattvandrare", "polis", "kommun", "vaktare", "ovrig"}
    names = [r[0] for r in store.rows("SELECT name FROM organisations")]
    assert all(name.endswith("(demo)") for name in names)
    sets = dict(
        store.rows("SELECT s.name, count(a.id) FROM area_sets s JOIN areas a ON a.area_set_id = s.id GROUP BY 1")
    )
    assert sets["Bostadsområden"] == len(DEMO_AREAS)
    assert sets["Kommuner"] == 290
    assert (
        store.value(
            "SELECT sum(population) FROM areas a JOIN area_sets s ON s.id = a.area_set_id "
            "WHERE s.name = 'Bostadsområden'"
        )
        > 50_000
    )


def test_two_years_up_to_yesterday_and_nothing_reported_in_the_future(demo: Store) -> None:
    store = demo
    first, last, created = store.rows(
        "SELECT min(occurred_at)::DATE, max(occurred_at)::DATE, max(created_at) FROM incidents"
    )[0]
    assert first >= TODAY - timedelta(days=731)
    assert last <= TODAY - timedelta(days=1)
    assert created.date() <= TODAY


def test_night_walkers_report_only_on_friday_and_saturday_evenings(demo: Store) -> None:
    store = demo
    rows = store.rows(
        "SELECT isodow(occurred_at - INTERVAL 3 HOUR) AS evening, extract(hour FROM occurred_at) AS h, count(*) "
        "FROM incidents WHERE source_kind = 'nattvandrare' GROUP BY ALL"
    )
    assert rows
    assert {r[0] for r in rows} <= {5, 6}  # the evening started on Friday or Saturday
    assert {r[1] for r in rows} <= {20, 21, 22, 23, 0, 1}


def test_property_owners_upload_weekly_batches(demo: Store) -> None:
    store = demo
    assert store.value("SELECT count(*) FROM incidents WHERE source_kind = 'fastighetsagare' AND batch_id IS NULL") == 0
    weekdays = {
        r[0]
        for r in store.rows(
            "SELECT DISTINCT isodow(created_at) FROM import_batches WHERE created_at < CAST(? AS DATE)",
            [TODAY.isoformat()],
        )
    }
    assert weekdays == {1}  # every completed week's upload comes on a Monday
    per_org_week = store.value(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM import_batches WHERE created_at < CAST(? AS DATE) "
        "GROUP BY organisation_id, date_trunc('week', created_at))",
        [last_complete_week(TODAY).end.isoformat()],
    )
    assert per_org_week == 1


def test_evening_peak_and_recent_spike_and_outside_points(big_demo: Store) -> None:
    store = big_demo
    by_hour = dict(store.rows("SELECT extract(hour FROM occurred_at), count(*) FROM incidents GROUP BY 1"))
    assert by_hour[21] > 3 * by_hour[5]
    week = last_complete_week(TODAY)
    odenslund = store.rows(
        "SELECT count(*) FILTER (WHERE i.occurred_at >= CAST(? AS DATE)::TIMESTAMPTZ), "
        "count(*) FILTER (WHERE i.occurred_at < CAST(? AS DATE)::TIMESTAMPTZ) "
        "FROM incidents i JOIN incident_areas ia ON ia.incident_id = i.id JOIN areas a ON a.id = ia.area_id "
        "WHERE a.name = 'Odenslund' AND i.category_code = 'skadegorelse.klotter' "
        "AND i.occurred_at >= CAST(? AS DATE)::TIMESTAMPTZ - INTERVAL 12 WEEK "
        "AND i.occurred_at < CAST(? AS DATE)::TIMESTAMPTZ",
        [week.start.isoformat(), week.start.isoformat(), week.start.isoformat(), week.end.isoformat()],
    )[0]
    spike, before_12_weeks = odenslund
    assert spike > 3 * (before_12_weeks / 12) + 5
    outside = store.value(
        "SELECT count(*) FROM incident_areas ia JOIN area_sets s ON s.id = ia.area_set_id "
        "WHERE s.name = 'Bostadsområden' AND ia.area_id IS NULL"
    )
    assert 0 < outside < 0.1 * 20_000
    assigned = store.value(
        "SELECT count(*) FROM incident_areas ia JOIN area_sets s ON s.id = ia.area_set_id "
        "WHERE s.name = 'Bostadsområden'"
    )
    assert assigned == 20_000  # every incident has exactly one row: an area or outside


def test_same_seed_gives_the_same_data(empty_store: Store, tmp_path) -> None:
    from est.store import open_store

    other = open_store(tmp_path / "other.duckdb")
    _demo(empty_store, rows=800)
    _demo(other, rows=800)
    query = "SELECT occurred_at, category_code, lat, lon FROM incidents ORDER BY occurred_at, lat, lon"
    assert empty_store.rows(query) == other.rows(query)


def _by_month(store: Store, category: str) -> dict[int, int]:
    """Incidents of ``category`` per calendar month (Stockholm time), summed over the two years."""
    rows = store.rows(
        "SELECT extract(month FROM timezone('Europe/Stockholm', occurred_at)) AS m, count(*) FROM incidents "
        "WHERE category_code = ? GROUP BY m",
        [category],
    )
    return {int(m): int(n) for m, n in rows}


def test_seasonal_categories_peak_in_their_season(big_demo: Store) -> None:
    store = big_demo  # June and December each occur twice in the two years
    summer = _by_month(store, "ordning.trafik.mopedbil")  # the generator's peak: June, amplitude 0.7
    assert max(summer, key=lambda m: summer[m]) in {5, 6, 7}
    assert summer[6] > 2.5 * summer.get(12, 0) + 10
    winter = _by_month(store, "otrygg_plats.belysning")  # peak December (dark), amplitude 0.8
    assert max(winter, key=lambda m: winter[m]) in {10, 11, 12, 1}
    assert winter[12] > 2.5 * winter.get(6, 0) + 10
    steady = _by_month(store, "ordning.stold")  # no season: the busiest month is not far above the quietest
    assert max(steady.values()) < 2.5 * min(steady.values())


HOTSPOT_AREAS = {"Centrum", "Torvalla", "Lugnvik", "Odensala"}


def test_hotspot_areas_stay_on_top_in_every_quarter_of_the_two_years(demo: Store) -> None:
    store = demo
    first = TODAY - timedelta(days=730)
    rows = store.rows(
        "SELECT date_diff('day', CAST(? AS DATE), CAST(timezone('Europe/Stockholm', i.occurred_at) AS DATE)) // 92 "
        "AS quarter, a.name, count(*) FROM incidents i JOIN incident_areas ia ON ia.incident_id = i.id "
        "JOIN areas a ON a.id = ia.area_id JOIN area_sets s ON s.id = ia.area_set_id "
        "WHERE s.name = 'Bostadsområden' GROUP BY ALL",
        [first.isoformat()],
    )
    quarters: dict[int, dict[str, int]] = {}
    for quarter, name, n in rows:
        quarters.setdefault(int(quarter), {})[name] = int(n)
    assert sorted(quarters) == list(range(8))
    population = {name: people for name, _lat, _lon, people in DEMO_AREAS}
    hotspot_population_share = sum(population[a] for a in HOTSPOT_AREAS) / sum(population.values())
    for quarter, counts in quarters.items():
        top4 = set(sorted(counts, key=lambda a: counts[a], reverse=True)[:4])
        assert top4 == HOTSPOT_AREAS, (quarter, counts)
        share = sum(counts.get(a, 0) for a in HOTSPOT_AREAS) / sum(counts.values())
        assert share > 0.5 > hotspot_population_share + 0.1, (quarter, share)


def test_demo_has_synthetic_survey_indicators_for_the_last_two_full_years(empty_store: Store) -> None:
    store = _demo(empty_store, rows=800)
    rows = store.df(
        "SELECT a.name, i.indicator, i.year, i.value, i.source_file FROM area_indicators i "
        "JOIN areas a ON a.area_set_id = i.area_set_id AND a.code = i.area_code "
        "JOIN area_sets s ON s.id = a.area_set_id WHERE s.name = 'Bostadsområden'"
    )
    questions = {"Otrygg utomhus kvällstid (%)", "Oroad för skadegörelse (%)"}
    assert set(rows["indicator"]) == questions  # survey results only: population stays the area file's
    assert set(rows["year"]) == {TODAY.year - 2, TODAY.year - 1}
    assert len(rows) == len(DEMO_AREAS) * 2 * len(questions)
    assert rows["value"].between(10, 45).all() and rows["value"].nunique() > len(rows) // 2  # noise
    assert rows["source_file"].str.contains("demo").all()  # clearly synthetic
    latest = rows[rows["year"] == TODAY.year - 1].groupby("name")["value"].mean()
    hotspots = latest[["Centrum", "Torvalla"]].mean()
    others = latest.drop(["Centrum", "Torvalla", "Lugnvik", "Odensala"]).mean()
    assert hotspots > others + 5  # the persistent hotspots feel less safe
    population = dict(store.rows("SELECT name, population FROM areas WHERE code LIKE 'OST%'"))
    assert population == {name: pop for name, _lat, _lon, pop in DEMO_AREAS}


def _meeting_record(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The demo's statuses (meeting date, area, status, reason) and actions, as rows to compare."""
    statuses = store.rows(
        "SELECT m.held_on, s.area_code, s.status, s.reason FROM area_status s JOIN meetings m ON m.id = s.meeting_id "
        "ORDER BY s.id"
    )
    actions = store.rows(
        "SELECT m.held_on, a.area_code, a.action_type, a.what, a.start_on, a.due_on, a.status, a.finished_on "
        "FROM actions a JOIN meetings m ON m.id = a.meeting_id ORDER BY a.id"
    )
    return statuses, actions


def test_demo_has_two_past_meetings_with_statuses_reasons_and_overdue_actions(empty_store: Store, tmp_path) -> None:
    from est.meeting.actions import list_notes, overdue_actions
    from est.meeting.meetings import list_meetings, meeting_view
    from est.store import open_store

    store = _demo(empty_store, rows=3000)
    with store.reading() as r:
        meetings = list_meetings(r)
        set_id = int(r.value("SELECT id FROM area_sets WHERE name = 'Bostadsområden'"))
        overdue_today = overdue_actions(r, set_id, TODAY)
        views = {m.held_on: meeting_view(r, m.id) for m in meetings}
        notes = {int(a): list_notes(r, int(a)) for a in r.df("SELECT id FROM actions")["id"]}
    # Two past meetings of the bostadsområden, a week apart, closed (their record frozen), the newest first.
    assert [m.held_on for m in meetings] == [TODAY - timedelta(days=7), TODAY - timedelta(days=14)]
    assert all(m.is_closed and m.area_set_id == set_id for m in meetings)
    assert meetings[0].period.start == meetings[1].held_on  # "since the last meeting"
    for held_on, view in views.items():
        judged = [a for a in view.areas if a["status"]]
        assert len(judged) >= 4, held_on
        assert all(a["status_reason"] and len(a["status_reason"]) > 10 for a in judged)
    statuses, actions = _meeting_record(store)
    assert {s[2] for s in statuses} == {"rod", "gul", "gron"}
    assert {s[0] for s in statuses} == {TODAY - timedelta(days=14), TODAY - timedelta(days=7)}
    # Actions decided at both meetings; some overdue today, one already at the second meeting; one done.
    assert {a[0] for a in actions} == {TODAY - timedelta(days=14), TODAY - timedelta(days=7)}
    assert len(overdue_today) >= 2
    assert len(views[TODAY - timedelta(days=7)].overdue) >= 1
    assert {a[6] for a in actions} >= {"planerad", "pagar", "klar"}
    assert any(len(n) for n in notes.values())  # followed up with a note
    # Deterministic: the same seed and today give the same record; a second run replaces it.
    other = open_store(tmp_path / "again.duckdb")
    _demo(other, rows=3000)
    assert _meeting_record(other) == (statuses, actions)
    _demo(other, rows=3000)
    assert other.value("SELECT count(*) FROM meetings") == 2
    assert _meeting_record(other) == (statuses, actions)


def test_the_demo_meeting_screen_opens_with_content(empty_store: Store, app_test) -> None:
    generate_demo(empty_store, rows=3000, seed=11, today=date.today())
    at = app_test(empty_store, page="mote")
    at.run()
    assert not at.exception, at.exception
    assert not at.info or "Inga möten" not in at.info[0].value
    # The newest past meeting, as it was decided: frozen on its own day, not when the demo was generated.
    held_on = (date.today() - timedelta(days=7)).isoformat()
    assert any(f"Stängt möte: siffrorna är frusna som de visades {held_on} 11:00" in i.value for i in at.info), [
        i.value for i in at.info
    ]
    statuses = at.table[0].value["Status"].tolist()
    assert any("Röd" in s for s in statuses) and any("Grön" in s for s in statuses)
    overdue = next(m.value for m in at.metric if m.label == "Försenade åtgärder")
    assert int(overdue) >= 1
