"""Organisations on the command line: ``est organisations list``, ``--org`` by name in ``est export``, the source
kind of an organisation that ``est import`` creates, and ``est export`` before any area set exists."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from est.store import Store
from tests.cli import est as run_est
from tests.test_import_cli import est, est_json

LAT, LON = "63.1775", "14.6370"
ROWS = f"Datum;Kategori;Lat;Lon\n2026-11-02 10:00;Klotter;{LAT};{LON}\n2026-11-03 22:00;Glaskross;{LAT};{LON}\n"


def _csv(tmp_path: Path, name: str = "bolaget.csv", text: str = ROWS) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


# -- est import: the source kind of a new organisation -------------------------------------------------------


def test_a_new_organisation_without_source_is_a_fastighetsagare_as_on_the_page(
    empty_store: Store, tmp_path: Path
) -> None:
    report = est_json("import", str(_csv(tmp_path)), "--org", "Bostadsbolaget", db=empty_store)
    assert report["organisation"] == "Bostadsbolaget"  # unchanged: the name, as scripts read it
    assert (report["source_kind"], report["new_organisation"]) == ("fastighetsagare", True)
    assert empty_store.rows("SELECT name, source_kind FROM organisations") == [("Bostadsbolaget", "fastighetsagare")]
    assert empty_store.rows("SELECT DISTINCT source_kind FROM incidents") == [("fastighetsagare",)]
    again = est_json("import", str(_csv(tmp_path, "v2.csv", ROWS.replace("2026-11-0", "2026-10-0"))),
                     "--org", "Bostadsbolaget", db=empty_store)  # fmt: skip
    assert (again["source_kind"], again["new_organisation"]) == ("fastighetsagare", False)


def test_an_existing_organisation_keeps_its_kind_without_source(empty_store: Store, tmp_path: Path) -> None:
    est_json("import", str(_csv(tmp_path)), "--org", "Nattvandrarna", "--source", "nattvandrare", db=empty_store)
    later = _csv(tmp_path, "v2.csv", ROWS.replace("2026-11-0", "2026-10-0"))
    report = est_json("import", str(later), "--org", "nattvandrarna", db=empty_store)  # any case finds it
    assert (report["source_kind"], report["new_organisation"]) == ("nattvandrare", False)
    assert empty_store.rows("SELECT DISTINCT source_kind FROM incidents") == [("nattvandrare",)]
    assert empty_store.value("SELECT count(*) FROM organisations") == 1


def test_a_dry_run_tells_the_kind_a_new_organisation_would_get(empty_store: Store, tmp_path: Path) -> None:
    report = est_json("import", str(_csv(tmp_path)), "--org", "Väktarbolaget", "--source", "vaktare", "--dry-run",
                      db=empty_store)  # fmt: skip
    assert (report["source_kind"], report["new_organisation"]) == ("vaktare", True)
    assert empty_store.value("SELECT count(*) FROM organisations") == 0


def test_the_text_report_and_the_help_say_the_kind(empty_store: Store, tmp_path: Path) -> None:
    done = est("import", str(_csv(tmp_path)), "--org", "Bostadsbolaget", db=empty_store)
    assert done.returncode == 0, done.stderr
    assert "ny organisation Bostadsbolaget, källtyp fastighetsagare (ange en annan med --source)" in done.stdout
    # an organisation of kind ovrig (an older est import's default) is named, not imported into silently
    est_json("import", str(_csv(tmp_path, "o.csv")), "--org", "Gamla bolaget", "--source", "ovrig", db=empty_store)
    later = est("import", str(_csv(tmp_path, "o2.csv", ROWS.replace("2026-11-0", "2026-10-0"))),
                "--org", "Gamla bolaget", db=empty_store)  # fmt: skip
    assert "obs: organisationen Gamla bolaget har källtypen ovrig; ange --source" in later.stdout
    shown = run_est("import", "--help")
    assert "default for a new organisation: fastighetsagare" in " ".join(shown.stdout.split())
    assert "an existing organisation keeps its own" in " ".join(shown.stdout.split())


# -- est organisations list ------------------------------------------------------------------------------------


def test_organisations_list_gives_id_name_kind_and_counts(empty_store: Store, tmp_path: Path) -> None:
    assert est_json("organisations", "list", db=empty_store) == {"organisations": []}
    est_json("import", str(_csv(tmp_path)), "--org", "Bostadsbolaget", db=empty_store)
    est_json("import", str(_csv(tmp_path, "p.csv")), "--org", "Polisen", "--source", "polis", db=empty_store)
    listed = est_json("organisations", "list", db=empty_store)["organisations"]
    assert [(o["name"], o["source_kind"], o["incidents"], o["batches"]) for o in listed] == [
        ("Bostadsbolaget", "fastighetsagare", 2, 1),
        ("Polisen", "polis", 2, 1),
    ]
    ids = dict(empty_store.rows("SELECT name, id FROM organisations"))
    assert [o["id"] for o in listed] == [ids["Bostadsbolaget"], ids["Polisen"]]
    assert set(listed[0]) == {"id", "name", "source_kind", "source_kind_label", "incidents", "batches",
                              "last_import_at", "created_at"}  # fmt: skip
    assert listed[0]["source_kind_label"] == "Fastighetsägare" and listed[0]["last_import_at"]
    text = est("organisations", "list", db=empty_store).stdout
    assert "Bostadsbolaget" in text and "fastighetsagare" in text


# -- est export: --org by name, and no area set --------------------------------------------------------------


def _two_orgs(store: Store, tmp_path: Path) -> dict[str, int]:
    est_json("import", str(_csv(tmp_path)), "--org", "Bostadsbolaget", db=store)
    polis = ROWS.replace("Klotter", "Misshandel").replace("Glaskross", "Rån")
    est_json("import", str(_csv(tmp_path, "p.csv", polis)), "--org", "Polisen", "--source", "polis", db=store)
    return {str(n): int(i) for n, i in store.rows("SELECT name, id FROM organisations")}


def test_export_without_any_area_set_exports_the_rows_with_empty_area_columns(
    empty_store: Store, tmp_path: Path
) -> None:
    _two_orgs(empty_store, tmp_path)
    assert empty_store.value("SELECT count(*) FROM area_sets") == 0
    out = tmp_path / "ut.csv"
    result = est_json("export", "--format", "csv", "--out", str(out), "--from", "2026-11-01", "--to", "2026-11-30",
                      db=empty_store)  # fmt: skip
    assert result["rows"] == 4
    rows = _rows(out)
    assert len(rows) == 4 and {(r["Områdeskod"], r["Område"]) for r in rows} == {("", "")}
    assert {r["Latitud"] for r in rows} == {LAT}
    # naming a set, or areas of one, still needs one
    named = est("export", "--format", "csv", "--out", str(out), "--area", "A", db=empty_store)
    assert named.returncode == 1 and "est areas import" in named.stderr


def test_export_org_takes_the_name_or_an_unambiguous_id(empty_store: Store, tmp_path: Path) -> None:
    ids = _two_orgs(empty_store, tmp_path)
    out = tmp_path / "ut.csv"
    period = ("--from", "2026-11-01", "--to", "2026-11-30")
    by_name = est_json("export", "--format", "csv", "--out", str(out), *period, "--org", "polisen", db=empty_store)
    assert by_name["rows"] == 2 and by_name["filters"]["org"] == [str(ids["Polisen"])]
    assert {r["Organisation"] for r in _rows(out)} == {"Polisen"}
    by_id = est_json("export", "--format", "csv", "--out", str(out), *period, "--org", str(ids["Bostadsbolaget"]),
                     db=empty_store)  # fmt: skip
    assert by_id["rows"] == 2 and {r["Organisation"] for r in _rows(out)} == {"Bostadsbolaget"}
    unknown = est("export", "--format", "csv", "--out", str(out), "--org", "Okänd", db=empty_store)
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("error: no organisation 'Okänd'") and "Bostadsbolaget, Polisen" in unknown.stderr
    assert "est organisations list" in unknown.stderr


def test_export_org_refuses_a_number_that_is_an_id_and_another_organisations_name(
    empty_store: Store, tmp_path: Path
) -> None:
    ids = _two_orgs(empty_store, tmp_path)
    other = str(ids["Bostadsbolaget"])  # an organisation called like the housing company's id
    est_json("import", str(_csv(tmp_path, "n.csv")), "--org", other, "--source", "nattvandrare", db=empty_store)
    done = est("export", "--format", "csv", "--out", str(tmp_path / "ut.csv"), "--org", other, db=empty_store)
    assert done.returncode == 1 and "both" in done.stderr and "Bostadsbolaget" in done.stderr


def test_export_defaults_to_the_last_complete_week_and_all_takes_every_incident(
    empty_store: Store, tmp_path: Path
) -> None:
    from datetime import date, timedelta

    from est.periods import last_complete_week

    week = last_complete_week(date.today())
    inside = (week.start + timedelta(days=2)).isoformat()
    rows = f"Datum;Kategori;Lat;Lon\n{inside} 10:00;Klotter;{LAT};{LON}\n2024-03-05 10:00;Klotter;{LAT};{LON}\n"
    est_json("import", str(_csv(tmp_path, text=rows)), "--org", "Bostadsbolaget", db=empty_store)
    out = tmp_path / "ut.csv"
    default = est_json("export", "--format", "csv", "--out", str(out), db=empty_store)
    assert default["rows"] == 1
    assert default["filters"] == {"from": week.start.isoformat(), "to": week.last_day.isoformat()}
    every = est_json("export", "--format", "csv", "--out", str(out), "--all", db=empty_store)
    assert every["rows"] == 2 and len(_rows(out)) == 2
    both = est("export", "--format", "csv", "--out", str(out), "--all", "--from", "2026-01-01", db=empty_store)
    assert both.returncode == 2 and both.stderr.startswith("usage: est export ")
