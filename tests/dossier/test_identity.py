"""Identity documents: checked on entry, encrypted at rest, found by keyed hash, masked,
revealed only with a permission and always audited."""

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from onestop.cases.models import AuditEvent
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, ValidationFailed
from onestop.dossier.models import IdentityDocument
from onestop.dossier.services import identity_add, identity_find, identity_reveal
from onestop.dossier.validators import MrzInvalid

from .conftest import passport_mrz, resident_id

pytestmark = pytest.mark.django_db


def _raw_row(document):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT number_encrypted, number_hash, number_masked, mrz FROM dossier_identitydocument WHERE id = %s",
            [document.pk],
        )
        return cursor.fetchone()


def _audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values()), default=str, ensure_ascii=False)


def test_resident_id_is_encrypted_at_rest_and_masked(person_factory):
    person = person_factory()
    number = resident_id(date(1990, 5, 17))
    document = identity_add(person=person, kind="resident_id", number=number, by=None)
    encrypted, number_hash, masked, _mrz = _raw_row(document)
    assert number not in encrypted and number not in number_hash
    assert number[6:14] not in encrypted
    assert masked == number[:3] + "*" * 13 + number[-2:]
    assert document.reveal_number() == number


def test_resident_id_fills_birth_date_and_sex(person_factory):
    person = person_factory()
    identity_add(person=person, kind="resident_id", number=resident_id(date(1990, 5, 17), seq=123), by=None)
    person.refresh_from_db()
    assert person.birth_date == date(1990, 5, 17)
    assert person.sex == "M"  # 3-digit sequence 123 is odd


def test_resident_id_birth_date_must_match_the_person(person_factory):
    person = person_factory(birth_date=date(1970, 1, 1))
    with pytest.raises(ValidationFailed) as exc:
        identity_add(person=person, kind="resident_id", number=resident_id(date(1990, 5, 17)), by=None)
    assert exc.value.code == "dossier.identity.birth_date_mismatch"
    assert "number" in exc.value.fields


def test_invalid_resident_id_is_refused_and_nothing_stored(person_factory):
    person = person_factory()
    number = resident_id()
    broken = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as exc:
        identity_add(person=person, kind="resident_id", number=broken, by=None)
    assert exc.value.code == "dossier.resident_id.check_digit"
    assert not IdentityDocument.objects.exists()


def test_duplicate_number_is_refused_through_the_keyed_hash(person_factory):
    number = resident_id(date(1988, 2, 2), seq=44)
    identity_add(person=person_factory(), kind="resident_id", number=number, by=None)
    spaced = f"{number[:6]} {number[6:14]} {number[14:].lower()}"
    with pytest.raises(Conflict) as exc:
        identity_add(person=person_factory(), kind="resident_id", number=spaced, by=None)
    assert exc.value.code == "dossier.identity.duplicate"
    assert IdentityDocument.objects.count() == 1


def test_identity_find_uses_the_keyed_hash(person_factory):
    person = person_factory()
    number = resident_id(date(1979, 9, 9), seq=8)
    document = identity_add(person=person, kind="resident_id", number=number, by=None)
    assert list(identity_find(number=number.lower())) == [document]
    assert list(identity_find(number=number, kind="passport")) == []
    assert list(identity_find(number=number[:-2])) == []
    assert list(identity_find(number="")) == []


def test_passport_by_mrz_fills_the_document_and_person(person_factory):
    person = person_factory()
    expiry = timezone.localdate() + timedelta(days=2000)
    lines = passport_mrz(number="E12345678", birth=date(1985, 6, 1), expiry=expiry, surname="LI", given="XIAO MING")
    document = identity_add(person=person, kind="passport", mrz=list(lines), by=None)
    assert document.expires_on == expiry
    assert document.issuing_country == "CHN"
    assert document.passport_type == "P"
    assert document.number_masked == "E1*****78"
    encrypted, _hash, _masked, mrz_column = _raw_row(document)
    assert "E12345678" not in encrypted and lines[1] not in mrz_column and "E12345678" not in mrz_column
    person.refresh_from_db()
    assert person.latin_name == "Li Xiao Ming"
    assert person.birth_date == date(1985, 6, 1)


