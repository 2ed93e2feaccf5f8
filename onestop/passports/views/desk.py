"""The passport officer's desk: one input for the scanned or typed MRZ (or the number),
a button to check out and one to take back; the booklets to hand out and those out."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from onestop.core.errors import DomainError

from .. import services
from ..forms import DeskForm, apply_error
from ..selectors import reservations_out, reservations_to_collect


@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    form = DeskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code, op = form.cleaned_data["code"], form.cleaned_data["op"]
        try:
            if op == "find":
                passport = services.passport_lookup(text=code, user=request.user)
                return HttpResponseRedirect(reverse("passports:detail", kwargs={"pk": passport.pk}))
            if op == "check_out":
                reservation = services.passport_check_out(text=code, by=request.user)
                messages.success(
                    request,
                    _("Passport %(number)s of %(holder)s checked out for trip %(trip)s; due back on %(due)s.")
                    % {
                        "number": reservation.passport.number_masked,
                        "holder": reservation.passport.holder.full_name,
                        "trip": reservation.trip_case.number,
                        "due": reservation.due_on.isoformat(),
                    },
                )
            else:
                reservation = services.passport_return(text=code, by=request.user)
                names = {
                    "number": reservation.passport.number_masked,
                    "holder": reservation.passport.holder.full_name,
                    "days": reservation.days_late,
                }
                if reservation.returned_late:
                    messages.warning(
                        request,
                        ngettext(
                            "Passport %(number)s of %(holder)s returned %(days)s day late; the lateness is recorded.",
                            "Passport %(number)s of %(holder)s returned %(days)s days late; the lateness is recorded.",
                            reservation.days_late,
                        )
                        % names,
                    )
                else:
                    messages.success(request, _("Passport %(number)s of %(holder)s returned on time.") % names)
        except DomainError as exc:
            apply_error(form, exc)
        else:
            return HttpResponseRedirect(reverse("passports:desk"))
    today = timezone.localdate()
    return render(
        request,
        "passports/desk.html",
        {
            "form": form,
            "to_collect": list(reservations_to_collect(user=request.user)[:50]),
            "out": list(reservations_out(user=request.user)[:50]),
            "today": today,
        },
        status=400 if form.errors else 200,
    )
