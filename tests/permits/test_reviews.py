"""The two parallel reviews, the combined correction request and the joint decision."""

import subprocess

import pytest

from onestop.cases.models import TimelineEntry
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, ValidationFailed
from onestop.permits import services
from onestop.permits.models import CorrectionRequest, ReviewStatus

from .conftest import fresh, material_file, reviews


def test_both_officers_work_at_the_same_time(build, permit_officer, exit_officer):
    application = build("submitted")
    work, residence = reviews(application)
    services.review_start(review=residence, by=exit_officer)
    assert fresh(application).case.state == "under_review"
    services.review_start(review=work, by=permit_officer)
    work, residence = reviews(application)
    assert (work.status, work.officer) == (ReviewStatus.IN_REVIEW, permit_officer)
    assert (residence.status, residence.officer) == (ReviewStatus.IN_REVIEW, exit_officer)
    # one verdict alone decides nothing
    services.review_decide(review=residence, by=exit_officer, verdict="approved")
    assert fresh(application).case.state == "under_review"


def test_an_officer_takes_only_their_own_authoritys_half(build, permit_officer):
    application = build("submitted")
    _work, residence = reviews(application)
    with pytest.raises(NotPermitted) as err:
        services.review_start(review=residence, by=permit_officer)
    assert err.value.code == "permits.review.not_your_queue"


def test_a_half_taken_by_one_officer_cannot_be_taken_by_another(build, make_user):
    application = build("submitted")
    work, _residence = reviews(application)
    first, second = make_user("permit_officer"), make_user("permit_officer")
    services.review_start(review=work, by=first)
    services.review_start(review=work, by=first)  # taking it again is harmless
    with pytest.raises(Conflict) as err:
        services.review_start(review=work, by=second)
    assert err.value.code == "permits.review.taken"


def test_only_the_officer_who_took_a_half_decides_it(build, make_user):
    application = build("under_review")
    work, _residence = reviews(application)
    with pytest.raises(NotPermitted) as err:
        services.review_decide(review=work, by=make_user("permit_officer"), verdict="approved")
    assert err.value.code == "permits.review.not_yours"


@pytest.mark.parametrize("verdict", ["refused", "correction_requested"])
def test_refusals_and_corrections_need_a_note(build, permit_officer, verdict):
    application = build("under_review")
    work, _residence = reviews(application)
    with pytest.raises(ValidationFailed) as err:
        services.review_decide(review=work, by=permit_officer, verdict=verdict, note=" ")
    assert err.value.fields == {"note": [err.value.message]}


def test_an_unknown_verdict_is_refused(build, permit_officer):
    work, _residence = reviews(build("under_review"))
    with pytest.raises(ValidationFailed) as err:
        services.review_decide(review=work, by=permit_officer, verdict="maybe")
    assert "verdict" in err.value.fields


def test_the_employer_gets_one_combined_request_with_both_officers_points(
    build, employer, permit_officer, exit_officer, django_capture_on_commit_callbacks
):
    from onestop.notify.models import Notification

    application = build("under_review")
    work, residence = reviews(application)
    services.review_decide(review=work, by=permit_officer, verdict="correction_requested", note="Contract unsigned")
    assert fresh(application).case.state == "under_review"  # waits for the other half
    assert not CorrectionRequest.objects.filter(application=application).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(review=residence, by=exit_officer, verdict="correction_requested", note="Photo too old")
    case = fresh(application).case
    assert case.state == "correction_requested"
    assert case.paused_at is not None
    request = CorrectionRequest.objects.get(application=application)
    assert request.points == [
        {"kind": "residence_permit", "text": "Photo too old"},
        {"kind": "work_permit", "text": "Contract unsigned"},
    ]
    sent = Notification.objects.filter(recipient=employer, code="permits.correction_requested")
    assert sent.filter(channel="inapp").count() == 1
    body = sent.get(channel="inapp").body
    assert "Contract unsigned" in body and "Photo too old" in body


