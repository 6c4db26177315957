"""EST meetings: "since last meeting", area status with history, the frozen snapshot, late arrivals, and the
whole meeting cycle through the real app (AppTest) on constructed data with known answers."""

from __future__ import annotations

from datetime import date
from typing import Any

import geopandas as gpd
import pytest
from shapely.geometry import box

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.areas.sets import AreaColumns, assign_incidents, save_area_set
from est.errors import EstError, PermissionDeniedError
from est.intake.dedup import link_in_place
from est.meeting.actions import NewAction, create_action
from est.meeting.meetings import (
    area_status_history,
    areas_table,
    close_meeting,
    create_meeting,
    get_meeting,
    meeting_view,
    set_area_status,
    snapshot_bytes,
)
from est.periods import Period
from est.store import Store

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

# Three made-up areas side by side (WGS84); an incident at each centre lands in that area.
AREAS = {"A": ("Åsen", 14.60), "B": ("Bäcken", 14.62), "C": ("Centrum", 14.64)}
LAT = 63.175


def centre(code: str) -> tuple[float, float]:
    return LAT, AREAS[code][1] + 0.01


def build_town(store: Store, incidents: list[tuple[str, ...]] | None = None) -> dict[str, Any]:
    """Areas A, B, C in set 'Testområden' and two organisations; returns their ids.

    ``incidents``, if given, are added at once (rows as for :func:`add_incidents`).
    """
    gdf = gpd.GeoDataFrame(
        {"code": list(AREAS), "name": [v[0] for v in AREAS.values()]},
        geometry=[box(x, LAT - 0.01, x + 0.02, LAT + 0.01) for _, x in AREAS.values()],
        crs="EPSG:4326",
    )
    with store.writing(extensions=("spatial",)) as w:
        set_id = save_area_set(w, "Testområden", gdf, columns=AreaColumns(name="name", code="code"), default=True)
        police = w.insert("organisations", {"name": "Polisen", "source_kind": "polis"})
        housing = w.insert("organisations", {"name": "Bostadsbolaget", "source_kind": "fastighetsagare"})
    town = {"set_id": set_id, "police": int(police), "housing": int(housing)}
    if incidents:
        add_incidents(store, town, incidents)
    return town


def add_incidents(
    store: Store, town: dict[str, Any], rows: list[tuple[str, ...]], org: str = "housing", text: str | None = None
) -> None:
    """Insert rows located at the area centres (one transaction) and assign them to areas.

    Each row is (area code, 'YYYY-MM-DD HH:MM', category) or, to vary them, (…, org, text); an unknown area
    code puts the point outside every area.
    """
    with store.writing(extensions=("spatial",)) as w:
        for row in rows:
            code, when, category = row[:3]
            row_org, row_text = (row[3], row[4]) if len(row) == 5 else (org, text)
            kind = "polis" if row_org == "police" else "fastighetsagare"
            lat, lon = centre(code) if code in AREAS else (LAT + 1.0, 14.0)
            w.execute(
                "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, lat, lon, "
                "description) VALUES (CAST(? AS TIMESTAMP)::TIMESTAMPTZ, ?, ?, ?, ?, ?, ?)",
                [when, category, kind, town[row_org], lat, lon, row_text],
            )
        assign_incidents(w, area_set_id=town["set_id"])


def test_period_defaults_to_since_the_last_meeting(empty_store: Store) -> None:
    town = build_town(empty_store)
    with empty_store.writing() as w:
        first = create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
        second = create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 24), area_set_id=town["set_id"])
    with empty_store.reading() as r:
        assert get_meeting(r, first).period == Period(date(2026, 11, 3), date(2026, 11, 10))
        assert get_meeting(r, second).period == Period(date(2026, 11, 10), date(2026, 11, 24))


