"""Mapping the sources' unmapped category labels later: ``est categories``, the Categories page, the domain.

A real DuckDB file per test; files go through the real ``est import``. A label nothing recognises is stored
as ``okategoriserad`` and listed with its count; mapping it (CLI or page) saves the organisation's
crosswalk, updates the stored incidents and is audited; the next import of the same label uses it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from est.access.accounts import add_user
from est.access.auth import LOCAL_ADMIN, Role, Viewer, cli_viewer
from est.cli import main
from est.errors import EstError, PermissionDeniedError
from est.intake import ImportOptions, import_file
from est.intake.labels import map_label, source_labels
from est.store import Store
from tests.browser import choose_file

LAT, LON = "63.1775", "14.6370"
ORG = "Testhem"
FIRST = (
    "Datum;Typ;Lat;Lon\n"
    f"2026-11-01 10:00;Sprejmålning;{LAT};{LON}\n"
    f"2026-11-02 10:00;Sprejmålning;{LAT};{LON}\n"
    f"2026-11-02 11:00;Sprejmålning;{LAT};{LON}\n"
    f"2026-11-02 12:00;Vattenläcka;{LAT};{LON}\n"
    f"2026-11-03 12:00;Klotter fasad;{LAT};{LON}\n"
)


def est_json(capsys: pytest.CaptureFixture[str], store: Store, *args: str) -> dict[str, Any]:
    code = main([*args, "--db", store.database, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def import_text(capsys: pytest.CaptureFixture[str], store: Store, path: Path, text: str) -> dict[str, Any]:
    path.write_text(text, encoding="utf-8")
    return est_json(capsys, store, "import", str(path), "--org", ORG)


def categories_of(store: Store, label: str) -> list[str]:
    return [str(r[0]) for r in store.rows("SELECT category_code FROM incidents WHERE source_label = ?", [label])]


@pytest.fixture
def imported(empty_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Store:
    report = import_text(capsys, empty_store, tmp_path / "vecka45.csv", FIRST)
    assert report["rows_imported"] == 5
    assert report["unmapped_categories"] == ["Sprejmålning", "Vattenläcka"]
    return empty_store


def test_unmapped_labels_are_listed_per_organisation_with_their_counts(
    imported: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = est_json(capsys, imported, "categories", "unmapped", "--org", ORG.lower())
    assert [(s["organisation"], s["label"], s["category_code"], s["incidents"]) for s in listed["labels"]] == [
        (ORG, "Sprejmålning", "okategoriserad", 3),
        (ORG, "Vattenläcka", "okategoriserad", 1),
    ]
    every = est_json(capsys, imported, "categories", "unmapped", "--all")["labels"]
    klotter = next(s for s in every if s["label"] == "Klotter fasad")
    assert (klotter["category_code"], klotter["incidents"], klotter["saved"], klotter["origin"]) == (
        "skadegorelse.klotter",
        1,
        "skadegorelse.klotter",
        "keyword",
    )


def test_cli_map_updates_stored_incidents_saves_the_crosswalk_and_the_next_import_uses_it(
    imported: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert categories_of(imported, "Sprejmålning") == ["okategoriserad"] * 3
    done = est_json(
        capsys, imported, *f"categories map --org {ORG} --label Sprejmålning --category skadegorelse.klotter".split()
    )
    assert done["incidents_updated"] == 3
    assert done["previous"] is None
    assert categories_of(imported, "Sprejmålning") == ["skadegorelse.klotter"] * 3
    assert categories_of(imported, "Vattenläcka") == ["okategoriserad"]  # other labels untouched
    assert imported.rows("SELECT actor, target, rows, detail FROM audit_log WHERE action = 'category_map'") == [
        (
            cli_viewer().user,
            f"organisation {imported.value('SELECT id FROM organisations WHERE name = ?', [ORG])}",
            3,
            '{"label": "Sprejmålning", "code": "skadegorelse.klotter", "previous": null}',
        )
    ]
    listed = est_json(capsys, imported, "categories", "unmapped", "--org", ORG)["labels"]
    assert [s["label"] for s in listed] == ["Vattenläcka"]

    again = import_text(
        capsys, imported, tmp_path / "vecka46.csv", f"Datum;Typ;Lat;Lon\n2026-11-09 10:00;sprejmålning;{LAT};{LON}\n"
    )
    assert again["categories"] == [{"label": "sprejmålning", "code": "skadegorelse.klotter", "how": "saved"}]
    assert again["unmapped_categories"] == []
    assert categories_of(imported, "sprejmålning") == ["skadegorelse.klotter"]


def test_an_unknown_category_code_is_refused_with_the_valid_codes_and_nothing_changes(
    imported: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [*f"categories map --org {ORG} --label Sprejmålning --category klottr".split(), "--db", imported.database]
    )
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("error: unknown category 'klottr'; choose one of: skadegorelse, skadegorelse.klotter,")
    assert "ordning.inbrott.kallare" in err and "okategoriserad" in err
    assert categories_of(imported, "Sprejmålning") == ["okategoriserad"] * 3
    assert imported.value("SELECT count(*) FROM category_crosswalk WHERE origin = 'user'") == 0
    assert imported.value("SELECT count(*) FROM audit_log WHERE action = 'category_map'") == 0


def test_an_unknown_organisation_is_refused_with_the_existing_ones(
    imported: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["categories", "unmapped", "--org", "Atlantis", "--db", imported.database])
    assert code == 1
    assert capsys.readouterr().err.strip() == f"error: the organisation 'Atlantis' does not exist; choose one of: {ORG}"


@pytest.mark.parametrize("role", [Role.LASARE, Role.RAPPORTOR, Role.POLIS])
def test_only_roles_that_manage_categories_may_list_or_map_labels(role: Role, imported: Store) -> None:
    org = int(imported.value("SELECT id FROM organisations WHERE name = ?", [ORG]))
    denied = Viewer(f"{role.value}@kommun.example", role, org)
    with pytest.raises(PermissionDeniedError, match="manage_categories"):
        map_label(imported, denied, org, "Sprejmålning", "skadegorelse.klotter")
    with imported.reading() as r, pytest.raises(PermissionDeniedError):
        source_labels(r, denied, org)
    assert categories_of(imported, "Sprejmålning") == ["okategoriserad"] * 3
    coordinator = Viewer("samordnare@kommun.example", Role.SAMORDNARE)
    assert map_label(imported, coordinator, org, "Sprejmålning", "skadegorelse.klotter").incidents_updated == 3


def test_remapping_a_mapped_label_reports_the_previous_category(imported: Store) -> None:
    org = int(imported.value("SELECT id FROM organisations WHERE name = ?", [ORG]))
    map_label(imported, LOCAL_ADMIN, org, "Klotter fasad", "skadegorelse.ovrig")
    assert categories_of(imported, "Klotter fasad") == ["skadegorelse.ovrig"]
    back = map_label(imported, LOCAL_ADMIN, org, "Klotter fasad", "skadegorelse.klotter")
    assert (back.previous, back.incidents_updated) == ("skadegorelse.ovrig", 1)
    with pytest.raises(EstError, match="has no letters or digits") as blank:
        map_label(imported, LOCAL_ADMIN, org, " -- ", "skadegorelse.klotter")
    assert blank.value.text("sv") == (
        "etiketten ' -- ' saknar bokstäver och siffror; ange etiketten som den står i filen"
    )


# -- the page ---------------------------------------------------------------------------------------------


def _login(store: Store, role: Role) -> dict[str, Any]:
    email = f"{role.value}@kommun.example"
    with store.writing() as w:
        org = int(w.value("SELECT min(id) FROM organisations"))
        add_user(w, LOCAL_ADMIN, email, role, organisation=org if role is Role.RAPPORTOR else None, sso=True)
    return {"is_logged_in": True, "email": email}


def test_a_coordinator_maps_a_label_on_the_page(imported: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(imported, page="kategorier", user=_login(imported, Role.SAMORDNARE))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Kategorier"
    table = at.dataframe[0].value
    assert list(zip(table["Källans etikett"], table["Rapporter"], strict=True)) == [
        ("Sprejmålning", 3),
        ("Vattenläcka", 1),
    ]
    assert set(table["Nuvarande kategori"]) == {"Okategoriserad"}
    assert at.button(key="kategorier_apply").disabled

    at.selectbox(key="kategorier_label").select("Sprejmålning").run()
    at.selectbox(key="kategorier_category").select("skadegorelse.klotter").run()
    at.button(key="kategorier_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["”Sprejmålning” från Testhem är nu Klotter: 3 rapporter uppdaterades."]
    assert categories_of(imported, "Sprejmålning") == ["skadegorelse.klotter"] * 3
    assert imported.value("SELECT actor FROM audit_log WHERE action = 'category_map'") == "samordnare@kommun.example"
    assert list(at.dataframe[0].value["Källans etikett"]) == ["Vattenläcka"]  # the list is read again

    at.toggle(key="kategorier_all").set_value(True).run()
    every = at.dataframe[0].value.set_index("Källans etikett")
    assert every.loc["Sprejmålning", "Nuvarande kategori"] == "Klotter"
    assert every.loc["Sprejmålning", "Sparad av"] == "samordnare"


def test_the_page_counts_one_label_and_one_incident_in_the_singular(
    imported: Store, app_test: Callable[..., Any]
) -> None:
    at = app_test(imported, page="kategorier")
    at.run()
    assert "2 etiketter på 4 rapporter" in [c.value for c in at.caption]
    at.selectbox(key="kategorier_label").select("Vattenläcka").run()
    at.selectbox(key="kategorier_category").select("skadegorelse.ovrig").run()
    at.button(key="kategorier_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [
        "”Vattenläcka” från Testhem är nu Övrig skadegörelse: 1 rapport uppdaterades."
    ]
    assert "1 etikett på 3 rapporter" in [c.value for c in at.caption]

    english = app_test(imported, page="kategorier", query={"lang": "en"})
    english.run()
    assert "1 label on 3 reports" in [c.value for c in english.caption]


def test_the_page_in_english_for_the_organisation_in_the_url_whose_labels_are_all_mapped(
    imported: Store, app_test: Callable[..., Any], tmp_path: Path
) -> None:
    org = int(imported.value("SELECT id FROM organisations WHERE name = ?", [ORG]))
    for label in ("Sprejmålning", "Vattenläcka"):
        map_label(imported, LOCAL_ADMIN, org, label, "skadegorelse.ovrig")
    other = tmp_path / "annat.csv"  # "Annat AB" sorts first, so only ?org= makes the page show Testhem
    other.write_text(f"Datum;Typ;Lat;Lon\n2026-11-01 10:00;Sprejmålning;{LAT};{LON}\n", encoding="utf-8")
    import_file(imported, LOCAL_ADMIN, other, ImportOptions(organisation="Annat AB"))
    at = app_test(imported, page="kategorier", query={"lang": "en", "org": ORG})
    at.run()
    assert not at.exception
    assert at.title[0].value == "Categories"
    assert [i.value for i in at.info] == ["Every label from Testhem has an EST category."]
    assert not at.dataframe


def test_a_role_without_the_permission_neither_sees_nor_runs_the_page(
    imported: Store, app_test: Callable[..., Any]
) -> None:
    at = app_test(imported, page="kategorier", user=_login(imported, Role.POLIS))
    at.run()
    assert not at.exception
    registered = {Path(str(i["script_path"])).stem for i in at._registered_pages.values()}
    assert "kategorier" not in registered and "lagesbild" in registered
    assert not any(s.key == "kategorier_label" for s in at.selectbox)
    assert not any(b.key == "kategorier_apply" for b in at.button)


@pytest.mark.browser
def test_the_import_report_links_to_the_categories_page_where_the_label_is_mapped(
    empty_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    with app_server(empty_store) as base:
        browser.goto(base + "/importera")
        browser.get_by_label("… eller en ny organisation").fill(ORG)
        browser.get_by_label("… eller en ny organisation").press("Enter")
        choose_file(browser, "vecka45.csv", FIRST)
        browser.get_by_text("De första raderna").wait_for(timeout=30_000)
        browser.get_by_role("button", name="Importera").click()
        browser.get_by_text("Etiketter utan EST-kategori").wait_for(timeout=30_000)
        browser.get_by_role("link", name="Mappa etiketterna till EST-kategorier").click()
        browser.get_by_text("Mappa en etikett").wait_for(timeout=30_000)
        assert browser.url == base + "/kategorier?org=" + ORG  # the organisation of the import is chosen
        browser.get_by_label("Etikett", exact=True).click()
        browser.get_by_role("option", name="Sprejmålning").click()
        browser.get_by_label("EST-kategori").click()
        browser.get_by_role("option", name="Klotter").first.click()
        browser.get_by_role("button", name="Spara mappningen").click()
        browser.get_by_text("3 rapporter uppdaterades").wait_for(timeout=30_000)
    assert categories_of(empty_store, "Sprejmålning") == ["skadegorelse.klotter"] * 3
