"""Benchmark: the analysis pages under load while imports write. Prints one JSON object.

    .venv/bin/python bench/load.py [--sessions 4] [--seconds 120] [--stored 300000] [--large-rows 50000]
    .venv/bin/python bench/load.py --quick                 # 20k stored rows, 30 s, 2 sessions, 5k-row import
    .venv/bin/python bench/load.py --db data/est.duckdb     # a copy of this database instead of the demo

What runs (all on this machine, nothing from the network):

* a store with ``--stored`` demo incidents (``est.demo.generate.generate_demo``) in a temporary folder, or a
  copy of ``--db`` there (the given file is never written);
* the real app, ``streamlit run app.py`` on a free loopback port;
* ONE Debian Chromium (``/usr/bin/chromium`` through Playwright's ``executable_path``; never a browser
  download) with ``--sessions`` browser contexts. Each context loads the analysis pages (Lägesbild, Karta,
  Trender, Tider, Område) in turn, each time with another period or area in the URL (``?from=…&to=…&area=…``,
  as ``est.picture.filters.filters_from_query`` reads them), and times each load from ``goto`` until the
  script run is over (``data-test-script-state`` is ``notRunning`` and Streamlit's status widget is gone,
  as ``tests/browser.py::wait_for_idle``) with the page's main content there (metric cards, charts, the
  Leaflet map drawn inside its iframe), and still so 250 ms later;
* a writer: every ``--small-every`` seconds an ``est import`` of a ``--small-rows``-row CSV (the real CLI,
  ``--json``), and once, ``--large-at`` seconds in, one ``--large-rows``-row import, concurrently;
* a lock watcher: who holds ``<db>.lock`` exclusively, read from ``/proc/locks`` every 10 ms (it takes no
  lock itself, so it cannot delay a writer or a reader); when the kernel does not list the lock file there,
  it falls back to trying a shared ``flock(LOCK_SH | LOCK_NB)`` every 10 ms. ``lock.method`` says which;
* a CPU sampler: ``utime + stime`` from ``/proc/<pid>/stat`` of the Chromium process tree, the Playwright
  driver and the Streamlit server every 0.5 s (each import's own CPU comes from ``wait4``).

Reported: page load p50/p95/max overall, per page, and split by whether a write held the lock during the
load; the lock-held share of the window and each write's lock-held time; CPU seconds and the share of the
machine (``cpu_s / (window_s × cores)``); and a consistency check after everything stopped: incidents after
= before + the sum of every import's ``rows_imported`` (its ``--json``), one committed ``import_batches`` row
per committed import holding exactly its incidents, every import exited 0.

The pages' load loop runs the sessions concurrently in one asyncio loop (Playwright's async API), so the
contexts share one browser as users' tabs would share one server. The machine's own load (other work) is
reported too (``machine``): on a shared machine the figures are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))  # Chromium is started as the browser tests start it
from tests.browser import CHROMIUM_ARGS  # noqa: E402

PAGES = ("lagesbild", "karta", "trender", "tider", "omrade")
AREA_CODES = tuple(f"OST{i:02d}" for i in range(1, 16))  # the demo's bostadsområden (est.demo.generate)
CHROMIUM = "/usr/bin/chromium"
# What each page's main content is once drawn (a test id inside the page), and whether it has the map.
CONTENT = {
    "lagesbild": ('[data-testid="stMetricValue"]', True),
    "karta": ('iframe[title="streamlit_folium.st_folium"]', True),
    "trender": ('[data-testid="stVegaLiteChart"]', False),
    "tider": ('[data-testid="stVegaLiteChart"]', False),
    "omrade": ('[data-testid="stVegaLiteChart"]', False),
}
_DONE = """(selector) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-testid="stException"]')) return 'exception';
  return document.querySelector(selector) ? true : false;
}"""
HEADER = "Ärendenummer;Datum;Kategori;Beskrivning;X;Y\n"
LABELS = ("Klotter fasad", "Glaskross", "Samling i trapphus", "Nedskräpning", "Inbrott i källare")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# -- the store and the files ---------------------------------------------------------------------------------


def build_store(folder: Path, stored: int, db: str | None, seed: int) -> tuple[Path, float, str]:
    """The database the run uses (a fresh demo, or a copy of ``db``), the seconds it took, and what it is."""
    from est.demo.generate import generate_demo
    from est.store import open_store

    path = folder / "load.duckdb"
    started = time.perf_counter()
    if db:
        shutil.copyfile(db, path)
        open_store(path)  # migrates a copy of an older file
        made = f"copy of {db}"
    else:
        generate_demo(open_store(path), rows=stored, seed=seed, today=date.today())
        made = f"demo, {stored} rows, seed {seed}"
    return path, time.perf_counter() - started, made


def write_csv(path: Path, rows: int, tag: str, today: date, days: int) -> None:
    """A fastighetsägare-style CSV: unique ids, SWEREF 99 TM points in Östersund, dates in the last ``days``."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        for i in range(rows):
            when = today - timedelta(days=1 + i % days)
            handle.write(
                f"{tag}-{i};{when.isoformat()} {i % 24:02d}:{(7 * i) % 60:02d};{LABELS[i % len(LABELS)]};"
                f"Händelse vid port {i % 90};{7005417 + (37 * i) % 3000},5;{481724 + (53 * i) % 2500},25\n"
            )