def test_view_counts_per_area_in_the_meeting_period(empty_store: Store) -> None:
    town = build_town(
        empty_store,
        [
            ("A", "2026-11-04 21:00", "skadegorelse.klotter"),
            ("A", "2026-11-09 23:59", "skadegorelse.klotter"),
            ("A", "2026-11-10 00:01", "skadegorelse.klotter"),  # the meeting day: not in the period
            ("B", "2026-11-05 12:00", "ordning.brak"),
            ("B", "2026-10-30 12:00", "ordning.brak"),  # the period before
            ("X", "2026-09-01 12:00", "ordning.brak"),  # outside every area: the data starts well before
        ],
    )
    with empty_store.writing() as w:
        mid = create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
    with empty_store.reading() as r:
        view = meeting_view(r, mid)
    assert (view.total, view.previous_total) == (3, 1)
    assert [(a["code"], a["count"], a["previous"]) for a in view.areas] == [
        ("B", 1, 1),
        ("C", 0, 0),
        ("A", 2, 0),
    ]  # by name, Å last
    assert view.area("A")["categories"][0] == {
        "category": "skadegorelse.klotter",
        "label_sv": "Klotter",
        "label_en": "Graffiti",
        "count": 2,
    }
    assert {(h["weekday"], h["hour"]): h["count"] for h in view.hours}[(3, 21)] == 1  # Wednesday 21:00


def test_status_keeps_history_and_needs_a_reason_and_the_role(empty_store: Store) -> None:
    town = build_town(empty_store)
    with empty_store.writing() as w:
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="gul", reason="Mer klotter")
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="rod", reason="Bränder")
    with empty_store.reading() as r:
        history = area_status_history(r, town["set_id"], "A")
    assert history["status"].tolist() == ["rod", "gul"]
    assert history["reason"].tolist() == ["Bränder", "Mer klotter"]
    with pytest.raises(EstError, match="reason"), empty_store.writing() as w:
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="rod", reason=" ")
    with pytest.raises(EstError, match="use one of: gron, gul, rod"), empty_store.writing() as w:
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="blå", reason="x")
    with pytest.raises(PermissionDeniedError), empty_store.writing() as w:
        set_area_status(
            w, Viewer("läsare", Role.LASARE), area_set_id=town["set_id"], area_code="A", status="rod", reason="x"
        )


def test_snapshot_is_frozen_and_late_arrivals_show_at_the_next_meeting(empty_store: Store) -> None:
    town = build_town(empty_store, [("A", "2026-11-04 21:00", "skadegorelse.klotter")])
    with empty_store.writing() as w:
        first = create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
        set_area_status(
            w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="gul", reason="Klotter", meeting_id=first
        )
        frozen = close_meeting(w, LOCAL_ADMIN, first)
    with empty_store.reading() as r:
        saved = snapshot_bytes(r, first)
    assert saved is not None and saved[1].startswith(b"\x89PNG")
    # Late data for the first meeting's period, and a status change afterwards.
    add_incidents(empty_store, town, [("A", "2026-11-06 22:00", "skadegorelse.klotter")] * 2)
    with empty_store.writing() as w:
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="rod", reason="Värre")
        second = create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 17), area_set_id=town["set_id"])
    with empty_store.reading() as r:
        again = meeting_view(r, first)
        later = meeting_view(r, second)
        assert snapshot_bytes(r, first) == saved
    assert again == frozen
    assert (again.total, again.area("A")["status"], again.frozen) == (1, "gul", True)
    assert later.late_total == 2 and later.area("A")["late"] == 2
    assert later.late_period == ["2026-11-03", "2026-11-09"]
    with pytest.raises(EstError, match="already closed"), empty_store.writing() as w:
        close_meeting(w, LOCAL_ADMIN, first)
    with pytest.raises(EstError, match="closed"), empty_store.writing() as w:
        set_area_status(
            w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="gron", reason="x", meeting_id=first
        )


# -- the whole cycle through the app ---------------------------------------------------------------------


def _button(at: Any, label: str) -> Any:
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; found: {[b.label for b in at.button]}"
    return found[0]


