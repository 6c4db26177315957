"""The actions PDF counts exactly the actions it lists: the progress per focus area and the list of the
period come from the same rows (an action starting after the period is neither listed nor counted)."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from est.access.auth import LOCAL_ADMIN
from est.meeting.actions import add_focus_area, create_action, set_status
from est.meeting.reports import actions_report
from est.periods import Period
from est.store import Store
from tests.test_actions import _action
from tests.test_meetings import build_town


def _lines(pdf: bytes) -> list[str]:
    return [
        " ".join(line.split()) for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().split("\n")
    ]


def test_progress_counts_exactly_the_actions_listed_for_the_period(empty_store: Store) -> None:
    town = build_town(empty_store)
    with empty_store.writing() as w:
        drugs = add_focus_area(w, LOCAL_ADMIN, "Droger", 2026)
        add_focus_area(w, LOCAL_ADMIN, "Trafik", 2026)  # nothing done there in the period: a row of zeros
        running = create_action(
            w,
            LOCAL_ADMIN,
            _action(town, "A", what="Röja buskage", focus_area_id=drugs, start_on=date(2026, 11, 2),
                    due_on=date(2026, 11, 6)),
        )  # fmt: skip
        create_action(
            w,
            LOCAL_ADMIN,
            _action(town, "B", what="Senare åtgärd", focus_area_id=drugs, start_on=date(2026, 11, 20),
                    due_on=date(2026, 12, 1)),
        )  # fmt: skip
        old = create_action(
            w,
            LOCAL_ADMIN,
            _action(town, "C", what="Gammal åtgärd", in_action_plan=True, start_on=date(2026, 9, 1),
                    due_on=date(2026, 9, 10)),
        )  # fmt: skip
        set_status(w, LOCAL_ADMIN, old, "klar", on=date(2026, 9, 10))
        set_status(w, LOCAL_ADMIN, running, "pagar", on=date(2026, 11, 3))
    week = Period(date(2026, 11, 2), date(2026, 11, 9))
    with empty_store.reading() as r:
        pdf, listed = actions_report(r, week, date(2026, 11, 28))
    lines = _lines(pdf)
    text = "\n".join(lines)
    assert listed == 1
    assert "Röja buskage" in text and "Senare åtgärd" not in text and "Gammal åtgärd" not in text
    # Focus area, total, planerad, pågår, klar, avbruten, försenade, i åtgärdsplanen.
    assert "Droger 1 0 1 0 0 1 0" in lines  # the later action is not counted, the listed one is overdue
    assert "Trafik 0 0 0 0 0 0 0" in lines
    assert not any(line.startswith("(ingen)") for line in lines)  # the old action is outside the period
