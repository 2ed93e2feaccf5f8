"""GB 11643 resident ID numbers and ICAO 9303 TD3 machine-readable zones: known specimens,
round trips of generated values and systematic mutations."""

import random
from datetime import date

import pytest

from onestop.core.errors import ValidationFailed
from onestop.dossier.validators import (
    MrzInvalid,
    mrz_build,
    mrz_check_digit,
    mrz_parse,
    resident_id_build,
    resident_id_check_char,
    resident_id_validate,
)

SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TODAY = date(2026, 6, 1)
REGIONS = ["110105", "310115", "440305", "510107", "650102", "820000", "910000"]


def _random_ids(count: int, seed: int = 11643):
    rng = random.Random(seed)
    for _ in range(count):
        birth = date(rng.randint(1930, 2010), rng.randint(1, 12), rng.randint(1, 28))
        yield resident_id_build(region=rng.choice(REGIONS), birth_date=birth, sequence=rng.randint(0, 999))


# --- resident ID --------------------------------------------------------------------------


def test_published_example_is_valid_and_decoded():
    rid = resident_id_validate("11010519491231002X", today=TODAY)
    assert rid.birth_date == date(1949, 12, 31)
    assert rid.sex == "F"
    assert rid.region == "110105"


def test_lowercase_x_and_spaces_are_normalized():
    assert resident_id_validate(" 110105 19491231 002x ", today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("11010519491231002", "dossier.resident_id.format"),
        ("1101051949123100211", "dossier.resident_id.format"),
        ("11010519491231002Y", "dossier.resident_id.format"),
        ("A1010519491231002X", "dossier.resident_id.format"),
        ("00010519491231002X", "dossier.resident_id.region"),
        ("110105194902300021", "dossier.resident_id.birth_date"),  # 30 February
        ("110105203001010011", "dossier.resident_id.birth_date"),  # after "today"
        ("110105194912310021", "dossier.resident_id.check_digit"),
    ],
)
def test_invalid_numbers_are_refused_with_the_rule(value, code):
    with pytest.raises(ValidationFailed) as exc:
        resident_id_validate(value, today=TODAY)
    assert exc.value.code == code
    assert "number" in exc.value.fields


def test_check_digit_error_names_expected_and_found_characters():
    with pytest.raises(ValidationFailed) as exc:
        resident_id_validate("110105194912310021", today=TODAY)
    message = str(exc.value.message)
    assert "MOD 11-2" in message and "expected X" in message and "found 1" in message


def test_generated_numbers_round_trip():
    for number in _random_ids(40):
        rid = resident_id_validate(number, today=TODAY)
        assert rid.number == number
        assert rid.birth_date.strftime("%Y%m%d") == number[6:14]
        assert rid.sex == ("M" if int(number[16]) % 2 else "F")


def test_every_single_character_substitution_is_detected():
    """MOD 11-2 catches every single-character error; the birth-date and region checks may
    catch it first, but no mutated number is ever accepted."""
    for number in _random_ids(15, seed=7):
        for position in range(18):
            alphabet = "0123456789X" if position == 17 else "0123456789"
            for char in alphabet:
                if char == number[position]:
                    continue
                mutated = number[:position] + char + number[position + 1 :]
                with pytest.raises(ValidationFailed):
                    resident_id_validate(mutated, today=TODAY)


def test_every_adjacent_transposition_is_detected():
    for number in _random_ids(25, seed=9):
        for position in range(16):
            a, b = number[position], number[position + 1]
            if a == b:
                continue
            swapped = number[:position] + b + a + number[position + 2 :]
            with pytest.raises(ValidationFailed):
                resident_id_validate(swapped, today=TODAY)


def test_check_char_table():
    # Sum mod 11 = 2 gives X (ISO 7064 MOD 11-2 with the GB 11643 character table).
    assert resident_id_check_char("11010519491231002") == "X"


# --- MRZ ----------------------------------------------------------------------------------


def test_icao_specimen_parses_with_every_field():
    data = mrz_parse("\n".join(SPECIMEN), today=TODAY)
    assert data.document_code == "P"
    assert data.issuing_state == "UTO"
    assert data.surname == "ERIKSSON"
    assert data.given_names == "ANNA MARIA"
    assert data.latin_name == "Anna Maria Eriksson"
    assert data.number == "L898902C3"
    assert data.nationality == "UTO"
    assert data.birth_date == date(1974, 8, 12)
    assert data.sex == "F"
    assert data.expiry_date == date(2012, 4, 15)
    assert data.optional_data == "ZE184226B"


def test_specimen_check_digits_match_icao_values():
    line2 = SPECIMEN[1]
    assert mrz_check_digit("L898902C3") == "6"
    assert mrz_check_digit("740812") == "2"
    assert mrz_check_digit("120415") == "9"
    assert mrz_check_digit("ZE184226B<<<<<") == "1"
    assert mrz_check_digit(line2[0:10] + line2[13:20] + line2[21:43]) == "0"


def test_builder_reproduces_the_specimen():
    built = mrz_build(
        surname="Eriksson",
        given_names="Anna Maria",
        number="L898902C3",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2012, 4, 15),
        optional_data="ZE184226B",
    )
    assert built == SPECIMEN


