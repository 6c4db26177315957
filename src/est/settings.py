"""Reading and writing the settings table; every setting and its default is declared in :mod:`est.config`.

:func:`change_setting` is the checked way in for people (``est settings set``): it validates the value for
its key, requires ``MANAGE_SETTINGS`` and leaves an audit entry. :func:`set_setting` is the raw write used
inside other features' transactions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from est import audit
from est.auth import Permission, Viewer, require
from est.config import SETTINGS, SETTINGS_BY_KEY
from est.errors import EstError

if TYPE_CHECKING:
    from est.store import Reader, Store, Writer

__all__ = ["change_setting", "get_setting", "is_demo", "list_settings", "set_setting", "validate_setting"]

# Whole-number settings and their smallest sensible value.
_MINIMUM: dict[str, int] = {
    "lock_timeout_seconds": 1,
    "snap_grid_metres": 50,
    "small_count_threshold": 0,
    "retention_months": 1,
    "login_max_failures": 1,
    "login_lockout_minutes": 1,
}
_TILE_URL = re.compile(r"^https?://[^\s\"'<>]+$")


def get_setting(reader: Reader, key: str) -> str | None:
    """The stored value of ``key``, else its declared default, else None."""
    value = reader.value("SELECT value FROM settings WHERE key = ?", [key])
    if value is not None:
        return str(value)
    declared = SETTINGS_BY_KEY.get(key)
    return declared.default if declared else None


def set_setting(writer: Writer, key: str, value: str, *, by: str) -> None:
    """Store ``value`` for ``key`` (inside the caller's write transaction)."""
    writer.execute(
        "INSERT OR REPLACE INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, current_timestamp, ?)",
        [key, value, by],
    )


def is_demo(reader: Reader) -> bool:
    """Whether the database holds the generated demo picture (the app then shows a demo banner)."""
    return get_setting(reader, "demo_data") == "true"


def validate_setting(key: str, value: str) -> str:
    """Return ``value`` cleaned for ``key``, or raise :class:`EstError` saying what is accepted.

    Examples
    --------
    >>> validate_setting("retention_months", " 36 ")
    '36'
    """
    if key not in SETTINGS_BY_KEY:
        known = ", ".join(s.key for s in SETTINGS)
        raise EstError(
            f"unknown setting '{key}'; known settings: {known}",
            sv=f"okänd inställning '{key}'; kända inställningar: {known}",
        )
    value = value.strip()
    if key in _MINIMUM:
        if not value.isdigit() or int(value) < _MINIMUM[key]:
            raise EstError(
                f"{key} must be a whole number ≥ {_MINIMUM[key]}; got '{value}'",
                sv=f"{key} måste vara ett heltal ≥ {_MINIMUM[key]}; du angav '{value}'",
            )
        return str(int(value))
    if key == "timezone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise EstError(
                f"timezone must be an IANA time zone such as Europe/Stockholm; got '{value}'",
                sv=f"timezone måste vara en IANA-tidszon som Europe/Stockholm; du angav '{value}'",
            ) from None
        return value
    if key == "basemap_url":
        if value and not (_TILE_URL.match(value) and all(p in value for p in ("{z}", "{x}", "{y}"))):
            raise EstError(
                "basemap_url must be empty (no basemap) or an http(s) tile URL template with {z}, {x} and {y}, "
                f"e.g. https://tiles.example.se/{{z}}/{{x}}/{{y}}.png; got '{value}'",
                sv="basemap_url måste vara tom (ingen bakgrundskarta) eller en http(s)-adressmall för kartplattor "
                f"med {{z}}, {{x}} och {{y}}, t.ex. https://tiles.example.se/{{z}}/{{x}}/{{y}}.png; du angav '{value}'",
            )
        return value
    if key == "kommun_code":
        from est.police import kommuner

        if value and value not in {k.code for k in kommuner()}:
            raise EstError(
                f"kommun_code must be empty or a Swedish kommun code (4 digits, e.g. 2380); got '{value}'",
                sv=f"kommun_code måste vara tom eller en svensk kommunkod (4 siffror, t.ex. 2380); du angav '{value}'",
            )
        return value
    if len(value) > 300:
        raise EstError(
            f"{key} is at most 300 characters; got {len(value)}",
            sv=f"{key} får vara högst 300 tecken; du angav {len(value)}",
        )
    return value


def change_setting(store: Store, viewer: Viewer, key: str, value: str) -> str:
    """Validate and store ``value`` for ``key`` as ``viewer`` (needs ``MANAGE_SETTINGS``); return the stored value.

    Raises
    ------
    PermissionDeniedError
        When the viewer may not change settings.
    EstError
        When the key is unknown or the value does not fit it (the message says what fits).
    """
    require(viewer, Permission.MANAGE_SETTINGS)
    cleaned = validate_setting(key, value)
    with store.writing() as writer:
        before = get_setting(writer, key)
        set_setting(writer, key, cleaned, by=viewer.user)
        audit.record(writer, viewer.user, "setting", target=key, detail={"before": before, "after": cleaned})
    return cleaned


def list_settings(reader: Reader) -> list[dict[str, str | bool]]:
    """Every declared setting: ``key``, ``value`` (stored or default), ``default``, ``changed``, help texts."""
    return [
        {
            "key": s.key,
            "value": get_setting(reader, s.key) or "",
            "default": s.default,
            "changed": (get_setting(reader, s.key) or "") != s.default,
            "help_en": s.help_en,
            "help_sv": s.help_sv,
        }
        for s in SETTINGS
    ]
