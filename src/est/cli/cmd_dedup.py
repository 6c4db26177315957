"""``est dedup run``: link reports of the same thing from different sources into problems, all of them, now.

Imports, field reports, undos and category re-mappings link by themselves (an import only its own reports
and those whose problem they change, :func:`est.intake.dedup.link_batch`). This full run rebuilds every open
problem from all stored reports (keeping confirmed problems and splits): it is needed after changing the
linking limits (``dedup_*`` settings), when an import's linking was deferred because the database was busy,
or after reports were changed outside the app. The CLI acts as the local operator (``LOCAL_ADMIN``) and
records the actor ``cli:<os user>`` in the audit log.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command_group, add_common, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est dedup run``."""
    commands = add_command_group(sub, "dedup")
    p = commands.add_parser(
        "run",
        help="relink every stored report with the stored limits (keeps confirmed problems and splits); imports "
        "link their own reports by themselves: run this after changing the dedup_* limits or when an import "
        "said the linking was deferred",
    )
    add_common(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the linking; report candidate pairs, problems, linked reports and the limits used."""
    from est.access.auth import cli_viewer
    from est.intake.dedup import link_duplicates, load_config

    store = open_cli_store(args.db)
    viewer = cli_viewer()
    with store.reading() as reader:
        config = load_config(reader)
    report = link_duplicates(store, viewer, config)
    with store.reading() as reader:
        row = reader.row(
            "SELECT count(*), count(*) FILTER (WHERE status = 'confirmed') FROM problems",
        )
    problems, confirmed = (int(row[0]), int(row[1])) if row else (0, 0)
    result: dict[str, Any] = {
        "pairs": report.pairs,
        "problems": problems,
        "confirmed_problems": confirmed,
        "linked_incidents": report.linked_incidents,
        "duplicates": report.linked_incidents - problems,
        "config": {
            "distance_m": config.distance_m,
            "window_hours": config.window_hours,
            "category_match": config.category_match,
            "different_organisations": config.different_organisations,
        },
        "seconds": round(report.seconds, 3),
        "full_run": True,
    }
    result["_text"] = (
        f"{problems} problem ({confirmed} bekräftade) med {report.linked_incidents} rapporter; "
        f"{report.linked_incidents - problems} dubbletter räknas inte två gånger "
        f"({report.pairs} kandidatpar, {report.seconds:.1f} s)\n"
        "alla rapporter länkades om från grunden (behövs efter ändrade gränser för dubbletter eller en import "
        "vars länkning sköts upp; varje import länkar annars sina egna rapporter)"
    )
    return result
