"""PDF reports: the meeting report, the weekly lägesbild and the actions report, built without a browser.

Who calls it: the Rapporter page (downloads), ``est report weekly`` (a cron job on Monday morning) and
:mod:`est.meeting.meetings` (the map image frozen with a closed meeting).

Every page states the date and the filters (period, area set, categories, sources) and when the data was
last updated. Maps are drawn as vector polygons directly with fpdf2; the trend and weekday × hour charts
are Altair charts rendered to PNG by vl-convert. Text uses the DejaVu Sans font shipped in
``est/resources/fonts`` (embedded as a subset), so å, ä and ö render on any machine.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from est.access.precision import blank_small_count
from est.i18n import Lang, format_int, t
from est.meeting.meetings import STATUS_COLOURS, count_text, minutes_text
from est.picture.images import count_colours, fonts_dir, hours_png, trend_png
from est.picture.maps import ZERO_COLOUR

if TYPE_CHECKING:
    from est.meeting.meetings import MeetingView
    from est.periods import Period
    from est.picture.filters import Filters
    from est.store import Reader

__all__ = [
    "ReportPdf",
    "WeeklyReport",
    "actions_report",
    "actions_report_pdf",
    "incomplete_weeks",
    "meeting_report",
    "meeting_report_pdf",
    "picture_report",
    "report_pdf",
    "stated_text",
    "weekly_report",
]

FONT = "DejaVu"
_LIST_ALL_AREAS = 40  # larger sets (e.g. all 290 kommuner) list only the areas with something to discuss
_CHART_HEIGHT = 58.0  # mm; both charts and the map fit the first page


def incomplete_weeks(view: MeetingView) -> list[str]:
    """The trend's weeks (``week_start``) not over when the view was made: their counts are still growing."""
    made = date.fromisoformat(view.generated_at[:10]) if view.generated_at else None
    if made is None:
        return []
    return [r["week_start"] for r in view.trend if date.fromisoformat(r["week_start"]) + timedelta(days=7) > made]


# -- drawing -------------------------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _rings(geometry: Mapping[str, Any] | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def _bounds(features: list[Mapping[str, Any]]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []
    for feature in features:
        for ring in _rings(feature.get("geometry")):
            xs.extend(p[0] for p in ring)
            ys.extend(p[1] for p in ring)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


