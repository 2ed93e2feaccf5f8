"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under ``/open311/v2/``.

Every endpoint answers in JSON or XML by its extension. Errors use the specification's
shape: ``[{"code": 400, "description": "..."}]`` or ``<errors><error><code/><description/>``.
Reads are public; posting a request needs an ``api_key`` issued by the administrators.

Privacy: this is a public interface. A request's text and exact location are published
only when the request itself came in through Open311 (the client app published it as a
report); requests taken by phone or through the private web form show their service,
district, status, department and dates only. Contact details are never published.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from onestop.core.client_ip import client_ip
from onestop.core.errors import DomainError

from . import services
from .display import department_name
from .models import Category, Channel, District, HotlineRequest, Reply, RequestType
from .workflow import State

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-05-07T00:00:00+08:00"
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
CLOSED_STATES = (State.CLOSED, State.REJECTED)

# Element names for the XML form of each response.
XML_ROOTS = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


# --- rendering ----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


LIST_ITEM_NAMES = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute", "values": "value"}


def _xml_object(parent: ET.Element, name: str, data: dict) -> ET.Element:
    element = ET.SubElement(parent, name)
    for key, value in data.items():
        if isinstance(value, list):
            holder = ET.SubElement(element, key)
            for item in value:
                if isinstance(item, dict):
                    _xml_object(holder, LIST_ITEM_NAMES.get(key, "item"), item)
                else:
                    ET.SubElement(holder, LIST_ITEM_NAMES.get(key, "item")).text = _text(item)
        elif isinstance(value, dict):
            _xml_object(element, key, value)
        else:
            ET.SubElement(element, key).text = _text(value)
    return element


