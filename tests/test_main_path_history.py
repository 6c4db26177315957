"""A source without history gets no verdict: its baseline and previous periods are unknown, not 0."""

from __future__ import annotations

import pytest

from tests.analysis_data import add, week_world

W10 = {"from": "2026-03-02", "to": "2026-03-08"}


@pytest.fixture
def world(empty_store):
    return week_world(empty_store)


def test_a_source_without_history_gets_no_verdict(world, app_test) -> None:
    with world.writing() as w:
        walkers = w.insert("organisations", {"name": "Vandrarna", "source_kind": "nattvandrare"})
    add(world, [(f"2026-03-0{d}T22:00:00+01:00", "A", "samling.trapphus", walkers) for d in range(2, 7)])
    at = app_test(world, page="lagesbild", query={**W10, "org": str(walkers)})
    at.run()
    assert not at.exception
    cards = {m.label: m for m in at.metric}
    usual = next(m for label, m in cards.items() if "normal" in label.lower())
    assert usual.value == "–"  # five reports against a baseline of nothing sent is no "Högre"
    assert "Inget jämförelseunderlag" in usual.help
    assert cards["Föregående period"].value == "–"  # nor is the week before "0"
