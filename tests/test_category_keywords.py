"""The built-in keyword crosswalk picks the most specific EST category whose words all occur in a label.

The taxonomy is read from a real database (migration 001), so a category added later without keywords
fails here instead of quietly landing in its parent.
"""

from __future__ import annotations

import pytest

from est.intake.crosswalk import UNMAPPED, keyword_category, map_labels
from est.store import Store


def _leaves(store: Store) -> list[tuple[str, str, str]]:
    """(code, Swedish label, English label) of every category without subcategories, but okategoriserad."""
    with store.reading() as r:
        rows = r.rows(
            "SELECT c.code, c.label_sv, c.label_en FROM categories c WHERE c.code <> ? AND NOT EXISTS "
            "(SELECT 1 FROM categories k WHERE k.parent_code = c.code) ORDER BY c.sort",
            [UNMAPPED],
        )
    return [(str(code), str(sv), str(en)) for code, sv, en in rows]


def test_every_leaf_category_label_maps_to_itself_in_both_languages(empty_store: Store) -> None:
    leaves = _leaves(empty_store)
    assert len(leaves) > 20  # the EST checklist, not an empty table
    labels = [label for _code, sv, en in leaves for label in (sv, en)]
    with empty_store.reading() as r:
        found = {m.label: m.code for m in map_labels(r, 1, labels)}
    wrong = {label: (found[label], code) for code, sv, en in leaves for label in (sv, en) if found[label] != code}
    assert wrong == {}, "label: (mapped to, expected)"


@pytest.mark.parametrize(
    "label",
    [
        "Inbrott förråd",
        "Inbrott i förråd",
        "inbrott forrad",
        "INBROTT FÖRRÅD",
        "Förrådsinbrott",
        "forradsinbrott",
        "Inbrott, förråd",
        "Förråd, inbrott",
        "Inbrott i förrådet",
        "Uppbrutet förråd",
        "Break-in, storeroom",
    ],
)
def test_storeroom_break_ins_map_to_the_storeroom_category(label: str) -> None:
    assert keyword_category(label) == "ordning.inbrott.forrad"


@pytest.mark.parametrize(
    "label",
    [
        "Inbrott källare",
        "Inbrott i källare",
        "inbrott kallare",
        "Källarinbrott",
        "kallarinbrott",
        "Inbrott i källaren",
        "Källare - inbrott",
        "Inbrott i källarförråd",  # a storeroom in the basement: the basement is named first in the table
        "Break-in, basement",
    ],
)
def test_basement_break_ins_map_to_the_basement_category(label: str) -> None:
    assert keyword_category(label) == "ordning.inbrott.kallare"


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Inbrott", "ordning.inbrott"),  # the general category when nothing more specific matches
        ("Inbrott, försök", "ordning.inbrott"),
        ("Burglary", "ordning.inbrott"),
        ("Inbrott i lägenhet", "ordning.inbrott.lagenhet"),
        ("Lägenhetsinbrott", "ordning.inbrott.lagenhet"),
        ("Bostadsinbrott", "ordning.inbrott.lagenhet"),
        ("Bilinbrott", "ordning.inbrott.bil"),
        ("Inbrott bil", "ordning.inbrott.bil"),
        ("Stöld ur fordon", "ordning.inbrott.bil"),
        ("Källare", "samling.kallare"),  # no break-in word: the gathering category, as before
        ("Förråd", "samling.forrad"),
        ("Samling i källare", "samling.kallare"),
        ("Skadegörelse, genom brand (ej på motorfordon)", "skadegorelse.brand"),
        ("Criminal damage and arson", "skadegorelse.brand"),
        ("Skadegörelse", "skadegorelse.ovrig"),
        ("Stöld/inbrott", "ordning.inbrott"),
        ("Trafik, mopedbil", "ordning.trafik.mopedbil"),
        ("Trafik", "ordning.trafik"),
    ],
)
def test_the_most_specific_matching_category_wins(label: str, code: str) -> None:
    assert keyword_category(label) == code


def test_a_label_without_any_keyword_is_not_mapped() -> None:
    assert keyword_category("Vattenläcka") is None
    assert keyword_category("  ") is None
