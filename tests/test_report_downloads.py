"""Downloads on the Rapporter page through the real app (AppTest): every file is audited when it is made,
clicking one button does not rerun the page (so the other buttons' files stay valid), and the summary
states the same period and dates as the PDF."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager

from est.access.auth import LOCAL_ADMIN
from est.meeting.meetings import create_meeting
from est.store import Store
from tests.test_meetings import build_town

WEEK = {"from": "2026-11-02", "to": "2026-11-08"}
BUTTONS = ("rapporter_weekly_pdf", "rapporter_actions_pdf", "rapporter_meeting_pdf", "rapporter_export_csv",
           "rapporter_export_xlsx")  # fmt: skip


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """The callables behind deferred download buttons, by their file id (what the browser asks for on a click)."""
    found: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self: MediaFileManager, data: Callable[[], bytes], *args: Any, **kwargs: Any) -> str:
        file_id = original(self, data, *args, **kwargs)
        found[file_id] = data
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return found


def _town(store: Store) -> dict[str, Any]:
    town = build_town(
        store, [("A", "2026-11-03 21:00", "skadegorelse.klotter")] * 2 + [("B", "2026-11-05 12:00", "ordning.brak")]
    )
    with store.writing() as w:
        create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"], title="Möte")
    return town


def _file(at: Any, deferred: dict[str, Callable[[], bytes]], key: str) -> bytes:
    button = at.download_button(key=key)
    assert button.proto.deferred_file_id in deferred, f"{key} has no file to download"
    return deferred[button.proto.deferred_file_id]()


def _exports(store: Store) -> list[tuple[Any, ...]]:
    return store.rows("SELECT actor, action, target, rows, detail FROM audit_log WHERE action = 'export' ORDER BY id")


def test_every_report_download_is_audited_when_its_file_is_made(
    empty_store: Store, app_test: Any, deferred: dict[str, Callable[[], bytes]]
) -> None:
    _town(empty_store)
    at = app_test(empty_store, page="rapporter", query=WEEK)
    at.run()
    assert not at.exception, at.exception
    assert _exports(empty_store) == []  # showing the page makes no file
    weekly = _file(at, deferred, "rapporter_weekly_pdf")
    actions = _file(at, deferred, "rapporter_actions_pdf")
    meeting = _file(at, deferred, "rapporter_meeting_pdf")
    assert all(pdf.startswith(b"%PDF") for pdf in (weekly, actions, meeting))
    logged = _exports(empty_store)
    assert [(actor, target, rows) for actor, _, target, rows, _ in logged] == [
        ("local", "pdf:lagesbild", 3),  # three areas
        ("local", "pdf:atgarder", 0),  # no actions in the period
        ("local", "pdf:motesrapport 1", 3),
    ]
    details = [json.loads(d) for *_, d in logged]
    assert details[0]["filters"]["from"] == "2026-11-02" and details[0]["report"] == "lagesbild"
    assert details[1]["period"] == {"from": "2026-11-02", "to": "2026-11-08"}
    assert details[2]["meeting"] == 1
    # The CSV export takes the same path and is recorded the same way.
    assert _file(at, deferred, "rapporter_export_csv").startswith(b"\xef\xbb\xbf")
    assert _exports(empty_store)[-1][2:4] == ("csv", 3)


def test_a_download_click_does_not_rerun_and_both_exports_keep_their_files(
    empty_store: Store, app_test: Any, deferred: dict[str, Callable[[], bytes]]
) -> None:
    _town(empty_store)
    at = app_test(empty_store, page="rapporter", query=WEEK)
    at.run()
    # A click must not rerun the page: the rerun would replace the other buttons' files while the
    # browser may still ask for them (MediaFileStorageError on the Excel click right after the CSV one).
    for key in BUTTONS:
        assert at.download_button(key=key).proto.ignore_rerun, f"{key} reruns the page on click"
    at.download_button(key="rapporter_export_csv").click().run()
    assert not at.exception, at.exception
    csv = _file(at, deferred, "rapporter_export_csv")
    xlsx = _file(at, deferred, "rapporter_export_xlsx")
    assert csv.startswith(b"\xef\xbb\xbf") and csv.count(b"\n") == 4  # header + 3 rows
    assert xlsx.startswith(b"PK")  # a zip: the xlsx container
    assert [target for _, _, target, _, _ in _exports(empty_store)] == ["csv", "xlsx"]


def test_summary_and_pdf_state_the_same_period_and_dates(
    empty_store: Store, app_test: Any, deferred: dict[str, Callable[[], bytes]]
) -> None:
    _town(empty_store)
    at = app_test(empty_store, page="rapporter", query=WEEK | {"category": "skadegorelse.klotter"})
    at.run()
    assert not at.exception, at.exception
    stated = next(c.value for c in at.caption if c.value.startswith("Period:"))
    assert stated.startswith("Period: 2026-11-02 – 2026-11-08 · Områdesindelning: Testområden")
    assert "Kategorier: skadegorelse.klotter" in stated and "Data t.o.m. " in stated
    assert "Skapad " in stated and "rapportdatum" not in stated
    pdf = _file(at, deferred, "rapporter_weekly_pdf")
    header = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    same = stated.split(" · Skapad ")[0]  # the PDF is made at the click, a moment later
    assert same in header
    assert "2 problem i perioden" in header  # the PDF covers exactly the filtered view (klotter only)
