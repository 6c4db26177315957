"""``est report``: the weekly lägesbild PDF (for a Monday-morning cron job) and a meeting's report."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from est.cli import add_command_group, add_common, add_period_arguments, check_output_path, open_cli_store

if TYPE_CHECKING:
    from est.meeting.reports import WeeklyReport
    from est.store import Reader, Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est report weekly``, ``est report meeting`` and ``est report actions``."""
    kinds = add_command_group(sub, "report")
    weekly = kinds.add_parser("weekly", help="the weekly lägesbild PDF (default: the last complete ISO week)")
    add_common(weekly)
    weekly.add_argument("--area-set", help="area set name (default: the default set)")
    weekly.add_argument("--week", help="ISO week like 2026-W47 (default: the last complete week)")
    _add_pdf_options(weekly)
    weekly.set_defaults(handler=run_weekly)
    meeting = kinds.add_parser("meeting", help="a meeting's report PDF (frozen record once it is closed)")
    add_common(meeting)
    meeting.add_argument("meeting_id", type=int)
    _add_pdf_options(meeting)
    meeting.set_defaults(handler=run_meeting)
    actions = kinds.add_parser("actions", help="actions and outcomes for a tertial or year (lag 2023:196)")
    add_common(actions)
    add_period_arguments(actions, default="the last complete tertial")
    _add_pdf_options(actions)
    actions.set_defaults(handler=run_actions)


def _add_pdf_options(parser: argparse.ArgumentParser) -> None:
    """Add what every report takes: its language, the PDF file to write, and ``--outside-group``."""
    parser.add_argument("--lang", choices=("sv", "en"), default="sv")
    parser.add_argument("--out", required=True, help="the PDF file to write")
    parser.add_argument(
        "--outside-group",
        action="store_true",
        help="for use outside the EST group: counts below the small_count_threshold setting shown as <N, "
        "no status reasons, no reports per organisation",
    )


def _suppression(reader: Reader, args: argparse.Namespace) -> int | None:
    from est.access.auth import cli_viewer
    from est.access.precision import precision_settings, report_suppression

    threshold = precision_settings(reader).small_count_threshold
    return report_suppression(cli_viewer(), threshold, outside_group=bool(args.outside_group))


def _write_audited(store: Store, out: Path, target: str, build: Callable[[Reader], tuple[bytes, int]],
                   detail: dict[str, Any]) -> bytes:  # fmt: skip
    """Build the PDF on a read connection, record it in the audit log like a download, then write the file."""
    from est.access.auth import cli_viewer
    from est.meeting.exports import audited_download

    pdf, _rows = audited_download(store, cli_viewer(), target, build, detail=detail)
    out.write_bytes(pdf)
    return pdf


def run_weekly(args: argparse.Namespace) -> dict[str, Any]:
    """Build the weekly PDF and print pages, period, areas and incidents."""
    out = check_output_path(args.out, "--out", "lagesbild.pdf")
    store = open_cli_store(args.db)

    from est.meeting.reports import weekly_report
    from est.periods import last_complete_week, local_today, parse_iso_week

    week = parse_iso_week(args.week) if args.week else last_complete_week(local_today())
    built: list[WeeklyReport] = []

    def build(reader: Reader) -> tuple[bytes, int]:
        suppress = _suppression(reader, args)
        built.append(weekly_report(reader, week, args.area_set, args.lang, suppress_below=suppress))
        return built[0].pdf, built[0].areas

    detail = {"report": "lagesbild", "format": "pdf", "week": week.start.isoformat(), "cli": True,
              "outside_group": bool(args.outside_group)}  # fmt: skip
    _write_audited(store, out, "pdf:lagesbild", build, detail)
    report = built[0]
    return {
        "out": str(out),
        "week": report.period.iso_week_label(),
        "period": {"from": report.period.start.isoformat(), "to": report.period.last_day.isoformat()},
        "area_set": report.area_set,
        "pages": report.pages,
        "areas": report.areas,
        "incidents": report.incidents,
    }


def run_meeting(args: argparse.Namespace) -> dict[str, Any]:
    """Build one meeting's report PDF."""
    out = check_output_path(args.out, "--out", "motesrapport.pdf")
    store = open_cli_store(args.db)

    from est.meeting.reports import meeting_report

    def build(reader: Reader) -> tuple[bytes, int]:
        suppress = _suppression(reader, args)
        return meeting_report(reader, args.meeting_id, args.lang, suppress_below=suppress)

    detail = {"report": "motesrapport", "format": "pdf", "meeting": args.meeting_id, "cli": True,
              "outside_group": bool(args.outside_group)}  # fmt: skip
    pdf = _write_audited(store, out, f"pdf:motesrapport {args.meeting_id}", build, detail)
    return {"out": str(out), "meeting": args.meeting_id, "bytes": len(pdf)}


def run_actions(args: argparse.Namespace) -> dict[str, Any]:
    """Build the actions-and-outcomes PDF for a period (default: the last complete tertial)."""
    out = check_output_path(args.out, "--out", "atgarder.pdf")
    store = open_cli_store(args.db)

    from est.meeting.reports import actions_report
    from est.periods import local_today, period_for_preset
    from est.picture.filters import filters_from_query

    today = local_today()
    if args.first or args.last:
        query = {k: v.isoformat() for k, v in {"from": args.first, "to": args.last}.items() if v}
        period = filters_from_query(query, today).period
    else:
        period = period_for_preset("tertial", today)

    def build(reader: Reader) -> tuple[bytes, int]:
        return actions_report(reader, period, today, args.lang, suppress_below=_suppression(reader, args))

    span = {"from": period.start.isoformat(), "to": period.last_day.isoformat()}
    detail = {"report": "atgarder", "format": "pdf", "period": span, "cli": True,
              "outside_group": bool(args.outside_group)}  # fmt: skip
    _write_audited(store, out, "pdf:atgarder", build, detail)
    return {"out": str(out), "period": span}
