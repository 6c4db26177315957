"""Personal data in free text is detected and masked before storage (est.access.privacy)."""

from __future__ import annotations

import pytest

from est.access.privacy import mask_counts, mask_text, mask_texts


@pytest.mark.parametrize(
    "text",
    [
        "19900101-0017",  # 12 digits with separator
        "199001010017",  # 12 digits
        "900101-0017",  # 10 digits
        "9001010017",
        "900101 0017",  # space separator
        "19121212+1212",  # over 100 years old: '+' separator
        "900161-0014",  # samordningsnummer (day + 60)
    ],
)
def test_valid_personnummer_is_masked(text: str) -> None:
    result = mask_text(f"Anmälarens nr {text} stod i lappen")
    assert result.text == "Anmälarens nr [personnummer] stod i lappen"
    assert result.kinds == ("personnummer",)


@pytest.mark.parametrize(
    "text",
    [
        "900101-0018",  # wrong check digit
        "850312-1234",
        "19850312-1234",  # 12 digits with separator
        "198503121234",  # 12 digits without separator
        "850312+1234",  # '+' separator (over 100 years old)
        "19850312+1234",
        "850312\u20131234",  # en dash, as word processors write the hyphen
        "850372-1234",  # samordningsnummer shape (day 12 + 60)
        "900230-0017",  # 30 February: date-shaped enough, masked rather than argued about
        "000131-0000",
        "991231-9999",
    ],
)
def test_personnummer_shaped_number_with_wrong_check_digit_is_masked(text: str) -> None:
    result = mask_text(f"Anmälarens nr {text} stod i lappen")
    assert result.text == "Anmälarens nr [personnummer] stod i lappen"
    assert result.kinds == ("personnummer",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kontakt: pnr 19850312-1234", "Kontakt: pnr [personnummer]"),
        ("pnr 8503121234 ringde", "pnr [personnummer] ringde"),  # 10 digits, no separator: the cue decides
        ("personnummer: 850312 1234", "personnummer: [personnummer]"),  # space separator
        ("Personnr 19851312-1234", "Personnr [personnummer]"),  # month 13, but the cue says what it is
        ("p-nr:850312-1234.", "p-nr:[personnummer]."),
        ("samordningsnummer 850372 1234", "samordningsnummer [personnummer]"),
    ],
)
def test_any_ten_or_twelve_digit_number_after_a_personnummer_cue_is_masked(text: str, expected: str) -> None:
    result = mask_text(text)
    assert result.text == expected
    assert result.kinds == ("personnummer",)


@pytest.mark.parametrize(
    "text",
    [
        "901301-0017",  # month 13
        "900100-0017",  # day 00
        "900132-0017",  # day 32
        "900192-0017",  # day 92: past the samordningsnummer days too
        "12345678-1234",  # too many digits for a personnummer, not a phone number either
        "18850312-1234",  # 12 digits need a 19xx/20xx year
        "8503121234",  # 10 digits, no separator, no cue: as likely an order number (a valid one is masked)
        "850312 1234",  # a space is not the usual separator without a cue
        "2026-11-01",  # a date is not ten digits
        "2026-11-01--2026-11-30",
        "20261101-20261130",  # a compact date range
        "261101-261130",
        "ärendenummer 5000-12345",
        "K123456-24",
    ],
)
def test_numbers_that_are_not_personnummer_shaped_are_left_alone(text: str) -> None:
    result = mask_text(f"ärende {text}")
    assert "personnummer" not in result.kinds
    assert text in result.text


@pytest.mark.parametrize(
    "phone",
    [
        "070-123 45 67",
        "070 123 45 67",
        "0701234567",
        "070/123 45 67",
        "08-123 456 78",
        "08-12 34 56",
        "031-12 34 56",
        "(08) 123 456 78",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)8-123 456 78",
        "0046 70 123 45 67",
    ],
)
def test_phone_formats_are_masked(phone: str) -> None:
    result = mask_text(f"Ring {phone} om det händer igen.")
    assert result.text == "Ring [telefon] om det händer igen."
    assert result.kinds == ("phone",)


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-15 kl 08:30",
        "Klockan 0830 till 0945",
        "12 personer, 3 bilar, 100 kr",
        "mellan 22 och 234 personer",
        "Port 4, trapphus B, våning 3",
        "ärendenummer 5000-12345",
    ],
)
def test_ordinary_numbers_and_times_are_not_masked(text: str) -> None:
    assert mask_text(text) == mask_text(text).__class__(text, ())


