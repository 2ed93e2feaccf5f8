"""Organizer and facilitator pages about people: enrolments, check-in, statistics,
certificates, surveys, publishing answers; and the liaison officer's nomination pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onestop.core.errors import DomainError, NotFound

from .. import selectors, services
from ..charts import bar_chart
from ..forms import CheckInForm, NominateForm, ReasonForm, SurveyBuilderForm
from ..models import EnrolmentStatus, ProgramState
from ..services.common import can_manage
from .common import form_errors, paginate, show_error
from .manage import _managed, _moderated


@require_GET
def enrolments(request: HttpRequest, pk: int) -> HttpResponse:
    program = _managed(request, pk)
    status = request.GET.get("status", "")
    if status not in EnrolmentStatus.values:
        status = ""
    search = request.GET.get("q", "").strip()[:100]
    rows = selectors.program_enrolments(program=program, status=status, search=search)
    query = "&".join(part for part in (f"status={status}" if status else "", f"q={search}" if search else "") if part)
    return render(
        request,
        "training/enrolments.html",
        {
            "program": program,
            "page_obj": paginate(request, rows, per_page=50),
            "status": status,
            "search": search,
            "statuses": EnrolmentStatus.choices,
            "counts": selectors.enrolment_counts(program=program),
            "reason_form": ReasonForm(),
            "query": query,
        },
    )


def _managed_enrolment(request: HttpRequest, pk: int):
    try:
        return selectors.access_enrolment_manage(user=request.user, pk=pk)
    except NotFound:
        raise Http404


@require_POST
def enrolment_approve(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _managed_enrolment(request, pk)
    try:
        services.enrolment_approve(enrolment=enrolment, by=request.user)
        messages.success(request, _("Approved."))
    except DomainError as exc:
        show_error(request, exc)
    return redirect("training:enrolments", pk=enrolment.program_id)


@require_POST
def enrolment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _managed_enrolment(request, pk)
    try:
        services.enrolment_reject(enrolment=enrolment, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Not approved; the seat was freed."))
    except DomainError as exc:
        show_error(request, exc)
    return redirect("training:enrolments", pk=enrolment.program_id)


@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = selectors.access_session_moderate(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    form = CheckInForm(request.POST or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        try:
            checked = services.session_check_in(session=session, code=form.cleaned_data["code"], by=request.user)
        except DomainError as exc:
            if request.headers.get("X-Requested-With") == "fetch":
                return JsonResponse({"error": exc.as_dict()}, status=exc.status)
            form_errors(form, exc)
        else:
            name = checked.participant.full_name
            if request.headers.get("X-Requested-With") == "fetch":
                return JsonResponse({"ok": True, "name": name})
            messages.success(request, _("%(name)s is checked in.") % {"name": name})
            return redirect("training:checkin", pk=session.pk)
    attendance = selectors.session_attendance(session=session).order_by("-joined_at")
    return render(
        request,
        "training/checkin.html",
        {
            "session": session,
            "program": session.program,
            "form": form,
            "page_obj": paginate(request, attendance, per_page=50),
            "present": attendance.count(),
        },
    )


@require_GET
def stats(request: HttpRequest, pk: int) -> HttpResponse:
    program = _moderated(request, pk)
    data = selectors.program_stats(program=program)
    charts = {
        "attendance": bar_chart(
            [(row["session"].title, row["rate"]) for row in data["sessions"]],
            maximum=100,
            unit="%",
            title=_("Attendance per session"),
        ),
        "kinds": bar_chart(data["organization_kinds"], title=_("Participants by kind of organization")),
        "questions": bar_chart(
            [(row["session"].title, row["answered"]) for row in data["sessions"]],
            title=_("Questions answered per session"),
        ),
    }
    for item in data["surveys"]:
        if item.get("bars"):
            item["chart"] = bar_chart(item["bars"], title=item["question"].prompt)
    return render(
        request,
        "training/stats.html",
        {"program": program, "stats": data, "charts": charts, "manager": can_manage(request.user, program)},
    )


@require_POST
def certificates(request: HttpRequest, pk: int) -> HttpResponse:
    program = _managed(request, pk)
    try:
        if request.POST.get("retry"):
            n = services.certificates_retry(program=program, by=request.user)
            messages.success(request, _("%(n)d certificates were queued again.") % {"n": n})
        else:
            counts = services.certificates_request(program=program, by=request.user)
            messages.success(
                request,
                _(
                    "Certificates requested: %(requested)d; already issued or queued: %(already)d; "
                    "below the attendance needed: %(not_eligible)d."
                )
                % counts,
            )
    except DomainError as exc:
        show_error(request, exc)
    return redirect("training:program-manage", pk=program.pk)


@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = selectors.access_session_manage(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    survey = getattr(session, "survey", None)
    form = SurveyBuilderForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_save(session=session, by=request.user, questions=form.questions())
            if "open" in request.POST:
                services.survey_set_open(survey=survey, by=request.user, open=request.POST.get("open") == "1")
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The survey was saved."))
            return redirect("training:program-manage", pk=session.program_id)
    return render(
        request,
        "training/survey_form.html",
        {"session": session, "program": session.program, "form": form, "survey": survey},
    )


@require_http_methods(["GET", "POST"])
def questions_publish(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = selectors.access_session_moderate(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    if request.method == "POST":
        try:
            result = services.questions_publish(
                session=session, by=request.user, language=request.POST.get("language") or "zh-hans"
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(
                request, _("%(n)d answers were published to the knowledge base.") % {"n": len(result["published"])}
            )
        return redirect("training:questions-publish", pk=session.pk)
    if request.GET.get("format") == "json":
        response = JsonResponse({"session": session.pk, "items": services.questions_for_publication(session=session)})
        response["Content-Disposition"] = f'attachment; filename="questions-session-{session.pk}.json"'
        return response
    return render(
        request,
        "training/publish.html",
        {
            "session": session,
            "program": session.program,
            "items": services.questions_for_publication(session=session),
        },
    )


# --- liaison officers --------------------------------------------------------------------


@require_GET
def liaison(request: HttpRequest) -> HttpResponse:
    programs = selectors.programs_public().filter(case__state=ProgramState.OPEN, nomination=True)
    rows = selectors.enrolments_for_liaison(user=request.user)
    return render(
        request, "training/liaison.html", {"programs": programs[:50], "page_obj": paginate(request, rows, per_page=25)}
    )


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        program = selectors.access_program_liaison(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    people = selectors.nominees_for_liaison(user=request.user, program=program)
    form = NominateForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_nominate(
                program=program, participant=form.cleaned_data["participant"], by=request.user
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s")
                % {"name": enrolment.participant.full_name, "status": enrolment.get_status_display()},
            )
            return redirect("training:nominate", pk=program.pk)
    return render(
        request,
        "training/nominate.html",
        {
            "program": program,
            "form": form,
            "quota": services.enrolment.quota_for(program=program, organization=request.user.organization),
            "enrolments": selectors.enrolments_for_liaison(user=request.user, program=program),
        },
    )
