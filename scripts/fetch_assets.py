"""Fetch the map's JS/CSS from the npm registry (pinned, integrity-verified) into static/vendor beside app.py.

The folder follows this checkout's ``app.py`` (the script Streamlit runs and serves ``static/`` beside), not
where the ``est`` package is installed: with a non-editable install that is inside the virtualenv.
"""

from __future__ import annotations

import sys
from pathlib import Path

from est.errors import EstError
from est.picture.map_assets import app_vendor_dir, fetch_assets, missing_assets

VENDOR_DIR = app_vendor_dir(Path(__file__).resolve().parents[1] / "app.py")


def main() -> int:
    """Fetch what is missing; exit 1 with one error line when that fails."""
    try:
        fetched = fetch_assets(VENDOR_DIR)
    except EstError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    missing = missing_assets(VENDOR_DIR)
    if missing:
        print(f"error: still missing after fetching: {missing}", file=sys.stderr)
        return 1
    print(f"map assets ready ({', '.join(fetched) if fetched else 'already present'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
