"""The map's assets: where they must be, and what every map shows when they are missing.

Streamlit serves the ``static/`` folder beside the main script (``app.py``) at ``/app/static/``, whatever the
working directory and however ``est`` is installed; so the pinned Leaflet files must be in
``<folder of app.py>/static/vendor``. Without them the browser gets a 404 for Leaflet and the map would stay an
empty box: instead each map says what is missing and how to fix it. The app here runs from a copy of the
app's folder (``app.py`` copied, ``pages/`` linked) with its own, empty ``static/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from streamlit import file_util

from est.picture.map_assets import ASSETS, app_vendor_dir, missing_assets
from est.store import Store
from tests.conftest import PROJECT_ROOT

MAP_PAGES = ["lagesbild", "karta", "omraden", "faltrapport"]  # every page that draws a map
FIX = "make assets"


def make_app_folder(tmp_path: Path, *, assets: bool) -> Path:
    """A folder holding ``app.py`` as a checkout does, with the real pages, and the map assets or not."""
    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copy(PROJECT_ROOT / "app.py", root / "app.py")
    for name in ("pages", ".streamlit"):
        (root / name).symlink_to(PROJECT_ROOT / name, target_is_directory=True)
    (root / "static").mkdir()
    if assets:
        (root / "static" / "vendor").symlink_to(app_vendor_dir(PROJECT_ROOT / "app.py"), target_is_directory=True)
    return root


def _fake_vendor(folder: Path) -> None:
    for asset in ASSETS:
        for name in asset.files:
            path = folder / asset.folder / name.removeprefix("dist/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("/* stand-in */")


def test_the_assets_belong_in_the_static_folder_streamlit_serves_beside_app_py() -> None:
    app = Path("/srv/est/app.py")
    assert app_vendor_dir(app) == Path("/srv/est/static/vendor")
    assert app_vendor_dir(app) == Path(file_util.get_app_static_dir(str(app))) / "vendor"  # Streamlit's own rule


def test_every_pinned_file_is_checked(tmp_path: Path) -> None:
    everything = sorted(f"{a.folder}/{f.removeprefix('dist/')}" for a in ASSETS for f in a.files)
    assert sorted(missing_assets(tmp_path / "vendor")) == everything
    _fake_vendor(tmp_path / "vendor")
    assert missing_assets(tmp_path / "vendor") == []
    (tmp_path / "vendor" / "leaflet-1.9.3" / "images" / "marker-icon.png").unlink()
    assert missing_assets(tmp_path / "vendor") == ["leaflet-1.9.3/images/marker-icon.png"]


def _map_page(monkeypatch: pytest.MonkeyPatch, store: Store, app: Path, page: str) -> Any:
    """An AppTest of ``app`` (not yet run) on ``page``, as the local single user (no login configured)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("EST_DB", store.database)
    at = AppTest.from_file(str(app), default_timeout=60)
    at.switch_page(f"pages/{page}.py")
    return at


@pytest.mark.parametrize("page", MAP_PAGES)
def test_without_assets_every_map_shows_the_fix_instead_of_a_blank_box(
    page: str, tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app_folder(tmp_path, assets=False) / "app.py"
    at = _map_page(monkeypatch, demo_store, app, page)
    at.run()
    assert not at.exception, at.exception
    assert not at.get("component_instance")  # no st_folium iframe that would stay empty
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert errors[0].startswith("Kartan kan inte visas: kartbiblioteket (Leaflet) saknas i ")
    assert str(app.parent / "static" / "vendor") in errors[0]
    assert f"`{FIX}`" in errors[0] and "`python scripts/fetch_assets.py`" in errors[0]


def test_the_missing_assets_message_in_english_and_the_map_with_them(
    tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app_folder(tmp_path, assets=False) / "app.py"
    at = _map_page(monkeypatch, demo_store, app, "karta")
    at.query_params["lang"] = "en"
    at.run()
    (error,) = (e.value for e in at.error)
    assert error.startswith("The map cannot be shown: the map library (Leaflet) is missing in ")
    assert f"`{FIX}`" in error

    shutil.rmtree(app.parent / "static")  # the same folder with the assets: the map is drawn
    (app.parent / "static").mkdir()
    (app.parent / "static" / "vendor").symlink_to(app_vendor_dir(PROJECT_ROOT / "app.py"), target_is_directory=True)
    assert missing_assets(app_vendor_dir(app)) == []
    at = _map_page(monkeypatch, demo_store, app, "karta")
    at.run()
    assert not at.error and at.get("component_instance")


def test_with_a_non_editable_install_the_fetch_script_fills_the_folder_beside_app_py(tmp_path: Path) -> None:
    """``pip install .`` copies ``est`` into site-packages: the assets still go beside app.py, not beside est."""
    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    shutil.copytree(PROJECT_ROOT / "src" / "est", site / "est", ignore=shutil.ignore_patterns("__pycache__"))
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "app.py", checkout / "app.py")
    shutil.copy(PROJECT_ROOT / "scripts" / "fetch_assets.py", checkout / "scripts" / "fetch_assets.py")
    _fake_vendor(checkout / "static" / "vendor")  # already fetched: the script must find them there
    no_npm = tmp_path / "bin"
    no_npm.mkdir()
    run = (
        "import est, runpy, sys; "
        f"assert est.__file__.startswith({str(site)!r}), est.__file__; "
        f"sys.argv = [{str(checkout / 'scripts' / 'fetch_assets.py')!r}]; "
        "runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "PATH": str(no_npm)}  # npm is not there: nothing to fetch
    done = subprocess.run([sys.executable, "-c", run], env=env, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.strip() == "map assets ready (already present)"


@pytest.mark.browser
def test_in_chromium_a_map_without_assets_shows_the_fix_where_the_map_would_be(
    tmp_path: Path, demo_store: Store, browser: Any
) -> None:
    from tests.browser import serve_app

    app = make_app_folder(tmp_path, assets=False) / "app.py"
    with serve_app(demo_store, app=app) as base:
        browser.goto(base + "/karta")
        message = browser.get_by_test_id("stAlertContentError").filter(has_text="Kartan kan inte visas")
        message.wait_for(timeout=30_000)
        assert "make assets" in message.inner_text()
        assert browser.locator('iframe[title="streamlit_folium.st_folium"]').count() == 0  # no empty box
        browser.get_by_test_id("stExpander").filter(has_text="Visa som tabell").wait_for(timeout=30_000)  # the rest
