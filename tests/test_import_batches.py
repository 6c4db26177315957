"""Atomic, idempotent batches: identical rows, re-import, undo, profiles, the crosswalk and permissions."""

from __future__ import annotations

from pathlib import Path

import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import EstError, PermissionDeniedError
from est.intake import ImportOptions, import_file, list_batches, remap_label, undo_batch
from est.store import Store

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

LAT, LON = "63.1775", "14.6370"
ROWS = (
    "Datum;Kategori;Beskrivning;Lat;Lon\n"
    f"2026-11-01 10:00;Klotter fasad;samma;{LAT};{LON}\n"
    f"2026-11-01 10:00;Klotter fasad;samma;{LAT};{LON}\n"
    f"2026-11-02 10:00;Sprejmålning;annan;{LAT};{LON}\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def org_count(store: Store, org: str) -> int:
    return int(
        store.value(
            "SELECT count(*) FROM incidents i JOIN organisations o ON o.id = i.organisation_id WHERE o.name = ?", [org]
        )
    )


def test_identical_rows_are_separate_incidents_and_reimport_skips_known_rows(demo_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", ROWS)
    first = import_file(demo_store, LOCAL_ADMIN, path, ImportOptions(organisation="Testhem"))
    assert (first.rows_imported, first.rows_duplicate) == (3, 0)
    again = import_file(demo_store, LOCAL_ADMIN, path, ImportOptions(organisation="Testhem"))
    assert (again.rows_read, again.rows_imported, again.rows_duplicate) == (3, 0, 3)
    assert again.batch_id is None and again.status == "nothing_new"
    # an overlapping file: one more identical row is a new incident, the rest are known
    more = write(tmp_path / "b.csv", ROWS + f"2026-11-01 10:00;Klotter fasad;samma;{LAT};{LON}\n")
    overlap = import_file(demo_store, LOCAL_ADMIN, more, ImportOptions(organisation="Testhem"))
    assert (overlap.rows_read, overlap.rows_imported, overlap.rows_duplicate) == (4, 1, 3)
    assert org_count(demo_store, "Testhem") == 4
    # the same rows from another organisation are that organisation's incidents
    other = import_file(demo_store, LOCAL_ADMIN, path, ImportOptions(organisation="Annan AB"))
    assert other.rows_imported == 3


def test_external_ids_decide_duplicates(demo_store: Store, tmp_path: Path) -> None:
    text = f"Ärendenr;Datum;Lat;Lon\nA1;2026-11-01 10:00;{LAT};{LON}\nA1;2026-11-01 11:00;{LAT};{LON}\n"
    report = import_file(demo_store, LOCAL_ADMIN, write(tmp_path / "e.csv", text), ImportOptions(organisation="X"))
    assert (report.rows_imported, report.rows_duplicate) == (1, 1)
    text2 = f"Ärendenr;Datum;Lat;Lon\nA1;2026-11-05 10:00;{LAT};{LON}\nA2;2026-11-01 11:00;{LAT};{LON}\n"
    report2 = import_file(demo_store, LOCAL_ADMIN, write(tmp_path / "e2.csv", text2), ImportOptions(organisation="X"))
    assert (report2.rows_imported, report2.rows_duplicate) == (1, 1)


def test_undo_removes_the_batch_and_it_can_be_imported_again(demo_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", ROWS)
    report = import_file(demo_store, LOCAL_ADMIN, path, ImportOptions(organisation="Testhem"), actor="cli:tester")
    assert report.batch_id is not None
    with demo_store.reading() as r:
        listed = list_batches(r, LOCAL_ADMIN)[0]
    assert listed["id"] == report.batch_id
    assert (listed["organisation"], listed["file_name"], listed["created_by"]) == ("Testhem", "a.csv", "cli:tester")
    assert (listed["rows_read"], listed["rows_imported"], listed["status"]) == (3, 3, "committed")
    result = undo_batch(demo_store, LOCAL_ADMIN, report.batch_id, actor="cli:tester")
    assert result["rows_deleted"] == 3
    assert org_count(demo_store, "Testhem") == 0
    left = demo_store.value("SELECT count(*) FROM incident_areas WHERE incident_id NOT IN (SELECT id FROM incidents)")
    assert left == 0
    actions = [r[0] for r in demo_store.rows("SELECT action FROM audit_log WHERE actor = 'cli:tester' ORDER BY id")]
    assert actions == ["import", "undo"]
    with pytest.raises(EstError, match="has been undone already") as undone:
        undo_batch(demo_store, LOCAL_ADMIN, report.batch_id)
    assert undone.value.text("sv") == f"batch {report.batch_id} är redan ångrad; det finns inget kvar att ångra"
    again = import_file(demo_store, LOCAL_ADMIN, path, ImportOptions(organisation="Testhem"))
    assert again.rows_imported == 3


def test_mapping_profile_is_saved_and_applied_to_the_next_file(demo_store: Store, tmp_path: Path) -> None:
    text = f"När;Vad;Nord;Öst\n2026-11-01 10:00;Klotter;{LAT};{LON}\n"
    options = ImportOptions(
        organisation="Testhem",
        profile="Fastighetssystemet",
        overrides=(("occurred_at", "När"), ("category", "Vad"), ("lat", "Nord"), ("lon", "Öst")),
    )
    first = import_file(demo_store, LOCAL_ADMIN, write(tmp_path / "v1.csv", text), options)
    assert first.rows_imported == 1
    text2 = f"När;Vad;Nord;Öst\n2026-11-03 10:00;Glaskross;{LAT};{LON}\n"
    second = import_file(
        demo_store, LOCAL_ADMIN, write(tmp_path / "v2.csv", text2), ImportOptions(organisation="Testhem")
    )
    assert second.profile == "Fastighetssystemet"
    assert second.mapping == {"occurred_at": "När", "category": "Vad", "lat": "Nord", "lon": "Öst"}
    assert second.rows_imported == 1


def test_crosswalk_maps_labels_keeps_unmapped_and_remapping_updates_incidents(
    demo_store: Store, tmp_path: Path
) -> None:
    text = (
        "Datum;Typ;Lat;Lon\n"
        f"2026-11-01 10:00;Klotter fasad;{LAT};{LON}\n"
        f'2026-11-01 10:00;"Skadegörelse, genom brand (ej på motorfordon)";{LAT};{LON}\n'
        f"2026-11-01 10:00;Criminal damage and arson;{LAT};{LON}\n"
        f"2026-11-01 10:00;graffiti;{LAT};{LON}\n"
        f"2026-11-01 10:00;Sprejmålning;{LAT};{LON}\n"
    )
    report = import_file(demo_store, LOCAL_ADMIN, write(tmp_path / "c.csv", text), ImportOptions(organisation="T"))
    codes = dict(
        demo_store.rows("SELECT source_label, category_code FROM incidents WHERE batch_id = ?", [report.batch_id])
    )
    assert codes == {
        "Klotter fasad": "skadegorelse.klotter",
        "Skadegörelse, genom brand (ej på motorfordon)": "skadegorelse.brand",
        "Criminal damage and arson": "skadegorelse.brand",
        "graffiti": "skadegorelse.klotter",
        "Sprejmålning": "okategoriserad",
    }
    assert report.unmapped_categories == ["Sprejmålning"]
    org_id = int(demo_store.value("SELECT id FROM organisations WHERE name = 'T'"))
    with demo_store.writing() as w:
        changed = remap_label(w, LOCAL_ADMIN, org_id, "Sprejmålning", "skadegorelse.klotter")
    assert changed == 1
    # the saved crosswalk applies to the next file of the organisation
    text2 = f"Datum;Typ;Lat;Lon\n2026-11-02 10:00;sprejmålning;{LAT};{LON}\n"
    report2 = import_file(demo_store, LOCAL_ADMIN, write(tmp_path / "c2.csv", text2), ImportOptions(organisation="T"))
    assert report2.categories == [{"label": "sprejmålning", "code": "skadegorelse.klotter", "how": "saved"}]


def test_permissions_are_checked_in_the_domain_function(demo_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", ROWS)
    org_id = int(demo_store.value("SELECT id FROM organisations ORDER BY id LIMIT 1"))
    other = demo_store.value("SELECT name FROM organisations WHERE id <> ? ORDER BY id LIMIT 1", [org_id])
    reader = Viewer("lasare@x.se", Role.LASARE, org_id)
    with pytest.raises(PermissionDeniedError):
        import_file(demo_store, reader, path, ImportOptions())
    reporter = Viewer("rapportor@x.se", Role.RAPPORTOR, org_id)
    with pytest.raises(PermissionDeniedError):
        import_file(demo_store, reporter, path, ImportOptions(organisation=str(other)))
    own = import_file(demo_store, reporter, path, ImportOptions())
    assert own.rows_imported == 3
    assert demo_store.value("SELECT organisation_id FROM import_batches WHERE id = ?", [own.batch_id]) == org_id
    with demo_store.reading() as r:
        assert {b["organisation"] for b in list_batches(r, reporter)} == {
            demo_store.value("SELECT name FROM organisations WHERE id = ?", [org_id])
        }
