"""Trip services: drafting, submission with the policy and the materials, the review clock,
decisions, and who may do what."""

from __future__ import annotations

import pytest

from onestop.cases.models import AuditEvent, TimelineEntry
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.trips import services
from onestop.trips.models import Trip, TripMember, TripPolicy
from onestop.trips.policy import MSG_DEPARTURE_PAST
from tests.conftest import give_material

from .conftest import complete_materials, future


def test_create_numbers_the_case_and_records_it(liaison, org):
    trip = services.trip_create(
        by=liaison,
        purpose="Conference",
        inviter_name="ETH Zurich",
        inviter_country="ch",
        departs_on=future(10),
        returns_on=future(13),
    )
    assert trip.case.number.startswith("TRP-") and trip.case.state == "draft"
    assert trip.organization == org and trip.case.organization == org and trip.case.applicant == liaison
    assert trip.inviter_country == "CH"
    assert AuditEvent.objects.filter(action="trips.trip.created", object_id=str(trip.pk)).exists()
    assert TimelineEntry.objects.filter(case=trip.case, code="cases.created").exists()


def test_create_names_every_bad_field(liaison):
    with pytest.raises(ValidationFailed) as caught:
        services.trip_create(by=liaison, purpose=" ", inviter_name="", inviter_country="XX")
    assert set(caught.value.fields) == {"purpose", "inviter_name", "inviter_country"}


def test_create_refuses_return_before_departure(liaison):
    with pytest.raises(ValidationFailed) as caught:
        services.trip_create(
            by=liaison, purpose="p", inviter_name="i", inviter_country="JP", departs_on=future(10), returns_on=future(9)
        )
    assert caught.value.fields == {"returns_on": [services.drafting.ERR_RETURN_BEFORE_DEPARTURE]}


def test_only_liaison_officers_create_and_only_for_their_organization(reviewer, liaison, other_org):
    with pytest.raises(NotPermitted):
        services.trip_create(by=reviewer, purpose="p", inviter_name="i", inviter_country="JP")
    with pytest.raises(ValidationFailed) as caught:
        services.trip_create(by=liaison, organization=other_org, purpose="p", inviter_name="i", inviter_country="JP")
    assert "organization" in caught.value.fields


def test_a_parent_organization_liaison_files_for_a_sub_organization(parent_liaison, org):
    trip = services.trip_create(
        by=parent_liaison, organization=org, purpose="p", inviter_name="i", inviter_country="JP"
    )
    assert trip.organization == org


def test_update_changes_fields_and_the_case_title(draft_trip, liaison):
    trip = draft_trip()
    services.trip_update(trip=trip, by=liaison, purpose="Signing a cooperation agreement\nwith details")
    trip.refresh_from_db()
    trip.case.refresh_from_db()
    assert trip.case.title == "Signing a cooperation agreement"
    event = AuditEvent.objects.filter(action="trips.trip.updated").latest("seq")
    assert event.new == {"purpose": "Signing a cooperation agreement\nwith details"}


def test_another_organization_cannot_touch_the_trip(draft_trip, other_liaison, make_person, other_org):
    trip = draft_trip()
    with pytest.raises(NotFound):
        services.trip_update(trip=trip, by=other_liaison, purpose="mine now")
    with pytest.raises(NotFound):
        services.trip_member_add(trip=trip, by=other_liaison, person=make_person(organization=other_org))
    with pytest.raises(NotFound):
        services.trip_withdraw(trip=trip, by=other_liaison)


def test_members_come_from_the_organization_once_each(draft_trip, liaison, make_person, other_org):
    trip = draft_trip(members=1)
    outsider = make_person(organization=other_org)
    with pytest.raises(ValidationFailed) as caught:
        services.trip_member_add(trip=trip, by=liaison, person=outsider)
    assert caught.value.code == "trips.person_other_org"
    existing = trip.members.get().person
    with pytest.raises(ValidationFailed) as caught:
        services.trip_member_add(trip=trip, by=liaison, person=existing)
    assert caught.value.code == "trips.person_twice"


def test_a_new_leader_replaces_the_old_one(draft_trip, liaison, make_person):
    trip = draft_trip(members=2)
    old_leader = trip.members.get(role="leader")
    newcomer = services.trip_member_add(trip=trip, by=liaison, person=make_person(), role="leader")
    assert list(trip.members.filter(role="leader")) == [newcomer]
    old_leader.refresh_from_db()
    assert old_leader.role == "member"
    event = AuditEvent.objects.filter(action="trips.member.added").latest("seq")
    assert event.new["previous_leader"] == old_leader.person_id
    assert newcomer.person.full_name not in str(event.new)  # persons by id only


