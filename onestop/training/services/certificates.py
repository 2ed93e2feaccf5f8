"""Certificates of completion: signed, verifiable PDFs issued through the documents app.

The organizer asks for certificates once the program is completed; everyone confirmed who
attended at least ``certificate_min_attendance`` percent of the sessions gets one. Each is
issued by a background job (rendering and signing take about a second), idempotently: the
certificate's ``request_key`` makes a retried job return the document already issued.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import Conflict

from ..models import Attendance, Certificate, Enrolment, EnrolmentStatus, Program, ProgramState
from .common import notify_later, require_manager

logger = logging.getLogger("onestop.training")

DOCUMENT_KIND = "training_certificate"
TEMPLATE = "training/certificate_pdf.html"

ERR_NOT_COMPLETED = _("Certificates are issued once the program is marked as completed.")
ERR_NO_SESSIONS = _("The program has no sessions.")


def attendance_by_enrolment(*, program: Program) -> dict[int, int]:
    """Number of distinct sessions each enrolment attended."""
    rows = (
        Attendance.objects.filter(session__program=program)
        .values("enrolment_id")
        .annotate(n=Count("session_id", distinct=True))
    )
    return {row["enrolment_id"]: row["n"] for row in rows}


def certificates_request(*, program: Program, by: Any, enrolment_ids: list[int] | None = None) -> dict[str, int]:
    """Request a certificate for every confirmed participant who attended enough sessions
    (or only for ``enrolment_ids``). Returns counts: requested now, already requested, not
    eligible."""
    require_manager(by, program)
    if program.case.state != ProgramState.COMPLETED:
        raise Conflict("training.not_completed", ERR_NOT_COMPLETED)
    total = program.sessions.count()
    if not total:
        raise Conflict("training.no_sessions", ERR_NO_SESSIONS)
    attended = attendance_by_enrolment(program=program)
    counts = {"requested": 0, "already": 0, "not_eligible": 0}
    with transaction.atomic():
        enrolments = Enrolment.objects.filter(program=program, status=EnrolmentStatus.CONFIRMED).select_related(
            "certificate"
        )
        if enrolment_ids is not None:
            enrolments = enrolments.filter(pk__in=enrolment_ids)
        for enrolment in enrolments:
            if hasattr(enrolment, "certificate"):
                counts["already"] += 1
                continue
            percent = attended.get(enrolment.pk, 0) * 100 // total
            if percent < program.certificate_min_attendance:
                counts["not_eligible"] += 1
                continue
            certificate = Certificate.objects.create(
                enrolment=enrolment,
                request_key=f"training-certificate-{enrolment.pk}",
                attendance_percent=percent,
                requested_by=by,
            )
            counts["requested"] += 1
            transaction.on_commit(lambda pk=certificate.pk: _schedule(pk))
        audit_record(actor=by, action="training.certificates.requested", obj=program, data=counts)
    return counts


def _schedule(certificate_id: int) -> None:
    from ..tasks import certificate_issue_task

    try:
        certificate_issue_task.delay(certificate_id)
    except Exception:  # broker down: certificates_retry picks it up
        logger.exception("could not queue certificate %s", certificate_id)


def _period(program: Program) -> str:
    sessions = list(program.sessions.order_by("starts_at"))
    if not sessions:
        return ""
    first = timezone.localtime(sessions[0].starts_at).date()
    last = timezone.localtime(sessions[-1].ends_at).date()
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def certificate_issue(*, certificate_id: int) -> Certificate:
    """Render, sign and register the certificate's PDF (in the participant's language)."""
    from onestop.documents import services as documents

    certificate = Certificate.objects.select_related(
        "enrolment__participant", "enrolment__program__organization", "enrolment__organization", "requested_by"
    ).get(pk=certificate_id)
    if certificate.status == Certificate.Status.ISSUED:
        return certificate
    enrolment = certificate.enrolment
    program = enrolment.program
    participant = enrolment.participant
    language = participant.preferred_language or None
    sessions = list(program.sessions.all())
    attended_ids = set(Attendance.objects.filter(enrolment=enrolment).values_list("session_id", flat=True))
    with translation.override(language):
        program_name = program.name
        title = gettext("Certificate of completion: %(program)s") % {"program": program_name}
        rows = [
            {
                "date": timezone.localtime(s.starts_at).strftime("%Y-%m-%d"),
                "title": s.title,
                "kind": str(s.get_kind_display()),
                "attended": s.pk in attended_ids,
            }
            for s in sessions
        ]
    context = {
        "participant_name": participant.full_name,
        "participant_latin_name": participant.latin_name,
        "organization_name": enrolment.organization.name if enrolment.organization_id else "",
        "program_name": program_name,
        "organizer_name": program.organization.name,
        "sessions": rows,
        "attended": len(attended_ids),
        "total": len(sessions),
        "attendance_percent": certificate.attendance_percent,
        "period": _period(program),
    }
    essentials = {
        "holder": participant.full_name,
        "organization": context["organization_name"],
        "program": program_name,
        "period": context["period"],
        "attendance": f"{len(attended_ids)}/{len(sessions)}",
    }
    issue = getattr(documents, "document_issue_keyed", None)
    arguments = {
        "case": None,
        "kind": DOCUMENT_KIND,
        "title": title,
        "template": TEMPLATE,
        "context": context,
        "essentials": essentials,
        "by": certificate.requested_by,
        "language": participant.preferred_language,
    }
    document = (
        issue(request_key=certificate.request_key, **arguments) if issue else documents.document_issue(**arguments)
    )
    with transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(
            status=Certificate.Status.ISSUED, document_code=document.code, issued_at=timezone.now(), error=""
        )
        audit_record(
            actor=None,
            action="training.certificate.issued",
            obj=certificate,
            new={"document": document.code, "enrolment": enrolment.pk},
        )
        notify_later(
            user_id=participant.pk,
            code="training.certificate_issued",
            context={"program": lambda: program.name, "url": reverse("training:my-trainings")},
        )
    certificate.refresh_from_db()
    return certificate


def certificate_mark_failed(*, certificate_id: int, error: str) -> None:
    Certificate.objects.filter(pk=certificate_id).exclude(status=Certificate.Status.ISSUED).update(
        status=Certificate.Status.FAILED, error=error[:300]
    )


def certificates_retry(*, program: Program, by: Any) -> int:
    """Queue again the certificates that failed or never left the queue."""
    require_manager(by, program)
    ids = list(
        Certificate.objects.filter(enrolment__program=program)
        .exclude(status=Certificate.Status.ISSUED)
        .values_list("pk", flat=True)
    )
    Certificate.objects.filter(pk__in=ids).update(status=Certificate.Status.REQUESTED, error="")
    for pk in ids:
        transaction.on_commit(lambda pk=pk: _schedule(pk))
    return len(ids)
