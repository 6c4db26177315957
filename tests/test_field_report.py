"""Quick field reports: saving as incidents, masking, idempotent saves, walks, and the page (AppTest)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import DatabaseBusyError, EstError, PermissionDeniedError
from est.intake.field_reports import (
    FieldReport,
    new_token,
    parse_position,
    save_field_report,
    start_walk,
    stop_walk,
    walk_effort,
)
from est.periods import Period, local_today
from est.store import Store

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

CENTRUM = (63.1775, 14.6370)  # inside the demo area "Centrum"
NOW = datetime.now().replace(second=0, microsecond=0)


def _org(store: Store, name: str) -> int:
    return int(store.value("SELECT id FROM organisations WHERE name = ?", [name]))


def _report(org: int | None, **changes: Any) -> FieldReport:
    values: dict[str, Any] = {
        "kind": "nattvandring",
        "category_code": "samling.utomhus",
        "lat": CENTRUM[0],
        "lon": CENTRUM[1],
        "occurred_at": NOW,
        "client_token": new_token(),
        "organisation_id": org,
    }
    values.update(changes)
    return FieldReport(**values)


@contextmanager
def _database_held_by_another_process(store: Store) -> Iterator[None]:
    """Another process opens the DuckDB file read-write, as an interactive duckdb shell would."""
    code = "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(store.path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_report_is_an_incident_in_its_area_with_personal_data_masked(demo_store: Store) -> None:
    org = _org(demo_store, "Nattvandrarna Östersund (demo)")
    walker = Viewer("walker@example.se", Role.RAPPORTOR, org)
    saved = save_field_report(demo_store, walker, _report(org, text="Han heter Kalle, ring 070-123 45 67"))
    row = demo_store.rows(
        "SELECT i.category_code, i.source_kind, i.organisation_id, i.description, a.name, f.text_masked "
        "FROM incidents i JOIN field_reports f ON f.incident_id = i.id "
        "JOIN incident_areas ia ON ia.incident_id = i.id JOIN area_sets s ON s.id = ia.area_set_id AND s.is_default "
        "JOIN areas a ON a.id = ia.area_id WHERE i.id = ?",
        [saved.incident_id],
    )
    assert row == [("samling.utomhus", "nattvandrare", org, "Han heter [namn], ring [telefon]", "Centrum", True)]
    assert saved.area_name == "Centrum"
    assert set(saved.masked) == {"name", "phone"}
    audit = demo_store.rows("SELECT actor, action FROM audit_log WHERE action = 'field_report'")
    assert audit == [("walker@example.se", "field_report")]


def test_saving_the_same_form_twice_stores_one_report(demo_store: Store) -> None:
    org = _org(demo_store, "Trygghetsvakt Norr (demo)")
    report = _report(org, kind="vaktrunda")
    before = demo_store.value("SELECT count(*) FROM incidents")
    first = save_field_report(demo_store, LOCAL_ADMIN, report)
    second = save_field_report(demo_store, LOCAL_ADMIN, report)
    assert second.already_saved and second.incident_id == first.incident_id
    assert demo_store.value("SELECT count(*) FROM incidents") == before + 1


@pytest.mark.file_store  # DuckDB's own constraint error; a server store refuses it as a ConcurrentWriteError
def test_the_store_refuses_a_second_report_with_the_same_form_token(demo_store: Store) -> None:
    """The database itself keeps a form token unique, whatever process or code path writes."""
    org = _org(demo_store, "Nattvandrarna Östersund (demo)")
    report = _report(org)
    saved = save_field_report(demo_store, LOCAL_ADMIN, report)
    with pytest.raises(duckdb.ConstraintException), demo_store.writing() as writer:
        writer.execute(
            "INSERT INTO field_reports (incident_id, kind, client_token, position_source, reported_by) "
            "VALUES (?, 'nattvandring', ?, 'map', 'someone')",
            [saved.incident_id + 1, report.client_token],
        )
    assert demo_store.value("SELECT count(*) FROM field_reports WHERE client_token = ?", [report.client_token]) == 1


@pytest.mark.file_store  # opens the file in another process
def test_a_retry_from_another_process_with_the_same_token_stores_one_report(demo_store: Store) -> None:
    org = _org(demo_store, "Nattvandrarna Östersund (demo)")
    report = _report(org)
    code = (
        "import sys; from datetime import datetime; from est.access.auth import LOCAL_ADMIN; "
        "from est.intake.field_reports import FieldReport, save_field_report; from est.store import Store; "
        "r = FieldReport(kind='nattvandring', category_code='samling.utomhus', lat=63.1775, lon=14.637, "
        "occurred_at=datetime.fromisoformat(sys.argv[3]), client_token=sys.argv[2], organisation_id=int(sys.argv[4])); "
        "print(save_field_report(Store(sys.argv[1]), LOCAL_ADMIN, r).incident_id)"
    )
    other = subprocess.run(
        [sys.executable, "-c", code, str(demo_store.path), report.client_token, NOW.isoformat(), str(org)],
        capture_output=True,
        text=True,
        check=True,
    )
    again = save_field_report(demo_store, LOCAL_ADMIN, report)
    assert again.already_saved and again.incident_id == int(other.stdout.strip())
    assert demo_store.value("SELECT count(*) FROM field_reports WHERE client_token = ?", [report.client_token]) == 1


def test_trygghetsvandring_findings_are_otrygg_plats_reports(demo_store: Store) -> None:
    org = _org(demo_store, "Östersunds kommun (demo)")
    saved = save_field_report(
        demo_store, LOCAL_ADMIN, _report(org, kind="trygghetsvandring", category_code="otrygg_plats.vegetation")
    )
    assert demo_store.value("SELECT category_code FROM incidents WHERE id = ?", [saved.incident_id]) == (
        "otrygg_plats.vegetation"
    )
    with pytest.raises(EstError, match="choose what you saw"):
        save_field_report(demo_store, LOCAL_ADMIN, _report(org, kind="trygghetsvandring", category_code="ordning.brak"))


def test_reporters_report_only_for_their_own_organisation(demo_store: Store) -> None:
    own = _org(demo_store, "Nattvandrarna Östersund (demo)")
    other = _org(demo_store, "Storsjöhem (demo)")
    with pytest.raises(PermissionDeniedError):
        save_field_report(demo_store, Viewer("w@x.se", Role.RAPPORTOR, own), _report(other))
    with pytest.raises(PermissionDeniedError):
        save_field_report(demo_store, Viewer("l@x.se", Role.LASARE, own), _report(own))
    with pytest.raises(EstError, match="choose the organisation"):
        save_field_report(demo_store, LOCAL_ADMIN, _report(None))


def test_positions_times_and_texts_are_checked_with_the_fix_in_the_message(demo_store: Store) -> None:
    org = _org(demo_store, "Nattvandrarna Östersund (demo)")
    assert parse_position("63,1775; 14,6370") == CENTRUM
    with pytest.raises(EstError, match="swapped"):
        parse_position("14.6370, 63.1775")
    with pytest.raises(EstError, match="outside Sweden"):
        parse_position("48.85, 2.35")
    with pytest.raises(EstError, match="latitude, longitude"):
        parse_position("Storgatan 1")
    with pytest.raises(EstError, match="in the future"):
        save_field_report(demo_store, LOCAL_ADMIN, _report(org, occurred_at=NOW + timedelta(hours=2)))
    with pytest.raises(EstError, match="under 1000"):
        save_field_report(demo_store, LOCAL_ADMIN, _report(org, text="x" * 1001))


@pytest.mark.file_store  # holds the file's write lock
def test_a_failed_save_stores_nothing_and_says_the_database_is_busy(demo_store: Store) -> None:
    org = _org(demo_store, "Nattvandrarna Östersund (demo)")
    before = demo_store.value("SELECT count(*) FROM incidents")
    with _database_held_by_another_process(demo_store), pytest.raises(DatabaseBusyError):
        save_field_report(demo_store, LOCAL_ADMIN, _report(org))
    assert demo_store.value("SELECT count(*) FROM incidents") == before


def test_walks_show_effort_even_where_nothing_happened(demo_store: Store) -> None:
    org = _org(demo_store, "Nattvandrarna Östersund (demo)")
    walker = Viewer("w@x.se", Role.RAPPORTOR, org)
    quiet = start_walk(demo_store, walker, "nattvandring", area_codes=("OST02", "OST03"))
    stop_walk(demo_store, walker, quiet)
    busy = start_walk(demo_store, walker, "nattvandring", area_codes=("OST02",))
    save_field_report(demo_store, walker, _report(org, walk_id=busy))  # in Centrum (OST01)
    stop_walk(demo_store, walker, busy)
    with demo_store.reading() as reader:
        set_id = int(reader.value("SELECT id FROM area_sets WHERE is_default"))
        today = local_today()  # the walks start now, in Swedish time (a UTC clock is a day behind 23-24 h)
        effort = walk_effort(reader, set_id, Period(today - timedelta(days=1), today + timedelta(days=1)))
    by_code = {r.code: (int(r.walks), int(r.reports)) for r in effort.itertuples()}
    assert by_code["OST02"] == (2, 0)  # "2 vandringar i området, 0 händelser"
    assert by_code["OST03"] == (1, 0)
    assert by_code["OST01"] == (1, 1)  # the report's area joined the walk's route
    assert by_code["OST04"] == (0, 0)
    with pytest.raises(PermissionDeniedError):
        stop_walk(demo_store, Viewer("o@x.se", Role.RAPPORTOR, org + 1), busy)


# -- the page ---------------------------------------------------------------------------------------------


def _field(at: Any, widgets: str, field: str) -> Any:
    """The form's widget for ``field`` (its key carries the form's generation: ``faltrapport_text_0``)."""
    return next(w for w in getattr(at, widgets) if re.fullmatch(f"faltrapport_{field}_[0-9]+", w.key or ""))


def _open_form(app_test: Callable[..., Any], store: Store) -> Any:
    at = app_test(store, page="faltrapport")
    at.run()
    assert not at.exception, at.exception
    at.selectbox(key="faltrapport_org").set_value(_org(store, "Nattvandrarna Östersund (demo)")).run()
    return at


def test_page_saves_a_report_from_a_map_tap(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = _open_form(app_test, demo_store)
    component = at.get("component_instance")[0]
    map_key = json.loads(component.proto.json_args)["key"]
    at.session_state[map_key] = {"last_clicked": {"lat": CENTRUM[0], "lng": CENTRUM[1]}}
    at.run()
    assert _field(at, "text_input", "position").value == "63.177500, 14.637000"
    _field(at, "radio", "category").set_value("skadegorelse.klotter")
    _field(at, "text_area", "text").set_value("Nytt klotter på elskåpet, vaktbolaget 070-123 45 67")
    _field(at, "button", "save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Centrum" in at.success[0].value
    # What was masked is named in the page's language, not by its internal code.
    assert at.success[0].value.endswith("Personuppgifter togs bort ur texten: telefonnummer.")
    row = demo_store.rows(
        "SELECT i.category_code, i.description, f.position_source FROM incidents i "
        "JOIN field_reports f ON f.incident_id = i.id"
    )
    assert row == [("skadegorelse.klotter", "Nytt klotter på elskåpet, vaktbolaget [telefon]", "map")]
    # The form is ready for the next report: text and category cleared, the organisation kept.
    assert _field(at, "text_area", "text").value == ""
    assert _field(at, "radio", "category").value is None
    assert at.selectbox(key="faltrapport_org").value is not None


@pytest.mark.file_store  # holds the file's write lock
def test_page_keeps_what_was_typed_when_the_save_fails(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = _open_form(app_test, demo_store)
    _field(at, "text_input", "position").set_value("63.1775, 14.6370")
    _field(at, "radio", "category").set_value("ordning.brak")
    _field(at, "text_area", "text").set_value("Bråk vid busshållplatsen")
    at.run()
    before = demo_store.value("SELECT count(*) FROM incidents")
    with _database_held_by_another_process(demo_store):
        _field(at, "button", "save").click().run()
    assert not at.exception
    assert "kunde inte sparas" in at.error[0].value
    assert _field(at, "text_area", "text").value == "Bråk vid busshållplatsen"
    assert _field(at, "text_input", "position").value == "63.1775, 14.6370"
    assert _field(at, "radio", "category").value == "ordning.brak"
    assert demo_store.value("SELECT count(*) FROM incidents") == before
    # Once the other program lets go, the same press saves exactly one report.
    _field(at, "button", "save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success
    assert demo_store.value("SELECT count(*) FROM incidents") == before + 1
    assert demo_store.value("SELECT description FROM incidents ORDER BY id DESC LIMIT 1") == "Bråk vid busshållplatsen"


def test_page_without_position_or_category_says_what_is_missing(
    demo_store: Store, app_test: Callable[..., Any]
) -> None:
    at = _open_form(app_test, demo_store)
    _field(at, "text_area", "text").set_value("Något hände")
    _field(at, "button", "save").click().run()
    assert "tryck på kartan" in at.error[0].value
    assert _field(at, "text_area", "text").value == "Något hände"
    _field(at, "text_input", "position").set_value("63.1775, 14.6370")
    _field(at, "button", "save").click().run()
    assert "välj vad du såg" in at.error[0].value


def test_page_starts_and_stops_a_walk(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = _open_form(app_test, demo_store)
    at.multiselect(key="faltrapport_route").set_value(["OST02"])
    at.button(key="faltrapport_walk_start").click().run()
    assert not at.exception
    assert any("Vandring pågår" in i.value for i in at.info)
    at.button(key="faltrapport_walk_stop").click().run()
    assert demo_store.value("SELECT count(*) FROM walks WHERE ended_at IS NOT NULL") == 1
    assert demo_store.value("SELECT count(*) FROM walk_areas") == 1