def count_store(path: Path) -> dict[str, int]:
    """Incidents and committed batches now (a read under the shared lock, like the app's)."""
    from est.store import Store

    store = Store(path)
    return {
        "incidents": int(store.value("SELECT count(*) FROM incidents") or 0),
        "batches": int(store.value("SELECT count(*) FROM import_batches WHERE status = 'committed'") or 0),
    }


def check_batches(path: Path, imports: list[dict[str, Any]]) -> list[str]:
    """Problems with the committed imports' batches: each must exist once and hold exactly its incidents."""
    from est.store import Store

    store = Store(path)
    problems = []
    for imp in imports:
        if imp.get("status") != "committed":
            continue
        batch = imp.get("batch_id")
        found = store.rows("SELECT rows_imported, status FROM import_batches WHERE id = ?", [batch])
        row = found[0] if found else None
        held = int(store.value("SELECT count(*) FROM incidents WHERE batch_id = ?", [batch]) or 0)
        if row is None or row[1] != "committed" or int(row[0]) != imp["rows_imported"] or held != imp["rows_imported"]:
            problems.append(f"batch {batch}: stored {row}, incidents {held}, reported {imp['rows_imported']}")
    return problems


# -- the app -------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(db: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run app.py`` on ``db`` and a free loopback port (as ``tests/browser.py::serve_app``)."""
    port = free_port()
    handle = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "EST_DB": str(db)},
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    handle.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
            if r.status == 200:
                return proc, base
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"the app did not come up: {log.read_text()[-2000:]}")
        time.sleep(0.25)


# -- measuring: the write lock and CPU -----------------------------------------------------------------------


