"""The reads other apps make on the halls app: a case's appointments, a service's slot."""

from __future__ import annotations

from onestop.halls.models import AppointmentStatus
from onestop.halls.selectors import appointments_for_case, slot_of_service
from onestop.halls.services import appointment_book, appointment_cancel

from .conftest import slot_at


def _case(number: str):
    from onestop.cases.models import Case

    return Case.objects.create(number=number, kind="test", state="open")


def test_appointments_for_case_are_the_cases_own_latest_booking_first(hall, services, make_user):
    case, other_case = _case("TST-2026-000101"), _case("TST-2026-000102")

    def book(service: str, hour: int, *, for_case=None):
        return appointment_book(
            user=make_user("applicant"),
            service_code=service,
            slot=slot_at(hall, services[service], hour),
            case=for_case,
            channel="case" if for_case else "web",
        )

    first = book("biometrics", 10, for_case=case)
    book("biometrics", 10, for_case=other_case)
    book("biometrics", 11)
    extension = book("visa_extension", 11, for_case=case)
    second = book("biometrics", 14, for_case=case)

    rows = list(appointments_for_case(case_id=case.pk))
    assert [a.pk for a in rows] == [second.pk, extension.pk, first.pk]
    assert rows[0].hall == hall and rows[0].service.code == "biometrics"

    biometrics = appointments_for_case(case_id=case.pk, service_code="biometrics")
    assert [a.pk for a in biometrics] == [second.pk, first.pk]
    assert not appointments_for_case(case_id=case.pk, service_code="general_enquiry").exists()


def test_appointments_for_case_keep_the_states_asked_for(hall, services, applicant, make_user):
    case = _case("TST-2026-000103")
    kept = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 10), case=case
    )
    dropped = appointment_book(
        user=make_user("applicant"),
        service_code="biometrics",
        slot=slot_at(hall, services["biometrics"], 15),
        case=case,
    )
    appointment_cancel(appointment=dropped, by=applicant, reason="another day")

    booked = appointments_for_case(case_id=case.pk, statuses=[AppointmentStatus.BOOKED, "checked_in"])
    assert [a.pk for a in booked] == [kept.pk]
    cancelled = appointments_for_case(case_id=case.pk, service_code="biometrics", statuses=("cancelled",))
    assert [(a.pk, a.status) for a in cancelled] == [(dropped.pk, AppointmentStatus.CANCELLED)]
    assert not appointments_for_case(case_id=case.pk, statuses=[]).exists()


def test_slot_of_service_finds_only_that_services_slots(hall, services):
    slot = slot_at(hall, services["biometrics"], 10)
    other = slot_at(hall, services["visa_extension"], 10)

    found = slot_of_service(slot_id=slot.pk, service_code="biometrics")
    assert found == slot and found.service.code == "biometrics"
    assert slot_of_service(slot_id=str(slot.pk), service_code="biometrics") == slot  # as a form posts it
    assert slot_of_service(slot_id=other.pk, service_code="biometrics") is None
    assert slot_of_service(slot_id=other.pk, service_code="visa_extension") == other
    for wrong in (None, "", "ten", [slot.pk], max(slot.pk, other.pk) + 1000):
        assert slot_of_service(slot_id=wrong, service_code="biometrics") is None, wrong
