"""The open read API's HTTP side (FastAPI): routes, problem+json errors, ETags, CORS and rate limiting.

``create_app(store)`` returns the ASGI app ``est api serve`` runs with uvicorn, as its own process (the
kommun publishes it to the internet while the dashboard stays internal). One store per process; every
request reads in its own short read session, so ``est import`` can write meanwhile. Conventions of Digg's
REST API profile: a versioned path, ISO dates and weeks, RFC 9457 problem+json errors (never a traceback),
CORS for GET, ``ETag``/``Last-Modified``/``Cache-Control``, 429 with ``Retry-After``. Until
``est settings set open_api on`` every data endpoint answers 404.
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC
from email.utils import format_datetime
from typing import TYPE_CHECKING, Annotated, Any

import pandas as pd
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response

from est.api.published import (
    MAX_ROWS,
    Publication,
    publication,
    published_areas,
    published_categories,
    published_counts,
    week_label,
)
from est.errors import EstError
from est.meeting.exports import to_csv_bytes
from est.periods import local_today

if TYPE_CHECKING:
    from est.store import Reader, Store

__all__ = ["RateLimiter", "create_app"]

PREFIX = "/api/v1"
_PROBLEM = "application/problem+json"
_COLUMNS = ["area", "iso_week", "week_start", "category", "count", "suppressed"]


class RateLimiter:
    """A token bucket per client: ``rate`` requests a second on average, bursts up to ``burst``."""

    def __init__(self, rate: float = 15.0, burst: int = 30) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, client: str) -> float:
        """Take a token for ``client``; 0 when allowed, else the seconds until the next token."""
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate


def _problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=_PROBLEM, headers=headers)


def create_app(store: Store, *, limiter: RateLimiter | None = None) -> FastAPI:
    """The open API over ``store``."""
    app = FastAPI(
        title="EST Lägesbild – öppna data",
        version="1",
        description="Weekly problem counts per area (EST, lag 2023:196), small counts suppressed.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    limits = limiter or RateLimiter()
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["If-None-Match"])

    @app.middleware("http")
    async def rate_limit(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        wait = limits.wait_seconds(request.client.host if request.client else "-")
        if wait > 0:
            return _problem(
                429,
                "Too Many Requests",
                f"at most {limits.rate:g} requests a second per client; wait and try again",
                {"Retry-After": str(max(1, round(wait + 0.5)))},
            )
        return await call_next(request)

    @app.exception_handler(EstError)
    async def domain_error(_request: Request, error: EstError) -> JSONResponse:
        return _problem(400, "Bad Request", str(error))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_request: Request, error: RequestValidationError) -> JSONResponse:
        where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        return _problem(400, "Bad Request", where)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return _problem(error.status_code, str(error.detail), str(error.detail))

    @app.exception_handler(Exception)
    async def any_error(_request: Request, _error: Exception) -> JSONResponse:
        return _problem(503, "Service Unavailable", "the figures could not be read just now; try again shortly")

    def read(request: Request, build: Callable[[Reader, Publication], Any], *, data: bool = True) -> Response:
        """Build the answer in one read session; 404 when off; ETag, Last-Modified and caching headers."""
        version = store.data_version()
        tag = '"' + hashlib.sha256(f"{version}{request.url.path}?{request.url.query}".encode()).hexdigest()[:32] + '"'
        with store.reading() as reader:
            pub = publication(reader)
            if data and not pub.on:
                return _problem(404, "Not Found", "the open API is off in this installation")
            if request.headers.get("if-none-match") == tag:
                return Response(status_code=304, headers={"ETag": tag})
            answer = build(reader, pub)
            updated = reader.value("SELECT max(created_at) FROM incidents")
        headers = {"ETag": tag, "Cache-Control": "public, max-age=300"}
        if updated is not None:
            headers["Last-Modified"] = format_datetime(updated.astimezone(UTC), usegmt=True)
        if isinstance(answer, Response):
            answer.headers.update(headers)
            return answer
        return JSONResponse(answer, headers=headers)

    @app.get(f"{PREFIX}/last-updated")
    def last_updated(request: Request) -> Response:
        """The date of the newest import and the newest published week."""

        def build(reader: Reader, pub: Publication) -> dict[str, Any]:
            newest = reader.value("SELECT max(created_at) FROM incidents")
            day = newest.date().isoformat() if newest is not None else None
            return {
                "date": day,
                "weeks_published_until": week_label(pub.last_week(local_today()).start),
                "licence": pub.licence,
            }

        return read(request, build)

    @app.get(f"{PREFIX}/categories")
    def categories(request: Request) -> Response:
        """The published EST categories: code, Swedish and English names, parent."""
        return read(
            request, lambda reader, pub: {"categories": published_categories(reader, pub), "licence": pub.licence}
        )

    @app.get(f"{PREFIX}/areas")
    def areas(request: Request, area_set: str | None = None) -> Response:
        """The published area set as GeoJSON (code, name, population), as OGC API – Features items."""
        return read(request, lambda reader, pub: published_areas(reader, pub, area_set))

    @app.get(f"{PREFIX}/counts")
    def counts(
        request: Request,
        area_set: str | None = None,
        area: Annotated[list[str] | None, Query()] = None,
        category: Annotated[list[str] | None, Query()] = None,
        from_: Annotated[str | None, Query(alias="from")] = None,
        to: str | None = None,
        f: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
    ) -> Response:
        """Weekly problem counts per area and category (1 … threshold − 1 suppressed); at most 10,000 rows."""

        def build(reader: Reader, pub: Publication) -> Any:
            rows = published_counts(
                reader,
                pub,
                local_today(),
                area_set=area_set,
                areas=tuple(area or ()),
                categories=tuple(category or ()),
                first=from_,
                last=to,
            )
            if f == "csv":
                body = to_csv_bytes(pd.DataFrame(rows, columns=_COLUMNS))
                return Response(
                    body,
                    media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="est-counts.csv"'},
                )
            return {"licence": pub.licence, "suppressed_below": pub.threshold, "max_rows": MAX_ROWS, "rows": rows}

        return read(request, build)

    @app.get(f"{PREFIX}/dcat.jsonld")
    def dcat(request: Request) -> Response:
        """A DCAT-AP-SE description of the dataset, for dataportal.se to harvest."""
        base = str(request.base_url).rstrip("/") + PREFIX
        return read(request, lambda _reader, pub: _dcat(base, pub), data=False)

    @app.get(f"{PREFIX}/", response_class=HTMLResponse)
    def about(request: Request) -> Response:
        """A short human page describing the API."""
        base = html.escape(str(request.base_url).rstrip("/") + PREFIX)
        return HTMLResponse(_ABOUT.format(base=base))

    return app


def _dcat(base: str, pub: Publication) -> dict[str, Any]:
    licence = f"http://spdx.org/licenses/{pub.licence}"
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dcterms": "http://purl.org/dc/terms/"},
        "@type": "dcat:Dataset",
        "dcterms:title": [
            {"@language": "sv", "@value": "EST lägesbild: antal problem per område och vecka"},
            {"@language": "en", "@value": "EST situational picture: problems per area and week"},
        ],
        "dcterms:description": [
            {"@language": "sv", "@value": "Veckovisa antal trygghetsproblem per område, små antal dolda."}
        ],
        "dcterms:license": {"@id": licence},
        "dcterms:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/WEEKLY"},
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dcat:accessURL": {"@id": f"{base}/counts"},
                "dcat:mediaType": "application/json",
                "dcterms:license": {"@id": licence},
            },
            {
                "@type": "dcat:Distribution",
                "dcat:accessURL": {"@id": f"{base}/counts?f=csv"},
                "dcat:mediaType": "text/csv",
                "dcterms:license": {"@id": licence},
            },
        ],
        "est:published": pub.on,
    }


_ABOUT = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>EST Lägesbild – öppna data</title></head>
<body><h1>EST Lägesbild – öppna data</h1>
<p>Veckovisa antal problem per område och kategori (efter att dubbletter mellan källor slagits ihop). Antal från 1
upp till tröskeln döljs (<code>count: null, suppressed: true</code>); inga summor publiceras; de senaste veckorna
publiceras med fördröjning. Inga platser, fritexter eller organisationer.</p>
<ul>
<li><a href="{base}/last-updated">{base}/last-updated</a></li>
<li><a href="{base}/categories">{base}/categories</a></li>
<li><a href="{base}/areas">{base}/areas</a> (GeoJSON)</li>
<li><a href="{base}/counts">{base}/counts</a>?area_set=&amp;area=&amp;category=&amp;from=2026-W01&amp;to=2026-W48
&amp;f=json|csv</li>
<li><a href="{base}/openapi.json">{base}/openapi.json</a> (OpenAPI) ·
<a href="{base}/dcat.jsonld">{base}/dcat.jsonld</a> (DCAT-AP-SE)</li>
</ul></body></html>
"""
