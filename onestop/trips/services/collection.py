"""From the approval to the one visit: readiness, the collection appointment, the collection.

``trip_readiness_refresh`` moves an approved trip to "ready for collection" when every
passport and visa is ready (and back when one no longer is); the passports and visas apps
trigger it through the kernel's listener hook, and a periodic scan catches what moved
without a transition (a reservation made at the passport desk). The liaison officer books
one appointment at the FAO hall through the halls app; the passport officer records the
collection, signed by the liaison officer, which hands out the passports and counts as
the case's one in-person visit (ADRs 0541, 0542).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.audit import audit_record
from onestop.cases.references import with_reference
from onestop.cases.services import NotPermitted, case_note, case_record_visit, case_transition
from onestop.core.errors import Conflict, ValidationFailed
from onestop.halls.apps import HALL_REFERENCE

from ..models import CollectionMethod, Trip, TripCollection
from ..selectors import trip_collection_appointment, trip_readiness
from ..selectors.readiness import COLLECTION_SERVICE
from ..signature import signature_check, signature_decode
from ..workflow import TripState
from .drafting import ensure_liaison_for

logger = logging.getLogger(__name__)

ERR_NOT_READY = _("The trip is not ready for collection: not every passport and visa is ready yet.")
ERR_ALREADY_BOOKED = _("The collection is already booked for %(start)s (booking %(code)s).")
ERR_SLOT_UNKNOWN = _("Choose one of the times offered.")
ERR_NOT_PASSPORT_OFFICER = _("Only a passport officer of the Foreign Affairs Office records a collection.")
ERR_SIGNER_REQUIRED = _("Enter the name of the person who collects.")
ERR_SIGNER_LONG = _("At most %(max)d characters.")
ERR_SIGNATURE_REQUIRED = _(
    "The liaison officer signs on the pad, or types their name and confirms the receipt with the checkbox."
)
ERR_CONFIRM_REQUIRED = _("Confirm the receipt with the checkbox.")
ERR_PLACE_LONG = _("At most %(max)d characters.")

SIGNER_MAX = 100
PLACE_MAX = 200
# The place of a collection recorded with neither an appointment nor a typed place.
DEFAULT_PLACE_REFERENCE = "trips.collection_place"
VISIT_PURPOSE = "trip_collection"


# --- readiness --------------------------------------------------------------------------


def trip_readiness_refresh(*, trip: Trip, by: Any = None) -> Trip:
    """Check the trip's passports and visas, keep what is missing on the trip, and move it:
    approved → ready for collection when everything is ready, back when something no longer
    is. The liaison officer is told by the kernel's notification of the move. Safe to call
    at any time, twice at once, or on a trip in any state (it then only records the check)."""
    readiness = trip_readiness(trip=trip)
    now = timezone.now()
    state = trip.case.state
    with transaction.atomic():
        Trip.objects.filter(pk=trip.pk).update(readiness_missing=readiness.snapshot(), readiness_checked_at=now)
        if state in (TripState.APPROVED, TripState.READY_FOR_COLLECTION):
            _note_reservations(trip, readiness)
        move = None
        if state == TripState.APPROVED and readiness.ready:
            move = "mark_ready"
        elif state == TripState.READY_FOR_COLLECTION and not readiness.ready:
            move = "readiness_lost"
        if move is not None:
            try:
                with transaction.atomic():
                    data = {"missing": len(readiness.snapshot())} if move == "readiness_lost" else {}
                    case_transition(case=trip.case, name=move, by=by, system=True, data=data)
                    if move == "mark_ready":
                        Trip.objects.filter(pk=trip.pk).update(ready_at=now)
                        trip.ready_at = now
            except Conflict:  # another check moved it a moment ago, or it changed meanwhile
                logger.info("trip %s: readiness move %s not made", trip.pk, move)
    trip.readiness_missing, trip.readiness_checked_at = readiness.snapshot(), now
    return trip


def _note_reservations(trip: Trip, readiness: Any) -> None:
    """Put the passports reserved for the trip on its timeline (the passports app keeps its
    custody history per passport): a line each time more of them are held for the trip."""
    from onestop.cases.models import TimelineEntry

    held = sum(1 for line in readiness.passports if line.ready)
    last = (
        TimelineEntry.objects.filter(case_id=trip.case_id, code="trips.passports_reserved")
        .order_by("-at", "-pk")
        .values_list("params", flat=True)
        .first()
    )
    if held > int((last or {}).get("count", 0)):
        case_note(case=trip.case, by=None, code="trips.passports_reserved",
                  params={"count": held, "total": len(readiness.passports)})  # fmt: skip


def trip_readiness_refresh_case(*, case_id: int) -> str | None:
    """Refresh the trip of case ``case_id`` (tasks and listeners pass ids); returns its state."""
    trip = Trip.objects.select_related("case", "organization").filter(case_id=case_id).first()
    if trip is None:
        return None
    return trip_readiness_refresh(trip=trip).case.state


def trips_readiness_scan() -> dict[str, int]:
    """Refresh every trip waiting for its passports and visas or waiting to be collected."""
    checked = ready = 0
    ids = list(
        Trip.objects.filter(case__state__in=[TripState.APPROVED, TripState.READY_FOR_COLLECTION])
        .order_by("pk")
        .values_list("case_id", flat=True)
    )
    for case_id in ids:
        try:
            state = trip_readiness_refresh_case(case_id=case_id)
        except Exception:  # one broken trip never stops the scan of the others
            logger.exception("readiness check of trip case %s failed", case_id)
            continue
        checked += 1
        ready += state == TripState.READY_FOR_COLLECTION
    return {"checked": checked, "ready": ready}


def on_child_case_moved(case: Any, by: Any, data: dict) -> None:
    """Listener for passport-application and visa moves: once they commit, check the
    parent trip again (the passport reserved on issue is written after the move)."""
    from ..workflow import KIND, schedule_readiness_refresh

    parent = case.parent
    if parent is not None and parent.kind == KIND:
        schedule_readiness_refresh(case_id=parent.pk)


# --- the appointment --------------------------------------------------------------------


def _slot(slot_id: Any):
    """The hall's slot the liaison officer chose (``None`` when they left the choice to the
    halls app's recommendation); an id that is not one of the collection's is refused."""
    from onestop.halls.selectors import slot_of_service

    if slot_id in (None, ""):
        return None
    slot = slot_of_service(slot_id=slot_id, service_code=COLLECTION_SERVICE)
    if slot is None:
        raise ValidationFailed("trips.collection_slot", ERR_SLOT_UNKNOWN, fields={"slot": [ERR_SLOT_UNKNOWN]})
    return slot


def trip_collection_book(*, trip: Trip, by: Any, slot_id: Any = None) -> Any:
    """Book the trip's one collection appointment at the hall (``slot_id``, or the best time
    the halls app recommends). Refused while the trip is not ready or when an appointment is
    already booked. The booking is linked to the trip's case, audited, and put on the
    trip's timeline; the halls app tells the liaison officer."""
    from onestop.halls.services import appointment_book

    ensure_liaison_for(trip=trip, by=by)
    slot = _slot(slot_id)
    with transaction.atomic():
        locked = Trip.objects.select_for_update().select_related("case").get(pk=trip.pk)
        if locked.case.state != TripState.READY_FOR_COLLECTION:
            raise Conflict("trips.not_ready_for_collection", ERR_NOT_READY)
        existing = trip_collection_appointment(trip=locked)
        if existing is not None and existing.status in ("booked", "checked_in"):
            start = timezone.localtime(existing.start).strftime("%Y-%m-%d %H:%M")
            raise Conflict("trips.collection_booked", ERR_ALREADY_BOOKED % {"start": start, "code": existing.code})
        appointment = appointment_book(
            user=by, service_code=COLLECTION_SERVICE, slot=slot, case=locked.case, channel="web"
        )
        start = timezone.localtime(appointment.start).strftime("%Y-%m-%d %H:%M")
        case_note(
            case=locked.case, by=by, code="trips.collection_booked", params={"start": start, "code": appointment.code}
        )
        audit_record(
            actor=by,
            action="trips.collection.booked",
            obj=locked.case,
            new={"appointment": appointment.code, "hall": appointment.hall.code, "start": appointment.start},
        )
    return appointment


