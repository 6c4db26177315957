"""The Police events page (AppTest): list by kommun/type/period with polisen.se links, and the duplicate panel."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from est.access.auth import LOCAL_ADMIN
from est.intake.police import import_files
from est.store import Store
from tests.conftest import POLICE_SAMPLE


def test_page_lists_police_events_by_kommun_with_links(
    demo_store: Store, app_test: Callable[..., Any], tmp_path: Path
) -> None:
    mine = tmp_path / "ostersund.json"
    mine.write_text(
        json.dumps(
            [
                {
                    "id": 1,
                    "datetime": "2026-08-20 2:10:00 +02:00",
                    "name": "20 augusti 01.55, Skadegörelse, Östersund",
                    "summary": "<img src=x onerror=alert(1)> Klotter på skola",
                    "url": "/aktuellt/handelser/2026/augusti/20/skadegorelse-ostersund/",
                    "type": "Skadegörelse",
                    "location": {"name": "Jämtlands län", "gps": "63.1,14.6"},
                }
            ]
        ),
        encoding="utf-8",
    )
    with demo_store.writing() as w:
        w.execute("DELETE FROM police_events")  # the demo's made-up events; only the files below count here
    import_files(demo_store, [POLICE_SAMPLE, mine], LOCAL_ADMIN)
    at = app_test(demo_store, page="kallor")
    at.run()
    assert not at.exception, at.exception
    at.date_input(key="kallor_from").set_value(date(2026, 8, 1))
    at.date_input(key="kallor_to").set_value(date(2026, 8, 31))
    at.selectbox(key="kallor_kommun").set_value("2380")
    at.run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert len(frame) == 3  # the two sample events naming Östersund and the constructed one
    assert set(frame["Kommun"]) == {"Östersund"}
    assert all(link.startswith("https://polisen.se/aktuellt/") for link in frame["polisen.se"])
    # Text is shown as text in the table, never rendered as HTML anywhere on the page.
    assert not any("<img" in m.value for m in at.markdown)
    at.multiselect(key="kallor_types").set_value(["Skadegörelse"])
    at.run()
    assert at.dataframe[0].value["Typ"].tolist() == ["Skadegörelse"]


def test_page_links_duplicates_and_a_coordinator_confirms(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(demo_store, page="kallor")
    at.run()
    at.button(key="kallor_dedup_run").click().run()
    assert not at.exception, at.exception
    assert "problem" in at.success[0].value
    problems = int(demo_store.value("SELECT count(*) FROM problems"))
    assert problems > 0
    first = int(demo_store.value("SELECT min(id) FROM problems"))
    at.selectbox(key="kallor_problem").set_value(first).run()
    assert len(at.dataframe[-1].value) >= 2  # every source of the problem is listed
    at.button(key="kallor_confirm").click().run()
    assert demo_store.value("SELECT status FROM problems WHERE id = ?", [first]) == "confirmed"