def test_passport_mrz_with_a_wrong_check_digit_is_refused(person_factory):
    line1, line2 = passport_mrz()
    broken = line2[:43] + str((int(line2[43]) + 1) % 10)
    with pytest.raises(MrzInvalid) as exc:
        identity_add(person=person_factory(), kind="passport", mrz=[line1, broken], by=None)
    assert exc.value.code == "dossier.mrz.check_digit.composite"
    assert exc.value.line == 2


def test_typed_number_must_agree_with_the_mrz(person_factory):
    lines = passport_mrz(number="E11112222")
    with pytest.raises(ValidationFailed) as exc:
        identity_add(person=person_factory(), kind="passport", number="E99998888", mrz=list(lines), by=None)
    assert exc.value.code == "dossier.identity.number_differs"
    assert "number" in exc.value.fields


def test_expired_passport_is_refused(person_factory):
    lines = passport_mrz(expiry=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationFailed) as exc:
        identity_add(person=person_factory(), kind="passport", mrz=list(lines), by=None)
    assert exc.value.code == "dossier.identity.expired"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "dossier.identity.number_required"),
        ("E1", "dossier.identity.passport_number"),
        ("E12-4567", "dossier.identity.passport_number"),
    ],
)
def test_passport_by_hand_checks_the_number(person_factory, number, code):
    with pytest.raises(ValidationFailed) as exc:
        identity_add(person=person_factory(), kind="passport", number=number, by=None)
    assert exc.value.code == code


def test_passport_by_hand(person_factory):
    expires = timezone.localdate() + timedelta(days=900)
    document = identity_add(
        person=person_factory(),
        kind="passport",
        number="g 1234 5678",
        by=None,
        issuing_country="deu",
        expires_on=expires,
    )
    assert document.reveal_number() == "G12345678"
    assert document.issuing_country == "DEU"


def test_resident_id_has_no_mrz(person_factory):
    with pytest.raises(ValidationFailed) as exc:
        identity_add(person=person_factory(), kind="resident_id", mrz=list(passport_mrz()), by=None)
    assert exc.value.code == "dossier.identity.mrz_not_applicable"


def test_added_audit_event_holds_no_number(person_factory, make_user):
    clerk = make_user("fao_reviewer")
    number = resident_id(date(1991, 3, 3), seq=77)
    identity_add(person=person_factory(), kind="resident_id", number=number, by=clerk)
    event = AuditEvent.objects.get(action="dossier.identity.added")
    assert event.actor_id == clerk.pk
    assert number not in _audit_text()


@pytest.mark.parametrize("role", ["passport_officer", "fao_reviewer", "exit_entry_officer", "permit_officer", "admin"])
def test_reveal_roles_see_the_number_and_every_reveal_is_audited(person_factory, make_user, role):
    officer = make_user(role)
    number = resident_id(date(1975, 7, 7), seq=5)
    document = identity_add(person=person_factory(), kind="resident_id", number=number, by=None)
    assert identity_reveal(user=officer, document=document) == number
    assert identity_reveal(user=officer, document=document) == number
    events = AuditEvent.objects.filter(action="dossier.identity.revealed", object_id=str(document.pk))
    assert events.count() == 2
    assert set(events.values_list("actor_id", flat=True)) == {officer.pk}
    assert number not in _audit_text()


@pytest.mark.parametrize("role", ["liaison", "employer", "traveller", "visa_officer", "counter_clerk"])
def test_other_roles_cannot_reveal_and_the_attempt_is_audited(person_factory, make_user, role):
    user = make_user(role)
    number = resident_id(date(1975, 7, 8), seq=6)
    document = identity_add(person=person_factory(), kind="resident_id", number=number, by=None)
    with pytest.raises(NotPermitted) as exc:
        identity_reveal(user=user, document=document)
    assert exc.value.code == "dossier.identity.reveal_not_permitted"
    assert not AuditEvent.objects.filter(action="dossier.identity.revealed").exists()
    assert AuditEvent.objects.filter(action="dossier.identity.reveal_refused", actor_id=user.pk).count() == 1
