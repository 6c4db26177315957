"""A new organisation typed on the Import page gets the kind of source the user chose (not always "ovrig").

The choice appears only for a name that is no existing organisation, is preset to fastighetsägare and lists
the configured source kinds; the import validates the kind and names the valid ones when it is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from est.access.auth import LOCAL_ADMIN
from est.errors import InputFileError
from est.intake import ImportOptions, import_file
from est.store import Store

LAT, LON = "63.1775", "14.6370"
CSV = f"Datum;Typ;Lat;Lon\n2026-11-01 21:40;Klotter;{LAT};{LON}\n2026-11-02 21:40;Glaskross;{LAT};{LON}\n"


def _page_with_file(store: Store, app_test: Callable[..., Any], new_org: str, lang: str = "sv") -> Any:
    at = app_test(store, page="importera", query={"lang": lang})
    at.run()
    at.text_input(key="importera_new_org").input(new_org).run()
    at.file_uploader(key="importera_file").upload("rond.csv", CSV.encode(), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _kind_of(store: Store, name: str) -> tuple[str, list[str]]:
    org_kind = str(store.value("SELECT source_kind FROM organisations WHERE name = ?", [name]))
    incident_kinds = store.rows(
        "SELECT DISTINCT i.source_kind FROM incidents i JOIN organisations o ON o.id = i.organisation_id "
        "WHERE o.name = ?",
        [name],
    )
    return org_kind, [str(kind) for (kind,) in incident_kinds]


def test_a_new_organisation_gets_the_source_kind_chosen_on_the_page(
    empty_store: Store, app_test: Callable[..., Any]
) -> None:
    at = _page_with_file(empty_store, app_test, "Trygg Vakt AB")
    kind = at.selectbox(key="importera_source_kind_sv")
    assert kind.label == "Typ av källa för den nya organisationen"
    assert kind.value == "fastighetsagare"  # the sensible default: most files come from property owners
    assert kind.options == ["Fastighetsägare", "Nattvandrare", "Polis", "Kommun", "Väktare", "Övrig"]
    kind.select("vaktare").run()
    at.button(key="importera_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith("2 rader importerades")
    assert _kind_of(empty_store, "Trygg Vakt AB") == ("vaktare", ["vaktare"])


def test_the_default_kind_of_a_new_organisation_is_fastighetsagare_not_ovrig(
    empty_store: Store, app_test: Callable[..., Any]
) -> None:
    at = _page_with_file(empty_store, app_test, "  Storsjöhem   AB ", lang="en")
    assert at.selectbox(key="importera_source_kind_en").options[0] == "Property owner"
    at.button(key="importera_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _kind_of(empty_store, "Storsjöhem AB") == ("fastighetsagare", ["fastighetsagare"])


def test_an_existing_organisation_typed_again_keeps_its_kind_and_offers_no_choice(
    empty_store: Store, app_test: Callable[..., Any], tmp_path: Path
) -> None:
    first = tmp_path / "forsta.csv"
    first.write_text(f"Datum;Lat;Lon\n2026-10-01 10:00;{LAT};{LON}\n", encoding="utf-8")
    import_file(
        empty_store, LOCAL_ADMIN, first, ImportOptions(organisation="Nattvandrarna", source_kind="nattvandrare")
    )
    at = _page_with_file(empty_store, app_test, "nattvandrarna")
    assert not any(str(s.key).startswith("importera_source_kind") for s in at.selectbox)
    at.button(key="importera_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _kind_of(empty_store, "Nattvandrarna") == ("nattvandrare", ["nattvandrare"])


def test_an_unknown_source_kind_is_refused_naming_the_valid_ones_and_creates_nothing(
    empty_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "fil.csv"
    path.write_text(CSV, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        import_file(empty_store, LOCAL_ADMIN, path, ImportOptions(organisation="Nyhem", source_kind="bostadsbolag"))
    assert caught.value.text("sv").startswith("okänd källtyp 'bostadsbolag'; välj en av: fastighetsagare, nattvandrare")
    assert str(caught.value).startswith(
        "unknown source kind 'bostadsbolag'; choose one of: fastighetsagare, nattvandrare"
    )
    assert empty_store.value("SELECT count(*) FROM organisations") == 0
