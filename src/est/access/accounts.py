"""User accounts: who may log in, with which role and organisation; local passwords and lockout.

Who calls it: the login widgets (``est.ui.auth``), the users page and ``est users`` on the command line.

Two kinds of users share the ``users`` table:

* **SSO users** (OpenID Connect through ``st.login``): ``user_name`` is the e-mail address the identity
  provider vouches for; there is no password. Someone the provider knows but who has no row here gets
  no access at all (not a default role): an admin adds them with a role first.
* **Local accounts** for kommuner without SSO: an argon2id hash, a one-time password that must be changed
  at first login, and a lockout after ``login_max_failures`` failed attempts in a row for
  ``login_lockout_minutes``.

Every change and every login attempt is written to the audit log in the same transaction. Functions that
change accounts take the acting :class:`~est.access.auth.Viewer` and check ``MANAGE_USERS`` themselves.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from est.access import audit
from est.access.auth import Permission, Role, Viewer, parse_role, require
from est.access.settings import get_setting
from est.errors import EstError

if TYPE_CHECKING:
    from est.i18n import Lang
    from est.store import Reader, Store, Writer

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "Account",
    "LoginOutcome",
    "LoginResult",
    "add_user",
    "authenticate",
    "change_password",
    "check_password_policy",
    "get_account",
    "has_local_accounts",
    "has_users",
    "list_users",
    "record_sso_login",
    "reset_password",
    "set_disabled",
    "set_role",
    "user_names",
    "users_table",
    "viewer_for",
]

MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()  # argon2id, the library's RFC 9106 low-memory defaults


@functools.cache
def _dummy_hash() -> str:
    """A hash verified against when the name is unknown, so that takes as long as a wrong password."""
    return _HASHER.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Account:
    """One row of the users table, without the password hash."""

    user_name: str
    display_name: str | None
    role: Role
    organisation_id: int | None
    organisation: str | None
    sso: bool
    must_change_password: bool
    failed_attempts: int
    locked_until: datetime | None
    disabled: bool
    last_login_at: datetime | None

    def viewer(self) -> Viewer:
        """The :class:`Viewer` this account acts as."""
        return Viewer(user=self.user_name, role=self.role, organisation_id=self.organisation_id)


class LoginOutcome(StrEnum):
    """What a password login attempt came to."""

    OK = "ok"
    MUST_CHANGE = "must_change"  # right password, but the one-time password must be changed first
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class LoginResult:
    """The outcome of :func:`authenticate`; ``viewer`` is set for OK and MUST_CHANGE."""

    outcome: LoginOutcome
    viewer: Viewer | None = None
    locked_until: datetime | None = None


_SELECT = (
    "SELECT u.user_name, u.display_name, u.role, u.organisation_id, o.name AS organisation, "
    "u.password_hash IS NULL AS sso, u.must_change_password, u.failed_attempts, u.locked_until, u.disabled, "
    "u.last_login_at FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id"
)


def _account(row: tuple[Any, ...]) -> Account:
    return Account(
        user_name=row[0],
        display_name=row[1],
        role=Role(row[2]),
        organisation_id=row[3],
        organisation=row[4],
        sso=bool(row[5]),
        must_change_password=bool(row[6]),
        failed_attempts=int(row[7]),
        locked_until=row[8],
        disabled=bool(row[9]),
        last_login_at=row[10],
    )


def _normalise(user_name: str) -> str:
    name = user_name.strip().lower()
    if not name:
        raise EstError(
            "the user name is empty; give a local name (e.g. 'anna') or an e-mail address",
            sv="användarnamnet är tomt; ange ett lokalt namn (t.ex. 'anna') eller en e-postadress",
        )
    if any(ch.isspace() for ch in name):
        raise EstError(
            f"the user name '{user_name}' contains spaces; use e.g. 'anna.berg' or an e-mail address",
            sv=f"användarnamnet '{user_name}' innehåller mellanslag; använd t.ex. 'anna.berg' eller en e-postadress",
        )
    return name


def has_users(reader: Reader) -> bool:
    """Whether any user exists: then the login form is on and the app is no longer a local single-user install."""
    return bool(reader.value("SELECT count(*) FROM users"))


def has_local_accounts(reader: Reader) -> bool:
    """Whether any enabled account logs in with a password (then the login form offers a password field)."""
    return bool(reader.value("SELECT count(*) FROM users WHERE password_hash IS NOT NULL AND NOT disabled"))


def get_account(reader: Reader, user_name: str) -> Account | None:
    """The account called ``user_name`` (case-insensitive), or None."""
    row = reader.row(f"{_SELECT} WHERE u.user_name = ?", [user_name.strip().lower()])
    return _account(row) if row else None


def viewer_for(reader: Reader, user_name: str) -> Viewer | None:
    """The viewer for an enabled account (SSO e-mail or local name), else None (no access)."""
    account = get_account(reader, user_name)
    if account is None or account.disabled:
        return None
    return account.viewer()


def list_users(reader: Reader, actor: Viewer) -> list[Account]:
    """Every account, by user name (needs ``MANAGE_USERS``)."""
    require(actor, Permission.MANAGE_USERS)
    rows = reader.rows(f"{_SELECT} ORDER BY u.user_name")
    return [_account(row) for row in rows]


def _organisation_id(reader: Reader, organisation: str | int | None) -> int | None:
    if organisation is None or organisation == "":
        return None
    if isinstance(organisation, int) or str(organisation).isdigit():
        found = reader.value("SELECT id FROM organisations WHERE id = ?", [int(organisation)])
    else:
        found = reader.value("SELECT id FROM organisations WHERE lower(name) = lower(?)", [str(organisation).strip()])
    if found is None:
        names = [str(r[0]) for r in reader.rows("SELECT name FROM organisations ORDER BY name")]
        listed = ", ".join(names) if names else "none yet (an import creates them)"
        listed_sv = ", ".join(names) if names else "inga ännu (en import skapar dem)"
        raise EstError(
            f"organisation '{organisation}' not found; existing organisations: {listed}",
            sv=f"organisationen '{organisation}' finns inte; befintliga organisationer: {listed_sv}",
        )
    return int(found)


def _check_role_org(role: Role, organisation_id: int | None) -> None:
    if role is Role.RAPPORTOR and organisation_id is None:
        raise EstError(
            "a rapportor reports for an organisation; give one with --org NAME",
            sv="en rapportör rapporterar för en organisation; välj en (--org NAMN i kommandoraden)",
        )


def check_password_policy(user_name: str, password: str) -> None:
    """Raise :class:`EstError` saying what to change unless ``password`` is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise EstError(
            f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters",
            sv=f"lösenordet är för kort: använd minst {MIN_PASSWORD_LENGTH} tecken",
        )
    if user_name.split("@")[0] in password.lower():
        raise EstError(
            "the password contains the user name; choose another",
            sv="lösenordet innehåller användarnamnet; välj ett annat",
        )
    if len(set(password)) < 5:
        raise EstError(
            "the password repeats too few characters; choose a less predictable one",
            sv="lösenordet har för få olika tecken; välj ett som är svårare att gissa",
        )


