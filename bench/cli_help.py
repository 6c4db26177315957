"""Benchmark: how long ``est --help``, ``est stats --help`` and a usage error take. Prints one JSON object.

Each command runs in a fresh interpreter (``python -m est.cli``), as a shell or cron runs it; the figure is
the median wall time of ``--repeat`` runs, in seconds. ``est`` imports only the typed command's module and
no domain module for help or usage errors (``tests/test_cli_lazy_imports.py``), so these stay near the
interpreter's own start-up time.

Usage: python bench/cli_help.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

COMMANDS: dict[str, list[str]] = {
    "est --help": ["--help"],
    "est stats --help": ["stats", "--help"],
    "est export --help": ["export", "--help"],
    "est stats --by kommun": ["stats", "--by", "kommun"],
}


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    bare = statistics.median(_timed([sys.executable, "-c", "pass"]) for _ in range(args.repeat))
    result: dict[str, object] = {"repeat": args.repeat, "python_start_s": round(bare, 3)}
    for name, argv in COMMANDS.items():
        runs = [_timed([sys.executable, "-m", "est.cli", *argv]) for _ in range(args.repeat)]
        result[name] = round(statistics.median(runs), 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
