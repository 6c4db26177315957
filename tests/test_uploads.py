"""Saved uploads: kept under a safe name while used, removed when forgotten or left behind too long."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from est.intake.uploads import STALE_AFTER, forget_upload, save_upload, sweep_stale_uploads


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _uploads(folder: Path) -> list[Path]:
    return sorted(folder.glob("est-upload-*"))


def test_an_upload_is_saved_under_a_safe_name_that_keeps_its_extension(temp_dir: Path) -> None:
    path = save_upload("../../Vecka 45; rm -rf.XLSX", b"data")
    assert path.parent.parent == temp_dir
    assert path.name == "Vecka_45_rm_-rf.xlsx"
    assert path.read_bytes() == b"data"


def test_a_forgotten_upload_leaves_no_file_and_no_folder(temp_dir: Path) -> None:
    path = save_upload("vecka.csv", b"Datum;Plats\n")
    forget_upload(path)
    assert _uploads(temp_dir) == []
    forget_upload(path)  # twice is harmless


def test_a_save_removes_uploads_left_behind_longer_than_the_limit_and_keeps_newer_ones(temp_dir: Path) -> None:
    old = save_upload("gammal.csv", b"1")
    recent = save_upload("ny.csv", b"2")
    past = time.time() - STALE_AFTER - 60
    os.utime(old.parent, (past, past))
    newest = save_upload("nyast.csv", b"3")
    assert _uploads(temp_dir) == sorted([recent.parent, newest.parent])
    assert sweep_stale_uploads(older_than=0) == 2
    assert _uploads(temp_dir) == []
