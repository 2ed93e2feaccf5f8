"""The portal's pages and the read-only API, in several languages; the admin's form."""

import pytest

from onestop.accounts.roles import Role


@pytest.mark.parametrize("lang", ["en", "zh-hans", "ar"])
def test_index_lists_the_groups(articles, client, lang):
    response = client.get(f"/knowledge/?lang={lang}")
    assert response.status_code == 200
    assert articles["visa-extension"].title(lang).encode() in response.content


def test_article_page_in_arabic(articles, client):
    response = client.get("/knowledge/a/visa-extension/?lang=ar")
    assert response.status_code == 200
    assert b'dir="rtl"' in response.content
    assert articles["visa-extension"].body("ar").split("\n")[0].encode() in response.content
    assert client.get("/knowledge/a/no-such-article/").status_code == 404


def test_group_and_search_pages(articles, client):
    assert b"foreign-card-payment" in client.get("/knowledge/group/payment/").content
    assert client.get("/knowledge/group/gardening/").status_code == 404
    page = client.get("/knowledge/search/?q=签证延期&lang=zh-hans")
    assert "签证和居留许可延期".encode() in page.content


def test_api_list_search_detail_and_suggest(articles, api):
    client = api()
    listing = client.get("/api/v1/knowledge/articles/?group=city&lang=en").json()
    assert {a["slug"] for a in listing["results"]} >= {"visa-extension", "hotline-12345"}
    found = client.get("/api/v1/knowledge/articles/", {"q": "продлить визу", "lang": "ru"}).json()
    assert found[0]["slug"] == "visa-extension"
    detail = client.get("/api/v1/knowledge/articles/visa-extension/?lang=es").json()
    assert detail["title"] == articles["visa-extension"].title("es")
    assert len(detail["languages"]) == 10
    suggestions = client.get("/api/v1/knowledge/suggest/", {"text": "How do I pay with Alipay?", "lang": "en"}).json()
    assert suggestions[0]["slug"] == "foreign-card-payment"
    assert client.get("/api/v1/knowledge/articles/missing/").status_code == 404


def test_the_admin_edits_every_language_on_one_form(db, make_user, login):
    user = make_user(Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    client = login(user)
    data = {
        "slug": "tax-refund",
        "group": "payment",
        "kind": "guide",
        "keywords": "",
        "order": "10",
        "is_published": "on",
        "topics_text": "consumer_rights",
        "title_en": "Tax refunds for visitors",
        "body_en": "Ask the shop for the refund form.",
        "title_de": "Steuererstattung",
        "body_de": "Fragen Sie im Geschäft.",
    }
    response = client.post("/admin/knowledge/article/add/", data)
    assert response.status_code == 302, response.content[:2000]
    from onestop.knowledge.models import Article

    article = Article.objects.get(slug="tax-refund")
    assert article.languages == ["en", "de"]
    assert article.topics == ["consumer_rights"]
    bad = client.post("/admin/knowledge/article/add/", {**data, "slug": "t2", "title_en": "", "title_de": ""})
    assert bad.status_code == 200
    assert not Article.objects.filter(slug="t2").exists()
