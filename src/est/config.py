"""Settings, each declared once with its default and help text, and the database path rule.

The app and the CLI share one rule for the database: ``--db``, else the environment variable ``EST_DB``, else
``data/est.duckdb`` (relative to the working directory). A ``postgresql://…`` URL instead of a path names a
store on a PostgreSQL server (``est.store.server``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB_PATH = Path("data") / "est.duckdb"
DB_ENV_VAR = "EST_DB"


def is_postgres_url(value: str) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database (``postgresql://…``) rather than a DuckDB file."""
    return value.startswith(("postgresql://", "postgres://"))


def resolve_db(cli_value: str | os.PathLike[str] | None = None) -> Path | str:
    """Return the database: ``cli_value``, else ``$EST_DB``, else ``data/est.duckdb``.

    A ``postgresql://`` (or ``postgres://``) URL is returned as the text it is (a path would fold its
    ``//``); anything else is the path of a DuckDB file (which may not exist yet).
    """
    chosen = str(cli_value) if cli_value else os.environ.get(DB_ENV_VAR, "").strip()
    if is_postgres_url(chosen):
        return chosen
    return resolve_db_path(cli_value)


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Return the database path: ``cli_value``, else ``$EST_DB``, else ``data/est.duckdb``.

    Parameters
    ----------
    cli_value
        The value of a ``--db`` option, or None when it was not given.

    Returns
    -------
    Path
        The path of the DuckDB file (it may not exist yet).
    """
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(DB_ENV_VAR, "").strip()
    if env:
        return Path(env)
    return DEFAULT_DB_PATH


@dataclass(frozen=True)
class Setting:
    """One configurable setting, stored in the ``settings`` table when changed from its default."""

    key: str
    default: str
    help_en: str
    help_sv: str


SETTINGS: tuple[Setting, ...] = (
    Setting("timezone", "Europe/Stockholm", "Local time zone of all times.", "Lokal tidszon för alla tider."),
    Setting(
        "lock_timeout_seconds",
        "60",
        "How long a reader or writer waits for another process holding the database.",
        "Hur länge en läsning eller skrivning väntar på en annan process som använder databasen.",
    ),
    Setting(
        "snap_grid_metres",
        "200",
        "Grid cell size that locations are snapped to for roles without exact locations.",
        "Rutstorlek som platser avrundas till för roller utan exakta platser.",
    ),
    Setting(
        "small_count_threshold",
        "5",
        "Area counts below this are suppressed in anything shown or exported outside the EST group.",
        "Antal under detta döljs i allt som visas eller exporteras utanför EST-gruppen.",
    ),
    Setting(
        "retention_months",
        "24",
        "Free text and exact points older than this many months are purged by `est retention run`.",
        "Fritext och exakta punkter äldre än så här många månader rensas av `est retention run`.",
    ),
    Setting(
        "login_max_failures",
        "5",
        "Failed password attempts in a row after which a local account is locked for a while.",
        "Antal misslyckade inloggningsförsök i rad innan ett lokalt konto spärras en stund.",
    ),
    Setting(
        "login_lockout_minutes",
        "15",
        "How long a local account stays locked after too many failed attempts.",
        "Hur länge ett lokalt konto är spärrat efter för många misslyckade försök.",
    ),
    Setting(
        "basemap_kind",
        "xyz",
        "What basemap_url is: xyz (a tile URL template with {z}, {x} and {y}), wms (the address of a WMS "
        "service, as kommuner and Lantmäteriet serve) or none (no basemap, whatever basemap_url holds).",
        "Vad basemap_url är: xyz (en adressmall för kartplattor med {z}, {x} och {y}), wms (adressen till en "
        "WMS-tjänst, som kommuner och Lantmäteriet har) eller none (ingen bakgrundskarta).",
    ),
    Setting(
        "basemap_url",
        "",
        "Tile URL template or WMS address of a basemap (empty: no basemap, the area polygons are the base).",
        "Adressmall eller WMS-adress för en bakgrundskarta (tom: ingen bakgrundskarta, områdena är bakgrunden).",
    ),
    Setting(
        "basemap_wms_layers",
        "",
        "For a WMS basemap: the service's layers to draw, comma-separated (e.g. topowebb).",
        "För en WMS-bakgrundskarta: tjänstens lager som ritas, kommaseparerade (t.ex. topowebb).",
    ),
    Setting(
        "basemap_wms_format",
        "image/png",
        "For a WMS basemap: the image format asked for (image/png or image/jpeg).",
        "För en WMS-bakgrundskarta: bildformatet som begärs (image/png eller image/jpeg).",
    ),
    Setting("basemap_attribution", "", "Attribution text for the basemap.", "Upphovsrätt för bakgrundskartan."),
    Setting(
        "kommun_code",
        "",
        "This installation's kommun (4-digit code, e.g. 2380): police events for it are shown as context.",
        "Installationens kommun (fyrsiffrig kod, t.ex. 2380): polisens händelser där visas som sammanhang.",
    ),
    Setting(
        "open_api",
        "off",
        "The open read API (est api serve): on publishes weekly problem counts per area without login; off "
        "answers 404 on every data endpoint.",
        "Det öppna läs-API:t (est api serve): on publicerar veckovisa antal problem per område utan inloggning; "
        "off svarar 404 på alla dataanrop.",
    ),
    Setting(
        "open_api_delay_weeks",
        "1",
        "The open API publishes only weeks older than this many complete weeks.",
        "Det öppna API:t publicerar bara veckor äldre än så här många hela veckor.",
    ),
    Setting(
        "open_api_area_set",
        "",
        "The area set the open API publishes (empty: the default set).",
        "Områdesindelningen som det öppna API:t publicerar (tom: standardindelningen).",
    ),
    Setting(
        "open_api_categories",
        "",
        "The categories the open API publishes, comma-separated codes (empty: all; a parent includes its subtree).",
        "Kategorierna som det öppna API:t publicerar, kommaseparerade koder (tom: alla; en förälder tar med "
        "sina underkategorier).",
    ),
    Setting(
        "open_api_licence",
        "CC-BY-4.0",
        "The licence of the published data (an SPDX id).",
        "Licensen för de publicerade uppgifterna (en SPDX-beteckning).",
    ),
)

SETTINGS_BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}
