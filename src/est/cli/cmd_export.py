"""``est export``: the filtered incident rows as CSV or Excel (the same filters as the pages' URL).

Without ``--from``/``--to`` the export holds the last complete ISO week (Monday to Sunday before the
current week), as the pages show by default; ``--all`` exports every incident. ``--org`` takes an
organisation's name (or its id, when that cannot be another organisation's name). Before any area set
exists, the rows are exported with empty area columns. The ``--out`` path is checked before anything is read.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from est.cli import UsageError, add_command, add_common, add_period_arguments, check_output_path, open_cli_store
from est.meeting.export_formats import FORMATS
from est.periods import local_today

if TYPE_CHECKING:
    from est.picture.filters import Filters
    from est.store import Reader

_FIRST_DAY = date(1990, 1, 1)  # the import refuses earlier dates


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est export``."""
    p = add_command(sub, "export")
    add_common(p)
    p.add_argument("--format", choices=FORMATS, required=True, help="csv (UTF-8, ';' separated) or xlsx")
    p.add_argument("--out", required=True, help="the file to write")
    add_filter_arguments(p)
    p.set_defaults(handler=run)


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The filter options: period, area set, areas, categories, sources, organisations, raw."""
    p.add_argument("--area-set", help="area set name (default: the default set)")
    add_period_arguments(p, default="the last complete ISO week, Monday to Sunday")
    p.add_argument("--all", action="store_true", help="every incident, whenever it occurred (instead of --from/--to)")
    p.add_argument("--area", action="append", default=[], help="area code (repeat or comma-separate)")
    p.add_argument("--category", action="append", default=[], help="category code; a parent includes its subtree")
    p.add_argument("--source", action="append", default=[], help="source kind, e.g. polis, fastighetsagare")
    p.add_argument(
        "--org",
        action="append",
        default=[],
        help="organisation name (any case) or id, see est organisations list (repeat or comma-separate)",
    )
    p.add_argument(
        "--raw",
        action="store_true",
        help="every report, duplicates too (default: a problem several sources reported counts once)",
    )


def filters_from_args(
    args: argparse.Namespace, organisations: tuple[int, ...] = (), today: date | None = None
) -> Filters:
    """Build the :class:`~est.picture.filters.Filters` of the filter options (same rules as the URL).

    Parameters
    ----------
    args
        The parsed options.
    organisations
        The ids that ``--org`` names (resolved by :func:`est.intake.organisations.organisation_ids`).
    today
        The date that defines the default period.
    """
    from est.picture.filters import filters_from_query

    day = today or local_today()
    first, last = (_FIRST_DAY, day) if args.all else (args.first, args.last)
    query: dict[str, Any] = {
        "from": first.isoformat() if first else None,
        "to": last.isoformat() if last else None,
        "area_set": args.area_set,
        "area": args.area,
        "category": args.category,
        "source": args.source,
        "org": [str(o) for o in organisations],
        "raw": "1" if getattr(args, "raw", False) else None,
    }
    return filters_from_query({k: v for k, v in query.items() if v}, day)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Write the export file and report what it holds."""
    if args.all and (args.first or args.last):
        raise UsageError("--all exports every incident whenever it occurred; give either --all or --from/--to")
    out = check_output_path(args.out, "--out", f"export.{args.format}")
    store = open_cli_store(args.db)

    from est.access.auth import cli_viewer
    from est.meeting.exports import export
    from est.picture.filters import filters_to_query

    organisations: tuple[int, ...] = ()
    if args.org:
        with store.reading() as reader:
            organisations = _organisations(reader, args.org)
    filters = filters_from_args(args, organisations)
    data, rows = export(store, cli_viewer(), filters, args.format)
    out.write_bytes(data)
    return {
        "out": str(out),
        "format": args.format,
        "rows": rows,
        "bytes": len(data),
        "filters": filters_to_query(filters),
    }


def _organisations(reader: Reader, values: list[str]) -> tuple[int, ...]:
    """The ids ``--org`` names; a value with commas is a list unless it is one organisation's name."""
    from est.intake.organisations import find_organisation, organisation_ids

    names: list[str] = []
    for value in values:
        if "," in value and find_organisation(reader, value) is None:
            names.extend(part.strip() for part in value.split(",") if part.strip())
        else:
            names.append(value)
    return organisation_ids(reader, names)
