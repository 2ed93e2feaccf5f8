"""The dossier pages in headless Chromium on a phone-sized screen: a liaison officer adds a
passport by its MRZ (after a mistyped check digit is pointed out) and uploads a photo; the
pages pass axe-core."""

from datetime import date

import pytest

from onestop.dossier.samples import sample_png
from tests.conftest import axe_serious_violations, browser_login

from .conftest import passport_mrz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalogue")]


def test_liaison_adds_a_passport_by_mrz_and_a_photo(page, live_server, make_user, make_org, tmp_path):
    from onestop.dossier.models import IdentityDocument, Material
    from onestop.dossier.services import person_create

    org = make_org("Browser University")
    liaison = make_user("liaison", org=org)
    person = person_create(by=None, full_name="李华", organization=org)
    browser_login(page, live_server, liaison)

    page.goto(f"{live_server.url}/dossier/persons/")
    assert axe_serious_violations(page) == []
    page.click(f"a[href='/dossier/persons/{person.pk}/']")
    page.click(f"a[href='/dossier/persons/{person.pk}/identity/new/']")

    line1, line2 = passport_mrz(number="E31415926", birth=date(1984, 5, 6), surname="LI", given="HUA")
    page.select_option("#id_kind", "passport")
    page.fill("#id_mrz_line1", line1)
    page.fill("#id_mrz_line2", line2[:19] + str((int(line2[19]) + 1) % 10) + line2[20:])
    page.click("main button[type=submit]")
    summary = page.locator(".error-summary")
    assert "date of birth" in summary.inner_text()
    assert axe_serious_violations(page) == []

    page.fill("#id_mrz_line2", line2)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/dossier/persons/{person.pk}/")
    assert "E3*****26" in page.content() and "E31415926" not in page.content()
    assert IdentityDocument.objects.get(person=person).expires_on is not None

    photo = tmp_path / "photo.png"
    photo.write_bytes(sample_png("Li Hua"))
    page.click(f"a[href='/dossier/persons/{person.pk}/materials/new/']")
    page.select_option("#id_type_code", "photo")
    page.set_input_files("#id_file", str(photo))
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/dossier/persons/{person.pk}/")
    assert "Waiting for verification" in page.content()
    assert Material.objects.filter(person=person, type__code="photo").count() == 1
    assert axe_serious_violations(page) == []
