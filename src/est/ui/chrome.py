"""Static chrome: the app icon (a local file, so the favicon is never fetched from a CDN)."""

from __future__ import annotations

from importlib import resources

__all__ = ["APP_ICON"]

APP_ICON = str(resources.files("est.resources") / "icon.png")