class ReportPdf(FPDF):
    """A4 portrait with the date and filters in the header and page numbers in the footer of every page."""

    def __init__(self, heading: str, stated: str, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        fonts = fonts_dir()
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.heading = heading
        self.stated = stated
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(14, 12, 14)

    def header(self) -> None:
        """The heading and the stated filters, then a rule."""
        self.set_font(FONT, "B", 11)
        self.cell(0, 6, self.heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 8)
        self.set_text_color(60, 60, 60)
        self.multi_cell(0, 4, self.stated, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_draw_color(180, 180, 180)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(4)

    def footer(self) -> None:
        """The footer text and the page number."""
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # -- building blocks --

    def title_line(self, text: str, size: int = 14) -> None:
        """A bold heading line."""
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def text_line(self, text: str, size: int = 10, bold: bool = False) -> None:
        """A paragraph that wraps."""
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table(  # type: ignore[override]
        self, headers: list[str], rows: list[list[str]], widths: list[float], fills: list[str] | None = None
    ) -> None:
        """A table whose cells wrap their text (long reasons and action texts never run over the border).

        Headings repeat on each new page; ``fills`` colours the first cell of each row (an area's status).
        """
        self.set_font(FONT, "", 8)
        heading = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
        with FPDF.table(
            self,
            col_widths=widths,
            width=sum(widths),
            align="LEFT",
            text_align="LEFT",
            line_height=3.8,
            padding=(0.8, 1.0),
            headings_style=heading,
            v_align="TOP",
        ) as grid:
            top = grid.row()
            for header in headers:
                top.cell(header)
            plain = FontFace(fill_color=(255, 255, 255))  # explicit: a fill would otherwise carry over
            for i, row in enumerate(rows):
                cells = grid.row()
                for j, value in enumerate(row):
                    cells.cell(value, style=FontFace(fill_color=_rgb(fills[i])) if fills and j == 0 else plain)
        self.ln(2)

    def vector_map(
        self,
        features: list[Mapping[str, Any]],
        colours: Mapping[str, str],
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        focus: str | None = None,
        labels: bool = True,
    ) -> None:
        """Draw the features as filled polygons in the box, fitted to all features (or the focus area)."""
        self.set_draw_color(200, 200, 200)
        self.rect(x, y, w, h)
        chosen = [f for f in features if f["properties"]["code"] == focus] if focus else features
        box = _bounds(chosen) or _bounds(features)
        if box is None:
            return
        min_x, min_y, max_x, max_y = box
        pad_x, pad_y = (max_x - min_x) * 0.15 + 1e-4, (max_y - min_y) * 0.15 + 1e-4
        min_x, max_x, min_y, max_y = min_x - pad_x, max_x + pad_x, min_y - pad_y, max_y + pad_y
        squash = math.cos(math.radians((min_y + max_y) / 2))
        span_x, span_y = (max_x - min_x) * squash, max_y - min_y
        scale = min(w / span_x, h / span_y)
        off_x = x + (w - span_x * scale) / 2
        off_y = y + (h - span_y * scale) / 2

        def project(p: list[float]) -> tuple[float, float]:
            px = off_x + (p[0] - min_x) * squash * scale
            py = off_y + (max_y - p[1]) * scale
            return min(max(px, x), x + w), min(max(py, y), y + h)

        self.set_line_width(0.2)
        for feature in features:
            code = feature["properties"]["code"]
            fill = colours.get(code, ZERO_COLOUR)
            if focus and code != focus:
                fill = "#e6e6e6"
            self.set_fill_color(*_rgb(fill))
            self.set_draw_color(90, 90, 90)
            for ring in _rings(feature.get("geometry")):
                self.polygon([project(p) for p in ring], style="DF")
        if focus:
            self.set_line_width(0.8)
            self.set_draw_color(0, 0, 0)
            for feature in chosen:
                for ring in _rings(feature.get("geometry")):
                    self.polygon([project(p) for p in ring], style="D")
            self.set_line_width(0.2)
        if labels and not focus and len(features) <= 40:
            self.set_font(FONT, "", 6)
            for feature in features:
                rings = _rings(feature.get("geometry"))
                if not rings:
                    continue
                ring = max(rings, key=len)
                cx = sum(p[0] for p in ring) / len(ring)
                cy = sum(p[1] for p in ring) / len(ring)
                px, py = project([cx, cy])
                name = str(feature["properties"]["name"])
                self.text(px - self.get_string_width(name) / 2, py, name)

    def legend(self, items: list[tuple[str, str]], x: float, y: float, title: str) -> None:
        """Colour boxes with their labels under a title."""
        self.set_font(FONT, "", 7)
        self.text(x, y, title)
        for i, (colour, label) in enumerate(items):
            self.set_fill_color(*_rgb(colour))
            self.rect(x, y + 2 + i * 4.2, 4, 3.2, style="DF")
            self.text(x + 5.5, y + 4.6 + i * 4.2, label)


# -- the reports -----------------------------------------------------------------------------------------


def stated_text(view: MeetingView, lang: Lang) -> str:
    """What a report covers, as its header and the Rapporter page's summary both state it.

    A meeting's report names the meeting date; a picture (no meeting) names when it was made instead.
    Both give the period, area set, categories, sources and when the newest data was imported.

    Parameters
    ----------
    view
        A meeting view (live or frozen) or a picture view (``meeting_id`` 0).
    lang
        ``sv`` or ``en``.

    Returns
    -------
    str
        ``Period 2026-11-16 – 2026-11-22 · Områdesindelning: … · Data t.o.m. … · Skapad …``.
    """
    f = view.filters
    values = {
        "start": view.period_from,
        "end": view.period_to,
        "area_set": view.area_set,
        "categories": ", ".join(f.get("category", [])) or t("report.all", lang),
        "sources": ", ".join(f.get("source", [])) or t("report.all", lang),
        "as_of": minutes_text(view.data_as_of),
    }
    if view.meeting_id:
        return t("report.stated", lang, date=view.held_on, **values)
    return t("report.stated_picture", lang, made=minutes_text(view.generated_at), **values)


def _colours(view: MeetingView, lang: Lang = "sv") -> tuple[dict[str, str], list[tuple[str, str]]]:
    counts = {area["code"]: area["count"] for area in view.areas}
    return count_colours(counts, view.days, lang, suppressed_below=view.suppressed_below)


def _status_text(status: str | None, lang: Lang) -> str:
    return t(f"meeting.status.{status}", lang) if status else t("meeting.status.none", lang)


def _action_rows(actions: list[dict[str, Any]], lang: Lang) -> list[list[str]]:
    return [
        [
            str(a.get("area_name") or a.get("area_code") or ""),
            t(f"actions.type.{a['action_type']}", lang),
            str(a.get("what") or ""),
            str(a.get("owner") or ""),
            str(a.get("due_on") or "")[:10],
            t(f"actions.status.{a['status']}", lang),
        ]
        for a in actions
    ]


def report_pdf(view: MeetingView, lang: Lang = "sv", *, heading: str | None = None) -> bytes:
    """Build the PDF of a meeting view (live or frozen) or a weekly picture (see :func:`_build`)."""
    return _build(view, lang, heading)[0]


def _build(view: MeetingView, lang: Lang, heading: str | None) -> tuple[bytes, int]:
    """Build the PDF of a meeting view (live or frozen) or a weekly picture.

    Pages: a summary (figures, overview map, trend and weekday × hour charts, late arrivals), the area
    table with statuses, the overdue actions, data coverage, then one page per area with incidents, a
    status or actions (its map, figures, status and reason, top categories, actions).

    Returns
    -------
    tuple
        ``(PDF bytes, number of pages)``.
    """
    pdf = _new_view_pdf(view, lang, heading)
    colours, legend = _colours(view, lang)
    features = list(view.shapes.get("features", []))
    _add_summary_page(pdf, view, lang, features, colours, legend)
    _add_areas_page(pdf, view, lang)
    for area in view.areas:
        if _discussed(area, view):
            _add_area_page(pdf, view, lang, area, features, colours)
    return bytes(pdf.output()), pdf.page_no()


def _new_view_pdf(view: MeetingView, lang: Lang, heading: str | None) -> ReportPdf:
    """An empty report with the view's heading, what it states (date and filters) and its footer."""
    title = heading or (
        t("report.meeting_heading", lang, date=view.held_on, title=view.title or view.area_set)
        if view.meeting_id
        else t("report.weekly_heading", lang, start=view.period_from, end=view.period_to)
    )
    frozen = t("report.frozen", lang) if view.frozen else t("report.live", lang)
    return ReportPdf(
        title, stated_text(view, lang), t("report.footer", lang, made=minutes_text(view.generated_at), state=frozen)
    )


def _add_summary_page(
    pdf: ReportPdf,
    view: MeetingView,
    lang: Lang,
    features: list[Mapping[str, Any]],
    colours: dict[str, str],
    legend: list[tuple[str, str]],
) -> None:
    """The first page: the totals and notes, the overview map with its legend, the trend and the hours."""
    pdf.add_page()
    pdf.title_line(t("report.summary", lang))
    _add_summary_lines(pdf, view, lang)
    top = pdf.get_y() + 2
    map_height = min(90.0, pdf.h - 16 - top - 2 * _CHART_HEIGHT - 6)
    pdf.vector_map(features, colours, pdf.l_margin, top, 140, map_height)
    pdf.legend(legend, pdf.l_margin + 145, top + 4, t("report.legend", lang))
    pdf.set_y(top + map_height + 3)
    partial = incomplete_weeks(view)
    pdf.image(io.BytesIO(trend_png(view.trend, lang, partial)), x=pdf.l_margin, h=_CHART_HEIGHT)
    if partial:
        pdf.text_line(t("report.incomplete_week", lang, week=partial[-1], made=minutes_text(view.generated_at)), 8)
    pdf.image(io.BytesIO(hours_png(view.hours, lang)), x=pdf.l_margin, h=_CHART_HEIGHT)


def _add_summary_lines(pdf: ReportPdf, view: MeetingView, lang: Lang) -> None:
    """The summary's text: totals against the previous period, then suppression, participants, late reports."""
    diff = None if view.total is None or view.previous_total is None else view.total - view.previous_total
    pdf.text_line(
        t(
            "report.totals",
            lang,
            total=count_text(view.total, view, lang),
            previous=count_text(view.previous_total, view, lang, kind="previous"),
            change=count_text(diff, view, lang, kind="change"),
            outside=count_text(view.outside, view, lang),
        )
    )
    if view.suppressed_below:
        pdf.text_line(t("report.suppressed", lang, n=view.suppressed_below), 9, bold=True)
    elif not view.compared:
        pdf.text_line(t("analysis.no_comparison", lang), 9)
    if view.participants:
        pdf.text_line(t("report.participants", lang, names=", ".join(view.participants)), 9)
    if view.late_period:
        late = count_text(view.late_total, view, lang)
        pdf.text_line(t("report.late", lang, n=late, start=view.late_period[0], end=view.late_period[1]), 9)
    pdf.text_line(t("report.overdue_count", lang, n=len(view.overdue)), 9)


def _add_areas_page(pdf: ReportPdf, view: MeetingView, lang: Lang) -> None:
    """The areas with their figures and statuses, the overdue actions and (within the group) data coverage."""
    pdf.add_page()
    pdf.title_line(t("report.areas_title", lang))
    listed = view.areas if len(view.areas) <= _LIST_ALL_AREAS else [a for a in view.areas if _discussed(a, view)]
    if len(listed) < len(view.areas):
        pdf.text_line(t("report.quiet_areas", lang, n=len(view.areas) - len(listed)), 8)
    rows = [
        [
            a["name"],
            count_text(a["count"], view, lang),
            count_text(a["previous"], view, lang, kind="previous"),
            count_text(a["change"], view, lang, kind="change"),
            _status_text(a["status"], lang),
            str(a.get("status_reason") or ""),
        ]
        for a in listed
    ]
    fills = [STATUS_COLOURS.get(a["status"] or "", "#ffffff") for a in listed]
    pdf.table(
        [
            t("common.area", lang),
            t("common.incidents", lang),
            t("meeting.previous_total", lang),
            t("report.change", lang),
            t("meeting.status", lang),
            t("meeting.reason", lang),
        ],
        rows,
        [34, 19, 19, 20, 22, 68],
        fills,
    )
    pdf.title_line(t("report.overdue_title", lang), 12)
    if view.overdue:
        pdf.table(_action_headers(lang), _action_rows(view.overdue, lang), [30, 24, 58, 32, 20, 18])
    else:
        pdf.text_line(t("report.none", lang), 9)
    if not view.suppressed_below:  # who reported how much stays within the group
        _coverage_table(pdf, view, lang)


def _add_area_page(
    pdf: ReportPdf,
    view: MeetingView,
    lang: Lang,
    area: Mapping[str, Any],
    features: list[Mapping[str, Any]],
    colours: dict[str, str],
) -> None:
    """One area's page: its map, figures, status and reason, top categories and open actions."""
    pdf.add_page()
    pdf.title_line(area["name"])
    top = pdf.get_y()
    pdf.vector_map(features, colours, pdf.l_margin, top, 80, 62, focus=area["code"])
    pdf.set_xy(pdf.l_margin + 86, top)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, "\n".join(_area_lines(view, lang, area)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), top + 66))
    if area["categories"]:
        label = "label_sv" if lang == "sv" else "label_en"
        pdf.table(
            [t("report.category", lang), t("common.incidents", lang)],
            [[str(c[label] or c["category"]), count_text(c["count"], view, lang)] for c in area["categories"]],
            [90, 30],
        )
    if area["open_actions"]:
        pdf.text_line(t("report.open_actions", lang), 9, bold=True)
        pdf.table(_action_headers(lang), _action_rows(area["open_actions"], lang), [30, 24, 58, 32, 20, 18])


