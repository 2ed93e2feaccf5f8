import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _


class IdleTimeoutMiddleware:
    """Log a session out after ``SESSION_IDLE_SECONDS`` without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get("last_seen")
            if last is not None and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were logged out after a period of inactivity."))
                if not request.path.startswith("/api/"):
                    return HttpResponseRedirect(reverse(settings.LOGIN_URL))
            elif last is None or now - last > 30:
                request.session["last_seen"] = now
        return self.get_response(request)
