"""The Mötesläge and Åtgärder pages through the real app (AppTest): closing needs a confirmation, the
wording says what is true (first meeting, where the form is, a shareable address), and the free-text
inputs say that personal data must not be written."""

from __future__ import annotations

from datetime import date
from typing import Any

from est.access.auth import LOCAL_ADMIN
from est.meeting.actions import create_action
from est.meeting.meetings import create_meeting, get_meeting
from est.store import Store
from tests.test_actions import _action
from tests.test_meetings import _button, build_town

PRIVACY_WORDS = ("personuppgifter", "namn", "telefonnummer", "personnummer", "e-post", "registreringsnummer",
                 "maskeras automatiskt")  # fmt: skip


def test_closing_a_meeting_needs_a_ticked_confirmation(empty_store: Store, app_test: Any) -> None:
    town = build_town(empty_store)
    with empty_store.writing() as w:
        create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
    at = app_test(empty_store, page="mote", query={"meeting": "1", "screen": "0"})
    at.run()
    assert not at.exception, at.exception
    assert any("kan inte öppnas igen" in c.value for c in at.caption)  # says what closing means
    assert _button(at, "Stäng mötet och frys underlaget").disabled  # nothing to click until confirmed
    with empty_store.reading() as r:
        assert not get_meeting(r, 1).is_closed
    confirm = at.checkbox(key="mote_close_confirm_1")
    assert confirm.label == "Jag vill stänga mötet: siffrorna fryses och kan inte ändras"
    confirm.check().run()
    assert not _button(at, "Stäng mötet och frys underlaget").disabled
    _button(at, "Stäng mötet och frys underlaget").click().run()
    assert not at.exception, at.exception
    assert any("Mötet är stängt" in s.value for s in at.success)
    with empty_store.reading() as r:
        assert get_meeting(r, 1).is_closed
    assert not [b for b in at.button if b.label == "Stäng mötet och frys underlaget"]  # no reopening either


def test_first_meeting_is_not_since_a_last_one_and_the_address_names_the_screen(
    empty_store: Store, app_test: Any
) -> None:
    town = build_town(empty_store)
    with empty_store.writing() as w:
        create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
        create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 17), area_set_id=town["set_id"])
    at = app_test(empty_store, page="mote")
    at.run()
    assert not at.exception, at.exception
    # The newest meeting is shown, and the address says so (the caption promises a shareable address).
    assert "Sedan förra mötet: 2026-11-10 – 2026-11-16" in [s.value for s in at.subheader]
    assert at.query_params["meeting"] in ("2", ["2"]) and at.query_params["screen"] in ("0", ["0"])
    assert not any("?meeting=" in c.value for c in at.caption)
    at = app_test(empty_store, page="mote", query={"meeting": "1"})
    at.run()
    subheaders = [s.value for s in at.subheader]
    assert "Första mötet: senaste 7 dagarna, 2026-11-03 – 2026-11-09" in subheaders
    assert not any("förra mötet" in s for s in subheaders)


def test_no_meeting_yet_points_to_the_form_where_it_is(empty_store: Store, app_test: Any) -> None:
    build_town(empty_store)
    at = app_test(empty_store, page="mote")
    at.run()
    assert not at.exception, at.exception
    message = at.info[0].value
    assert "ovan" in message and "nedan" not in message  # the form is rendered above the message
    assert at.expander[0].label == "Nytt möte"


def test_free_text_inputs_say_personal_data_is_masked(empty_store: Store, app_test: Any) -> None:
    town = build_town(empty_store)
    with empty_store.writing() as w:
        create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
        create_action(w, LOCAL_ADMIN, _action(town))
    at = app_test(empty_store, page="mote", query={"meeting": "1", "screen": "1"})
    at.run()
    assert not at.exception, at.exception
    helps = {
        "meeting title": at.text_input(key="mote_new_title").help,
        "status reason": at.text_input(key="mote_reason_B").help,
    }
    actions = app_test(empty_store, page="atgarder")
    actions.run()
    assert not actions.exception, actions.exception
    helps |= {
        "what": actions.text_input(key="atgarder_what").help,
        "place": actions.text_input(key="atgarder_place").help,
        "focus area": actions.text_input(key="atgarder_focus_name").help,
        "follow-up note": actions.text_area(key="atgarder_follow_note").help,
    }
    for field, help_text in helps.items():
        assert help_text and all(word in help_text for word in PRIVACY_WORDS), f"{field}: {help_text!r}"
    english = app_test(empty_store, page="atgarder", query={"lang": "en"})
    english.run()
    assert "personnummer" in english.text_input(key="atgarder_what").help
    assert "masked automatically" in english.text_input(key="atgarder_what").help
