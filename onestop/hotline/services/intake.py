"""Taking a request in, from any channel: the web form, a phone agent, the REST API or
Open311. One function does it for all of them, so every channel gets the same checks,
language detection, routing, deadlines and alerts."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_deferred
from onestop.cases.services import case_create, next_case_number
from onestop.core.db import insert_with_children
from onestop.core.errors import ValidationFailed

from .. import catalogue_cache, policies, translation
from .. import language as lang_detect
from ..models import Attachment, Category, Channel, District, HotlineRequest, RequestType, RoutingEvent
from ..workflow import KIND, WORKFLOW
from . import notifications
from .notifications import alert_emergency
from .routing import RoutingDecision, request_route

ERR_DESCRIPTION = _("Describe the request (at least %(min)d characters).")
ERR_DESCRIPTION_LONG = _("The description may have at most %(max)d characters.")
ERR_TYPE = _("Choose one of the request types.")
ERR_CATEGORY = _("Unknown or inactive category.")
ERR_DISTRICT = _("Unknown district.")
ERR_COORDINATES = _("Give both latitude (−90 to 90) and longitude (−180 to 180), or neither.")
ERR_EMAIL = _("Enter a valid e-mail address.")
ERR_PHONE = _("Enter a phone number of 5 to 20 digits.")
ERR_LOCATION = _("Give a district, an address or coordinates.")
ERR_TOO_MANY_FILES = _("At most %(max)d files can be attached.")
ERR_FILE_INFECTED = _("The file was refused: %(reason)s")
ERR_NOTE_FOR_CALL = _("Write down the answer given on the call.")

MIN_DESCRIPTION = 5
MAX_DESCRIPTION = 5000
MAX_FILES = 3
ATTACHMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"]
_PHONE_DIGITS = re.compile(r"\D")


def _invalid(code: str, field: str, message) -> ValidationFailed:
    return ValidationFailed(code, message, fields={field: [message]})


def phone_digits(phone: str) -> str:
    return _PHONE_DIGITS.sub("", phone or "")


@dataclass
class Intake:
    """What the caller gave us, checked."""

    description: str
    request_type: str
    category: Category | None
    district: District | None
    latitude: Decimal | None
    longitude: Decimal | None


def _coordinate(value: Any, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise _invalid("hotline.coordinates", "latitude" if limit == 90 else "longitude", ERR_COORDINATES)
    if not -limit <= number <= limit:
        raise _invalid("hotline.coordinates", "latitude" if limit == 90 else "longitude", ERR_COORDINATES)
    return number


def _check(
    *,
    description: str,
    request_type: str,
    category: Category | str | None,
    district: District | str | None,
    address: str,
    latitude: Any,
    longitude: Any,
    contact_email: str,
    contact_phone: str,
    require_location: bool,
) -> Intake:
    description = (description or "").strip()
    if len(description) < MIN_DESCRIPTION:
        raise _invalid("hotline.description", "description", ERR_DESCRIPTION % {"min": MIN_DESCRIPTION})
    if len(description) > MAX_DESCRIPTION:
        raise _invalid("hotline.description_long", "description", ERR_DESCRIPTION_LONG % {"max": MAX_DESCRIPTION})
    if request_type not in RequestType.values:
        raise _invalid("hotline.request_type", "request_type", ERR_TYPE)
    if category is not None and (not isinstance(category, Category) or not category.is_active):
        raise _invalid("hotline.category", "category", ERR_CATEGORY)
    if isinstance(district, str):
        code = district
        district = catalogue_cache.snapshot().districts.get(code) if code else None
        if code and district is None:
            raise _invalid("hotline.district", "district", ERR_DISTRICT)
    lat = _coordinate(latitude, 90)
    lon = _coordinate(longitude, 180)
    if (lat is None) != (lon is None):
        raise _invalid("hotline.coordinates", "latitude" if lat is None else "longitude", ERR_COORDINATES)
    if require_location and district is None and not address.strip() and lat is None:
        raise _invalid("hotline.location", "address", ERR_LOCATION)
    if contact_email:
        try:
            validate_email(contact_email)
        except DjangoValidationError:
            raise _invalid("hotline.email", "contact_email", ERR_EMAIL)
    if contact_phone and not 5 <= len(phone_digits(contact_phone)) <= 20:
        raise _invalid("hotline.phone", "contact_phone", ERR_PHONE)
    return Intake(description, request_type, category, district, lat, lon)


def _category_code_check(category: Any) -> Any:
    """A category code that names no active category is an error, not 'no category'."""
    if isinstance(category, str) and category:
        found = catalogue_cache.snapshot().categories.get(category)
        if found is None:
            raise _invalid("hotline.category", "category", ERR_CATEGORY)
        return found
    return category or None


def _checked_files(files) -> list:
    from onestop.dossier.scanning import scan
    from onestop.dossier.uploads import upload_inspect, upload_read

    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise _invalid("hotline.files", "attachments", ERR_TOO_MANY_FILES % {"max": MAX_FILES})
    checked = []
    limit = min(settings.UPLOAD_MAX_BYTES, 10 * 1024 * 1024)
    for upload in files:
        try:
            data = upload_read(file=upload, limit=limit)
            result = upload_inspect(
                data=data,
                name=getattr(upload, "name", ""),
                content_type=getattr(upload, "content_type", ""),
                accepted=ATTACHMENT_TYPES,
            )
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, exc.message, fields={"attachments": [exc.message]})
        verdict = scan(result.data)
        if not verdict.clean:
            message = ERR_FILE_INFECTED % {"reason": verdict.reason}
            raise _invalid("hotline.file_refused", "attachments", message)
        checked.append(result)
    return checked


def request_submit(
    *,
    by: Any,
    channel: str,
    description: str,
    request_type: str = RequestType.INQUIRY,
    category: Category | str | None = None,
    district: District | str | None = None,
    address: str = "",
    latitude: Any = None,
    longitude: Any = None,
    anonymous: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    ui_language: str = "",
    files: Any = None,
    api_key: Any = None,
    external_account: str = "",
    media_url: str = "",
    citizen: Any = None,
    answered_on_call: str = "",
    article_slug: str = "",
    require_location: bool = False,
) -> HotlineRequest:
    """Register a request from any channel and send it on its way.

    Detects the language, decides the route (catalogue, router or a human dispatcher),
    sets the deadline from the policies, and starts the clock. An emergency alerts the
    duty supervisor after commit. ``citizen`` is the account the request belongs to (the
    logged-in citizen on the web; None for a phone caller or an anonymous request).
    ``answered_on_call`` (the answer an agent gave) closes the request at once.
    """
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    category = _category_code_check(category)
    checked = _check(
        description=description,
        request_type=request_type,
        category=category,
        district=district,
        address=address,
        latitude=latitude,
        longitude=longitude,
        contact_email=(contact_email or "").strip(),
        contact_phone=(contact_phone or "").strip(),
        require_location=require_location,
    )
    uploads = _checked_files(files)
    detection = lang_detect.detect_language(checked.description)
    reply_language = detection.language or ui_language or settings.LANGUAGE_CODE
    if answered_on_call:
        decision = RoutingDecision(checked.category, None, "dispatcher", None, "", None)
    else:
        decision = request_route(text=checked.description, category=checked.category, district=checked.district)
    deadline = policies.deadline_for(request_type=checked.request_type, category=decision.category)
    machine = translation.translate(text=checked.description, source=detection.language, target=settings.LANGUAGE_CODE)
    if answered_on_call:
        answered_on_call = answered_on_call.strip()
        if not answered_on_call:
            raise _invalid("hotline.answer_note", "answer", ERR_NOTE_FOR_CALL)
        move = {"transition": "answer_on_call", "note": answered_on_call}
    else:
        move = {
            "transition": "route" if decision.automatic else "queue",
            "system": True,
            "data": {"department": str(decision.department or "")},
        }
    # Taken before the transaction (a gap if the intake then fails), so concurrent intakes
    # do not queue on the counter row until they commit. See ADR 0008.
    number = next_case_number(WORKFLOW.prefix)
    now = timezone.now()
    with audit_deferred():
        case = case_create(
            kind=KIND,
            by=by,
            title=checked.description[:120],
            organization=decision.department if decision.automatic else None,
            applicant=citizen,
            applicant_from_actor=False,
            number=number,
            sla_budget=deadline.budget,
            sla_unit=deadline.unit,
            **move,
        )
        request = HotlineRequest(
            case=case,
            request_type=checked.request_type,
            channel=channel,
            category=decision.category,
            district=checked.district,
            address=(address or "").strip()[:300],
            latitude=checked.latitude,
            longitude=checked.longitude,
            description=checked.description,
            language=detection.language,
            language_confidence=detection.confidence,
            reply_language=reply_language,
            translation=machine or "",
            anonymous=anonymous,
            contact_name="" if anonymous else (contact_name or "").strip()[:200],
            contact_phone=(contact_phone or "").strip()[:32],
            phone_digits=phone_digits(contact_phone)[:32],
            contact_email=(contact_email or "").strip(),
            department=decision.department if decision.automatic else None,
            routed_by=decision.method,
            route_confidence=decision.confidence,
            suggested_category=decision.suggested,
            contact_due_at=now + timedelta(hours=deadline.contact_hours),
            tracking_code=secrets.token_urlsafe(18),
            api_key=api_key,
            external_account=(external_account or "")[:100],
            media_url=(media_url or "")[:200],
        )
        routed = None
        if not answered_on_call:
            kind = {"catalogue": RoutingEvent.Kind.CATALOGUE, "router": RoutingEvent.Kind.ROUTER}.get(
                decision.method, RoutingEvent.Kind.QUEUED
            )
            routed = RoutingEvent(
                request=request,
                kind=kind,
                category=decision.category,
                department=decision.department if decision.automatic else None,
                confidence=decision.confidence,
                reason_code=decision.reason_code,
                by=by if getattr(by, "pk", None) else None,
            )
        # one statement: the request and how it was routed
        insert_with_children(request, [routed] if routed is not None else [])
        for upload in uploads:
            attachment = Attachment(
                request=request,
                original_name=upload.original_name,
                content_type=upload.content_type,
                size=upload.size,
                sha256=upload.sha256,
            )
            attachment.file.save(f"{secrets.token_hex(16)}.{upload.extension}", ContentFile(upload.data), save=False)
            attachment.save()
        if answered_on_call:
            _answer_on_call(request=request, by=by, note=answered_on_call, article_slug=article_slug, now=now)
        if channel != Channel.PHONE and notifications.citizens_without_account(request):
            notifications.citizen_message(request_id=request.pk, code="hotline.received")
        if checked.request_type == RequestType.EMERGENCY:
            request_id = request.pk
            transaction.on_commit(lambda: alert_emergency(request_id=request_id))
    return request


def _answer_on_call(*, request: HotlineRequest, by: Any, note: str, article_slug: str, now) -> None:
    """The answer the agent gave on the call (the case was created already closed)."""
    from ..models import Reply

    Reply.objects.create(
        request=request,
        kind=Reply.Kind.REPLY,
        body=note,
        language=request.reply_language,
        article_slug=article_slug[:80],
        by=by,
    )
    request.contacted_at = request.replied_at = now
    request.save(update_fields=["contacted_at", "replied_at"])
