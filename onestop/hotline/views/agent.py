"""The phone agent's intake page: built for speed. The cursor starts in the phone field;
the caller's earlier requests, the router's guess and matching knowledge articles appear
while the agent types (agent.js, through the API); Ctrl+Enter sends; after sending the
page is blank again for the next call."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from onestop.core.errors import DomainError

from .. import selectors, services
from ..forms import AgentIntakeForm
from ..models import Channel
from .common import apply_errors


@require_http_methods(["GET", "POST"])
def agent(request: HttpRequest) -> HttpResponse:
    form = AgentIntakeForm(request.POST or None)
    history = []
    if request.method == "POST":
        history = selectors.caller_history(phone=request.POST.get("contact_phone", ""))
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.request_submit(
                    by=request.user,
                    channel=Channel.PHONE,
                    description=data["description"],
                    request_type=data["request_type"],
                    category=data["category"] or None,
                    district=data["district"] or "",
                    address=data["address"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    ui_language=translation.get_language(),
                    answered_on_call=data["answer"].strip(),
                    article_slug=data["article"] or "",
                )
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Request %(number)s saved: %(state)s.")
                    % {"number": created.number, "state": created.case.state_label},
                )
                return HttpResponseRedirect(reverse("hotline:agent") + f"?last={created.number}")
    last = request.GET.get("last", "")
    return render(request, "hotline/agent.html", {"form": form, "history": history, "last": last})
