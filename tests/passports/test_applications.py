"""Passport applications: every transition allowed and forbidden, materials reused from
the dossier, the application filed in parallel with the trip approval (it cannot be issued
before the trip is approved, and can after), renewals, and withdrawal with the trip."""

from datetime import timedelta

import pytest

from onestop.cases.models import Case
from onestop.core.errors import Conflict, DomainError, ValidationFailed
from onestop.dossier.models import CaseMaterial
from onestop.passports.models import Passport, PassportApplication, PassportStatus, Reservation
from onestop.passports.services import application_act, application_create, application_issue, application_update
from onestop.passports.workflow import WORKFLOW, ApplicationState
from tests.conftest import give_material, mrz_for

from .conftest import approve, future

pytestmark = pytest.mark.django_db
STATES = ApplicationState.values
ACTIONS = [t.name for t in WORKFLOW.transitions]


@pytest.fixture
def new_application(liaison, make_person, material_catalogue):
    def _make(person=None, *, trip_case=None, complete: bool = True, kind: str = "new"):
        person = person or make_person()
        if complete:
            give_material(person, "photo")
            give_material(person, "id_card")
        application = application_create(by=liaison, person=person, kind=kind, trip_case=trip_case)
        if complete:
            application_update(application=application, by=liaison, place_of_birth="Beijing", contact_phone="123")
        return application

    return _make


def _issue(application, officer, number="PE6660001"):
    person = application.person
    lines = mrz_for(person, number=number, expires_on=future(3650), birth=person.birth_date)
    return application_issue(application=application, by=officer, mrz=list(lines), storage_place="B-1")


def _to_state(application, state, liaison, officer):
    path = {
        "draft": [], "submitted": ["submit"], "in_review": ["submit", "accept"],
        "correction_requested": ["submit", "accept", "request_correction"],
        "ready_for_issue": ["submit", "accept", "prepare"], "issued": ["submit", "accept", "prepare", "issue"],
        "rejected": ["submit", "accept", "reject"], "withdrawn": ["withdraw"],
    }[state]  # fmt: skip
    for name in path:
        _do(application, name, liaison, officer)
    return PassportApplication.objects.select_related("case").get(pk=application.pk)


def _do(application, name, liaison, officer):
    actor = officer if name in ("accept", "request_correction", "prepare", "issue", "reject") else liaison
    if name == "issue":
        return _issue(application, officer, number=f"PE{6660000 + application.pk}")
    return application_act(application=application, name=name, by=actor, note="because")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_transition(state, action, new_application, liaison, officer):
    application = _to_state(new_application(), state, liaison, officer)
    assert application.case.state == state
    allowed = state in WORKFLOW.by_name[action].source
    if allowed:
        _do(application, action, liaison, officer)
        assert Case.objects.get(pk=application.case_id).state == WORKFLOW.by_name[action].target
    else:
        with pytest.raises(Conflict) as err:
            _do(application, action, liaison, officer)
        assert err.value.code == "cases.transition_not_allowed"
        assert Case.objects.get(pk=application.case_id).state == state


def test_materials_on_file_are_reused_and_missing_ones_block_submission(new_application, liaison, make_person):
    person = make_person()
    give_material(person, "photo")
    application = new_application(person, complete=False)
    rows = {row.type.code: row for row in CaseMaterial.objects.filter(case=application.case)}
    assert rows["photo"].reused and rows["photo"].material is not None
    assert rows["id_card"].material is None
    application_update(application=application, by=liaison, place_of_birth="Beijing", contact_phone="123")
    with pytest.raises(Conflict) as err:
        application_act(application=application, name="submit", by=liaison)
    assert err.value.code == "passport_application.submit.guard"
    give_material(person, "id_card")
    application_act(application=application, name="submit", by=liaison)
    assert Case.objects.get(pk=application.case_id).state == "submitted"


def test_form_data_is_needed_before_submission(new_application, liaison):
    application = new_application(complete=True)
    application_update(application=application, by=liaison, contact_phone="")
    with pytest.raises(Conflict):
        application_act(application=application, name="submit", by=liaison)


