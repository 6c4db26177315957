"""The organisations' one owner, est.intake.organisations: listing, options, lookups and creating one."""

from __future__ import annotations

from pathlib import Path

import pytest

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import EstError, PermissionDeniedError
from est.intake.organisations import (
    Organisation,
    create_organisation,
    list_organisations,
    organisation_by_id,
    organisation_id,
    organisation_names,
    organisation_options,
)
from est.store import Store

SRC = Path(__file__).resolve().parents[1] / "src" / "est"


def test_listing_names_and_options_are_sorted_by_name_and_carry_the_ids(empty_store: Store) -> None:
    vakt = create_organisation(empty_store, LOCAL_ADMIN, "Vakt AB", "fastighetsagare")
    bostad = create_organisation(empty_store, LOCAL_ADMIN, "Bostäder i Östersund", "fastighetsagare")
    with empty_store.reading() as reader:
        listed = list_organisations(reader)
        names = organisation_names(reader)
        options = organisation_options(reader)
        by_id = organisation_by_id(reader, vakt)
        missing = organisation_by_id(reader, 9999)
    assert listed == [
        Organisation(bostad, "Bostäder i Östersund", "fastighetsagare"),
        Organisation(vakt, "Vakt AB", "fastighetsagare"),
    ]
    assert names == ["Bostäder i Östersund", "Vakt AB"]
    assert [(o.value, o.label_sv, o.label_en) for o in options] == [
        (str(bostad), "Bostäder i Östersund", "Bostäder i Östersund"),
        (str(vakt), "Vakt AB", "Vakt AB"),
    ]
    assert by_id == Organisation(vakt, "Vakt AB", "fastighetsagare")
    assert missing is None


def test_creating_collapses_spaces_finds_an_existing_name_and_audits_only_a_new_one(empty_store: Store) -> None:
    first = create_organisation(empty_store, LOCAL_ADMIN, "  Nattvandrarna   Östersund ", "nattvandrare")
    again = create_organisation(empty_store, LOCAL_ADMIN, "nattvandrarna östersund", "nattvandrare")
    assert again == first
    with empty_store.reading() as reader:
        assert organisation_names(reader) == ["Nattvandrarna Östersund"]
        assert organisation_id(reader, " NATTVANDRARNA ÖSTERSUND ") == first
    assert empty_store.rows("SELECT action, target, rows FROM audit_log WHERE action = 'create_organisation'") == [
        ("create_organisation", f"organisation {first}", 1)
    ]


def test_creating_needs_the_right_to_import_for_any_organisation(empty_store: Store) -> None:
    reporter = Viewer("w@x.se", Role.RAPPORTOR, None)
    with pytest.raises(PermissionDeniedError):
        create_organisation(empty_store, reporter, "Vakt AB", "fastighetsagare")
    with empty_store.reading() as reader:
        assert organisation_names(reader) == []


def test_an_unknown_name_lists_the_organisations_there_are(empty_store: Store) -> None:
    create_organisation(empty_store, LOCAL_ADMIN, "Vakt AB", "fastighetsagare")
    with empty_store.reading() as reader, pytest.raises(EstError) as unknown:
        organisation_id(reader, "Bevakning AB")
    assert str(unknown.value) == "the organisation 'Bevakning AB' does not exist; choose one of: Vakt AB"
    assert unknown.value.text("sv") == "organisationen 'Bevakning AB' finns inte; välj en av: Vakt AB"


def test_only_the_owner_and_the_importer_insert_organisations() -> None:
    inserting = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "INSERT INTO organisations" in (text := path.read_text()) or 'insert("organisations"' in text
    )
    # The importer creates the organisation inside its own import transaction (see its module).
    assert inserting == ["intake/importer.py", "intake/organisations.py"]
