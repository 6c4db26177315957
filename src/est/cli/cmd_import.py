"""``est import FILE``, ``est batches list`` and ``est batches undo ID``: the incident import from the shell.

The CLI acts as the local operator (``LOCAL_ADMIN``) and records the actor ``cli:<os user>`` in the audit
log and on the batch. Row reasons and whole-file errors are Swedish, as on the Import page. After a
committed import, the batch's reports are linked to duplicates across sources
(:func:`est.intake.dedup.link_batch`, by the same actor: only the new reports and those whose problem they
change, so a small import costs little however many reports are stored); an undo links inside its own
transaction. ``--json`` reports the totals under ``dedup``. The import is committed before the linking: when
the database is busy then, the import still succeeds (exit 0) and ``dedup`` says ``deferred`` with the
reason; ``est dedup run`` (or an undo) links them.

An organisation that does not exist yet is created with ``--source``, else as a fastighetsägare
(:data:`est.intake.organisations.NEW_ORGANISATION_SOURCE_KIND`, as on the Import page); an existing one keeps its
kind. The report says which: ``source_kind`` and ``new_organisation``. The ``--rejects`` path is checked
before the import, so a batch is never committed by a command that then fails to write its rejects.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from est.cli import (
    add_command,
    add_command_group,
    add_common,
    add_field_column_option,
    check_output_path,
    field_columns,
    open_cli_store,
)
from est.intake.dates import DATE_ORDERS
from est.intake.fields import FIELD_NAMES
from est.intake.organisations import NEW_ORGANISATION_SOURCE_KIND

if TYPE_CHECKING:
    from est.intake.dedup import LinkReport
    from est.store import Store

_DIRECTIVE = re.compile(r"%-?(.)", re.DOTALL)
_DIRECTIVES = set("aAwudbBmyYHIpMSfzZjUWcxXgGnV%")  # what DuckDB's strptime knows
_DATE_FORMATS = (
    "dmy (3/11/2026 is 3 November), mdy (11/3/2026 is 3 November) or a strptime format such as %d/%m/%Y %H:%M"
)


def _date_format(text: str) -> str:
    """``--date-format``: dmy, mdy or a strptime format with known directives (anything else is wrong usage)."""
    if text.strip().lower() in DATE_ORDERS:
        return text.strip().lower()
    found = _DIRECTIVE.findall(text)
    unknown = sorted({f"%{d}" for d in found if d not in _DIRECTIVES})
    if unknown:
        listed = ", ".join(unknown)
        raise argparse.ArgumentTypeError(f"{text!r}: {listed} is no strptime directive; give {_DATE_FORMATS}")
    if not [d for d in found if d != "%"]:
        raise argparse.ArgumentTypeError(f"{text!r} is no date format; give {_DATE_FORMATS}")
    return text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est import`` and ``est batches``."""
    p = add_command(sub, "import")
    add_common(p)
    p.add_argument("file", help="CSV/text or Excel (.xlsx) file")
    p.add_argument("--org", help="organisation the file comes from, by name (created when missing)")
    p.add_argument(
        "--source",
        help="source kind of a new organisation: fastighetsagare, nattvandrare, polis, kommun, vaktare, ovrig "
        f"(default for a new organisation: {NEW_ORGANISATION_SOURCE_KIND}, as on the Import page; an existing "
        "organisation keeps its own kind unless this is given)",
    )
    p.add_argument("--area-set", help="area set that area names/codes in the file refer to (default: the default set)")
    p.add_argument("--profile", help="mapping profile to use and save (per organisation)")
    add_field_column_option(p, "--map", FIELD_NAMES, "map a field to a column (repeatable; FIELD= unmaps)")
    p.add_argument("--crs", help="CRS of x/y columns, e.g. EPSG:3006 (default), EPSG:3007–3018, EPSG:3021")
    p.add_argument(
        "--date-format",
        type=_date_format,
        help="dmy, mdy or a strptime format such as %%d/%%m/%%Y %%H:%%M (default: told from the data)",
    )
    p.add_argument("--sheet", help="Excel sheet (default: the first)")
    p.add_argument("--dry-run", action="store_true", help="validate and report; commit nothing")
    p.add_argument(
        "--rejects",
        metavar="CSV",
        help="write the rejected rows (with reasons) to this CSV file (its folder is checked before the import)",
    )
    p.set_defaults(handler=run_import)

    bsub = add_command_group(sub, "batches")
    lp = bsub.add_parser("list", help="list batches: who, when, file, counts")
    add_common(lp)
    lp.add_argument("--limit", type=int, default=50)
    lp.set_defaults(handler=run_list)
    up = bsub.add_parser("undo", help="undo a batch (delete its incidents)")
    add_common(up)
    up.add_argument("id", type=int)
    up.set_defaults(handler=run_undo)


