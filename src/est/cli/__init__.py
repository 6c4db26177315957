"""The ``est`` command line: one sub-command module per feature, all following the same conventions.

Conventions (scripts rely on them): ``est <command> … [--db PATH] [--json]``. With ``--json`` stdout is
exactly one JSON object, on errors too: ``{"error": {"message": "…", "code": N}}``. Exit 0 on success;
1 on a domain error with one line on stderr starting ``error:`` (never a traceback); 2 on wrong usage
(the usage of the sub-command that was typed, then the ``error:`` line). The database path is ``--db``,
else ``$EST_DB``, else ``data/est.duckdb``; only ``est init`` creates the file (:func:`open_cli_store`).
The CLI acts as the local operator (role admin): whoever can run it can already read the database file.

Each command is listed once in :data:`COMMANDS` with its module and the line ``est --help`` shows. ``est``
imports only the module of the command that was typed, and each module imports only argparse-level
things at its top: its ``register(subparsers)`` adds its parser(s) (:func:`add_command`) and sets
``handler`` (a function ``(args) -> dict``) with ``parser.set_defaults(handler=…)``; the handler imports
the domain modules it needs (pandas, DuckDB, fpdf …). So ``--help`` and usage errors stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from est.errors import EstError, InputFileError

if TYPE_CHECKING:
    from est.store import Store

__all__ = [
    "COMMANDS",
    "COMMAND_MODULES",
    "Command",
    "UsageError",
    "add_command",
    "add_command_group",
    "add_common",
    "add_period_arguments",
    "build_parser",
    "check_output_path",
    "main",
    "open_cli_store",
]


@dataclass(frozen=True)
class Command:
    """One top-level command: its name, the module that registers it, and its line in ``est --help``."""

    name: str
    module: str
    help: str


COMMANDS: tuple[Command, ...] = (
    Command("init", "est.cli.cmd_init", "create or migrate the database (optionally with demo data)"),
    Command("import", "est.cli.cmd_import", "import incidents from a CSV or Excel file (one batch)"),
    Command("batches", "est.cli.cmd_import", "list or undo import batches"),
    Command("organisations", "est.cli.cmd_organisations", "the organisations reports come from: list them"),
    Command("stats", "est.cli.cmd_stats", "incident counts by area, category, source, month or week"),
    Command("areas", "est.cli.cmd_areas", "area sets: import from a GIS file, list areas"),
    Command("users", "est.cli.cmd_users", "user accounts, roles and organisations"),
    Command("retention", "est.cli.cmd_retention", "purge free text and exact points older than the retention period"),
    Command("police", "est.cli.cmd_police", "police open events (polisen.se) as kommun-level context"),
    Command("report", "est.cli.cmd_report", "make PDF reports (weekly lägesbild, meeting report)"),
    Command("export", "est.cli.cmd_export", "export the filtered incident rows as CSV or Excel"),
    Command("dedup", "est.cli.cmd_dedup", "duplicates across sources: link reports of the same thing into problems"),
    Command("settings", "est.cli.cmd_settings", "show or change the installation's settings"),
    Command("categories", "est.cli.cmd_categories", "the sources' own category labels: list unmapped ones, map one"),
    Command("addresses", "est.cli.cmd_addresses", "the address register: import it, geocode incidents"),
    Command("alerts", "est.cli.cmd_alerts", "areas unusually high in one ISO week, given their own history"),
    Command("patrol-plan", "est.cli.cmd_patrol", "next week's visit windows for patrols and night walkers (PDF too)"),
    Command("api", "est.cli.cmd_api", "serve the open read API (weekly counts per area, off until open_api on)"),
    Command("hotspots", "est.cli.cmd_hotspots", "hot cells (H3, Getis-Ord Gi*, false-discovery rate) for a period"),
    Command("migrate-store", "est.cli.cmd_migrate_store", "copy the DuckDB store to PostgreSQL, counts verified"),
)
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(c.module for c in COMMANDS))
_HELP = {c.name: c.help for c in COMMANDS}
_LEAF = "_est_parser"  # the namespace attribute naming the innermost parser that parsed the arguments


class UsageError(Exception):
    """Wrong usage (exit 2): raised by the parsers instead of exiting, and by checks after parsing."""

    def __init__(self, message: str, parser: argparse.ArgumentParser | None = None) -> None:
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are raised (:class:`UsageError`), so :func:`main` reports them."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if not hasattr(parsed, _LEAF):  # the innermost sub-command parser finishes first and is kept
            setattr(parsed, _LEAF, self)
        return parsed, extras


def add_command(sub: argparse._SubParsersAction[Any], name: str, **kwargs: Any) -> argparse.ArgumentParser:
    """Add the top-level command ``name`` with its help line from :data:`COMMANDS`."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=_HELP[name], **kwargs)
    return parser