def _xml_bytes(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


def render(data: Any, fmt: str, *, kind: str, status: int = 200) -> HttpResponse:
    """``kind``: "services" | "requests" (lists) | "discovery" | "service_definition" (objects)."""
    if fmt == "xml":
        if kind in XML_ROOTS:
            root_name, item_name = XML_ROOTS[kind]
            root = ET.Element(root_name)
            for item in data:
                _xml_object(root, item_name, item)
        else:
            holder = ET.Element("holder")
            root = _xml_object(holder, kind, data)
        return HttpResponse(_xml_bytes(root), status=status, content_type="text/xml; charset=utf-8")
    body = json.dumps(data, ensure_ascii=False, default=str)
    return HttpResponse(body.encode(), status=status, content_type="application/json; charset=utf-8")


def render_errors(errors: list[tuple[int, str]], fmt: str) -> HttpResponse:
    status = errors[0][0]
    if fmt == "xml":
        root = ET.Element("errors")
        for code, description in errors:
            error = ET.SubElement(root, "error")
            ET.SubElement(error, "code").text = str(code)
            ET.SubElement(error, "description").text = description
        return HttpResponse(_xml_bytes(root), status=status, content_type="text/xml; charset=utf-8")
    body = json.dumps([{"code": code, "description": d} for code, d in errors], ensure_ascii=False)
    return HttpResponse(body.encode(), status=status, content_type="application/json; charset=utf-8")


def _guarded(view, methods: tuple[str, ...] = ("GET",)):
    """Turn Open311Error and domain errors into the specification's error format; a
    method the endpoint does not take is answered the same way (405), never with an HTML
    page. Clients authenticate with ``api_key``, not with a session, so no CSRF check."""

    @csrf_exempt
    def wrapper(request: HttpRequest, *args, format: str = "json", **kwargs):
        try:
            if request.method not in methods:
                allowed = ", ".join(methods)
                response = render_errors(
                    [(405, _("This endpoint takes %(methods)s only.") % {"methods": allowed})], format
                )
                response["Allow"] = allowed
                return response
            return view(request, *args, fmt=format, **kwargs)
        except Open311Error as exc:
            return render_errors([(exc.status, exc.description)], format)
        except DomainError as exc:
            fields = [f"{name}: {'; '.join(str(m) for m in msgs)}" for name, msgs in exc.fields.items()]
            return render_errors([(400, str(exc.message) if not fields else " ".join(fields))], format)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _guarded_for(*methods: str):
    return lambda view: _guarded(view, methods)


# --- data -----------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.label,
        "description": category.description,
        "metadata": True,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def _status_notes(request: HotlineRequest) -> str:
    if request.case.state == State.REJECTED:
        return _("Not accepted.")
    reply = next((r for r in reversed(list(request.replies.all())) if r.kind == Reply.Kind.REPLY), None)
    if reply is not None and request.channel == Channel.OPEN311:
        return reply.body[:500]
    return str(request.case.state_label)


def _request_data(request: HotlineRequest) -> dict:
    case = request.case
    published = request.channel == Channel.OPEN311
    return {
        "service_request_id": case.number,
        "status": "closed" if case.state in CLOSED_STATES else "open",
        "status_notes": _status_notes(request),
        "service_name": request.category.label if request.category_id else "",
        "service_code": request.category.code if request.category_id else "",
        "description": request.description if published else "",
        "agency_responsible": department_name(request.department) if request.department_id else "",
        "service_notice": "",
        "requested_datetime": _iso(request.created_at),
        "updated_datetime": _iso(case.updated_at),
        "expected_datetime": _iso(case.due_at),
        "address": (request.address if published else (request.district.label if request.district_id else "")),
        "address_id": request.district.code if request.district_id else "",
        "zipcode": "",
        "lat": float(request.latitude) if published and request.latitude is not None else None,
        "long": float(request.longitude) if published and request.longitude is not None else None,
        "media_url": request.media_url if published else "",
    }


def _requests_queryset():
    return HotlineRequest.objects.select_related("case", "category", "district", "department").prefetch_related(
        "replies"
    )


# --- views ------------------------------------------------------------------------------------


@_guarded
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = f"{settings.SITE_URL}/open311/v2"
    data = {
        "changeset": CHANGESET,
        "contact": getattr(settings, "HOTLINE_OPEN311_CONTACT", "12345 hotline, " + settings.DEFAULT_FROM_EMAIL),
        "key_service": getattr(settings, "HOTLINE_OPEN311_KEY_SERVICE", settings.SITE_URL + "/hotline/"),
        "endpoints": [
            {
                "specification": SPEC,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(data, fmt, kind="discovery")


@_guarded
def services_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return render([_service(c) for c in Category.objects.filter(is_active=True)], fmt, kind="services")


@_guarded
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, _("No service with the code %(code)s.") % {"code": code})
    types = [{"key": value, "name": str(label)} for value, label in RequestType.choices]
    districts = [{"key": d.code, "name": d.label} for d in District.objects.all()]
    data = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "request_type",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("One of the listed keys; inquiry when absent."),
                "order": 1,
                "description": _("What kind of request is this?"),
                "values": types,
            },
            {
                "variable": True,
                "code": "district",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("One of the listed district codes."),
                "order": 2,
                "description": _("In which district?"),
                "values": districts,
            },
        ],
    }
    return render(data, fmt, kind="service_definition")