def test_corrections_go_back_only_to_the_half_that_asked(build, employer, permit_officer, exit_officer):
    application = build("correction_requested")  # work asked, residence approved
    services.application_material_provide(
        application=application, by=employer, type_code="employment_contract", file=material_file("employment_contract")
    )
    with pytest.raises(ValidationFailed):
        services.application_resubmit(application=application, by=employer, response="")
    services.application_resubmit(application=application, by=employer, response="Signed contract uploaded")
    work, residence = reviews(application)
    assert work.status == ReviewStatus.PENDING and work.officer == permit_officer
    assert residence.status == ReviewStatus.APPROVED
    app = fresh(application)
    assert app.case.state == "under_review" and app.case.paused_at is None and app.round == 2
    request = CorrectionRequest.objects.get(application=application)
    assert request.answered_at is not None and request.response == "Signed contract uploaded"
    # the work officer takes it again and approves: the joint approval follows
    services.review_start(review=work, by=permit_officer)
    services.review_decide(review=work, by=permit_officer, verdict="approved")
    assert fresh(application).case.state == "approved"


def test_resubmitting_twice_is_refused(build, employer):
    application = build("correction_requested")
    services.application_resubmit(application=application, by=employer, response="Done")
    with pytest.raises(Conflict) as err:
        services.application_resubmit(application=application, by=employer, response="Again")
    assert err.value.code == "permits.no_open_correction"


def test_joint_approval_issues_both_permits_as_signed_verifiable_documents(
    build, permit_officer, exit_officer, django_capture_on_commit_callbacks
):
    from onestop.documents.models import IssuedDocument
    from onestop.documents.services import document_verify_bytes

    application = build("under_review")
    work, residence = reviews(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(review=work, by=permit_officer, verdict="approved")
        assert not IssuedDocument.objects.filter(case=application.case).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(review=residence, by=exit_officer, verdict="approved")
    app = fresh(application)
    assert app.case.state == "approved" and not app.case.is_open
    assert app.decided_at is not None and app.decision_working_days is not None and app.on_time is True
    documents = {d.kind: d for d in IssuedDocument.objects.filter(case=application.case)}
    assert set(documents) == {"work_permit", "residence_permit"}
    for document in documents.values():
        essentials = document.essentials_map
        assert essentials["case_number"] == app.case.number
        assert essentials["passport"] == app.passport.number_masked
        with document.pdf.open("rb") as fh:
            data = fh.read()
        result = document_verify_bytes(data=data)
        assert result.intact and result.document == document and result.signature_valid
        checked = subprocess.run(["pdfsig", document.pdf.path], capture_output=True, text=True)
        assert "Signature is Valid" in checked.stdout
    # a retried job does not issue a second pair
    from onestop.permits.tasks import permits_issue_task

    permits_issue_task.apply(kwargs={"application_id": app.pk, "by_id": exit_officer.pk})
    assert IssuedDocument.objects.filter(case=application.case).count() == 2


def test_refusal_carries_the_reasons_of_every_refusing_half(build, permit_officer, exit_officer):
    from onestop.documents.models import IssuedDocument

    application = build("under_review")
    work, residence = reviews(application)
    services.review_decide(review=work, by=permit_officer, verdict="refused", note="Salary below the threshold")
    services.review_decide(review=residence, by=exit_officer, verdict="refused", note="Overstay record")
    app = fresh(application)
    assert app.case.state == "refused"
    assert "Salary below the threshold" in app.refusal_reasons and "Overstay record" in app.refusal_reasons
    assert not IssuedDocument.objects.filter(case=application.case).exists()
    line = TimelineEntry.objects.get(case=app.case, code="permit.refuse")
    assert "Overstay record" in line.note


def test_a_refusal_outweighs_a_correction_request(build, permit_officer, exit_officer):
    application = build("under_review")
    work, residence = reviews(application)
    services.review_decide(review=work, by=permit_officer, verdict="correction_requested", note="Fix CV")
    services.review_decide(review=residence, by=exit_officer, verdict="refused", note="Security record")
    assert fresh(application).case.state == "refused"
    assert not CorrectionRequest.objects.filter(application=application).exists()


def test_no_verdict_once_the_case_is_decided(build, permit_officer):
    application = build("approved")
    work, _residence = reviews(application)
    with pytest.raises(Conflict):
        services.review_decide(review=work, by=permit_officer, verdict="refused", note="late")


def test_residence_approval_waits_for_the_biometrics_booking(build, exit_officer, no_biometrics_rule):
    no_biometrics_rule.biometrics_before_residence_approval = True
    no_biometrics_rule.save()
    application = build("under_review")
    _work, residence = reviews(application)
    with pytest.raises(Conflict) as err:
        services.review_decide(review=residence, by=exit_officer, verdict="approved")
    assert err.value.code == "permits.review.biometrics_first"
