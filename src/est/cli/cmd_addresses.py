"""``est addresses``: import the kommun's address register (belägenhetsadresser) and see what it placed.

``est addresses import FILE [--crs EPSG:N] [--column FIELD=COLUMN]… [--json]`` reads a CSV (E/N, X/Y or
lat/lon columns), GeoPackage or GeoJSON of address points in any Swedish CRS (see :mod:`est.intake.addresses`),
replaces the stored register and geocodes the stored incidents again: ``{"addresses", "rows_skipped",
"crs", "crs_source", "columns", "incidents": {"matched", "unmatched", "reasons", "examples", "reverted"}}``.
Columns are recognised by name (Gatunamn, Adressplatsnummer, Bokstavstillägg, Postnummer, …);
``--column street=GATA`` names one (fields: street, number, letter, postcode, locality, address, x, y).

``est addresses status [--json]`` gives the register's size, its last import and how many incidents
have their point from it.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command_group, add_common, add_field_column_option, field_columns, open_cli_store
from est.intake.addresses import (
    COLUMN_NAMES,  # a plain table: est.intake.addresses imports no heavy library at import time
)

_REASONS = {
    "not_in_register": "not in the register",
    "ambiguous": "several addresses (add the postcode)",
    "postcode": "the postcode differs",
    "no_address": "no street and number",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est addresses import`` and ``est addresses status``."""
    commands = add_command_group(sub, "addresses")

    imp = commands.add_parser("import", help="replace the address register and geocode the stored incidents")
    imp.add_argument("file", help="the register (.csv, .gpkg or .geojson): one point per address")
    imp.add_argument("--crs", help="the file's coordinate system when it declares none, e.g. EPSG:3012")
    add_field_column_option(imp, "--column", COLUMN_NAMES, "the column for a field (default: recognised by name)")
    add_common(imp)
    imp.set_defaults(handler=run_import)

    status = commands.add_parser("status", help="the register's size and the incidents placed from it")
    add_common(status)
    status.set_defaults(handler=run_status)


def run_import(args: argparse.Namespace) -> dict[str, Any]:
    """Read the register, replace the stored one and geocode the stored incidents, in one transaction."""
    from est.access.auth import cli_viewer
    from est.intake.addresses import import_address_register, read_address_file

    store = open_cli_store(args.db)  # before the file is read: a mistyped --db is told first
    address_file = read_address_file(
        args.file,
        crs=args.crs,
        columns={
            field: column for field, column in field_columns(args.column, "--column", COLUMN_NAMES).items() if column
        },
    )
    result = import_address_register(store, cli_viewer(), address_file)
    output = result.to_dict()
    found = result.geocoded
    lines = [
        f"imported the address register {result.file_name}: {result.addresses} addresses"
        + (f", {result.rows_skipped} rows skipped" if result.rows_skipped else ""),
        f"coordinate system: {result.crs} ({result.crs_source}); columns: "
        + ", ".join(f"{k}={v}" for k, v in result.columns.items()),
        f"incidents matched: {found.matched}; not matched: {found.unmatched}"
        + (f"; points taken back: {found.reverted}" if found.reverted else ""),
        *[f"  {_REASONS.get(reason, reason)}: {n}" for reason, n in sorted(found.reasons.items())],
        *[f"  e.g. {text!r}: {_REASONS.get(reason, reason)} ({n})" for text, reason, n in found.examples],
        *[f"skipped row {row}: {why}" for row, why in result.skipped[:10]],
        *[f"note: {note}" for note in result.notes],
    ]
    output["_text"] = "\n".join(lines)
    return output


def run_status(args: argparse.Namespace) -> dict[str, Any]:
    """The stored register and what it placed."""
    from est.intake.addresses import register_status

    store = open_cli_store(args.db)
    with store.reading() as reader:
        status = register_status(reader)
    return status
