"""Settings (``est settings``: validated, audited, admin only) and the police context panel on Lägesbild."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from est.access.auth import Role, Viewer
from est.access.settings import change_setting, get_setting
from est.errors import EstError, PermissionDeniedError
from est.intake.police import import_events
from est.store import Store
from tests.test_cli_init import run_est

WEEK = {"from": "2026-03-09", "to": "2026-03-15"}  # ISO week 11 of 2026


def _event(event_id: int, stamp: str, name: str, event_type: str, location: str) -> dict[str, Any]:
    return {
        "id": event_id,
        "datetime": stamp,
        "name": name,
        "summary": "",
        "url": f"/aktuellt/handelser/2026/mars/{event_id}/",
        "type": event_type,
        "location": {"name": location, "gps": "63.179,14.636"},
    }


EVENTS = [
    _event(1, "2026-03-10 22:15:00 +01:00", "10 mars 21.40, Skadegörelse, Östersund", "Skadegörelse", "Östersund"),
    _event(2, "2026-03-13 23:05:00 +01:00", "13 mars 23.00, Stöld, Östersund", "Stöld", "Östersund"),
    _event(
        3,
        "2026-03-14 06:30:00 +01:00",
        "14 mars 06.30, Sammanfattning natt, Östersund",
        "Sammanfattning natt",
        "Östersund",
    ),
    _event(4, "2026-03-17 12:00:00 +01:00", "17 mars 12.00, Stöld, Östersund", "Stöld", "Östersund"),  # next week
    _event(5, "2026-03-11 12:00:00 +01:00", "11 mars 12.00, Stöld, Krokom", "Stöld", "Krokom"),  # another kommun
]


def test_settings_are_validated_with_the_fix_and_audited(empty_store: Store) -> None:
    admin = Viewer("anna", Role.ADMIN)
    assert change_setting(empty_store, admin, "retention_months", " 36 ") == "36"
    with pytest.raises(EstError, match=r"whole number ≥ 1; got 'tre'"):
        change_setting(empty_store, admin, "retention_months", "tre")
    with pytest.raises(EstError, match=r"known settings: timezone, .*kommun_code"):
        change_setting(empty_store, admin, "retentionmonths", "3")
    with pytest.raises(EstError, match=r"\{z\}, \{x\} and \{y\}"):
        change_setting(empty_store, admin, "basemap_url", "javascript:alert(1)")
    with pytest.raises(EstError, match="kommun code"):
        change_setting(empty_store, admin, "kommun_code", "9999")
    with pytest.raises(PermissionDeniedError):
        change_setting(empty_store, Viewer("bo", Role.SAMORDNARE), "retention_months", "12")
    with empty_store.reading() as r:
        assert get_setting(r, "retention_months") == "36"
        audit = r.rows("SELECT actor, action, target, detail FROM audit_log WHERE action = 'setting'")
    assert [(a, b, c) for a, b, c, _ in audit] == [("anna", "setting", "retention_months")]
    assert json.loads(audit[0][3]) == {"before": "24", "after": "36"}


def test_settings_cli_lists_and_sets(empty_store: Store) -> None:
    db = empty_store.database
    done = run_est("settings", "set", "kommun_code", "2380", "--db", db, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"key": "kommun_code", "value": "2380"}
    listed = json.loads(run_est("settings", "list", "--db", db, "--json").stdout)["settings"]
    by_key = {s["key"]: s for s in listed}
    assert by_key["kommun_code"]["value"] == "2380" and by_key["kommun_code"]["changed"] is True
    assert by_key["retention_months"] == by_key["retention_months"] | {"value": "24", "changed": False}
    bad = run_est("settings", "set", "snap_grid_metres", "10", "--db", db)
    assert bad.returncode == 1 and bad.stderr.startswith("error: snap_grid_metres must be a whole number ≥ 50")


def _panel(at: Any) -> Any:
    found = [e for e in at.expander if "Polisens händelser" in e.label]
    assert len(found) == 1, [e.label for e in at.expander]
    return found[0]


def test_lagesbild_shows_the_kommuns_police_events_for_the_period(
    demo_store: Store, app_test: Callable[..., Any]
) -> None:
    with demo_store.writing() as w:
        w.execute("DELETE FROM police_events")
        import_events(w, EVENTS, actor="test")
    at = app_test(demo_store, page="lagesbild", query=WEEK)
    at.run()
    assert not at.exception
    panel = _panel(at)
    assert panel.label == "Polisens händelser i Östersund: 2"  # not the next week's, not Krokom's, no summary
    by_type, events = (d.value for d in panel.dataframe)
    assert sorted(zip(by_type["Typ"], by_type["Händelser"], strict=True)) == [("Skadegörelse", 1), ("Stöld", 1)]
    assert events["Tid"].tolist() == ["2026-03-13 23:00", "2026-03-10 21:40"]  # the time in the name, local
    assert events["Länk"].tolist()[1] == "https://polisen.se/aktuellt/handelser/2026/mars/1/"
    assert any("1 sammanfattningar" in c.value for c in panel.caption)


def test_without_a_kommun_the_panel_says_how_to_set_it(demo_store: Store, app_test: Callable[..., Any]) -> None:
    with demo_store.writing() as w:
        w.execute("DELETE FROM settings WHERE key = 'kommun_code'")
    at = app_test(demo_store, page="lagesbild", query=WEEK)
    at.run()
    assert not at.exception
    assert not [e for e in at.expander if "Polisens händelser" in e.label]
    assert any("est settings set kommun_code" in c.value for c in at.caption)


def test_the_demo_has_its_kommun_and_made_up_police_events(demo_store: Store) -> None:
    with demo_store.reading() as r:
        assert get_setting(r, "kommun_code") == "2380"
        kommuner, links, made_up = r.rows(
            "SELECT count(DISTINCT kommun_code), count(url), bool_and(summary = 'Demodata: påhittad händelse.') "
            "FROM police_events"
        )[0]
    assert (kommuner, links, made_up) == (1, 0, True)
