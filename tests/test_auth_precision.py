"""Roles and location precision: who sees exact points and free text, and small-count suppression."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from est.access.auth import LOCAL_ADMIN, PAGE_PERMISSIONS, Permission, Role, Viewer, can, parse_role, require
from est.access.precision import (
    apply_precision,
    blank_small_count,
    precision_settings,
    report_suppression,
    sees_exact,
    snap,
)
from est.access.settings import set_setting
from est.errors import EstError, PermissionDeniedError
from est.store import Store

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "organisation_id": [1, 2, 2],
            "lat": [63.17912, 63.18234, np.nan],
            "lon": [14.63571, 14.64012, np.nan],
            "description": ["klotter på port 4", "glaskross", "brand"],
            "place": ["Storgatan 4", "Parken", None],
        }
    )


def test_lasare_gets_only_snapped_points_and_no_free_text() -> None:
    out = apply_precision(_rows(), Viewer("l", Role.LASARE, 1), 200)
    assert not out["precise"].any()
    assert out["description"].isna().all() and out["place"].isna().all()
    original = _rows()
    for i in range(2):
        assert out.loc[i, "lat"] != original.loc[i, "lat"]
        # the snapped point is within one 200 m cell of the original
        assert abs(out.loc[i, "lat"] - original.loc[i, "lat"]) * 111_320 <= 100.01
    assert math.isnan(out.loc[2, "lat"])


def test_snapping_is_a_grid_points_in_one_cell_become_identical() -> None:
    lat = np.array([63.17901, 63.17990])
    lon = np.array([14.63501, 14.63590])
    s_lat, s_lon = snap(lat, lon, 250)
    assert s_lat[0] == s_lat[1] and s_lon[0] == s_lon[1]


def test_lasare_of_the_owning_organisation_still_gets_snapped_points() -> None:
    out = apply_precision(_rows(), Viewer("l", Role.LASARE, 2), 200)
    assert not out["precise"].any()
    assert out.loc[1, "lat"] != 63.18234


def test_rapportor_sees_own_organisation_exactly_and_others_snapped() -> None:
    out = apply_precision(_rows(), Viewer("r", Role.RAPPORTOR, 2), 200)
    assert out["precise"].tolist() == [False, True, True]
    assert out.loc[1, "lat"] == 63.18234 and out.loc[1, "description"] == "glaskross"
    assert out.loc[0, "lat"] != 63.17912 and out.loc[0, "description"] is None


@pytest.mark.parametrize("role", [Role.POLIS, Role.SAMORDNARE, Role.ADMIN])
def test_police_coordinators_and_admins_see_everything_exactly(role: Role) -> None:
    out = apply_precision(_rows(), Viewer("x", role, None), 200)
    assert out["precise"].all()
    pd.testing.assert_frame_equal(out.drop(columns="precise"), _rows())


@pytest.mark.parametrize("grid", [float("nan"), 0, -10])
def test_unusable_grid_removes_coordinates_instead_of_leaking_them(grid: float) -> None:
    out = apply_precision(_rows(), Viewer("l", Role.LASARE, None), grid)
    assert out["lat"].isna().all() and out["lon"].isna().all()


def test_frame_without_organisation_column_counts_as_nobodys_own() -> None:
    out = apply_precision(_rows().drop(columns="organisation_id"), Viewer("r", Role.RAPPORTOR, 1), 200)
    assert not out["precise"].any()
    assert out["description"].isna().all()


def test_sees_exact_needs_a_matching_organisation() -> None:
    assert sees_exact(Viewer("r", Role.RAPPORTOR, 1), 1)
    assert not sees_exact(Viewer("r", Role.RAPPORTOR, None), None)
    assert not sees_exact(Viewer("l", Role.LASARE, 1), 2)
    assert sees_exact(Viewer("p", Role.POLIS, None), 5)


def test_small_counts_are_suppressed_zero_and_large_counts_kept() -> None:
    assert [blank_small_count(n, 5) for n in (0, 1, 4, 5, 120)] == [0, None, None, 5, 120]
    assert blank_small_count(2, 3) is None and blank_small_count(3, 3) == 3


def test_reports_of_a_reader_are_always_for_outside_the_group() -> None:
    assert report_suppression(Viewer("l", Role.LASARE), 5, outside_group=False) == 5
    for role in (Role.RAPPORTOR, Role.POLIS, Role.SAMORDNARE, Role.ADMIN):
        assert report_suppression(Viewer("x", role, 1), 5, outside_group=False) is None
        assert report_suppression(Viewer("x", role, 1), 7, outside_group=True) == 7


def test_precision_settings_come_from_the_settings_table(empty_store: Store) -> None:
    with empty_store.reading() as r:
        assert (precision_settings(r).grid_metres, precision_settings(r).small_count_threshold) == (200.0, 5)
    with empty_store.writing() as w:
        set_setting(w, "snap_grid_metres", "250", by="test")
        set_setting(w, "small_count_threshold", "3", by="test")
    with empty_store.reading() as r:
        assert precision_settings(r).grid_metres == 250.0
        assert precision_settings(r).small_count_threshold == 3


def test_permission_table_per_role() -> None:
    assert can(Role.LASARE, Permission.VIEW_PICTURE)
    assert not can(Role.LASARE, Permission.VIEW_EXACT_ALL)
    assert not can(Role.LASARE, Permission.IMPORT)
    assert not can(Role.LASARE, Permission.EXPORT)
    assert can(Role.RAPPORTOR, Permission.IMPORT) and not can(Role.RAPPORTOR, Permission.IMPORT_ANY_ORG)
    assert can(Role.POLIS, Permission.VIEW_EXACT_ALL) and not can(Role.POLIS, Permission.MANAGE_AREAS)
    assert can(Role.SAMORDNARE, Permission.MANAGE_MEETINGS) and not can(Role.SAMORDNARE, Permission.MANAGE_USERS)
    assert can(Role.ADMIN, Permission.MANAGE_USERS) and can(Role.ADMIN, Permission.VIEW_AUDIT)
    assert LOCAL_ADMIN.role is Role.ADMIN
    assert set(PAGE_PERMISSIONS) >= {"anvandare", "logg", "importera", "lagesbild", "konto"}


def test_require_raises_with_the_role_named() -> None:
    with pytest.raises(PermissionDeniedError, match=r"role 'lasare'.*manage_users"):
        require(Viewer("anna", Role.LASARE), Permission.MANAGE_USERS)


def test_parse_role_lists_valid_names() -> None:
    assert parse_role(" SAMORDNARE ") is Role.SAMORDNARE
    with pytest.raises(EstError, match="use one of: lasare, rapportor, polis, samordnare, admin"):
        parse_role("chef")
