"""Roles, the viewer of a request, and the permission table that every page and CLI command checks.

Who calls it: ``est.ui`` builds a :class:`Viewer` for each Streamlit session (from ``st.user`` or a local
account); the CLI builds one for the operator. Domain functions take the viewer and check it themselves
(:func:`require`), so a hidden button is never the only protection.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from enum import StrEnum

from est.errors import EstError, PermissionDeniedError
from est.i18n import Lang, t

__all__ = [
    "LOCAL_ADMIN",
    "PAGE_PERMISSIONS",
    "ROLE_DESCRIPTIONS",
    "Permission",
    "Role",
    "Viewer",
    "can",
    "cli_actor",
    "cli_viewer",
    "grants",
    "parse_role",
    "permission_label",
    "permissions_for_display",
    "require",
    "require_page",
    "role_label",
]


class Role(StrEnum):
    """The five roles, from least to most privileged."""

    LASARE = "lasare"
    RAPPORTOR = "rapportor"
    POLIS = "polis"
    SAMORDNARE = "samordnare"
    ADMIN = "admin"


class Permission(StrEnum):
    """What a role may do; pages and commands name the permission they need."""

    VIEW_PICTURE = "view_picture"  # aggregated lägesbild, meeting view
    VIEW_EXACT_ALL = "view_exact_all"  # exact locations and free text of every organisation
    VIEW_EXACT_OWN = "view_exact_own"  # exact locations and free text of the viewer's own organisation
    VIEW_HOTSPOTS = "view_hotspots"  # hot cells (~200 m hexagons) and a patrol plan by place; a läsare sees areas
    IMPORT = "import"  # upload files / field reports for the viewer's own organisation
    IMPORT_ANY_ORG = "import_any_org"  # import on behalf of any organisation
    MANAGE_AREAS = "manage_areas"
    MANAGE_CATEGORIES = "manage_categories"
    MANAGE_MEETINGS = "manage_meetings"
    EXPORT = "export"  # incident-level downloads (precision rules still apply row by row)
    EXPORT_AGGREGATE = "export_aggregate"  # area/week counts with small counts suppressed
    MANAGE_SOURCES = "manage_sources"  # fetch and map the police open data
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    MANAGE_SETTINGS = "manage_settings"


# Each role holds what the role below it holds, and adds its own: a ladder, read from the bottom.
_LASARE = frozenset({Permission.VIEW_PICTURE, Permission.EXPORT_AGGREGATE})
_RAPPORTOR = _LASARE | {Permission.VIEW_EXACT_OWN, Permission.VIEW_HOTSPOTS, Permission.IMPORT, Permission.EXPORT}
_POLIS = _RAPPORTOR | {Permission.VIEW_EXACT_ALL}
_SAMORDNARE = _POLIS | {
    Permission.IMPORT_ANY_ORG,
    Permission.MANAGE_AREAS,
    Permission.MANAGE_CATEGORIES,
    Permission.MANAGE_MEETINGS,
    Permission.MANAGE_SOURCES,
}
_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.LASARE: _LASARE,
    Role.RAPPORTOR: _RAPPORTOR,
    Role.POLIS: _POLIS,
    Role.SAMORDNARE: _SAMORDNARE,
    Role.ADMIN: _SAMORDNARE | {Permission.MANAGE_USERS, Permission.VIEW_AUDIT, Permission.MANAGE_SETTINGS},
}


@dataclass(frozen=True)
class Viewer:
    """Who is asking: a user id (e-mail or local user name), a role and an organisation (or None)."""

    user: str
    role: Role
    organisation_id: int | None = None

    def can(self, permission: Permission) -> bool:
        """Return whether this viewer's role grants ``permission``."""
        return can(self.role, permission)


#: What each page of the app needs; ``app.py`` registers only the pages the viewer's role allows, and each
#: page checks again with ``ui.require``. Pages not listed here need a login only.
PAGE_PERMISSIONS: dict[str, Permission] = {
    "lagesbild": Permission.VIEW_PICTURE,
    "karta": Permission.VIEW_PICTURE,
    "trender": Permission.VIEW_PICTURE,
    "tider": Permission.VIEW_PICTURE,
    "omrade": Permission.VIEW_PICTURE,
    "hotspots": Permission.VIEW_PICTURE,
    "mote": Permission.VIEW_PICTURE,
    "atgarder": Permission.VIEW_PICTURE,
    "rapporter": Permission.EXPORT_AGGREGATE,
    "importera": Permission.IMPORT,
    "faltrapport": Permission.IMPORT,
    "omraden": Permission.MANAGE_AREAS,
    "kallor": Permission.MANAGE_SOURCES,
    "kategorier": Permission.MANAGE_CATEGORIES,
    "anvandare": Permission.MANAGE_USERS,
    "logg": Permission.VIEW_AUDIT,
    "integritet": Permission.VIEW_PICTURE,
    "konto": Permission.VIEW_PICTURE,
}