def run_import(args: argparse.Namespace) -> dict[str, Any]:
    """Import one file and return the report."""
    from est.access.auth import LOCAL_ADMIN, cli_actor
    from est.intake import ImportOptions, import_file, rejects_csv
    from est.intake.organisations import find_organisation

    rejects = check_output_path(args.rejects, "--rejects", "avvisade.csv") if args.rejects else None
    store = open_cli_store(args.db)
    options = ImportOptions(
        organisation=args.org,
        source_kind=args.source,
        area_set=args.area_set,
        profile=args.profile,
        overrides=tuple(field_columns(args.map, "--map", FIELD_NAMES, unmap=True).items()),
        crs=args.crs,
        date_format=args.date_format,
        dry_run=args.dry_run,
        sheet=args.sheet,
    )
    with store.reading() as r:
        known = find_organisation(r, args.org) if args.org else None
    report = import_file(store, LOCAL_ADMIN, args.file, options, actor=cli_actor())
    committed = report.status == "committed" and report.batch_id is not None
    linked, deferred = _link_batch(store, int(report.batch_id or 0)) if committed else (None, None)
    if rejects is not None and report.reject_rows:
        rejects.write_bytes(rejects_csv(report))
    result = report.to_dict()
    # the kind the rows were stored with (a new organisation's own kind); the importer applies the same rule
    result["source_kind"] = args.source or (known.source_kind if known else NEW_ORGANISATION_SOURCE_KIND)
    result["new_organisation"] = known is None
    if linked is not None:
        result["dedup"] = {
            "problems": linked.problems,
            "linked_incidents": linked.linked_incidents,
            "seconds": round(linked.seconds, 3),
        }
    elif deferred is not None:
        result["dedup"] = {"deferred": deferred}
    lines = [
        report.message,
        f"lästa rader: {report.rows_read}, importerade: {report.rows_imported}, avvisade: {report.rows_rejected}, "
        f"dubbletter: {report.rows_duplicate}, utanför områden: {report.rows_outside_areas}, "
        f"maskerade fält: {report.fields_masked}",
        "kolumner: " + ", ".join(f"{f}={c}" for f, c in report.mapping.items()),
    ]
    if known is None:
        lines.append(
            f"ny organisation {report.organisation}, källtyp {result['source_kind']}"
            + ("" if args.source else " (ange en annan med --source)")
            + (" — skapas när filen importeras på riktigt" if report.dry_run else "")
        )
    elif known.source_kind == "ovrig" and not args.source:  # e.g. created by an older est import's default
        lines.append(
            f"obs: organisationen {known.name} har källtypen ovrig; ange --source (t.ex. fastighetsagare) "
            "om rapporterna kommer från en annan sorts källa"
        )
    if report.unmapped_categories:
        lines.append("okategoriserade etiketter: " + ", ".join(report.unmapped_categories[:20]))
    lines += [f"rad {r['row']}: {r['reason']}" for r in report.rejects[:20]]
    if len(report.rejects) > 20:
        lines.append(f"… och {len(report.rejects) - 20} avvisade rader till (--rejects FIL sparar alla)")
    if linked is not None:
        lines.append(f"dubbletter mellan källor: {linked.problems} problem med {linked.linked_incidents} rapporter")
    elif deferred is not None:
        lines.append(f"dubbletter mellan källor länkas senare ({deferred}); kör: est dedup run")
    result["_text"] = "\n".join(lines)
    return result


def _link_batch(store: Store, batch_id: int) -> tuple[LinkReport | None, str | None]:
    """Link a committed batch's reports to duplicates; a busy database defers it: ``(None, reason)``.

    On a server store, linkings of imports committed at the same moment that keep meeting each other too.
    """
    from est.access.auth import cli_actor
    from est.errors import ConcurrentWriteError, DatabaseBusyError
    from est.intake.dedup import link_batch

    try:
        return link_batch(store, cli_actor(), batch_id), None
    except (DatabaseBusyError, ConcurrentWriteError) as exc:
        return None, str(exc)


def run_list(args: argparse.Namespace) -> dict[str, Any]:
    """List batches, newest first."""
    from est.access.auth import LOCAL_ADMIN
    from est.intake import list_batches

    store = open_cli_store(args.db)
    with store.reading() as r:
        batches = list_batches(r, LOCAL_ADMIN, args.limit)
    text = "\n".join(
        f"{b['id']:>5}  {b['status']:<9} {str(b['created_at'])[:16]}  {b['created_by'] or ''}  "
        f"{b['organisation'] or ''}  {b['file_name'] or ''}  importerade {b['rows_imported']}, "
        f"avvisade {b['rows_rejected']}, dubbletter {b['rows_duplicate']}"
        for b in batches
    )
    return {"batches": batches, "_text": text or "inga batcher ännu"}


def run_undo(args: argparse.Namespace) -> dict[str, Any]:
    """Undo one batch."""
    from est.access.auth import LOCAL_ADMIN, cli_actor
    from est.intake import undo_batch

    store = open_cli_store(args.db)
    result = undo_batch(store, LOCAL_ADMIN, args.id, actor=cli_actor())  # links duplicates again in its transaction
    result["_text"] = f"batch {args.id} ångrad: {result['rows_deleted']} händelser borttagna"
    return result
