"""Real-browser helpers: serve the real app with ``streamlit run`` and drive Debian's Chromium.

Never ``playwright install``: the browser is Debian's ``chromium`` (installed by ``make test``). Every
request the page makes is recorded, so tests can assert that nothing left the machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from est.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_app(
    store: Store,
    extra_env: dict[str, str] | None = None,
    args: list[str] | None = None,
    port: int | None = None,
    app: Path | None = None,
) -> Iterator[str]:
    """Run ``streamlit run app.py`` on ``store``'s database; yield the base URL; stop it afterwards.

    ``port`` fixes the port (e.g. when an OIDC redirect URI must name it); by default a free one is used.
    ``app`` runs another copy of ``app.py``, from its own folder (default: this repository's).
    """
    app = app or PROJECT_ROOT / "app.py"
    port = port or free_port()
    store.path.parent.mkdir(parents=True, exist_ok=True)  # a server store's replica folder may not exist yet
    temp = app_temp(store)  # the app's uploads stay in the test's folder, not in /tmp
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "EST_DB": store.database, "TMPDIR": str(temp), **(extra_env or {})}
    log = open(store.path.with_suffix(f".streamlit-{port}.log"), "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            app.name,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            *(args or []),
        ],
        cwd=app.parent,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base}/_stcore/health", proc, Path(log.name), seconds=40)
        yield base
    finally:
        stop_process(proc)
        log.close()


def app_temp(store: Store) -> Path:
    """The temporary folder (``TMPDIR``) of an app that :func:`serve_app` serves on ``store``."""
    return store.path.parent / "app-temp"


def stop_process(proc: subprocess.Popen[Any], seconds: float = 10) -> None:
    """Ask ``proc`` to end (SIGTERM); kill it if it has not ended within ``seconds``."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_until_serving(url: str, proc: subprocess.Popen[Any], log: Path, *, seconds: float) -> None:
    """Wait until ``url`` answers 200; raise with the end of ``log`` if ``proc`` dies or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not come up: {log.read_text()[-2000:]}")
        time.sleep(0.25)


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("Debian chromium is not installed; run: make chromium (apt-get install chromium)")
    return found


class _Chromium:
    """One Chromium per test process, started at first use; every :func:`open_browser` gets its own context.

    Starting Chromium (and Playwright's driver) costs about a CPU-second; a new context is as isolated as a
    new browser for what the tests look at (its own cookies, storage, cache and viewport). While it runs,
    Playwright's event loop counts as the running loop of the test process's main thread (its sync API sets it
    after every call), so a test that needs ``asyncio.run`` there must call :meth:`close` first.
    """

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None

    def browser(self) -> Any:
        """The running Chromium: started at first use, and again if it or Playwright's driver has died."""
        if self._browser is None or not self._browser.is_connected():
            self.close()  # a dead driver cannot launch again: start Playwright anew too
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        return self._browser

    def close(self) -> None:
        """Stop Chromium and Playwright (at the end of the test process)."""
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        try:
            if browser is not None and browser.is_connected():
                browser.close()
        finally:
            if playwright is not None:
                with contextlib.suppress(Exception):  # a driver that died has nothing left to stop
                    playwright.stop()


CHROMIUM = _Chromium()


@contextmanager
def open_browser(viewport: dict[str, int] | None = None, **context_args: Any) -> Iterator[Any]:
    """A Playwright page in a new context of Debian's Chromium with ``.requests`` and ``.console_errors`` recorded."""
    context = CHROMIUM.browser().new_context(viewport=viewport or {"width": 1400, "height": 1000}, **context_args)
    try:
        page = context.new_page()
        page.requests = []  # type: ignore[attr-defined]
        page.console_errors = []  # type: ignore[attr-defined]
        page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
        page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
        yield page
    finally:
        context.close()


def non_loopback_requests(urls: list[str]) -> list[str]:
    """The recorded URLs that went anywhere but this machine (data:, blob: and about: are local)."""
    outside = []
    for url in urls:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about", "chrome-extension"):
            continue
        if parsed.hostname not in LOOPBACK_HOSTS:
            outside.append(url)
    return outside


# Streamlit's app root says whether the script is running; a page without it (plain HTML) counts as idle.
_SCRIPT_STATE = (
    "() => document.querySelector(\"[data-testid='stApp']\")?.getAttribute('data-test-script-state') ?? 'notRunning'"
)
_TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(null))))"


def settled_boxes(
    page: Any, locators: list[Any], *, timeout_ms: int = 30_000, interval_ms: int = 150, samples: int = 3
) -> list[dict[str, float]]:
    """The bounding boxes of ``locators``, measured together once the layout has stopped moving.

    For tests of positions and sizes: a box read while Streamlit is still running the script, streaming
    elements in, or laying out a late font or column is a race that a loaded machine loses. This waits until
    every element is visible, then measures all of them again and again (two rendered frames and
    ``interval_ms`` apart) until ``samples`` successive measurements are equal and the script was not running
    around any of them. A slow machine makes it wait longer, never measure early; after ``timeout_ms`` it fails
    with the last measurements (layout that never settles is a finding too).
    """
    for locator in locators:
        locator.wait_for(state="visible", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    steady: list[list[dict[str, float]]] = []
    while True:
        before = page.evaluate(_SCRIPT_STATE)
        boxes = [locator.bounding_box() for locator in locators]
        page.evaluate(_TWO_FRAMES)
        idle = before == page.evaluate(_SCRIPT_STATE) == "notRunning"
        if idle and all(box is not None for box in boxes) and (not steady or boxes == steady[-1]):
            steady.append(boxes)
        else:
            steady = [boxes] if idle and all(box is not None for box in boxes) else []
        if len(steady) >= samples:
            return steady[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"the layout did not settle in {timeout_ms} ms; last boxes: {boxes}")
        page.wait_for_timeout(interval_ms)


def settled_box(locator: Any, **options: Any) -> dict[str, float]:
    """:func:`settled_boxes` of one element."""
    return settled_boxes(locator.page, [locator], **options)[0]


def click_settled(locator: Any) -> None:
    """Click ``locator`` once it is in view and the layout around it has stopped moving (:func:`settled_box`).

    A button below tables is moved when they finish laying out; on a loaded machine that can come after
    Playwright's own "stable" check and before its click, which then lands where the button was (a submit
    seen lost in CI: no message reached the server).
    """
    locator.scroll_into_view_if_needed()
    settled_box(locator)
    locator.click()


def choose_file(page: Any, name: str, text: str) -> None:
    """Put ``text`` as a UTF-8 file called ``name`` into the page's file input, as a user picking that file."""
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}
    )


def wait_for_map(page: Any, timeout_ms: int = 30_000) -> Any:
    """Wait until the st_folium iframe holds a Leaflet container with drawn paths; return the frame."""
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    frame.locator(".leaflet-container").wait_for(timeout=timeout_ms)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=timeout_ms)
    return frame


def wait_for_idle(page: Any, timeout_ms: int = 60_000) -> None:
    """Wait until the app's script run is over (Streamlit's status widget is gone).

    Interact only then: a widget redrawn by a run still going closes an open drop-down under the click.
    """
    page.wait_for_timeout(300)  # a rerun just triggered shows its status widget within this
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
