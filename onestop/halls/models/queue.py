"""Queue tickets, the per-day numbering behind them, and the demand forecast."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .booking import Appointment
from .reference import Counter, Hall, PriorityGroup, Service


class QueueCounter(models.Model):
    """The last ticket number handed out per hall, prefix and day. Incremented with a
    conditional UPDATE inside the issuing transaction, so two kiosks never print one number."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=1)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hall", "prefix", "day"], name="halls_queuecounter_unique")]

    def __str__(self) -> str:
        return f"{self.hall_id}/{self.prefix}/{self.day}: {self.last}"


class TicketStatus(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("queue ticket", "Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Being served")
    DONE = "done", _("Done")
    NO_SHOW = "no_show", _("Did not answer")
    TRANSFERRED = "transferred", _("Waiting after a transfer")


WAITING_STATES = (TicketStatus.WAITING, TicketStatus.TRANSFERRED)
OPEN_STATES = (TicketStatus.WAITING, TicketStatus.TRANSFERRED, TicketStatus.CALLED, TicketStatus.SERVING)


class Ticket(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("day"), db_index=True)
    prefix = models.CharField(max_length=1)
    seq = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=8)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    services = models.ManyToManyField(Service, through="TicketService", related_name="tickets")
    current_service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the service the ticket waits for or is being served for",
    )
    appointment = models.OneToOneField(
        Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket"
    )
    # When the visitor counts as on time for a booking, the booked start (else null).
    booked_start = models.DateTimeField(null=True, blank=True)
    priority_group = models.ForeignKey(PriorityGroup, null=True, blank=True, on_delete=models.SET_NULL)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="hall_tickets"
    )
    # Written only by the services in onestop.halls.services.queue, along TICKET_TRANSITIONS.
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TicketStatus.choices,
        default=TicketStatus.WAITING,
        db_index=True,
        editable=False,
    )
    issued_at = models.DateTimeField(_("issued"), db_index=True)
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    served_at = models.DateTimeField(_("service started"), null=True, blank=True)
    done_at = models.DateTimeField(_("finished"), null=True, blank=True)
    first_called_at = models.DateTimeField(null=True, blank=True)
    counter = models.ForeignKey(Counter, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    target_counter = models.ForeignKey(
        Counter,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="set by a transfer to a named counter",
    )
    recall_count = models.PositiveSmallIntegerField(default=0)
    notified_ahead_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "day", "prefix", "seq"], name="halls_ticket_number_unique"),
        ]
        indexes = [models.Index(fields=["hall", "status", "issued_at"], name="halls_ticket_queue")]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self) -> str:
        return self.number


class TicketService(models.Model):
    """One service of a visit. A ticket may carry several; they are served in ``position``
    order, at one desk when that desk can handle them."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="items")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    counter = models.ForeignKey(Counter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    handling_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["ticket", "position"]
        constraints = [models.UniqueConstraint(fields=["ticket", "position"], name="halls_ticketservice_unique")]
        indexes = [models.Index(fields=["service", "done_at"], name="halls_ticketservice_done")]

    def __str__(self) -> str:
        return f"{self.ticket_id}#{self.position} {self.service_id}"


class DemandForecast(models.Model):
    """Expected arrivals per hall, weekday and hour, from history (see selectors.forecast)."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="forecast")
    weekday = models.PositiveSmallIntegerField()
    hour = models.PositiveSmallIntegerField()
    arrivals = models.FloatField(default=0.0)
    walkins = models.FloatField(default=0.0, help_text="of the arrivals, those not served as on-time bookings")
    work_minutes = models.FloatField(default=0.0, help_text="expected handling minutes those arrivals bring")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hall", "weekday", "hour"], name="halls_forecast_unique")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.weekday} {self.hour:02d}h: {self.arrivals:.1f}"
