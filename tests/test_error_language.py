"""Domain errors reach a Swedish page in Swedish and an English page in English (the CLI keeps English)."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from est.access.auth import LOCAL_ADMIN
from est.errors import EstError
from est.meeting.actions import set_status
from est.store import Store
from tests.test_actions import _action
from tests.test_meetings import build_town


def _invalid_action_script() -> None:
    from datetime import date

    import streamlit as st

    from est import ui
    from est.access.auth import LOCAL_ADMIN
    from est.meeting.actions import NewAction, create_action

    set_id = int(st.session_state["set_id"])
    owner = int(st.session_state["owner"])
    bad = NewAction(set_id, "A", "patrull", "Kvällspatrull", owner, date(2026, 9, 10), date(2026, 9, 1))
    with ui.guard(), ui.get_store().writing() as w:
        create_action(w, LOCAL_ADMIN, bad)
    st.write("not reached")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", "klart-datumet 2026-09-01 ligger före startdatumet 2026-09-10; byt plats på dem"),
        ("en", "the due date 2026-09-01 is before the start date 2026-09-10; swap them"),
    ],
)
def test_a_page_shows_the_domain_error_in_its_language(empty_store: Store, monkeypatch, lang, expected) -> None:
    town = build_town(empty_store)
    monkeypatch.setenv("EST_DB", empty_store.database)
    at = AppTest.from_function(_invalid_action_script, default_timeout=60)
    at.session_state["set_id"] = town["set_id"]
    at.session_state["owner"] = town["housing"]
    at.session_state["app_lang"] = lang
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [expected]
    assert not at.markdown  # the guard stopped the page
    with empty_store.reading() as r:
        assert r.value("SELECT count(*) FROM actions") == 0


def test_meeting_and_action_errors_have_a_swedish_message(empty_store: Store) -> None:
    from est.meeting.actions import create_action
    from est.meeting.meetings import set_area_status

    town = build_town(empty_store)
    with pytest.raises(EstError) as unknown, empty_store.writing() as w:
        set_status(w, LOCAL_ADMIN, 999, "klar", on=date(2026, 9, 1))
    assert unknown.value.text("sv") == "åtgärden 999 finns inte"
    assert str(unknown.value) == unknown.value.text("en") == "action 999 does not exist"
    with pytest.raises(EstError) as empty, empty_store.writing() as w:
        create_action(w, LOCAL_ADMIN, _action(town, what=" "))
    assert empty.value.text("sv") == "fältet 'Vad' behövs: skriv en kort beskrivning"
    with pytest.raises(EstError) as no_reason, empty_store.writing() as w:
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="gul", reason="")
    assert no_reason.value.text("sv").startswith("skriv en kort motivering")


def test_a_missing_meeting_names_the_meetings_that_exist(empty_store: Store, tmp_path, capsys) -> None:
    from est.cli import main
    from est.meeting.meetings import create_meeting

    town = build_town(empty_store)
    with empty_store.writing() as w:
        first = create_meeting(w, LOCAL_ADMIN, area_set_id=town["set_id"], held_on=date(2026, 11, 3))
        second = create_meeting(w, LOCAL_ADMIN, area_set_id=town["set_id"], held_on=date(2026, 11, 17))
    code = main(["report", "meeting", "99", "--out", str(tmp_path / "m.pdf"), "--db", empty_store.database])
    assert code != 0
    err = capsys.readouterr().err
    assert f"meeting 99 does not exist; the latest meetings are: {second} (2026-11-17), {first} (2026-11-03)" in err
    assert not (tmp_path / "m.pdf").exists()


def test_a_bad_date_in_the_address_is_explained_in_swedish(demo_store: Store, app_test) -> None:
    at = app_test(demo_store, page="lagesbild", query={"from": "2026-13-01"})
    at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "'from=2026-13-01' i adressen är inget datum; skriv det som 2026-11-16" in shown


def test_account_and_police_file_errors_have_their_swedish_text(empty_store: Store) -> None:
    from est.access.accounts import check_password_policy
    from est.intake.police import parse_events_bytes

    with pytest.raises(EstError) as short:
        check_password_policy("anna", "kort")
    assert short.value.text("sv").startswith("lösenordet är för kort: använd minst")
    with pytest.raises(EstError) as broken:
        parse_events_bytes("handelser.json", b"[{")
    assert broken.value.text("sv").startswith("handelser.json är inte JSON (")
    assert str(broken.value).startswith("handelser.json is not JSON (")