def _area_lines(view: MeetingView, lang: Lang, area: Mapping[str, Any]) -> list[str]:
    """The text beside an area's map: its count against before, its status, the reason and late reports."""
    lines = [
        t(
            "report.area_count",
            lang,
            count=count_text(area["count"], view, lang),
            previous=count_text(area["previous"], view, lang, kind="previous"),
        ),
        t("report.area_status", lang, status=_status_text(area["status"], lang)),
    ]
    if area.get("status_reason"):
        lines.append(t("report.area_reason", lang, reason=area["status_reason"]))
    if area["late"] != 0:
        lines.append(t("report.area_late", lang, n=count_text(area["late"], view, lang)))
    return lines


def _coverage_table(pdf: ReportPdf, view: MeetingView, lang: Lang) -> None:
    """Reports per organisation in the period (data coverage)."""
    pdf.title_line(t("report.coverage_title", lang), 12)
    pdf.text_line(t("report.coverage_help", lang), 8)
    pdf.table(
        [t("report.organisation", lang), t("report.reports", lang), t("report.latest", lang)],
        [[str(c["organisation"]), format_int(c["reports"], lang), minutes_text(c["latest"])] for c in view.coverage],
        [90, 30, 50],
    )


def _discussed(area: Mapping[str, Any], view: MeetingView) -> bool:
    """Whether an area has something to discuss: incidents now or before, a status, actions or late reports."""
    # None is a blanked small count (1 … n − 1), except a previous figure when there is no comparison
    figures = (area["count"], area["late"], area["previous"] if view.compared else 0)
    return any(f is None or f > 0 for f in figures) or bool(area["status"] or area["open_actions"])