class LockWatcher(threading.Thread):
    """Who holds ``<db>.lock`` exclusively, every ``interval`` s: intervals of (pid or None, start, end)."""

    def __init__(self, lock_path: Path, interval: float = 0.01) -> None:
        super().__init__(daemon=True)
        self.lock_path = lock_path
        self.interval = interval
        self.stop_event = threading.Event()
        self.intervals: list[tuple[int | None, float, float]] = []
        self.gaps: list[float] = []
        self.method = "proc_locks" if self._proc_locks_work() else "flock_probe"

    def _inode(self) -> str:
        return str(os.stat(self.lock_path).st_ino)

    def _holder_proc_locks(self) -> int | None:
        inode = self._inode()
        with open("/proc/locks") as locks:
            for line in locks:
                parts = line.split()
                if len(parts) < 6 or parts[1] != "FLOCK" or parts[3] != "WRITE":
                    continue  # "->" lines are waiters; POSIX locks and shared ones are no writer
                if parts[5].rsplit(":", 1)[-1] == inode:
                    return int(parts[4])
        return None

    def _holder_probe(self) -> int | None:
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o660)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0  # held exclusively by someone (the probe cannot tell whom)
        finally:
            os.close(fd)  # closing releases the probe's own shared lock
        return None

    def _proc_locks_work(self) -> bool:
        """Does ``/proc/locks`` show an exclusive flock this process takes on the lock file?"""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o660)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                return self._holder_proc_locks() == os.getpid()
            except OSError:
                return False
        finally:
            os.close(fd)

    def run(self) -> None:
        look = self._holder_proc_locks if self.method == "proc_locks" else self._holder_probe
        holder: int | None = None
        since = last = time.monotonic()
        while not self.stop_event.is_set():
            now_holder = look()
            now = time.monotonic()
            self.gaps.append(now - last)
            last = now
            if now_holder != holder:
                if holder is not None:
                    self.intervals.append((holder, since, now))
                holder, since = now_holder, now
            time.sleep(self.interval)
        if holder is not None:
            self.intervals.append((holder, since, time.monotonic()))

    def stop(self) -> None:
        self.stop_event.set()
        self.join()


