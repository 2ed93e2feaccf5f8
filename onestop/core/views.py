from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .navigation import workspaces_for

SUPPORTED = {code for code, _name in settings.LANGUAGES}


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    from onestop.core.services_catalogue import public_services

    return render(request, "core/landing.html", {"services": public_services()})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    spaces = workspaces_for(request.user)
    if len(spaces) == 1:
        from django.urls import reverse

        return HttpResponseRedirect(reverse(spaces[0].url_name))
    return render(request, "core/home.html", {"workspaces": spaces})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    ready = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready
        checks["database"] = f"error: {exc.__class__.__name__}"
        ready = False
    if ready:
        try:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            checks["migrations"] = "ok" if not pending else f"{len(pending)} pending"
            ready = ready and not pending
        except Exception as exc:
            checks["migrations"] = f"error: {exc.__class__.__name__}"
            ready = False
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {exc.__class__.__name__}"
            ready = False
    else:
        checks["broker"] = "in-process"
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503)


def _without_lang_param(url: str) -> str:
    """Drop ``lang=`` from the address we go back to, or it would undo the choice."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urlunsplit(parts._replace(query=urlencode(query)))


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    lang = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    target = _without_lang_param(target)
    response = HttpResponseRedirect(target)
    if lang in SUPPORTED:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, max_age=365 * 86400, samesite="Lax")
        if request.user.is_authenticated and request.user.preferred_language != lang:
            request.user.preferred_language = lang
            request.user.save(update_fields=["preferred_language"])
    return response
