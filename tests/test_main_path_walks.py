"""Nattvandring and Trygghetsvandring are action types."""

from __future__ import annotations

from datetime import date

import pytest

from est.access.auth import LOCAL_ADMIN
from est.areas.sets import get_area_set
from est.i18n import t
from est.meeting.actions import ACTION_TYPES, NewAction, create_action, list_actions
from tests.analysis_data import week_world


@pytest.fixture
def world(empty_store):
    return week_world(empty_store)


def test_night_and_safety_walks_are_action_types(world) -> None:
    assert {"nattvandring", "trygghetsvandring"} <= set(ACTION_TYPES)
    assert t("actions.type.nattvandring", "sv") == "Nattvandring"
    assert t("actions.type.trygghetsvandring", "sv") == "Trygghetsvandring"
    with world.writing() as w:
        set_id = get_area_set(w, None).id
        walk = NewAction(set_id, "A", "trygghetsvandring", "Kvällsvandring", 1, date(2026, 3, 2), date(2026, 3, 30))
        create_action(w, LOCAL_ADMIN, walk)
    with world.reading() as r:
        assert list_actions(r, set_id)["action_type"].tolist() == ["trygghetsvandring"]
