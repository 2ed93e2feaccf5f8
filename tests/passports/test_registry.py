"""Entering passports (by MRZ with check digits, or by number), the scan input, loss
reports, expiry; numbers are encrypted, searchable by keyed hash and never audited in clear."""

from datetime import timedelta

import pytest

from onestop.cases.models import AuditEvent
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, ValidationFailed
from onestop.passports.models import CustodyEvent, LossReport, Passport, PassportStatus
from onestop.passports.selectors import passport_find
from onestop.passports.services import passport_register, passport_report_lost, passports_expire, scan_parse
from tests.conftest import BIRTH, mrz_for, next_passport_number

from .conftest import future, today

pytestmark = pytest.mark.django_db


def test_register_by_mrz_reads_number_expiry_and_type(make_person, officer, fao):
    person = make_person("张伟")
    number = next_passport_number("SE")
    lines = mrz_for(person, number=number, expires_on=future(2000), code="PS")
    passport = passport_register(holder=person, by=officer, mrz="\n".join(lines), storage_place="Safe 3")
    assert passport.type == "service"
    assert passport.expires_on == future(2000)
    assert passport.status == PassportStatus.IN_CUSTODY
    assert passport.custodian == fao  # the policy keeps new passports at the FAO
    assert passport.organization == person.organization
    assert passport.number_masked == number[:2] + "*" * (len(number) - 4) + number[-2:]
    assert number not in passport.number_encrypted and passport.reveal_number() == number
    assert passport_find(number=number.lower()) == passport
    assert passport.events.get().verb == CustodyEvent.Verb.REGISTERED
    audit = AuditEvent.objects.filter(action="passports.passport.registered").get()
    assert number not in str(audit.data) + str(audit.new)


def test_register_refuses_a_bad_check_digit_naming_it(make_person, officer):
    person = make_person()
    line1, line2 = mrz_for(person, number="PE1234567", expires_on=future(900))
    broken = line2[:9] + str((int(line2[9]) + 1) % 10) + line2[10:]
    with pytest.raises(ValidationFailed) as err:
        passport_register(holder=person, by=officer, mrz=[line1, broken])
    assert err.value.code == "dossier.mrz.check_digit.number"
    assert "mrz" in err.value.fields
    assert not Passport.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"number": "", "expires_on": None}, "passports.number_required", "number"),
        ({"number": "AB1", "expires_on": None}, "passports.number_format", "number"),
        ({"number": "PE7654321", "expires_on": None}, "passports.expiry_required", "expires_on"),
        ({"number": "PE7654321", "type": "tourist"}, "passports.type", "type"),
        ({"number": "PE7654321", "expires_on": "past"}, "passports.expired", "expires_on"),
        ({"number": "PE7654321", "issued_on": "after"}, "passports.dates", "expires_on"),
    ],
)
def test_register_by_number_checks_each_field(kwargs, code, field, make_person, officer):
    values = {"type": "ordinary_public_affairs", "expires_on": future(900), **kwargs}
    if values.get("expires_on") == "past":
        values["expires_on"] = today() - timedelta(days=1)
    if values.get("issued_on") == "after":
        values["issued_on"] = values["expires_on"] + timedelta(days=1)
    with pytest.raises(ValidationFailed) as err:
        passport_register(holder=make_person(), by=officer, **values)
    assert err.value.code == code and field in err.value.fields


def test_register_refuses_duplicates_wrong_type_and_wrong_holder(make_person, make_passport, officer):
    person = make_person()
    passport = make_passport(person, number="PE5550001")
    with pytest.raises(Conflict) as err:
        make_passport(make_person(), number="pe5550001")
    assert err.value.code == "passports.duplicate"
    lines = mrz_for(person, number="DE5550002", expires_on=future(900), code="PD")
    with pytest.raises(ValidationFailed) as err:
        passport_register(holder=person, by=officer, type="service", mrz=list(lines))
    assert err.value.code == "passports.type_mismatch"
    other = make_person(birth_date=BIRTH + timedelta(days=1))
    with pytest.raises(ValidationFailed) as err:
        passport_register(holder=other, by=officer, mrz=list(lines))
    assert err.value.code == "passports.birth_mismatch"
    assert Passport.objects.count() == 1 and passport.pk


def test_only_the_passport_office_registers(make_person, liaison):
    with pytest.raises(NotPermitted):
        passport_register(
            holder=make_person(), by=liaison, number="PE5550003", expires_on=future(900), type="ordinary_public_affairs"
        )


@pytest.mark.parametrize(
    ("text", "number", "by_mrz"),
    [("pe1234567", "PE1234567", False), ("  PE 123 4567 ", "PE1234567", False)],
)
def test_scan_input_accepts_a_number(text, number, by_mrz):
    scan = scan_parse(text=text)
    assert scan.number == number and (scan.mrz is not None) == by_mrz


def test_scan_input_accepts_two_lines_or_one_88_character_line(make_person):
    line1, line2 = mrz_for(make_person(), number="PE1234567", expires_on=future(900))
    for text in (f"{line1}\n{line2}", f"{line1}\r\n{line2}\n", line1 + line2, f"{line1.lower()}\n{line2}"):
        scan = scan_parse(text=text)
        assert scan.number == "PE1234567" and scan.mrz.expiry_date == future(900)


@pytest.mark.parametrize("text", ["", "  ", "AB", "PE12345678901", "P<CHNZHANG<<WEI"])
def test_scan_input_refuses_what_is_neither(text):
    with pytest.raises(ValidationFailed) as err:
        scan_parse(text=text)
    assert "code" in err.value.fields


def test_loss_report_ends_reservations_and_tells_the_office(
    make_person, make_passport, make_trip, officer, liaison, django_capture_on_commit_callbacks
):
    from onestop.notify.models import Notification

    person = make_person()
    passport = make_passport(person)
    make_trip([person])
    with pytest.raises(ValidationFailed) as err:
        passport_report_lost(passport=passport, by=liaison, kind="stolen", place="", occurred_on=today())
    assert err.value.code == "passports.lost_place"
    with pytest.raises(ValidationFailed):
        passport_report_lost(passport=passport, by=liaison, kind="stolen", place="Paris", occurred_on=future(1))
    with django_capture_on_commit_callbacks(execute=True):
        passport_report_lost(passport=passport, by=liaison, kind="stolen", place="Paris", occurred_on=today())
    passport.refresh_from_db()
    assert passport.status == PassportStatus.LOST
    assert passport.reservations.get().status == "lost"
    assert LossReport.objects.get(passport=passport).kind == "stolen"
    assert Notification.objects.filter(recipient=officer, code="passports.lost").exists()
    assert AuditEvent.objects.filter(action="passports.passport.lost", object_id=str(passport.pk)).exists()
    with pytest.raises(Conflict):
        passport_report_lost(passport=passport, by=liaison, kind="lost", place="Paris", occurred_on=today())


def test_expiry_scan_marks_only_passports_in_custody(make_person, make_passport):
    old = make_passport(make_person())
    kept = make_passport(make_person())
    Passport.objects.filter(pk=old.pk).update(expires_on=today() - timedelta(days=1))
    assert passports_expire() == 1
    assert Passport.objects.get(pk=old.pk).status == PassportStatus.EXPIRED
    assert Passport.objects.get(pk=kept.pk).status == PassportStatus.IN_CUSTODY
    assert passports_expire() == 0
