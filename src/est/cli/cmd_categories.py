"""``est categories unmapped/map``: list the sources' labels without an EST category, and map one.

``est categories unmapped [--org NAME] [--all] [--json]`` gives ``{"organisation": NAME|null, "all": false,
"labels": [{"organisation_id", "organisation", "label", "category_code", "incidents", "saved", "origin"}, …]}``
(``--all``: every label with its current category, not only ``okategoriserad`` ones).

``est categories map --org NAME --label TEXT --category CODE [--json]`` saves the organisation's crosswalk
entry (the next import uses it) and updates the stored incidents with that label, in one transaction, and
gives ``{"organisation_id", "organisation", "label", "category_code", "previous", "incidents_updated"}``.
An unknown code is refused (exit 1) with the valid codes listed. The CLI acts as the local operator (an
admin named ``cli:<os user>``); the change is audited (``category_map``).
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command_group, add_common, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est categories unmapped`` and ``est categories map``."""
    actions = add_command_group(sub, "categories")

    unmapped = actions.add_parser("unmapped", help="labels stored as okategoriserad, with incident counts")
    unmapped.add_argument("--org", help="only this organisation (default: every organisation)")
    unmapped.add_argument("--all", action="store_true", help="every label with its current category")
    add_common(unmapped)
    unmapped.set_defaults(handler=_unmapped)

    mapping = actions.add_parser("map", help="map an organisation's label to an EST category code")
    mapping.add_argument("--org", required=True, help="the organisation whose label it is")
    mapping.add_argument("--label", required=True, help="the label as the source writes it")
    mapping.add_argument("--category", required=True, help="an EST category code, e.g. skadegorelse.klotter")
    add_common(mapping)
    mapping.set_defaults(handler=_map)


def _unmapped(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.auth import cli_viewer
    from est.intake.labels import source_labels
    from est.intake.organisations import organisation_id

    store = open_cli_store(args.db)
    with store.reading() as r:
        org = organisation_id(r, args.org) if args.org else None
        labels = source_labels(r, cli_viewer(), org, not args.all)
    rows = [s.as_dict() for s in labels]
    lines = [f"{'incidents':>9}  {'category':24} {'organisation':24} label"]
    lines += [f"{s.incidents:>9}  {s.category_code:24} {s.organisation:24} {s.label}" for s in labels]
    if not labels:
        lines = ["no labels" if args.all else "no unmapped labels: every stored label has an EST category"]
    return {"organisation": args.org, "all": args.all, "labels": rows, "_text": "\n".join(lines)}


def _map(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.auth import cli_viewer
    from est.intake.labels import map_label
    from est.intake.organisations import organisation_id

    store = open_cli_store(args.db)
    with store.reading() as r:
        org = organisation_id(r, args.org)
    done = map_label(store, cli_viewer(), org, args.label, args.category)
    out = done.as_dict()
    before = f" (was {done.previous})" if done.previous else ""
    out["_text"] = (
        f"{done.organisation}: {done.label!r} → {done.category_code}{before}; "
        f"{done.incidents_updated} stored incidents updated; the next import uses the mapping"
    )
    return out
