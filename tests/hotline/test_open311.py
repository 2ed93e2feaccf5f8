"""Open311 GeoReport v2 conformance: every endpoint in JSON and XML, every error in the
specification's format."""

import json
import xml.etree.ElementTree as ET

import pytest

from onestop.hotline import services

FORMATS = ["json", "xml"]


@pytest.fixture
def key(world):
    _key, raw = services.api_key_create(name="city app")
    return raw


@pytest.fixture
def reported(world, key, client):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "water_supply",
            "lat": "39.9087",
            "long": "116.3975",
            "address_string": "1 Jianguo Road",
            "description": "Brown dirty water from the tap since this morning.",
            "email": "reporter@example.test",
            "first_name": "Ana",
            "last_name": "Lima",
            "account_id": "u-77",
            "attribute[request_type]": "complaint",
            "attribute[district]": "east",
        },
    )
    assert response.status_code == 200, response.content
    return response.json()[0]


def _parse(response, fmt):
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        return json.loads(response.content)
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def _errors(response, fmt):
    body = _parse(response, fmt)
    if fmt == "json":
        assert isinstance(body, list) and set(body[0]) == {"code", "description"}
        return [(e["code"], e["description"]) for e in body]
    assert body.tag == "errors"
    return [(int(e.find("code").text), e.find("description").text) for e in body.findall("error")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery(client, world, fmt):
    body = _parse(client.get(f"/open311/v2/discovery.{fmt}"), fmt)
    if fmt == "json":
        endpoint = body["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert set(endpoint["formats"]) == {"text/xml", "application/json"}
        assert endpoint["url"].endswith("/open311/v2")
    else:
        assert body.tag == "discovery"
        assert body.find("endpoints/endpoint/specification").text == "http://wiki.open311.org/GeoReport_v2"
        assert {f.text for f in body.findall("endpoints/endpoint/formats/format")} == {"text/xml", "application/json"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_list(client, world, fmt):
    body = _parse(client.get(f"/open311/v2/services.{fmt}?lang=en"), fmt)
    if fmt == "json":
        codes = {s["service_code"] for s in body}
        water = next(s for s in body if s["service_code"] == "water_supply")
        assert water["service_name"] == "Water supply"
        assert water["metadata"] is True and water["type"] == "realtime"
    else:
        assert body.tag == "services"
        codes = {s.find("service_code").text for s in body.findall("service")}
        assert body.find("service/metadata").text == "true"
    assert codes == set(world.categories)


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition(client, world, fmt):
    body = _parse(client.get(f"/open311/v2/services/water_supply.{fmt}"), fmt)
    if fmt == "json":
        assert body["service_code"] == "water_supply"
        attrs = {a["code"]: a for a in body["attributes"]}
        assert attrs["district"]["datatype"] == "singlevaluelist"
        assert {v["key"] for v in attrs["district"]["values"]} == {"east", "west"}
        assert "emergency" in {v["key"] for v in attrs["request_type"]["values"]}
    else:
        assert body.tag == "service_definition"
        codes = [a.find("code").text for a in body.findall("attributes/attribute")]
        assert codes == ["request_type", "district"]
        assert body.find("attributes/attribute/values/value/key") is not None


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_a_request(client, world, key, fmt):
    response = client.post(
        f"/open311/v2/requests.{fmt}",
        {
            "api_key": key,
            "service_code": "noise",
            "address_string": "3 Park Lane",
            "description": "Karaoke until 3 am every night.",
            "attribute[district]": "west",
        },
    )
    assert response.status_code == 200
    body = _parse(response, fmt)
    if fmt == "json":
        number, token = body[0]["service_request_id"], body[0]["token"]
    else:
        assert body.tag == "service_requests"
        number, token = body.find("request/service_request_id").text, body.find("request/token").text
    assert number.startswith("HL-")
    from onestop.hotline.models import HotlineRequest

    created = HotlineRequest.objects.get(case__number=number)
    assert created.channel == "open311"
    assert str(created.open311_token) == token
    assert created.department == world.departments["ecology"]


def test_post_accepts_json_bodies(client, world, key):
    response = client.post(
        "/open311/v2/requests.json",
        data=json.dumps(
            {
                "api_key": key,
                "service_code": "noise",
                "lat": 39.9,
                "long": 116.4,
                "description": "Loud drilling at night.",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()[0]["service_request_id"].startswith("HL-")


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_one_request_publishes_open311_reports_but_no_contact(client, world, reported, fmt):
    number = reported["service_request_id"]
    response = client.get(f"/open311/v2/requests/{number}.{fmt}")
    body = _parse(response, fmt)
    if fmt == "json":
        row = body[0]
        assert row["service_code"] == "water_supply"
        assert row["status"] == "open"
        assert row["lat"] == pytest.approx(39.9087)
        assert row["description"].startswith("Brown dirty water")
        assert row["agency_responsible"] == "Water Authority"
    else:
        row = body.find("request")
        assert row.find("service_request_id").text == number
        assert row.find("status").text == "open"
    assert b"reporter@example.test" not in response.content
    assert b"Ana" not in response.content


def test_requests_taken_by_phone_are_listed_without_text_or_exact_place(client, world, submit):
    request = submit(
        "My neighbour Mr Wang keeps shouting at night.",
        category="noise",
        district="east",
        address="Flat 301, Building 5",
    )
    row = client.get(f"/open311/v2/requests/{request.number}.json?lang=en").json()[0]
    assert row["description"] == ""
    assert row["address"] == "East"
    assert row["lat"] is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_list_requests_with_filters(client, world, reported, submit, fmt):
    submit("Music from a bar every night.", category="noise", district="west")
    everything = _parse(client.get(f"/open311/v2/requests.{fmt}"), fmt)
    water = _parse(client.get(f"/open311/v2/requests.{fmt}?service_code=water_supply&status=open"), fmt)
    closed = _parse(client.get(f"/open311/v2/requests.{fmt}?status=closed"), fmt)
    by_id = _parse(client.get(f"/open311/v2/requests.{fmt}?service_request_id={reported['service_request_id']}"), fmt)
    if fmt == "json":
        assert len(everything) == 2 and len(water) == 1 and closed == [] and len(by_id) == 1
    else:
        count = lambda root: len(root.findall("request"))  # noqa: E731
        assert (count(everything), count(water), count(closed), count(by_id)) == (2, 1, 0, 1)


def test_date_filters(client, world, reported):
    assert client.get("/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z").json() != []
    assert client.get("/open311/v2/requests.json?end_date=2000-01-01T00:00:00Z").json() == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_token_lookup(client, world, reported, fmt):
    response = client.get(f"/open311/v2/tokens/{reported['token']}.{fmt}")
    body = _parse(response, fmt)
    if fmt == "json":
        assert body == [{"service_request_id": reported["service_request_id"], "token": reported["token"]}]
    else:
        assert body.find("request/service_request_id").text == reported["service_request_id"]


ERRORS = [
    ("post", "/open311/v2/requests.{fmt}", {"service_code": "noise", "description": "x", "lat": "1", "long": "1"}, 403),
    ("post", "/open311/v2/requests.{fmt}", {"api_key": "wrong", "service_code": "noise"}, 403),
    ("post", "/open311/v2/requests.{fmt}", {"api_key": "KEY", "description": "Broken light."}, 400),
    ("post", "/open311/v2/requests.{fmt}", {"api_key": "KEY", "service_code": "nope", "lat": "1", "long": "1"}, 400),
    (
        "post",
        "/open311/v2/requests.{fmt}",
        {"api_key": "KEY", "service_code": "noise", "description": "Loud music."},
        400,
    ),
    ("post", "/open311/v2/requests.{fmt}", {"api_key": "KEY", "service_code": "noise", "lat": "1", "long": "1"}, 400),
    (
        "post",
        "/open311/v2/requests.{fmt}",
        {
            "api_key": "KEY",
            "service_code": "noise",
            "lat": "1",
            "long": "1",
            "description": "Loud.",
            "attribute[district]": "atlantis",
        },
        400,
    ),
    ("get", "/open311/v2/services/nope.{fmt}", {}, 404),
    ("get", "/open311/v2/requests/HL-1999-000001.{fmt}", {}, 404),
    ("get", "/open311/v2/tokens/00000000-0000-0000-0000-000000000000.{fmt}", {}, 404),
    ("get", "/open311/v2/tokens/not-a-token.{fmt}", {}, 404),
    ("get", "/open311/v2/requests.{fmt}", {"start_date": "yesterday"}, 400),
    ("get", "/open311/v2/requests.{fmt}", {"status": "pending"}, 400),
    (
        "get",
        "/open311/v2/requests.{fmt}",
        {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
        400,
    ),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("method", "url", "data", "status"), ERRORS)
def test_errors_use_the_specification_format(client, world, key, method, url, data, status, fmt):
    data = {k: (key if v == "KEY" else v) for k, v in data.items()}
    response = getattr(client, method)(url.format(fmt=fmt), data)
    assert response.status_code == status
    errors = _errors(response, fmt)
    assert errors[0][0] == status
    assert errors[0][1]


def test_posting_is_throttled_per_address(client, world, key, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"open311": "2/min"}}
    payload = {"api_key": key, "service_code": "noise", "lat": "1", "long": "1", "description": "Loud music again."}
    codes = [client.post("/open311/v2/requests.json", payload).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert _errors(client.post("/open311/v2/requests.json", payload), "json")[0][0] == 429


def test_a_revoked_key_is_refused(client, world):
    api_key, raw = services.api_key_create(name="old app")
    services.api_key_revoke(key=api_key)
    response = client.post("/open311/v2/requests.json", {"api_key": raw, "service_code": "noise"})
    assert response.status_code == 403


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "method,path,allowed",
    [
        ("post", "discovery", "GET"),
        ("post", "services", "GET"),
        ("post", "services/noise", "GET"),
        ("delete", "requests", "GET, POST"),
        ("put", "requests", "GET, POST"),
    ],
)
def test_a_method_the_endpoint_does_not_take_is_a_405_in_the_spec_format(world, client, fmt, method, path, allowed):
    response = getattr(client, method)(f"/open311/v2/{path}.{fmt}")
    assert response.status_code == 405
    assert response["Allow"] == allowed
    [(code, description)] = _errors(response, fmt)
    assert code == 405 and allowed in description


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_post_needs_no_csrf_token_only_the_api_key(world, key, fmt):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/open311/v2/requests.{fmt}",
        {"api_key": key, "service_code": "noise", "description": "Drilling at night.", "address_string": "3 Lane"},
    )
    assert response.status_code == 200
    body = _parse(response, fmt)
    number = body[0]["service_request_id"] if fmt == "json" else body.find("request/service_request_id").text
    assert number.startswith("HL-")


@pytest.mark.parametrize(
    "path,fmt", [("services.csv", "json"), ("reports.json", "json"), ("requests/x/y.xml", "xml"), ("", "json")]
)
def test_an_unknown_endpoint_or_format_is_a_404_in_the_spec_format(world, client, path, fmt):
    response = client.get(f"/open311/v2/{path}")
    assert response.status_code == 404
    [(code, description)] = _errors(response, fmt)
    assert code == 404 and ".json" in description
