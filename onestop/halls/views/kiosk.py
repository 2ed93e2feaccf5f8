"""The kiosk ("one machine"): check in with a booking code, or answer a few questions as a
walk-in, and take a numbered ticket.

The pages answer only on a screen enrolled as this hall's kiosk (a signed cookie set by hall
staff, ``manage.kiosk_enrol``) or for the hall's own staff; anyone else gets "not found".
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from onestop.core.errors import DomainError
from onestop.core.permissions import user_is_verified
from onestop.halls.forms import KioskCodeForm, KioskIssueForm
from onestop.halls.models import Hall, TicketStatus
from onestop.halls.selectors.access import can_operate_hall, public_hall, ticket_by_token
from onestop.halls.selectors.queue import QueueSnapshot, quicker_halls
from onestop.halls.selectors.triage import triage_node, triage_options, triage_path, triage_root, triage_services
from onestop.halls.services import appointment_check_in, ticket_issue_walk_in

from .common import form_errors, page

KIOSK_COOKIE = "onestop_kiosk"
KIOSK_SALT = "halls.kiosk"


def kiosk_hall(request: HttpRequest, code: str) -> Hall:
    try:
        hall = public_hall(code=code)
    except DomainError:
        raise Http404
    if request.get_signed_cookie(KIOSK_COOKIE, default=None, salt=KIOSK_SALT) == hall.code:
        return hall
    user = request.user
    if user.is_authenticated and user_is_verified(user, request) and can_operate_hall(user=user, hall=hall):
        return hall
    raise Http404


def _home(request: HttpRequest, hall: Hall, form: KioskCodeForm | None = None, status: int = 200) -> HttpResponse:
    root = triage_root()
    return render(
        request,
        "halls/kiosk_home.html",
        {
            "hall": hall,
            "form": form or KioskCodeForm(),
            "root": root,
        },
        status=status,
    )


@page
@require_GET
def home(request: HttpRequest, code: str) -> HttpResponse:
    return _home(request, kiosk_hall(request, code))


@page
@require_POST
def check_in(request: HttpRequest, code: str) -> HttpResponse:
    hall = kiosk_hall(request, code)
    form = KioskCodeForm(request.POST)
    if form.is_valid():
        try:
            t = appointment_check_in(
                code=form.cleaned_data["code"],
                hall=hall,
                by=request.user if request.user.is_authenticated else None,
                priority_group=form.cleaned_data["priority"],
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            return HttpResponseRedirect(reverse("halls:kiosk-ticket", args=[hall.code, t.token]))
    return _home(request, hall, form, status=400)


@page
@require_GET
def triage(request: HttpRequest, code: str) -> HttpResponse:
    hall = kiosk_hall(request, code)
    key = request.GET.get("node")
    node = triage_node(key=key) if key else triage_root()
    if node is None:
        raise Http404
    services = triage_services(node=node)
    wait_here, quicker = (None, [])
    if services:
        wait_here, quicker = quicker_halls(hall=hall, service_code=services[0].code)
    return render(
        request,
        "halls/kiosk_triage.html",
        {
            "wait_here": wait_here,
            "quicker": quicker,
            "hall": hall,
            "node": node,
            "path": triage_path(node=node)[1:],
            "options": [] if services else triage_options(node=node, hall=hall),
            "services": services,
            "form": KioskIssueForm(initial={"node": node.key}),
        },
    )


@page
@require_POST
def issue(request: HttpRequest, code: str) -> HttpResponse:
    hall = kiosk_hall(request, code)
    form = KioskIssueForm(request.POST)
    if not form.is_valid():
        return HttpResponseRedirect(reverse("halls:kiosk-triage", args=[hall.code]))
    try:
        node = triage_node(key=form.cleaned_data["node"])
        services = triage_services(node=node)
        t = ticket_issue_walk_in(
            hall=hall,
            services=services,
            by=request.user if request.user.is_authenticated else None,
            priority_group=form.cleaned_data["priority"],
        )
    except DomainError as exc:
        return render(
            request,
            "halls/kiosk_triage.html",
            {
                "hall": hall,
                "node": None,
                "path": [],
                "options": [],
                "services": [],
                "form": form,
                "error": str(exc.message),
            },
            status=400,
        )
    return HttpResponseRedirect(reverse("halls:kiosk-ticket", args=[hall.code, t.token]))


@page
@require_GET
def ticket(request: HttpRequest, code: str, token) -> HttpResponse:
    hall = kiosk_hall(request, code)
    t = ticket_by_token(token=token)
    if t.hall_id != hall.pk:
        raise Http404
    ahead, minutes = (0, None)
    if t.status in (TicketStatus.WAITING, TicketStatus.TRANSFERRED):
        ahead, minutes = QueueSnapshot.build(hall=hall).ticket_wait(t)
    follow_url = request.build_absolute_uri(reverse("halls:ticket", args=[t.token]))
    from onestop.halls.ics import qr_svg

    return render(
        request,
        "halls/kiosk_ticket.html",
        {
            "hall": hall,
            "ticket": t,
            "ahead": ahead,
            "minutes": minutes,
            "follow_url": follow_url,
            "qr": qr_svg(follow_url),
            "items": t.items.select_related("service").order_by("position"),
        },
    )