def _complete_appointment(trip: Trip, by: Any) -> str:
    """The visit happened: the booked appointment is checked in and completed, so the hall
    never counts it as a missed one."""
    from onestop.halls.services import appointment_move

    appointment = trip_collection_appointment(trip=trip)
    if appointment is None or appointment.status == "completed":
        return getattr(appointment, "code", "")
    now = timezone.now()
    if appointment.status == "booked":
        appointment_move(appointment=appointment, name="check_in", by=by, data={"trip": trip.case.number},
                         checked_in_at=now)  # fmt: skip
    appointment_move(appointment=appointment, name="complete", by=by, data={"trip": trip.case.number}, completed_at=now)
    return appointment.code


# --- the collection ---------------------------------------------------------------------


def _clean_collection(*, signer_name: str, signature: str, confirmed: bool, place: str):
    errors: dict[str, list[Any]] = {}
    signer = (signer_name or "").strip()
    if not signer:
        errors["signer_name"] = [ERR_SIGNER_REQUIRED]
    elif len(signer) > SIGNER_MAX:
        errors["signer_name"] = [ERR_SIGNER_LONG % {"max": SIGNER_MAX}]
    place = (place or "").strip()
    if len(place) > PLACE_MAX:
        errors["place"] = [ERR_PLACE_LONG % {"max": PLACE_MAX}]
    checked = None
    if (signature or "").strip():
        try:
            checked = signature_check(signature_decode(signature))
        except ValidationFailed as exc:
            errors.update(exc.fields)
    elif not confirmed:
        errors["signature"] = [ERR_SIGNATURE_REQUIRED]
        errors["confirmed"] = [ERR_CONFIRM_REQUIRED]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed("trips.collection_invalid", first, fields=errors)
    return signer, checked, place


