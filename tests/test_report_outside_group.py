"""Reports for outside the EST group: small counts blanked (issue 7: "area aggregates with small counts
suppressed in anything exported or shown outside the group"), on request and always for a läsare."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from pypdf import PdfReader

from est.access.accounts import add_user
from est.access.auth import LOCAL_ADMIN, Role
from est.meeting.meetings import for_outside_the_group, meeting_view
from est.meeting.reports import meeting_report, picture_report
from est.periods import Period
from est.picture.filters import Filters
from est.store import Store
from tests.test_report_downloads import _file
from tests.test_report_downloads import deferred as deferred  # the fixture, used by name
from tests.test_reports import _town_with_meeting

WEEK = Period(date(2026, 11, 3), date(2026, 11, 10))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_view_for_outside_the_group_blanks_small_counts_and_drops_free_text(empty_store: Store) -> None:
    _town, meeting = _town_with_meeting(empty_store)
    with empty_store.reading() as r:
        view = meeting_view(r, meeting)
    assert (view.total, view.previous_total) == (4, 1)
    out = for_outside_the_group(view, 3)
    assert (out.total, out.previous_total, out.suppressed_below) == (4, None, 3)
    by_code = {a["code"]: a for a in out.areas}
    # A: 3 now (kept at threshold 3), 1 before (blanked) so no change; B: 1 now (blanked); C: nothing (0 stays).
    assert (by_code["A"]["count"], by_code["A"]["previous"], by_code["A"]["change"]) == (3, None, None)
    assert (by_code["B"]["count"], by_code["C"]["count"]) == (None, 0)
    assert by_code["A"]["status_reason"] is None and view.area("A")["status_reason"] == "Klotter i källargången"
    assert out.coverage == [] and view.coverage
    assert all(r["count"] is None or r["count"] == 0 or r["count"] >= 3 for r in out.hours + out.trend)


def test_the_pdf_for_outside_the_group_shows_small_counts_as_below_the_threshold(empty_store: Store) -> None:
    town, meeting = _town_with_meeting(empty_store)
    filters = Filters(period=WEEK, area_set="Testområden")
    with empty_store.reading() as r:
        inside = _text(picture_report(r, filters, town["set_id"], WEEK.end).pdf)
        outside_report = picture_report(r, filters, town["set_id"], WEEK.end, suppress_below=5)
        outside = _text(outside_report.pdf)
        meeting_outside = _text(meeting_report(r, meeting, suppress_below=5)[0])
    assert "4 problem i perioden (perioden innan: 1, förändring +3)" in inside
    assert "Klotter i källargången" in inside
    for text in (outside, meeting_outside):
        assert "<5 problem i perioden (perioden innan: <5, förändring –)" in text
        assert "antal under 5 visas som <5" in text
        assert "Klotter i källargången" not in text
        assert "Datatäckning" not in text and "Datatäckning" in inside  # no reports per organisation
    assert outside_report.incidents == 4  # what the caller (the CLI's JSON) gets is the true total


def _rapporter(app_test: Callable[..., Any], store: Store, email: str) -> Any:
    at = app_test(store, page="rapporter", query={"from": "2026-11-03", "to": "2026-11-09"}, user={
        "is_logged_in": True, "email": email})  # fmt: skip
    at.run()
    assert not at.exception, at.exception
    return at


def _audit_detail(store: Store) -> dict[str, Any]:
    return json.loads(store.value("SELECT detail FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1"))


def test_a_reader_only_ever_downloads_reports_for_outside_the_group(
    empty_store: Store, app_test: Callable[..., Any], deferred: dict[str, Callable[[], bytes]]
) -> None:
    _town_with_meeting(empty_store)
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "lasare@kommun.example", Role.LASARE, sso=True)
        add_user(w, LOCAL_ADMIN, "samordnare@kommun.example", Role.SAMORDNARE, sso=True)
    reader = _rapporter(app_test, empty_store, "lasare@kommun.example")
    assert any("antal under 5 döljs" in i.value for i in reader.info)
    assert "rapporter_outside" not in [t.key for t in reader.get("toggle")]  # no way to get the group's copy
    assert "<5 problem i perioden" in _text(_file(reader, deferred, "rapporter_weekly_pdf"))
    assert _audit_detail(empty_store)["suppressed_below"] == 5
    assert "<5 problem i perioden" in _text(_file(reader, deferred, "rapporter_meeting_pdf"))

    coordinator = _rapporter(app_test, empty_store, "samordnare@kommun.example")
    assert "4 problem i perioden" in _text(_file(coordinator, deferred, "rapporter_weekly_pdf"))
    assert _audit_detail(empty_store)["suppressed_below"] is None
    coordinator.toggle(key="rapporter_outside").set_value(True).run()
    assert "<5 problem i perioden" in _text(_file(coordinator, deferred, "rapporter_weekly_pdf"))
    assert _audit_detail(empty_store)["suppressed_below"] == 5


def test_cli_reports_for_outside_the_group_and_audits_them(empty_store: Store, tmp_path: Any, capsys: Any) -> None:
    from est.cli import main

    _town, meeting = _town_with_meeting(empty_store)
    db = ["--db", empty_store.database]
    weekly = tmp_path / "v.pdf"
    assert main(["report", "weekly", "--week", "2026-W45", "--outside-group", "--out", str(weekly), "--json", *db]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["incidents"] == 4 and set(printed) == {"out", "week", "period", "area_set", "pages", "areas",
                                                         "incidents"}  # fmt: skip
    assert "<5 problem i perioden" in _text(weekly.read_bytes())
    own = tmp_path / "m.pdf"
    assert main(["report", "meeting", str(meeting), "--out", str(own), *db]) == 0
    assert "4 problem i perioden" in _text(own.read_bytes())
    logged = empty_store.rows("SELECT actor, target, detail FROM audit_log WHERE action = 'export' ORDER BY id")
    assert [(a.startswith("cli:"), t, json.loads(d)["outside_group"]) for a, t, d in logged] == [
        (True, "pdf:lagesbild", True),
        (True, f"pdf:motesrapport {meeting}", False),
    ]


def test_a_blanked_area_has_its_own_map_colour_and_legend_entry_not_a_count_class(empty_store: Store) -> None:
    from est.meeting.reports import _colours

    _town, meeting = _town_with_meeting(empty_store)
    with empty_store.reading() as r:
        view = meeting_view(r, meeting)
    inside_colours, inside_legend = _colours(view)
    colours, legend = _colours(for_outside_the_group(view, 5))
    blanked = colours["A"]  # 3 and 1 are both blanked at 5, so A and B look alike: no class says "1–2"
    assert colours["B"] == blanked and blanked not in {c for c, _ in inside_legend}
    assert (blanked, "<5") in legend and colours["C"] == inside_colours["C"]  # 0 stays 0
    assert inside_colours["A"] != inside_colours["B"]  # the group's own copy shows the classes
