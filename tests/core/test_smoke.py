import pytest


@pytest.mark.django_db
def test_landing_page_renders_in_arabic_right_to_left(client):
    response = client.get("/?lang=ar")
    assert response.status_code == 200
    assert b'dir="rtl"' in response.content
    assert b'lang="ar"' in response.content


@pytest.mark.django_db
def test_health_endpoints(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_lang_parameter_is_not_seen_by_views(rf):
    from django.http import HttpResponse

    from onestop.core.middleware import LanguageMiddleware

    seen = {}

    def view(request):
        seen.update(request.GET.dict())
        return HttpResponse("ok")

    response = LanguageMiddleware(view)(rf.get("/x/?lang=de&page=2"))
    assert seen == {"page": "2"}
    assert response.cookies["onestop_language"].value == "de"