def _action_headers(lang: Lang) -> list[str]:
    return [
        t("common.area", lang),
        t("actions.type", lang),
        t("actions.what", lang),
        t("report.owner", lang),
        t("actions.due_on", lang),
        t("actions.status", lang),
    ]


def meeting_report_pdf(
    reader: Reader, meeting_id: int, lang: Lang = "sv", *, suppress_below: int | None = None
) -> bytes:
    """The report of one meeting: its frozen record when closed, else the live picture."""
    return meeting_report(reader, meeting_id, lang, suppress_below=suppress_below)[0]


def meeting_report(
    reader: Reader, meeting_id: int, lang: Lang = "sv", *, suppress_below: int | None = None
) -> tuple[bytes, int]:
    """:func:`meeting_report_pdf` and the number of areas it covers (what a download's audit entry records).

    With ``suppress_below`` the report is for outside the EST group
    (:func:`est.meeting.meetings.for_outside_the_group`).
    """
    from est.meeting.meetings import for_outside_the_group, meeting_view

    view = meeting_view(reader, meeting_id)
    if suppress_below:
        view = for_outside_the_group(view, suppress_below)
    return report_pdf(view, lang), len(view.areas)


@dataclass(frozen=True)
class WeeklyReport:
    """A built weekly lägesbild: the PDF and what the CLI prints with ``--json``."""

    pdf: bytes
    pages: int
    period: Period
    area_set: str
    areas: int
    incidents: int


