"""The other modules' services, as the joint permit uses them: the dossier (employee,
passport, materials), the halls (the biometrics appointment), documents and notifications.

Everything the permits app needs from another app goes through this file, so the coupling
is visible in one place and each call uses only that app's public services and selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .policies import BIOMETRICS_SERVICE, REQUIRED_MATERIALS

ERR_SLOT = _("This time is not offered for biometrics.")

# --- dossier -----------------------------------------------------------------------------


def person_passport(*, person: Any) -> Any:
    """The employee's passport with the latest expiry date, or None."""
    from onestop.dossier.selectors import identity_documents_for

    passports = [d for d in identity_documents_for(person=person) if d.kind == "passport"]
    passports.sort(key=lambda d: (d.expires_on is not None, d.expires_on), reverse=True)
    return passports[0] if passports else None


def materials_require(*, case: Any, person: Any, by: Any) -> None:
    """Ask the dossier for the seven materials on this case: each usable one already in the
    employee's vault is attached (given once, reused); the others are listed as missing."""
    from onestop.dossier.services import case_materials_require

    case_materials_require(case=case, person=person, type_codes=list(REQUIRED_MATERIALS), by=by)


def material_provide(*, case: Any, person: Any, type_code: str, file: Any, by: Any) -> Any:
    from onestop.dossier.services import case_material_provide

    return case_material_provide(case=case, person=person, type_code=type_code, file=file, by=by)


def material_labels(codes: tuple[str, ...] | list[str]) -> dict[str, str]:
    """The material types' names in the active language."""
    from onestop.dossier.selectors import material_types

    return {t.code: t.localized_name() for t in material_types().filter(code__in=list(codes))}


def case_materials(*, case: Any) -> list[Any]:
    from onestop.dossier.selectors import case_materials_for

    return case_materials_for(case=case)


def employees_of(*, user: Any, query: str = "") -> Any:
    """Foreign persons of the user's organization, for choosing the employee."""
    from onestop.dossier.selectors import persons_for

    return persons_for(user=user, q=query).exclude(nationality="CHN")


def person_for(*, user: Any, pk: Any) -> Any:
    from onestop.dossier.selectors import access_person

    return access_person(user=user, pk=pk)


# --- halls -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Booking:
    pk: int
    code: str
    start: datetime | None
    place: str
    hall_code: str = ""


def biometrics_book(
    *, by: Any, case: Any, person: Any, slot: Any = None, hall: Any = None, start: Any = None
) -> Booking:
    """Book the biometrics service at a hall for this case (one click: with no slot given,
    the halls module picks the best hall and time). The halls module records the case's
    in-person visit when the employee checks in at the kiosk, so it is counted once, when
    it happens."""
    from onestop.halls.services.booking import appointment_book

    appointment = appointment_book(
        user=by,
        service_code=BIOMETRICS_SERVICE,
        slot=slot,
        hall=hall,
        start=start,
        person=person,
        case=case,
        channel="case",
    )
    return Booking(
        pk=appointment.pk,
        code=str(appointment.code),
        start=appointment.start,
        place=getattr(appointment.hall, "display_name", "") or str(appointment.hall),
        hall_code=getattr(appointment.hall, "code", "") or "",
    )


def biometrics_place_name(*, appointment_id: int, fallback: str = "") -> str:
    """The hall of the biometrics appointment in the reader's language (the stored place is
    in the language of whoever booked)."""
    from onestop.halls.selectors import appointment_hall_name

    return appointment_hall_name(pk=appointment_id) or fallback


def biometrics_options(*, near: Any = None, limit: int = 5) -> list[Any]:
    """The best slots for biometrics in the coming two weeks, as the halls module ranks them."""
    from onestop.halls.selectors import slot_recommend

    return list(slot_recommend(service_code=BIOMETRICS_SERVICE, near=near, days=14, limit=limit))


def slot_by_id(*, pk: int) -> Any:
    """A biometrics slot by id, for the API's "book this slot" (the halls module checks the
    slot's rules when booking)."""
    from onestop.core.errors import ValidationFailed
    from onestop.halls.models import Slot

    slot = Slot.objects.select_related("hall", "service").filter(pk=pk, service__code=BIOMETRICS_SERVICE).first()
    if slot is None:
        raise ValidationFailed("permits.biometrics_slot", ERR_SLOT, fields={"slot": [ERR_SLOT]})
    return slot


def option_label(option: Any) -> str:
    """How a recommended slot reads in a list: hall, local date and time in the hall's time
    zone, and the expected wait when the halls module predicted one."""
    from onestop.halls.templatetags.halls_tags import visit_time, wait_text

    slot = getattr(option, "slot", option)
    hall = getattr(option, "hall", None) or getattr(slot, "hall", None)
    start = getattr(option, "start", None) or getattr(slot, "start", None)
    name = getattr(hall, "display_name", "") or str(hall or "")
    parts = [name, visit_time(start, hall) if start else ""]
    wait = getattr(option, "predicted_wait_min", None)
    if wait is not None:
        parts.append(str(_("expected wait: %(wait)s") % {"wait": wait_text(wait)}))
    return " · ".join(p for p in parts if p)


# --- documents and notifications -----------------------------------------------------------


def permits_issue_on_commit(*, application: Any, by: Any) -> None:
    """Issue both permits after the joint approval commits (rendering and signing take a
    second each, so they run as one background job)."""
    from .tasks import permits_issue_task

    application_id, by_id = application.pk, getattr(by, "pk", None)
    transaction.on_commit(lambda: permits_issue_task.delay(application_id=application_id, by_id=by_id))


def points_text(points: list[dict], *, language: str | None = None) -> str:
    """The combined correction request as plain lines, "<review>: <point>", in ``language``."""
    from django.utils import translation

    from .models import ReviewKind

    with translation.override(language):
        return "\n".join(f"{ReviewKind(p['kind']).label}: {p['text']}" for p in points)


def notify_employer(*, application: Any, code: str, context: dict, points: list[dict] | None = None) -> None:
    """Tell the employer's agent who filed the application, after commit, in their language."""
    from onestop.notify.services import notify_user

    case = application.case
    user = case.applicant
    if user is None:
        return
    payload = {"number": case.number, **context}
    if points is not None:
        payload["points"] = points_text(points, language=getattr(user, "preferred_language", None))
    transaction.on_commit(lambda: notify_user(user=user, code=code, context=payload, case=case))


def case_documents(*, case: Any, user: Any) -> list[Any]:
    """The permits issued for this case that ``user`` may download."""
    from onestop.documents.selectors import documents_for_case

    return documents_for_case(case=case, user=user)
