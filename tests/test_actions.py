"""The action register (overdue, follow-up, focus-area progress) and the before/after evaluation, checked
against hand-computed values on constructed data."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import EstError, PermissionDeniedError
from est.meeting.actions import (
    NewAction,
    add_focus_area,
    add_note,
    create_action,
    focus_area_progress,
    get_action,
    list_notes,
    overdue_actions,
    set_status,
)
from est.meeting.evaluation import binomial_two_sided, evaluate_action
from est.meeting.meetings import create_meeting, current_statuses, get_meeting, set_area_status
from est.periods import Period
from est.store import Store
from tests.test_meetings import add_incidents, build_town

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store


def _action(town: dict[str, int], area: str = "A", **changes: object) -> NewAction:
    fields: dict[str, object] = {
        "area_set_id": town["set_id"],
        "area_code": area,
        "action_type": "klottersanering",
        "what": "Sanera klotter",
        "owner_organisation_id": town["housing"],
        "start_on": date(2026, 9, 1),
        "due_on": date(2026, 9, 15),
    }
    fields.update(changes)
    return NewAction(**fields)  # type: ignore[arg-type]


def test_overdue_follow_up_and_progress_per_focus_area(empty_store: Store) -> None:
    town = build_town(empty_store)
    with empty_store.writing() as w:
        drugs = add_focus_area(w, LOCAL_ADMIN, "Droger", 2026)
        traffic = add_focus_area(w, LOCAL_ADMIN, "Trafiksäkerhet", 2026)
        assert add_focus_area(w, LOCAL_ADMIN, "Droger") == drugs  # same name: same focus area
        a1 = create_action(w, LOCAL_ADMIN, _action(town, focus_area_id=drugs, in_action_plan=True))
        a2 = create_action(w, LOCAL_ADMIN, _action(town, "B", focus_area_id=drugs, due_on=date(2026, 12, 1)))
        a3 = create_action(w, LOCAL_ADMIN, _action(town, "C", focus_area_id=traffic, action_type="patrull"))
        create_action(w, LOCAL_ADMIN, _action(town, "C", action_type="belysning", due_on=date(2026, 9, 30)))
        set_status(w, LOCAL_ADMIN, a3, "klar", on=date(2026, 9, 14), note="Klart före utsatt tid")
        add_note(w, LOCAL_ADMIN, a1, "Försenad: leverantören har inte kommit")
        set_status(w, LOCAL_ADMIN, a2, "pagar", on=date(2026, 9, 20))
    on = date(2026, 10, 1)
    with empty_store.reading() as r:
        overdue = overdue_actions(r, town["set_id"], on)
        progress = focus_area_progress(r, on).set_index("focus_area", drop=False)
        notes = list_notes(r, a1)
        done = get_action(r, a3)
    # a1 (due 15/9, planned) and the lighting action (due 30/9) are overdue; a2 is due later, a3 is done.
    assert sorted(overdue["action_type"]) == ["belysning", "klottersanering"]
    assert done["status"] == "klar" and done["finished_on"] == date(2026, 9, 14)
    assert notes["note"].tolist() == ["Försenad: leverantören har inte kommit"]
    droger = progress.loc["Droger"]
    assert (droger["total"], droger["planerad"], droger["pagar"], droger["overdue"], droger["in_action_plan"]) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert progress.loc["Trafiksäkerhet", "done_share"] == 1.0
    assert progress["focus_area"].isna().sum() == 1  # the action without a focus area is still counted
    assert int(progress["total"].sum()) == 4


def test_action_fields_are_validated_and_need_the_role(empty_store: Store) -> None:
    town = build_town(empty_store)
    with pytest.raises(EstError, match="area 'X' is not in area set"), empty_store.writing() as w:
        create_action(w, LOCAL_ADMIN, _action(town, "X"))
    with pytest.raises(EstError, match="use one of: patrull"), empty_store.writing() as w:
        create_action(w, LOCAL_ADMIN, _action(town, action_type="magi"))
    with pytest.raises(EstError, match="needs 'what'"), empty_store.writing() as w:
        create_action(w, LOCAL_ADMIN, _action(town, what="  "))
    with pytest.raises(PermissionDeniedError), empty_store.writing() as w:
        create_action(w, Viewer("polis@example.se", Role.POLIS), _action(town))
    with empty_store.reading() as r:
        assert r.value("SELECT count(*) FROM actions") == 0


def test_personal_data_typed_at_a_meeting_is_masked_before_it_is_stored(empty_store: Store) -> None:
    town = build_town(empty_store)
    phone, plate = "070-123 45 67", "ABC 123"
    with empty_store.writing() as w:
        action_id = create_action(
            w,
            LOCAL_ADMIN,
            _action(town, what=f"Ring hyresgästen Anna Svensson på {phone}", place=f"P-plats vid {plate}"),
        )
        set_status(w, LOCAL_ADMIN, action_id, "pagar", on=date(2026, 9, 2), note=f"Vaktbolaget nås på {phone}")
        add_note(w, LOCAL_ADMIN, action_id, "Kontaktperson: Karl Berg, kalle.berg@example.se")
        meeting_id = create_meeting(
            w, LOCAL_ADMIN, area_set_id=town["set_id"], held_on=date(2026, 9, 3), title=f"Möte, frågor: {phone}"
        )
        set_area_status(
            w,
            LOCAL_ADMIN,
            area_set_id=town["set_id"],
            area_code="A",
            status="gul",
            reason=f"Bilen {plate} brann, anmälaren heter Eva Lind",
            meeting_id=meeting_id,
        )
    with empty_store.reading() as r:
        action = get_action(r, action_id)
        notes = " | ".join(list_notes(r, action_id)["note"])
        reason = current_statuses(r, town["set_id"]).set_index("area_code").loc["A", "reason"]
        title = get_meeting(r, meeting_id).title
    stored = " | ".join([action["what"], action["place"], notes, reason, title or ""])
    for personal in (phone, plate, "Anna", "Karl Berg", "kalle.berg@example.se", "Eva Lind"):
        assert personal not in stored
    assert action["what"] == "Ring hyresgästen [namn] på [telefon]"
    assert "[e-post]" in notes and "[telefon]" in notes
    assert reason == "Bilen [regnr] brann, anmälaren heter [namn]"


def test_binomial_matches_hand_computed_values() -> None:
    # P(X <= 10) for Bin(40, 0.5) is 0.0011108; two-sided (symmetric) 0.0022214.
    assert binomial_two_sided(10, 40, 0.5) == pytest.approx(0.0022214, abs=1e-6)
    # Bin(4, 0.5): P(0) = P(4) = 1/16, so k = 0 gives 2/16.
    assert binomial_two_sided(0, 4, 0.5) == pytest.approx(0.125)
    assert binomial_two_sided(2, 4, 0.5) == pytest.approx(1.0)


def test_before_after_against_the_rest_of_the_kommun(empty_store: Store) -> None:
    town = build_town(empty_store)
    klotter = "skadegorelse.klotter"
    rows = (
        [("A", "2026-08-01 21:00", klotter)] * 30  # before, in the area
        + [("A", "2026-10-01 21:00", klotter)] * 10  # after, in the area
        + [("A", "2026-09-05 21:00", klotter)] * 7  # during the action: in neither window
        + [("A", "2026-07-06 21:00", klotter)] * 5  # the day before the before window
        + [("A", "2026-08-01 21:00", "ordning.brak")] * 9  # another category
        + [("B", "2026-08-01 21:00", klotter)] * 50  # control, before
        + [("OUT", "2026-08-02 21:00", "skadegorelse.glaskross")] * 50  # control outside every area, before
        + [("C", "2026-10-02 21:00", klotter)] * 100  # control, after
    )
    add_incidents(empty_store, town, rows)
    with empty_store.writing() as w:
        action = create_action(w, LOCAL_ADMIN, _action(town, category_code="skadegorelse"))
        set_status(w, LOCAL_ADMIN, action, "klar", on=date(2026, 9, 15))
    with empty_store.reading() as r:
        result = evaluate_action(r, action, date(2026, 12, 1))
    # 56-day windows: before [7 Jul, 1 Sep), after [15 Sep, 10 Nov).
    assert result.before == Period(date(2026, 7, 7), date(2026, 9, 1))
    assert result.after == Period(date(2026, 9, 15), date(2026, 11, 10))
    assert (result.area_before, result.area_after, result.control_before, result.control_after) == (30, 10, 100, 100)
    assert result.area_change == pytest.approx(-2 / 3)
    assert result.control_change == 0
    assert result.p_value == pytest.approx(0.0022214, abs=1e-6)
    assert result.verdict == "clear"
    assert "minskade antalet med 67" in result.text and "oförändrat" in result.text
    assert "inte att åtgärden var orsaken" in result.text


def test_small_numbers_and_early_or_unfinished_actions_are_worded_honestly(empty_store: Store) -> None:
    town = build_town(
        empty_store, [("C", "2026-08-20 21:00", "ordning.brak")] * 3 + [("C", "2026-09-20 21:00", "ordning.brak")] * 2
    )
    with empty_store.writing() as w:
        small = create_action(w, LOCAL_ADMIN, _action(town, "C"))
        set_status(w, LOCAL_ADMIN, small, "klar", on=date(2026, 9, 15))
        early = create_action(w, LOCAL_ADMIN, _action(town, "B"))
        set_status(w, LOCAL_ADMIN, early, "klar", on=date(2026, 11, 25))
        ongoing = create_action(w, LOCAL_ADMIN, _action(town, "A"))
    with empty_store.reading() as r:
        few = evaluate_action(r, small, date(2026, 12, 1))
        too_early = evaluate_action(r, early, date(2026, 12, 1))
        not_done = evaluate_action(r, ongoing, date(2026, 12, 1), lang="en")
    assert (few.verdict, few.area_before, few.area_after, few.p_value) == ("small", 3, 2, None)
    assert few.text.startswith("För få problem för att dra slutsatser: 3 före och 2 efter")
    assert too_early.verdict == "too_early" and "6 dagar" in too_early.text
    assert not_done.verdict == "not_finished" and "not finished" in not_done.text


def test_follow_up_on_the_actions_page_marks_done_and_shows_the_evaluation(empty_store: Store, app_test: Any) -> None:
    town = build_town(empty_store, [("C", "2026-08-20 21:00", "ordning.brak")] * 3)
    with empty_store.writing() as w:
        action = create_action(w, LOCAL_ADMIN, _action(town, "C", start_on=date(2026, 9, 1), due_on=date(2026, 9, 5)))
    at = app_test(empty_store, page="atgarder")
    at.run()
    assert not at.exception, at.exception
    at.selectbox(key="atgarder_follow_action").set_value(action)
    at.selectbox(key="atgarder_follow_status").set_value("klar")
    at.text_area(key="atgarder_follow_note").set_value("Buskarna är röjda")
    next(b for b in at.button if b.label == "Spara uppföljning").click().run()
    assert not at.exception, at.exception
    with empty_store.reading() as r:
        assert get_action(r, action)["status"] == "klar"
        assert list_notes(r, action)["note"].tolist() == ["Buskarna är röjda"]
    table = next(d.value for d in at.dataframe if "Vad" in d.value.columns)
    assert table["Status"].tolist() == ["Klar"] and table["Uppföljning"].tolist() == [1]
    assert any("För tidigt att utvärdera" in m.value for m in at.markdown)  # done today: no after data yet


def test_every_action_edit_is_in_the_audit_log(empty_store: Store) -> None:
    town = build_town(empty_store)
    with empty_store.writing() as w:
        focus = add_focus_area(w, LOCAL_ADMIN, "Droger", 2026)
        action_id = create_action(w, LOCAL_ADMIN, _action(town, focus_area_id=focus))
        note_id = add_note(w, LOCAL_ADMIN, action_id, "Leverantören kommer vecka 40")
        set_status(w, LOCAL_ADMIN, action_id, "klar", on=date(2026, 9, 30), note="Klart")
    logged = empty_store.rows("SELECT actor, action, target, rows, detail FROM audit_log ORDER BY id")
    assert [(a, act, target, n) for a, act, target, n, _ in logged] == [
        ("local", "edit", f"focus area {focus}", 1),
        ("local", "edit", f"action {action_id}", 1),
        ("local", "edit", f"action {action_id}", 1),
        ("local", "edit", f"action {action_id}", 1),
    ]
    details = [json.loads(d) for *_, d in logged]
    assert details[1] == {"created": True, "area": "A", "type": "klottersanering"}
    assert details[2] == {"note": note_id} and details[3] == {"status": "klar"}
    assert "Leverantören" not in " ".join(d for *_, d in logged)  # no free text in the audit log
