"""A patrol plan saved to a meeting, its visits logged, planned against done, and the plan as an action."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import EstError, PermissionDeniedError
from est.meeting.actions import set_status
from est.meeting.evaluation import evaluate_action
from est.meeting.meetings import create_meeting
from est.meeting.patrols import list_plans, log_visit, plan_follow_up, save_plan
from est.periods import Period
from est.picture.patrol import PatrolPlan, Place, Slot
from est.store import Store
from tests.analysis_data import make_world

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

TODAY = date(2026, 11, 27)  # a Friday: the plan is for the week of Monday 2026-11-30
ALFA = Place(None, "A", "Alfa", 63.005, 14.005)
BETA = Place(None, "B", "Beta", 63.005, 14.015)
PLAN = PatrolPlan(date(2026, 10, 26), date(2026, 11, 22), (Slot(ALFA, 5, 21, 24, 3.0), Slot(BETA, 2, 9, 12, 1.0)))


def _saved(store: Store) -> tuple[int, int]:
    orgs = make_world(store)
    with store.writing() as w:
        set_id = int(w.value("SELECT id FROM area_sets"))
        meeting = create_meeting(w, LOCAL_ADMIN, held_on=TODAY, area_set_id=set_id, title="Veckomöte")
        plan = save_plan(
            w,
            LOCAL_ADMIN,
            PLAN,
            area_set_id=set_id,
            meeting_id=meeting,
            owner_organisation_id=orgs["Polisen"],
            today=TODAY,
            categories=("skadegorelse.klotter",),
        )
    return meeting, plan


def test_a_saved_plan_is_the_meetings_action_for_next_week(empty_store: Store) -> None:
    meeting, plan = _saved(empty_store)
    with empty_store.reading() as r:
        [summary] = list_plans(r, meeting_id=meeting)
    assert (summary.id, summary.week_label, summary.windows, summary.visits) == (plan, "2026-W49", 2, 0)
    action = empty_store.rows(
        "SELECT a.action_type, a.area_code, a.meeting_id, a.start_on, a.due_on, a.category_code, a.what "
        "FROM actions a JOIN patrol_plans p ON p.action_id = a.id WHERE p.id = ?",
        [plan],
    )[0]
    assert action[:6] == ("patrull", "A", meeting, date(2026, 11, 30), date(2026, 12, 6), "skadegorelse.klotter")
    assert action[6].startswith("Patrull- och vandringsplan vecka 49 2026: 2 besöksfönster, först Alfa")


def test_visits_in_their_window_are_done_and_others_are_kept(empty_store: Store) -> None:
    _meeting, plan = _saved(empty_store)
    night_walker = Viewer("nv@example.se", Role.RAPPORTOR, 1)
    friday = datetime(2026, 12, 4, 22, 15)
    with empty_store.writing() as w:
        log_visit(w, night_walker, plan, 1, friday, 15, "Lugnt, ring 070-123 45 67 om det händer något")
        log_visit(w, night_walker, plan, 1, friday + timedelta(minutes=80), 10)
        log_visit(w, night_walker, plan, 1, friday - timedelta(hours=3), 12)  # 19:15: not in 21–24
        log_visit(w, LOCAL_ADMIN, plan, 2, datetime(2026, 11, 24, 10, 0), 20)  # Tuesday of the week before
    with empty_store.reading() as r:
        follow = plan_follow_up(r, plan)
    assert follow[["rank", "label", "done", "minutes", "other"]].values.tolist() == [
        [1, "Alfa", 2, 25, 1],
        [2, "Beta", 0, 0, 1],
    ]
    notes = [n for (n,) in empty_store.rows("SELECT note FROM patrol_visits WHERE note IS NOT NULL")]
    assert notes == ["Lugnt, ring [telefon] om det händer något"]
    assert (
        empty_store.value("SELECT DISTINCT organisation_id FROM patrol_visits WHERE created_by = 'nv@example.se'") == 1
    )


@pytest.mark.parametrize(
    ("rank", "when", "minutes", "message"),
    [
        (3, datetime(2026, 12, 4, 22), 15, "has no visit window 3"),
        (1, datetime(2026, 12, 4, 22), 0, "give 1 to 240 minutes"),
        (1, datetime(2026, 12, 4, 22), 241, "give 1 to 240 minutes"),
        (1, datetime.now() + timedelta(days=2), 15, "is in the future"),
    ],
)
def test_a_bad_visit_is_refused_and_says_the_fix(
    empty_store: Store, rank: int, when: datetime, minutes: int, message: str
) -> None:
    _meeting, plan = _saved(empty_store)
    with pytest.raises(EstError, match=message), empty_store.writing() as w:
        log_visit(w, LOCAL_ADMIN, plan, rank, when, minutes)
    assert empty_store.value("SELECT count(*) FROM patrol_visits") == 0


def test_only_the_group_saves_plans_and_a_reader_logs_no_visit(empty_store: Store) -> None:
    meeting, plan = _saved(empty_store)
    with pytest.raises(PermissionDeniedError), empty_store.writing() as w:
        save_plan(
            w,
            Viewer("nv@example.se", Role.RAPPORTOR, 1),
            PLAN,
            area_set_id=1,
            meeting_id=meeting,
            owner_organisation_id=1,
            today=TODAY,
        )
    with pytest.raises(PermissionDeniedError), empty_store.writing() as w:
        log_visit(w, Viewer("lasse@example.se", Role.LASARE), plan, 1, datetime(2026, 12, 4, 22), 15)


def test_the_plan_is_evaluated_before_and_after_like_any_action(empty_store: Store) -> None:
    _meeting, plan = _saved(empty_store)
    action = int(empty_store.value("SELECT action_id FROM patrol_plans WHERE id = ?", [plan]))
    with empty_store.writing() as w:
        set_status(w, LOCAL_ADMIN, action, "klar", on=date(2026, 12, 6))
    with empty_store.reading() as r:
        evaluation = evaluate_action(r, action, date(2027, 2, 1))
    assert evaluation.verdict == "small" and evaluation.after is not None  # too few incidents: said in words


def test_the_next_meeting_follows_up_the_plan_for_its_weeks(empty_store: Store) -> None:
    first, plan = _saved(empty_store)
    with empty_store.writing() as w:
        set_id = int(w.value("SELECT id FROM area_sets"))
        second = create_meeting(w, LOCAL_ADMIN, held_on=TODAY + timedelta(days=14), area_set_id=set_id)
    with empty_store.reading() as r:
        meeting_period = Period(TODAY, TODAY + timedelta(days=14))
        assert [p.id for p in list_plans(r, meeting_id=second, weeks_in=meeting_period)] == [plan]
        assert [p.id for p in list_plans(r, meeting_id=second)] == []
        assert [p.id for p in list_plans(r, meeting_id=first)] == [plan]