def test_destinations_are_checked(draft_trip, liaison):
    trip = draft_trip()
    with pytest.raises(ValidationFailed) as caught:
        services.trip_destination_add(
            trip=trip, by=liaison, country="CN", city="", arrive_on=future(3), depart_on=future(2)
        )
    assert set(caught.value.fields) == {"country", "city"}
    with pytest.raises(ValidationFailed) as caught:
        services.trip_destination_add(
            trip=trip, by=liaison, country="FR", city="Paris", arrive_on=future(3), depart_on=future(2)
        )
    assert set(caught.value.fields) == {"depart_on"}
    dest = services.trip_destination_add(
        trip=trip, by=liaison, country="fr", city="Paris", arrive_on=future(31), depart_on=future(32)
    )
    assert dest.country == "FR" and dest.order == 2
    services.trip_destination_remove(trip=trip, by=liaison, destination_id=dest.pk)
    assert trip.destinations.count() == 1


def test_submission_lists_missing_materials_by_person(draft_trip, liaison):
    trip = draft_trip(members=2)
    leader = trip.members.get(role="leader").person
    give_material(leader, "passport_page")
    give_material(leader, "photo")
    with pytest.raises(ValidationFailed) as caught:
        services.trip_submit(trip=trip, by=liaison)
    assert caught.value.code == "trips.materials_missing"
    missing = caught.value.fields["materials"]
    member = trip.members.get(role="member").person
    assert len(missing) == 3  # the member's passport page and photo, the invitation letter
    assert sum(member.full_name in str(m) for m in missing) == 2
    assert sum(leader.full_name in str(m) for m in missing) == 1
    trip.case.refresh_from_db()
    assert trip.case.state == "draft"


def test_materials_on_file_are_reused(ready_trip, liaison):
    from onestop.dossier.models import CaseMaterial
    from onestop.trips.materials import trip_materials_status

    trip = ready_trip()
    services.trip_submit(trip=trip, by=liaison)
    rows = CaseMaterial.objects.filter(case=trip.case)
    assert rows.count() == 5 and all(r.material_id for r in rows)
    statuses = {(line.type_code, line.status) for line in trip_materials_status(trip=Trip.objects.get(pk=trip.pk))}
    assert statuses == {("passport_page", "reused"), ("photo", "reused"), ("invitation_letter", "provided")}


def test_a_hard_breach_blocks_submission_with_the_list(ready_trip, liaison):
    trip = ready_trip(days=7)
    with pytest.raises(ValidationFailed) as caught:
        services.trip_submit(trip=trip, by=liaison, soft_reason="we really need it")
    assert caught.value.code == "trips.policy_hard"
    assert len(caught.value.fields["policy"]) == 1
    assert "7" in caught.value.fields["policy"][0]


def test_a_soft_breach_needs_a_written_reason(ready_trip, liaison, make_person):
    trip = ready_trip(members=0, days=7, is_teaching_research=True)
    for role in ("leader", "member"):
        services.trip_member_add(trip=trip, by=liaison, person=make_person(is_teaching_research=True), role=role)
    complete_materials(trip)
    with pytest.raises(ValidationFailed) as caught:
        services.trip_submit(trip=trip, by=liaison, soft_reason="  ")
    assert caught.value.code == "trips.soft_reason_required"
    assert "soft_reason" in caught.value.fields
    services.trip_submit(trip=trip, by=liaison, soft_reason="Field work needs a week on site.")
    trip.refresh_from_db()
    assert trip.case.state == "submitted"
    assert trip.soft_breach_reason == "Field work needs a week on site."


def test_submission_starts_the_clock_with_the_policy_deadline(ready_trip, liaison):
    from onestop.calendar.services import add_working_days

    policy = TripPolicy.objects.get(is_active=True)
    policy.sla_working_days = 3
    policy.save()
    trip = ready_trip()
    services.trip_submit(trip=trip, by=liaison)
    case = Trip.objects.get(pk=trip.pk).case
    assert case.sla_budget == 3 and case.queue == "fao_reviewer" and case.submitted_at
    from django.utils import timezone

    assert timezone.localtime(case.due_at).date() == add_working_days(timezone.localdate(), 3)


def test_correction_pauses_the_clock_and_resubmission_resumes_it(trip_in_state, liaison, reviewer):
    trip = trip_in_state("in_review")
    services.trip_request_correction(trip=trip, by=reviewer, note="Add the itinerary")
    case = Trip.objects.get(pk=trip.pk).case
    assert case.state == "correction_requested" and case.paused_at is not None and case.queue == "liaison"
    assert case.assigned_to == reviewer
    services.trip_update(trip=trip, by=liaison, itinerary="Day 1 meetings; day 2 lab visit")
    services.trip_resubmit(trip=trip, by=liaison)
    case.refresh_from_db()
    assert case.state == "resubmitted" and case.paused_at is None and case.queue == "fao_reviewer"


def test_request_correction_and_reject_need_a_reason(trip_in_state, reviewer):
    trip = trip_in_state("in_review")
    with pytest.raises(ValidationFailed):
        services.trip_request_correction(trip=trip, by=reviewer, note="")
    with pytest.raises(ValidationFailed):
        services.trip_reject(trip=trip, by=reviewer, reason=" ")
    services.trip_reject(trip=trip, by=reviewer, reason="Outside the annual plan")
    entry = TimelineEntry.objects.filter(case=trip.case, code="trip.reject").get()
    assert entry.note == "Outside the annual plan"


