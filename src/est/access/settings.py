"""Reading and writing the settings table; every setting and its default is declared in :mod:`est.config`.

:func:`change_setting` is the checked way in for people (``est settings set``): it validates the value for
its key, requires ``MANAGE_SETTINGS`` and leaves an audit entry. :func:`set_setting` is the raw write used
inside other features' transactions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from est.access import audit
from est.access.auth import Permission, Viewer, require
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
    "open_api_delay_weeks": 0,
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


def validate_setting(key: str, value: str, current: Mapping[str, str] | None = None) -> str:
    """Return ``value`` cleaned for ``key``, or raise :class:`EstError` saying what is accepted.

    ``current`` holds the other settings' present values where one setting's rule depends on another
    (``basemap_url`` must fit ``basemap_kind``); a missing key counts as its default.

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
    if key in _BASEMAP_KEYS:
        return _validate_basemap(key, value, current or {})
    if key == "open_api" and value not in ("on", "off"):
        raise EstError(
            f"open_api must be on or off; got '{value}'", sv=f"open_api måste vara on eller off; du angav '{value}'"
        )
    if key == "kommun_code":
        from est.resources import kommuner

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


_BASEMAP_KEYS = frozenset({"basemap_kind", "basemap_url", "basemap_wms_layers", "basemap_wms_format"})
_BASEMAP_KINDS = ("none", "xyz", "wms")
_WMS_LAYERS = re.compile(r"^[\w:.\- ]+(,[\w:.\- ]+)*$")
_WMS_FORMAT = re.compile(r"^image/[a-z0-9.+\-]+$")


def _validate_basemap(key: str, value: str, current: Mapping[str, str]) -> str:
    """The basemap settings: a kind, and a URL that fits it (an XYZ template, or a WMS address)."""
    if key == "basemap_kind" and value not in _BASEMAP_KINDS:
        raise EstError(
            f"basemap_kind must be one of: {', '.join(_BASEMAP_KINDS)}; got '{value}'",
            sv=f"basemap_kind måste vara en av: {', '.join(_BASEMAP_KINDS)}; du angav '{value}'",
        )
    if key == "basemap_wms_layers" and value and not _WMS_LAYERS.match(value):
        raise EstError(
            f"basemap_wms_layers must be the WMS service's layer names, comma-separated (e.g. topowebb); got '{value}'",
            sv="basemap_wms_layers måste vara WMS-tjänstens lagernamn, kommaseparerade (t.ex. topowebb); "
            f"du angav '{value}'",
        )
    if key == "basemap_wms_format" and not _WMS_FORMAT.match(value):
        raise EstError(
            f"basemap_wms_format must be an image type such as image/png or image/jpeg; got '{value}'",
            sv=f"basemap_wms_format måste vara en bildtyp som image/png eller image/jpeg; du angav '{value}'",
        )
    if key in ("basemap_kind", "basemap_url"):
        kind = (
            value if key == "basemap_kind" else current.get("basemap_kind") or SETTINGS_BY_KEY["basemap_kind"].default
        )
        url = value if key == "basemap_url" else current.get("basemap_url", "")
        if url and not _url_fits(kind, url):
            raise _kind_error(kind, url) if key == "basemap_kind" else _url_error(kind, url)
    return value


def _url_fits(kind: str, url: str) -> bool:
    """An XYZ kind needs a {z}/{x}/{y} template, a WMS kind a plain address; none takes either."""
    template = all(part in url for part in ("{z}", "{x}", "{y}"))
    if not _TILE_URL.match(url):
        return False
    return template if kind == "xyz" else "{" not in url if kind == "wms" else True


def _url_error(kind: str, url: str) -> EstError:
    if kind == "wms":
        return EstError(
            "basemap_url must be empty (no basemap) or the http(s) address of the WMS service, without {z}, {x} "
            f"and {{y}}, e.g. https://karta.kommun.se/wms, since basemap_kind is wms; got '{url}'",
            sv="basemap_url måste vara tom (ingen bakgrundskarta) eller http(s)-adressen till WMS-tjänsten, utan "
            "{z}, {x} och {y}, t.ex. https://karta.kommun.se/wms, eftersom basemap_kind är wms; "
            f"du angav '{url}'",
        )
    return EstError(
        "basemap_url must be empty (no basemap) or an http(s) tile URL template with {z}, {x} and {y}, "
        f"e.g. https://tiles.example.se/{{z}}/{{x}}/{{y}}.png; got '{url}'",
        sv="basemap_url måste vara tom (ingen bakgrundskarta) eller en http(s)-adressmall för kartplattor "
        f"med {{z}}, {{x}} och {{y}}, t.ex. https://tiles.example.se/{{z}}/{{x}}/{{y}}.png; du angav '{url}'",
    )


def _kind_error(kind: str, url: str) -> EstError:
    """Switching the kind while basemap_url holds the other kind of address: say to change the URL first."""
    if kind == "wms":
        return EstError(
            f"basemap_kind wms needs basemap_url to be a WMS service address, but it is the tile template '{url}'; "
            "set basemap_url '' first, then basemap_kind wms, then the WMS address",
            sv=f"basemap_kind wms kräver att basemap_url är adressen till en WMS-tjänst, men den är adressmallen "
            f"'{url}'; sätt först basemap_url till '', sedan basemap_kind wms och sist WMS-adressen",
        )
    return EstError(
        f"basemap_kind xyz needs basemap_url to be a tile URL template with {{z}}, {{x}} and {{y}}, but it is "
        f"'{url}'; set basemap_url '' first, then basemap_kind xyz, then the template",
        sv=f"basemap_kind xyz kräver att basemap_url är en adressmall med {{z}}, {{x}} och {{y}}, men den är "
        f"'{url}'; sätt först basemap_url till '', sedan basemap_kind xyz och sist adressmallen",
    )


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
    with store.writing() as writer:
        current = {k: get_setting(writer, k) or "" for k in _BASEMAP_KEYS} if key in _BASEMAP_KEYS else {}
        cleaned = validate_setting(key, value, current)
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
