"""The open read API over real HTTP against the real server (uvicorn) on the demo database."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from est.access.settings import set_setting
from est.api.app import RateLimiter, create_app
from est.api.published import week_label
from est.periods import last_complete_week
from est.store import Store
from tests.browser import free_port

API = "/api/v1"


@contextmanager
def serve(store: Store, limiter: RateLimiter | None = None) -> Iterator[httpx.Client]:
    """The API on a free loopback port, in a thread; a client for it."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store, limiter=limiter), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}{API}", timeout=60) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _settings(store: Store, **values: str) -> None:
    with store.writing() as w:
        for key, value in values.items():
            set_setting(w, key, value, by="test")


@pytest.fixture
def api(demo_store: Store) -> Iterator[httpx.Client]:
    _settings(demo_store, open_api="on")
    with serve(demo_store) as client:
        yield client


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


def test_off_by_default_every_data_endpoint_is_404(demo_store: Store) -> None:
    with serve(demo_store) as client:
        for path in ("/last-updated", "/categories", "/areas", "/counts"):
            assert "open API is off" in _problem(client.get(path), 404)["detail"]
        assert client.get("/openapi.json").status_code == 200  # the description itself is public
        assert "öppna data" in client.get("/").text


def test_every_endpoint_answers(api: httpx.Client) -> None:
    updated = api.get("/last-updated").json()
    published = last_complete_week(date.today()).start - timedelta(weeks=1)
    assert updated["weeks_published_until"] == week_label(published)
    assert date.fromisoformat(updated["date"]) <= date.today()
    categories = api.get("/categories").json()["categories"]
    assert {"code", "name_sv", "name_en"} <= categories[0].keys()
    areas = api.get("/areas").json()
    assert areas["type"] == "FeatureCollection" and len(areas["features"]) == 15
    assert set(areas["features"][0]["properties"]) == {"code", "name", "population"}
    spec = api.get("/openapi.json").json()
    assert {"/api/v1/counts", "/api/v1/areas", "/api/v1/categories", "/api/v1/last-updated"} <= set(spec["paths"])
    dcat = api.get("/dcat.jsonld").json()
    assert dcat["@type"] == "dcat:Dataset" and dcat["dcterms:license"]["@id"].endswith("CC-BY-4.0")
    cors = api.get("/counts", headers={"Origin": "https://kommun.example"})
    assert cors.headers["access-control-allow-origin"] == "*"


def test_counts_suppress_small_numbers_publish_no_sums_and_only_published_weeks(api: httpx.Client) -> None:
    body = api.get("/counts").json()
    rows = body["rows"]
    assert rows and body["suppressed_below"] == 5
    assert set(rows[0]) == {"area", "iso_week", "week_start", "category", "count", "suppressed"}
    assert all((r["count"] is None) == r["suppressed"] for r in rows)
    assert not [r for r in rows if r["count"] is not None and 1 <= r["count"] <= 4]
    assert any(r["suppressed"] for r in rows)
    # no totals: each (area, week, category) once, and no row without an area or a category
    keys = [(r["area"], r["iso_week"], r["category"]) for r in rows]
    assert len(keys) == len(set(keys)) and all(r["area"] and r["category"] for r in rows)
    newest = last_complete_week(date.today()).start - timedelta(weeks=1)
    assert max(r["week_start"] for r in rows) <= newest.isoformat()  # the delay: last week is not out yet


def test_a_week_with_enough_reports_is_published_with_its_count(demo_store: Store) -> None:
    # the demo's graffiti spike in Odenslund is in the last complete week: published at once with no delay
    _settings(demo_store, open_api="on", open_api_delay_weeks="0")
    week = last_complete_week(date.today()).start.isoformat()
    with serve(demo_store) as client:
        rows = client.get("/counts").json()["rows"]
        codes = {f["properties"]["name"]: f["properties"]["code"] for f in client.get("/areas").json()["features"]}
    spike = [r for r in rows if r["week_start"] == week and r["area"] == codes["Odenslund"]]
    counts = [r["count"] for r in spike if r["category"] == "skadegorelse.klotter"]
    assert len(counts) == 1 and counts[0] is not None and counts[0] >= 5, spike


