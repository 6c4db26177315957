"""``est import FILE``, ``est batches list`` and ``est batches undo ID``: the incident import from the shell.

The CLI acts as the local operator (``LOCAL_ADMIN``) and records the actor ``cli:<os user>`` in the audit
log and on the batch. Row reasons and whole-file errors are Swedish, as on the Import page. After a
committed import, duplicates across sources are linked again (:func:`est.dedup.relink_after_change`, by the
same actor); an undo links them inside its own transaction. ``--json`` reports them under ``dedup``. The
import is committed before the linking: when the database is busy then, the import still succeeds (exit 0)
and ``dedup`` says ``deferred`` with the reason; the next import, undo or ``est dedup run`` links them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from est.auth import LOCAL_ADMIN, cli_actor
from est.cli import add_common
from est.config import resolve_db_path
from est.dedup import LinkReport, relink_after_change
from est.errors import DatabaseBusyError
from est.ingest import ImportOptions, import_file, list_batches, rejects_csv, undo_batch
from est.ingest.fields import FIELD_NAMES, parse_map_options
from est.store import Store, open_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est import`` and ``est batches``."""
    p = sub.add_parser("import", help="import incidents from a CSV or Excel file (one batch)")
    add_common(p)
    p.add_argument("file", help="CSV/text or Excel (.xlsx) file")
    p.add_argument("--org", help="organisation the file comes from (created when missing)")
    p.add_argument("--source", help="source kind: fastighetsagare, nattvandrare, polis, kommun, vaktare, ovrig")
    p.add_argument("--area-set", help="area set that area names/codes in the file refer to (default: the default set)")
    p.add_argument("--profile", help="mapping profile to use and save (per organisation)")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=f"map a field to a column (repeatable; FIELD= unmaps); fields: {', '.join(FIELD_NAMES)}",
    )
    p.add_argument("--crs", help="CRS of x/y columns, e.g. EPSG:3006 (default), EPSG:3007–3018, EPSG:3021")
    p.add_argument("--date-format", help="dmy, mdy or a strptime format such as %%d/%%m/%%Y %%H:%%M")
    p.add_argument("--sheet", help="Excel sheet (default: the first)")
    p.add_argument("--dry-run", action="store_true", help="validate and report; commit nothing")
    p.add_argument("--rejects", metavar="CSV", help="write the rejected rows (with reasons) to this CSV file")
    p.set_defaults(handler=run_import)

    b = sub.add_parser("batches", help="list or undo import batches")
    bsub = b.add_subparsers(dest="batches_command", metavar="ACTION", parser_class=type(b))
    bsub.required = True
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
    store = open_store(resolve_db_path(args.db))
    options = ImportOptions(
        organisation=args.org,
        source_kind=args.source,
        area_set=args.area_set,
        profile=args.profile,
        overrides=tuple(parse_map_options(args.map).items()),
        crs=args.crs,
        date_format=args.date_format,
        dry_run=args.dry_run,
        sheet=args.sheet,
    )
    report = import_file(store, LOCAL_ADMIN, args.file, options, actor=cli_actor())
    linked, deferred = _relink(store, "import") if report.status == "committed" else (None, None)
    if args.rejects and report.reject_rows:
        Path(args.rejects).write_bytes(rejects_csv(report))
    result = report.to_dict()
    if linked is not None:
        result["dedup"] = {"problems": linked.problems, "linked_incidents": linked.linked_incidents}
    elif deferred is not None:
        result["dedup"] = {"deferred": deferred}
    lines = [
        report.message,
        f"lästa rader: {report.rows_read}, importerade: {report.rows_imported}, avvisade: {report.rows_rejected}, "
        f"dubbletter: {report.rows_duplicate}, utanför områden: {report.rows_outside_areas}, "
        f"maskerade fält: {report.fields_masked}",
        "kolumner: " + ", ".join(f"{f}={c}" for f, c in report.mapping.items()),
    ]
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


def _relink(store: Store, trigger: str) -> tuple[LinkReport | None, str | None]:
    """Link duplicates after a committed change; a busy database defers it: ``(None, reason)``."""
    try:
        return relink_after_change(store, cli_actor(), trigger), None
    except DatabaseBusyError as exc:
        return None, str(exc)


def run_list(args: argparse.Namespace) -> dict[str, Any]:
    """List batches, newest first."""
    store = open_store(resolve_db_path(args.db))
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
    store = open_store(resolve_db_path(args.db))
    result = undo_batch(store, LOCAL_ADMIN, args.id, actor=cli_actor())  # links duplicates again in its transaction
    result["_text"] = f"batch {args.id} ångrad: {result['rows_deleted']} händelser borttagna"
    return result
