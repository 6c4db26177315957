"""``est --help``, every sub-command's ``--help`` and usage errors import no heavy library.

Each command module registers its options with argparse only; the domain modules it needs (pandas,
DuckDB, geopandas, folium, fpdf …) are imported by its handler, and ``est`` imports only the module of
the command that was typed. A structural test, not a timing one: a fresh interpreter runs the command
line and reports which of those libraries ended up in ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "numpy", "duckdb", "geopandas", "shapely", "pyproj", "pyogrio", "folium", "fpdf", "streamlit")

_PROBE = """
import contextlib, io, json, sys
from est.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(json.loads(sys.argv[1]))
    except SystemExit as exc:
        code = exc.code
heavy = json.loads(sys.argv[2])
print(json.dumps({"code": code, "loaded": sorted(m for m in heavy if m in sys.modules)}))
"""


def _loaded_after(*args: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args)), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(done.stdout)
    return int(result["code"] or 0), list(result["loaded"])


HELP = [
    (),
    ("init",),
    ("import",),
    ("batches",),
    ("batches", "list"),
    ("batches", "undo"),
    ("organisations", "list"),
    ("stats",),
    ("areas", "import"),
    ("areas", "list"),
    ("users", "add"),
    ("users", "set-role"),
    ("retention", "run"),
    ("police", "import"),
    ("police", "fetch"),
    ("report", "weekly"),
    ("report", "meeting"),
    ("report", "actions"),
    ("export",),
    ("dedup", "run"),
    ("settings", "set"),
    ("categories", "map"),
    ("addresses", "import"),
    ("addresses", "status"),
]


@pytest.mark.parametrize("command", HELP, ids=[" ".join(c) or "est" for c in HELP])
def test_help_imports_no_heavy_library(command: tuple[str, ...]) -> None:
    code, loaded = _loaded_after(*command, "--help")
    assert code == 0
    assert loaded == []


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "--by", "kommun"),
        ("stats", "--from", "2026-12-01", "--to", "2026-11-01"),
        ("stats", "--bogus", "--json"),
        ("import", "x.csv", "--org", "X", "--date-format", "xyz"),
        ("export", "--format", "pdf", "--out", "x.pdf"),
        ("no-such-command",),
        (),
    ],
    ids=["choice", "period", "unknown-flag", "date-format", "export-format", "command", "nothing"],
)
def test_usage_errors_import_no_heavy_library(args: tuple[str, ...]) -> None:
    code, loaded = _loaded_after(*args)
    assert code == 2
    assert loaded == []


def test_the_probe_sees_what_a_real_command_imports(tmp_path: Path) -> None:
    """The probe can fail: running a command that opens the database does import DuckDB."""
    code, loaded = _loaded_after("init", "--db", str(tmp_path / "est.duckdb"))
    assert code == 0
    assert "duckdb" in loaded