def add_user(
    writer: Writer,
    actor: Viewer,
    user_name: str,
    role: Role | str,
    *,
    organisation: str | int | None = None,
    display_name: str | None = None,
    password: str | None = None,
    sso: bool = False,
) -> str | None:
    """Add a user; return the generated one-time password (None for SSO users or a given password).

    Parameters
    ----------
    writer
        The write transaction.
    actor
        Who adds the user (needs ``MANAGE_USERS``).
    user_name
        A local name, or for SSO users the e-mail address the identity provider sends.
    role
        One of the five roles.
    organisation
        Organisation name or id (required for ``rapportor``).
    display_name
        A name to show instead of the user name.
    password
        For local accounts: an initial password; by default a random one-time password is generated.
        Either way it must be changed at first login.
    sso
        An SSO-only user (no password; logs in through OpenID Connect).

    Returns
    -------
    str or None
        The one-time password to hand over, when one was generated.

    Raises
    ------
    EstError
        The name exists, the role or organisation is unknown, or the password is too weak.
    """
    require(actor, Permission.MANAGE_USERS)
    name = _normalise(user_name)
    the_role = role if isinstance(role, Role) else parse_role(role)
    if sso and "@" not in name:
        raise EstError(
            f"an SSO user is matched by e-mail address; '{user_name}' is not one",
            sv=f"en SSO-användare känns igen på sin e-postadress; '{user_name}' är ingen e-postadress",
        )
    if get_account(writer, name) is not None:
        raise EstError(
            f"the user '{name}' already exists; change it with: est users set-role {name} ROLE",
            sv=f"användaren '{name}' finns redan; ändra den under Ändra användare (est users set-role {name} ROLL)",
        )
    org_id = _organisation_id(writer, organisation)
    _check_role_org(the_role, org_id)
    generated: str | None = None
    hashed: str | None = None
    if not sso:
        if password is None:
            generated = secrets.token_urlsafe(12)
            password = generated
        else:
            check_password_policy(name, password)
        hashed = _HASHER.hash(password)
    writer.execute(
        "INSERT INTO users (user_name, display_name, role, organisation_id, password_hash, must_change_password, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [name, display_name, the_role.value, org_id, hashed, not sso, actor.user],
    )
    audit.record(
        writer,
        actor.user,
        "user_add",
        target=name,
        rows=1,
        detail={"role": the_role.value, "organisation_id": org_id, "sso": sso},
    )
    return generated


