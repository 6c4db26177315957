"""``est areas``: import an area set from a GIS file, and list a set's areas with their incident counts.

``est areas import FILE --set NAME [--name-column C] [--code-column C] [--population-column C]
[--dwellings-column C] [--crs EPSG:N] [--encoding E] [--default] [--json]`` reads GeoJSON, GeoPackage or
a zipped Shapefile (see :mod:`est.areas.files`), saves or replaces the set and re-assigns every incident.
Without ``--name-column`` the column is guessed and the guess is reported.

``est areas list [--set NAME] [--json]`` gives ``{"set", "areas": [{"code", "name", "population",
"centroid": [lat, lon], "incidents"}, …], "outside"}``.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command_group, add_common, open_cli_store
from est.errors import EstError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est areas import`` and ``est areas list``."""
    commands = add_command_group(sub, "areas")

    imp = commands.add_parser(
        "import", help="import or replace an area set from GeoJSON, GeoPackage or zipped Shapefile"
    )
    imp.add_argument("file", help="the area file (.geojson, .gpkg, or .zip holding a Shapefile)")
    imp.add_argument("--set", required=True, dest="set_name", help="the area set's name, e.g. Bostadsområden")
    imp.add_argument("--name-column", help="column with the area names (default: guessed)")
    imp.add_argument(
        "--code-column",
        help="column with the area codes, one per area; parts sharing a code and name are merged (default: the name)",
    )
    imp.add_argument("--population-column", help="column with population")
    imp.add_argument("--dwellings-column", help="column with number of dwellings")
    imp.add_argument("--crs", help="the file's coordinate system when it declares none or a wrong one, e.g. EPSG:3006")
    imp.add_argument("--encoding", help="text encoding of a Shapefile's dbf, e.g. cp1252 (default: detected)")
    imp.add_argument("--default", action="store_true", help="make this the default area set")
    add_common(imp)
    imp.set_defaults(handler=run_import)

    lst = commands.add_parser("list", help="list the areas of a set with population, centroid and incidents")
    lst.add_argument("--set", dest="set_name", help="the area set (default: the default set)")
    add_common(lst)
    lst.set_defaults(handler=run_list)


def run_import(args: argparse.Namespace) -> dict[str, Any]:
    """Read the file, save the set and re-assign incidents in one transaction."""
    from est.access.auth import cli_viewer
    from est.areas.files import import_area_file, read_area_file, suggest_columns
    from est.areas.sets import AreaColumns

    store = open_cli_store(args.db)  # before the file is read: a mistyped --db is told first
    area_file = read_area_file(args.file, crs=args.crs, encoding=args.encoding)
    name_column = args.name_column
    guessed = False
    if not name_column:
        name_column = suggest_columns(area_file)["name"]
        guessed = True
        if not name_column:
            raise EstError(
                f"no column with area names found; choose one with --name-column ({', '.join(area_file.columns)})",
                sv=f"ingen kolumn med områdesnamn hittades; välj en med --name-column ({', '.join(area_file.columns)})",
            )
    result = import_area_file(
        store,
        cli_viewer(),
        area_file,
        args.set_name,
        columns=AreaColumns(
            name=name_column, code=args.code_column, population=args.population_column, dwellings=args.dwellings_column
        ),
        default=args.default,
    )
    output: dict[str, Any] = {
        "set": result.set,
        "areas": result.areas,
        "crs_detected": result.crs_detected,
        "crs_source": result.crs_source,
        "encoding": result.encoding,
        "bounds_wgs84": list(result.bounds_wgs84),
        "name_column": name_column,
        "replaced": result.replaced,
        "incidents_assigned": result.assigned,
        "incidents_moved": result.moved,
        "areas_removed": result.removed_areas,
        "features_skipped": result.skipped,
        "merged": [{"name": m.name, "parts": m.parts} for m in result.merged],
        "notes": list(result.notes),
    }
    lines = [
        f"{'replaced' if result.replaced else 'imported'} area set '{result.set}': {result.areas} areas "
        f"(names from column '{name_column}'{', guessed' if guessed else ''})",
        f"coordinate system: {result.crs_detected} ({result.crs_source})"
        + (f"; text encoding: {result.encoding}" if result.encoding else ""),
        "bounds (WGS 84 lon/lat): " + ", ".join(f"{v:.5f}" for v in result.bounds_wgs84),
        f"incidents assigned: {result.assigned}"
        + (f"; moved to another area: {result.moved}" if result.replaced else ""),
        *(
            ["merged into one area: " + ", ".join(f"{m.name} ({m.parts} parts)" for m in result.merged)]
            if result.merged
            else []
        ),
        *[f"note: {note}" for note in result.notes],
    ]
    output["_text"] = "\n".join(lines)
    return output


def run_list(args: argparse.Namespace) -> dict[str, Any]:
    """List the set's areas."""
    from est.areas.sets import area_listing

    store = open_cli_store(args.db)
    with store.reading() as reader:
        listing = area_listing(reader, args.set_name)
    rows = [
        f"{a['code']:<12} {a['name']:<32} {a['population'] if a['population'] is not None else '–':>8} "
        f"{a['incidents']:>8}"
        for a in listing["areas"]
    ]
    header = f"{'code':<12} {'name':<32} {'pop.':>8} {'incid.':>8}"
    listing["_text"] = "\n".join(
        [f"area set '{listing['set']}'", header, *rows, f"outside every area: {listing['outside']}"]
    )
    return listing
