"""Error pages speak the visitor's language and carry ``lang`` and ``dir`` like every page;
the server-error page renders without a request (Django gives it no context)."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "html", "title"),
    [("ar", 'lang="ar" dir="rtl"', "الصفحة غير موجودة"), ("en", 'lang="en" dir="ltr"', "Page not found")],
)
def test_not_found_page_is_translated_with_lang_and_dir(client, lang, html, title):
    response = client.get(f"/no-such-page/?lang={lang}")
    assert response.status_code == 404
    body = response.content.decode()
    assert html in body and title in body


def _page_body(response) -> str:
    """The page without what differs by request anyway: the CSRF token and the address the
    language switcher returns to."""
    return re.sub(r'name="(csrfmiddlewaretoken|next)" value="[^"]+"', "", response.content.decode())


@pytest.mark.django_db
def test_not_found_and_not_allowed_give_the_same_page(login, make_user, make_org):
    from onestop.dossier.models import Person

    other = Person.objects.create(full_name="王五", organization=make_org("其他单位"))
    client = login(make_user("liaison", org=make_org("本单位")))
    forbidden = client.get(f"/dossier/persons/{other.pk}/?lang=en")
    missing = client.get(f"/dossier/persons/{other.pk + 1000}/?lang=en")
    assert forbidden.status_code == missing.status_code == 404
    assert _page_body(forbidden) == _page_body(missing) and "Page not found" in _page_body(missing)


@pytest.mark.parametrize(
    ("lang", "attrs", "text"), [("ar", 'dir="rtl"', "حدث خطأ ما"), ("zh-hans", 'lang="zh-Hans" dir="ltr"', "出现问题")]
)
def test_server_error_page_renders_without_context(lang, attrs, text):
    with translation.override(lang):
        body = render_to_string("500.html")
    assert attrs in body and text in body


@pytest.mark.django_db
def test_a_refused_form_explains_what_to_do_in_the_visitors_language():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/language/?lang=de", {"language": "en"})  # no CSRF token
    assert response.status_code == 403
    body = response.content.decode()
    assert 'lang="de"' in body and "Nicht erlaubt" in body
