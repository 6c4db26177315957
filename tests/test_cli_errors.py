"""How every ``est`` command fails: before anything is written, in one line, and as one JSON object with ``--json``.

* Output paths (``import --rejects``, ``export --out``, ``report … --out``) are checked before the database
  is touched: a cron job's retry must not find its batch already committed.
* With ``--json`` stdout is exactly one JSON object also on errors: ``{"error": {"message", "code"}}``,
  ``code`` being the exit code (1 domain error, 2 wrong usage); stderr keeps its ``error:`` line.
* Wrong usage (exit 2) shows the usage of the sub-command that was typed, and nothing is silently
  ignored: a period whose end is before its start, an unknown ``--date-format``, a malformed date.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from est.store import Store
from tests.cli import est_process
from tests.test_import_cli import est, est_json

LAT, LON = "63.1775", "14.6370"


def _csv(tmp_path: Path) -> Path:
    """One good row and one with an impossible date (a reject)."""
    path = tmp_path / "vecka48.csv"
    path.write_text(
        f"Datum;Kategori;Lat;Lon\n2026-11-01 10:00;Klotter;{LAT};{LON}\n31/02/2026;Klotter;{LAT};{LON}\n",
        encoding="utf-8",
    )
    return path


def _error(done: subprocess.CompletedProcess[str], code: int) -> dict[str, Any]:
    """Assert the failure shape of ``--json``; return the error object."""
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("error: ")], done.stderr
    result = json.loads(done.stdout)  # exactly one JSON object
    assert set(result) == {"error"} and set(result["error"]) == {"message", "code"}
    assert result["error"]["code"] == code
    error_line = next(line for line in done.stderr.splitlines() if line.startswith("error: "))
    assert error_line == f"error: {result['error']['message']}"
    error: dict[str, Any] = result["error"]
    return error


# -- output paths are checked before anything is written ----------------------------------------------------


def test_import_with_rejects_in_a_missing_folder_commits_nothing_and_says_so(
    empty_store: Store, tmp_path: Path
) -> None:
    path = _csv(tmp_path)
    done = est("import", str(path), "--org", "Testhem", "--rejects", str(tmp_path / "no" / "r.csv"), "--json",
               db=empty_store)  # fmt: skip
    error = _error(done, 1)
    assert "--rejects" in error["message"] and str(tmp_path / "no") in error["message"]
    assert empty_store.value("SELECT count(*) FROM import_batches") == 0
    assert empty_store.value("SELECT count(*) FROM incidents") == 0
    # the retry with a usable path imports the batch (it is not 'nothing_new')
    report = est_json("import", str(path), "--org", "Testhem", "--rejects", str(tmp_path / "r.csv"), db=empty_store)
    assert report["status"] == "committed" and report["rows_imported"] == 1
    assert "31/02/2026" in (tmp_path / "r.csv").read_text(encoding="utf-8")


def test_import_with_rejects_naming_a_folder_commits_nothing(empty_store: Store, tmp_path: Path) -> None:
    done = est("import", str(_csv(tmp_path)), "--org", "Testhem", "--rejects", str(tmp_path), db=empty_store)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: --rejects") and "is a folder" in done.stderr
    assert empty_store.value("SELECT count(*) FROM import_batches") == 0


@pytest.mark.parametrize(
    "command",
    [
        ("export", "--format", "csv", "--out"),
        ("report", "weekly", "--out"),
        ("report", "actions", "--out"),
        ("report", "meeting", "1", "--out"),
    ],
    ids=["export", "report-weekly", "report-actions", "report-meeting"],
)
def test_commands_writing_a_file_refuse_a_missing_folder_before_reading(
    empty_store: Store, tmp_path: Path, command: tuple[str, ...]
) -> None:
    done = est(*command, str(tmp_path / "no" / "ut.fil"), "--json", db=empty_store)
    error = _error(done, 1)
    assert "--out" in error["message"] and "does not exist" in error["message"]
    assert empty_store.value("SELECT count(*) FROM audit_log WHERE action IN ('export', 'download')") == 0


# -- --json: one JSON object on errors too -------------------------------------------------------------------


def test_domain_error_with_json_prints_the_error_object(empty_store: Store) -> None:
    error = _error(est("batches", "undo", "9999", "--json", db=empty_store), 1)
    assert "9999" in error["message"]


def test_domain_error_without_json_prints_nothing_on_stdout(empty_store: Store) -> None:
    done = est("batches", "undo", "9999", db=empty_store)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "--by", "kommun"),  # argparse's own check of a choice
        ("stats", "--nonsense"),  # an unknown flag
        ("batches", "list", "--limit", "many"),  # argparse's own type check
        ("import",),  # a required argument missing
    ],
)
def test_usage_error_with_json_prints_the_error_object_with_code_2(empty_store: Store, args: tuple[str, ...]) -> None:
    done = est(*args, "--json", db=empty_store)
    _error(done, 2)
    assert done.stderr.startswith("usage: est ")


def test_usage_error_without_json_prints_nothing_on_stdout(empty_store: Store) -> None:
    done = est("stats", "--by", "kommun", db=empty_store)
    assert done.returncode == 2 and done.stdout == ""


def test_a_missing_command_with_json_is_a_usage_error_object() -> None:
    done = est_process("--json")
    _error(done, 2)


# -- wrong usage is named, never ignored ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (("stats", "--bogus"), "usage: est stats "),
        (("batches", "list", "--bogus"), "usage: est batches list "),
        (("areas", "list", "--bogus"), "usage: est areas list "),
        (("report", "weekly", "--out", "x.pdf", "--bogus"), "usage: est report weekly "),
        (("police", "fetch", "--user-agent", "x", "--bogus"), "usage: est police fetch "),
        (("export", "--format", "csv", "--out", "x.csv", "--bogus"), "usage: est export "),
    ],
)
def test_an_unknown_flag_shows_the_usage_of_the_sub_command(
    empty_store: Store, args: tuple[str, ...], usage: str
) -> None:
    done = est(*args, db=empty_store)
    assert done.returncode == 2
    assert done.stderr.startswith(usage), done.stderr
    assert "error: unrecognized arguments: --bogus" in done.stderr


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        (("stats",), "usage: est stats "),
        (("export", "--format", "csv", "--out", "x.csv"), "usage: est export "),
        (("report", "actions", "--out", "x.pdf"), "usage: est report actions "),
    ],
    ids=["stats", "export", "report-actions"],
)
def test_a_period_ending_before_it_starts_is_a_usage_error(
    empty_store: Store, command: tuple[str, ...], usage: str
) -> None:
    done = est(*command, "--from", "2026-12-01", "--to", "2026-11-01", "--json", db=empty_store)
    error = _error(done, 2)
    assert done.stderr.startswith(usage), done.stderr
    assert "--to 2026-11-01 is before --from 2026-12-01" in error["message"]
    assert done.stdout.count("\n") == 1


@pytest.mark.parametrize("command", [("stats",), ("export", "--format", "csv", "--out", "x.csv")])
def test_a_malformed_date_is_a_usage_error_saying_the_format(empty_store: Store, command: tuple[str, ...]) -> None:
    done = est(*command, "--from", "1/11", db=empty_store)
    assert done.returncode == 2 and done.stdout == ""
    assert "error: argument --from: '1/11' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-03" in done.stderr


def test_an_unknown_date_format_is_a_usage_error_listing_what_is_allowed(empty_store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path)
    done = est("import", str(path), "--org", "Testhem", "--date-format", "xyz", "--json", db=empty_store)
    error = _error(done, 2)
    assert done.stderr.startswith("usage: est import ")
    assert "dmy" in error["message"] and "mdy" in error["message"] and "%d/%m/%Y" in error["message"]
    assert empty_store.value("SELECT count(*) FROM import_batches") == 0
    unknown = est("import", str(path), "--org", "Testhem", "--date-format", "%d/%q/%Y", db=empty_store)
    assert unknown.returncode == 2 and "%q" in unknown.stderr
    for allowed in ("dmy", "mdy", "%Y-%m-%d %H:%M"):
        report = est_json("import", str(path), "--org", "Testhem", "--date-format", allowed, "--dry-run",
                          db=empty_store)  # fmt: skip
        assert report["status"] == "dry_run"
