"""``est police``: import polisen.se open events (files or, when asked, one live fetch) as kommun context."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from est.cli import add_command_group, add_common, open_cli_store
from est.errors import EstError

if TYPE_CHECKING:
    from est.intake.police import PoliceImportReport

_LAST_FETCH_KEY = "police_last_fetch_epoch"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est police import`` and ``est police fetch``."""
    commands = add_command_group(sub, "police")

    p = commands.add_parser("import", help="import polisen.se event files (re-import updates by id)")
    add_common(p)
    p.add_argument("files", nargs="+", metavar="FILE", help="JSON array / JSON Lines of polisen.se events")
    p.set_defaults(handler=run_import)

    f = commands.add_parser(
        "fetch",
        help="fetch the latest events from https://polisen.se/api/events once (at most every 10 s, 60 an hour)",
    )
    add_common(f)
    f.add_argument(
        "--user-agent",
        required=True,
        help="who you are and a contact, e.g. 'Östersunds kommun EST (est@ostersund.se)'",
    )
    f.set_defaults(handler=run_fetch)


def _warn(report: PoliceImportReport) -> None:
    for problem in report.rejected[:20]:
        print(f"warning: skipped {problem}", file=sys.stderr)
    if len(report.rejected) > 20:
        print(f"warning: … and {len(report.rejected) - 20} more skipped events", file=sys.stderr)
    for place, count in sorted(report.unmatched_places.items()):
        print(f"warning: {count} event(s) name '{place}', which is not a kommun; counted as lan_only", file=sys.stderr)


def run_import(args: argparse.Namespace) -> dict[str, Any]:
    """Import the files and report what changed."""
    from est.access.auth import cli_viewer
    from est.intake.police import import_files

    store = open_cli_store(args.db)
    report = import_files(store, args.files, cli_viewer())
    _warn(report)
    return report.as_dict()


def run_fetch(args: argparse.Namespace) -> dict[str, Any]:
    """Fetch once from the live API (respecting its rules) and import the result."""
    from est.access.auth import cli_viewer
    from est.access.settings import get_setting, set_setting
    from est.intake.police import PoliceFetcher, import_events

    store = open_cli_store(args.db)
    fetcher = PoliceFetcher(args.user_agent)
    with store.reading() as reader:
        last = float(get_setting(reader, _LAST_FETCH_KEY) or 0)
    # The rules hold across processes too: one call per run, and never two runs within the minimum interval.
    if time.time() - last < max(fetcher.min_interval, 3600 / fetcher.max_per_hour):
        raise EstError(
            "the last fetch was less than a minute ago; polisen.se allows at most 60 calls an hour, so try again "
            "in a minute",
            sv="den senaste hämtningen var för mindre än en minut sedan; polisen.se tillåter högst 60 anrop i "
            "timmen, så försök igen om en minut",
        )
    with store.writing() as writer:
        set_setting(writer, _LAST_FETCH_KEY, str(time.time()), by="est police fetch")
    events = fetcher.fetch()
    viewer = cli_viewer()
    with store.writing() as writer:
        report = import_events(writer, events, actor=viewer.user, source="polisen.se/api/events")
    _warn(report)
    return report.as_dict()
