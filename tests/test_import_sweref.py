"""SWEREF 99 → WGS84 by Krüger's formulas in SQL agrees with PROJ (ST_Transform) far below a millimetre."""

from __future__ import annotations

import pytest

from est.intake.sweref import SWEREF_ZONES, inverse_sql
from est.store import Store


@pytest.mark.parametrize("crs", sorted(SWEREF_ZONES))
def test_krueger_inverse_matches_st_transform(empty_store: Store, crs: int) -> None:
    meridian = SWEREF_ZONES[crs][0]
    steps, lat, lon = inverse_sql(crs, "n", "e")
    relation = (
        "(SELECT ST_Y(g) AS n, ST_X(g) AS e, ST_Y(w) AS want_lat, ST_X(w) AS want_lon FROM ("
        f"SELECT ST_Transform(ST_Point(lo, la), 'EPSG:4326', 'EPSG:{crs}', always_xy := true) AS g, "
        "ST_Point(lo, la) AS w FROM range(0, 60) a(i), range(0, 30) b(j), "
        f"LATERAL (SELECT 55.0 + i * 0.235 AS la, {meridian} - 3.0 + j * 0.2 AS lo)))"
    )
    for step in steps:
        relation = f"(SELECT t.*, {step} FROM {relation} t)"
    with empty_store.writing(extensions=("spatial",)) as w:
        worst = w.row(f"SELECT max(abs({lat} - want_lat)), max(abs({lon} - want_lon)), count(*) FROM {relation} t")
    assert worst is not None
    assert worst[2] == 1800
    assert worst[0] < 1e-8 and worst[1] < 1e-8  # 1e-8 degrees is about a millimetre
