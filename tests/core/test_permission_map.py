"""Deny by default: every named URL is in the permission map, nothing in the map is stale,
and no non-public page or endpoint answers an anonymous caller."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from onestop.core.permissions import exempt_namespaces, permission_map

SAMPLE = {"int": "987654", "str": "zz", "slug": "zz", "uuid": "00000000-0000-0000-0000-000000000000", "path": "zz"}


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name, prefix + str(p.pattern), namespace


def _routes():
    return [r for r in _walk(get_resolver().url_patterns) if (r[2] or "").split(":")[0] not in exempt_namespaces()]


def _sample_path(route: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "zz"), route)
    path = path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\.", ".")
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "zz", path)
    path = re.sub(r"\(\?P<format>[^)]*\)", "json", path)
    return "/" + path


def test_every_named_url_is_in_the_map():
    missing = sorted({name or f"<unnamed {route}>" for name, route, _ns in _routes() if name not in permission_map()})
    assert missing == [], f"URLs without a rule in the permission map: {missing}"


def test_map_has_no_stale_entries():
    names = {name for name, _route, _ns in _routes()}
    stale = sorted(set(permission_map()) - names)
    assert stale == [], f"permission map entries for URLs that do not exist: {stale}"


@pytest.mark.django_db
def test_no_protected_url_answers_anonymous_callers(client):
    leaked = []
    for name, route, _ns in _routes():
        rule = permission_map().get(name)
        if rule is None or rule.public:
            continue
        path = _sample_path(route)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if response.status_code < 300:
                leaked.append(f"{method.upper()} {path} ({name}) -> {response.status_code}")
    assert leaked == []


@pytest.mark.django_db
def test_role_protected_urls_refuse_a_user_without_roles(login, make_user):
    client = login(make_user())
    leaked = []
    for name, route, _ns in _routes():
        rule = permission_map().get(name)
        if rule is None or rule.public or rule.describe() == "logged in":
            continue
        path = _sample_path(route)
        response = client.get(path)
        if response.status_code < 300:
            leaked.append(f"GET {path} ({name}) -> {response.status_code}")
    assert leaked == []
