"""A participant's pages: my training, offers, the door pass, handouts, surveys, certificates."""

from __future__ import annotations

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onestop.core.errors import DomainError, NotFound

from .. import selectors, services
from ..forms import SurveyForm
from ..models import SurveyResponse
from .common import form_errors, paginate, show_error


@require_GET
def my_trainings(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.enrolments_of(user=request.user), per_page=10)
    for enrolment in page:
        enrolment.position = selectors.waitlist_position(enrolment=enrolment)
        # A door pass matters only when some session is held in person.
        enrolment.needs_pass = any(not s.is_online for s in enrolment.program.sessions.all())
    return render(request, "training/my_trainings.html", {"page_obj": page})


def _own(request: HttpRequest, pk: int):
    try:
        return selectors.access_enrolment_own(user=request.user, pk=pk)
    except NotFound:
        raise Http404


@require_POST
def enrolment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        enrolment = selectors.access_enrolment(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    try:
        services.enrolment_cancel(enrolment=enrolment, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The enrolment was cancelled."))
    except DomainError as exc:
        show_error(request, exc)
    target = request.POST.get("next", "")
    if target == "liaison":
        return redirect("training:liaison")
    if target == "manage":
        return redirect("training:enrolments", pk=enrolment.program_id)
    return redirect("training:my-trainings")


@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _own(request, pk)
    try:
        services.enrolment_accept_offer(enrolment=enrolment, by=request.user)
        messages.success(request, _("The seat is yours."))
    except DomainError as exc:
        show_error(request, exc)
    return redirect("training:my-trainings")


@require_POST
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _own(request, pk)
    try:
        services.enrolment_decline_offer(enrolment=enrolment, by=request.user)
        messages.success(request, _("You declined the seat; it goes to the next person on the waitlist."))
    except DomainError as exc:
        show_error(request, exc)
    return redirect("training:my-trainings")


@require_GET
def enrolment_pass(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code shown at the door: it holds the enrolment's check-in code only."""
    enrolment = _own(request, pk)
    if enrolment.status != "confirmed":
        raise Http404
    image = qrcode.make(enrolment.checkin_code, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    buffer = BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def material_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        material = selectors.access_material(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    if material.is_link:
        return redirect(material.url)
    extension = material.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        material.file.open("rb"),
        content_type=material.content_type,
        as_attachment=True,
        filename=f"{material.program.code}-{material.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        survey = selectors.access_survey(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    answered = SurveyResponse.objects.filter(survey=survey, respondent=request.user).exists()
    form = SurveyForm(request.POST or None, survey=survey)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.survey_submit(survey=survey, user=request.user, answers=request.POST.dict())
            messages.success(request, _("Thank you for your answers."))
            return redirect("training:session", pk=survey.session_id)
        except DomainError as exc:
            form_errors(form, exc)
    return render(request, "training/survey.html", {"survey": survey, "form": form, "answered": answered})


@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        certificate = selectors.access_certificate_own(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    from onestop.documents.selectors import document_by_code

    document = document_by_code(code=certificate.document_code)
    if document is None or not document.pdf:
        raise Http404
    return FileResponse(
        document.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"certificate-{document.code}.pdf",
    )
