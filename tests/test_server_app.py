"""The app on a PostgreSQL server store: the same pages, and two app replicas that agree after a write.

AppTest runs the real app with ``EST_DB=postgresql://…``; the Chromium test serves two ``streamlit run``
processes on two ports, each with its own replica folder (as two machines behind a load balancer would),
while ``est import`` writes from a third process.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from est.periods import local_today
from est.store import Store
from tests.browser import open_browser
from tests.test_server_store import klotter_csv

HEADLINE = re.compile(r"^(\d[\d\u202f]*) problem")


def _shown(at: Any) -> list[tuple[str, str]]:
    """The figures a page shows: its metrics, subheaders and tables, as text."""
    kinds = ("metric", "subheader", "table", "dataframe", "caption")
    shown = []
    for element in at.main:
        if element.type in kinds:
            value = getattr(element, "value", None)
            shown.append((element.type, value.to_csv() if hasattr(value, "to_csv") else str(value)))
    return shown


def _headline(at: Any) -> str:
    return next(h.value for h in at.subheader if HEADLINE.match(h.value))


@pytest.mark.parametrize("page", ["lagesbild", "karta", "tider", "trender", "omrade", "mote", "atgarder"])
def test_a_page_runs_on_the_server_store_as_on_the_file(
    demo_store: Store, server_store: Store, app_test: Callable[..., Any], page: str
) -> None:
    on_file = app_test(demo_store, page=page)
    on_file.run()
    on_server = app_test(server_store, page=page)
    on_server.run()
    assert not on_server.exception, on_server.exception
    assert _shown(on_server) == _shown(on_file)


def test_the_lagesbild_headline_is_the_same_on_the_server(
    demo_store: Store, server_store: Store, app_test: Callable[..., Any]
) -> None:
    on_file, on_server = app_test(demo_store), app_test(server_store)
    on_file.run()
    on_server.run()
    assert _headline(on_server) == _headline(on_file)


def _last_week_rows(path: Path, rows: int) -> Path:
    """Rows in the last complete ISO week (what Lägesbild shows by default), in Östersund's demo areas."""
    monday = local_today() - timedelta(days=local_today().isoweekday() - 1 + 7)
    return klotter_csv(path, rows, "replikatest", lambda i: f"{monday + timedelta(days=i % 7)} {10 + i % 10}:00")


@pytest.mark.browser
def test_two_app_replicas_show_the_same_picture_after_a_write_from_a_third_process(
    server_store: Store, app_server: Callable[..., Any], tmp_path: Path
) -> None:
    machines = [tmp_path / "maskin-1", tmp_path / "maskin-2"]
    for folder in machines:
        folder.mkdir()
    with (
        app_server(server_store, extra_env={"EST_REPLICA_DIR": str(machines[0])}) as first,
        app_server(server_store, extra_env={"EST_REPLICA_DIR": str(machines[1])}) as second,
        open_browser(viewport={"width": 1366, "height": 900}) as page,
    ):

        def headline(base: str) -> int:
            page.goto(base + "/")
            shown = page.locator(".st-key-lagesbild_headline")
            shown.wait_for(timeout=60_000)
            found = HEADLINE.match(shown.inner_text())
            assert found, shown.inner_text()
            return int(found.group(1).replace("\u202f", ""))

        before = headline(first)
        assert headline(second) == before
        imported = subprocess.run(
            [
                sys.executable,
                "-m",
                "est.cli",
                "import",
                str(_last_week_rows(tmp_path / "ny.csv", 40)),
                "--org",
                "Bostadsbolaget",
                "--db",
                server_store.database,
                "--json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert '"rows_imported": 40' in imported.stdout
        # The staleness bound: the next page run of either replica shows the write (it syncs before it reads).
        assert headline(first) == before + 40
        assert headline(second) == before + 40
