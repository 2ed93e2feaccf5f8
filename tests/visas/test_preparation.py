"""Trip approval prepares the visa applications: only for destinations that need a visa,
with data equal to the dossier's and the trip's, and materials reused, not copied."""

from datetime import timedelta

import pytest
from django.utils import translation

from onestop.cases.models import Case, TimelineEntry
from onestop.cases.selectors import case_timeline
from onestop.cases.workflow import listeners_for
from onestop.core.errors import Conflict
from onestop.dossier.models import CaseMaterial, Material
from onestop.visas import services
from onestop.visas.models import VisaApplication

from .conftest import ORD, SVC, applications_of, future

pytestmark = pytest.mark.django_db


def test_approval_prepares_one_application_per_traveller_needing_a_visa(trip_factory, table):
    trip = trip_factory(passports=(ORD, SVC, ORD))
    applications = applications_of(trip)
    # Japan: embassy visa for ordinary passports; the service passport holder is visa-free.
    assert len(applications) == 2
    for application in applications:
        case = application.case
        assert (case.kind, case.state, case.parent_id) == ("visa", "prepared", trip.case_id)
        assert case.number.startswith("VSA-")
        assert case.queue == "visa_officer" and case.is_open
        assert case.organization_id == trip.organization_id
        assert case.applicant_id == trip.case.applicant_id
        assert application.requirement_kind == "embassy_visa"
        assert application.passport_type == ORD
        assert application.passport is not None and application.passport.holder_id == application.person_id