def _metric(at: Any, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}; found: {[m.label for m in at.metric]}"
    return str(found[0])


def _tables_with(at: Any, column: str) -> list[Any]:
    return [d.value for d in at.dataframe if column in d.value.columns]


def test_meeting_cycle_in_the_app(empty_store: Store, app_test: Any) -> None:
    town = build_town(
        empty_store,
        [
            ("A", "2026-11-04 21:00", "skadegorelse.klotter"),
            ("A", "2026-11-05 22:00", "skadegorelse.klotter"),
            ("B", "2026-11-06 20:00", "ordning.brak"),
        ],
    )
    # 1. Meeting 1, created on the meeting page.
    at = app_test(empty_store, page="mote")
    at.run()
    assert not at.exception
    at.date_input(key="mote_new_date").set_value(date(2026, 11, 10))
    at.text_input(key="mote_new_title").set_value("EST vecka 46")
    _button(at, "Skapa möte").click().run()
    assert not at.exception, at.exception
    assert at.query_params["meeting"] == ["1"] or at.query_params["meeting"] == "1"
    assert _metric(at, "Problem i perioden") == "3"
    assert "Första mötet: senaste 7 dagarna, 2026-11-03 – 2026-11-09" in [s.value for s in at.subheader]

    # 2. Status for area Åsen on its screen: → goes to the first area (Bäcken), the URL to any screen.
    at.button(key="mote_next").click().run()
    assert any("Bäcken · Område 1 av 3" in h.value for h in at.header)
    at = app_test(empty_store, page="mote", query={"meeting": "1", "screen": "3"})
    at.run()
    assert any("Åsen · Område 3 av 3" in h.value for h in at.header)
    at.radio[0].set_value("rod")
    at.text_input(key="mote_reason_A").set_value("Klotter varje kväll")
    _button(at, "Sätt status").click().run()
    assert not at.exception, at.exception
    assert "■ Röd" in _metric(at, "Status")
    history = next(d.value for d in at.dataframe if "Satt av" in d.value.columns)
    assert history["Motivering"].tolist() == ["Klotter varje kväll"]

    # 3. An action decided at the meeting, due before the next meeting, registered on the actions page.
    actions = app_test(empty_store, page="atgarder")
    actions.run()
    assert not actions.exception, actions.exception
    actions.selectbox(key="atgarder_area").set_value("A")
    actions.text_input(key="atgarder_what").set_value("Sanera klotter vid entréerna")
    actions.selectbox(key="atgarder_owner").set_value(str(town["housing"]))
    actions.date_input(key="atgarder_start").set_value(date(2026, 11, 10))
    actions.date_input(key="atgarder_due").set_value(date(2026, 11, 14))
    actions.selectbox(key="atgarder_meeting").set_value(1)
    _button(actions, "Registrera åtgärd").click().run()
    assert not actions.exception, actions.exception
    assert any("registrerad" in m.value for m in actions.success)
    assert _tables_with(actions, "Vad")[0]["Vad"].tolist() == ["Sanera klotter vid entréerna"]

    # 4. Close meeting 1 (freezes it); new reports then arrive in meeting 2's period and late for meeting 1's.
    at = app_test(empty_store, page="mote", query={"meeting": "1", "screen": "0"})
    at.run()
    at.checkbox(key="mote_close_confirm_1").check().run()
    _button(at, "Stäng mötet och frys underlaget").click().run()
    assert not at.exception, at.exception
    assert any("Mötet är stängt" in s.value for s in at.success)
    with empty_store.reading() as r:
        frozen_json = snapshot_bytes(r, 1)
    add_incidents(empty_store, town, [("A", "2026-11-12 21:00", "skadegorelse.klotter")] * 4)
    add_incidents(empty_store, town, [("A", "2026-11-08 21:00", "skadegorelse.klotter")])  # late for meeting 1

    # 5. Meeting 2 shows "since last meeting" figures, the overdue action and the late report.
    at = app_test(empty_store, page="mote")
    at.run()
    at.date_input(key="mote_new_date").set_value(date(2026, 11, 17))
    _button(at, "Skapa möte").click().run()
    assert not at.exception, at.exception
    assert "Sedan förra mötet: 2026-11-10 – 2026-11-16" in [s.value for s in at.subheader]
    assert _metric(at, "Problem i perioden") == "4"
    assert _metric(at, "Försenade åtgärder") == "1"
    assert _metric(at, "Sena rapporter") == "1"
    assert [t["Vad"].tolist() for t in _tables_with(at, "Vad")] == [["Sanera klotter vid entréerna"]]

    # 6. Meeting 1's record is unchanged by the late report.
    at = app_test(empty_store, page="mote", query={"meeting": "1", "screen": "0"})
    at.run()
    assert not at.exception, at.exception
    assert _metric(at, "Problem i perioden") == "3"
    assert any("Stängt möte" in i.value for i in at.info)
    with empty_store.reading() as r:
        assert snapshot_bytes(r, 1) == frozen_json
        assert meeting_view(r, 1).area("A")["status"] == "rod"


