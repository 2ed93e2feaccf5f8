import pytest

from tests.conftest import axe_serious_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_landing_page_is_right_to_left(page, live_server):
    page.goto(f"{live_server.url}/?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    # the brand sits at the right edge in a right-to-left layout
    box = page.locator(".brand").bounding_box()
    assert box["x"] > 390 / 2 - box["width"]
    screenshot(page, "landing-ar-phone")


@pytest.mark.parametrize("lang", ["zh-hans", "en", "ar"])
def test_landing_page_has_no_serious_accessibility_violations(page, live_server, lang):
    page.goto(f"{live_server.url}/?lang={lang}")
    assert axe_serious_violations(page) == []


def test_language_switcher_changes_the_language(page, live_server):
    page.goto(f"{live_server.url}/?lang=en")
    with page.expect_navigation():
        page.select_option("#lang-select", "de")
    assert page.get_attribute("html", "lang") == "de"
    assert "Dienste" in page.content()
