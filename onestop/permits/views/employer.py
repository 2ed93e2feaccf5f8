"""The employer's pages: a four-step form (employee, employment, materials, check and
submit), the combined correction request and the biometrics booking."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from onestop.core.errors import DomainError

from .. import integration, services
from ..forms import (
    ApplicationStartForm,
    BiometricsForm,
    CorrectionResponseForm,
    EmploymentForm,
    MaterialUploadForm,
    apply_error,
)
from ..policies import REQUIRED_MATERIALS
from ..selectors import access_application_as_employer, application_completeness, open_correction
from ..workflow import PermitState
from .common import STEPS, detail_url, scoped


def _steps(current: int) -> list[tuple[int, str, bool]]:
    return [(n, str(label), n == current) for n, label in STEPS]


@require_http_methods(["GET", "POST"])
@scoped
def application_start(request: HttpRequest) -> HttpResponse:
    """Step 1: the employee (from the dossier, or new from the passport MRZ) and the job."""
    employees = integration.employees_of(user=request.user)
    form = ApplicationStartForm(request.POST or None, employees=employees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = data["person"] or services.employee_register(
                    by=request.user, mrz=data["mrz"], full_name=data["full_name"]
                )
                application = services.application_create(by=request.user, person=person, job_title=data["job_title"])
        except DomainError as exc:
            apply_error(form, exc)
        else:
            return HttpResponseRedirect(reverse("permits:edit", args=[application.pk]))
    return render(request, "permits/step_start.html", {"form": form, "steps": _steps(1)})


@require_http_methods(["GET", "POST"])
@scoped
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: the employment contract."""
    application = access_application_as_employer(user=request.user, pk=pk)
    if application.case.state != PermitState.DRAFT:
        return HttpResponseRedirect(detail_url(application))
    initial = {
        "job_title": application.job_title,
        "contract_start": application.contract_start,
        "contract_end": application.contract_end,
        "salary_band": application.salary_band,
        "work_address": application.work_address,
    }
    form = EmploymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(application=application, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_error(form, exc)
        else:
            return HttpResponseRedirect(reverse("permits:materials", args=[application.pk]))
    return render(
        request, "permits/step_employment.html", {"form": form, "application": application, "steps": _steps(2)}
    )


@require_http_methods(["GET", "POST"])
@scoped
def application_materials(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: the completeness list, with an upload for whatever the dossier lacks."""
    application = access_application_as_employer(user=request.user, pk=pk)
    if application.case.state not in (PermitState.DRAFT, PermitState.CORRECTION_REQUESTED):
        return HttpResponseRedirect(detail_url(application))
    labels = integration.material_labels(REQUIRED_MATERIALS)
    choices = [(code, labels.get(code, code)) for code in REQUIRED_MATERIALS]
    form = MaterialUploadForm(request.POST or None, request.FILES or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_material_provide(
                application=application,
                by=request.user,
                type_code=form.cleaned_data["type_code"],
                file=form.cleaned_data["file"],
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The material was added to the employee's dossier and attached."))
            return HttpResponseRedirect(reverse("permits:materials", args=[application.pk]))
    report = application_completeness(application=application)
    return render(
        request,
        "permits/step_materials.html",
        {
            "application": application,
            "form": form,
            "report": report,
            "steps": _steps(3),
            "correcting": application.case.state == PermitState.CORRECTION_REQUESTED,
        },
    )


@require_http_methods(["GET", "POST"])
@scoped
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 4: check everything, then submit (POST). The page itself changes nothing."""
    application = access_application_as_employer(user=request.user, pk=pk)
    if application.case.state != PermitState.DRAFT:
        return HttpResponseRedirect(detail_url(application))
    error = None
    if request.method == "POST":
        try:
            services.application_submit(application=application, by=request.user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Submitted. Both permits are now reviewed in parallel."))
            return HttpResponseRedirect(detail_url(application))
    report = application_completeness(application=application)
    return render(
        request,
        "permits/step_submit.html",
        {"application": application, "report": report, "steps": _steps(4), "error": error},
    )


@require_http_methods(["GET", "POST"])
@scoped
def application_corrections(request: HttpRequest, pk: int) -> HttpResponse:
    """The one combined correction request: both officers' points, one answer."""
    application = access_application_as_employer(user=request.user, pk=pk)
    correction = open_correction(application=application)
    if application.case.state != PermitState.CORRECTION_REQUESTED or correction is None:
        return HttpResponseRedirect(detail_url(application))
    form = CorrectionResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_resubmit(
                application=application, by=request.user, response=form.cleaned_data["response"]
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Corrections sent. The review has resumed."))
            return HttpResponseRedirect(detail_url(application))
    report = application_completeness(application=application)
    return render(
        request,
        "permits/corrections.html",
        {"application": application, "correction": correction, "form": form, "report": report},
    )


def _option_value(option) -> str:
    return f"{option.slot.pk}"


@require_http_methods(["GET", "POST"])
@scoped
def application_biometrics(request: HttpRequest, pk: int) -> HttpResponse:
    """Book the one in-person visit (biometrics) from the case, through the halls module."""
    application = access_application_as_employer(user=request.user, pk=pk)
    bookable = application.case.state in (
        PermitState.SUBMITTED,
        PermitState.UNDER_REVIEW,
        PermitState.CORRECTION_REQUESTED,
    )
    if not bookable or application.biometrics_appointment_id:
        return HttpResponseRedirect(detail_url(application))
    options = integration.biometrics_options(limit=5)
    by_value = {_option_value(o): o for o in options}
    form = BiometricsForm(
        request.POST or None, options=[(value, integration.option_label(o)) for value, o in by_value.items()]
    )
    if request.method == "POST":
        one_click = "best" in request.POST
        if one_click or form.is_valid():
            chosen = None if one_click else by_value[form.cleaned_data["option"]]
            try:
                booking = services.application_biometrics_book(
                    application=application, by=request.user, slot=chosen.slot if chosen else None
                )
            except DomainError as exc:
                apply_error(form, exc)
            else:
                messages.success(
                    request, _("Booked: %(place)s, code %(code)s.") % {"place": booking.place, "code": booking.code}
                )
                return HttpResponseRedirect(detail_url(application))
    return render(request, "permits/biometrics.html", {"application": application, "form": form, "options": options})