def _enabled_admins(reader: Reader) -> list[str]:
    rows = reader.rows("SELECT user_name FROM users WHERE role = 'admin' AND NOT disabled")
    return [str(r[0]) for r in rows]


def _require_account(reader: Reader, user_name: str) -> Account:
    account = get_account(reader, user_name)
    if account is None:
        raise EstError(
            f"no user '{user_name.strip().lower()}'; list them with: est users list",
            sv=f"det finns ingen användare '{user_name.strip().lower()}' (est users list visar alla)",
        )
    return account


def _keep_an_admin(reader: Reader, account: Account) -> None:
    if account.role is Role.ADMIN and not account.disabled and _enabled_admins(reader) == [account.user_name]:
        raise EstError(
            f"'{account.user_name}' is the last admin; make another user admin first",
            sv=f"'{account.user_name}' är den sista administratören; gör först någon annan till administratör",
        )


def set_role(
    writer: Writer, actor: Viewer, user_name: str, role: Role | str, *, organisation: str | int | None = None
) -> Account:
    """Change a user's role (and organisation, when given); return the updated account."""
    require(actor, Permission.MANAGE_USERS)
    account = _require_account(writer, user_name)
    the_role = role if isinstance(role, Role) else parse_role(role)
    if the_role is not Role.ADMIN:
        _keep_an_admin(writer, account)
    org_id = _organisation_id(writer, organisation) if organisation is not None else account.organisation_id
    _check_role_org(the_role, org_id)
    writer.execute(
        "UPDATE users SET role = ?, organisation_id = ? WHERE user_name = ?",
        [the_role.value, org_id, account.user_name],
    )
    audit.record(
        writer,
        actor.user,
        "user_role",
        target=account.user_name,
        rows=1,
        detail={"from": account.role.value, "to": the_role.value, "organisation_id": org_id},
    )
    return _require_account(writer, account.user_name)


def set_disabled(writer: Writer, actor: Viewer, user_name: str, disabled: bool = True) -> Account:
    """Disable (or enable again) a user: a disabled user cannot log in and loses any open session."""
    require(actor, Permission.MANAGE_USERS)
    account = _require_account(writer, user_name)
    if disabled:
        _keep_an_admin(writer, account)
    writer.execute("UPDATE users SET disabled = ? WHERE user_name = ?", [disabled, account.user_name])
    audit.record(writer, actor.user, "user_disable" if disabled else "user_enable", target=account.user_name, rows=1)
    return _require_account(writer, account.user_name)


