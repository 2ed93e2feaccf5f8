"""Periodic jobs of the halls. Each returns a small summary for the scheduler's log."""

from __future__ import annotations

from celery import shared_task

from onestop.halls import clock
from onestop.halls.models import BookingPolicy, Hall
from onestop.halls.selectors.reference import policy_for


@shared_task
def appointments_remind() -> dict:
    """Hourly: the day-before reminders."""
    from onestop.halls.services import appointments_send_reminders

    return {"reminded": appointments_send_reminders()}


@shared_task
def appointments_no_show_sweep() -> dict:
    """Every 15 minutes: bookings nobody checked in for become no-shows."""
    from onestop.halls.services import appointments_mark_no_show

    return {"no_shows": appointments_mark_no_show()}


@shared_task
def slots_roll_forward() -> dict:
    """Nightly: keep slots generated for the whole booking window of every hall."""
    from onestop.halls.services import slots_generate_range

    # the longest booking window of any policy (a service may be bookable further ahead)
    days = max(BookingPolicy.objects.values_list("max_days_ahead", flat=True), default=None)
    days = max(days or 0, policy_for(None).max_days_ahead) + 1
    created = 0
    for hall in Hall.objects.filter(is_active=True):
        today = clock.now().astimezone(hall.tz).date()
        created += slots_generate_range(hall=hall, first=today, days=days).created
    return {"created": created}


@shared_task
def forecast_nightly() -> dict:
    """Nightly: recompute the demand forecast from the last weeks' tickets."""
    from onestop.halls.services import forecast_refresh

    return {"cells": forecast_refresh()}
