"""``est init`` and the CLI conventions every command follows."""

from __future__ import annotations

import json
from pathlib import Path

from est.store import list_migrations
from tests.cli import est as run_est


def test_init_creates_and_migrates_and_prints_one_json_object(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "est.duckdb"
    done = run_est("init", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["migrations_applied"] == [m.version for m in list_migrations()]
    assert db.exists()
    again = json.loads(run_est("init", "--db", str(db), "--json").stdout)
    assert again["migrations_applied"] == []


def test_db_path_comes_from_the_environment_when_no_flag(tmp_path: Path) -> None:
    db = tmp_path / "from-env.duckdb"
    done = run_est("init", "--json", env={"EST_DB": str(db)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["db"] == str(db)
    assert db.exists()


def test_demo_rows_and_if_empty(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    report = json.loads(run_est("init", "--db", str(db), "--demo", "--rows", "500", "--json").stdout)
    assert report["demo"] is True
    assert report["incidents"] == 500
    assert report["areas"] >= 10
    kept = json.loads(run_est("init", "--db", str(db), "--demo", "--if-empty", "--rows", "50", "--json").stdout)
    assert kept["demo"] is False
    assert kept["incidents"] == 500


def test_domain_error_exits_1_with_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "not-a-db.duckdb").write_text("this is not a database")
    done = run_est("init", "--db", str(tmp_path / "not-a-db.duckdb"), "--json")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
    assert "Traceback" not in done.stderr
    # with --json stdout is still exactly one JSON object: the error (tests/test_cli_errors.py has the rest)
    assert json.loads(done.stdout) == {"error": {"message": lines[0].removeprefix("error: "), "code": 1}}
    assert run_est("init", "--db", str(tmp_path / "not-a-db.duckdb")).stdout == ""


def test_negative_rows_is_a_domain_error(tmp_path: Path) -> None:
    done = run_est("init", "--db", str(tmp_path / "x.duckdb"), "--demo", "--rows", "-5")
    assert done.returncode == 1
    assert done.stderr.startswith("error: --rows")


def test_wrong_usage_exits_2() -> None:
    assert run_est("no-such-command").returncode == 2
    assert run_est("init", "--rows", "many").returncode == 2
