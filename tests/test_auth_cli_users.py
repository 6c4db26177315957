"""``est users``: add (one-time password), list, set-role, disable, enable, reset-password; errors say the fix."""

from __future__ import annotations

import json
import subprocess

import pytest

from est.access.accounts import LoginOutcome, authenticate
from est.store import Store
from tests.cli import est as run_est

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store


def _est(*args: str) -> subprocess.CompletedProcess[str]:
    return run_est(*args)


def test_users_lifecycle_on_the_command_line(empty_store: Store) -> None:
    db = empty_store.database
    with empty_store.writing() as w:
        w.execute("INSERT INTO organisations (name) VALUES ('Polisen Östersund')")
    added = _est("users", "add", "Admin", "--role", "admin", "--db", db, "--json")
    assert added.returncode == 0, added.stderr
    one_time = json.loads(added.stdout)["one_time_password"]
    assert authenticate(empty_store, "admin", one_time).outcome is LoginOutcome.MUST_CHANGE

    sso = _est("users", "add", "per@polisen.se", "--role", "polis", "--org", "Polisen Östersund", "--sso", "--db", db)
    assert sso.returncode == 0 and "one-time" not in sso.stdout

    assert _est("users", "set-role", "per@polisen.se", "samordnare", "--db", db).returncode == 0
    assert _est("users", "disable", "per@polisen.se", "--db", db).returncode == 0
    listed = json.loads(_est("users", "list", "--db", db, "--json").stdout)["users"]
    per = next(u for u in listed if u["user"] == "per@polisen.se")
    assert per == {
        **per,
        "role": "samordnare",
        "organisation": "Polisen Östersund",
        "login": "sso",
        "disabled": True,
    }
    assert _est("users", "enable", "per@polisen.se", "--db", db).returncode == 0
    reset = _est("users", "reset-password", "admin", "--db", db, "--json")
    assert authenticate(empty_store, "admin", json.loads(reset.stdout)["one_time_password"]).viewer is not None
    actions = [r[0] for r in empty_store.rows("SELECT action FROM audit_log ORDER BY id")]
    assert actions[:6] == ["user_add", "login", "user_add", "user_role", "user_disable", "user_enable"]
    assert empty_store.rows("SELECT DISTINCT actor FROM audit_log WHERE action = 'user_add'")[0][0].startswith("cli:")


def test_users_errors_are_one_line_with_the_fix(empty_store: Store) -> None:
    db = empty_store.database
    bad_role = _est("users", "add", "bo", "--role", "chef", "--db", db)
    assert bad_role.returncode == 1
    assert (
        bad_role.stderr.strip() == "error: unknown role 'chef'; use one of: lasare, rapportor, polis, samordnare, admin"
    )
    no_org = _est("users", "add", "bo", "--role", "rapportor", "--db", db)
    assert no_org.returncode == 1 and "--org NAME" in no_org.stderr
    missing = _est("users", "disable", "nobody", "--db", db)
    assert missing.returncode == 1 and "est users list" in missing.stderr
    usage = _est("users", "add", "bo", "--db", db)
    assert usage.returncode == 2
