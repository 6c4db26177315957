"""The import's cheap SQL pre-filter for personal data never lets through a text the masker would change."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from est.access.privacy import mask_text
from est.intake.importer import may_hold_personal_data_sql
from est.store import Store

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

_PIECES = (
    "Klotter",
    "på",
    "fasaden",
    "vid",
    "port",
    "17",
    "Storgatan",
    "12",
    "kl",
    "21.40",
    "2026-11-03",
    " ",
    " ",
    ", ",
    "070-123 45 67",
    "0701234567",
    "08-12 34 56",
    "(08) 123 456 78",
    "+46 70 123 45 67",
    "0046 70 123 45 67",
    "070/123 45 67",
    "19811218-9876",
    "811218-9876",
    "198112189876",
    "a.b@example.se",
    "anna (at) example.se",
    "info [snabel-a] exempel [dot] se",
    "ABC 123",
    "ABC12D",
    "abc 123",
    "regnr",
    "Reg.nr:",
    "registreringsnumret",
    "heter",
    "HETER",
    "kallad",
    "känd som",
    "KÄND SOM",
    "vid namn",
    "namn:",
    "Namnet är",
    "alias",
    "herr",
    "Fru",
    "hyresgästen",
    "anmälaren",
    "kontaktpersonen",
    "boende",
    "misstänkt är",
    "sonen",
    "dottern",
    "pojken",
    "flickan",
    "killen",
    "tjejen",
    "mannen",
    "kvinnan",
    "Anna",
    "Svensson",
    "Per-Olof",
    "Åsa",
    "Öberg",
    "Han",
    "\u0131",
    "\u0130",
    "\u017f",
    "\u212a",
    "\u00a0",
    "\n",
    "\t",
    "\uff10\uff17\uff10",
    "\u0661\u0662\u0663",
    "KıLLEN",
    "KALLAſ",
    "\u212aALLAD",
    "HİTTE",
    "-",
    "/",
    "+",
    "(",
    ")",
    "[",
    "]",
    "@",
    "0",
    "5",
    "9",
    "12345",
)


def _flags(store: Store, texts: list[str]) -> list[bool]:
    with store.writing() as w:
        w.register("texts_arrow", pa.table({"i": list(range(len(texts))), "text": texts}))
        rows = w.rows(f"SELECT i, {may_hold_personal_data_sql('text')} FROM texts_arrow ORDER BY i")
    return [bool(r[1]) for r in rows]


def test_every_text_the_masker_changes_passes_the_prefilter(empty_store: Store) -> None:
    rng = random.Random(11)
    texts = list(_PIECES)
    for _ in range(20000):
        texts.append("".join(rng.choice(_PIECES) + rng.choice(("", " ", "", ": ")) for _ in range(rng.randint(1, 6))))
    flags = _flags(empty_store, texts)
    changed = [t for t in texts if mask_text(t).text != t]
    assert len(changed) > 1000
    missed = [t for t, flag in zip(texts, flags, strict=True) if mask_text(t).text != t and not flag]
    assert missed == []


def test_ordinary_incident_texts_skip_the_masker(empty_store: Store) -> None:
    texts = ["Klotter på fasaden vid port 17", "Storgatan 12", "Krossad ruta i entrédörr, port 3", "Bråk kl 21.40"]
    assert _flags(empty_store, texts) == [False, False, False, False]
