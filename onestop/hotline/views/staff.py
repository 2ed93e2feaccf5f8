"""Staff pages: the work list, one request with its actions, attachments, return visits."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onestop.accounts.roles import Role
from onestop.cases.selectors import case_timeline, sla_status
from onestop.core.errors import DomainError, NotFound

from .. import selectors, services
from ..forms import ActionForm, ReturnVisitForm
from ..models import Attachment, Category, District, ReturnVisit
from ..workflow import State
from .common import paginate, query_without_page


def _get(request: HttpRequest, number: str):
    try:
        return selectors.access_request(user=request.user, number=number)
    except NotFound:
        raise Http404


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The work list: by default the requests waiting in one of the reader's queues."""
    roles = request.user.role_names
    scope = request.GET.get("scope") or ("queue" if roles & {Role.DISPATCHER, Role.DEPARTMENT_HANDLER} else "all")
    qs = selectors.request_list(
        user=request.user,
        state=request.GET.get("state", ""),
        category=request.GET.get("category", ""),
        district=request.GET.get("district", ""),
        query=request.GET.get("q", ""),
        overdue=request.GET.get("overdue") == "1",
        queue_only=scope == "queue",
    )
    page = paginate(request, qs)
    rows = [(item, sla_status(item.case)) for item in page]
    return render(
        request,
        "hotline/queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "scope": scope,
            "states": State.choices,
            "categories": Category.objects.filter(is_active=True),
            "districts": District.objects.all(),
            "query": query_without_page(request),
            "filters": request.GET,
        },
    )


@require_GET
def detail(request: HttpRequest, number: str) -> HttpResponse:
    item = _get(request, number)
    actions = selectors.actions_for(user=request.user, request=item)
    from onestop.knowledge.selectors import article_suggest

    suggestions = article_suggest(
        text=item.description,
        language=item.reply_language or None,
        topic=item.category.code if item.category_id else None,
    )
    return render(
        request,
        "hotline/detail.html",
        {
            "item": item,
            "case": item.case,
            "sla": sla_status(item.case),
            "timeline": case_timeline(case=item.case, public_only=False),
            "replies": list(item.replies.select_related("by")),
            "routing": selectors.routing_history(request=item),
            "attachments": list(item.attachments.all()),
            "feedback": list(item.feedback.all()),
            "actions": actions,
            "form": ActionForm(),
            "suggestions": suggestions,
        },
    )


def action_data(form: ActionForm) -> dict:
    data = dict(form.cleaned_data)
    code = data.get("category") or ""
    data["category"] = Category.objects.filter(code=code, is_active=True).first() if code else None
    data["note"] = (data.get("note") or "").strip()
    return data


@require_POST
def act(request: HttpRequest, number: str, name: str) -> HttpResponse:
    item = _get(request, number)
    target = reverse("hotline:detail", args=[number])
    form = ActionForm(request.POST)
    if name not in services.ACTION_NAMES or not form.is_valid():
        messages.error(request, _("This action is not possible."))
        return HttpResponseRedirect(target)
    try:
        data = action_data(form)
        services.request_act(
            request=item,
            by=request.user,
            name=name,
            note=data["note"],
            category=data["category"],
            department=data["department"],
            article=data["article"] or "",
        )
    except DomainError as exc:
        detail = "; ".join(str(m) for msgs in exc.fields.values() for m in msgs) or str(exc.message)
        messages.error(request, detail)
        return HttpResponseRedirect(target)
    messages.success(request, _("Done."))
    if name == "return" or not selectors.requests_visible(user=request.user).filter(pk=item.pk).exists():
        return HttpResponseRedirect(reverse("hotline:queue"))
    return HttpResponseRedirect(target)


@require_POST
def note(request: HttpRequest, number: str) -> HttpResponse:
    item = _get(request, number)
    try:
        services.request_note(request=item, by=request.user, body=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(reverse("hotline:detail", args=[number]))


@require_GET
def attachment(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    item = _get(request, number)
    found = Attachment.objects.filter(pk=pk, request=item).first()
    if found is None:
        raise Http404
    response = FileResponse(
        found.file.open("rb"),
        content_type=found.content_type,
        as_attachment=True,
        filename=found.original_name or found.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def visits(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.return_visits_open())
    return render(request, "hotline/visits.html", {"page_obj": page, "form": ReturnVisitForm()})


@require_POST
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    found = ReturnVisit.objects.select_related("request", "request__case").filter(pk=pk).first()
    if found is None:
        raise Http404
    form = ReturnVisitForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(reverse("hotline:visits"))
    data = form.cleaned_data
    try:
        services.return_visit_complete(
            visit=found,
            by=request.user,
            reached=data["reached"],
            satisfaction=data.get("satisfaction") or "",
            resolved=bool(data.get("resolved")),
            note=data.get("comment") or "",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Return visit recorded for %(number)s.") % {"number": found.request.number})
    return HttpResponseRedirect(reverse("hotline:visits"))
