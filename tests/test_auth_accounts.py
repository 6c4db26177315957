"""Local accounts: argon2 hashes, forced change on first login, lockout, roles, audit entries."""

from __future__ import annotations

import pytest

from est.access.accounts import (
    LoginOutcome,
    add_user,
    authenticate,
    change_password,
    get_account,
    has_users,
    list_users,
    record_sso_login,
    reset_password,
    set_disabled,
    set_role,
    viewer_for,
)
from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.access.settings import set_setting
from est.errors import EstError, PermissionDeniedError
from est.store import Store

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

GOOD = "Korrekt-häst-batteri-9"


def _org(store: Store, name: str = "Bostadsbolaget") -> int:
    with store.writing() as w:
        w.execute("INSERT INTO organisations (name, source_kind) VALUES (?, 'fastighetsagare')", [name])
        return int(w.value("SELECT id FROM organisations WHERE name = ?", [name]))


def _audit(store: Store) -> list[tuple[str, str, str | None]]:
    return [(r[0], r[1], r[2]) for r in store.rows("SELECT actor, action, target FROM audit_log ORDER BY id")]


def test_generated_one_time_password_must_be_changed_at_first_login(empty_store: Store) -> None:
    with empty_store.writing() as w:
        one_time = add_user(w, LOCAL_ADMIN, "Anna", "samordnare")
    assert one_time and len(one_time) >= 12
    stored = empty_store.value("SELECT password_hash FROM users WHERE user_name = 'anna'")
    assert stored.startswith("$argon2id$") and one_time not in stored

    first = authenticate(empty_store, "anna", one_time)
    assert first.outcome is LoginOutcome.MUST_CHANGE
    assert first.viewer == Viewer("anna", Role.SAMORDNARE, None)

    change_password(empty_store, "anna", one_time, GOOD)
    assert authenticate(empty_store, "ANNA ", GOOD).outcome is LoginOutcome.OK
    assert authenticate(empty_store, "anna", one_time).outcome is LoginOutcome.BAD_CREDENTIALS


def test_lockout_after_repeated_failures_even_for_the_right_password(empty_store: Store) -> None:
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "bo", "lasare", password=GOOD)
        set_setting(w, "login_max_failures", "3", by="test")
    assert authenticate(empty_store, "bo", "fel1").outcome is LoginOutcome.BAD_CREDENTIALS
    assert authenticate(empty_store, "bo", "fel2").outcome is LoginOutcome.BAD_CREDENTIALS
    third = authenticate(empty_store, "bo", "fel3")
    assert third.outcome is LoginOutcome.LOCKED and third.locked_until is not None
    assert authenticate(empty_store, "bo", GOOD).outcome is LoginOutcome.LOCKED
    actions = [a for _, a, _ in _audit(empty_store)]
    assert actions.count("login_failed") == 3  # two wrong passwords, one attempt while locked
    assert "lockout" in actions and "login" not in actions


def test_lock_expires_and_a_success_resets_the_counter(empty_store: Store) -> None:
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "bo", "lasare", password=GOOD)
        set_setting(w, "login_max_failures", "2", by="test")
        set_setting(w, "login_lockout_minutes", "0", by="test")
    authenticate(empty_store, "bo", "fel")
    assert authenticate(empty_store, "bo", "fel").outcome is LoginOutcome.LOCKED
    assert authenticate(empty_store, "bo", GOOD).outcome is LoginOutcome.MUST_CHANGE  # lock of 0 minutes is over
    assert empty_store.value("SELECT failed_attempts FROM users WHERE user_name = 'bo'") == 0


def test_unknown_user_and_wrong_password_look_the_same(empty_store: Store) -> None:
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "bo", "lasare", password=GOOD)
    assert authenticate(empty_store, "nobody", GOOD).outcome is LoginOutcome.BAD_CREDENTIALS
    assert authenticate(empty_store, "bo", "wrong-password").outcome is LoginOutcome.BAD_CREDENTIALS
    assert ("(unknown)", "login_failed", None) in _audit(empty_store)


def test_disabled_user_cannot_log_in_and_has_no_viewer(empty_store: Store) -> None:
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "root", "admin", password=GOOD)
        add_user(w, LOCAL_ADMIN, "bo", "polis", password=GOOD)
        set_disabled(w, LOCAL_ADMIN, "bo")
    assert authenticate(empty_store, "bo", GOOD).outcome is LoginOutcome.DISABLED
    with empty_store.reading() as r:
        assert viewer_for(r, "bo") is None
        assert viewer_for(r, "root") == Viewer("root", Role.ADMIN, None)


