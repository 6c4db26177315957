"""Meeting report and weekly lägesbild PDFs: they open, state date and filters on every page, hold the map
(vector polygons) and the charts (images), render Swedish characters, and the CLI reports what it made."""

from __future__ import annotations

import io
import json
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from est.access.auth import LOCAL_ADMIN
from est.meeting.actions import create_action
from est.meeting.meetings import close_meeting, create_meeting, set_area_status
from est.meeting.reports import meeting_report_pdf, weekly_report
from est.periods import last_complete_week
from est.store import Store
from tests.cli import est as run_est
from tests.test_actions import _action
from tests.test_meetings import add_incidents, build_town


def _town_with_meeting(store: Store) -> tuple[dict[str, Any], int]:
    town = build_town(
        store,
        [("A", "2026-11-04 21:00", "skadegorelse.klotter")] * 3
        + [("B", "2026-11-06 02:00", "ordning.brak")]
        + [("A", "2026-10-30 21:00", "skadegorelse.klotter")]
        + [("X", "2026-09-01 12:00", "ordning.brak")],  # outside every area: the data starts well before
    )
    with store.writing() as w:
        meeting = create_meeting(
            w,
            LOCAL_ADMIN,
            held_on=date(2026, 11, 10),
            area_set_id=town["set_id"],
            title="Trygghetsmöte Söder",
            participants=("Polisen", "Bostadsbolaget"),
        )
        set_area_status(
            w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="rod", reason="Klotter i källargången"
        )
        create_action(w, LOCAL_ADMIN, _action(town, due_on=date(2026, 11, 30), start_on=date(2026, 11, 10)))
        close_meeting(w, LOCAL_ADMIN, meeting)
    return town, meeting


def _vector_fills(reader: PdfReader, page: int) -> int:
    content = reader.pages[page].get_contents()
    assert content is not None
    data = content.get_data()
    return data.count(b" h B") + data.count(b"h B\n") + data.count(b" B\n")


def test_meeting_report_states_date_and_filters_and_holds_map_and_charts(empty_store: Store) -> None:
    _, meeting = _town_with_meeting(empty_store)
    started = time.perf_counter()
    with empty_store.reading() as r:
        pdf = meeting_report_pdf(r, meeting)
    seconds = time.perf_counter() - started
    assert seconds < 10, f"the PDF took {seconds:.1f} s"
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() for page in reader.pages]
    # Summary, areas/status/actions/coverage, then one page per area with something to discuss (Åsen, Bäcken).
    assert len(texts) == 4
    for text in texts:
        assert "EST-möte 2026-11-10: Trygghetsmöte Söder" in text
        assert "Mötesdatum 2026-11-10" in text
        assert "Period: 2026-11-03 – 2026-11-09" in text
        assert "Områdesindelning: Testområden" in text
        assert "Kategorier: alla" in text and "Källor: alla" in text
        assert "fryst mötesunderlag" in text
    everything = "\n".join(texts)
    for letter in ("å", "ä", "ö", "Å"):
        assert letter in everything
    assert "4 problem i perioden (perioden innan: 1" in texts[0]
    assert "Deltagare: Polisen, Bostadsbolaget" in texts[0]
    assert "Klotter i källargången" in texts[1] and "Röd" in texts[1]
    assert "Bostadsbolaget" in texts[1]  # data coverage lists every organisation
    assert "Bäcken" in texts[2] and "Sanera klotter" in texts[3]  # Åsen (last by name) lists its open action
    # The map is drawn as vector polygons (3 areas on the overview, 3 + the focus outline per area page) …
    assert _vector_fills(reader, 0) >= 3
    assert _vector_fills(reader, 2) >= 3
    # … and the trend and weekday × hour charts are images.
    assert len(reader.pages[0].images) == 2
    assert b"DejaVu" in pdf and b"/FontFile2" in pdf


def test_report_of_a_closed_meeting_ignores_late_data(empty_store: Store) -> None:
    town, meeting = _town_with_meeting(empty_store)
    with empty_store.reading() as r:
        before = PdfReader(io.BytesIO(meeting_report_pdf(r, meeting))).pages[0].extract_text()
    add_incidents(empty_store, town, [("A", "2026-11-05 21:00", "skadegorelse.klotter")] * 5)
    with empty_store.reading() as r:
        after = PdfReader(io.BytesIO(meeting_report_pdf(r, meeting, "en"))).pages[0].extract_text()
    assert "4 problem i perioden" in before
    assert "4 problems in the period" in after