def reset_password(writer: Writer, actor: Viewer, user_name: str) -> str:
    """Give a local account a new one-time password (and unlock it); return the password to hand over."""
    require(actor, Permission.MANAGE_USERS)
    account = _require_account(writer, user_name)
    if account.sso:
        raise EstError(
            f"'{account.user_name}' logs in through SSO and has no password here",
            sv=f"'{account.user_name}' loggar in via kommunens konto (SSO) och har inget lösenord här",
        )
    password = secrets.token_urlsafe(12)
    writer.execute(
        "UPDATE users SET password_hash = ?, must_change_password = true, failed_attempts = 0, locked_until = NULL "
        "WHERE user_name = ?",
        [_HASHER.hash(password), account.user_name],
    )
    audit.record(writer, actor.user, "password_reset", target=account.user_name, rows=1)
    return password


def _lockout_rules(reader: Reader) -> tuple[int, timedelta]:
    try:
        failures = max(int(get_setting(reader, "login_max_failures") or "5"), 1)
    except ValueError:
        failures = 5
    try:
        minutes = max(float(get_setting(reader, "login_lockout_minutes") or "15"), 0.0)
    except ValueError:
        minutes = 15.0
    return failures, timedelta(minutes=minutes)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return bool(_HASHER.verify(password_hash or _dummy_hash(), password)) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def authenticate(store: Store, user_name: str, password: str) -> LoginResult:
    """Check a local account's password, counting failures and locking the account after too many.

    Parameters
    ----------
    store
        The database (the attempt is written: counters, lockout, audit).
    user_name, password
        What the person typed.

    Returns
    -------
    LoginResult
        ``OK`` or ``MUST_CHANGE`` with the viewer; ``BAD_CREDENTIALS`` for an unknown name or a wrong
        password alike; ``LOCKED`` (with ``locked_until``) while locked, even for the right password;
        ``DISABLED`` for a disabled account with the right password.
    """
    name = user_name.strip().lower()
    with store.reading() as reader:
        row = reader.row(
            "SELECT password_hash, disabled, locked_until, current_timestamp, failed_attempts FROM users "
            "WHERE user_name = ?",
            [name],
        )
        max_failures, lockout = _lockout_rules(reader)
    if row is None:
        _verify(None, password)  # same work as for a known name
        with store.writing() as writer:
            audit.record(writer, "(unknown)", "login_failed", detail={"reason": "unknown user"})
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)
    password_hash, disabled, locked_until, now, _failed = row
    if locked_until is not None and locked_until > now:
        with store.writing() as writer:
            audit.record(writer, name, "login_failed", detail={"reason": "locked"})
        return LoginResult(LoginOutcome.LOCKED, locked_until=locked_until)
    if password_hash is None:  # SSO-only user: no password login
        _verify(None, password)
        with store.writing() as writer:
            audit.record(writer, name, "login_failed", detail={"reason": "sso user"})
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)
    if not _verify(str(password_hash), password):
        with store.writing() as writer:
            writer.execute("UPDATE users SET failed_attempts = failed_attempts + 1 WHERE user_name = ?", [name])
            failures = int(writer.value("SELECT failed_attempts FROM users WHERE user_name = ?", [name]))
            if failures >= max_failures:
                writer.execute(
                    "UPDATE users SET failed_attempts = 0, locked_until = current_timestamp + ? WHERE user_name = ?",
                    [lockout, name],
                )
                until = writer.value("SELECT locked_until FROM users WHERE user_name = ?", [name])
                audit.record(writer, name, "lockout", detail={"failures": failures, "until": until})
                return LoginResult(LoginOutcome.LOCKED, locked_until=until)
            audit.record(writer, name, "login_failed", detail={"reason": "wrong password", "failures": failures})
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)
    with store.writing() as writer:
        if disabled:
            audit.record(writer, name, "login_failed", detail={"reason": "disabled"})
            return LoginResult(LoginOutcome.DISABLED)
        if _HASHER.check_needs_rehash(str(password_hash)):
            writer.execute("UPDATE users SET password_hash = ? WHERE user_name = ?", [_HASHER.hash(password), name])
        writer.execute(
            "UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = current_timestamp "
            "WHERE user_name = ?",
            [name],
        )
        audit.record(writer, name, "login", detail={"method": "password"})
        account = _require_account(writer, name)
    outcome = LoginOutcome.MUST_CHANGE if account.must_change_password else LoginOutcome.OK
    return LoginResult(outcome, viewer=account.viewer())