def weekly_report(
    reader: Reader,
    week: Period,
    area_set: str | None = None,
    lang: Lang = "sv",
    *,
    suppress_below: int | None = None,
) -> WeeklyReport:
    """The weekly lägesbild PDF for ``week`` on an area set (the default set when None).

    Raises
    ------
    EstError
        When there is no such area set.
    """
    from est.areas.sets import get_area_set
    from est.picture.filters import Filters

    chosen = get_area_set(reader, area_set)
    filters = Filters(period=week, area_set=chosen.name)
    return picture_report(reader, filters, chosen.id, week.end, lang, suppress_below=suppress_below)


def picture_report(
    reader: Reader,
    filters: Filters,
    area_set_id: int,
    on: date,
    lang: Lang = "sv",
    *,
    suppress_below: int | None = None,
) -> WeeklyReport:
    """The lägesbild PDF of exactly a filtered view (the Rapporter page's period, categories and sources).

    Parameters
    ----------
    reader
        An open read connection.
    filters
        Period, categories and sources (every area of the set is shown).
    area_set_id
        The set whose areas are listed.
    on
        The reference date for overdue actions.
    lang
        Language of the report.
    suppress_below
        For outside the EST group: counts below this are blanked (:func:`est.meeting.meetings.for_outside_the_group`).
        ``incidents`` of the result is the true total either way (it is for the caller, not the file).
    """
    from est.meeting.meetings import for_outside_the_group, picture_view

    view = picture_view(reader, filters, area_set_id, on=on)
    total = int(view.total or 0)
    if suppress_below:
        view = for_outside_the_group(view, suppress_below)
    pdf, pages = _build(view, lang, None)
    return WeeklyReport(pdf, pages, filters.period, view.area_set, len(view.areas), total)