def add_command_group(
    sub: argparse._SubParsersAction[Any], name: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """Add the top-level command ``name`` whose actions (``est name ACTION …``) the caller adds; one is required.

    The actions' parsers are the command's own class, so a usage error in one shows that action's usage.
    """
    parser = add_command(sub, name)
    actions = parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    return actions


def build_parser(command: str | None = None, *, every: bool = False) -> argparse.ArgumentParser:
    """Return the ``est`` parser with the module of ``command`` registered (every module when ``every``).

    The other commands are listed by name and help line only, without importing their modules, so
    ``est --help`` and ``est stats --help`` load no domain module.
    """
    parser = _Parser(prog="est", description="EST Lägesbild command line")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    chosen = {c.module for c in COMMANDS if every or c.name == command}
    registered: set[str] = set()
    for cmd in COMMANDS:
        if cmd.module in chosen:
            if cmd.module not in registered:
                importlib.import_module(cmd.module).register(sub)
                registered.add(cmd.module)
        else:
            add_command(sub, cmd.name)  # listed only; never parsed (its module is loaded when it is typed)
    return parser


def add_common(parser: argparse.ArgumentParser) -> None:
    """Add ``--db`` and ``--json``, which every command takes."""
    parser.add_argument("--db", help="database file (default: $EST_DB, else data/est.duckdb)")
    parser.add_argument(
        "--json", action="store_true", help='print exactly one JSON object on stdout (on errors: {"error": …})'
    )


def add_field_column_option(
    parser: argparse.ArgumentParser, flag: str, fields: Collection[str], help_text: str
) -> None:
    """Add a repeatable ``FLAG FIELD=COLUMN`` option choosing a file's column for a field.

    Read it with :func:`field_columns`; ``help_text`` is followed by the fields' names.
    """
    parser.add_argument(
        flag, action="append", default=[], metavar="FIELD=COLUMN", help=f"{help_text}; fields: {', '.join(fields)}"
    )


def field_columns(
    items: Sequence[str], flag: str, fields: Collection[str], *, unmap: bool = False
) -> dict[str, str | None]:
    """The ``FIELD=COLUMN`` options of :func:`add_field_column_option`; ``FIELD=`` (None) only with ``unmap``.

    Raises
    ------
    InputFileError
        For an unknown field or a malformed option, listing the fields.
    """
    chosen: dict[str, str | None] = {}
    for item in items:
        field, sep, column = item.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or field not in fields or not (column or unmap):
            raise InputFileError(
                f"{flag} {item!r}: write FIELD=COLUMN, where FIELD is one of {', '.join(fields)}",
                sv=f"{flag} {item!r}: skriv FÄLT=KOLUMN, där FÄLT är ett av {', '.join(fields)}",
            )
        chosen[field] = column or None
    return chosen


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-03") from None


def add_period_arguments(parser: argparse.ArgumentParser, *, default: str, default_to: str | None = None) -> None:
    """Add ``--from`` and ``--to`` (ISO dates, inclusive; ``args.first`` / ``args.last``).

    A malformed date, or a ``--to`` before the ``--from``, is wrong usage (exit 2), checked by :func:`main`.

    Parameters
    ----------
    parser
        The command's parser.
    default
        What the command looks at without ``--from``, for the help text, e.g. "the last complete ISO week".
    default_to
        The help text's default of ``--to`` (default: with ``--from``, that one day).
    """
    parser.add_argument(
        "--from", dest="first", type=_iso_day, metavar="YYYY-MM-DD", help=f"first day, YYYY-MM-DD (default: {default})"
    )
    parser.add_argument(
        "--to",
        dest="last",
        type=_iso_day,
        metavar="YYYY-MM-DD",
        help=f"last day, inclusive, YYYY-MM-DD (default: {default_to or 'with --from, that one day'})",
    )


def _check_period(args: argparse.Namespace) -> None:
    first, last = getattr(args, "first", None), getattr(args, "last", None)
    if isinstance(first, date) and isinstance(last, date) and last < first:
        raise UsageError(
            f"--to {last} is before --from {first}; give the first day with --from and the last day (inclusive, "
            "the same or later) with --to"
        )


def check_output_path(path: str | os.PathLike[str], option: str, example: str) -> Path:
    """Return ``path`` as a file the command can write, checked before any work is done.

    Parameters
    ----------
    path
        The option's value.
    option
        The option, for the message (``--out``).
    example
        A file name for the message when ``path`` is a folder (``lagesbild.pdf``).

    Raises
    ------
    EstError
        When it names a folder, its folder does not exist, or either may not be written.
    """
    out = Path(path)
    if out.is_dir():
        raise EstError(
            f"{option} {out} is a folder; give a file name, e.g. {out / example}",
            sv=f"{option} {out} är en mapp; ange ett filnamn, t.ex. {out / example}",
        )
    folder = out.parent
    if not folder.is_dir():
        raise EstError(
            f"{option} {out}: the folder {folder} does not exist; create it first",
            sv=f"{option} {out}: mappen {folder} finns inte; skapa den först",
        )
    if not os.access(out if out.exists() else folder, os.W_OK):
        raise EstError(
            f"{option} {out}: {'the file' if out.exists() else 'the folder'} may not be written by you; "
            "choose another place",
            sv=f"{option} {out}: du får inte skriva {'filen' if out.exists() else 'i mappen'}; välj en annan plats",
        )
    return out


def open_cli_store(db: str | None, *, replica: bool = False) -> Store:
    """Open (and migrate) the existing database of ``--db`` / ``$EST_DB`` / the default; never create one.

    A store on a PostgreSQL server is read on the server itself, unless ``replica`` (a long-running command
    such as ``est api serve`` keeps a local replica, as the app does).

    Raises
    ------
    EstError
        When there is no database (file, or store on the server) there: only ``est init`` creates one.
    """
    from est.config import resolve_db
    from est.store import open_store

    target = resolve_db(db)
    if isinstance(target, str):
        from est.store.server import ServerStore

        server = ServerStore(target, direct=not replica)  # a short command reads the server itself
        if not server.has_schema():
            shown = server.shown
            raise EstError(
                f"no EST store at {shown}; create it with: est init --db {shown}",
                sv=f"det finns ingen EST-databas på {shown}; skapa den med: est init --db {shown}",
            )
        server.migrate()
        return server
    if not target.is_file():
        raise EstError(
            f"no database at {target}; create it with: est init --db {target}",
            sv=f"det finns ingen databas på {target}; skapa den med: est init --db {target}",
        )
    return open_store(target)


def _command_name(argv: Sequence[str]) -> str | None:
    """The command typed: the first argument that is no option (the top-level parser has only ``-h``)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``est`` command line; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in arguments
    parser: argparse.ArgumentParser | None = None
    try:
        parser = build_parser(_command_name(arguments))
        args, extras = parser.parse_known_args(arguments)
        leaf = getattr(args, _LEAF, parser)
        if extras:
            leaf.error(f"unrecognized arguments: {' '.join(extras)}")
        try:
            _check_period(args)
            result: dict[str, Any] = args.handler(args)
        except UsageError as exc:  # found after parsing (by main or the handler): the typed command's usage
            exc.parser = exc.parser or leaf
            raise
    except UsageError as exc:
        (exc.parser or parser or _Parser(prog="est")).print_usage(sys.stderr)
        return _fail(str(exc), 2, as_json=as_json)
    except EstError as exc:
        return _fail(str(exc), 1, as_json=as_json)
    except OSError as exc:  # a file that vanished or may not be written after the checks: no traceback
        return _fail(_os_message(exc), 1, as_json=as_json)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing was committed by the interrupted step", 1, as_json=as_json)
    try:
        _print_result(result, as_json=args.json)
    except BrokenPipeError:  # `est … | head`: the reader left; the command itself succeeded
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit-time flush quiet
    return 0


def _fail(message: str, code: int, *, as_json: bool) -> int:
    """Report an error: the ``error:`` line on stderr and, with ``--json``, the error object on stdout."""
    print(f"error: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"error": {"message": message, "code": code}}, ensure_ascii=False))
    return code


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else re.sub(r"^\[Errno \d+\] ", "", reason)


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
