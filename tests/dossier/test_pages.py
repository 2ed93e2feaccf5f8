"""Dossier pages: scoping, masking, forms with error summaries, audited reveal, no state
change on GET."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onestop.cases.models import AuditEvent
from onestop.dossier.models import IdentityDocument, Material
from onestop.dossier.samples import sample_pdf, sample_png
from onestop.dossier.services import identity_add, material_upload

from .conftest import EICAR_BYTES, passport_mrz, pdf_file, resident_id, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_org):
    return make_org("Univ")


@pytest.fixture
def liaison(make_user, org):
    return make_user("liaison", org=org)


@pytest.fixture
def person(person_factory, org):
    return person_factory(org, name="Wang Fang")


@pytest.fixture
def number(person):
    value = resident_id(date(1982, 4, 4), seq=31)
    identity_add(person=person, kind="resident_id", number=value, by=None)
    return value


def test_list_shows_masked_numbers_only(login, liaison, person, number):
    response = login(liaison).get(reverse("dossier:person-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wang Fang" in body
    assert IdentityDocument.objects.get().number_masked in body
    assert number not in body


def test_list_search_and_pagination(login, liaison, person_factory, org, person):
    for i in range(27):
        person_factory(org, name=f"Zed {i:02d}")
    client = login(liaison)
    first = client.get(reverse("dossier:person-list")).content.decode()
    assert "page=2" in first and "Zed 23" in first and "Zed 24" not in first
    assert "Zed 26" in client.get(reverse("dossier:person-list") + "?page=2").content.decode()
    found = client.get(reverse("dossier:person-list") + "?q=wang").content.decode()
    assert "Wang Fang" in found and "Zed 01" not in found
    empty = client.get(reverse("dossier:person-list") + "?q=nobody").content.decode()
    assert "No person matches" in empty


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dossier:person-list")).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(login, liaison, person_factory, org):
    client = login(liaison)
    _list_queries(client)  # the first request of a session does its own bookkeeping
    for i in range(3):
        identity_add(person=person_factory(org), kind="resident_id", number=resident_id(seq=400 + i), by=None)
    few = _list_queries(client)
    for i in range(15):
        identity_add(person=person_factory(org), kind="resident_id", number=resident_id(seq=500 + i), by=None)
    assert _list_queries(client) == few


def test_liaison_of_another_organization_gets_404(login, make_user, make_org, person, number):
    stranger = make_user("liaison", org=make_org("Elsewhere"))
    client = login(stranger)
    assert client.get(reverse("dossier:person-detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("dossier:identity-add", args=[person.pk])).status_code == 404
    assert client.get(reverse("dossier:material-upload", args=[person.pk])).status_code == 404
    assert "Wang Fang" not in client.get(reverse("dossier:person-list")).content.decode()


def test_detail_shows_documents_and_material_badges(login, liaison, person, number, verified_material):
    verified_material(person, "degree")
    material_upload(person=person, type_code="cv", file=pdf_file(), by=None)
    body = login(liaison).get(reverse("dossier:person-detail", args=[person.pk])).content.decode()
    assert number not in body and IdentityDocument.objects.get().number_masked in body
    assert "Verified" in body and "Waiting for verification" in body
    assert "Show in full" not in body  # liaison officers cannot reveal
    assert reverse("dossier:material-file", args=[Material.objects.filter(type__code="cv").get().pk]) in body


def test_add_person_form(login, liaison, org):
    client = login(liaison)
    assert client.get(reverse("dossier:person-create")).status_code == 200
    bad = client.post(reverse("dossier:person-create"), {"full_name": "Li Lei", "nationality": "CN", "sex": "M"})
    assert bad.status_code == 200 and b"error-summary" in bad.content
    ok = client.post(
        reverse("dossier:person-create"),
        {"full_name": "Li Lei", "nationality": "CHN", "sex": "M", "organization": org.pk, "in_public_service": "on"},
    )
    assert ok.status_code == 302
    assert "/dossier/persons/" in ok["Location"]


def test_edit_person_form(login, liaison, person, org):
    client = login(liaison)
    url = reverse("dossier:person-edit", args=[person.pk])
    assert client.get(url).status_code == 200
    data = {"full_name": "Wang Fang", "nationality": "CHN", "sex": "F", "organization": org.pk, "position": "Dean"}
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.position == "Dean"


def test_add_identity_by_number_with_error_summary(login, liaison, person):
    client = login(liaison)
    url = reverse("dossier:identity-add", args=[person.pk])
    good = resident_id(date(1990, 1, 1), seq=3)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    response = client.post(url, {"kind": "resident_id", "number": bad})
    body = response.content.decode()
    assert response.status_code == 200 and "error-summary" in body and "MOD 11-2" in body
    assert 'href="#id_number"' in body
    assert client.post(url, {"kind": "resident_id", "number": good}).status_code == 302
    assert IdentityDocument.objects.filter(person=person).count() == 1


def test_add_passport_by_mrz_and_error_on_the_right_line(login, liaison, person):
    client = login(liaison)
    url = reverse("dossier:identity-add", args=[person.pk])
    line1, line2 = passport_mrz(number="E55554444", birth=date(1985, 6, 1))
    broken = line2[:19] + str((int(line2[19]) + 1) % 10) + line2[20:]
    response = client.post(url, {"kind": "passport", "mrz_line1": line1, "mrz_line2": broken})
    body = response.content.decode()
    assert response.status_code == 200 and 'href="#id_mrz_line2"' in body and "date of birth" in body
    assert client.post(url, {"kind": "passport", "mrz_line1": line1, "mrz_line2": line2}).status_code == 302
    document = IdentityDocument.objects.get(person=person)
    assert document.number_masked == "E5*****44"


def test_upload_form_success_and_refusal(login, liaison, person):
    client = login(liaison)
    url = reverse("dossier:material-upload", args=[person.pk])
    page = client.get(url).content.decode()
    assert "invitation_letter" not in page  # per-case types are provided from their case
    ok = client.post(url, {"type_code": "photo", "file": upload(sample_png(), "me.png", "image/png")})
    assert ok.status_code == 302
    spoofed = client.post(url, {"type_code": "degree", "file": upload(sample_png(), "degree.pdf", "application/pdf")})
    body = spoofed.content.decode()
    assert spoofed.status_code == 200 and "error-summary" in body and "content must match" in body
    quarantined = client.post(url, {"type_code": "degree", "file": upload(EICAR_BYTES, "d.pdf")})
    assert "quarantine" in quarantined.content.decode()
    assert Material.objects.filter(person=person, scan_status="clean").count() == 1


def test_reveal_is_post_only_audited_and_not_cached(login, make_user, person, number):
    officer = make_user("passport_officer")
    document = IdentityDocument.objects.get()
    client = login(officer)
    url = reverse("dossier:identity-reveal", args=[document.pk])
    assert client.get(url).status_code == 405
    assert not AuditEvent.objects.filter(action="dossier.identity.revealed").exists()
    detail = client.get(reverse("dossier:person-detail", args=[person.pk])).content.decode()
    assert "Show in full" in detail and number not in detail
    response = client.post(url)
    assert response.status_code == 200 and number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="dossier.identity.revealed", actor_id=officer.pk).count() == 1


def test_liaison_cannot_reveal(login, liaison, number):
    document = IdentityDocument.objects.get()
    response = login(liaison).post(reverse("dossier:identity-reveal", args=[document.pk]))
    assert response.status_code == 404 and number not in response.content.decode()


def test_verify_and_reject_buttons(login, reviewer, person):
    material = material_upload(person=person, type_code="cv", file=pdf_file(), by=None)
    client = login(reviewer)
    assert client.get(reverse("dossier:material-verify", args=[material.pk])).status_code == 405
    assert client.post(reverse("dossier:material-verify", args=[material.pk])).status_code == 302
    material.refresh_from_db()
    assert material.verification == "verified"
    client.post(reverse("dossier:material-reject", args=[material.pk]), {"reason": "Wrong person"})
    material.refresh_from_db()
    assert material.verification == "rejected" and material.rejection_reason == "Wrong person"


def test_liaison_cannot_verify(login, liaison, person):
    material = material_upload(person=person, type_code="cv", file=pdf_file(), by=None)
    assert login(liaison).post(reverse("dossier:material-verify", args=[material.pk])).status_code == 404
    material.refresh_from_db()
    assert material.verification == "pending"


def test_download_is_scoped_and_never_serves_quarantine(login, liaison, make_user, make_org, person):
    data = sample_pdf("degree")
    material = material_upload(person=person, type_code="degree", file=upload(data, "d.pdf"), by=None)
    response = login(liaison).get(reverse("dossier:material-file", args=[material.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert "attachment" in response["Content-Disposition"] and "degree-v1.pdf" in response["Content-Disposition"]
    stranger = login(make_user("liaison", org=make_org()))
    assert stranger.get(reverse("dossier:material-file", args=[material.pk])).status_code == 404
    with pytest.raises(Exception):
        material_upload(person=person, type_code="cv", file=upload(EICAR_BYTES, "x.pdf"), by=None)
    held = Material.objects.get(scan_status="quarantined")
    assert login(liaison).get(reverse("dossier:material-file", args=[held.pk])).status_code == 404


def test_my_documents(login, make_user, person_factory):
    traveller = make_user("traveller")
    client = login(traveller)
    assert b"not linked" in client.get(reverse("dossier:me")).content
    own = person_factory(name="Me Myself", user=traveller)
    response = client.get(reverse("dossier:me"))
    assert response.status_code == 302 and response["Location"] == reverse("dossier:person-detail", args=[own.pk])
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("dossier:person-list")).status_code == 404


def test_anonymous_is_sent_to_login(client, person):
    response = client.get(reverse("dossier:person-detail", args=[person.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_detail_in_chinese(login, liaison, person, verified_material):
    verified_material(person, "degree", valid_until=timezone.localdate() + timedelta(days=30))
    client = login(liaison)
    body = client.get(reverse("dossier:person-detail", args=[person.pk]) + "?lang=zh-hans").content.decode()
    assert "学历学位证书" in body


def test_every_dossier_url_is_in_the_permission_map():
    from django.urls import get_resolver

    from onestop.dossier.access import RULES

    resolver = get_resolver()
    pages = {f"dossier:{name}" for name in resolver.namespace_dict["dossier"][1].reverse_dict if isinstance(name, str)}
    api = {
        f"api:{name}"
        for name in resolver.namespace_dict["api"][1].reverse_dict
        if isinstance(name, str) and name.startswith("dossier-")
    }
    assert pages and api
    assert pages | api <= set(RULES)
    assert set(RULES) <= pages | api


def test_dossier_catalogs_are_complete():
    from pathlib import Path

    import polib

    base = Path(__file__).resolve().parents[2] / "onestop" / "dossier" / "locale"
    languages = {"zh_Hans", "ko", "ja", "de", "fr", "ru", "es", "ar", "pt"}
    assert {p.name for p in base.iterdir() if p.is_dir()} >= languages
    for lang in languages:
        po = polib.pofile(str(base / lang / "LC_MESSAGES" / "django.po"))
        assert po.untranslated_entries() == [] and po.fuzzy_entries() == [], lang
        assert not po.metadata_is_fuzzy, lang


@pytest.mark.parametrize(("lang", "text"), [("de", "Geprüft"), ("ar", "تم التحقق"), ("ja", "確認済み")])
def test_detail_page_speaks_the_language(login, liaison, person, verified_material, lang, text):
    verified_material(person, "degree")
    body = login(liaison).get(reverse("dossier:person-detail", args=[person.pk]) + f"?lang={lang}").content.decode()
    assert text in body
