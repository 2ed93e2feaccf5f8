"""Dossier pages. Each view fetches through an ``access_*`` selector and writes through a
service; nothing changes on GET."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onestop.accounts.models import Organization
from onestop.core.errors import DomainError, NotFound

from . import selectors, services
from .access import ORG_SCOPED_ROLES, REVEAL_ROLES, SEE_ALL_ROLES, VERIFY_ROLES
from .forms import IdentityForm, MaterialUploadForm, PersonForm, RejectForm, apply_domain_error
from .models import Material

PAGE_SIZE = 25


def _person(request: HttpRequest, pk):
    try:
        return selectors.access_person(user=request.user, pk=pk)
    except NotFound:
        raise Http404


def _organizations_for(user):
    if user.role_names & SEE_ALL_ROLES:
        return Organization.objects.filter(is_active=True)
    if user.role_names & ORG_SCOPED_ROLES and user.organization_id:
        return user.organization.subtree().filter(is_active=True)
    return Organization.objects.none()


def _can_manage(user) -> bool:
    return bool(user.role_names & (SEE_ALL_ROLES | ORG_SCOPED_ROLES))


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.persons_for(user=request.user, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dossier/person_list.html",
        {"page_obj": page, "persons": page.object_list, "q": q, "query": urlencode({"q": q}) if q else ""},
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    organizations = _organizations_for(request.user)
    initial = {"organization": request.user.organization_id} if request.user.organization_id else {}
    form = PersonForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The person was registered. Add an identity document next."))
            return HttpResponseRedirect(reverse("dossier:person-detail", args=[person.pk]))
    return render(request, "dossier/person_form.html", {"form": form, "person": None})


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    initial = {name: getattr(person, name) for name in services.EDITABLE_FIELDS}
    form = PersonForm(request.POST or None, organizations=_organizations_for(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return HttpResponseRedirect(reverse("dossier:person-detail", args=[person.pk]))
    return render(request, "dossier/person_form.html", {"form": form, "person": person})


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    roles = request.user.role_names
    return render(
        request,
        "dossier/person_detail.html",
        {
            "person": person,
            "documents": selectors.identity_documents_for(person=person),
            "groups": selectors.person_materials(person=person),
            "can_manage": _can_manage(request.user),
            "can_reveal": bool(roles & REVEAL_ROLES),
            "can_verify": bool(roles & VERIFY_ROLES),
            "reject_form": RejectForm(),
            "language": translation.get_language(),
        },
    )


@require_GET
def my_dossier(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    if person is not None:
        return HttpResponseRedirect(reverse("dossier:person-detail", args=[person.pk]))
    return render(request, "dossier/no_dossier.html")


@require_http_methods(["GET", "POST"])
def identity_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = IdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.identity_add(
                person=person,
                kind=data["kind"],
                by=request.user,
                number=data["number"] or None,
                mrz=form.mrz(),
                issuing_country=data["issuing_country"] or None,
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
            )
        except DomainError as exc:
            line = getattr(exc, "line", 1)
            apply_domain_error(form, exc, aliases={"mrz": f"mrz_line{line}"})
        else:
            messages.success(request, _("The identity document was added."))
            return HttpResponseRedirect(reverse("dossier:person-detail", args=[person.pk]))
    return render(request, "dossier/identity_form.html", {"form": form, "person": person})


@require_POST
@never_cache
def identity_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        document = selectors.access_identity_document(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    try:
        number = services.identity_reveal(user=request.user, document=document)
    except DomainError:
        raise Http404
    response = render(request, "dossier/identity_reveal.html", {"document": document, "number": number})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    language = translation.get_language()
    types = selectors.material_types(reusable_only=True)
    initial = {"type_code": request.GET.get("type", "")}
    form = MaterialUploadForm(
        request.POST or None, request.FILES or None, types=types, language=language, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.material_upload(
                person=person,
                type_code=data["type_code"],
                file=data["file"],
                by=request.user,
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The material was uploaded and waits for verification."))
            return HttpResponseRedirect(reverse("dossier:person-detail", args=[person.pk]))
    return render(request, "dossier/material_form.html", {"form": form, "person": person})


def _material(request: HttpRequest, pk: int) -> Material:
    try:
        return selectors.access_material(user=request.user, pk=pk)
    except NotFound:
        raise Http404


@require_GET
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    material = _material(request, pk)
    if material.scan_status != Material.Scan.CLEAN:
        raise Http404
    filename = f"{material.type.code}-v{material.version}.{material.extension}"
    response = FileResponse(
        material.file.open("rb"), as_attachment=True, filename=filename, content_type=material.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def material_verify(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    try:
        services.material_verify(material=material, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The material is verified."))
    return HttpResponseRedirect(reverse("dossier:person-detail", args=[material.person_id]) + "#materials")


@require_POST
def material_reject(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.material_reject(material=material, by=request.user, reason=reason)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The material is rejected; the person will be asked for a new one."))
    return HttpResponseRedirect(reverse("dossier:person-detail", args=[material.person_id]) + "#materials")
