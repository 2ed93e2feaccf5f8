"""Organizer pages: programs, sessions, materials, quotas and the program's life cycle."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onestop.accounts.roles import Role
from onestop.cases.selectors import case_timeline
from onestop.core.errors import DomainError, NotFound

from .. import selectors, services
from ..forms import MaterialForm, NoteForm, ProgramForm, QuotaForm, SessionForm
from ..services.common import can_manage
from ..services.programs import EDITABLE
from ..workflow import WORKFLOW
from .common import form_errors, paginate, show_error


def _managed(request: HttpRequest, pk: int):
    try:
        return selectors.access_program_manage(user=request.user, pk=pk)
    except NotFound:
        raise Http404


def _moderated(request: HttpRequest, pk: int):
    try:
        return selectors.access_program_moderate(user=request.user, pk=pk)
    except NotFound:
        raise Http404


@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    programs = selectors.programs_managed(user=request.user)
    state = request.GET.get("state", "")
    if state:
        programs = programs.filter(case__state=state)
    return render(
        request,
        "training/manage_list.html",
        {
            "page_obj": paginate(request, programs),
            "overview": selectors.overview_stats(programs=selectors.programs_managed(user=request.user)),
            "states": selectors.program_states_for_filter(),
            "state": state,
            "query": f"state={state}" if state else "",
            "can_create": bool(request.user.role_names & {Role.TRAINING_ORGANIZER, Role.ADMIN}),
        },
    )


@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.settings_values()
        try:
            program = services.program_create(by=request.user, **values)
            if form.cleaned_data["facilitators"]:
                services.facilitators_set(
                    program=program, users=list(form.cleaned_data["facilitators"]), by=request.user
                )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The program was created as a draft. Add its sessions, then publish it."))
            return redirect("training:program-manage", pk=program.pk)
    return render(request, "training/program_form.html", {"form": form, "program": None})


@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = _managed(request, pk)
    form = ProgramForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(program=program, by=request.user, **form.settings_values())
            services.facilitators_set(program=program, users=list(form.cleaned_data["facilitators"]), by=request.user)
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("training:program-manage", pk=program.pk)
    return render(request, "training/program_form.html", {"form": form, "program": program})


@require_GET
def program_manage(request: HttpRequest, pk: int) -> HttpResponse:
    program = _moderated(request, pk)
    manager = can_manage(request.user, program)
    transitions = WORKFLOW.available(program.case.state) if manager else []
    return render(
        request,
        "training/program_manage.html",
        {
            "program": program,
            "manager": manager,
            "editable": program.case.state in EDITABLE,
            "sessions": program.sessions.all(),
            "materials": program.materials.select_related("session"),
            "quotas": program.quotas.select_related("organization"),
            "counts": selectors.enrolment_counts(program=program),
            "transitions": transitions,
            "note_form": NoteForm(),
            "timeline": case_timeline(case=program.case) if manager else [],
        },
    )


@require_POST
def program_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    program = _managed(request, pk)
    try:
        services.program_transition(program=program, name=name, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("Done."))
    except DomainError as exc:
        show_error(request, exc)
    return redirect("training:program-manage", pk=program.pk)


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = _managed(request, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(program=program, by=request.user, **form.values())
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The session was added to the timetable."))
            return redirect("training:program-manage", pk=program.pk)
    return render(request, "training/session_form.html", {"form": form, "program": program, "session": None})


def _managed_session(request: HttpRequest, pk: int):
    try:
        return selectors.access_session_manage(user=request.user, pk=pk)
    except NotFound:
        raise Http404


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    form = SessionForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request.user, **form.values())
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("training:program-manage", pk=session.program_id)
    return render(request, "training/session_form.html", {"form": form, "program": session.program, "session": session})


@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    try:
        services.session_delete(session=session, by=request.user)
        messages.success(request, _("The session was removed."))
    except DomainError as exc:
        show_error(request, exc)
    return redirect("training:program-manage", pk=session.program_id)


@require_http_methods(["GET", "POST"])
def material_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = _managed(request, pk)
    form = MaterialForm(request.POST or None, request.FILES or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_add(
                program=program,
                by=request.user,
                titles=form.language_values("titles"),
                upload=form.cleaned_data.get("file"),
                url=form.cleaned_data.get("url") or "",
                session=form.cleaned_data.get("session"),
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The material was added."))
            return redirect("training:program-manage", pk=program.pk)
    return render(request, "training/material_form.html", {"form": form, "program": program})


@require_POST
def material_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        material = selectors.access_material_manage(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    program_id = material.program_id
    services.material_delete(material=material, by=request.user)
    messages.success(request, _("The material was removed."))
    return redirect("training:program-manage", pk=program_id)


@require_http_methods(["GET", "POST"])
def quotas(request: HttpRequest, pk: int) -> HttpResponse:
    program = _managed(request, pk)
    form = QuotaForm(request.POST or None, organizations=selectors.organizations_for_quota())
    if request.method == "POST" and form.is_valid():
        try:
            services.quota_set(
                program=program,
                organization=form.cleaned_data["organization"],
                seats=form.cleaned_data["seats"],
                by=request.user,
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The quota was saved."))
            return redirect("training:quotas", pk=program.pk)
    return render(
        request,
        "training/quotas.html",
        {"program": program, "form": form, "quotas": program.quotas.select_related("organization")},
    )


@require_POST
def quota_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        quota = selectors.access_quota_manage(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    program_id = quota.program_id
    services.quota_delete(quota=quota, by=request.user)
    messages.success(request, _("The quota was removed."))
    return redirect("training:quotas", pk=program_id)
