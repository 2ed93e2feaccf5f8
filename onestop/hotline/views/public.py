"""Pages for citizens: the request form (ten languages, anonymous allowed), the tracking
page where the answer is read and rated, and a logged-in citizen's list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onestop.accounts.roles import STAFF_ROLES
from onestop.cases.selectors import case_timeline
from onestop.core.errors import DomainError, NotFound

from .. import selectors, services
from ..display import with_reference
from ..forms import PublicRequestForm, RatingForm
from ..models import Channel, Feedback, Reply
from ..workflow import State
from .common import apply_errors, paginate


def _citizen(request: HttpRequest):
    user = request.user
    if user.is_authenticated and not (user.role_names & STAFF_ROLES):
        return user
    return None


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = PublicRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        citizen = _citizen(request)
        try:
            created = services.request_submit(
                by=citizen,
                citizen=citizen,
                channel=Channel.WEB,
                description=data["description"],
                request_type=data["request_type"],
                category=data["category"] or None,
                district=data["district"] or "",
                address=data["address"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                anonymous=data["anonymous"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
                ui_language=translation.get_language(),
                files=data["attachments"],
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, with_reference(_("Thank you. Your request %(number)s was received."), created.number)
            )
            return HttpResponseRedirect(reverse("hotline:track", args=[created.tracking_code]))
    return render(request, "hotline/submit.html", {"form": form})


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, code: str) -> HttpResponse:
    """The citizen's page for one request, reached by the secret link given after sending."""
    try:
        item = selectors.request_by_tracking(code=code)
    except NotFound:
        raise Http404
    can_rate = item.case.state == State.REPLIED
    form = RatingForm(request.POST or None) if can_rate else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This request cannot be rated now."))
            return HttpResponseRedirect(request.path)
        if form.is_valid():
            try:
                services.request_rate(
                    request=item,
                    satisfaction=form.cleaned_data["satisfaction"],
                    resolved=form.cleaned_data["resolved"],
                    comment=form.cleaned_data["comment"],
                    by=request.user if request.user.is_authenticated else None,
                    source=Feedback.Source.WEB,
                )
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Thank you for your rating."))
                return HttpResponseRedirect(request.path)
    replies = [r for r in item.replies.all() if r.kind == Reply.Kind.REPLY]
    return render(
        request,
        "hotline/track.html",
        {"item": item, "timeline": case_timeline(case=item.case), "replies": replies, "form": form},
    )


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    qs = selectors.requests_visible(user=request.user).filter(case__applicant=request.user).order_by("-created_at")
    return render(request, "hotline/mine.html", {"page_obj": paginate(request, qs)})