def test_meeting_page_navigates_by_url(empty_store: Store, app_test: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    town = build_town(empty_store)
    with empty_store.writing() as w:
        create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"], title="Möte")
    at = app_test(empty_store, page="mote", query={"meeting": "1", "screen": "2"})
    at.run()
    assert not at.exception, at.exception
    assert any("Centrum · Område 2 av 3" in h.value for h in at.header)
    at.button(key="mote_next").click().run()
    assert any("Åsen · Område 3 av 3" in h.value for h in at.header)
    assert at.button(key="mote_next").disabled


def test_action_due_dates_are_checked(empty_store: Store) -> None:
    town = build_town(empty_store)
    bad = NewAction(town["set_id"], "A", "stadning", "Städa", town["housing"], date(2026, 11, 10), date(2026, 11, 1))
    with pytest.raises(EstError, match="before the start date"), empty_store.writing() as w:
        create_action(w, LOCAL_ADMIN, bad)


def test_coverage_counts_every_organisations_report_of_a_shared_problem(empty_store: Store) -> None:
    town = build_town(
        empty_store,
        [
            ("A", "2026-11-04 21:00", "skadegorelse.klotter", "housing", "Klotter på porten"),
            ("A", "2026-11-04 21:30", "skadegorelse.klotter", "police", "Klotter på port"),  # the same problem
            ("B", "2026-11-05 12:00", "ordning.brak", "police", "Bråk"),
        ],
    )
    with empty_store.writing() as w:
        assert link_in_place(w).problems == 1
        mid = create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
    assert empty_store.value("SELECT count(*) FROM incidents WHERE duplicate_of IS NOT NULL") == 1
    with empty_store.reading() as r:
        view = meeting_view(r, mid)
    assert view.total == 2  # problems: the shared one counts once
    assert {c["organisation"]: c["reports"] for c in view.coverage} == {"Polisen": 2, "Bostadsbolaget": 1}


def test_a_meeting_whose_previous_period_precedes_the_data_has_no_comparison(empty_store: Store) -> None:
    town = build_town(empty_store, [("A", "2026-11-04 21:00", "skadegorelse.klotter")] * 2)
    with empty_store.writing() as w:
        mid = create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
    with empty_store.reading() as r:
        view = meeting_view(r, mid)
    assert (view.total, view.previous_total, view.compared) == (2, None, False)
    assert {(a["code"], a["previous"], a["change"]) for a in view.areas} == {("A", None, None), ("B", None, None),
                                                                              ("C", None, None)}  # fmt: skip
    table = areas_table(view).set_index("Område")
    assert table.loc["Centrum", "Perioden innan"] == "–" and table.loc["Centrum", "Förändring"] == "–"
