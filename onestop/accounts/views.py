from __future__ import annotations

import base64
import io
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.core.client_ip import client_ip
from onestop.core.errors import TryAgain

from . import services
from .forms import LoginForm, OtpForm

PENDING = "onestop_pending_user"
PENDING_AT = "onestop_pending_at"
# How long the second step may wait after a correct password before it must be given again.
PENDING_SECONDS = 5 * 60


def _ip(request: HttpRequest) -> str:
    return client_ip(request)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse(settings.LOGIN_REDIRECT_URL)
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return reverse(settings.LOGIN_REDIRECT_URL)
    return target


def _finish(request: HttpRequest, user, device=None) -> HttpResponse:
    target = _next(request)
    request.session.pop(PENDING, None)
    request.session.pop(PENDING_AT, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # rotates the session key
    if device is not None:
        otp_login(request, device)
    services.login_record_success(user=user)
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.preferred_language, max_age=365 * 86400, samesite="Lax")
    return response


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        try:
            services.login_throttle_check(username=username, ip=_ip(request))
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                services.login_record_failure(username=username, ip=_ip(request))
                error = _("The username or password is not correct.")
            elif services.needs_second_factor(user):
                request.session.cycle_key()
                request.session[PENDING] = user.pk
                request.session[PENDING_AT] = int(time.time())
                request.session["onestop_next"] = _next(request)
                has_device = any(True for _d in devices_for_user(user, confirmed=True))
                return HttpResponseRedirect(reverse("accounts:otp" if has_device else "accounts:otp-enrol"))
            else:
                return _finish(request, user)
        except TryAgain as exc:
            error = str(exc.message)
    return render(request, "accounts/login.html", {"form": form, "error": error, "next": request.GET.get("next", "")})


def _pending_user(request: HttpRequest):
    pk = request.session.get(PENDING)
    if not pk:
        return None
    if int(time.time()) - request.session.get(PENDING_AT, 0) > getattr(
        settings, "LOGIN_PENDING_SECONDS", PENDING_SECONDS
    ):
        request.session.pop(PENDING, None)
        request.session.pop(PENDING_AT, None)
        messages.info(request, _("The sign-in took too long. Please enter your password again."))
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def _verify_code(request: HttpRequest, user, code: str, devices) -> TOTPDevice | None:
    services.login_throttle_check(username=user.username, ip=_ip(request))
    for device in devices:
        if device.verify_token(code.strip()):
            return device
    services.login_record_failure(username=user.username, ip=_ip(request))
    return None


@require_http_methods(["GET", "POST"])
def otp_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None and request.user.is_authenticated and not request.user.is_verified():
        user = request.user
    if user is None:
        return HttpResponseRedirect(reverse("accounts:login"))
    form = OtpForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            device = _verify_code(request, user, form.cleaned_data["code"], devices_for_user(user, confirmed=True))
            if device is not None:
                request.POST = request.POST.copy()
                request.POST["next"] = request.session.get("onestop_next", "")
                return _finish(request, user, device)
            error = _("That code is not valid. Codes change every 30 seconds.")
        except TryAgain as exc:
            error = str(exc.message)
    return render(request, "accounts/otp.html", {"form": form, "error": error})


@require_http_methods(["GET", "POST"])
def otp_enrol_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return HttpResponseRedirect(reverse("accounts:login"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )
    form = OtpForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            if _verify_code(request, user, form.cleaned_data["code"], [device]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.POST = request.POST.copy()
                request.POST["next"] = request.session.get("onestop_next", "")
                return _finish(request, user, device)
            error = _("That code is not valid. Codes change every 30 seconds.")
        except TryAgain as exc:
            error = str(exc.message)
    uri = device.config_url
    svg = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(svg)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_enrol.html",
        {"form": form, "error": error, "qr_svg": svg.getvalue().decode(), "secret": secret},
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)  # flushes the server-side session
    return HttpResponseRedirect(reverse(settings.LOGOUT_REDIRECT_URL))