def test_weekly_report_for_a_given_week(empty_store: Store) -> None:
    build_town(empty_store, [("A", "2026-11-16 08:00", "ordning.brak"), ("C", "2026-11-22 23:30", "arrangemang")])
    with empty_store.reading() as r:
        from est.periods import parse_iso_week

        report = weekly_report(r, parse_iso_week("2026-W47"))
    assert (report.incidents, report.areas, report.area_set) == (2, 3, "Testområden")
    text = PdfReader(io.BytesIO(report.pdf)).pages[0].extract_text()
    assert "EST Lägesbild 2026-11-16 – 2026-11-22" in text
    assert "Period: 2026-11-16 – 2026-11-22" in text and "Skapad " in text
    assert len(PdfReader(io.BytesIO(report.pdf)).pages) == report.pages


def _est(*args: str) -> subprocess.CompletedProcess[str]:
    return run_est(*args)


def test_cli_weekly_report_prints_pages_period_areas_incidents(empty_store: Store, tmp_path: Path) -> None:
    build_town(empty_store, [("B", "2026-11-18 20:00", "ordning.brak")] * 2)
    out = tmp_path / "vecka.pdf"
    done = _est("report", "weekly", "--db", empty_store.database, "--week", "2026-W47", "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["period"] == {"from": "2026-11-16", "to": "2026-11-22"}
    assert (result["areas"], result["incidents"]) == (3, 2)
    assert result["pages"] == len(PdfReader(str(out)).pages) >= 3
    default = _est("report", "weekly", "--db", empty_store.database, "--out", str(out), "--json")
    week = last_complete_week(date.today())
    assert json.loads(default.stdout)["period"] == {"from": week.start.isoformat(), "to": week.last_day.isoformat()}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-W60"], "error: week '2026-W60' does not exist"),
        (["--area-set", "Finns inte"], "error: area set 'Finns inte' not found; found: Testområden"),
    ],
)
def test_cli_report_errors_are_one_line(empty_store: Store, tmp_path: Path, args: list[str], message: str) -> None:
    build_town(empty_store)
    done = _est("report", "weekly", "--db", empty_store.database, "--out", str(tmp_path / "x.pdf"), *args)
    assert done.returncode == 1
    assert done.stderr.startswith(message) and done.stderr.count("\n") == 1