def read_stat(pid: int) -> tuple[str, int, float] | None:
    """(comm, ppid, utime + stime in seconds) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    head, _, rest = text.rpartition(")")
    fields = rest.split()
    return head.partition("(")[2], int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class CpuSampler(threading.Thread):
    """CPU seconds per group (chromium, playwright_driver, streamlit) of this process's descendants."""

    def __init__(self, streamlit_pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.streamlit_pid = streamlit_pid
        self.interval = interval
        self.stop_event = threading.Event()
        self.baseline: dict[int, float] = {}
        self.latest: dict[int, tuple[str, float]] = {}
        self.skip: set[int] = set()  # the imports: measured with wait4
        self.started = False

    def _sample(self) -> dict[int, tuple[str, float]]:
        procs: dict[int, tuple[str, int, float]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (stat := read_stat(int(entry))) is not None:
                procs[int(entry)] = stat
        me = os.getpid()
        found: dict[int, tuple[str, float]] = {}
        for pid, (comm, _ppid, cpu) in procs.items():
            chain, cursor, group = [], pid, None
            while cursor in procs and cursor not in (me, 0, 1) and len(chain) < 64:
                chain.append(procs[cursor][0])
                if cursor == self.streamlit_pid:
                    group = "streamlit"
                cursor = procs[cursor][1]
            if cursor != me or pid in self.skip:
                continue
            if group is None:
                if any(c.startswith("chrom") for c in chain):
                    group = "chromium"
                elif comm.startswith("node") or "playwright" in comm:  # the driver's comm is node-MainThread
                    group = "playwright_driver"
                else:
                    group = "other"
            found[pid] = (group, cpu)
        return found

    def begin(self) -> None:
        self.baseline = {pid: cpu for pid, (_g, cpu) in self._sample().items()}
        self.started = True
        self.start()

    def run(self) -> None:
        while not self.stop_event.wait(self.interval):
            self.latest.update(self._sample())
        self.latest.update(self._sample())

    def totals(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, (group, cpu) in self.latest.items():
            out[group] = out.get(group, 0.0) + cpu - self.baseline.get(pid, 0.0)
        return out

    def stop(self) -> None:
        self.stop_event.set()
        self.join()


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine from ``/proc/stat``."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values[:8]) - idle, sum(values[:8])


# -- the writer ----------------------------------------------------------------------------------------------


def est_command() -> list[str]:
    found = Path(sys.executable).parent / "est"
    return [str(found)] if found.exists() else [sys.executable, "-m", "est.cli"]


@dataclass
class Writer:
    """Runs the imports: small ones every ``every`` s, one large one at ``large_at`` s, concurrently."""

    db: Path
    folder: Path
    every: float
    small_rows: int
    large_rows: int
    large_at: float
    sampler: CpuSampler
    imports: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run_import(self, kind: str, csv: Path, t0: float) -> None:
        out = self.folder / f"{csv.stem}.json"
        started = time.monotonic()
        with out.open("wb") as stdout:
            proc = subprocess.Popen(
                [
                    *est_command(),
                    "import",
                    str(csv),
                    "--org",
                    "Lasttest AB (bench)",
                    "--source",
                    "fastighetsagare",
                    "--db",
                    str(self.db),
                    "--json",
                ],
                stdout=stdout,
                stderr=subprocess.DEVNULL,
            )
            self.sampler.skip.add(proc.pid)
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        ended = time.monotonic()
        try:
            report = json.loads(out.read_text())
        except ValueError:
            report = {"error": {"message": out.read_text()[-500:]}}
        with self.lock:
            self.imports.append(
                {
                    "kind": kind,
                    "pid": proc.pid,
                    "start_s": round(started - t0, 3),
                    "wall_s": round(ended - started, 3),
                    "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
                    "exit": proc.returncode,
                    "status": report.get("status"),
                    "batch_id": report.get("batch_id"),
                    "rows_read": report.get("rows_read"),
                    "rows_imported": report.get("rows_imported", 0),
                    "rows_rejected": report.get("rows_rejected"),
                    "rows_duplicate": report.get("rows_duplicate"),
                    "import_seconds": report.get("seconds"),
                    "dedup": report.get("dedup"),
                    "error": (report.get("error") or {}).get("message"),
                    "_started": started,
                    "_ended": ended,
                }
            )

    def run_small(self, t0: float, deadline: float, today: date, tag: str) -> None:
        n = 0
        while time.monotonic() < deadline:
            n += 1
            csv = self.folder / f"small-{n}.csv"
            write_csv(csv, self.small_rows, f"{tag}-S{n}", today, days=7)
            self.run_import("small", csv, t0)
            wait = t0 + n * self.every - time.monotonic()
            if wait > 0:
                time.sleep(min(wait, max(0.0, deadline - time.monotonic())))

    def run_large(self, t0: float, csv: Path) -> None:
        time.sleep(max(0.0, t0 + self.large_at - time.monotonic()))
        self.run_import("large", csv, t0)


# -- the browser sessions ------------------------------------------------------------------------------------


def page_url(base: str, page: str, i: int, session: int, today: date) -> str:
    """A page with another period (one of the last 8 whole weeks, or 4 weeks) and every other time an area."""
    monday = today - timedelta(days=today.isoweekday() - 1)
    k = 1 + (i * 3 + session) % 8
    first = monday - timedelta(days=7 * k)
    last = first + timedelta(days=27 if i % 3 == 2 else 6)
    last = min(last, monday - timedelta(days=1))
    query = f"from={first.isoformat()}&to={last.isoformat()}"
    if page == "omrade" or i % 2 == 1:
        query += f"&area={AREA_CODES[(i + 5 * session) % len(AREA_CODES)]}"
    return f"{base}/{page}?{query}"


async def load_page(page: Any, url: str, name: str, timeout: float) -> float:
    """Seconds from ``goto`` until the run is over with the main content there (and still so 250 ms later)."""
    selector, has_map = CONTENT[name]
    started = time.monotonic()
    deadline = started + timeout
    await page.goto(url, wait_until="commit", timeout=timeout * 1000)
    while True:
        left_ms = max(1.0, (deadline - time.monotonic()) * 1000)
        state = await (await page.wait_for_function(_DONE, arg=selector, timeout=left_ms, polling=50)).json_value()
        if state == "exception":
            raise RuntimeError(f"{name}: the page shows an exception")
        if has_map:
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
            await frame.locator(".leaflet-container").first.wait_for(timeout=left_ms)
            await frame.locator("path.leaflet-interactive").first.wait_for(timeout=left_ms)
        done = time.monotonic()
        await page.wait_for_timeout(250)
        if await page.evaluate(_DONE, selector) is True:
            return done - started
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name}: not settled in {timeout} s")


async def run_session(
    context: Any, session: int, base: str, pages: list[str], deadline: float, t0: float, timeout: float
) -> list[dict[str, Any]]:
    page = await context.new_page()
    today = date.today()
    loads: list[dict[str, Any]] = []
    i = 0
    while time.monotonic() < deadline:
        name = pages[(i + session) % len(pages)]
        url = page_url(base, name, i, session, today)
        started = time.monotonic()
        try:
            seconds = await load_page(page, url, name, timeout)
            loads.append({"page": name, "s": seconds, "_started": started, "session": session})
        except Exception as exc:  # a timeout or an error on the page is a finding, not a crash
            loads.append(
                {"page": name, "s": None, "error": f"{type(exc).__name__}: {str(exc)[:200]}", "_started": started}
            )
        i += 1
    await page.close()
    return loads


async def drive(args: argparse.Namespace, base: str, on_start: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Warm up (each page once, untimed in the figures), then run the sessions until the deadline."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        warm = await browser.new_context(viewport={"width": 1400, "height": 1000})
        warm_page = await warm.new_page()
        warmup: dict[str, Any] = {}
        for name in args.pages:
            try:
                warmup[name] = round(await load_page(warm_page, page_url(base, name, 0, 0, date.today()), name, 120), 3)
            except Exception as exc:
                warmup[name] = f"{type(exc).__name__}: {str(exc)[:200]}"
        await warm.close()
        contexts = [await browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(args.sessions)]
        t0, deadline = on_start()
        results = await asyncio.gather(
            *(run_session(ctx, s, base, args.pages, deadline, t0, args.page_timeout) for s, ctx in enumerate(contexts))
        )
        for ctx in contexts:
            await ctx.close()
        await browser.close()
    return [load for session in results for load in session], warmup


# -- figures -------------------------------------------------------------------------------------------------


def quantile(values: list[float], q: float) -> float | None:
    """Nearest-rank quantile."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))], 3)


def summarise(seconds: list[float], errors: int = 0) -> dict[str, Any]:
    return {
        "n": len(seconds),
        "errors": errors,
        "p50_s": quantile(seconds, 0.5),
        "p95_s": quantile(seconds, 0.95),
        "max_s": round(max(seconds), 3) if seconds else None,
    }


def overlaps(start: float, end: float, intervals: list[tuple[int | None, float, float]]) -> bool:
    return any(s < end and e > start for _pid, s, e in intervals)


def union_seconds(intervals: list[tuple[float, float]], lo: float, hi: float) -> float:
    total, reach = 0.0, lo
    for s, e in sorted(intervals):
        s, e = max(s, reach), min(e, hi)
        if e > s:
            total += e - s
            reach = e
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, help="browser contexts loading pages at once (default 4; quick 2)")
    parser.add_argument("--seconds", type=float, help="length of the measured window (default 120; quick 30)")
    parser.add_argument("--stored", type=int, help="demo incidents in the store (default 300000; quick 20000)")
    parser.add_argument("--db", help="use a copy of this database instead of a demo one (the file is not written)")
    parser.add_argument("--large-rows", type=int, help="rows of the one large import (default 50000; quick 5000)")
    parser.add_argument("--large-at", type=float, help="seconds into the window of the large import (default 1/3)")
    parser.add_argument("--small-rows", type=int, default=5, help="rows of each small import (default 5)")
    parser.add_argument("--small-every", type=float, default=5.0, help="seconds between small imports (default 5)")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    parser.add_argument("--page-timeout", type=float, default=90.0, help="seconds before a page load counts failed")
    parser.add_argument("--seed", type=int, default=2380)
    parser.add_argument("--chromium", default=CHROMIUM, help=f"the Chromium binary (default {CHROMIUM})")
    parser.add_argument("--dir", help="folder for the temporary store and files (default: a new temporary one)")
    parser.add_argument("--quick", action="store_true", help="small store, 30 s, 2 sessions, a 5000-row import")
    args = parser.parse_args()
    quick = {"sessions": 2, "seconds": 30.0, "stored": 20_000, "large_rows": 5_000}
    full = {"sessions": 4, "seconds": 120.0, "stored": 300_000, "large_rows": 50_000}
    for key, value in (quick if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.large_at is None:
        args.large_at = args.seconds / 3
    if not Path(args.chromium).exists():
        raise SystemExit(f"no Chromium at {args.chromium}; install Debian's: make chromium")

    with tempfile.TemporaryDirectory(prefix="est-load-", dir=args.dir) as tmp:
        folder = Path(tmp)
        db, build_s, made = build_store(folder, args.stored, args.db, args.seed)
        today = date.today()
        tag = f"L{int(time.time())}"
        large_csv = folder / "large.csv"
        write_csv(large_csv, args.large_rows, f"{tag}-B", today, days=700)
        before = count_store(db)
        app, base = start_app(db, folder / "streamlit.log")
        sampler = CpuSampler(app.pid)
        watcher = LockWatcher(db.with_name(db.name + ".lock"))
        writer = Writer(db, folder, args.small_every, args.small_rows, args.large_rows, args.large_at, sampler)
        threads: list[threading.Thread] = []
        window: dict[str, Any] = {}

        def on_start() -> tuple[float, float]:
            t0 = time.monotonic()
            deadline = t0 + args.seconds
            window.update(t0=t0, deadline=deadline, ticks=machine_ticks(), load=os.getloadavg())
            watcher.start()
            sampler.begin()
            threads.extend(
                [
                    threading.Thread(target=writer.run_small, args=(t0, deadline, today, tag), daemon=True),
                    threading.Thread(target=writer.run_large, args=(t0, large_csv), daemon=True),
                ]
            )
            for thread in threads:
                thread.start()
            return t0, deadline

        try:
            loads, warmup = asyncio.run(drive(args, base, on_start))
            for thread in threads:
                thread.join(timeout=900)
            end = time.monotonic()
            busy, total = machine_ticks()
            sampler.stop()
            watcher.stop()
        finally:
            app.terminate()
            try:
                app.wait(timeout=15)
            except subprocess.TimeoutExpired:
                app.kill()
        after = count_store(db)
        t0 = window["t0"]
        wall = end - t0
        imports = sorted(writer.imports, key=lambda imp: imp["_started"])
        problems = check_batches(db, imports)

        held = [(pid, s, e) for pid, s, e in watcher.intervals]
        by_pid: dict[int | None, list[tuple[float, float]]] = {}
        for pid, s, e in held:
            by_pid.setdefault(pid, []).append((s, e))
        for imp in imports:
            own = by_pid.pop(imp["pid"], [])
            if watcher.method == "flock_probe":  # the probe cannot tell who: attribute by the process's lifetime
                own = [(s, e) for _p, s, e in held if s < imp["_ended"] and e > imp["_started"]]
            imp["lock_held_s"] = round(sum(e - s for s, e in own), 3)
            imp["lock_held_times"] = len(own)
            imp["lock_held_longest_s"] = round(max((e - s for s, e in own), default=0.0), 3)
            imp["lock_held_each_s"] = [round(e - s, 3) for s, e in own]  # the import, then the duplicate linking
        other_writers = {str(pid): round(sum(e - s for s, e in spans), 3) for pid, spans in by_pid.items()}

        timed = [load for load in loads if load["s"] is not None]
        for load in timed:
            load["during_write"] = overlaps(load["_started"], load["_started"] + load["s"], held)
        per_page = {
            name: summarise(
                [load["s"] for load in timed if load["page"] == name],
                sum(1 for load in loads if load["page"] == name and load["s"] is None),
            )
            for name in args.pages
        }
        cpu = sampler.totals()
        cores = os.cpu_count() or 1
        busy0, total0 = window["ticks"]
        committed = [imp for imp in imports if imp["status"] == "committed"]
        inserted = sum(int(imp["rows_imported"] or 0) for imp in committed)
        consistency = {
            "incidents_before": before["incidents"],
            "incidents_after": after["incidents"],
            "sum_rows_imported": inserted,
            "batches_before": before["batches"],
            "batches_after": after["batches"],
            "imports": len(imports),
            "imports_committed": len(committed),
            "imports_failed": [
                {"pid": imp["pid"], "exit": imp["exit"], "error": imp["error"]} for imp in imports if imp["exit"] != 0
            ],
            "batch_problems": problems,
        }
        consistency["consistent"] = (
            after["incidents"] == before["incidents"] + inserted
            and after["batches"] == before["batches"] + len(committed)
            and not problems
            and not consistency["imports_failed"]
            and len(committed) == len(imports)
        )
        gaps = sorted(watcher.gaps)
        out = {
            "setup": {
                "store": made,
                "build_s": round(build_s, 1),
                "sessions": args.sessions,
                "seconds": args.seconds,
                "pages": args.pages,
                "small_import": {"rows": args.small_rows, "every_s": args.small_every},
                "large_import": {"rows": args.large_rows, "at_s": round(args.large_at, 1)},
                "chromium": args.chromium,
                "cores": cores,
            },
            "window_s": round(wall, 1),
            "warmup_first_load_s": warmup,
            "page_load": {
                "all": summarise([load["s"] for load in timed], len(loads) - len(timed)),
                "while_a_write_held_the_lock": summarise([load["s"] for load in timed if load["during_write"]]),
                "without_a_write": summarise([load["s"] for load in timed if not load["during_write"]]),
                "per_page": per_page,
                "errors": sorted({load["error"] for load in loads if load["s"] is None})[:10],
                "measured": "goto until data-test-script-state is notRunning, no stStatusWidget, the page's main "
                "content (and the Leaflet paths in the map iframe) drawn, and still so 250 ms later",
            },
            "lock": {
                "method": watcher.method,
                "method_note": "proc_locks: the exclusive flock on <db>.lock and its holder pid read from /proc/locks"
                " (takes no lock); flock_probe: a LOCK_SH|LOCK_NB attempt that fails while a writer holds it",
                "poll_gap_s": {"p50": quantile(gaps, 0.5), "p99": quantile(gaps, 0.99), "max": quantile(gaps, 1.0)},
                "held_share_of_window": round(union_seconds([(s, e) for _p, s, e in held], t0, end) / wall, 4),
                "held_s": round(union_seconds([(s, e) for _p, s, e in held], t0, end), 3),
                "other_writers_held_s": other_writers,
            },
            "imports": [{k: v for k, v in imp.items() if not k.startswith("_")} for imp in imports],
            "cpu": {
                "chromium_s": round(cpu.get("chromium", 0.0), 1),
                "playwright_driver_s": round(cpu.get("playwright_driver", 0.0), 1),
                "streamlit_s": round(cpu.get("streamlit", 0.0), 1),
                "other_children_s": round(cpu.get("other", 0.0), 1),
                "imports_s": round(sum(imp["cpu_s"] for imp in imports), 1),
                "chromium_share_of_machine": round(cpu.get("chromium", 0.0) / (wall * cores), 3),
                "streamlit_share_of_machine": round(cpu.get("streamlit", 0.0) / (wall * cores), 3),
                "imports_share_of_machine": round(sum(imp["cpu_s"] for imp in imports) / (wall * cores), 3),
                "method": "utime+stime from /proc/<pid>/stat of this process's descendants every 0.5 s "
                "(chromium: the Chromium process tree); imports: wait4 rusage",
            },
            "machine": {
                "busy_share": round((busy - busy0) / max(1, total - total0), 3),
                "loadavg_before": [round(v, 2) for v in window["load"]],
                "loadavg_after": [round(v, 2) for v in os.getloadavg()],
                "note": "shared machine: other work runs too; figures are noisy",
            },
            "consistency": consistency,
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