def test_nothing_is_prepared_for_visa_free_or_on_arrival_destinations_but_the_trip_says_so(trip_factory, table):
    trip = trip_factory(stops=(("SG", "Singapore", 0, 2), ("TH", "Bangkok", 3, 5)), passports=(ORD, ORD))
    assert applications_of(trip) == []
    codes = list(TimelineEntry.objects.filter(case=trip.case, code__startswith="visas.").values_list("code", flat=True))
    assert sorted(codes) == ["visas.not_needed.on_arrival", "visas.not_needed.visa_free"]
    # The notes name the destination in the reader's language.
    with translation.override("en"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert any(text.startswith("Singapore: entry is visa-free for") for text in texts)
    assert any(text.startswith("Thailand: ") and "get a visa on arrival" in text for text in texts)
    with translation.override("ar"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert any(text.startswith("سنغافورة: الدخول بدون تأشيرة") for text in texts)
    assert any(text.startswith("تايلاند: يحصل") for text in texts)
    with translation.override("zh-hans"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert any(text.startswith("新加坡：") for text in texts)
    assert not any("Singapore" in text or "Thailand" in text for text in texts)


def test_unknown_requirement_gets_a_note_for_the_visa_officer_and_no_application(trip_factory, table):
    trip = trip_factory(stops=(("NZ", "Wellington", 0, 3),), passports=(ORD,))
    assert applications_of(trip) == []
    note = TimelineEntry.objects.get(case=trip.case, code="visas.requirement_unknown")
    # The country is referred to by its code; the stored text is the fallback.
    assert note.params["_refs"] == {"country": ["trips.country", "NZ"]}
    assert note.params["country"] == "新西兰 New Zealand"
    with translation.override("en"):
        assert case_timeline(case=trip.case)[-1].text.startswith("New Zealand: the visa requirement for")
    with translation.override("ar"):
        assert case_timeline(case=trip.case)[-1].text.startswith("نيوزيلندا: ")


def test_a_note_written_before_the_country_reference_keeps_its_stored_text(trip_factory, table):
    trip = trip_factory(stops=(("SG", "Singapore", 0, 2),), passports=(ORD,))
    note = TimelineEntry.objects.get(case=trip.case, code="visas.not_needed.visa_free")
    note.params = {"country": "新加坡 Singapore", "persons": note.params["persons"]}
    note.save(update_fields=["params"])
    for language in ("en", "ar"):
        with translation.override(language):
            texts = [line.text for line in case_timeline(case=trip.case)]
        assert any(text.startswith("新加坡 Singapore: ") for text in texts), language


def test_a_country_the_table_does_not_know_shows_the_stored_text(trip_factory, table):
    trip = trip_factory(stops=(("SG", "Singapore", 0, 2),), passports=(ORD,))
    note = TimelineEntry.objects.get(case=trip.case, code="visas.not_needed.visa_free")
    note.params = {**note.params, "country": "Atlantis", "_refs": {"country": ["trips.country", "QQ"]}}
    note.save(update_fields=["params"])
    with translation.override("en"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert any(text.startswith("Atlantis: entry is visa-free for") for text in texts)


def test_data_is_the_dossiers_and_the_trips_nothing_typed(trip_factory, table):
    trip = trip_factory(stops=(("JP", "Tokyo", 0, 1), ("KE", "Nairobi", 2, 3), ("JP", "Osaka", 4, 5)))
    application = VisaApplication.objects.select_related("person", "passport", "person__organization").get(
        trip_case=trip.case, country="JP", person__trip_memberships__role="leader"
    )
    person, passport, data = application.person, application.passport, application.data
    assert data["traveller"] == {
        "person_id": person.pk,
        "full_name": person.full_name,
        "latin_name": person.latin_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "nationality": person.nationality,
        "position": person.position,
        "organization": person.organization.name,
        "organization_en": person.organization.name_en,
        "role": "leader",
    }
    assert data["passport"]["number_masked"] == passport.number_masked
    assert data["passport"]["expires_on"] == passport.expires_on.isoformat()
    assert "*" in data["passport"]["number_masked"]
    assert passport.reveal_number() not in str(data)
    assert data["trip"]["number"] == trip.case.number
    assert (data["trip"]["organization"], data["trip"]["organization_en"]) == (
        trip.organization.name,
        trip.organization.name_en,
    )
    assert data["trip"]["approval_number"] == trip.approval_number != ""
    assert (data["trip"]["purpose"], data["trip"]["inviter_name"]) == (trip.purpose, trip.inviter_name)
    assert data["trip"]["departs_on"] == trip.departs_on.isoformat()
    # Two stays in Japan: one application, spanning both, with both cities.
    stays = [
        (d.city, d.arrive_on.isoformat(), d.depart_on.isoformat()) for d in trip.destinations.all() if d.country == "JP"
    ]
    assert [(s["city"], s["arrive_on"], s["depart_on"]) for s in data["destination"]["stays"]] == stays
    assert application.arrive_on == trip.departs_on
    assert application.depart_on == trip.departs_on + timedelta(days=5)
    assert data["requirement"]["kind"] == "embassy_visa"
    assert VisaApplication.objects.filter(trip_case=trip.case).count() == 4  # 2 travellers × JP, KE


def test_materials_are_reused_from_the_dossier_not_duplicated(trip_factory, table):
    before = Material.objects.count()
    trip = trip_factory()
    assert Material.objects.count() == before + 2 * 2 + 1  # what the factory gave, nothing more
    for application in applications_of(trip):
        rows = CaseMaterial.objects.filter(case=application.case).select_related("material", "type")
        assert {row.type.code for row in rows} == {"passport_page", "photo"}
        for row in rows:
            assert row.reused is True
            vault = Material.objects.get(person=application.person, type=row.type, superseded_by__isnull=True)
            assert row.material_id == vault.pk
        from onestop.visas.selectors import application_materials

        materials = application_materials(application=application)
        letter = [m for m in materials if m.type.code == "invitation_letter"]
        assert len(letter) == 1 and letter[0].case_id == trip.case_id  # the trip's, by reference
    assert Material.objects.count() == before + 5


def test_materials_accepted_with_the_trip_count_while_not_yet_verified(trip_factory, table):
    from onestop.visas.selectors import application_materials, application_problems

    trip = trip_factory(verified=False)
    for application in applications_of(trip):
        own = CaseMaterial.objects.filter(case=application.case)
        assert {row.material_id for row in own} == {None}  # nothing verified in the vault yet
        assert application_problems(application=application) == []
        materials = application_materials(application=application)
        assert [(m.type.code, m.case_id) for m in materials] == [
            ("passport_page", trip.case_id), ("photo", trip.case_id), ("invitation_letter", trip.case_id)
        ]  # fmt: skip
        note = TimelineEntry.objects.get(case=application.case, code="visas.assembled")
        assert note.params == {"trip": trip.case.number, "reused": 3}


def test_traveller_without_a_passport_gets_an_application_waiting_for_it(trip_factory, table):
    trip = trip_factory(passports=(ORD, None))
    waiting = [a for a in applications_of(trip) if a.passport is None]
    assert len(waiting) == 1
    assert waiting[0].data["passport"] is None
    assert waiting[0].data["passport_application"].startswith("PPA-")
    from onestop.visas.selectors import application_problems

    with translation.override("en"):
        assert application_problems(application=waiting[0]) == [
            "No passport is reserved for the traveller on this trip yet."
        ]


def test_submit_by_counts_working_days_back_from_arrival(trip_factory, table):
    from onestop.calendar.services import working_days_between

    trip = trip_factory()
    application = applications_of(trip)[0]
    assert application.submit_by < application.arrive_on
    assert working_days_between(application.submit_by, application.arrive_on - timedelta(days=1)) in (4, 5)
    assert services.submit_by_for(arrive_on=future(30), processing_days=None) is None


def test_preparing_again_makes_nothing_twice(trip_factory, table, officer):
    trip = trip_factory()
    assert services.visas_prepare_for_trip(trip_case=trip.case, by=officer, record_notes=False) == []
    assert len(applications_of(trip)) == 2


def test_a_trip_not_approved_gets_no_applications(trip_factory, table, officer):
    trip = trip_factory(state="in_review")
    assert applications_of(trip) == []
    with pytest.raises(Conflict) as caught:
        services.visas_prepare_for_trip(trip_case=trip.case, by=officer)
    assert caught.value.code == "visas.trip_not_approved"


def test_the_liaison_officer_is_told_after_the_approval_commits(
    trip_factory, table, liaison, django_capture_on_commit_callbacks, monkeypatch
):
    from onestop.documents import tasks
    from onestop.notify.models import Notification

    monkeypatch.setattr(tasks.document_issue_task, "delay", lambda **kwargs: None)  # no approval PDF here
    with django_capture_on_commit_callbacks(execute=True):
        trip = trip_factory()
    notice = Notification.objects.filter(recipient=liaison, code="visas.prepared", channel="inapp").get()
    assert trip.case.number in notice.subject


def test_listeners_are_registered_for_approval_and_every_closing_move():
    from onestop.visas.services.preparation import on_trip_approved, on_trip_closed

    assert on_trip_approved in listeners_for("trip", "approve")
    for name in ("withdraw", "reject", "cancel"):
        assert on_trip_closed in listeners_for("trip", name)


def test_a_cancelled_trip_withdraws_its_open_applications(submitted, table, liaison, officer):
    from onestop.trips.selectors import access_trip
    from onestop.trips.services import trip_cancel

    trip, _batch, applications = submitted()
    assert {a.case.state for a in applications} == {"submitted"}
    trip_cancel(trip=access_trip(user=liaison, pk=trip.pk), by=liaison, reason="The conference was postponed")
    assert {a.case.state for a in applications_of(trip)} == {"withdrawn"}
    note = TimelineEntry.objects.filter(case=applications[0].case, code="visa.withdraw").get()
    assert trip.case.number in note.note
    trip_case = Case.objects.get(pk=trip.case_id)
    assert trip_case.state == "cancelled"
    with pytest.raises(Conflict):
        services.visas_prepare_for_trip(trip_case=trip_case, by=officer)


def test_the_approval_still_stands_when_the_trip_waits_for_collection(
    trip_factory, table, officer, liaison, django_capture_on_commit_callbacks, monkeypatch
):
    """Once its passports are reserved and no visa is needed, the trips app moves the trip on
    to "ready for collection": the visa pages and the re-check still treat it as approved."""
    from onestop.documents import tasks
    from onestop.visas.selectors import trips_with_visas, visa_status_for_trip, visas_ready_for_trip

    monkeypatch.setattr(tasks.document_issue_task, "delay", lambda **kwargs: None)  # no approval PDF here
    with django_capture_on_commit_callbacks(execute=True):
        trip = trip_factory(stops=(("SG", "Singapore", 0, 3),), passports=(ORD,))
    trip_case = Case.objects.get(pk=trip.case_id)
    assert trip_case.state == "ready_for_collection"
    assert visas_ready_for_trip(trip_case=trip_case)
    assert [line.state for line in visa_status_for_trip(trip_case=trip_case)] == ["not_needed"]
    assert trip_case in list(trips_with_visas(user=liaison))
    assert services.visas_prepare_for_trip(trip_case=trip_case, by=officer, record_notes=False) == []