def test_filed_in_parallel_it_cannot_be_issued_before_the_trip_is_approved_and_can_after(
    new_application, make_person, make_trip, liaison, officer, reviewer
):
    person = make_person("李娜")
    trip = make_trip([person], state="in_review")
    application = new_application(person, trip_case=trip.case)
    assert application.case.parent_id == trip.case_id
    application = _to_state(application, "ready_for_issue", liaison, officer)
    with pytest.raises(Conflict) as err:
        _issue(application, officer)
    assert err.value.code == "passport_application.issue.guard"
    assert trip.case.number in str(err.value.message)
    assert Case.objects.get(pk=application.case_id).state == "ready_for_issue"
    assert not Passport.objects.filter(holder=person).exists()
    # approval: no second application for this traveller, nothing to reserve yet
    approve(trip, reviewer)
    assert PassportApplication.objects.filter(person=person).count() == 1
    passport = _issue(application, officer)
    assert Case.objects.get(pk=application.case_id).state == "issued"
    assert passport.status == PassportStatus.RESERVED
    reservation = Reservation.objects.get(passport=passport)
    assert reservation.trip_case_id == trip.case_id
    assert PassportApplication.objects.get(pk=application.pk).issued_passport == passport
    # the trip's one timeline shows the application's lines too
    from django.utils import translation

    from onestop.cases.selectors import case_timeline

    with translation.override("en"):
        texts = [line.text for line in case_timeline(case=Case.objects.get(pk=trip.case_id))]
    assert "The passport was issued and entered in the registry." in texts
    assert "The passport application was submitted to the passport office." in texts


def test_issue_refuses_bad_passport_data_and_keeps_the_state(new_application, liaison, officer):
    application = _to_state(new_application(), "ready_for_issue", liaison, officer)
    with pytest.raises(ValidationFailed):
        application_issue(application=application, by=officer, number="", expires_on=future(3650))
    assert Case.objects.get(pk=application.case_id).state == "ready_for_issue"


def test_renewal_cancels_the_old_passport(new_application, make_person, make_passport, liaison, officer):
    person = make_person()
    old = make_passport(person, expires_on=future(60))
    with pytest.raises(ValidationFailed) as err:
        new_application(person, kind="new")
    assert err.value.code == "passports.holds_valid"
    application = new_application(person, kind="renewal")
    assert application.previous_passport == old
    with pytest.raises(Conflict) as err:
        new_application(person, kind="renewal")
    assert err.value.code == "passports.application_open"
    _to_state(application, "issued", liaison, officer)
    assert Passport.objects.get(pk=old.pk).status == PassportStatus.CANCELLED


def test_liaison_of_another_organization_cannot_file_or_act(new_application, make_person, other_liaison, liaison):
    person = make_person()
    with pytest.raises(DomainError):
        application_create(by=other_liaison, person=person, kind="new")
    application = new_application(person)
    with pytest.raises(Conflict) as err:
        application_act(application=application, name="submit", by=other_liaison)
    assert err.value.code == "passport_application.submit.guard"


def test_rejected_trip_withdraws_its_parallel_applications(new_application, make_person, make_trip, reviewer):
    from onestop.trips import services

    person = make_person()
    trip = make_trip([person], state="in_review")
    application = new_application(person, trip_case=trip.case)
    services.trip_reject(trip=trip, by=reviewer, reason="No")
    assert Case.objects.get(pk=application.case_id).state == "withdrawn"


def test_a_traveller_who_is_not_on_the_trip_is_refused(new_application, make_person, make_trip):
    trip = make_trip([make_person()], state="in_review")
    with pytest.raises(ValidationFailed) as err:
        new_application(make_person(), trip_case=trip.case)
    assert err.value.code == "passports.not_traveller"


def test_due_date_unaffected_by_validity_rule(make_person, make_passport, make_trip):
    person = make_person()
    make_passport(person, expires_on=future(30 + 4 + 190))  # more than six months after the return
    trip = make_trip([person], start=30, days=5)
    assert Reservation.objects.get(trip_case_id=trip.case_id).due_on == trip.returns_on + timedelta(days=7)
