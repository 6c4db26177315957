"""The map assets' integrity pin: a tarball whose hash differs from the pinned one is refused, nothing installed.

A fake ``npm`` first on PATH (as in tests/test_error_messages_sv.py, but one that succeeds) answers
``npm pack SPEC --pack-destination DIR`` with a tarball built here, holding every file the map needs, and
logs each call. The same fake tarball is installed when its hash is the pinned one: so a refusal is the
integrity check's doing, not a broken fake.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import tarfile
from pathlib import Path

import pytest

import est.picture.map_assets
from est.errors import EstError
from est.picture.map_assets import ASSETS, Asset, fetch_assets

LEAFLET = next(a for a in ASSETS if a.package == "leaflet")

FAKE_NPM = """#!{python}
import shutil, sys
from pathlib import Path
args = sys.argv[1:]
with open({log!r}, "a") as log:
    log.write(" ".join(args) + "\\n")
assert args[0] == "pack", args
destination = Path(args[args.index("--pack-destination") + 1])
name, _, version = args[1].rpartition("@")
shutil.copy({tarball!r}, destination / f"{{name}}-{{version}}.tgz")
"""


def _tarball(path: Path, files: tuple[str, ...], marker: str) -> bytes:
    """A gzipped npm-style tarball (``package/<file>``) holding ``files`` with made-up content."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name in files:
            data = f"/* {marker}: {name} */\n".encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def fake_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, Path]:
    """Put the fake npm first on PATH; return the tarball it hands out and its call log."""
    tarball = tmp_path / "fake.tgz"
    data = _tarball(tarball, LEAFLET.files, "not leaflet")
    log = tmp_path / "npm-calls.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(FAKE_NPM.format(python=sys.executable, log=str(log), tarball=str(tarball)))
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    return data, log


def _installed(vendor: Path) -> list[str]:
    return sorted(str(p.relative_to(vendor)) for p in vendor.rglob("*")) if vendor.exists() else []


def test_a_tarball_with_another_hash_is_refused_and_nothing_is_installed(
    tmp_path: Path, fake_npm: tuple[bytes, Path]
) -> None:
    data, log = fake_npm
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    with pytest.raises(EstError) as caught:
        fetch_assets(vendor)
    got = _sha512(data)
    assert got != LEAFLET.integrity
    assert str(caught.value) == (
        f"leaflet@1.9.3: integrity check failed (expected {LEAFLET.integrity}, got {got}); not installed"
    )
    assert caught.value.text("sv") == (
        f"leaflet@1.9.3: integritetskontrollen misslyckades (väntade {LEAFLET.integrity}, fick {got}); inte installerat"
    )
    assert log.read_text().splitlines() == [f"pack leaflet@1.9.3 --pack-destination {_pack_dir(log)} --silent"]
    assert _installed(vendor) == []  # not the bad package, and no later package either


def _pack_dir(log: Path) -> str:
    """The temporary --pack-destination npm was given (it is gone afterwards)."""
    words = log.read_text().split()
    return words[words.index("--pack-destination") + 1]


def test_the_same_fake_tarball_is_installed_when_its_hash_is_the_pinned_one(
    tmp_path: Path, fake_npm: tuple[bytes, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, _ = fake_npm
    pinned = Asset("leaflet", "1.9.3", _sha512(data), LEAFLET.files)
    monkeypatch.setattr(est.picture.map_assets, "ASSETS", (pinned,))
    vendor = tmp_path / "vendor"
    assert fetch_assets(vendor) == ["leaflet@1.9.3"]
    assert (vendor / "leaflet-1.9.3" / "leaflet.js").read_text() == "/* not leaflet: dist/leaflet.js */\n"
    assert len(_installed(vendor / "leaflet-1.9.3")) == len(LEAFLET.files) + 1  # the files and images/


def test_a_later_package_with_another_hash_is_refused_and_the_earlier_one_stays(
    tmp_path: Path, fake_npm: tuple[bytes, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, log = fake_npm
    good = Asset("leaflet", "1.9.3", _sha512(data), LEAFLET.files)
    bad = Asset("leaflet.heat", "0.2.0", "sha512-" + base64.b64encode(b"\0" * 64).decode(), ("dist/leaflet.js",))
    monkeypatch.setattr(est.picture.map_assets, "ASSETS", (good, bad))
    vendor = tmp_path / "vendor"
    with pytest.raises(EstError, match=r"^leaflet\.heat@0\.2\.0: integrity check failed .*; not installed$"):
        fetch_assets(vendor)
    assert len(log.read_text().splitlines()) == 2
    assert not (vendor / "leaflet.heat-0.2.0").exists()
    assert (vendor / "leaflet-1.9.3" / "leaflet.js").is_file()
