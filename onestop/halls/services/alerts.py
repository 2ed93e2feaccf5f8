"""Tell visitors following their ticket when their turn is close."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from onestop.halls import clock
from onestop.halls.i18n import localized
from onestop.halls.models import WAITING_STATES, Hall, Ticket
from onestop.halls.selectors.queue import QueueSnapshot

from .notifications import notify_ticket


def tickets_notify_ahead(*, hall: Hall) -> int:
    """Notify (once) every waiting visitor with an account who has ``hall.notify_ahead`` or
    fewer people ahead. Returns how many were notified."""
    now = clock.now()
    followers = Ticket.objects.filter(
        hall=hall,
        day=now.astimezone(hall.tz).date(),
        status__in=WAITING_STATES,
        user__isnull=False,
        notified_ahead_at__isnull=True,
    )
    if not followers.exists():
        return 0
    snap = QueueSnapshot.build(hall=hall, now=now)
    candidates = {t.pk: t for t in followers.filter(pk__in=[w.id for w in snap.waiting]).select_related("user")}
    sent = 0
    for view in snap.waiting:
        ticket = candidates.get(view.id)
        if ticket is None:
            continue
        ahead = len(snap.ahead_of(view))
        if ahead > hall.notify_ahead:
            continue
        with transaction.atomic():
            if Ticket.objects.filter(pk=ticket.pk, notified_ahead_at__isnull=True).update(notified_ahead_at=now):
                lang = ticket.user.preferred_language
                with translation.override(lang):
                    context = {
                        "number": ticket.number,
                        "ahead": ahead,
                        "hall": localized(hall.names, hall.name, lang),
                        "token": str(ticket.token),
                    }
                notify_ticket(ticket=ticket, code="halls.ticket_almost_your_turn", context=context)
                sent += 1
    return sent