def actions_report_pdf(
    reader: Reader, period: Period, today: date, lang: Lang = "sv", *, suppress_below: int | None = None
) -> bytes:
    """The tertial or annual report of actions and outcomes (see :func:`actions_report`)."""
    return actions_report(reader, period, today, lang, suppress_below=suppress_below)[0]


def actions_report(
    reader: Reader, period: Period, today: date, lang: Lang = "sv", *, suppress_below: int | None = None
) -> tuple[bytes, int]:
    """The tertial or annual report of actions and outcomes (for the lag (2023:196) lägesbild and åtgärdsplan).

    Parameters
    ----------
    reader
        An open read connection.
    period
        The tertial or year reported: actions running at any time in it are listed and counted.
    today
        The reference date for overdue actions and for how much after-data an evaluation may use.
    lang
        Language of the report.
    suppress_below
        For outside the EST group: an evaluation that rests on fewer incidents than this (before or after,
        in the area) is not given in figures (:func:`est.access.precision.blank_small_count`).

    Returns
    -------
    tuple
        ``(PDF, number of actions listed)``. The PDF: progress per medborgarlöfte focus area, every action
        of the period with its status, and the before/after evaluation of each finished action (with honest
        wording for small numbers). The progress counts exactly the actions listed.
    """
    from est.meeting.actions import focus_area_progress, list_actions

    stated = t(
        "report.actions_stated",
        lang,
        start=period.start.isoformat(),
        end=period.last_day.isoformat(),
        today=today.isoformat(),
    )
    pdf = ReportPdf(
        t("report.actions_heading", lang, start=period.start.isoformat(), end=period.last_day.isoformat()),
        stated,
        t("report.footer", lang, made=today.isoformat(), state=t("report.live", lang)),
    )
    actions = list_actions(reader, running_in=period)
    progress = focus_area_progress(reader, today, running_in=period)  # counts exactly the listed actions
    pdf.add_page()
    _add_progress_table(pdf, progress.to_dict("records"), lang)
    pdf.title_line(t("report.actions_list", lang), 12)
    if actions.empty:
        pdf.text_line(t("report.none", lang), 9)
        return bytes(pdf.output()), 0
    records = [{str(k): v for k, v in r.items()} for r in actions.to_dict("records")]
    pdf.table(_action_headers(lang), _action_rows(records, lang), [30, 24, 58, 32, 20, 18])
    _add_evaluations(pdf, reader, [r for r in records if r["status"] == "klar"], today, lang, suppress_below)
    return bytes(pdf.output()), len(records)


def _add_progress_table(pdf: ReportPdf, progress: list[dict[Any, Any]], lang: Lang) -> None:
    """Progress per medborgarlöfte focus area: actions in total, per status, overdue and in the action plan."""
    from est.meeting.actions import STATUSES

    pdf.title_line(t("actions.progress", lang))
    pdf.table(
        [
            t("actions.col.focus_area", lang),
            t("actions.col.total", lang),
            *[t(f"actions.status.{s}", lang) for s in STATUSES],
            t("actions.col.overdue", lang),
            t("actions.col.in_plan", lang),
        ],
        [
            [
                str(r["focus_area"] if isinstance(r["focus_area"], str) else t("actions.none_option", lang)),
                *[str(int(r[c])) for c in ("total", *STATUSES, "overdue", "in_action_plan")],
            ]
            for r in progress
        ],
        [44, 16, 20, 16, 16, 20, 20, 30],
    )


def _add_evaluations(
    pdf: ReportPdf,
    reader: Reader,
    finished: list[dict[str, Any]],
    today: date,
    lang: Lang,
    suppress_below: int | None,
) -> None:
    """The before/after evaluation of each finished action, without figures that rest on too few incidents."""
    from est.meeting.evaluation import evaluate_action

    if not finished:
        return
    pdf.title_line(t("actions.evaluation", lang), 12)
    for record in finished:
        result = evaluate_action(reader, int(record["id"]), today, lang=lang)
        pdf.text_line(f"#{record['id']} {record['what']} ({record.get('area_name') or record['area_code']})", 9, True)
        small = suppress_below is not None and any(
            blank_small_count(n, suppress_below) is None for n in (result.area_before, result.area_after)
        )
        pdf.text_line(t("report.evaluation_hidden", lang, n=suppress_below) if small else result.text, 9)
        pdf.ln(1)