def change_password(store: Store, user_name: str, old_password: str, new_password: str) -> None:
    """Change a local account's password (the old one must be right); clears the forced-change flag.

    Raises
    ------
    EstError
        The old password is wrong, the account is locked, or the new password breaks the policy.
    """
    name = user_name.strip().lower()
    result = authenticate(store, name, old_password)
    if result.outcome is LoginOutcome.LOCKED:
        raise EstError(
            "the account is locked after too many failed attempts; try again later or ask an admin",
            sv="kontot är låst efter för många misslyckade försök; försök igen senare eller fråga en administratör",
        )
    if result.viewer is None:
        raise EstError("the current password is wrong", sv="det nuvarande lösenordet är fel")
    if new_password == old_password:
        raise EstError(
            "the new password must differ from the current one",
            sv="det nya lösenordet måste skilja sig från det nuvarande",
        )
    check_password_policy(name, new_password)
    with store.writing() as writer:
        writer.execute(
            "UPDATE users SET password_hash = ?, must_change_password = false WHERE user_name = ?",
            [_HASHER.hash(new_password), name],
        )
        audit.record(writer, name, "password_change", target=name, rows=1)


def record_sso_login(store: Store, email: str) -> Viewer | None:
    """Record an SSO login (audit + last login) and return the viewer, or None when the user has no access."""
    name = email.strip().lower()
    with store.writing() as writer:
        viewer = viewer_for(writer, name)
        if viewer is None:
            audit.record(writer, name, "login_denied", detail={"method": "sso", "reason": "no enabled user"})
            return None
        writer.execute("UPDATE users SET last_login_at = current_timestamp WHERE user_name = ?", [name])
        audit.record(writer, name, "login", detail={"method": "sso"})
    return viewer


def users_table(reader: Reader, actor: Viewer, lang: Lang = "sv") -> list[dict[str, str]]:
    """Every account as display rows (translated headers and values) for the users page."""
    from est.i18n import t

    rows: list[dict[str, str]] = []
    for a in list_users(reader, actor):
        if a.disabled:
            status = t("users.status.disabled", lang)
        elif a.locked_until is not None and a.locked_until > datetime.now(a.locked_until.tzinfo):
            status = t("users.status.locked", lang)
        elif a.must_change_password and not a.sso:
            status = t("users.status.must_change", lang)
        else:
            status = t("users.status.active", lang)
        rows.append(
            {
                t("users.col.user", lang): a.user_name,
                t("users.col.name", lang): a.display_name or "",
                t("users.col.role", lang): t(f"role.{a.role.value}", lang),
                t("users.col.organisation", lang): a.organisation or "",
                t("users.col.login", lang): "SSO" if a.sso else t("auth.password", lang),
                t("users.col.status", lang): status,
                t("users.col.last_login", lang): a.last_login_at.strftime("%Y-%m-%d %H:%M") if a.last_login_at else "",
            }
        )
    return rows


def user_names(reader: Reader, actor: Viewer) -> list[str]:
    """Every user name, sorted (for pickers)."""
    return [a.user_name for a in list_users(reader, actor)]
