"""Batches: one mission (one country, the right channel) per batch, only prepared and
ready applications, the covering note, and the signed covering letter."""

from datetime import timedelta

import pytest
from django.utils import translation

from onestop.cases.models import AuditEvent, TimelineEntry
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, ValidationFailed
from onestop.visas import services
from onestop.visas.models import VisaApplication

from .conftest import ORD, applications_of, give_material, today

pytestmark = pytest.mark.django_db


def _batch(officer, mission, applications, **kwargs):
    return services.visa_batch_create(
        by=officer,
        mission=mission,
        application_ids=[a.pk for a in applications],
        covering_note=kwargs.pop("covering_note", "Please process."),
        **kwargs,
    )


def test_a_batch_submits_its_applications(trip_factory, table, officer):
    trip = trip_factory()
    applications = applications_of(trip)
    batch = _batch(officer, table["missions"]["JP"], applications, submitted_on=today() - timedelta(days=1))
    assert batch.number.startswith("VSB-") and batch.country == "JP"
    assert batch.covering_note == "Please process."
    for application in applications_of(trip):
        assert application.case.state == "submitted"
        assert application.batch_id == batch.pk
        assert application.submitted_on == today() - timedelta(days=1)
        line = TimelineEntry.objects.get(case=application.case, code="visa.submit")
        assert line.params == {"batch": batch.number}
    assert AuditEvent.objects.filter(action="visas.batch.created", object_id=str(batch.pk)).exists()


def test_a_consulate_of_the_same_country_takes_embassy_visas(trip_factory, table, officer):
    applications = applications_of(trip_factory())
    batch = _batch(officer, table["missions"]["JP-consulate"], applications)
    assert batch.mission == table["missions"]["JP-consulate"]


def test_one_embassy_per_batch(trip_factory, table, officer):
    trip = trip_factory(stops=(("JP", "Tokyo", 0, 2), ("US", "New York", 3, 6)), passports=(ORD,))
    applications = applications_of(trip)
    assert {a.country for a in applications} == {"JP", "US"}
    with pytest.raises(ValidationFailed) as caught:
        _batch(officer, table["missions"]["JP"], applications)
    assert caught.value.code == "visas.batch_one_mission"
    us = next(a for a in applications if a.country == "US")
    assert us.case.number in str(caught.value.fields["applications"][0])
    assert {a.case.state for a in applications_of(trip)} == {"prepared"}


def test_e_visas_go_to_the_portal_not_the_embassy(trip_factory, table, officer):
    applications = applications_of(trip_factory(stops=(("KE", "Nairobi", 0, 3),), passports=(ORD,)))
    with pytest.raises(ValidationFailed) as caught:
        _batch(officer, table["missions"]["KE-embassy"], applications)
    assert caught.value.code == "visas.batch_channel"
    batch = _batch(officer, table["missions"]["KE"], applications)
    assert batch.mission.kind == "online"


def test_only_prepared_applications(submitted, table, officer):
    _trip, batch, applications = submitted()
    with pytest.raises(Conflict) as caught:
        _batch(officer, table["missions"]["JP"], applications[:1])
    assert caught.value.code == "visas.batch_not_prepared"
    assert VisaApplication.objects.get(pk=applications[0].pk).batch_id == batch.pk


def test_withdrawn_applications_cannot_be_batched(trip_factory, table, officer):
    application = applications_of(trip_factory())[0]
    services.visa_application_withdraw(application=application, by=officer, reason="Not travelling")
    with pytest.raises(Conflict) as caught:
        _batch(officer, table["missions"]["JP"], [application])
    assert caught.value.code == "visas.batch_not_prepared"


def test_an_application_that_is_not_ready_stays_out(trip_factory, table, officer):
    trip = trip_factory(passports=(ORD, None))
    applications = applications_of(trip)
    with pytest.raises(Conflict) as caught:
        _batch(officer, table["missions"]["JP"], applications)
    assert caught.value.code == "visas.batch_not_ready"
    assert {a.case.state for a in applications_of(trip)} == {"prepared"}
    assert not any(a.batch_id for a in applications_of(trip))


