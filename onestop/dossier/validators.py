"""Identity number checks: Chinese resident ID (GB 11643-1999) and passport MRZ (ICAO 9303 TD3).

Both raise ``ValidationFailed`` whose ``fields`` name the input (``number`` or ``mrz``) and
whose code says which rule failed (``dossier.resident_id.check_digit``,
``dossier.mrz.check_digit.birth_date``...). The builders (``resident_id_build``,
``mrz_build``) compose valid values with correct check characters for demo data and tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.core.errors import ValidationFailed

# --- Chinese resident identity number (GB 11643-1999) ---------------------------------

ERR_RID_FORMAT = _("A resident ID number has 17 digits followed by a digit or the letter X (18 characters).")
ERR_RID_REGION = _("The first two digits (%(code)s) are not a province code of GB/T 2260.")
ERR_RID_BIRTH = _("The birth date in the ID number (%(value)s) is not a real date.")
ERR_RID_BIRTH_FUTURE = _("The birth date in the ID number (%(value)s) lies in the future.")
ERR_RID_CHECK = _(
    "The check character does not match (GB 11643, ISO 7064 MOD 11-2): expected %(expected)s, found %(found)s."
)

# Province-level codes of GB/T 2260, plus 71/81/82/83 (Taiwan, Hong Kong, Macao residence
# permits) and 91 (foreigners' permanent residence ID cards issued since 2023).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65", "71", "81", "82", "83", "91",
    }
)  # fmt: skip
_RID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_RID_CHARS = "10X98765432"  # check character by (sum mod 11)
_RID_SHAPE = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class ResidentId:
    number: str
    region: str
    birth_date: date
    sex: str  # "M" or "F": the 17th digit is odd for men, even for women


def normalize_identifier(value: str) -> str:
    return "".join((value or "").split()).upper()


def resident_id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _RID_WEIGHTS, strict=True))
    return _RID_CHARS[total % 11]


def _fail(code: str, message, field: str) -> ValidationFailed:
    return ValidationFailed(code, message, fields={field: [message]})


def resident_id_validate(value: str, *, field: str = "number", today: date | None = None) -> ResidentId:
    """Validate an 18-character resident ID number: shape, province code, embedded birth
    date (a real date, not in the future) and the MOD 11-2 check character."""
    number = normalize_identifier(value)
    if not _RID_SHAPE.match(number):
        raise _fail("dossier.resident_id.format", ERR_RID_FORMAT, field)
    if number[:2] not in PROVINCE_CODES:
        raise _fail("dossier.resident_id.region", ERR_RID_REGION % {"code": number[:2]}, field)
    raw_birth = number[6:14]
    try:
        birth = date(int(raw_birth[:4]), int(raw_birth[4:6]), int(raw_birth[6:]))
    except ValueError:
        raise _fail("dossier.resident_id.birth_date", ERR_RID_BIRTH % {"value": raw_birth}, field)
    today = today or timezone.localdate()
    if birth > today or birth.year < 1850:
        raise _fail("dossier.resident_id.birth_date", ERR_RID_BIRTH_FUTURE % {"value": raw_birth}, field)
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        raise _fail(
            "dossier.resident_id.check_digit", ERR_RID_CHECK % {"expected": expected, "found": number[17]}, field
        )
    return ResidentId(number=number, region=number[:6], birth_date=birth, sex="M" if int(number[16]) % 2 else "F")


def resident_id_build(*, region: str, birth_date: date, sequence: int) -> str:
    """Compose a valid number (for demo data and tests): region (6 digits), birth date,
    a 3-digit sequence (odd for men) and the check character."""
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


# --- ICAO 9303 machine-readable zone, TD3 (passport booklets) --------------------------

ERR_MRZ_LINES = _("Enter both lines of the passport's machine-readable zone (two lines of 44 characters).")
ERR_MRZ_LENGTH = _("Line %(line)s of the machine-readable zone has %(length)s characters; it must have 44.")
ERR_MRZ_CHARS = _(
    "Line %(line)s of the machine-readable zone may contain only capital letters A–Z, digits and the filler “<”."
)
ERR_MRZ_DOC_CODE = _("Line 1 must start with “P” (a passport); found “%(code)s”.")
ERR_MRZ_STATE = _("The %(what)s code “%(code)s” is not a three-letter code.")
ERR_MRZ_NAME = _("Line 1 holds no surname in the name field.")
ERR_MRZ_NUMBER = _("Line 2 holds no document number.")
ERR_MRZ_DATE = _("The %(what)s “%(value)s” (line 2, positions %(positions)s) is not a real date.")
ERR_MRZ_SEX = _("The sex (line 2, position 21) must be M, F or “<”; found “%(found)s”.")
ERR_MRZ_CHECK = _(
    "The check digit of the %(what)s does not match (line 2, position %(position)s): "
    "expected %(expected)s, found “%(found)s”."
)

WHAT_ISSUING_STATE = _("issuing state")
WHAT_NATIONALITY = _("nationality")
WHAT_NUMBER = _("document number")
WHAT_BIRTH = _("date of birth")
WHAT_EXPIRY = _("date of expiry")
WHAT_OPTIONAL = _("optional data (personal number)")
WHAT_COMPOSITE = _("whole line (composite check digit)")

_MRZ_CHARSET = re.compile(r"^[A-Z0-9<]*$")
_MRZ_WEIGHTS = (7, 3, 1)
# Surname-first name order when the MRZ name becomes one Latin-letter name.
SURNAME_FIRST = frozenset({"CHN", "HKG", "MAC", "TWN", "KOR", "PRK", "JPN", "VNM", "MNG", "SGP"})


class MrzInvalid(ValidationFailed):
    """An MRZ error; ``line`` (1 or 2) says which input line is at fault."""

    def __init__(self, code: str, message, *, line: int, field: str = "mrz"):
        super().__init__(code, message, fields={field: [message]})
        self.line = line


def mrz_char_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if char == "<":
        return 0
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    raise ValueError(f"not an MRZ character: {char!r}")


def mrz_check_digit(field: str) -> str:
    """ICAO 9303 part 3, 4.9: weights 7, 3, 1 repeated, sum modulo 10."""
    return str(sum(mrz_char_value(c) * _MRZ_WEIGHTS[i % 3] for i, c in enumerate(field)) % 10)


@dataclass(frozen=True)
class MrzData:
    document_code: str  # "P" or "PD", "PS"... (filler removed)
    issuing_state: str
    surname: str
    given_names: str
    number: str
    nationality: str
    birth_date: date
    sex: str  # "M", "F" or "X"
    expiry_date: date
    optional_data: str
    lines: tuple[str, str]

    @property
    def latin_name(self) -> str:
        surname, given = self.surname.title(), self.given_names.title()
        if not given:
            return surname
        return f"{surname} {given}" if self.nationality in SURNAME_FIRST else f"{given} {surname}"


def _mrz_date(raw: str, *, what, positions: str, expiry: bool, today: date, field: str) -> date:
    try:
        yy, mm, dd = int(raw[:2]), int(raw[2:4]), int(raw[4:6])
        if expiry:
            # Expiry dates are rarely more than a few decades away in either direction.
            year = 2000 + yy if 2000 + yy <= today.year + 50 else 1900 + yy
        else:
            year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
        return date(year, mm, dd)
    except ValueError:
        raise MrzInvalid(
            "dossier.mrz.date",
            ERR_MRZ_DATE % {"what": what, "value": raw, "positions": positions},
            line=2,
            field=field,
        )


def _check(value: str, digit: str, *, what, position: int, code: str, field: str, allow_filler: bool = False) -> None:
    expected = mrz_check_digit(value)
    if allow_filler and digit == "<" and set(value) <= {"<"}:
        return
    if digit != expected:
        raise MrzInvalid(
            f"dossier.mrz.check_digit.{code}",
            ERR_MRZ_CHECK % {"what": what, "position": position, "expected": expected, "found": digit},
            line=2,
            field=field,
        )


def split_mrz(mrz) -> tuple[str, str]:
    """Accept the two lines as a sequence or as one text with a line break."""
    if isinstance(mrz, str):
        lines = [line.strip() for line in mrz.replace("\r", "\n").split("\n") if line.strip()]
    else:
        lines = [str(line or "").strip() for line in mrz]
    if len(lines) != 2 or not all(lines):
        raise MrzInvalid("dossier.mrz.lines", ERR_MRZ_LINES, line=1)
    return lines[0].upper().replace(" ", ""), lines[1].upper().replace(" ", "")


def mrz_parse(mrz, *, field: str = "mrz", today: date | None = None) -> MrzData:
    """Parse and check a TD3 machine-readable zone (ICAO 9303 part 4).

    Verifies the layout, the character set and every check digit: document number
    (position 10), date of birth (20), date of expiry (28), optional data (43) and the
    composite check digit (44). The error names the check digit that failed.
    """
    today = today or timezone.localdate()
    line1, line2 = split_mrz(mrz)
    for index, line in ((1, line1), (2, line2)):
        if len(line) != 44:
            raise MrzInvalid(
                "dossier.mrz.length", ERR_MRZ_LENGTH % {"line": index, "length": len(line)}, line=index, field=field
            )
        if not _MRZ_CHARSET.match(line):
            raise MrzInvalid("dossier.mrz.characters", ERR_MRZ_CHARS % {"line": index}, line=index, field=field)
    code = line1[0:2]
    if code[0] != "P":
        raise MrzInvalid("dossier.mrz.document_code", ERR_MRZ_DOC_CODE % {"code": code}, line=1, field=field)
    issuing = line1[2:5]
    if not issuing.replace("<", "").isalpha():
        raise MrzInvalid(
            "dossier.mrz.issuing_state",
            ERR_MRZ_STATE % {"what": WHAT_ISSUING_STATE, "code": issuing},
            line=1,
            field=field,
        )
    surname_part, _sep, given_part = line1[5:].partition("<<")
    surname = surname_part.replace("<", " ").strip()
    given = " ".join(part for part in given_part.split("<") if part)
    if not surname:
        raise MrzInvalid("dossier.mrz.name", ERR_MRZ_NAME, line=1, field=field)

    number_field, number_check = line2[0:9], line2[9]
    nationality = line2[10:13]
    birth_raw, birth_check = line2[13:19], line2[19]
    sex = line2[20]
    expiry_raw, expiry_check = line2[21:27], line2[27]
    optional, optional_check = line2[28:42], line2[42]
    composite_check = line2[43]

    if not number_field.replace("<", ""):
        raise MrzInvalid("dossier.mrz.number", ERR_MRZ_NUMBER, line=2, field=field)
    _check(number_field, number_check, what=WHAT_NUMBER, position=10, code="number", field=field)
    if not nationality.replace("<", "").isalpha():
        raise MrzInvalid(
            "dossier.mrz.nationality",
            ERR_MRZ_STATE % {"what": WHAT_NATIONALITY, "code": nationality},
            line=2,
            field=field,
        )
    _check(birth_raw, birth_check, what=WHAT_BIRTH, position=20, code="birth_date", field=field)
    birth = _mrz_date(birth_raw, what=WHAT_BIRTH, positions="14–19", expiry=False, today=today, field=field)
    if sex not in "MF<":
        raise MrzInvalid("dossier.mrz.sex", ERR_MRZ_SEX % {"found": sex}, line=2, field=field)
    _check(expiry_raw, expiry_check, what=WHAT_EXPIRY, position=28, code="expiry_date", field=field)
    expiry = _mrz_date(expiry_raw, what=WHAT_EXPIRY, positions="22–27", expiry=True, today=today, field=field)
    _check(
        optional, optional_check, what=WHAT_OPTIONAL, position=43, code="optional_data", field=field, allow_filler=True
    )
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    _check(composite, composite_check, what=WHAT_COMPOSITE, position=44, code="composite", field=field)

    return MrzData(
        document_code=code.replace("<", ""),
        issuing_state=issuing.replace("<", ""),
        surname=surname,
        given_names=given,
        number=number_field.replace("<", ""),
        nationality=nationality.replace("<", ""),
        birth_date=birth,
        sex={"<": "X"}.get(sex, sex),
        expiry_date=expiry,
        optional_data=optional.replace("<", ""),
        lines=(line1, line2),
    )


def _mrz_name(text: str) -> str:
    return re.sub(r"[^A-Z]+", "<", text.upper()).strip("<")


def mrz_build(
    *,
    surname: str,
    given_names: str,
    number: str,
    nationality: str,
    birth_date: date,
    sex: str,
    expiry_date: date,
    issuing_state: str | None = None,
    document_code: str = "P",
    optional_data: str = "",
) -> tuple[str, str]:
    """Compose the two TD3 lines with correct check digits (demo data and tests)."""
    issuing = (issuing_state or nationality).ljust(3, "<")
    name = f"{_mrz_name(surname)}<<{_mrz_name(given_names)}"[:39].ljust(39, "<")
    line1 = f"{document_code:<<2}{issuing}{name}"
    number_field = number.upper().ljust(9, "<")[:9]
    birth = f"{birth_date:%y%m%d}"
    expiry = f"{expiry_date:%y%m%d}"
    optional = optional_data.upper().ljust(14, "<")[:14]
    optional_check = "<" if set(optional) == {"<"} else mrz_check_digit(optional)
    sex_char = {"X": "<"}.get(sex, sex)
    head = f"{number_field}{mrz_check_digit(number_field)}{nationality.ljust(3, '<')}"
    body = f"{birth}{mrz_check_digit(birth)}{sex_char}{expiry}{mrz_check_digit(expiry)}{optional}{optional_check}"
    composite = head[0:10] + body[0:7] + body[8:]
    line2 = f"{head}{body}{mrz_check_digit(composite)}"
    return line1, line2
