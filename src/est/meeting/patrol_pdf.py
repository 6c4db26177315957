"""The printable patrol and walk plan: one A4 page (Swedish by default) for the police and the night walkers.

Who calls it: the Hotspots page (a download) and ``est patrol-plan --out``. The plan itself is
:func:`est.picture.patrol.plan_patrols`; the page's layout is :class:`est.meeting.reports.ReportPdf`'s.
"""

from __future__ import annotations

from datetime import date

from est.i18n import Lang, format_number, t
from est.meeting.reports import ReportPdf
from est.periods import next_week
from est.picture.patrol import PatrolPlan
from est.picture.time_display import weekday_name

__all__ = ["patrol_plan_pdf", "plan_week"]


def plan_week(today: date) -> int:
    """The ISO week number a plan made ``today`` is for: next week."""
    return next_week(today).start.isocalendar()[1]


def patrol_plan_pdf(plan: PatrolPlan, today: date, lang: Lang = "sv", *, categories: tuple[str, ...] = ()) -> bytes:
    """The plan as a PDF: period and filter, the slots as a table, the advice, and room for notes.

    Parameters
    ----------
    plan
        The plan (:func:`est.picture.patrol.plan_patrols`).
    today
        When it is made (the plan is for the following ISO week).
    lang
        The language of the page.
    categories
        The category labels the plan was filtered on (none: all categories).
    """
    weeks = max(1, round((plan.date_to - plan.date_from).days / 7))
    what = ", ".join(categories) if categories else t("patrol.all_categories", lang)
    pdf = ReportPdf(
        t("patrol.title", lang, week=plan_week(today)),
        t(
            "patrol.stated",
            lang,
            start=plan.date_from.isoformat(),
            end=plan.date_to.isoformat(),
            weeks=weeks,
            what=what,
        ),
        t("patrol.footer", lang, made=today.isoformat()),
    )
    pdf.alias_nb_pages()
    pdf.add_page()
    if not plan.slots:
        pdf.text_line(t("patrol.empty", lang))
    else:
        rows = [
            [
                slot.place.label,
                weekday_name(slot.weekday, lang),
                f"{slot.hour_from:02d}–{slot.hour_to:02d}",
                format_number(slot.expected, 1, lang),
            ]
            for slot in plan.slots
        ]
        headers = [t(k, lang) for k in ("patrol.place", "patrol.weekday", "patrol.hours", "patrol.expected")]
        pdf.table(headers, rows, [80, 36, 26, 40])
    pdf.text_line(t("patrol.advice", lang), 9)
    pdf.ln(4)
    pdf.text_line(t("patrol.notes", lang), 9, bold=True)
    for _ in range(6):
        pdf.ln(7)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    return bytes(pdf.output())
