"""Pages anyone can open: the catalogue, a program with its timetable, a session, the live
counter, and calendar files."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onestop.accounts.roles import Role
from onestop.core.errors import DomainError, NotFound

from .. import selectors, services
from ..models import ACTIVE, Enrolment, ProgramState
from ..services.common import can_manage, can_moderate
from .common import paginate, show_error


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    programs = paginate(request, selectors.programs_public(), per_page=12)
    return render(request, "training/catalogue.html", {"page_obj": programs})


def _get_program(request: HttpRequest, pk: int):
    try:
        return selectors.access_program(user=request.user, pk=pk)
    except NotFound:
        raise Http404


@require_GET
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = _get_program(request, pk)
    user = request.user
    enrolment = None
    if user.is_authenticated:
        enrolment = (
            Enrolment.objects.filter(program=program, participant=user, status__in=ACTIVE)
            .select_related("program")
            .first()
        )
    context = {
        "program": program,
        "sessions": program.sessions.all(),
        "enrolment": enrolment,
        "position": selectors.waitlist_position(enrolment=enrolment) if enrolment else None,
        "materials": program.materials.select_related("session")
        if enrolment and enrolment.status == "confirmed"
        else [],
        "can_enrol": program.case.state == ProgramState.OPEN and program.self_registration and enrolment is None,
        "is_participant": user.is_authenticated and Role.PARTICIPANT in user.role_names,
        "is_liaison": user.is_authenticated and Role.LIAISON in user.role_names and program.nomination,
        "can_manage": can_manage(user, program),
        "quotas": program.quotas.select_related("organization") if program.quota_only else [],
    }
    return render(request, "training/program.html", context)


@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    program = _get_program(request, pk)
    try:
        enrolment = services.enrolment_self_register(program=program, user=request.user)
    except DomainError as exc:
        show_error(request, exc)
        return redirect("training:program", pk=program.pk)
    messages.success(
        request,
        {
            "confirmed": _("You are enrolled. Your pass for the door is under “My training”."),
            "pending": _("Your seat is reserved; the organizer will confirm your enrolment."),
            "waitlisted": _(
                "All seats are taken. You are on the waitlist and will be offered a seat when one frees up."
            ),
        }.get(enrolment.status, _("Saved.")),
    )
    return redirect("training:program", pk=program.pk)


@require_GET
def program_ics(request: HttpRequest, pk: int) -> HttpResponse:
    program = _get_program(request, pk)
    body = selectors.calendar_ics(program=program, sessions=program.sessions.all())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{program.code}.ics"'
    return response


@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = selectors.access_session(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    program = session.program
    in_room = can_moderate(request.user, program) or selectors.is_confirmed(user=request.user, program=program)
    survey = getattr(session, "survey", None)
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "program": program,
            "in_room": in_room,
            "counter": selectors.session_counter(session_id=session.pk) if session.is_online else None,
            "survey": survey if survey and survey.is_open and in_room else None,
            "materials": session.materials.all() if in_room else [],
        },
    )


@require_GET
def session_counter(request: HttpRequest, pk: int) -> JsonResponse:
    """The live participant counter: cheap (served from the cache), public for published
    sessions, polled by every open class page."""
    data = selectors.session_counter(session_id=pk)
    if data is None:
        raise Http404
    response = JsonResponse(data)
    response["Cache-Control"] = "max-age=2"
    return response
