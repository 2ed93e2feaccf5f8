from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from onestop.core.errors import NotFound

from . import selectors, services

PAGE_SIZE = 20


def _back(request: HttpRequest) -> HttpResponseRedirect:
    page = request.POST.get("page", "")
    url = reverse("notify:inbox")
    return HttpResponseRedirect(f"{url}?page={page}" if page.isdigit() else url)


@require_GET
def inbox_view(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    paginator = Paginator(selectors.inbox(user=request.user, unread_only=unread_only), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "notify/inbox.html",
        {
            "page_obj": page_obj,
            "notifications": page_obj.object_list,
            "unread_only": unread_only,
            "query": "show=unread" if unread_only else "",
            "unread_count": selectors.unread_count(user=request.user),
        },
    )


@require_POST
def mark_read_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification = selectors.access_notification(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    services.notification_mark_read(notification=notification)
    return _back(request)


@require_POST
def mark_all_read_view(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=request.user)
    return _back(request)