def test_only_the_assigned_reviewer_decides_until_someone_takes_over(trip_in_state, reviewer, reviewer2):
    trip = trip_in_state("in_review")
    with pytest.raises(Conflict):
        services.trip_approve(trip=trip, by=reviewer2)
    with pytest.raises(Conflict) as refused:  # "assign to me" does not take a trip from a colleague
        services.trip_assign(trip=trip, by=reviewer2)
    assert refused.value.code == "trips.assign_taken"
    trip.case.refresh_from_db()
    assert trip.case.assigned_to == reviewer
    services.trip_assign(trip=trip, by=reviewer2, take_over=True)
    trip.case.refresh_from_db()
    assert trip.case.assigned_to == reviewer2
    services.trip_approve(trip=trip, by=reviewer2)
    assert Trip.objects.get(pk=trip.pk).case.state == "approved"


def test_assign_is_for_reviewers_and_waiting_trips(trip_in_state, liaison, reviewer):
    trip = trip_in_state("submitted")
    with pytest.raises(NotPermitted):
        services.trip_assign(trip=trip, by=liaison)
    approved = trip_in_state("approved")
    with pytest.raises(Conflict):
        services.trip_assign(trip=approved, by=reviewer)


def test_the_trip_cannot_change_once_submitted(trip_in_state, liaison, make_person):
    trip = trip_in_state("submitted")
    with pytest.raises(Conflict):
        services.trip_update(trip=trip, by=liaison, purpose="changed")
    with pytest.raises(Conflict):
        services.trip_member_add(trip=trip, by=liaison, person=make_person())


def test_approval_numbers_the_trip_and_issues_the_signed_document(
    trip_in_state, reviewer, liaison, django_capture_on_commit_callbacks, tmp_path
):
    import subprocess

    from onestop.documents.models import IssuedDocument

    trip = trip_in_state("in_review")
    with django_capture_on_commit_callbacks(execute=True):
        services.trip_approve(trip=trip, by=reviewer, note="Agreed")
    trip.refresh_from_db()
    assert trip.approval_number.startswith("TRPA-") and trip.approved_at
    document = IssuedDocument.objects.get(case=trip.case, kind="trip_approval")
    essentials = dict(document.essentials)
    assert essentials["approval_number"] == trip.approval_number
    assert essentials["delegation_size"] == 2
    pdf = tmp_path / "approval.pdf"
    pdf.write_bytes(document.pdf.read())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "出国（境）任务批件" in text and trip.approval_number in text
    leader = trip.members.get(role="leader").person
    assert leader.full_name in text
    signature = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in signature


def test_withdraw_keeps_the_trip_on_record(trip_in_state, liaison):
    trip = trip_in_state("submitted")
    services.trip_withdraw(trip=trip, by=liaison, note="Conference cancelled")
    case = Trip.objects.get(pk=trip.pk).case
    assert case.state == "withdrawn" and not case.is_open


def test_rating_after_the_decision(trip_in_state, liaison, other_liaison):
    """A refusal ends the case: it can be rated. An approval no longer does (the passports,
    visas and the report follow); the trip is rated once closed (test_after)."""
    with pytest.raises(Conflict):
        services.trip_rate(trip=trip_in_state("approved"), by=liaison, score=5)
    trip = trip_in_state("rejected")
    with pytest.raises(NotFound):
        services.trip_rate(trip=trip, by=other_liaison, score=5)
    rating = services.trip_rate(trip=trip, by=liaison, score=4, comment="Quick")
    assert rating.score == 4
    open_trip = trip_in_state("submitted")
    with pytest.raises(Conflict):
        services.trip_rate(trip=open_trip, by=liaison, score=5)


def test_policy_save_keeps_one_active_row(make_user):
    from onestop.trips.services.policy import trip_policy_save

    admin = make_user("admin")
    first = TripPolicy.objects.get(is_active=True)
    second = trip_policy_save(policy=TripPolicy(name="2027", max_persons=8), by=admin)
    first.refresh_from_db()
    assert second.is_active and not first.is_active
    assert AuditEvent.objects.filter(action="trips.policy.saved", object_id=str(second.pk)).exists()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        trip_policy_save(policy=TripPolicy(name="bad", max_days_by_countries=[5, 8]), by=admin)


def test_members_are_ordered_leader_first(draft_trip, liaison, make_person):
    trip = draft_trip(members=0)
    services.trip_member_add(trip=trip, by=liaison, person=make_person("Zhang"), role="member")
    services.trip_member_add(trip=trip, by=liaison, person=make_person("Li"), role="leader")
    assert [m.role for m in TripMember.objects.filter(trip=trip)] == ["leader", "member"]


def test_dates_in_the_past_block_submission(ready_trip, liaison):
    trip = ready_trip(start=-3)
    with pytest.raises(ValidationFailed) as caught:
        services.trip_submit(trip=trip, by=liaison)
    assert caught.value.code == "trips.policy_hard"
    assert [str(m) for m in caught.value.fields["policy"]] == [str(MSG_DEPARTURE_PAST)]