#: One line per role, for the privacy page and ``est users``: (Swedish, English).
ROLE_DESCRIPTIONS: dict[Role, tuple[str, str]] = {
    Role.LASARE: (
        "Mötesvy: lägesbilden aggregerad per område, platser avrundade till rutor, ingen fritext.",
        "Meeting view: the picture aggregated per area, locations snapped to grid cells, no free text.",
    ),
    Role.RAPPORTOR: (
        "Rapporterar och importerar för sin egen organisation och ser sina egna rapporter exakt; andras som läsare.",
        "Reports and imports for its own organisation and sees its own reports exactly; others' as a reader.",
    ),
    Role.POLIS: (
        "Exakta platser och fritext för alla organisationers rapporter.",
        "Exact locations and free text of every organisation's reports.",
    ),
    Role.SAMORDNARE: (
        "EST-samordnare: allt i lägesbilden, hanterar områden, kategorier, möten, åtgärder och källor.",
        "EST coordinator: everything in the picture; manages areas, categories, meetings, actions and sources.",
    ),
    Role.ADMIN: (
        "Som samordnare, och dessutom användare, inställningar och granskningsloggen.",
        "As a coordinator, plus users, settings and the audit log.",
    ),
}


# The operator of a single-user local install (no login configured; loopback only) and of the CLI.
LOCAL_ADMIN = Viewer(user="local", role=Role.ADMIN, organisation_id=None)


def can(role: Role, permission: Permission) -> bool:
    """Return whether ``role`` grants ``permission``."""
    return permission in _GRANTS[role]


def grants(role: Role) -> frozenset[Permission]:
    """Every permission ``role`` has."""
    return _GRANTS[role]


def role_label(role: Role, lang: Lang = "sv") -> str:
    """The role's name for people (``Samordnare``), from the i18n catalogue (``role.<value>``)."""
    return t(f"role.{role.value}", lang)


def permission_label(permission: Permission, lang: Lang = "sv") -> str:
    """What ``permission`` lets one do, in words (``Hantera möten och åtgärder``), never the code."""
    return t(f"permission.{permission.value}", lang)


def permissions_for_display(role: Role, lang: Lang = "sv") -> list[str]:
    """Everything ``role`` may do, as labels in the order of :class:`Permission` (least to most powerful).

    Examples
    --------
    >>> permissions_for_display(Role.LASARE, "en")
    ['See the situational picture (per area)', 'Export counts per area and week']
    """
    return [permission_label(p, lang) for p in Permission if p in _GRANTS[role]]


def parse_role(value: str) -> Role:
    """Return the :class:`Role` named ``value``; the error lists the valid names.

    Examples
    --------
    >>> parse_role("Polis")
    <Role.POLIS: 'polis'>
    """
    try:
        return Role(value.strip().lower())
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise EstError(
            f"unknown role '{value}'; use one of: {valid}", sv=f"okänd roll '{value}'; använd en av: {valid}"
        ) from None


def cli_actor() -> str:
    """The audit name of the command line's operator: ``cli:<os user>`` (``cli:<uid>`` without a passwd entry)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        name = str(os.getuid())
    return f"cli:{name}"


def cli_viewer() -> Viewer:
    """The operator of the command line: an admin named :func:`cli_actor`.

    Whoever can run the CLI can already read the database file, so the CLI acts with the admin role;
    the name makes its audit entries distinguishable from the app's.
    """
    return Viewer(user=cli_actor(), role=Role.ADMIN, organisation_id=None)


def require(viewer: Viewer, permission: Permission) -> None:
    """Raise :class:`PermissionDeniedError` unless ``viewer`` has ``permission``.

    Examples
    --------
    >>> try:
    ...     require(Viewer("anna", Role.LASARE), Permission.MANAGE_USERS)
    ... except PermissionDeniedError as error:
    ...     print(error)
    ...     print(error.text("sv"))
    the role 'lasare' of user 'anna' does not allow 'manage_users' (Manage users); ask an admin
    användaren 'anna' har rollen Läsare, som inte får: Hantera användare; be en administratör om behörighet
    """
    if not viewer.can(permission):
        raise PermissionDeniedError(
            f"the role '{viewer.role}' of user '{viewer.user}' does not allow '{permission}' "
            f"({permission_label(permission, 'en')}); ask an admin",
            sv=f"användaren '{viewer.user}' har rollen {role_label(viewer.role, 'sv')}, som inte får: "
            f"{permission_label(permission, 'sv')}; be en administratör om behörighet",
        )


def require_page(viewer: Viewer, page: str) -> None:
    """Raise :class:`PermissionDeniedError` unless ``viewer`` may open ``page`` (see :data:`PAGE_PERMISSIONS`)."""
    permission = PAGE_PERMISSIONS.get(page)
    if permission is not None:
        require(viewer, permission)
