"""Timeline lines name things in the reader's language (ADR 0012): the purpose of a visit
is a registered label, never its code; a param that refers to something is resolved by the
app that owns it; a line nobody can resolve shows the text it stored."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from onestop.cases import references
from onestop.cases.models import TimelineEntry
from onestop.cases.selectors import case_timeline
from onestop.cases.services import case_create, case_note, case_record_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_user):
    return case_create(kind="kerneltest", by=make_user("liaison"), title="t")


def _last(case, language):
    with translation.override(language):
        return case_timeline(case=case, public_only=False)[-1].text


def test_an_unknown_purpose_reads_as_a_neutral_phrase(case):
    case_record_visit(case=case, by=None, purpose="no_such_purpose", place="Hall")
    assert _last(case, "en") == "In-person visit: Case business."
    assert _last(case, "ar") == "زيارة شخصية: إجراء يخص الملف."
    assert "no_such_purpose" not in _last(case, "zh-hans")


def test_a_registered_purpose_reads_as_its_label(case, monkeypatch):
    monkeypatch.setitem(references._VISIT_PURPOSES, "kerneltest_pickup", _("Cases"))
    case_record_visit(case=case, by=None, purpose="kerneltest_pickup")
    with translation.override("ar"):
        arabic_label = str(_("Cases"))
    assert arabic_label != "Cases"
    assert _last(case, "en") == "In-person visit: Cases."
    assert _last(case, "ar") == f"زيارة شخصية: {arabic_label}."


def test_a_purpose_prefix_is_resolved_and_an_unknown_rest_is_neutral(case, monkeypatch):
    names = {"en": {"x": "Fingerprints"}, "ar": {"x": "بصمات الأصابع"}}
    monkeypatch.setitem(
        references._VISIT_PURPOSE_PREFIXES, "kt.", lambda rest: names[translation.get_language()].get(rest)
    )
    case_record_visit(case=case, by=None, purpose="kt.x")
    assert _last(case, "en") == "In-person visit: Fingerprints."
    assert _last(case, "ar") == "زيارة شخصية: بصمات الأصابع."
    case_record_visit(case=case, by=None, purpose="kt.unknown")
    assert _last(case, "en") == "In-person visit: Case business."


def test_the_trip_collection_purpose_is_registered(case):
    case_record_visit(case=case, by=None, purpose="trip_collection")
    assert _last(case, "en") == "In-person visit: Collection of the passports and visas of the trip."
    assert _last(case, "ar") == "زيارة شخصية: استلام جوازات السفر والتأشيرات الخاصة بالرحلة."


def test_a_hall_service_purpose_reads_as_the_service_name(case):
    from onestop.halls.models import Service

    Service.objects.create(
        code="kt-bio", name="生物信息采集", names={"en": "Biometrics", "ar": "البصمات الحيوية"}, prefix="Q"
    )
    case_record_visit(case=case, by=None, purpose="halls.kt-bio")
    assert _last(case, "en") == "In-person visit: Biometrics."
    assert _last(case, "ar") == "زيارة شخصية: البصمات الحيوية."
    case_record_visit(case=case, by=None, purpose="halls.gone")
    assert _last(case, "ar") == "زيارة شخصية: إجراء يخص الملف."


def test_a_stored_hall_name_is_shown_in_the_readers_language(case):
    from onestop.halls.models import Hall

    Hall.objects.create(
        code="kt-hall",
        name="市民中心大厅",
        names={"zh-hans": "市民中心大厅", "en": "Civic Centre Hall", "ar": "قاعة المركز المدني"},
        district="中心区",
        latitude=30.0,
        longitude=120.0,
    )
    case_note(case=case, by=None, code="permits.biometrics_booked", params={"place": "市民中心大厅"})
    assert _last(case, "en") == "Biometrics appointment booked at Civic Centre Hall."
    assert "قاعة المركز المدني" in _last(case, "ar")
    case_note(case=case, by=None, code="permits.biometrics_booked", params={"place": "Room 3, typed by hand"})
    assert _last(case, "en") == "Biometrics appointment booked at Room 3, typed by hand."


def test_a_stored_reference_is_resolved_and_falls_back_to_the_text(case, monkeypatch):
    labels = {"en": "Work permit", "ar": "تصريح العمل"}
    monkeypatch.setitem(
        references._RESOLVERS,
        "kt.kind",
        lambda key: labels[translation.get_language()] if key == "known" else None,
    )
    params = {"title": "工作许可", "code": "X1", **references.with_reference("title", "kt.kind", "known")}
    case_note(case=case, by=None, code="documents.issued", params=params)
    assert _last(case, "en") == "Document issued: Work permit (verification code X1)."
    assert "تصريح العمل" in _last(case, "ar") and "工作许可" not in _last(case, "ar")
    params = {"title": "旧标题", "code": "X2", **references.with_reference("title", "kt.kind", "unknown")}
    case_note(case=case, by=None, code="documents.issued", params=params)
    assert _last(case, "en") == "Document issued: 旧标题 (verification code X2)."
    params = {"title": "无人认领", "code": "X3", **references.with_reference("title", "kt.nobody", "known")}
    case_note(case=case, by=None, code="documents.issued", params=params)
    assert _last(case, "en") == "Document issued: 无人认领 (verification code X3)."
    assert "_refs" in TimelineEntry.objects.filter(case=case).last().params


def test_registering_without_a_callable_is_refused():
    with pytest.raises(ValueError, match="callable"):
        references.register_resolver("kt.bad", "not callable")
    with pytest.raises(ValueError, match="code"):
        references.register_visit_purpose("", _("Cases"))
