"""The patrol and walk plan: aoristic weights by hand, a planted peak ranked first, areas or cells, PDF, CLI."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pypdf
import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.meeting.patrol_pdf import patrol_plan_pdf
from est.periods import Period, complete_weeks, local_today
from est.picture.filters import Filters
from est.picture.hotspots import cell_of
from est.picture.patrol import BLOCKS, aoristic_weights, plan_patrols, plan_patrols_for
from est.store import Store
from tests.analysis_data import POINTS, add, make_world
from tests.test_import_cli import est

TODAY = date(2026, 12, 5)  # a Saturday: the history is the four weeks 2026-11-02 … 2026-11-29
FRIDAYS = [date(2026, 11, 6) + timedelta(weeks=k) for k in range(4)]


def _weights(start: str, end: str | None) -> dict[int, float]:
    w = aoristic_weights(np.array([start], "datetime64[m]"), np.array([end or "NaT"], "datetime64[m]"))
    assert w.shape == (1, BLOCKS) and w.sum() == pytest.approx(1.0)
    return {int(i): round(float(w[0, i]), 6) for i in np.flatnonzero(w[0])}


def test_a_night_from_22_to_06_spreads_over_three_blocks_by_its_minutes() -> None:
    # Tuesday 22:00 → Wednesday 06:00: 2 h of 8 in Tue 21–24 (block 1·8+7), 3 h in Wed 00–03 and in Wed 03–06
    assert _weights("2026-11-24T22:00", "2026-11-25T06:00") == {15: 0.25, 16: 0.375, 17: 0.375}


def test_a_point_in_time_and_a_window_across_sunday_night() -> None:
    assert _weights("2026-11-27T22:30", None) == {39: 1.0}  # Friday 21–24
    assert _weights("2026-11-27T22:30", "2026-11-27T22:30") == {39: 1.0}
    # Sunday 23:00 → Monday 02:00: one hour in Sun 21–24, two in Mon 00–03
    assert _weights("2026-11-29T23:00", "2026-11-30T02:00") == {
        55: pytest.approx(1 / 3, abs=1e-6),
        0: pytest.approx(2 / 3, abs=1e-6),
    }
    assert set(_weights("2026-11-01T00:00", "2026-11-20T00:00").values()) == {round(1 / 56, 6)}


def _world(store: Store) -> None:
    make_world(store)
    rows = []
    for friday in FRIDAYS:  # Alfa: 3 every Friday evening 21–24, Beta: 1 on Tuesday mornings
        rows += [(f"{friday}T22:{m:02d}:00+01:00", "A", "skadegorelse.klotter", 1) for m in (0, 10, 20)]
        rows.append((f"{friday - timedelta(days=3)}T09:00:00+01:00", "B", "ordning.brak", 1))
    rows.append(("2026-10-16T22:00:00+01:00", "A", "skadegorelse.klotter", 1))  # before the history: not counted
    add(store, rows)


def test_the_planted_friday_evening_peak_comes_first(empty_store: Store) -> None:
    _world(empty_store)
    set_id = int(empty_store.value("SELECT id FROM area_sets"))
    with empty_store.reading() as r:
        plan = plan_patrols(r, Filters(complete_weeks(TODAY, 4)), set_id, weeks=4, top=5, today=TODAY)
    assert (plan.date_from, plan.date_to) == (date(2026, 11, 2), date(2026, 11, 29))
    first, second = plan.slots
    assert (first.place.area, first.place.label, first.weekday, first.hour_from, first.hour_to) == (
        "A",
        "Alfa",
        5,
        21,
        24,
    )
    assert first.expected == 3.0 and first.place.cell is None
    assert (second.place.area, second.weekday, second.hour_from, second.expected) == ("B", 2, 9, 1.0)

    with empty_store.reading() as r:  # filtered on the category: only graffiti
        graffiti = plan_patrols(
            r, Filters(complete_weeks(TODAY, 4), categories=("skadegorelse",)), set_id, weeks=4, today=TODAY
        )
    assert [s.place.area for s in graffiti.slots] == ["A"]


def test_hot_cells_are_the_places_when_given(empty_store: Store) -> None:
    _world(empty_store)
    set_id = int(empty_store.value("SELECT id FROM area_sets"))
    cell = cell_of(*POINTS["A"])
    with empty_store.reading() as r:
        plan = plan_patrols(r, Filters(complete_weeks(TODAY, 4)), set_id, weeks=4, hot_cells=[cell], today=TODAY)
    assert [(s.place.cell, s.place.area, s.weekday, s.hour_from) for s in plan.slots] == [(cell, "A", 5, 21)]
    assert plan.slots[0].place.label.startswith("Alfa · ")


def test_a_reader_gets_areas_only(demo_store: Store) -> None:
    today = local_today()
    filters = Filters(complete_weeks(today, 4))
    with demo_store.reading() as r:
        for_reader = plan_patrols_for(r, Viewer("lasse@kommun.se", Role.LASARE), filters, today=today)
        for_group = plan_patrols_for(r, LOCAL_ADMIN, filters, today=today)
    assert for_reader.slots and all(s.place.cell is None for s in for_reader.slots)
    assert for_group.slots and all(s.place.cell is not None for s in for_group.slots)


def test_the_printed_plan_reads_back(empty_store: Store) -> None:
    _world(empty_store)
    set_id = int(empty_store.value("SELECT id FROM area_sets"))
    with empty_store.reading() as r:
        plan = plan_patrols(r, Filters(complete_weeks(TODAY, 4)), set_id, weeks=4, today=TODAY)
    text = pypdf.PdfReader(io.BytesIO(patrol_plan_pdf(plan, TODAY, categories=("Klotter",)))).pages[0].extract_text()
    assert "Patrull- och vandringsplan vecka 50" in text
    assert "Underlag: 2026-11-02 – 2026-11-29 (4 veckor), Klotter" in text
    assert "Alfa fredag 21–24 3,0" in text and "Beta tisdag 09–12 1,0" in text
    assert "10–15 minuter vid oförutsägbara tider" in text.replace("\n", " ")


def test_cli_patrol_plan_keeps_its_json_contract_and_writes_the_pdf(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    done = est("patrol-plan", "--top", "3", "--out", str(out), "--json", db=demo_store)
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    last = Period.inclusive(date.fromisoformat(plan["from"]), date.fromisoformat(plan["to"]))
    assert last.days == 28 and last.start.isoweekday() == 1
    assert len(plan["slots"]) == 3
    slot = plan["slots"][0]
    assert set(slot) == {"place", "weekday", "hour_from", "hour_to", "expected"}
    assert set(slot["place"]) == {"cell", "area", "label", "centroid"}
    assert 1 <= slot["weekday"] <= 7 and 0 <= slot["hour_from"] < slot["hour_to"] <= 24
    assert [s["expected"] for s in plan["slots"]] == sorted((s["expected"] for s in plan["slots"]), reverse=True)
    assert out.read_bytes()[:5] == b"%PDF-"

    bad = est("patrol-plan", "--weeks", "0", "--json", db=demo_store)
    assert bad.returncode == 2 and "give 1 to 52 complete weeks" in json.loads(bad.stdout)["error"]["message"]