def test_a_material_rejected_since_approval_keeps_the_application_out(trip_factory, table, officer, reviewer):
    from onestop.dossier.models import Material
    from onestop.dossier.services import material_reject

    trip = trip_factory()
    application = applications_of(trip)[0]
    photo = Material.objects.get(person=application.person, type__code="photo")
    material_reject(material=photo, by=reviewer, reason="Blurred")
    with translation.override("en"), pytest.raises(Conflict) as caught:
        _batch(officer, table["missions"]["JP"], [application])
    assert "ID photo is missing" in str(caught.value.message)
    # A new photo in the dossier is picked up when the batch is made: nothing re-uploaded here.
    give_material(application.person, "photo")
    batch = _batch(officer, table["missions"]["JP"], [application])
    assert VisaApplication.objects.get(pk=application.pk).batch_id == batch.pk


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"covering_note": "  "}, "covering_note", "visas.batch_note_required"),
        ({"covering_note": "x" * 4001}, "covering_note", "visas.batch_note_long"),
        ({"submitted_on": today() + timedelta(days=1)}, "submitted_on", "visas.batch_date_future"),
        ({"mission": None}, "mission", "visas.batch_mission"),
        ({"application_ids": []}, "applications", "visas.batch_empty"),
        ({"application_ids": [987654]}, "applications", "visas.batch_unknown"),
    ],
)
def test_bad_input_names_the_field(trip_factory, table, officer, change, field, code):
    applications = applications_of(trip_factory())
    arguments = {
        "by": officer,
        "mission": table["missions"]["JP"],
        "application_ids": [a.pk for a in applications],
        "covering_note": "Please process.",
    }
    arguments.update(change)
    with pytest.raises(ValidationFailed) as caught:
        services.visa_batch_create(**arguments)
    assert caught.value.code == code
    assert field in caught.value.fields


def test_an_inactive_mission_is_refused(trip_factory, table, officer):
    mission = table["missions"]["JP"]
    mission.is_active = False
    mission.save()
    with pytest.raises(ValidationFailed):
        _batch(officer, mission, applications_of(trip_factory()))


def test_only_a_visa_officer_makes_batches(trip_factory, table, liaison, reviewer):
    applications = applications_of(trip_factory())
    for user in (liaison, reviewer):
        with pytest.raises(NotPermitted):
            _batch(user, table["missions"]["JP"], applications)


def test_the_covering_letter_is_issued_signed_after_commit(
    trip_factory, table, officer, django_capture_on_commit_callbacks
):
    from onestop.documents.selectors import document_by_code

    applications = applications_of(trip_factory())
    with django_capture_on_commit_callbacks(execute=True):
        batch = _batch(officer, table["missions"]["JP"], applications, covering_note="Delegation to Tokyo, 4 days.")
    batch.refresh_from_db()
    document = document_by_code(code=batch.covering_letter_code)
    assert document is not None and document.kind == "visa_covering_letter" and document.case_id is None
    essentials = dict(document.essentials)
    assert essentials["batch_number"] == batch.number and essentials["applications"] == 2
    text = str(document.essentials)
    for application in applications:
        assert application.person.full_name not in text  # names and numbers stay off the public page
    assert document.pdf.read(5) == b"%PDF-"
    # Issuing again (a retried job) gives the same letter.
    assert services.covering_letter_issue(batch_id=batch.pk, by=officer) == batch.covering_letter_code


def test_the_letter_lists_each_application_with_the_passport_masked(submitted, officer):
    from onestop.visas.services.letters import covering_letter_context

    _trip, batch, applications = submitted()
    context = covering_letter_context(batch=batch)
    assert sorted(row["number"] for row in context["applications"]) == sorted(a.case.number for a in applications)
    for row in context["applications"]:
        assert "*" in row["passport"]
    assert context["mission"]["en"] == "Embassy of Japan"
