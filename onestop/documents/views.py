"""Public verification pages, the download, and the staff register with revocation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onestop.core.errors import DomainError, NotFound

from . import selectors, services
from .forms import RegisterFilterForm, RevokeForm, VerifyCodeForm, VerifyUploadForm
from .kinds import essential_label, kind_label, kinds_for_staff
from .models import IssuedDocument


def essentials_rows(document: IssuedDocument) -> list[tuple[str, object]]:
    return [(essential_label(key), value) for key, value in document.essentials]


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    document = selectors.document_by_code(code=code)
    context = {
        "document": document,
        "code": selectors.normalize_code(code)[:40],
        "kind_label": kind_label(document.kind) if document else "",
        "essentials": essentials_rows(document) if document else [],
        "code_form": VerifyCodeForm(),
    }
    return render(request, "documents/verify.html", context, status=200 if document else 404)


@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    code_form = VerifyCodeForm(request.GET or None) if "code" in request.GET else VerifyCodeForm()
    if "code" in request.GET and code_form.is_valid():
        code = selectors.normalize_code(code_form.cleaned_data["code"])
        if code:
            return HttpResponseRedirect(reverse("documents:verify", kwargs={"code": code}))
    upload_form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and upload_form.is_valid():
        result = services.document_verify_bytes(data=upload_form.cleaned_data["pdf"].read())
    document = result.document if result else None
    context = {
        "code_form": code_form,
        "form": upload_form,
        "result": result,
        "document": document,
        "kind_label": kind_label(document.kind) if document else "",
        "essentials": essentials_rows(document) if document else [],
    }
    return render(request, "documents/verify_upload.html", context)


@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    try:
        document = selectors.access_document(user=request.user, code=code)
    except NotFound:
        raise Http404
    return FileResponse(
        document.pdf.open("rb"),
        as_attachment=True,
        filename=f"{document.kind}-{document.code}.pdf",
        content_type="application/pdf",
    )


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    kinds = kinds_for_staff(request.user.role_names)
    form = RegisterFilterForm(request.GET or None, kinds=kinds)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.document_register(
        user=request.user,
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    for document in page.object_list:
        document.kind_label = kind_label(document.kind)
    return render(request, "documents/register.html", {"form": form, "page_obj": page, "query": query})


@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, code: str) -> HttpResponse:
    try:
        document = selectors.access_document_for_revoke(user=request.user, code=code)
    except NotFound:
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_revoke(document=document, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not exc.fields:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("The document was revoked."))
            return HttpResponseRedirect(reverse("documents:register"))
    context = {
        "document": document,
        "form": form,
        "kind_label": kind_label(document.kind),
        "essentials": essentials_rows(document),
    }
    return render(request, "documents/revoke.html", context)
