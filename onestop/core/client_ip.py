"""The address a request came from, as seen through the deployment's reverse proxies.

Behind a load balancer every request reaches Django from the balancer's address, so a
per-address rule (login throttling, rate limits) keyed on ``REMOTE_ADDR`` would treat the
whole city as one caller: one attacker could then throttle everybody. Each trusted proxy
appends the address it received the request from to ``X-Forwarded-For``; with
``TRUSTED_PROXY_COUNT`` proxies in front, the client is the entry that many places from the
right. Entries further left were written by the client and are not trusted. With no proxy
configured (the embedded default) the header is ignored, so a client cannot forge its way
around the throttle.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's address, or ``""`` when it cannot be told."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # fewer hops than proxies: the request did not come through all of them
        return remote
    return _valid(forwarded[-proxies]) or remote
