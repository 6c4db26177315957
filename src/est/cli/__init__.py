"""The ``est`` command line: one sub-command module per feature, all following the same conventions.

Conventions (scripts rely on them): ``est <command> … [--db PATH] [--json]``. With ``--json`` stdout is
exactly one JSON object. Exit 0 on success; 1 on a domain error with one line on stderr starting
``error:`` (never a traceback); 2 on wrong usage. The database path is ``--db``, else ``$EST_DB``,
else ``data/est.duckdb``. The CLI acts as the local operator (role admin): whoever can run it can
already read the database file.

Each module in :data:`COMMAND_MODULES` defines ``register(subparsers)`` which adds its parser(s) and sets
``handler`` (a function ``(args) -> dict``) with ``parser.set_defaults(handler=…)``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from est.errors import EstError

__all__ = ["COMMAND_MODULES", "main"]

COMMAND_MODULES: tuple[str, ...] = (
    "est.cli.cmd_init",
    "est.cli.cmd_import",
    "est.cli.cmd_stats",
    "est.cli.cmd_areas",
    "est.cli.cmd_users",
    "est.cli.cmd_retention",
    "est.cli.cmd_police",
    "est.cli.cmd_report",
    "est.cli.cmd_export",
    "est.cli.cmd_dedup",
    "est.cli.cmd_settings",
    "est.cli.cmd_categories",
    "est.cli.cmd_addresses",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit code for usage errors is 2
        self.print_usage(sys.stderr)
        self.exit(2, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the full ``est`` parser with every command module registered."""
    parser = _Parser(prog="est", description="EST Lägesbild command line")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def add_common(parser: argparse.ArgumentParser) -> None:
    """Add ``--db`` and ``--json``, which every command takes."""
    parser.add_argument("--db", help="database file (default: $EST_DB, else data/est.duckdb)")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON object on stdout")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``est`` command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: dict[str, Any] = args.handler(args)
    except EstError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was committed by the interrupted step", file=sys.stderr)
        return 1
    try:
        _print_result(result, as_json=args.json)
    except BrokenPipeError:  # `est … | head`: the reader left; the command itself succeeded
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit-time flush quiet
    return 0


def _print_result(result: dict[str, Any], *, as_json: bool) -> None:
    text = result.pop("_text", None) if isinstance(result, dict) else None
    if as_json:
        print(json.dumps(result, ensure_ascii=False, default=str))
    elif text is not None:
        print(text)
    else:
        for key, value in result.items():
            shown = json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (dict, list)) else value
            print(f"{key}: {shown}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
