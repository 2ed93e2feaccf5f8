"""Passport application pages: the list, filing one (for a trip or not), editing it with
its materials, the case page with its moves, and issuing the passport."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onestop.cases.selectors import case_timeline, sla_status
from onestop.core.errors import DomainError
from onestop.dossier.selectors import case_materials_for, persons_visible_to

from .. import services
from ..forms import (
    ApplicationCreateForm,
    ApplicationEditForm,
    ApplicationFilterForm,
    IssueForm,
    MaterialForm,
    NoteForm,
    apply_error,
)
from ..selectors import access_application, application_available_actions, applications_for, is_officer
from ..trips_link import open_trip_cases_for
from ..workflow import EDITABLE_STATES
from .common import or_404, page_of, query_without_page

NOTE_REQUIRED = frozenset({"request_correction", "reject"})
POST_ACTIONS = frozenset(services.applications.ACTIONS)


@require_http_methods(["GET"])
def applications(request: HttpRequest) -> HttpResponse:
    form = ApplicationFilterForm(request.GET or None)
    state = q = None
    if form.is_bound and form.is_valid():
        state, q = form.cleaned_data["state"] or None, form.cleaned_data["q"] or None
    page_obj = page_of(request, applications_for(user=request.user, state=state, q=q))
    rows = [(a, sla_status(a.case)) for a in page_obj.object_list]
    return render(
        request,
        "passports/applications.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "query": query_without_page(request),
            "may_file": "liaison" in request.user.role_names,
        },
    )


@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    persons = persons_visible_to(user=user).filter(in_public_service=True).order_by("full_name")
    trips = open_trip_cases_for(organization=user.organization) if user.organization_id else []
    initial = {}
    if request.GET.get("trip", "").isdigit():
        initial["trip"] = int(request.GET["trip"])
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    form = ApplicationCreateForm(
        request.POST if request.method == "POST" else None, persons=persons, trips=trips, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        trip_case = None
        if data["trip"]:
            from onestop.cases.models import Case

            trip_case = Case.objects.filter(pk=data["trip"], kind="trip").first()
        try:
            application = services.application_create(
                by=user,
                person=data["person"],
                kind=data["kind"],
                passport_type=data["passport_type"],
                reason=data["reason"],
                place_of_birth=data["place_of_birth"],
                contact_phone=data["contact_phone"],
                trip_case=trip_case,
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Draft %(number)s saved.") % {"number": application.case.number})
            return HttpResponseRedirect(reverse("passports:application-edit", kwargs={"pk": application.pk}))
    return render(request, "passports/application_create.html", {"form": form}, status=400 if form.errors else 200)


def _material_types(application) -> list[tuple[str, str]]:
    from onestop.dossier.models import MaterialType

    types = MaterialType.objects.filter(code__in=services.APPLICATION_MATERIALS)
    return [(t.code, t.localized_name()) for t in types]


def _liaison_may_edit(user: Any, application) -> bool:
    return "liaison" in user.role_names and application.case.state in EDITABLE_STATES


@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = or_404(access_application, user=request.user, pk=pk)
    if not _liaison_may_edit(request.user, application):
        messages.info(request, _("This application can no longer be changed."))
        return HttpResponseRedirect(reverse("passports:application-detail", kwargs={"pk": application.pk}))
    op = request.POST.get("op") if request.method == "POST" else None
    initial = {name: getattr(application, name) for name in services.applications.EDITABLE_FIELDS}
    form = ApplicationEditForm(request.POST if op == "save" else None, initial=initial)
    upload = MaterialForm(
        request.POST if op == "upload" else None,
        request.FILES if op == "upload" else None,
        types=_material_types(application),
    )
    try:
        if op == "save" and form.is_valid():
            services.application_update(application=application, by=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("passports:application-detail", kwargs={"pk": application.pk}))
        if op == "upload" and upload.is_valid():
            services.application_material_provide(
                application=application,
                by=request.user,
                type_code=upload.cleaned_data["type_code"],
                file=upload.cleaned_data["file"],
            )
            messages.success(request, _("The file was added to the dossier and attached to the application."))
            return HttpResponseRedirect(reverse("passports:application-edit", kwargs={"pk": application.pk}))
    except DomainError as exc:
        apply_error(upload if op == "upload" else form, exc)
    return render(
        request,
        "passports/application_edit.html",
        {
            "application": application,
            "form": form,
            "upload": upload,
            "materials": case_materials_for(case=application.case),
        },
        status=400 if (form.errors or upload.errors) else 200,
    )


def _detail_context(request: HttpRequest, application, **extra) -> dict:
    user = request.user
    workflow = application.case.workflow
    actions = []
    for name in application_available_actions(application=application, user=user):
        transition = workflow.by_name[name]
        if name == "issue":
            url = reverse("passports:application-issue", kwargs={"pk": application.pk})
            actions.append(
                {"name": name, "label": transition.label, "style": transition.style, "url": url, "link": True}
            )
        else:
            url = reverse("passports:application-act", kwargs={"pk": application.pk, "action": name})
            actions.append(
                {
                    "name": name,
                    "label": transition.label,
                    "style": transition.style,
                    "url": url,
                    "note": name in NOTE_REQUIRED,
                }
            )
    return {
        "application": application,
        "case": application.case,
        "sla": sla_status(application.case),
        "materials": case_materials_for(case=application.case),
        "timeline": case_timeline(case=application.case, public_only=not is_officer(user)),
        "actions": actions,
        "may_edit": _liaison_may_edit(user, application),
        **extra,
    }


@require_http_methods(["GET"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = or_404(access_application, user=request.user, pk=pk)
    return render(request, "passports/application_detail.html", _detail_context(request, application))


@require_POST
def application_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = or_404(access_application, user=request.user, pk=pk)
    if action not in POST_ACTIONS:
        raise Http404
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.application_act(
            application=application, name=action, by=request.user, note=form.cleaned_data.get("note", "")
        )
    except DomainError as exc:
        context = _detail_context(
            request, or_404(access_application, user=request.user, pk=pk), action_error=str(exc.message)
        )
        return render(request, "passports/application_detail.html", context, status=400)
    messages.success(request, _("Done: %(state)s.") % {"state": application.case.state_label})
    return HttpResponseRedirect(reverse("passports:application-detail", kwargs={"pk": application.pk}))


@require_http_methods(["GET", "POST"])
def application_issue(request: HttpRequest, pk: int) -> HttpResponse:
    application = or_404(access_application, user=request.user, pk=pk)
    form = IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            passport = services.application_issue(application=application, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request, _("Passport %(number)s is issued and in custody.") % {"number": passport.number_masked}
            )
            return HttpResponseRedirect(reverse("passports:detail", kwargs={"pk": passport.pk}))
    return render(
        request,
        "passports/application_issue.html",
        {"application": application, "form": form},
        status=400 if form.errors else 200,
    )