def test_weak_passwords_are_refused_with_the_rule(empty_store: Store) -> None:
    with empty_store.writing() as w:
        with pytest.raises(EstError, match="at least 12 characters"):
            add_user(w, LOCAL_ADMIN, "bo", "lasare", password="kort")
        with pytest.raises(EstError, match="contains the user name"):
            add_user(w, LOCAL_ADMIN, "bosse", "lasare", password="bosse-123456789")
    with empty_store.writing() as w:
        one_time = add_user(w, LOCAL_ADMIN, "bo", "lasare")
    assert one_time
    with pytest.raises(EstError, match="must differ"):
        change_password(empty_store, "bo", one_time, one_time)
    with pytest.raises(EstError, match="current password is wrong"):
        change_password(empty_store, "bo", "not-it-at-all", GOOD)


def test_rapportor_needs_an_organisation_and_gets_it(empty_store: Store) -> None:
    org = _org(empty_store)
    with empty_store.writing() as w:
        with pytest.raises(EstError, match="--org"):
            add_user(w, LOCAL_ADMIN, "rita", "rapportor", password=GOOD)
        with pytest.raises(EstError, match="existing organisations: Bostadsbolaget"):
            add_user(w, LOCAL_ADMIN, "rita", "rapportor", organisation="Okänt AB", password=GOOD)
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "rita", "rapportor", organisation="bostadsbolaget", password=GOOD)
    with empty_store.reading() as r:
        assert viewer_for(r, "rita") == Viewer("rita", Role.RAPPORTOR, org)


def test_only_admins_manage_users(empty_store: Store) -> None:
    with empty_store.writing() as w, pytest.raises(PermissionDeniedError):
        add_user(w, Viewer("s", Role.SAMORDNARE), "x", "lasare")
    with empty_store.reading() as r, pytest.raises(PermissionDeniedError):
        list_users(r, Viewer("p", Role.POLIS))


def test_the_last_admin_cannot_be_demoted_or_disabled(empty_store: Store) -> None:
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "root", "admin", password=GOOD)
    with empty_store.writing() as w, pytest.raises(EstError, match="last admin"):
        set_role(w, LOCAL_ADMIN, "root", "lasare")
    with empty_store.writing() as w, pytest.raises(EstError, match="last admin"):
        set_disabled(w, LOCAL_ADMIN, "root")
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "root2", "admin", password=GOOD)
        account = set_role(w, LOCAL_ADMIN, "root", "polis")
    assert account.role is Role.POLIS


def test_sso_users_are_matched_by_e_mail_and_unknown_ones_get_no_access(empty_store: Store) -> None:
    with empty_store.writing() as w:
        assert add_user(w, LOCAL_ADMIN, "Polis.Per@Example.se", "polis", sso=True) is None
        with pytest.raises(EstError, match="e-mail"):
            add_user(w, LOCAL_ADMIN, "per", "polis", sso=True)
    assert record_sso_login(empty_store, "polis.per@example.se") == Viewer("polis.per@example.se", Role.POLIS)
    assert record_sso_login(empty_store, "stranger@example.se") is None
    # an SSO user has no password to guess
    assert authenticate(empty_store, "polis.per@example.se", "").outcome is LoginOutcome.BAD_CREDENTIALS
    actions = [(a, t) for _, a, t in _audit(empty_store)]
    assert ("login_denied", None) in actions
    assert empty_store.value("SELECT actor FROM audit_log WHERE action = 'login_denied'") == "stranger@example.se"


def test_every_account_change_is_audited(empty_store: Store) -> None:
    with empty_store.reading() as r:
        assert not has_users(r)
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "root", "admin", password=GOOD)
        add_user(w, LOCAL_ADMIN, "bo", "lasare", password=GOOD)
        set_role(w, LOCAL_ADMIN, "bo", "polis")
        set_disabled(w, LOCAL_ADMIN, "bo")
        set_disabled(w, LOCAL_ADMIN, "bo", disabled=False)
        new = reset_password(w, LOCAL_ADMIN, "bo")
    assert authenticate(empty_store, "bo", new).outcome is LoginOutcome.MUST_CHANGE
    assert [a for _, a, _ in _audit(empty_store)] == [
        "user_add",
        "user_add",
        "user_role",
        "user_disable",
        "user_enable",
        "password_reset",
        "login",
    ]
    with empty_store.reading() as r:
        assert has_users(r)
        assert [a.user_name for a in list_users(r, LOCAL_ADMIN)] == ["bo", "root"]
        account = get_account(r, "bo")
    assert account is not None and account.role is Role.POLIS and not account.disabled
