"""The public landing page in each of the ten languages: the right ``lang`` and ``dir``, the
switcher offering every language, and no English left on a page that is not English."""

import re

import pytest
from django.conf import settings

HTML_LANG = {"zh-hans": "zh-Hans"}


def _text(html: str, tag: str) -> str:
    match = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)
    assert match, f"no <{tag}> on the page"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.fixture
def english(client):
    html = client.get("/?lang=en").content.decode()
    return {"h1": _text(html, "h1"), "h3": _text(html, "h3"), "footer": _text(html, "footer")}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_landing_page_in_every_language(client, english, lang):
    response = client.get(f"/?lang={lang}")
    assert response.status_code == 200
    html = response.content.decode()
    expected_lang = HTML_LANG.get(lang, lang)
    assert f'<html lang="{expected_lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    for code, _name in settings.LANGUAGES:  # the switcher offers every language, in its own name
        assert f'<option value="{code}" lang="{code}"' in html
    assert f'<option value="{lang}" lang="{lang}" selected>' in html
    if lang != "en":
        for tag in ("h1", "h3", "footer"):  # headline, first service, footer
            assert _text(html, tag) != english[tag], f"{lang}: <{tag}> is still in English"