@pytest.mark.parametrize(
    "email", ["anna.svensson@example.se", "a+b@sub.example.com", "anna (at) example.se", "anna[at]example.se"]
)
def test_email_addresses_are_masked(email: str) -> None:
    result = mask_text(f"mejla {email} tack")
    assert result.text == "mejla [e-post] tack"
    assert result.kinds == ("email",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bil ABC 123 stod där", "Bil [regnr] stod där"),
        ("bilen XYZ12A brann", "bilen [regnr] brann"),
        ("mopedbil MLB-456 körde", "mopedbil [regnr] körde"),
        ("regnr: abc 12d", "regnr: [regnr]"),
        ("reg.nr abc123", "reg.nr [regnr]"),
    ],
)
def test_registration_numbers_are_masked(text: str, expected: str) -> None:
    assert mask_text(text).text == expected


def test_lower_case_words_that_look_like_plates_are_not_masked_without_a_cue() -> None:
    assert mask_text("och 234 till").kinds == ()
    assert mask_text("abc123").kinds == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hon heter Anna Svensson och bor här", "Hon heter [namn] och bor här"),
        ("namn: Per-Olof Ek", "namn: [namn]"),
        ("Namnet är Kalle", "Namnet är [namn]"),
        ("en kille kallad Zlatan sprang", "en kille kallad [namn] sprang"),
        ("hyresgäst Lisa Berg klagade", "hyresgäst [namn] klagade"),
    ],
)
def test_names_after_cue_words_are_masked(text: str, expected: str) -> None:
    assert mask_text(text).text == expected


def test_cue_word_without_a_name_is_left_alone() -> None:
    assert mask_text("vet inte vad han heter").kinds == ()
    assert mask_text("Han heter Han").kinds == ()


def test_several_kinds_in_one_text_are_all_masked_and_listed_once() -> None:
    result = mask_text("Anna heter Anna, tel 070-111 22 33 och 08-123 456 78, mejl a@b.se, bil ABC 123")
    assert result.text == "Anna heter [namn], tel [telefon] och [telefon], mejl [e-post], bil [regnr]"
    assert set(result.kinds) == {"name", "phone", "email", "regnr"}
    assert len(result.kinds) == 4


def test_mask_texts_counts_fields_and_passes_blanks_through() -> None:
    values, masked = mask_texts(["lugnt", None, "", "ring 0701234567", float("nan"), "a@b.se och 08-12 34 56"])  # type: ignore[list-item]
    assert values[:4] == ["lugnt", None, "", "ring [telefon]"]
    assert values[5] == "[e-post] och [telefon]"
    assert masked == 2


def test_mask_counts_per_kind() -> None:
    assert dict(mask_counts(["070-123 45 67", "a@b.se 08-12 34 56", None])) == {"phone": 2, "email": 1}


_CUE_WORDS = (
    "heter", "hette", "kallad", "kallas", "känd som", "vid namn", "namn:", "namnet är", "alias", "herr", "fru",
    "hyresgäst", "hyresgästen", "anmälare", "anmälaren", "kontaktperson", "kontaktpersonen", "boende", "boenden",
    "misstänkt", "misstänkta är", "sonen", "dottern", "pojken", "flickan", "killen", "tjejen", "mannen", "kvinnan",
)  # fmt: skip


def _spellings(cue: str) -> list[str]:
    """A cue as typed (lower, upper, title case) and with the letters Python folds into k, s and i."""
    folded = cue.replace("k", "\u212a").replace("s", "\u017f").replace("i", "\u0131")
    return [cue, cue.upper(), cue.title(), folded, cue.upper().replace("I", "\u0130")]


@pytest.mark.parametrize("cue", _CUE_WORDS)
def test_a_name_after_any_cue_is_masked_however_the_cue_is_written(cue: str) -> None:
    for spelled in _spellings(cue):
        text = f"Vid porten stod {spelled} Anna Berg igen"
        assert mask_text(text).text == f"Vid porten stod {spelled} [namn] igen", spelled


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skriv till a.b (at) example.se", "skriv till [e-post]"),
        ("skriv till a.b[snabel-a]example[dot]se", "skriv till [e-post]"),
        ("Registreringsnummer: abc 123 stod där", "Registreringsnummer: [regnr] stod där"),
        ("REG NR abc123", "REG NR [regnr]"),
        ("pnr 8503121234 och 20 000 kr", "pnr [personnummer] och 20 000 kr"),
    ],
)
def test_what_the_quick_checks_let_through_is_masked(text: str, expected: str) -> None:
    """mask_text looks for an @ or a bracket, six digits, a cue's first letter before its patterns; these pass."""
    assert mask_text(text).text == expected
