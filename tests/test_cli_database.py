"""Only ``est init`` creates a database: every other command refuses a path where there is none.

A mistyped ``--db`` (or ``EST_DB``) must not silently create a folder and an empty database and then
complain about something else; the error names the path and the command that creates it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli import est
from tests.conftest import POLICE_SAMPLE

COMMANDS: list[tuple[str, ...]] = [
    ("stats",),
    ("batches", "list"),
    ("batches", "undo", "1"),
    ("organisations", "list"),
    ("import", "{csv}", "--org", "Testhem"),
    ("import", "{csv}", "--org", "Testhem", "--dry-run"),
    ("areas", "list"),
    ("categories", "unmapped"),
    ("categories", "map", "--org", "Testhem", "--label", "Klotter", "--category", "skadegorelse.klotter"),
    ("users", "list"),
    ("users", "add", "anna", "--role", "admin"),
    ("settings", "list"),
    ("settings", "set", "retention_months", "12"),
    ("retention", "run", "--dry-run"),
    ("dedup", "run"),
    ("police", "import", "{police}"),
    ("export", "--format", "csv", "--out", "{out}"),
    ("report", "weekly", "--out", "{out}"),
    ("addresses", "status"),
    ("addresses", "import", "{csv}"),
]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return est(*args, env={"EST_DB": None, **(env or {})})


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) + f" #{i}" for i, c in enumerate(COMMANDS)])
def test_every_command_but_init_refuses_a_missing_database(tmp_path: Path, command: tuple[str, ...]) -> None:
    csv = tmp_path / "r.csv"
    csv.write_text("Datum;Lat;Lon\n2026-11-01 10:00;63.1775;14.637\n", encoding="utf-8")
    values = {"csv": str(csv), "police": str(POLICE_SAMPLE), "out": str(tmp_path / "ut.fil")}
    db = tmp_path / "typo" / "est.duckdb"
    done = _run(*(part.format(**values) for part in command), "--db", str(db), "--json")
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"error: no database at {db}; create it with: est init --db {db}\n"
    assert json.loads(done.stdout)["error"]["code"] == 1
    assert not (tmp_path / "typo").exists()  # neither the folder nor a file nor a lock file was created


def test_a_missing_database_from_est_db_is_refused_too(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "est.duckdb"
    done = _run("stats", env={"EST_DB": str(db)})
    assert done.returncode == 1 and done.stderr.startswith(f"error: no database at {db};")
    assert not db.parent.exists()


def test_init_creates_the_database_the_other_commands_then_use(tmp_path: Path) -> None:
    db = tmp_path / "ny" / "est.duckdb"
    assert _run("init", "--db", str(db), "--json").returncode == 0
    done = _run("settings", "list", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["settings"]
