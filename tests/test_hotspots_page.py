"""The Hotspots page and the alerts box (AppTest on the demo): cells for the EST group, areas for a läsare."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from est.access.accounts import add_user
from est.access.auth import LOCAL_ADMIN, Role
from est.meeting.meetings import create_meeting
from est.periods import local_today
from est.store import Store


def _run(app_test: Callable[..., Any], store: Store, page: str, email: str | None = None) -> Any:
    user = {"is_logged_in": True, "email": email} if email else None
    at = app_test(store, page=page, user=user)
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_group_sees_hot_cells_their_table_the_plan_and_the_alerts(
    demo_store: Store, app_test: Callable[..., Any]
) -> None:
    at = _run(app_test, demo_store, "hotspots")
    assert [t.value for t in at.title] == ["Hotspots och patrullplan"]
    subheaders = [s.value for s in at.subheader]
    assert "Heta rutor" in subheaders and "Patrull- och vandringsplan för nästa vecka" in subheaders
    assert any("Ovanligt många vecka" in w.value for w in at.warning)  # the demo plants a graffiti spike
    tables = [d.value for d in at.dataframe]
    cells = next(t for t in tables if "Ruta (H3)" in t.columns)
    assert len(cells) >= 1 and set(cells["Trend"]) <= {"Ny", "Ökande", "Ihållande", "Avtagande", "Sporadisk"}
    plan = next(t for t in tables if "Förväntat per vecka" in t.columns)
    assert len(plan) == 10 and plan["Plats"].str.contains(" · ").any()  # hot cells: "Område · id"
    assert any("Platserna är de heta rutorna." in c.value for c in at.caption)
    assert any("10–15 minuter" in m.value for m in at.markdown)


def test_a_reader_sees_areas_and_never_a_cell(demo_store: Store, app_test: Callable[..., Any]) -> None:
    with demo_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "lasse@kommun.example", Role.LASARE, sso=True)
    at = _run(app_test, demo_store, "hotspots", "lasse@kommun.example")
    assert any("Din roll ser lägesbilden per område, inte rutor." in i.value for i in at.info)
    tables = [d.value for d in at.dataframe]
    assert not [t for t in tables if "Ruta (H3)" in t.columns]
    plan = next(t for t in tables if "Förväntat per vecka" in t.columns)
    assert len(plan) and not plan["Plats"].str.contains(" · ").any()


def test_the_lagesbild_and_the_meeting_screen_show_the_alerts(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = _run(app_test, demo_store, "lagesbild")
    alerts = [w.value for w in at.warning if "Ovanligt många vecka" in w.value]
    assert len(alerts) == 1 and "Odenslund" in alerts[0]
    # today's meeting looks at last week, the spike's week (the demo's own meetings were held before it)
    with demo_store.writing() as w:
        set_id = w.value("SELECT id FROM area_sets ORDER BY id LIMIT 1")
        create_meeting(w, LOCAL_ADMIN, held_on=local_today(), area_set_id=set_id, title="EST i dag")
    meeting = _run(app_test, demo_store, "mote")
    shown = [w.value for w in meeting.warning if "Ovanligt många vecka" in w.value]
    assert len(shown) == 1 and "Odenslund" in shown[0], shown


def test_a_plan_saved_at_the_meeting_gets_its_visits_from_the_phone_page(
    demo_store: Store, app_test: Callable[..., Any]
) -> None:
    from datetime import date

    from est.meeting.meetings import create_meeting

    with demo_store.writing() as w:
        set_id = int(w.value("SELECT id FROM area_sets WHERE is_default"))
        meeting = create_meeting(w, LOCAL_ADMIN, held_on=date.today(), area_set_id=set_id, title="Veckomöte")
    at = _run(app_test, demo_store, "hotspots")
    next(b for b in at.button if b.label == "Spara planen till mötet").click().run()
    assert not at.exception, at.exception
    assert any("Planen är sparad till mötet" in s.value for s in at.success)
    assert demo_store.value("SELECT count(*) FROM patrol_slots") == 10
    assert demo_store.value("SELECT meeting_id FROM patrol_plans") == meeting

    phone = _run(app_test, demo_store, "faltrapport")
    phone.number_input[-1].set_value(12)
    phone.text_input[-1].set_value("Lugnt vid gångtunneln, ring 070-123 45 67")
    next(b for b in phone.button if b.label == "Logga besöket").click().run()
    assert not phone.exception, phone.exception
    assert any("Besöket är loggat." in s.value for s in phone.success)
    assert demo_store.rows("SELECT slot_rank, minutes, note FROM patrol_visits") == [
        (1, 12, "Lugnt vid gångtunneln, ring [telefon]")
    ]

    screen = app_test(demo_store, page="mote", query={"meeting": str(meeting)})
    screen.run()
    assert not screen.exception, screen.exception
    assert any(e.label.startswith("Patrullplan ") and "av 10 fönster besökta" in e.label for e in screen.expander)
