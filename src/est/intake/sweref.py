"""SWEREF 99 grid coordinates → WGS84 latitude/longitude as plain SQL arithmetic (Krüger's formulas).

Who calls it: :mod:`est.intake.importer`, in its parse statement, for files with SWEREF 99 TM
(EPSG:3006) or local SWEREF 99 zone (EPSG:3007–3018) coordinates. These are transverse Mercator
projections of GRS 80, and SWEREF 99 is WGS84 at the metre level (PROJ transforms it without a datum
shift), so the inverse projection is all there is to do. Lantmäteriet's formulas ("Gauss Conformal
Projection (Transverse Mercator), Krüger's formulas") agree with PROJ's ``ST_Transform`` to far below a
millimetre, and as vectorised arithmetic they are several times faster than one PROJ call per row.
RT 90 (EPSG:3021) needs a datum shift and stays with ``ST_Transform``.
"""

from __future__ import annotations

import math

__all__ = ["SWEREF_ZONES", "inverse_sql"]

# The twelve local zones (EPSG:3007–3018, "SWEREF 99 12 00" … "SWEREF 99 23 15"): scale 1, false easting
# 150 km; each is named by its central meridian.
_LOCAL_MERIDIANS = (12.0, 13.5, 15.0, 16.5, 18.0, 14.25, 15.75, 17.25, 18.75, 20.25, 21.75, 23.25)

#: EPSG code → (central meridian in degrees, scale factor, false easting) of SWEREF 99 TM and its zones.
SWEREF_ZONES: dict[int, tuple[float, float, float]] = {
    3006: (15.0, 0.9996, 500_000.0),
    **{3007 + i: (meridian, 1.0, 150_000.0) for i, meridian in enumerate(_LOCAL_MERIDIANS)},
}

_A = 6_378_137.0  # GRS 80
_F = 1 / 298.257222101


def _constants() -> tuple[float, tuple[float, ...], tuple[float, ...]]:
    e2 = _F * (2 - _F)
    n = _F / (2 - _F)
    a_roof = _A / (1 + n) * (1 + n**2 / 4 + n**4 / 64)
    delta = (
        n / 2 - 2 * n**2 / 3 + 37 * n**3 / 96 - n**4 / 360,
        n**2 / 48 + n**3 / 15 - 437 * n**4 / 1440,
        17 * n**3 / 480 - 37 * n**4 / 840,
        4397 * n**4 / 161280,
    )
    series = (
        e2 + e2**2 + e2**3 + e2**4,
        -(7 * e2**2 + 17 * e2**3 + 30 * e2**4) / 6,
        (224 * e2**3 + 889 * e2**4) / 120,
        -(4279 * e2**4) / 1260,
    )
    return a_roof, delta, series


def inverse_sql(crs: int, north: str, east: str) -> tuple[list[str], str, str]:
    """SQL that turns grid coordinates into WGS84 degrees, as a chain of projection steps.

    Parameters
    ----------
    crs
        A key of :data:`SWEREF_ZONES`.
    north, east
        Column names (or expressions) of the northing and easting in metres.

    Returns
    -------
    tuple
        ``(steps, lat, lon)``: each step is a select list to add to the previous relation with
        ``SELECT t.*, <step> FROM (…) t``; ``lat`` and ``lon`` are expressions over the last step's columns.
    """
    meridian, scale, false_easting = SWEREF_ZONES[crs]
    a_roof, (d1, d2, d3, d4), (c1, c2, c3, c4) = _constants()
    k = scale * a_roof
    # ξ' + iη' = ζ - Σ δj sin(2jζ) for ζ = ξ + iη, summed by Clenshaw's recurrence in complex arithmetic
    # (b_j = δj + 2cos(2ζ) b_j+1 - b_j+2, the sum b_1 sin(2ζ)): a third fewer operations than each multiple
    # angle on its own, and every operation costs per row
    steps = [
        f"({north}) / {k!r} AS g_xi, (({east}) - {false_easting!r}) / {k!r} AS g_eta",
        "sin(2 * g_xi) AS g_s2, cos(2 * g_xi) AS g_c2, sinh(2 * g_eta) AS g_sh2, cosh(2 * g_eta) AS g_ch2",
        # 2cos(2ζ) and sin(2ζ), real and imaginary parts
        "2 * g_c2 * g_ch2 AS g_ar, -2 * g_s2 * g_sh2 AS g_ai, g_s2 * g_ch2 AS g_sr, g_c2 * g_sh2 AS g_si",
        f"{d3!r} + g_ar * {d4!r} AS g_b3r, g_ai * {d4!r} AS g_b3i",
        f"{d2 - d4!r} + g_ar * g_b3r - g_ai * g_b3i AS g_b2r, g_ar * g_b3i + g_ai * g_b3r AS g_b2i",
        f"{d1!r} + g_ar * g_b2r - g_ai * g_b2i - g_b3r AS g_b1r, g_ar * g_b2i + g_ai * g_b2r - g_b3i AS g_b1i",
        "g_xi - (g_b1r * g_sr - g_b1i * g_si) AS g_xi1, g_eta - (g_b1r * g_si + g_b1i * g_sr) AS g_eta1",
        "asin(sin(g_xi1) / cosh(g_eta1)) AS g_phi, atan(sinh(g_eta1) / cos(g_xi1)) AS g_dlambda",
        "sin(g_phi) * sin(g_phi) AS g_sin2",
    ]
    lat = (
        f"degrees(g_phi + sin(g_phi) * cos(g_phi) * ({c1!r} + g_sin2 * ({c2!r} + g_sin2 * ({c3!r} + g_sin2 * {c4!r}))))"
    )
    lon = f"({meridian!r} + degrees(g_dlambda))"
    assert math.isfinite(k)
    return steps, lat, lon
