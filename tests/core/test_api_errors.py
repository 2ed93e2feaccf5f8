"""One error body shape for every API answer: ``{"error": {"code", "message", "fields"}}``,
in the caller's language, also for addresses that do not exist and failures outside a view."""

import json

import pytest
from django.http import HttpResponse, HttpResponseServerError
from django.test import RequestFactory
from rest_framework import exceptions, serializers

from onestop.core.api import exception_handler
from onestop.core.middleware import AccessMiddleware

SHAPE = {"code", "message", "fields"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("get", "/api/v1/auth/me/", None, 401, "not_authenticated"),
        ("get", "/api/v1/no-such-endpoint/", None, 404, "not_found"),
        ("post", "/api/v1/auth/token/", {"username": "x"}, 400, "invalid"),
        ("post", "/api/v1/auth/token/", {"username": "nobody", "password": "x"}, 400, "accounts.bad_credentials"),
        ("delete", "/api/v1/auth/token/", None, 405, "method_not_allowed"),
    ],
)
def test_error_answers_have_one_shape(api, method, path, body, status, code):
    response = getattr(api(), method)(path, body, format="json")
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == SHAPE and error["code"] == code and error["message"]


@pytest.mark.django_db
def test_malformed_json_gets_the_shape(api):
    response = api().generic("POST", "/api/v1/auth/token/", "{bad", content_type="application/json")
    assert response.status_code == 400 and set(response.json()["error"]) == SHAPE


@pytest.mark.django_db
def test_validation_errors_name_each_field_and_speak_the_callers_language(api):
    response = api().post("/api/v1/auth/token/?lang=zh-hans", {"username": "x"}, format="json")
    error = response.json()["error"]
    assert list(error["fields"]) == ["password"]
    assert error["message"] != "The input is not valid." and error["message"]


def test_nested_list_errors_point_at_the_item():
    class Stop(serializers.Serializer):
        country = serializers.CharField(max_length=2)

    class Trip(serializers.Serializer):
        purpose = serializers.CharField()
        stops = Stop(many=True)

    data = Trip(data={"stops": [{"country": "JP"}, {"country": "JPN"}]})
    assert not data.is_valid()
    response = exception_handler(exceptions.ValidationError(data.errors), {})
    fields = response.data["error"]["fields"]
    assert set(fields) == {"purpose", "stops.1.country"}
    assert all(isinstance(m, str) for msgs in fields.values() for m in msgs)


@pytest.mark.parametrize(
    ("status", "code"),
    [(500, "server_error"), (404, "not_found"), (400, "bad_request"), (413, "bad_request")],
)
def test_html_error_pages_under_the_api_become_the_shape(status, code):
    def html_error(request):
        return HttpResponseServerError("<h1>Server Error</h1>", status=status)

    response = AccessMiddleware(html_error)(RequestFactory().get("/api/v1/anything/"))
    assert response.status_code == status and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"]["code"] == code


def test_pages_outside_the_api_keep_their_html_error_pages():
    def html_error(request):
        return HttpResponse("<h1>Not found</h1>", status=404)

    response = AccessMiddleware(html_error)(RequestFactory().get("/trips/1/"))
    assert response.content == b"<h1>Not found</h1>"
