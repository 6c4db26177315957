"""The database path rule shared by the app and the CLI: ``--db``, else ``$EST_DB``, else ``data/est.duckdb``.

Three real database files, each with one incident in a different month (and a different "latest report"
time), tell which file a command or the app read. The default is relative to the working directory.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from est.access.auth import LOCAL_ADMIN
from est.intake import ImportOptions, import_file
from est.store import Store, open_store
from tests.cli import est

LAT, LON = "63.1775", "14.6370"


def _database(path: Path, month: str) -> Store:
    """A database at ``path`` with one incident in ``month`` (YYYY-MM), reported at noon on the 15th."""
    path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(path)
    csv = path.with_suffix(".csv")
    csv.write_text(f"Datum;Kategori;Lat;Lon\n{month}-10 10:00;Klotter;{LAT};{LON}\n", encoding="utf-8")
    import_file(store, LOCAL_ADMIN, csv, ImportOptions(organisation="Testhem", source_kind="fastighetsagare"))
    with store.writing() as w:
        w.execute("UPDATE incidents SET created_at = CAST(? AS TIMESTAMPTZ)", [f"{month}-15 12:00:00+01:00"])
    return store


@pytest.fixture
def three(tmp_path: Path) -> dict[str, Path]:
    """``flag`` (given with --db), ``env`` (in $EST_DB) and ``default`` (data/est.duckdb under ``cwd``)."""
    cwd = tmp_path / "cwd"
    paths = {
        "flag": tmp_path / "flag" / "flag.duckdb",
        "env": tmp_path / "env" / "env.duckdb",
        "default": cwd / "data" / "est.duckdb",
    }
    for month, path in zip(("2026-01", "2026-02", "2026-03"), paths.values(), strict=True):
        _database(path, month)
    paths["cwd"] = cwd
    return paths


def _stats_months(cwd: Path, env_db: str | None, *db_flag: str) -> list[str]:
    done = est("stats", "--by", "month", "--raw", "--json", *db_flag, cwd=cwd, env={"EST_DB": env_db})
    assert done.returncode == 0, done.stderr
    return [row["key"] for row in json.loads(done.stdout)["rows"]]


def test_cli_db_flag_wins_over_est_db_and_the_default(three: dict[str, Path]) -> None:
    assert _stats_months(three["cwd"], str(three["env"]), "--db", str(three["flag"])) == ["2026-01"]


def test_cli_est_db_wins_over_the_default(three: dict[str, Path]) -> None:
    assert _stats_months(three["cwd"], str(three["env"])) == ["2026-02"]


def test_cli_default_is_data_est_duckdb_under_the_working_directory(three: dict[str, Path]) -> None:
    assert _stats_months(three["cwd"], None) == ["2026-03"]
    assert _stats_months(three["cwd"], "  ") == ["2026-03"]  # a blank EST_DB is no choice


def _freshness(at: Any) -> list[str]:
    return [c.value for c in at.sidebar.caption if c.value.startswith(("Senaste rapport", "Inga rapporter"))]


def _app(monkeypatch: pytest.MonkeyPatch, argv: list[str], env_db: Path | None) -> Any:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import PROJECT_ROOT

    if env_db is None:
        monkeypatch.delenv("EST_DB", raising=False)
    else:
        monkeypatch.setenv("EST_DB", str(env_db))
    monkeypatch.setattr(sys, "argv", ["app.py", *argv])
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/lagesbild.py")
    return at.run()


def test_app_db_argument_wins_over_est_db(three: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(monkeypatch, ["--db", str(three["flag"])], three["env"])
    assert not at.exception
    assert _freshness(at) == ["Senaste rapport: 2026-01-15 12:00"]


def test_app_reads_est_db_without_a_db_argument(three: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(monkeypatch, [], three["env"])
    assert not at.exception
    assert _freshness(at) == ["Senaste rapport: 2026-02-15 12:00"]


def test_app_default_is_data_est_duckdb_under_the_working_directory(
    three: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(three["cwd"])
    at = _app(monkeypatch, [], None)
    assert not at.exception
    assert _freshness(at) == ["Senaste rapport: 2026-03-15 12:00"]


def test_streamlit_run_with_db_after_double_dash_serves_that_file(
    three: dict[str, Path], app_server: Callable[..., Any], browser: Any
) -> None:
    """The README's ``streamlit run app.py -- --db PATH``, on a real server whose EST_DB names another file."""
    env_store = open_store(three["env"])
    with app_server(env_store, args=["--", "--db", str(three["flag"])]) as base:
        browser.goto(base + "/")
        browser.get_by_text("Senaste rapport: 2026-01-15 12:00").wait_for(timeout=30_000)
        assert browser.get_by_text("Senaste rapport: 2026-02-15").count() == 0
