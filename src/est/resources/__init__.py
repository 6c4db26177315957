"""The files the app ships (the official kommuner, fonts, the icon) and the readers for them.

Who may import it: every module; it imports nothing of ``est``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Kommun:
    """An official kommun: 4-digit code (``KnKod``) and name (``KnNamn``)."""

    code: str
    name: str


@lru_cache(maxsize=1)
def kommuner() -> tuple[Kommun, ...]:
    """The 290 official kommuner from the shipped ``kommuner.geojson``, sorted by name."""
    path = resources.files("est.resources") / "kommuner.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    found = {Kommun(str(f["properties"]["KnKod"]), str(f["properties"]["KnNamn"])) for f in data.get("features", [])}
    return tuple(sorted(found, key=lambda k: k.name))
