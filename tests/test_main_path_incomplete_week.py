"""An incomplete week is marked as such in the trend chart, its text alternative and the PDF."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from est.areas.sets import get_area_set
from est.meeting.reports import picture_report
from est.periods import Period
from est.picture.charts import trend_chart, trend_summary
from est.picture.filters import Filters
from est.picture.trends import trend_series
from tests.analysis_data import week_world

W10 = {"from": "2026-03-02", "to": "2026-03-08"}


@pytest.fixture
def world(empty_store):
    return week_world(empty_store)


def test_an_incomplete_week_is_marked_in_the_chart_its_text_and_the_pdf(world) -> None:
    filters = Filters(Period(date(2026, 2, 1), date(2026, 3, 5)))  # ends on a Wednesday: W10 holds 3 of 7 days
    with world.reading() as r:
        series = trend_series(r, filters, get_area_set(r, None).id, "week", "total", 8)
    assert series["complete"].tolist() == [True] * 7 + [False]
    spec = json.dumps(trend_chart(series, "sv", {}).to_dict(), ensure_ascii=False)
    assert "Ofullständig vecka" in spec
    summary = trend_summary(series, "sv", {})
    assert "ofullständig vecka" in summary
    assert "vanligt" not in summary  # three days of a week are not "fewer than usual"
    # The PDF counts whole weeks: the week still running when it is made is the incomplete one.
    today = date.today()
    running = Filters(Period(today - timedelta(days=27), today + timedelta(days=1)))
    with world.reading() as r:
        report = picture_report(r, running, get_area_set(r, None).id, today, "sv")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(report.pdf)).pages)
    monday = today - timedelta(days=today.isoweekday() - 1)
    assert f"Veckan som börjar {monday.isoformat()} är ofullständig" in text
