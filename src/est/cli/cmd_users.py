"""``est users add/list/disable/enable/set-role/reset-password``: accounts, roles and organisations.

The CLI acts as the local operator (an admin named ``cli:<os user>``); every change is audited. Adding the
first user turns the login on: from then on the app asks everybody to log in.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.access.auth import Role
from est.cli import add_command_group, add_common, open_cli_store

_ROLES = ", ".join(r.value for r in Role)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est users`` and its sub-commands."""
    users = add_command_group(sub, "users")

    add = users.add_parser("add", help="add a user (prints a one-time password for local accounts)")
    add_common(add)
    add.add_argument("user", help="local user name, or the e-mail address for an SSO user")
    add.add_argument("--role", required=True, help=f"one of: {_ROLES}")
    add.add_argument("--org", help="organisation name or id (required for rapportor)")
    add.add_argument("--name", help="display name")
    add.add_argument("--sso", action="store_true", help="logs in through OpenID Connect (no local password)")
    add.set_defaults(handler=_add)

    lst = users.add_parser("list", help="list users")
    add_common(lst)
    lst.set_defaults(handler=_list)

    for action, help_text in (("disable", "disable a user"), ("enable", "enable a disabled user")):
        cmd = users.add_parser(action, help=help_text)
        add_common(cmd)
        cmd.add_argument("user")
        cmd.set_defaults(handler=_disable if action == "disable" else _enable)

    role = users.add_parser("set-role", help="change a user's role (and organisation)")
    add_common(role)
    role.add_argument("user")
    role.add_argument("role", help=f"one of: {_ROLES}")
    role.add_argument("--org", help="organisation name or id")
    role.set_defaults(handler=_set_role)

    reset = users.add_parser("reset-password", help="new one-time password for a local account (also unlocks)")
    add_common(reset)
    reset.add_argument("user")
    reset.set_defaults(handler=_reset)


def _add(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.accounts import add_user
    from est.access.auth import cli_viewer

    store = open_cli_store(args.db)
    with store.writing() as w:
        password = add_user(
            w, cli_viewer(), args.user, args.role, organisation=args.org, display_name=args.name, sso=args.sso
        )
    result: dict[str, Any] = {"user": args.user.strip().lower(), "role": args.role.strip().lower(), "sso": args.sso}
    if password:
        result["one_time_password"] = password
        result["_text"] = (
            f"added {result['user']} ({result['role']})\n"
            f"one-time password: {password}\n"
            "hand it over safely; it must be changed at the first login"
        )
    return result


def _list(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.accounts import list_users
    from est.access.auth import cli_viewer

    store = open_cli_store(args.db)
    with store.reading() as r:
        accounts = list_users(r, cli_viewer())
    rows = [
        {
            "user": a.user_name,
            "name": a.display_name,
            "role": a.role.value,
            "organisation": a.organisation,
            "login": "sso" if a.sso else "password",
            "disabled": a.disabled,
            "locked_until": a.locked_until.isoformat() if a.locked_until else None,
            "must_change_password": a.must_change_password and not a.sso,
            "last_login_at": a.last_login_at.isoformat() if a.last_login_at else None,
        }
        for a in accounts
    ]
    lines = [f"{'user':30} {'role':11} {'login':8} {'status':9} organisation"]
    for row in rows:
        status = "disabled" if row["disabled"] else ("locked" if row["locked_until"] else "active")
        lines.append(f"{row['user']:30} {row['role']:11} {row['login']:8} {status:9} {row['organisation'] or '-'}")
    if not rows:
        lines.append("(no users: the app runs as a local single-user install on 127.0.0.1)")
    return {"users": rows, "_text": "\n".join(lines)}


def _disable(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.accounts import set_disabled
    from est.access.auth import cli_viewer

    store = open_cli_store(args.db)
    with store.writing() as w:
        account = set_disabled(w, cli_viewer(), args.user, True)
    return {"user": account.user_name, "disabled": True}


def _enable(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.accounts import set_disabled
    from est.access.auth import cli_viewer

    store = open_cli_store(args.db)
    with store.writing() as w:
        account = set_disabled(w, cli_viewer(), args.user, False)
    return {"user": account.user_name, "disabled": False}


def _set_role(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.accounts import set_role
    from est.access.auth import cli_viewer

    store = open_cli_store(args.db)
    with store.writing() as w:
        account = set_role(w, cli_viewer(), args.user, args.role, organisation=args.org)
    return {"user": account.user_name, "role": account.role.value, "organisation": account.organisation}


def _reset(args: argparse.Namespace) -> dict[str, Any]:
    from est.access.accounts import reset_password
    from est.access.auth import cli_viewer

    store = open_cli_store(args.db)
    with store.writing() as w:
        password = reset_password(w, cli_viewer(), args.user)
    return {
        "user": args.user.strip().lower(),
        "one_time_password": password,
        "_text": f"one-time password for {args.user.strip().lower()}: {password}\nit must be changed at the next login",
    }