def _hand_out_passports(trip: Trip, by: Any) -> int:
    """Check out, through the passports app, every booklet still reserved in custody."""
    from onestop.passports.selectors import reservations_for_trips
    from onestop.passports.services import passport_check_out

    count = 0
    for reservation in reservations_for_trips(case_ids=[trip.case_id], status="active"):
        passport_check_out(text=reservation.passport.reveal_number(), by=by, trip_case_id=trip.case_id)
        count += 1
    return count


def trip_collect(
    *, trip: Trip, by: Any, signer_name: str, signature: str = "", confirmed: bool = False, place: str = ""
) -> TripCollection:
    """Record the collection at the hall: the liaison officer signs (drawn on the pad, or
    name typed and receipt confirmed), the reserved passports are checked out, the visit is
    recorded on the case (the one in-person visit) and the appointment completed.

    Refused unless a passport officer records it and the trip is still ready for collection.
    """
    if not (getattr(by, "is_authenticated", False) and str(Role.PASSPORT_OFFICER) in by.role_names):
        raise NotPermitted("trips.not_passport_officer", ERR_NOT_PASSPORT_OFFICER)
    signer, checked, place = _clean_collection(
        signer_name=signer_name, signature=signature, confirmed=confirmed, place=place
    )
    stored = ""
    try:
        with transaction.atomic():
            locked = Trip.objects.select_for_update().select_related("case", "organization").get(pk=trip.pk)
            if locked.case.state != TripState.READY_FOR_COLLECTION or not trip_readiness(trip=locked).ready:
                raise Conflict("trips.not_ready_for_collection", ERR_NOT_READY)
            handed = _hand_out_passports(locked, by)
            appointment_code = _complete_appointment(locked, by)
            hall_code, hall_name = ("", "") if place else _collection_hall(locked)
            where = place or hall_name
            collection = TripCollection(
                trip=locked,
                collected_at=timezone.now(),
                recorded_by=by,
                signer_name=signer,
                method=CollectionMethod.DRAWN if checked else CollectionMethod.TYPED,
                confirmed=bool(confirmed),
                place=where,
                appointment_code=appointment_code,
                passports_handed_out=handed,
            )
            if checked is not None:
                collection.signature.save("signature.png", ContentFile(checked.png), save=False)
                stored = collection.signature.name
                collection.signature_sha256 = checked.sha256
            collection.save()
            case_record_visit(case=locked.case, by=by, purpose=VISIT_PURPOSE, place=where)
            if handed:
                case_note(case=locked.case, by=by, code="trips.passports_checked_out", params={"count": handed})
            # A typed place is shown as typed; the hall is referred to by its code, so the
            # line names it in the reader's language (the stored name is the fallback). With
            # neither, the line names the foreign-affairs office's counter.
            if hall_code:
                reference = with_reference("place", HALL_REFERENCE, hall_code)
            elif not where:
                reference = with_reference("place", DEFAULT_PLACE_REFERENCE, "office")
            else:
                reference = {}
            case_transition(case=locked.case, name="collect", by=by, data={"place": where, **reference})
            audit_record(
                actor=by,
                action="trips.collection.recorded",
                obj=locked.case,
                new={"method": collection.method, "signature_sha256": collection.signature_sha256,
                     "passports": handed, "appointment": appointment_code},
            )  # fmt: skip
    except BaseException:
        if stored:
            TripCollection.signature.field.storage.delete(stored)
        raise
    trip.case.state = TripState.COLLECTED
    trip.case._loaded_state = TripState.COLLECTED
    return collection


def _collection_hall(trip: Trip) -> tuple[str, str]:
    """The code and the name (as it reads now) of the hall of the trip's collection
    appointment; two empty strings without one."""
    appointment = trip_collection_appointment(trip=trip)
    if appointment is not None:
        return appointment.hall.code, str(appointment.hall)
    return "", ""