def _parse_date(value: str, name: str) -> datetime:
    parsed = parse_datetime(value.strip().replace(" ", "+")) if value else None
    if parsed is None:
        raise Open311Error(
            400, _("%(name)s must be a W3C date and time, like 2026-05-07T09:30:00+08:00.") % {"name": name}
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    qs = _requests_queryset()
    ids = [i.strip() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        qs = qs.filter(case__number__in=ids[:MAX_RESULTS])
    else:
        end = _parse_date(request.GET["end_date"], "end_date") if request.GET.get("end_date") else timezone.now()
        start = (
            _parse_date(request.GET["start_date"], "start_date")
            if request.GET.get("start_date")
            else end - timedelta(days=DEFAULT_DAYS)
        )
        if start > end:
            raise Open311Error(400, _("start_date must be before end_date."))
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        statuses = {s.strip().lower() for s in request.GET.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status must be open, closed or both."))
        if statuses == {"open"}:
            qs = qs.exclude(case__state__in=CLOSED_STATES)
        elif statuses == {"closed"}:
            qs = qs.filter(case__state__in=CLOSED_STATES)
    rows = [_request_data(r) for r in qs.order_by("-created_at")[:MAX_RESULTS]]
    return render(rows, fmt, kind="requests")


def _throttled(request: HttpRequest) -> bool:
    rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("open311", "600/min")
    number, _period = rate.split("/")
    ip = client_ip(request)
    key = "open311:post:" + hashlib.sha256(f"{ip}:{int(timezone.now().timestamp() // 60)}".encode()).hexdigest()[:24]
    cache.add(key, 0, 120)
    try:
        count = cache.incr(key)
    except ValueError:
        return False
    return count > int(number)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    if not data and request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            raise Open311Error(400, _("The body is not valid JSON."))
    if _throttled(request):
        raise Open311Error(429, _("Too many requests; try again in a minute."))
    key = services.api_key_check(raw=str(data.get("api_key", "")))
    if key is None:
        raise Open311Error(403, _("api_key is missing or not valid."))
    code = str(data.get("service_code", "")).strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(400, _("service_code %(code)s is not a known service.") % {"code": code})
    lat, lon = data.get("lat"), data.get("long")
    address = str(data.get("address_string", "")).strip()
    district = str(data.get("attribute[district]", "") or data.get("address_id", "")).strip()
    if not address and not district and (lat in (None, "") or lon in (None, "")):
        raise Open311Error(400, _("A location is required: lat and long, address_string or address_id."))
    description = str(data.get("description", "")).strip()
    if not description:
        raise Open311Error(400, _("description is required."))
    request_type = str(data.get("attribute[request_type]", "") or RequestType.INQUIRY)
    name = " ".join(p for p in (str(data.get("first_name", "")).strip(), str(data.get("last_name", "")).strip()) if p)
    created = services.request_submit(
        by=None,
        channel=Channel.OPEN311,
        description=description,
        request_type=request_type,
        category=category,
        district=district,
        address=address,
        latitude=lat,
        longitude=lon,
        contact_name=name,
        contact_phone=str(data.get("phone", "")),
        contact_email=str(data.get("email", "")),
        api_key=key,
        external_account=str(data.get("account_id", "") or data.get("device_id", "")),
        media_url=str(data.get("media_url", ""))[:200] if str(data.get("media_url", "")).startswith("http") else "",
        ui_language=getattr(request, "LANGUAGE_CODE", ""),
    )
    row = {
        "service_request_id": created.case.number,
        "token": str(created.open311_token),
        "service_notice": "",
        "account_id": created.external_account,
    }
    return render([row], fmt, kind="requests")


@_guarded_for("GET", "POST")
def requests_endpoint(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: requests, filtered. POST: a new request (needs ``api_key``)."""
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


@_guarded
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    found = _requests_queryset().filter(case__number=request_id).first()
    if found is None:
        raise Open311Error(404, _("No request with the id %(id)s.") % {"id": request_id})
    return render([_request_data(found)], fmt, kind="requests")


@_guarded
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    import uuid

    try:
        value = uuid.UUID(token)
    except ValueError:
        raise Open311Error(404, _("No request with the token %(token)s.") % {"token": token})
    found = HotlineRequest.objects.select_related("case").filter(open311_token=value).first()
    if found is None:
        raise Open311Error(404, _("No request with the token %(token)s.") % {"token": token})
    return render([{"service_request_id": found.case.number, "token": str(found.open311_token)}], fmt, kind="requests")


@_guarded_for("GET", "POST")
def not_found(request: HttpRequest, path: str, fmt: str) -> HttpResponse:
    """Any other address under ``/open311/v2/``: an unknown endpoint or format."""
    raise Open311Error(
        404, _("No such Open311 endpoint: %(path)s. Endpoints end in .json or .xml.") % {"path": path[:100]}
    )
