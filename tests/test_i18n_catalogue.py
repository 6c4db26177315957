"""The UI texts live in TOML catalogues (est/i18n/*.toml): each key has exactly a Swedish and an English text.

A translator's typo must stop the app at start with the file and key named, never show a raw key on a page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from est.i18n import catalogue, load_catalogue, t


def test_the_shipped_catalogues_load_with_both_languages_for_every_key() -> None:
    texts = catalogue()
    assert len(texts) > 800
    assert t("app.title") == "EST Lägesbild" and t("app.title", "en") == "EST Situational Picture"
    assert all(sv.strip() and en.strip() for sv, en in texts.values())


def test_files_merge_in_name_order_with_comments_and_escapes(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text('# a comment\n["b.x"]\nsv = "Två \\"citat\\""\nen = "Two"\n', encoding="utf-8")
    (tmp_path / "a.toml").write_text('["a.x"]\nsv = "Ett {n}"\nen = "One {n}"\n', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a catalogue", encoding="utf-8")
    assert load_catalogue(tmp_path) == {"a.x": ("Ett {n}", "One {n}"), "b.x": ('Två "citat"', "Two")}


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"a.toml": '["k"]\nsv = "Ja"\nen = "Yes"\n', "b.toml": '["k"]\nsv = "Ja"\nen = "Yes"\n'}, "defined twice"),
        ({"a.toml": '["k"]\nsv = "Ja"\n'}, "needs exactly sv and en"),
        ({"a.toml": '["k"]\nsv = "Ja"\nen = "Yes"\nde = "Ja"\n'}, "needs exactly sv and en"),
        ({"a.toml": 'k = "Ja"\n'}, "needs exactly sv and en"),
    ],
)
def test_a_broken_catalogue_names_the_file_and_the_key(tmp_path: Path, files: dict[str, str], said: str) -> None:
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    with pytest.raises(RuntimeError, match=said) as raised:
        load_catalogue(tmp_path)
    assert "'k'" in str(raised.value) or "['k']" in str(raised.value)
