"""Reading and writing the settings table; every setting and its default is declared in :mod:`est.config`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from est.config import SETTINGS_BY_KEY

if TYPE_CHECKING:
    from est.store import Reader, Writer

__all__ = ["get_setting", "is_demo", "set_setting"]


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
