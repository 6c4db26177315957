"""Every registered page runs without an exception on the demo database and on an empty database."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from est.store import Store
from tests.conftest import PROJECT_ROOT

PAGES = sorted(set(re.findall(r'entry\("(\w+)"', (PROJECT_ROOT / "app.py").read_text())))


def test_every_page_file_is_registered_in_the_router() -> None:
    files = sorted(p.stem for p in (PROJECT_ROOT / "pages").glob("*.py") if p.stem != "__init__")
    assert files == PAGES


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_demo_data(page: str, demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(demo_store, page=page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.title) >= 1


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_an_empty_database(page: str, empty_store: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(empty_store, page=page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_start_page_on_an_empty_database_shows_a_helpful_no_data_state(
    empty_store: Store, app_test: Callable[..., Any]
) -> None:
    at = app_test(empty_store)
    at.run()
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "Områden" in infos or "est init --demo" in infos


def test_start_page_shows_kpis_and_area_table_on_demo_data(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(demo_store)
    at.run()
    labels = [m.label for m in at.metric]
    assert "Problem i perioden" in labels
    values = [m.value for m in at.metric]
    assert len(values) == 5
    counts = [v for i, v in enumerate(values) if i != 1]  # the second card is the verdict against usual
    assert all(v.replace("\u202f", "").isdigit() for v in counts), values
    assert values[1] in {"Högre", "Lägre", "Normal", "–"}
    table = at.dataframe[0].value
    assert len(table) >= 10
    assert any("Demodata" in i.value for i in at.info)


def test_english_is_available(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(demo_store, query={"lang": "en"})
    at.run()
    assert at.title[0].value == "Situational picture"
    assert "Problems in period" in [m.label for m in at.metric]
