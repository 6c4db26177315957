"""``est organisations list``: the organisations reports come from, with their ids and source kinds.

``--json`` gives ``{"organisations": [{"id", "name", "source_kind", "source_kind_label", "incidents",
"batches", "last_import_at", "created_at"}, …]}`` sorted by name (``incidents``: stored reports;
``batches``: committed imports). The names are what ``est import --org`` and ``est export --org`` take.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command_group, add_common, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est organisations list``."""
    actions = add_command_group(sub, "organisations")
    shown = actions.add_parser("list", help="every organisation: id, name, source kind, reports and last import")
    add_common(shown)
    shown.set_defaults(handler=_list)


def _list(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.auth import cli_viewer
    from est.intake.organisations import organisation_overview

    store = open_cli_store(args.db)
    with store.reading() as reader:
        organisations = organisation_overview(reader, cli_viewer())
    lines = [f"{'id':>5}  {'source kind':16} {'reports':>8} {'batches':>7}  {'last import':16}  name"]
    lines += [
        f"{o.id:>5}  {o.source_kind:16} {o.incidents:>8} {o.batches:>7}  {(o.last_import_at or '-')[:16]:16}  {o.name}"
        for o in organisations
    ]
    if not organisations:
        lines = ["no organisations yet: an import creates them (est import FILE --org NAME)"]
    return {"organisations": [o.as_dict() for o in organisations], "_text": "\n".join(lines)}
