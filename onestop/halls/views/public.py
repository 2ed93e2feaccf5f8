"""Public pages: waiting times, the hall's display board, a visitor's ticket on the phone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onestop.halls.models import Service, TicketStatus
from onestop.halls.selectors.access import public_hall, ticket_by_token
from onestop.halls.selectors.queue import QueueSnapshot, all_waits, board_lines, hall_waits
from onestop.halls.selectors.recommend import recommend_slots

from .common import REASONS, page


@page
@require_GET
def waits(request: HttpRequest) -> HttpResponse:
    services = list(Service.objects.filter(is_active=True))
    code = request.GET.get("service") or ""
    selected = next((s for s in services if s.code == code), None)
    estimates = all_waits(service_code=selected.code if selected else None)
    ranked = sorted(estimates, key=lambda e: (e.minutes is None, e.minutes or 0, e.hall.code))
    known = [e for e in ranked if e.minutes is not None]
    # the headline contrasts the quickest hall with the busiest one
    headline = known[:1] + known[-1:] if len(known) > 1 else known
    alternatives = []
    if selected is not None and selected.bookable:
        alternatives = recommend_slots(service=selected, limit=3, days=3)
    return render(
        request,
        "halls/waits.html",
        {
            "services": services,
            "selected": selected,
            "estimates": ranked,
            "headline": headline,
            "alternatives": alternatives,
            "reasons": REASONS,
        },
    )


@page
@require_GET
def board(request: HttpRequest, code: str) -> HttpResponse:
    hall = public_hall(code=code)
    lines = board_lines(hall=hall)
    return render(
        request,
        "halls/board.html",
        {
            "hall": hall,
            "latest": lines[:1],
            "lines": lines[1:],
            "waits": hall_waits(hall=hall),
        },
    )


@page
@require_GET
def ticket(request: HttpRequest, token) -> HttpResponse:
    t = ticket_by_token(token=token)
    ahead, minutes = (0, None)
    if t.status in (TicketStatus.WAITING, TicketStatus.TRANSFERRED):
        ahead, minutes = QueueSnapshot.build(hall=t.hall).ticket_wait(t)
    return render(
        request,
        "halls/ticket.html",
        {
            "ticket": t,
            "hall": t.hall,
            "ahead": ahead,
            "minutes": minutes,
            "almost": t.status in (TicketStatus.WAITING, TicketStatus.TRANSFERRED) and ahead <= t.hall.notify_ahead,
            "items": t.items.select_related("service").order_by("position"),
        },
    )