def test_the_delay_and_the_threshold_follow_the_settings(demo_store: Store) -> None:
    _settings(demo_store, open_api="on", open_api_delay_weeks="3", small_count_threshold="10")
    with serve(demo_store) as client:
        rows = client.get("/counts").json()["rows"]
    newest = last_complete_week(date.today()).start - timedelta(weeks=3)
    assert max(r["week_start"] for r in rows) == newest.isoformat()
    assert not [r for r in rows if r["count"] is not None and r["count"] < 10]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("area_set=Nope", "Nope"),
        ("area=XX99", "unknown area XX99"),
        ("category=nope.nope", "category nope.nope is not published"),
        ("from=2026-48", "is not an ISO week"),
        ("from=2026-W40&to=2026-W10", "is before from=2026-W40"),
        ("f=xml", "f"),
    ],
)
def test_bad_input_is_a_400_problem_that_says_what_is_allowed(api: httpx.Client, query: str, says: str) -> None:
    assert says in _problem(api.get(f"/counts?{query}"), 400)["detail"]


def test_more_than_10000_rows_is_refused(api: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from est.api import published

    monkeypatch.setattr(published, "MAX_ROWS", 10)
    assert "more than 10" in _problem(api.get("/counts"), 400)["detail"]


def test_csv_opens_in_excel(api: httpx.Client) -> None:
    response = api.get("/counts?f=csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == ["area", "iso_week", "week_start", "category", "count", "suppressed"]
    assert len(table) == len(api.get("/counts").json()["rows"]) + 1


def test_etag_gives_304_until_the_data_changes(demo_store: Store, api: httpx.Client) -> None:
    first = api.get("/counts")
    tag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public") and first.headers["last-modified"].endswith("GMT")
    assert api.get("/counts", headers={"If-None-Match": tag}).status_code == 304
    _settings(demo_store, open_api_licence="CC0-1.0")  # any commit changes the data version
    assert api.get("/counts", headers={"If-None-Match": tag}).status_code == 200


def test_a_burst_gets_429_with_retry_after(demo_store: Store) -> None:
    _settings(demo_store, open_api="on")
    with serve(demo_store, RateLimiter(rate=2, burst=5)) as client:
        codes = [client.get("/categories") for _ in range(12)]
    refused = [r for r in codes if r.status_code == 429]
    assert refused and int(refused[0].headers["retry-after"]) >= 1
    assert "requests a second" in _problem(refused[0], 429)["detail"]


def test_the_api_answers_while_the_cli_imports(demo_store: Store, api: httpx.Client, tmp_path: Path) -> None:
    lines = ["Datum;Lat;Lon;Kategori"] + [f"2026-11-0{d % 9 + 1} 21:00;63.1775;14.637;Klotter" for d in range(300)]
    path = tmp_path / "imp.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    importing = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "est.cli",
            "import",
            str(path),
            "--org",
            "Nattvandrarna",
            "--json",
            "--db",
            str(demo_store.path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    answered = 0
    while importing.poll() is None:
        assert api.get("/last-updated").status_code == 200
        answered += 1
        # a client's pace, under the default limit of 15 requests a second (a tight loop drains the bucket
        # of 30 once a request is quicker than 1/15 s, and gets 429 whatever the import does)
        time.sleep(0.1)
    out, err = importing.communicate()
    assert importing.returncode == 0, err
    assert json.loads(out)["rows_imported"] == 300 and answered >= 1


def test_the_privacy_page_says_what_the_api_publishes(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(demo_store, page="integritet")
    at.run()
    assert any("Det öppna API:t är av" in m.value for m in at.markdown)
    _settings(demo_store, open_api="on")
    at = app_test(demo_store, page="integritet")
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "Det öppna API:t är på" in text and "Antal från 1 till 4 visas inte" in text
