"""Roles, the viewer of a request, and the permission table that every page and CLI command checks.

Who calls it: ``est.ui`` builds a :class:`Viewer` for each Streamlit session (from ``st.user`` or a local
account); the CLI builds one for the operator. Domain functions take the viewer and check it themselves
(:func:`require`), so a hidden button is never the only protection.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from est.errors import PermissionDeniedError

__all__ = ["LOCAL_ADMIN", "Permission", "Role", "Viewer", "can", "require"]


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
    IMPORT = "import"  # upload files / field reports for the viewer's own organisation
    IMPORT_ANY_ORG = "import_any_org"  # import on behalf of any organisation
    MANAGE_AREAS = "manage_areas"
    MANAGE_CATEGORIES = "manage_categories"
    MANAGE_MEETINGS = "manage_meetings"
    EXPORT = "export"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    MANAGE_SETTINGS = "manage_settings"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.LASARE: frozenset({Permission.VIEW_PICTURE}),
    Role.RAPPORTOR: frozenset({Permission.VIEW_PICTURE, Permission.IMPORT, Permission.EXPORT}),
    Role.POLIS: frozenset({Permission.VIEW_PICTURE, Permission.VIEW_EXACT_ALL, Permission.IMPORT, Permission.EXPORT}),
    Role.SAMORDNARE: frozenset(
        {
            Permission.VIEW_PICTURE,
            Permission.VIEW_EXACT_ALL,
            Permission.IMPORT,
            Permission.IMPORT_ANY_ORG,
            Permission.MANAGE_AREAS,
            Permission.MANAGE_CATEGORIES,
            Permission.MANAGE_MEETINGS,
            Permission.EXPORT,
        }
    ),
}
_GRANTS[Role.ADMIN] = _GRANTS[Role.SAMORDNARE] | {
    Permission.MANAGE_USERS,
    Permission.VIEW_AUDIT,
    Permission.MANAGE_SETTINGS,
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


# The operator of a single-user local install (no login configured; loopback only) and of the CLI.
LOCAL_ADMIN = Viewer(user="local", role=Role.ADMIN, organisation_id=None)


def can(role: Role, permission: Permission) -> bool:
    """Return whether ``role`` grants ``permission``."""
    return permission in _GRANTS[role]


def require(viewer: Viewer, permission: Permission) -> None:
    """Raise :class:`PermissionDeniedError` unless ``viewer`` has ``permission``."""
    if not viewer.can(permission):
        raise PermissionDeniedError(f"the role '{viewer.role}' of user '{viewer.user}' does not allow '{permission}'")
