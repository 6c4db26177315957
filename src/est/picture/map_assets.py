"""The map's third-party JavaScript and CSS: which npm packages, pinned and integrity-checked, and where.

Who calls it: ``scripts/fetch_assets.py`` (run by ``make run`` / ``make test``) fetches them with the
ordinary ``npm pack`` client into ``static/vendor/`` beside ``app.py`` (git-ignored; never committed copies of
third-party code), verifying each tarball against the sha512 integrity pinned here. At run time Streamlit
serves them at ``/app/static/vendor/…`` and :mod:`est.picture.maps` points every folium element at those local URLs,
so the browser never asks a CDN (no visitor IPs leak; the map works without internet).

Where they must be (:func:`app_vendor_dir`): Streamlit serves the ``static`` folder beside the main script it
runs (``streamlit run app.py``), whatever the working directory. So the folder follows ``app.py``, never this
package's own location: after a non-editable ``pip install .`` this module lives in site-packages, while the
app (``app.py``, ``pages/``, ``static/``) is still served from the checkout. :mod:`est.ui.map` checks the
folder of the running app before drawing each map and shows the fix instead of an empty box.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from est.errors import EstError

__all__ = ["ASSETS", "STATIC_URL", "Asset", "app_vendor_dir", "fetch_assets", "missing_assets", "vendor_url"]

STATIC_URL = "/app/static/vendor"


@dataclass(frozen=True)
class Asset:
    """One npm package version and the files the map needs from it (paths inside the tarball)."""

    package: str
    version: str
    integrity: str
    files: tuple[str, ...]

    @property
    def folder(self) -> str:
        """The folder under ``static/vendor`` that holds this package's files."""
        return f"{self.package}-{self.version}"


ASSETS: tuple[Asset, ...] = (
    Asset(
        "leaflet",
        "1.9.3",
        "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
        (
            "dist/leaflet.js",
            "dist/leaflet.css",
            "dist/images/layers.png",
            "dist/images/layers-2x.png",
            "dist/images/marker-icon.png",
            "dist/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png",
        ),
    ),
    Asset(
        "leaflet.markercluster",
        "1.1.0",
        "sha512-eI+XkCiLiHwCC3uZ4/n4+Vq3rXcqEHN2lhHRVG1WVziy/3Q0TTipWkzEa1zO0dKZI2AnI5ppFDWrOjnQ7MJLKQ==",
        ("dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css"),
    ),
    Asset(
        "jquery",
        "3.7.1",
        "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
        ("dist/jquery.min.js",),
    ),
    Asset(
        "leaflet.heat",
        "0.2.0",
        "sha512-Cd5PbAA/rX3X3XKxfDoUGi9qp78FyhWYurFg3nsfhntcM/MCNK08pRkf4iEenO1KNqwVPKCmkyktjW3UD+h9bQ==",
        ("dist/leaflet-heat.js",),
    ),
)
_BY_PACKAGE = {a.package: a for a in ASSETS}


def vendor_url(package: str, file: str) -> str:
    """The local URL of ``file`` (a path inside the package's tarball) of a pinned package."""
    asset = _BY_PACKAGE[package]
    if file not in asset.files:
        raise KeyError(f"{package}: {file} is not one of the pinned files {asset.files}")
    return f"{STATIC_URL}/{asset.folder}/{file.removeprefix('dist/')}"


def app_vendor_dir(app_script: Path) -> Path:
    """Return the folder the map assets must be in for the app whose main script is ``app_script``.

    Streamlit serves ``static/`` beside the main script at ``/app/static/`` (``server.enableStaticServing``),
    so this is ``static/vendor`` beside ``app.py``, however ``est`` itself is installed.

    Examples
    --------
    >>> app_vendor_dir(Path("/srv/est/app.py")).as_posix()
    '/srv/est/static/vendor'
    """
    return app_script.parent / "static" / "vendor"


def missing_assets(vendor_dir: Path) -> list[str]:
    """The pinned files not present under ``vendor_dir`` (empty when the map can be served)."""
    return [
        f"{a.folder}/{f.removeprefix('dist/')}"
        for a in ASSETS
        for f in a.files
        if not (vendor_dir / a.folder / f.removeprefix("dist/")).is_file()
    ]


def _verify(data: bytes, integrity: str, what: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise EstError(
            f"{what}: integrity check failed (expected {integrity}, got {algorithm}-{digest}); not installed",
            sv=f"{what}: integritetskontrollen misslyckades (väntade {integrity}, fick {algorithm}-{digest}); "
            "inte installerat",
        )


def fetch_assets(vendor_dir: Path, *, npm: str = "npm") -> list[str]:
    """Fetch the pinned packages with ``npm pack``, verify their integrity, and extract the needed files.

    Parameters
    ----------
    vendor_dir
        Where to put them: :func:`app_vendor_dir` of the app's ``app.py``.
    npm
        The npm client to run.

    Returns
    -------
    list of str
        The packages fetched now (those already complete are skipped, and need no npm).

    Raises
    ------
    EstError
        When npm is missing, a download fails, or a tarball does not match its pinned integrity.
    """
    fetched: list[str] = []
    for asset in ASSETS:
        target = vendor_dir / asset.folder
        if all((target / f.removeprefix("dist/")).is_file() for f in asset.files):
            continue
        if shutil.which(npm) is None:  # only needed when something is missing
            raise EstError(
                "npm is not installed; install Node.js and npm (Debian: apt-get install npm)",
                sv="npm är inte installerat; installera Node.js och npm (Debian: apt-get install npm)",
            )
        spec = f"{asset.package}@{asset.version}"
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run(
                [npm, "pack", spec, "--pack-destination", tmp, "--silent"],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                output = done.stderr.strip() or done.stdout.strip()
                raise EstError(f"npm pack {spec} failed: {output}", sv=f"npm pack {spec} misslyckades: {output}")
            tarball = next(Path(tmp).glob("*.tgz"))
            data = tarball.read_bytes()
        _verify(data, asset.integrity, spec)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for name in asset.files:
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise EstError(f"{spec}: {name} is missing from the package", sv=f"{spec}: {name} saknas i paketet")
                out = target / name.removeprefix("dist/")
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(member.read())
        fetched.append(spec)
    return fetched
