from __future__ import annotations

import logging
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .errors import NotFound
from .permissions import exempt_namespaces, rule_for

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1/"
ERR_BAD_REQUEST = _("The request could not be understood.")
ERR_SERVER = _("Something went wrong on our side. Please try again later.")
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
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX) and response.status_code >= 400 and not _is_json(response):
            return api_error_response(response.status_code)
        return response

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


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


def api_error_response(status: int) -> JsonResponse:
    """The API's one error shape for answers that never reached an API view: an address
    that does not exist, or a failure outside the view (Django's own HTML pages otherwise)."""
    if status == 404:
        error = NotFound().as_dict()
    elif status >= 500:
        error = {"code": "server_error", "message": str(ERR_SERVER), "fields": {}}
    else:
        error = {"code": "bad_request", "message": str(ERR_BAD_REQUEST), "fields": {}}
    return JsonResponse({"error": error}, status=status)
