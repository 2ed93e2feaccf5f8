"""The employer's services: create, complete, submit; the completeness list; the passport."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onestop.cases.models import AuditEvent
from onestop.core.errors import Conflict, ValidationFailed
from onestop.permits import services
from onestop.permits.models import Review, ReviewStatus
from onestop.permits.policies import REQUIRED_MATERIALS
from onestop.permits.selectors import application_completeness

from .conftest import fresh, material_file, mrz_for, provide_all


def _create(employer, person, **kwargs):
    values = {
        "job_title": "Data scientist",
        "contract_start": timezone.localdate() + timedelta(days=10),
        "contract_end": timezone.localdate() + timedelta(days=400),
        "salary_band": "20k_35k",
        "work_address": "1 Pharma Avenue",
    }
    values.update(kwargs)
    return services.application_create(by=employer, person=person, **values)


def test_employee_is_registered_from_the_passport_mrz(employer):
    person = services.employee_register(by=employer, mrz=mrz_for(surname="DUPONT", given="CLAIRE", nationality="FRA"))
    assert person.nationality == "FRA"
    assert person.latin_name == "Claire Dupont"
    assert person.organization_id == employer.organization_id
    passport = person.identity_documents.get()
    assert passport.kind == "passport"
    assert passport.number_masked.startswith("C0") and "*" in passport.number_masked or "•" in passport.number_masked


def test_a_bad_check_digit_in_the_mrz_is_refused_naming_the_field(employer):
    line1, line2 = mrz_for()
    broken = line2[:9] + str((int(line2[9]) + 1) % 10) + line2[10:]
    with pytest.raises(ValidationFailed) as err:
        services.employee_register(by=employer, mrz=[line1, broken])
    assert err.value.code == "dossier.mrz.check_digit.number"
    assert "mrz" in err.value.fields


def test_a_chinese_passport_is_not_a_foreign_employee(employer):
    with pytest.raises(ValidationFailed) as err:
        services.employee_register(by=employer, mrz=mrz_for(nationality="CHN", surname="WANG", given="LEI"))
    assert err.value.code == "permits.person_not_foreign"


def test_create_attaches_the_passport_and_lists_all_seven_materials_missing(employer, employee):
    application = _create(employer, employee())
    assert application.passport is not None
    assert application.case.kind == "permit" and application.case.number.startswith("PRM-")
    assert application.case.organization_id == employer.organization_id
    report = application_completeness(application=application)
    assert [i.code for i in report.group("materials")] == list(REQUIRED_MATERIALS)
    assert {i.code for i in report.missing} == set(REQUIRED_MATERIALS)
    assert not report.complete
    assert AuditEvent.objects.filter(action="permits.application.created", object_id=str(application.pk)).exists()


def test_completeness_lists_exactly_what_is_missing(employer, employee):
    application = _create(employer, employee())
    provide_all(application, employer, codes=[c for c in REQUIRED_MATERIALS if c not in ("degree", "cv")])
    report = application_completeness(application=application)
    assert sorted(i.code for i in report.missing) == ["cv", "degree"]
    provide_all(application, employer, codes=["degree", "cv"])
    assert application_completeness(application=application).complete


def test_materials_verified_in_the_vault_are_reused_by_the_next_application(employer, employee, permit_officer):
    from onestop.dossier.services import material_upload, material_verify

    person = employee()
    for code in REQUIRED_MATERIALS:
        material = material_upload(person=person, type_code=code, file=material_file(code), by=employer)
        material_verify(material=material, by=permit_officer)
    application = _create(employer, person)
    assert application_completeness(application=application).complete


def test_submit_refuses_an_incomplete_application_and_names_what_is_missing(employer, employee):
    application = _create(employer, employee())
    provide_all(application, employer, codes=[c for c in REQUIRED_MATERIALS if c != "health_certificate"])
    with pytest.raises(Conflict) as err:
        services.application_submit(application=application, by=employer)
    assert err.value.code == "permit.submit.guard"
    assert "Health certificate" in str(err.value.message)
    assert fresh(application).case.state == "draft"
    assert not Review.objects.filter(application=application).exists()


def test_submit_needs_the_employment_details(employer, employee):
    application = _create(employer, employee(), salary_band="", work_address="")
    provide_all(application, employer)
    with pytest.raises(Conflict) as err:
        services.application_submit(application=application, by=employer)
    assert "salary" in str(err.value.message).lower()
    assert "address" in str(err.value.message).lower()


def test_a_passport_expiring_too_soon_blocks_submission(employer):
    person = services.employee_register(by=employer, mrz=mrz_for(expiry=timezone.localdate() + timedelta(days=60)))
    application = _create(employer, person)
    provide_all(application, employer)
    report = application_completeness(application=application)
    assert [i.code for i in report.missing] == ["passport"]
    assert "expires" in report.missing[0].detail


def test_submit_starts_one_clock_and_opens_both_reviews_in_their_queues(employer, employee):
    application = _create(employer, employee())
    provide_all(application, employer)
    services.application_submit(application=application, by=employer)
    case = fresh(application).case
    assert case.state == "submitted"
    assert case.sla_budget == 7 and case.due_at is not None and case.submitted_at is not None
    assert case.queue == ""
    rows = {r.kind: r for r in Review.objects.filter(application=application)}
    assert rows["work_permit"].queue == "permit_officer"
    assert rows["residence_permit"].queue == "exit_entry_officer"
    assert {r.status for r in rows.values()} == {ReviewStatus.PENDING}


def test_the_time_limit_comes_from_the_policy(employer, employee):
    from onestop.permits.policies import permit_policy

    policy = permit_policy()
    policy.sla_working_days = 5
    policy.save()
    application = _create(employer, employee())
    provide_all(application, employer)
    services.application_submit(application=application, by=employer)
    assert fresh(application).case.sla_budget == 5


def test_one_open_application_per_employee(employer, employee):
    person = employee()
    first = _create(employer, person)
    with pytest.raises(Conflict) as err:
        _create(employer, person)
    assert err.value.code == "permits.duplicate"
    assert first.case.number in str(err.value.message)


def test_a_person_of_another_organization_cannot_be_filed_for(employer, other_employer):
    stranger = services.employee_register(by=other_employer, mrz=mrz_for())
    with pytest.raises(ValidationFailed) as err:
        _create(employer, stranger)
    assert err.value.code == "permits.person_other_org"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"job_title": "  "}, "job_title"),
        ({"salary_band": "millions"}, "salary_band"),
        ({"contract_start": timezone.localdate(), "contract_end": timezone.localdate()}, "contract_end"),
    ],
)
def test_bad_details_are_refused_naming_the_field(employer, employee, changes, field):
    application = _create(employer, employee())
    with pytest.raises(ValidationFailed) as err:
        services.application_update(application=application, by=employer, **changes)
    assert field in err.value.fields


def test_only_a_draft_can_be_edited(build, employer):
    application = build("submitted")
    with pytest.raises(Conflict) as err:
        services.application_update(application=application, by=employer, job_title="Changed")
    assert err.value.code == "permits.not_draft"


def test_materials_are_closed_while_under_review(build, employer):
    application = build("under_review")
    with pytest.raises(Conflict) as err:
        services.application_material_provide(
            application=application, by=employer, type_code="cv", file=material_file("cv")
        )
    assert err.value.code == "permits.materials_closed"


def test_an_unknown_material_code_is_refused(build, employer):
    application = build("draft", complete=False)
    with pytest.raises(ValidationFailed) as err:
        services.application_material_provide(
            application=application, by=employer, type_code="invitation_letter", file=material_file("x")
        )
    assert err.value.fields == {"type_code": [err.value.message]}
