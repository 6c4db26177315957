"""``est settings list`` and ``est settings set KEY VALUE``: the installation's settings, validated and audited.

The settings and their defaults are declared in :mod:`est.config`; ``list`` shows every one with its value.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command_group, add_common, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est settings list`` and ``est settings set``."""
    actions = add_command_group(sub, "settings")
    shown = actions.add_parser("list", help="every setting with its value and default")
    add_common(shown)
    shown.set_defaults(handler=_list)
    change = actions.add_parser("set", help="change one setting (validated; audited)")
    add_common(change)
    change.add_argument("key", help="the setting, e.g. kommun_code, retention_months, basemap_url")
    change.add_argument("value", help="the new value ('' for an empty value)")
    change.set_defaults(handler=_set)


def _list(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.settings import list_settings

    store = open_cli_store(args.db)
    with store.reading() as reader:
        settings = list_settings(reader)
    width = max(len(str(s["key"])) for s in settings)
    lines = [
        f"{str(s['key']).ljust(width)}  {s['value'] or '(empty)'}{'' if not s['changed'] else '  (changed)'}"
        f"\n{' ' * width}  {s['help_en']}"
        for s in settings
    ]
    return {"settings": settings, "_text": "\n".join(lines)}


def _set(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.auth import cli_viewer
    from est.access.settings import change_setting

    store = open_cli_store(args.db)
    stored = change_setting(store, cli_viewer(), args.key, args.value)
    return {"key": args.key, "value": stored, "_text": f"{args.key} = {stored or '(empty)'}"}