def test_chinese_names_come_out_surname_first():
    lines = mrz_build(
        surname="Zhang",
        given_names="Wei",
        number="E12345678",
        nationality="CHN",
        birth_date=date(1980, 1, 2),
        sex="M",
        expiry_date=date(2030, 1, 1),
    )
    assert mrz_parse(lines, today=TODAY).latin_name == "Zhang Wei"


# position in line 2 (0-based) -> the check that must fail when that digit changes
_COVERED = {
    **{i: "number" for i in range(0, 10)},
    **{i: "birth_date" for i in range(13, 20)},
    **{i: "expiry_date" for i in range(21, 28)},
    **{i: "optional_data" for i in range(28, 43)},
    43: "composite",
}
_POSITION = {"number": "10", "birth_date": "20", "expiry_date": "28", "optional_data": "43", "composite": "44"}


def test_every_digit_mutation_names_the_failing_check_digit():
    line1, line2 = SPECIMEN
    tried = 0
    for position, check in _COVERED.items():
        if not line2[position].isdigit():
            continue
        for digit in "0123456789":
            if digit == line2[position]:
                continue
            mutated = line2[:position] + digit + line2[position + 1 :]
            with pytest.raises(MrzInvalid) as exc:
                mrz_parse([line1, mutated], today=TODAY)
            assert exc.value.code == f"dossier.mrz.check_digit.{check}", (position, digit)
            assert exc.value.line == 2
            assert f"position {_POSITION[check]}" in str(exc.value.message)
            tried += 1
    assert tried > 150


def test_generated_mrz_round_trips():
    rng = random.Random(9303)
    surnames = ["LI", "WANG", "O'NEIL", "DE LA CRUZ", "MÜLLER", "NGUYEN"]
    for _ in range(40):
        birth = date(rng.randint(1940, 2020), rng.randint(1, 12), rng.randint(1, 28))
        expiry = date(rng.randint(2027, 2036), rng.randint(1, 12), rng.randint(1, 28))
        number = "".join(rng.choice("ABCDEFGHJK0123456789") for _ in range(rng.randint(6, 9)))
        optional = rng.choice(["", "1234567890", "AB12"])
        lines = mrz_build(
            surname=rng.choice(surnames),
            given_names="ANN MARIE",
            number=number,
            nationality=rng.choice(["CHN", "DEU", "BRA", "D<<"]),
            birth_date=birth,
            sex=rng.choice("MFX"),
            expiry_date=expiry,
            optional_data=optional,
        )
        data = mrz_parse(lines, today=TODAY)
        assert (data.number, data.birth_date, data.expiry_date) == (number, birth, expiry)
        assert data.optional_data == optional


def _line2_with(birth: str = "740812", optional: str = "ZE184226B<<<<<", optional_check: str | None = None) -> str:
    head = "L898902C36UTO"
    opt_check = optional_check if optional_check is not None else mrz_check_digit(optional)
    body = f"{birth}{mrz_check_digit(birth)}F1204159{optional}{opt_check}"
    return head + body + mrz_check_digit(head[0:10] + body[0:7] + body[8:])


def test_empty_optional_data_may_use_filler_or_zero_check_digit():
    for check in ("<", "0"):
        line2 = _line2_with(optional="<" * 14, optional_check=check)
        assert mrz_parse([SPECIMEN[0], line2], today=TODAY).optional_data == ""


def test_impossible_date_with_correct_check_digit_is_refused():
    with pytest.raises(MrzInvalid) as exc:
        mrz_parse([SPECIMEN[0], _line2_with(birth="741332")], today=TODAY)
    assert exc.value.code == "dossier.mrz.date"


@pytest.mark.parametrize(
    ("lines", "code", "line"),
    [
        ([SPECIMEN[0]], "dossier.mrz.lines", 1),
        ([SPECIMEN[0][:-1], SPECIMEN[1]], "dossier.mrz.length", 1),
        ([SPECIMEN[0], SPECIMEN[1] + "<"], "dossier.mrz.length", 2),
        ([SPECIMEN[0].replace("ANNA", "AN-A"), SPECIMEN[1]], "dossier.mrz.characters", 1),
        (["V" + SPECIMEN[0][1:], SPECIMEN[1]], "dossier.mrz.document_code", 1),
        (["P<UTO" + "<" * 39, SPECIMEN[1]], "dossier.mrz.name", 1),
        ([SPECIMEN[0], SPECIMEN[1][:20] + "Q" + SPECIMEN[1][21:]], "dossier.mrz.sex", 2),
    ],
)
def test_layout_errors(lines, code, line):
    with pytest.raises(MrzInvalid) as exc:
        mrz_parse(lines, today=TODAY)
    assert exc.value.code == code
    assert exc.value.line == line
    assert "mrz" in exc.value.fields


def test_lowercase_and_spaces_from_a_scanner_are_tolerated():
    text = "  " + SPECIMEN[0].lower() + "\r\n" + SPECIMEN[1][:20] + " " + SPECIMEN[1][20:] + "\n"
    assert mrz_parse(text, today=TODAY).number == "L898902C3"
