"""Counting problems, not reports, by default: the Lägesbild page, the URL flag, linking after every change.

Hand-built data (``tests.analysis_data``): Alfa's point is one exact place; Bostadsbolaget and Polisen are
two sources. Known answers: the same graffiti from both sources counts 1 (2 with ``raw=1``); the same
place a week apart counts 2 either way.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import EstError
from est.intake.dedup import confirm_problem, count_with_dedup, link_duplicates, relink_after_change, split_incident
from est.intake.field_reports import FieldReport, new_token, save_field_report
from est.periods import Period
from est.picture.filters import Filters, filters_from_query, filters_to_query, where_clause
from est.store import Store
from tests.analysis_data import POINTS, add, make_world
from tests.cli import est as run_est

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

W10 = {"from": "2026-03-02", "to": "2026-03-08"}  # ISO week 2026-W10
SAME_GRAFFITI = [
    ("2026-03-04T12:00:00+01:00", "A", "skadegorelse.klotter", "Bostadsbolaget"),
    ("2026-03-04T13:30:00+01:00", "A", "skadegorelse.klotter", "Polisen"),  # the police, 90 minutes later
]


def _world(store: Store, rows: list[tuple[str, str, str, str]]) -> dict[str, int]:
    org = make_world(store)
    add(store, [(when, where, category, org[name]) for when, where, category, name in rows])
    return org


def est(*args: str, db: Store) -> subprocess.CompletedProcess[str]:
    return run_est(*args, "--db", db.database)


def _problems(store: Store) -> int:
    return int(store.value("SELECT count(*) FROM problems"))


# -- the page ---------------------------------------------------------------------------------------------


def test_same_graffiti_from_two_sources_counts_once_on_the_lagesbild_page_and_twice_raw(empty_store, app_test):
    _world(empty_store, SAME_GRAFFITI)
    link_duplicates(empty_store, LOCAL_ADMIN)
    at = app_test(empty_store, page="lagesbild", query=W10)
    at.run()
    assert not at.exception
    assert at.metric[0].value == "1"
    assert at.toggle(key="lagesbild_raw").value is False
    assert "raw" not in at.query_params
    captions = [c.value for c in at.caption if "rapporter från alla källor" in c.value]
    assert captions and "2 rapporter från alla källor, 1 problem efter sammanslagning" in captions[0]
    assert "Siffrorna räknar problem." in captions[0]
    table = at.dataframe[0].value.set_index("Område")
    assert table.loc["Alfa", "Problem"] == 1

    raw = app_test(empty_store, page="lagesbild", query=W10 | {"raw": "1"})
    raw.run()
    assert not raw.exception
    assert raw.metric[0].value == "2"
    assert raw.toggle(key="lagesbild_raw").value is True
    assert any("Siffrorna räknar varje rapport." in c.value for c in raw.caption)


def test_the_toggle_counts_every_report_and_writes_raw_to_the_url(empty_store, app_test):
    _world(empty_store, SAME_GRAFFITI)
    link_duplicates(empty_store, LOCAL_ADMIN)
    at = app_test(empty_store, page="lagesbild", query=W10)
    at.run()
    at.toggle(key="lagesbild_raw").set_value(True).run()
    assert not at.exception
    assert at.metric[0].value == "2"
    assert at.query_params["raw"] == "1"
    at.toggle(key="lagesbild_raw").set_value(False).run()
    assert at.metric[0].value == "1"
    assert "raw" not in at.query_params


def test_a_coordinators_split_counts_the_report_again(empty_store, app_test):
    _world(empty_store, SAME_GRAFFITI)
    link_duplicates(empty_store, LOCAL_ADMIN)
    problem, police = empty_store.rows(
        "SELECT l.problem_id, l.incident_id FROM problem_links l JOIN incidents i ON i.id = l.incident_id "
        "WHERE i.source_kind = 'polis'"
    )[0]
    split_incident(empty_store, LOCAL_ADMIN, int(problem), int(police))
    assert empty_store.value("SELECT count(*) FROM incidents WHERE duplicate_of IS NOT NULL") == 0
    at = app_test(empty_store, page="lagesbild", query=W10)
    at.run()
    assert at.metric[0].value == "2"
    link_duplicates(empty_store, LOCAL_ADMIN)  # a split pair is never linked again
    at.run()
    assert at.metric[0].value == "2"


def test_same_place_far_apart_in_time_stays_two(empty_store, app_test):
    rows = [SAME_GRAFFITI[0], ("2026-03-07T13:30:00+01:00", "A", "skadegorelse.klotter", "Polisen")]  # 3 days on
    _world(empty_store, rows)
    link_duplicates(empty_store, LOCAL_ADMIN)
    assert _problems(empty_store) == 0
    for query in (W10, W10 | {"raw": "1"}):
        at = app_test(empty_store, page="lagesbild", query=query)
        at.run()
        assert not at.exception
        assert at.metric[0].value == "2"


@pytest.mark.parametrize("page", ["karta", "tider", "trender", "omrade"])
def test_every_analysis_page_has_the_toggle_and_the_caption(empty_store, app_test, page):
    _world(empty_store, SAME_GRAFFITI)
    link_duplicates(empty_store, LOCAL_ADMIN)
    at = app_test(empty_store, page=page, query=W10 | {"raw": "1"})
    at.run()
    assert not at.exception
    assert at.toggle(key=f"{page}_raw").value is True
    assert any("2 rapporter från alla källor, 1 problem" in c.value for c in at.caption)


# -- the filter and its SQL -------------------------------------------------------------------------------


def test_raw_round_trips_through_the_url_and_a_wrong_value_says_what_to_write():
    today = date(2026, 3, 11)
    assert filters_from_query({}, today).raw is False
    assert filters_from_query({"raw": "1"}, today).raw is True
    plain = filters_from_query(W10, today)
    assert "raw" not in filters_to_query(plain)
    raw = filters_from_query(W10 | {"raw": "1"}, today)
    assert filters_to_query(raw)["raw"] == "1"
    assert filters_from_query(filters_to_query(raw), today) == raw
    with pytest.raises(EstError, match="raw=1"):
        filters_from_query({"raw": "maybe"}, today)


def test_a_problem_counts_once_at_its_anchor_so_counts_by_source_add_up(empty_store):
    org = _world(empty_store, SAME_GRAFFITI)
    link_duplicates(empty_store, LOCAL_ADMIN)
    period = Period(date(2026, 3, 2), date(2026, 3, 9))

    def count(**selection: Any) -> tuple[int, int]:
        filters = Filters(period=period, **selection)
        with empty_store.reading() as reader:
            counted = count_with_dedup(reader, filters, 1)
            where, params = where_clause(filters)
            shown = int(reader.value(f"SELECT count(*) FROM incidents i WHERE {where}", params))
        # The caption's two numbers are the figures the pages show without and with raw=1.
        assert shown == (counted.raw if filters.raw else counted.deduplicated)
        return counted.raw, counted.deduplicated

    assert count() == (2, 1)
    assert count(sources=("fastighetsagare",)) == (1, 1)  # the anchor: the earliest report
    assert count(sources=("polis",)) == (1, 0)  # the police's report joined it: counted there, not here
    assert count(organisations=(org["Polisen"],)) == (1, 0)
    assert count(raw=True) == (2, 1)  # both numbers whatever the flag; the pages show the raw one


# -- linking after every change -----------------------------------------------------------------------------


def test_cli_import_links_the_new_reports_and_undo_unlinks_them(empty_store, tmp_path: Path):
    _world(empty_store, SAME_GRAFFITI[:1])
    lat, lon = POINTS["A"]
    path = tmp_path / "polisen.csv"
    path.write_text(f"Datum;Kategori;Lat;Lon\n2026-03-04 13:30;Klotter;{lat};{lon}\n", encoding="utf-8")
    done = est("import", str(path), "--org", "Polisen", "--source", "polis", "--json", db=empty_store)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rows_imported"] == 1
    assert report["dedup"] | {"seconds": 0} == {"problems": 1, "linked_incidents": 2, "seconds": 0}
    assert _problems(empty_store) == 1
    actors = empty_store.rows("SELECT actor, detail FROM audit_log WHERE action = 'dedup_link'")
    assert len(actors) == 1 and actors[0][0].startswith("cli:") and '"trigger": "import"' in actors[0][1]
    with empty_store.reading() as reader:
        counted = count_with_dedup(reader, Filters(period=Period(date(2026, 3, 2), date(2026, 3, 9))), 1)
    assert (counted.raw, counted.deduplicated) == (2, 1)

    undone = est("batches", "undo", str(report["batch_id"]), "--json", db=empty_store)
    assert undone.returncode == 0, undone.stderr
    assert json.loads(undone.stdout)["dedup"] == {"problems": 0, "linked_incidents": 0}
    assert _problems(empty_store) == 0
    assert empty_store.value("SELECT count(*) FROM problem_links") == 0


def test_cli_import_links_only_its_own_reports_and_est_dedup_run_links_everything(empty_store, tmp_path: Path):
    # Two stored reports that a full run would link (as after changing the limits): an import of an unrelated
    # report does not read or link them (a write costs what it writes); `est dedup run` does.
    _world(empty_store, SAME_GRAFFITI)
    lat, lon = POINTS["B"]
    path = tmp_path / "polisen.csv"
    path.write_text(f"Datum;Kategori;Lat;Lon\n2026-03-20 13:30;Klotter;{lat};{lon}\n", encoding="utf-8")
    done = est("import", str(path), "--org", "Polisen", "--source", "polis", "--json", db=empty_store)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["dedup"] | {"seconds": 0} == {"problems": 0, "linked_incidents": 0, "seconds": 0}
    assert _problems(empty_store) == 0
    detail = empty_store.value("SELECT detail FROM audit_log WHERE action = 'dedup_link'")
    assert '"incremental": true' in detail and '"pairs": 0' in detail
    ran = est("dedup", "run", db=empty_store)
    assert ran.returncode == 0 and ran.stdout.startswith("1 problem (0 bekräftade) med 2 rapporter"), ran.stdout
    assert _problems(empty_store) == 1


def test_a_dry_run_import_does_not_link(empty_store, tmp_path: Path):
    _world(empty_store, SAME_GRAFFITI[:1])
    lat, lon = POINTS["A"]
    path = tmp_path / "polisen.csv"
    path.write_text(f"Datum;Kategori;Lat;Lon\n2026-03-04 13:30;Klotter;{lat};{lon}\n", encoding="utf-8")
    done = est("import", str(path), "--org", "Polisen", "--source", "polis", "--dry-run", "--json", db=empty_store)
    assert done.returncode == 0, done.stderr
    assert "dedup" not in json.loads(done.stdout)
    assert empty_store.value("SELECT count(*) FROM audit_log WHERE action = 'dedup_link'") == 0


def test_a_removed_anchor_of_a_confirmed_problem_hands_over_to_the_next_report(empty_store):
    org = _world(empty_store, SAME_GRAFFITI)
    with empty_store.writing() as w:  # a third source: a night walker, 15 minutes after the police
        walkers = w.insert("organisations", {"name": "NV", "source_kind": "nattvandrare"})
    add(empty_store, [("2026-03-04T13:45:00+01:00", "A", "skadegorelse.klotter", walkers)])
    link_duplicates(empty_store, LOCAL_ADMIN)
    problem = int(empty_store.value("SELECT id FROM problems"))
    assert empty_store.value("SELECT count(*) FROM problem_links") == 3  # owner (anchor), police, walker
    confirm_problem(empty_store, LOCAL_ADMIN, problem)
    with empty_store.writing() as w:  # the owner's report goes (as an undone batch or retention would)
        owner = "SELECT id FROM incidents WHERE organisation_id = ?"
        w.execute(f"DELETE FROM incident_areas WHERE incident_id IN ({owner})", [org["Bostadsbolaget"]])
        w.execute("DELETE FROM incidents WHERE organisation_id = ?", [org["Bostadsbolaget"]])
    relink_after_change(empty_store, "test", "undo")
    anchor_time = empty_store.value(
        "SELECT i.occurred_at FROM problems p JOIN incidents i ON i.id = p.anchor_incident_id WHERE p.id = ?", [problem]
    )
    assert anchor_time == datetime.fromisoformat("2026-03-04T13:30:00+01:00")  # the police's report
    with empty_store.reading() as reader:
        counted = count_with_dedup(reader, Filters(period=Period(date(2026, 3, 2), date(2026, 3, 9))), 1)
    assert (counted.raw, counted.deduplicated) == (2, 1)


def test_a_field_report_joins_the_problem_at_once(empty_store):
    org = make_world(empty_store)
    lat, lon = POINTS["A"]
    now = datetime.now(ZoneInfo("Europe/Stockholm")).replace(second=0, microsecond=0)
    earlier = (now - timedelta(minutes=40)).isoformat()
    add(empty_store, [(earlier, "A", "skadegorelse.klotter", org["Bostadsbolaget"])])
    far = (now - timedelta(minutes=30)).isoformat()
    add(empty_store, [(far, "B", "skadegorelse.klotter", org["Bostadsbolaget"])])  # 500 m away: not a candidate
    with empty_store.writing() as w:
        walkers = w.insert("organisations", {"name": "NV", "source_kind": "nattvandrare"})
    report = FieldReport(
        kind="nattvandring",
        category_code="skadegorelse.klotter",
        lat=lat + 0.0001,  # 11 m north
        lon=lon,
        occurred_at=now,
        client_token=new_token(),
        organisation_id=walkers,
    )
    saved = save_field_report(empty_store, Viewer("w@x.se", Role.RAPPORTOR, walkers), report)
    members = empty_store.rows(
        "SELECT l.incident_id, i.organisation_id, p.anchor_incident_id = l.incident_id, round(l.distance_m) "
        "FROM problem_links l JOIN problems p ON p.id = l.problem_id JOIN incidents i ON i.id = l.incident_id "
        "ORDER BY i.occurred_at"
    )
    assert [(m[1], m[2]) for m in members] == [(org["Bostadsbolaget"], True), (walkers, False)]
    assert members[1][0] == saved.incident_id and members[1][3] == 11
    again = save_field_report(empty_store, Viewer("w@x.se", Role.RAPPORTOR, walkers), report)
    assert again.already_saved and empty_store.value("SELECT count(*) FROM problem_links") == 2


def test_a_field_report_about_earlier_takes_a_later_report_into_its_problem_as_a_full_run_would(empty_store):
    # The owner's report (10 h ago) and the police's (now) were linked. A walker of the owner's own company
    # reports what happened 2 h ago at the same place: no candidate of the owner's report (same organisation),
    # but nearer in time to the police's, which now joins the walker's report; the owner's is alone again.
    org = make_world(empty_store)
    now = datetime.now(ZoneInfo("Europe/Stockholm")).replace(second=0, microsecond=0)
    owner, police = org["Bostadsbolaget"], org["Polisen"]
    add(empty_store, [((now - timedelta(hours=10)).isoformat(), "A", "skadegorelse.klotter", owner)])
    add(empty_store, [(now.isoformat(), "A", "skadegorelse.klotter", police)])
    link_duplicates(empty_store, LOCAL_ADMIN)
    lat, lon = POINTS["A"]
    report = FieldReport(
        kind="vaktrunda",
        category_code="skadegorelse.klotter",
        lat=lat,
        lon=lon,
        occurred_at=(now - timedelta(hours=2)).replace(tzinfo=None),
        client_token=new_token(),
        organisation_id=owner,
    )
    saved = save_field_report(empty_store, Viewer("v@x.se", Role.RAPPORTOR, owner), report)
    police_report = empty_store.value("SELECT id FROM incidents WHERE organisation_id = ?", [police])
    links = empty_store.rows(
        "SELECT l.incident_id, l.incident_id = p.anchor_incident_id FROM problem_links l "
        "JOIN problems p ON p.id = l.problem_id ORDER BY l.incident_id"
    )
    assert links == [(police_report, False), (saved.incident_id, True)]
    assert empty_store.rows("SELECT id FROM incidents WHERE duplicate_of IS NOT NULL") == [(police_report,)]


def test_est_init_demo_links_duplicates(tmp_path: Path):
    from est.store import open_store

    store = open_store(tmp_path / "demo.duckdb")
    done = est("init", "--demo", "--rows", "5000", "--seed", "3", "--json", db=store)
    assert done.returncode == 0, done.stderr
    problems, linked = store.rows("SELECT count(DISTINCT problem_id), count(*) FROM problem_links")[0]
    assert problems > 0 and linked > problems
    first = store.value("SELECT min(occurred_at) FROM incidents").date()
    with store.reading() as reader:
        counted = count_with_dedup(reader, Filters(period=Period(first, date.today() + timedelta(days=1))), 1)
    assert counted.raw == 5000 and counted.duplicates == linked - problems


# -- est dedup run ------------------------------------------------------------------------------------------


def test_est_dedup_run_json_reports_problems_links_and_the_limits(empty_store):
    _world(empty_store, [*SAME_GRAFFITI, ("2026-03-07T13:30:00+01:00", "A", "skadegorelse.klotter", "Polisen")])
    done = est("dedup", "run", "--json", db=empty_store)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # exactly one JSON object on stdout
    assert set(result) == {
        "pairs",
        "problems",
        "confirmed_problems",
        "linked_incidents",
        "duplicates",
        "config",
        "seconds",
        "full_run",
    }
    assert (result["pairs"], result["problems"], result["linked_incidents"], result["duplicates"]) == (1, 1, 2, 1)
    assert result["config"] == {
        "distance_m": 50.0,
        "window_hours": 24.0,
        "category_match": "same_group",
        "different_organisations": True,
    }
    assert _problems(empty_store) == 1
    text = est("dedup", "run", db=empty_store)
    assert text.returncode == 0 and text.stdout.startswith("1 problem (0 bekräftade) med 2 rapporter")
    assert est("dedup", db=empty_store).returncode == 2


# -- linking stays right after every kind of change -----------------------------------------------------------


def _deduplicated_in_march(store: Store) -> tuple[int, int]:
    with store.reading() as reader:
        counted = count_with_dedup(reader, Filters(period=Period(date(2026, 3, 2), date(2026, 3, 9))), 1)
    return counted.raw, counted.deduplicated


def test_retention_keeps_old_problems_through_later_linking(empty_store):
    from est.access.retention import run as run_retention

    _world(empty_store, SAME_GRAFFITI)
    link_duplicates(empty_store, LOCAL_ADMIN)
    assert _deduplicated_in_march(empty_store) == (2, 1)
    done = run_retention(empty_store, LOCAL_ADMIN, months=3, today=date(2026, 9, 1))
    assert done.exact_point_rows == 2  # the points are gone: the pair can never be found again
    relink_after_change(empty_store, "test", "import")  # e.g. the next import
    assert _problems(empty_store) == 1
    assert _deduplicated_in_march(empty_store) == (2, 1)  # last spring's figures do not change


def test_undo_links_again_in_its_own_transaction(empty_store, tmp_path: Path):
    from est.intake import ImportOptions, import_file, undo_batch

    _world(empty_store, SAME_GRAFFITI[:1])
    lat, lon = POINTS["A"]
    path = tmp_path / "polisen.csv"
    path.write_text(f"Datum;Kategori;Lat;Lon\n2026-03-04 13:30;Klotter;{lat};{lon}\n", encoding="utf-8")
    report = import_file(empty_store, LOCAL_ADMIN, path, ImportOptions(organisation="Polisen", source_kind="polis"))
    relink_after_change(empty_store, "test", "import")
    assert _problems(empty_store) == 1
    result = undo_batch(empty_store, LOCAL_ADMIN, report.batch_id)  # nothing else runs after it
    assert result["dedup"] == {"problems": 0, "linked_incidents": 0}
    assert _problems(empty_store) == 0
    assert empty_store.value("SELECT count(*) FROM problem_links") == 0
    assert _deduplicated_in_march(empty_store) == (1, 1)


def test_cli_import_succeeds_and_says_linking_is_deferred_when_the_database_is_busy_then(empty_store):
    from est.cli.cmd_import import _link_batch
    from est.store import open_store

    _world(empty_store, SAME_GRAFFITI)
    impatient = open_store(empty_store.path, lock_timeout=0.5)
    holder = subprocess.Popen(  # another process holds the write lock (a long import, say)
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom est.store import open_store\n"
            "with open_store(sys.argv[1]).writing():\n    print('held', flush=True)\n    time.sleep(30)\n",
            str(empty_store.path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        linked, deferred = _link_batch(impatient, 1)
    finally:
        holder.kill()
        holder.wait()
    assert linked is None and deferred is not None and "busy" in deferred
    assert _problems(empty_store) == 0  # not linked yet: the next run does it


def test_uncategorised_reports_are_not_linked_until_their_label_is_mapped(empty_store):
    from est.intake.labels import map_label

    org = _world(
        empty_store,
        [(when, where, "okategoriserad", name) for when, where, _, name in SAME_GRAFFITI],
    )
    with empty_store.writing() as w:
        w.execute("UPDATE incidents SET source_label = 'Sprej' WHERE organisation_id = ?", [org["Bostadsbolaget"]])
        w.execute("UPDATE incidents SET source_label = 'Fasadklotter' WHERE organisation_id = ?", [org["Polisen"]])
    link_duplicates(empty_store, LOCAL_ADMIN)
    assert _problems(empty_store) == 0  # "uncategorised" from two sources says nothing about one problem
    map_label(empty_store, LOCAL_ADMIN, org["Bostadsbolaget"], "Sprej", "skadegorelse.klotter")
    assert _problems(empty_store) == 0  # only one of them has a category yet
    map_label(empty_store, LOCAL_ADMIN, org["Polisen"], "Fasadklotter", "skadegorelse.klotter")
    assert _problems(empty_store) == 1  # linked by the mapping itself, no other run
    assert _deduplicated_in_march(empty_store) == (2, 1)


def _relink_script() -> None:
    import streamlit as st

    from est.access.auth import LOCAL_ADMIN
    from est.ui.dedup_views import relink

    relink(LOCAL_ADMIN, 1)
    st.write("the import report follows")


def test_a_failed_linking_after_a_page_import_is_a_warning_and_the_page_goes_on(empty_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    _world(empty_store, SAME_GRAFFITI)
    with empty_store.writing() as w:  # limits stored by hand, outside `est settings set`'s checks
        w.execute("INSERT INTO settings (key, value) VALUES ('dedup_distance_m', '0')")
    monkeypatch.setenv("EST_DB", empty_store.database)
    at = AppTest.from_function(_relink_script, default_timeout=60).run()
    assert not at.exception
    assert "avståndet måste vara mellan 1 och 5000 meter" in at.warning[0].value
    assert at.markdown[-1].value == "the import report follows"
    assert _problems(empty_store) == 0


@pytest.mark.parametrize(
    ("page", "query", "problem_words", "report_words"),
    [
        ("tider", {}, ["i Alfa: 1 problem", "Flest problem "], ["i Alfa: 2 rapporter", "Flest rapporter "]),
        ("karta", {}, ["1 problem visas som punkt."], ["2 rapporter visas som punkter"]),
        ("omrade", {"area": "A"}, ["Platser med flest problem", "i Alfa: 1 problem"], ["Platser med flest rapporter"]),
    ],
)
def test_with_every_report_counted_the_sentences_say_reports_not_problems(
    empty_store, app_test, page: str, query: dict[str, str], problem_words: list[str], report_words: list[str]
) -> None:
    """ "Räkna varje rapport" changes the word in the time windows, the map captions and the places heading."""
    _world(empty_store, SAME_GRAFFITI)
    link_duplicates(empty_store, LOCAL_ADMIN)
    for raw, words, other in ((False, problem_words, report_words), (True, report_words, problem_words)):
        at = app_test(empty_store, page=page, query=W10 | query | ({"raw": "1"} if raw else {}))
        at.run()
        assert not at.exception, at.exception
        shown = "\n".join(
            e.value for e in (*at.markdown, *at.caption, *at.subheader) if isinstance(getattr(e, "value", None), str)
        )
        for word in words:
            assert word in shown, (raw, word, shown)
        for word in other:
            assert word not in shown, (raw, word, shown)