def test_actions_report_lists_focus_areas_actions_and_honest_evaluations(empty_store: Store, tmp_path: Path) -> None:
    from est.meeting.actions import add_focus_area, set_status
    from est.meeting.reports import actions_report_pdf
    from est.periods import Period

    town = build_town(
        empty_store, [("C", "2026-05-20 21:00", "ordning.brak")] * 3 + [("C", "2026-07-20 21:00", "ordning.brak")] * 2
    )
    with empty_store.writing() as w:
        drugs = add_focus_area(w, LOCAL_ADMIN, "Droger", 2026)
        done = create_action(
            w,
            LOCAL_ADMIN,
            _action(
                town,
                "C",
                what="Röja buskage",
                focus_area_id=drugs,
                in_action_plan=True,
                start_on=date(2026, 6, 1),
                due_on=date(2026, 6, 15),
            ),
        )
        set_status(w, LOCAL_ADMIN, done, "klar", on=date(2026, 7, 1))
        create_action(w, LOCAL_ADMIN, _action(town, "B", what="Belysning i gångtunneln", start_on=date(2026, 5, 2)))
        create_action(w, LOCAL_ADMIN, _action(town, "A", what="Gammal åtgärd", start_on=date(2025, 1, 1),
                                              due_on=date(2025, 2, 1)))  # fmt: skip
        set_status(w, LOCAL_ADMIN, 3, "klar", on=date(2025, 2, 1))
    tertial = Period(date(2026, 5, 1), date(2026, 9, 1))
    with empty_store.reading() as r:
        pdf = actions_report_pdf(r, tertial, date(2026, 9, 10))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Åtgärder och utfall 2026-05-01 – 2026-08-31" in text
    assert "lag (2023:196)" in text
    assert "Droger" in text and "Röja buskage" in text and "Belysning i gångtunneln" in text
    assert "Gammal åtgärd" not in text  # finished before the tertial
    assert "För få problem för att dra slutsatser: 3 före och 2 efter" in " ".join(text.split())
    out = tmp_path / "atgarder.pdf"
    done_cli = _est("report", "actions", "--db", empty_store.database, "--from", "2026-05-01", "--to", "2026-08-31",
                    "--out", str(out), "--json")  # fmt: skip
    assert done_cli.returncode == 0, done_cli.stderr
    assert json.loads(done_cli.stdout)["period"] == {"from": "2026-05-01", "to": "2026-08-31"}
    assert out.read_bytes().startswith(b"%PDF")
    # For outside the EST group the small before/after figures are not given (page toggle or --outside-group).
    with empty_store.reading() as r:
        outside = actions_report_pdf(r, tertial, date(2026, 9, 10), suppress_below=5)
    flat = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(outside)).pages).split())
    assert "3 före och 2 efter" not in flat and "Röja buskage" in flat
    assert "bygger på färre än 5 problem i området och redovisas inte i siffror" in flat
    hidden = _est("report", "actions", "--db", empty_store.database, "--from", "2026-05-01", "--to", "2026-08-31",
                  "--outside-group", "--out", str(out))  # fmt: skip
    assert hidden.returncode == 0, hidden.stderr
    pages = PdfReader(io.BytesIO(out.read_bytes())).pages
    hidden_text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "3 före och 2 efter" not in hidden_text and "redovisas inte i siffror" in hidden_text


def test_large_area_sets_list_only_areas_with_something_to_discuss() -> None:
    from est.meeting.meetings import MeetingView
    from est.meeting.reports import report_pdf

    def area(i: int, count: int) -> dict[str, Any]:
        return {"code": f"K{i:03d}", "name": f"Kommun {i:03d}", "population": None, "count": count, "previous": 0,
                "change": count, "status": None, "status_reason": None, "categories": [], "late": 0, "overdue": [],
                "open_actions": []}  # fmt: skip

    view = MeetingView(
        meeting_id=0, held_on="2026-11-23", title=None, area_set="Kommuner", area_set_id=1, participants=[],
        period_from="2026-11-16", period_to="2026-11-22", filters={}, data_as_of=None, generated_at="2026-11-23T07:00",
        frozen=False, total=7, previous_total=0, outside=0,
        areas=[area(i, 7 if i == 17 else 0) for i in range(60)], overdue=[], late_total=0, late_period=None,
        trend=[], hours=[], coverage=[],
    )  # fmt: skip
    reader = PdfReader(io.BytesIO(report_pdf(view)))
    table_page = reader.pages[1].extract_text()
    assert "59 områden utan problem" in table_page
    assert "Kommun 017" in table_page and "Kommun 018" not in table_page
    assert len(reader.pages) == 3  # summary, table, the one area with incidents


def test_long_texts_wrap_inside_their_table_cells(empty_store: Store) -> None:
    town = build_town(empty_store, [("A", "2026-11-04 21:00", "skadegorelse.klotter")])
    reason = "Klotter i källargången och trapphuset varje helg sedan oktober; fastighetsägaren sanerar " * 2
    with empty_store.writing() as w:
        meeting = create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="gul", reason=reason)
    with empty_store.reading() as r:
        pdf = meeting_report_pdf(r, meeting)
    page = PdfReader(io.BytesIO(pdf)).pages[1]
    words: list[tuple[str, float]] = []
    page.extract_text(visitor_text=lambda text, _cm, tm, _font, _size: words.append((text, tm[4])))
    # The whole reason is there (it was cut at 60 characters) and no text starts right of the page's margin.
    flat = " ".join(" ".join(t for t, _ in words).split())
    assert "fastighetsägaren sanerar" in flat and flat.count("varje helg") == 2
    assert max(x for t, x in words if t.strip()) < float(page.mediabox.width) - 10
