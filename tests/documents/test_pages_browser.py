"""The verify pages in a phone-sized headless Chromium: readable state, no serious
accessibility violations, the upload check end to end."""

from __future__ import annotations

import pytest

from onestop.documents.services import document_revoke
from tests.conftest import axe_serious_violations, screenshot

from .pdf_tools import append_text_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("lang", "state", "heading"),
    [("zh-hans", "valid", "有效"), ("ar", "revoked", "ملغاة"), ("en", "missing", "NOT FOUND")],
)
def test_verify_page_states_on_a_phone(page, live_server, issue, reviewer, lang, state, heading):
    document = issue()
    code = document.code
    if state == "revoked":
        document_revoke(document=document, by=reviewer, reason="出访任务取消")
    elif state == "missing":
        code = "ABCDEFGHJKMNPQRS"
    page.goto(f"{live_server.url}/verify/{code}/?lang={lang}")
    assert heading in page.locator("#verdict-title").inner_text()
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    # nothing sticks out sideways on a 390 px wide screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"verify-{state}-{lang}-phone")
    assert axe_serious_violations(page) == []


def test_upload_check_tells_an_intact_file_from_an_altered_one(page, live_server, issue, tmp_path):
    document = issue()
    original = tmp_path / "approval.pdf"
    original.write_bytes(document.pdf.read())
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(append_text_update(original.read_bytes()))

    page.goto(f"{live_server.url}/verify/?lang=en")
    assert axe_serious_violations(page) == []
    page.set_input_files("#id_pdf", str(original))
    page.click("button:has-text('Check the file')")
    assert "UNALTERED" in page.locator("#result-title").inner_text()

    page.set_input_files("#id_pdf", str(altered))
    page.click("button:has-text('Check the file')")
    assert "ALTERED" == page.locator("#result-title").inner_text().strip("✗ \n")
    screenshot(page, "verify-upload-altered-en-phone")


def test_typing_a_code_in_lower_case_finds_the_document(page, live_server, issue):
    document = issue()
    page.goto(f"{live_server.url}/verify/?lang=en")
    page.fill("#id_code", document.code.lower())
    page.click("button:has-text('Look up')")
    page.wait_for_url(f"**/verify/{document.code}/")
    assert "VALID" in page.locator("#verdict-title").inner_text()
