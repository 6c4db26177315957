"""Fetch the map's JS/CSS from the npm registry (pinned, integrity-verified) into static/vendor."""

from __future__ import annotations

import sys

from est.assets import fetch_assets, missing_assets
from est.errors import EstError


def main() -> int:
    """Fetch what is missing; exit 1 with one error line when that fails."""
    try:
        fetched = fetch_assets()
    except EstError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    missing = missing_assets()
    if missing:
        print(f"error: still missing after fetching: {missing}", file=sys.stderr)
        return 1
    print(f"map assets ready ({', '.join(fetched) if fetched else 'already present'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
