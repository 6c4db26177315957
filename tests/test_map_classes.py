"""The maps' colour classes for a period (issue 14 point 1): one function owns them, and an area with
incidents is never painted like an area without, however long the period.

Known answers: the weekly count classes are 1–2, 3–5, 6–10, 11–20, 21–50, 51–100, 101+; a longer period
multiplies the bounds by its weeks (rounded up), except the first, which stays at the smallest count with data.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from itertools import pairwise

from PIL import Image
from pypdf import PdfReader

from est.meeting.meetings import meeting_map_png, meeting_view, picture_view
from est.periods import Period
from est.picture.filters import Filters
from est.picture.maps import COUNT_CLASSES, RATE_CLASSES, ZERO_COLOUR, fill_colour, legend_items, period_classes
from est.store import Store
from tests.test_reports import _town_with_meeting

FOUR_WEEKS = 28
TERTIAL = 123  # May–August: 17.6 weeks
NBSP = "\u202f"


def _labels(classes, decimals: int = 0, lang: str = "sv") -> list[str]:
    return [label for _colour, label in legend_items(classes, decimals, lang=lang)]


def test_a_week_or_less_uses_the_weekly_classes_unchanged() -> None:
    assert period_classes(COUNT_CLASSES, 7) == COUNT_CLASSES
    assert period_classes(COUNT_CLASSES, 3) == COUNT_CLASSES
    assert _labels(COUNT_CLASSES) == ["0", "1–2", "3–5", "6–10", "11–20", "21–50", "51–100", "101+"]


def test_four_weeks_scale_the_bounds_but_the_class_after_zero_starts_at_one() -> None:
    classes = period_classes(COUNT_CLASSES, FOUR_WEEKS)
    assert _labels(classes) == ["0", "1–11", "12–23", "24–43", "44–83", "84–203", "204–403", "404+"]
    assert [fill_colour(n, classes) for n in (0, 1, 3, 11, 12)] == [
        ZERO_COLOUR,
        COUNT_CLASSES[0].colour,
        COUNT_CLASSES[0].colour,
        COUNT_CLASSES[0].colour,
        COUNT_CLASSES[1].colour,
    ]


def test_a_tertial_keeps_one_as_the_first_bound_and_the_rest_times_its_weeks() -> None:
    classes = period_classes(COUNT_CLASSES, TERTIAL)
    assert _labels(classes) == [
        "0",
        "1–52",
        "53–105",
        "106–193",
        "194–368",  # 21 × 123 / 7 = 369 exactly: no float noise pushes it to 370
        "369–896",
        f"897–1{NBSP}774",
        f"1{NBSP}775+",
    ]
    assert _labels(classes, lang="en")[-1] == "1,775+"
    assert all(fill_colour(n, classes) != ZERO_COLOUR for n in (1, 2, 3, 17, 52, 53, 5000))


def test_bounds_stay_strictly_increasing_for_any_period() -> None:
    for days in range(1, 400):
        for base, decimals in ((COUNT_CLASSES, 0), (RATE_CLASSES, 2)):
            classes = period_classes(base, days, decimals=decimals)
            lowers = [c.lower for c in classes]
            assert lowers == sorted(set(lowers)), (days, lowers)
            assert all(c.upper == n.lower for c, n in pairwise(classes))
            assert classes[0].lower == base[0].lower


def test_rate_classes_keep_their_decimals_and_any_positive_rate_is_coloured() -> None:
    classes = period_classes(RATE_CLASSES, TERTIAL, decimals=2)
    assert _labels(classes, 2) == [
        "0",
        "<4,40",
        "4,40–8,79",
        "8,79–17,58",
        "17,58–43,93",
        "43,93–87,86",
        "87,86–175,72",
        "175,72+",
    ]
    assert _labels(classes, 2, lang="en")[1:3] == ["<4.40", "4.40–8.79"]
    # 0.3 or 0.004 incidents per 1,000 inhabitants in a tertial are incidents: never white like none.
    assert fill_colour(0.3, classes) == fill_colour(0.004, classes) == RATE_CLASSES[0].colour
    assert fill_colour(0.0, classes) == fill_colour(None, classes) == ZERO_COLOUR


def test_the_pdf_legend_and_fills_start_at_one_on_a_four_week_picture(empty_store: Store) -> None:
    from est.meeting.reports import _colours, picture_report

    town, _meeting = _town_with_meeting(empty_store)
    period = Period(date(2026, 10, 13), date(2026, 11, 10))  # 4 weeks: A 4 incidents, B 1, C none
    filters = Filters(period=period, area_set="Testområden")
    with empty_store.reading() as r:
        view = picture_view(r, filters, town["set_id"], on=period.end)
        pdf = picture_report(r, filters, town["set_id"], period.end).pdf
    colours, legend = _colours(view)
    assert colours["B"] == colours["A"] == COUNT_CLASSES[0].colour and colours["C"] == ZERO_COLOUR
    assert [label for _c, label in legend][:3] == ["0", "1–11", "12–23"]
    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "1–11" in first_page and "4–11" not in first_page


def test_the_meeting_map_uses_the_same_classes_as_the_screen_and_the_pdf(empty_store: Store) -> None:
    _town, meeting = _town_with_meeting(empty_store)
    with empty_store.reading() as r:
        view = meeting_view(r, meeting)
    four_weeks = replace(view, period_from="2026-10-13", period_to="2026-11-09")
    counts = {a["code"]: a["count"] for a in four_weeks.areas}
    assert counts == {"A": 3, "B": 1, "C": 0}
    image = Image.open(io.BytesIO(meeting_map_png(four_weeks))).convert("RGB")
    pixels = {colour: n for n, colour in image.getcolors(maxcolors=1 << 20)}
    total = image.width * image.height

    def share(colour: str) -> float:
        return pixels.get(tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)), 0) / total

    # A and B (3 and 1 in 4 weeks) fill two thirds of the map in the first class, as on the screen and in
    # the PDF; C (none) and the margins are white; the next class shows only as a legend swatch.
    assert share(COUNT_CLASSES[0].colour) > 0.4, share(COUNT_CLASSES[0].colour)
    assert share(ZERO_COLOUR) > 0.3, share(ZERO_COLOUR)
    assert share(COUNT_CLASSES[1].colour) < 0.01
