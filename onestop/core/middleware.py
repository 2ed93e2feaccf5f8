from __future__ import annotations

import logging
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from .permissions import exempt_namespaces, rule_for

logger = logging.getLogger(__name__)
_SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    """``?lang=xx`` switches the language (and remembers it in a cookie); a logged-in user's
    preferred language otherwise wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.GET.get("lang")
        if "lang" in request.GET:
            # the parameter is for us only: forms bound to request.GET must not see it
            query = request.GET.copy()
            del query["lang"]
            query._mutable = False
            request.GET = query
        if chosen not in _SUPPORTED:
            chosen = None
        request.language_from_query = chosen
        if chosen:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = chosen
        response = self.get_response(request)
        if chosen:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, max_age=365 * 86400, samesite="Lax")
        return response


class AccessMiddleware:
    """Enforces the permission map on every page. API views are checked by ``MapPermission``
    because token authentication happens inside the API view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.namespaces and match.namespaces[0] in exempt_namespaces():
            return None
        if match.namespaces and match.namespaces[0] == "api":
            return None
        if getattr(view_func, "serve_static", False):
            return None
        rule = rule_for(match.view_name)
        if rule is None:
            logger.error("URL %s has no entry in the permission map; refused", match.view_name)
            raise Http404
        user = getattr(request, "user", None)
        if rule.allows(user, request):
            if user is not None and user.is_authenticated and not rule.public:
                lang = getattr(user, "preferred_language", "")
                if (
                    lang in _SUPPORTED
                    and not getattr(request, "language_from_query", None)
                    and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                ):
                    translation.activate(lang)
                    request.LANGUAGE_CODE = lang
            return None
        if user is None or not user.is_authenticated:
            return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?next={quote(request.get_full_path())}")
        from onestop.accounts.roles import STAFF_ROLES

        if user.role_names & STAFF_ROLES and not user.is_verified():
            return HttpResponseRedirect(f"{reverse('accounts:otp')}?next={quote(request.get_full_path())}")
        raise Http404
