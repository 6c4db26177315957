"""The Hotspots page and the alerts box (AppTest on the demo): cells for the EST group, areas for a läsare."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from est.access.accounts import add_user
from est.access.auth import LOCAL_ADMIN, Role
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
    meeting = _run(app_test, demo_store, "mote")
    assert any("Ovanligt många vecka" in w.value for w in meeting.warning)
