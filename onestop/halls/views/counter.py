"""The counter clerk's desk: call next, recall, start, no-show, transfer, add a service, complete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onestop.core.errors import DomainError
from onestop.halls import clock
from onestop.halls.forms import AddServiceForm, TransferForm
from onestop.halls.models import Counter, HallService, Ticket, TicketStatus
from onestop.halls.policy import DEFAULT_RULES, order_for_counter
from onestop.halls.selectors.access import access_counter, halls_operated_by
from onestop.halls.selectors.queue import counter_current, waiting_views
from onestop.halls.selectors.reference import counter_view
from onestop.halls.services import (
    counter_sign_in,
    counter_sign_out,
    ticket_add_service,
    ticket_call_next,
    ticket_complete,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)

from .common import page, report


@page
@require_GET
def select(request: HttpRequest) -> HttpResponse:
    """The counters of one hall at a time: the hall asked for, else the hall of the clerk's
    counter, else the only hall they work in; with several halls the others are a click away."""
    halls = list(halls_operated_by(user=request.user).filter(is_active=True).order_by("code"))
    mine = Counter.objects.filter(clerk=request.user).select_related("hall").first()
    by_code = {h.code: h for h in halls}
    hall = by_code.get(request.GET.get("hall", ""))
    if hall is None and mine is not None:
        hall = by_code.get(mine.hall.code)
    if hall is None and len(halls) == 1:
        hall = halls[0]
    counters = []
    if hall is not None:
        counters = (
            Counter.objects.filter(hall=hall, is_active=True)
            .select_related("hall", "clerk")
            .prefetch_related("services")
            .order_by("number")
        )
    return render(
        request,
        "halls/counter_select.html",
        {"counters": counters, "mine": mine, "halls": halls, "hall": hall},
    )


@page
@require_GET
def desk(request: HttpRequest, pk: int) -> HttpResponse:
    counter = access_counter(user=request.user, pk=pk)
    hall = counter.hall
    now = clock.now()
    offered = frozenset(HallService.objects.filter(hall=hall, is_active=True).values_list("service__code", flat=True))
    view = counter_view(counter, offered)
    order = order_for_counter(view, waiting_views(hall=hall, day=now.astimezone(hall.tz).date()), now)
    tickets = Ticket.objects.in_bulk([w.id for w in order[:15]])
    queue = [tickets[w.id] for w in order[:15] if w.id in tickets]
    current = counter_current(counter=counter)
    served_today = Ticket.objects.filter(
        counter=counter, day=now.astimezone(hall.tz).date(), status=TicketStatus.DONE
    ).count()
    return render(
        request,
        "halls/counter.html",
        {
            "counter": counter,
            "hall": hall,
            "current": current,
            "queue": queue,
            "waiting_total": len(order),
            "transfer_form": TransferForm(hall=hall),
            "add_form": AddServiceForm(hall=hall),
            "served_today": served_today,
            "signed_in": counter.clerk_id == request.user.pk,
            "items": current.items.all() if current else [],
            "rules": DEFAULT_RULES,
        },
    )


ACTIONS = {"recall", "start", "no_show", "complete", "transfer", "add_service"}


@page
@require_POST
def act(request: HttpRequest, pk: int) -> HttpResponse:
    counter = access_counter(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    back = HttpResponseRedirect(reverse("halls:counter", args=[counter.pk]))
    try:
        if action == "sign_in":
            counter_sign_in(counter=counter, clerk=request.user)
        elif action == "sign_out":
            counter_sign_out(counter=counter, clerk=request.user)
            return HttpResponseRedirect(reverse("halls:counter-select"))
        elif action == "call":
            called = ticket_call_next(counter=counter, by=request.user)
            if called is None:
                messages.info(request, _("Nobody this counter can serve is waiting."))
            else:
                messages.success(request, _("Called %(number)s.") % {"number": called.number})
        elif action in ACTIONS:
            current = counter_current(counter=counter)
            if current is None or str(current.pk) != request.POST.get("ticket", ""):
                messages.error(request, _("This visitor is no longer at your counter."))
                return back
            _ticket_action(request, counter, current, action)
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as exc:
        report(request, exc)
    return back


def _ticket_action(request: HttpRequest, counter: Counter, current: Ticket, action: str) -> None:
    by = request.user
    if action == "recall":
        ticket_recall(ticket=current, by=by)
    elif action == "start":
        ticket_start(ticket=current, by=by)
    elif action == "no_show":
        ticket_no_show(ticket=current, by=by)
    elif action == "complete":
        done = ticket_complete(ticket=current, by=by)
        if done.status == TicketStatus.DONE:
            messages.success(request, _("%(number)s completed.") % {"number": done.number})
    elif action == "transfer":
        form = TransferForm(request.POST, hall=counter.hall)
        if not form.is_valid():
            messages.error(request, _("Choose a service or a counter to transfer to."))
            return
        ticket_transfer(
            ticket=current, by=by, service=form.cleaned_data["service"], counter=form.cleaned_data["counter"]
        )
        messages.success(request, _("%(number)s transferred.") % {"number": current.number})
    elif action == "add_service":
        form = AddServiceForm(request.POST, hall=counter.hall)
        if not form.is_valid():
            messages.error(request, _("Choose a service."))
            return
        ticket_add_service(ticket=current, service=form.cleaned_data["service"], by=by)
