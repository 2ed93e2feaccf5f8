"""Pages for employers, officers and managers; scoping; forms with error summaries; languages."""

import pytest
from django.urls import reverse

from onestop.permits.models import PermitApplication
from onestop.permits.policies import REQUIRED_MATERIALS

from .conftest import fresh, material_file, mrz_for, reviews


def test_employer_files_through_the_four_steps(login, employer):
    client = login(employer)
    assert client.get(reverse("permits:index")).status_code == 200
    page = client.get(reverse("permits:start"))
    assert page.status_code == 200 and b'aria-current="step"' in page.content
    line1, line2 = mrz_for(surname="SILVA", given="JOAO", nationality="PRT", sex="M")
    response = client.post(reverse("permits:start"), {"mrz": f"{line1}\n{line2}", "job_title": "Process engineer"})
    application = PermitApplication.objects.get(employer=employer.organization)
    assert response.status_code == 302 and response["Location"] == reverse("permits:edit", args=[application.pk])
    assert application.person.latin_name == "Joao Silva"
    response = client.post(
        reverse("permits:edit", args=[application.pk]),
        {
            "job_title": "Process engineer",
            "contract_start": "2031-01-01",
            "contract_end": "2033-01-01",
            "salary_band": "20k_35k",
            "work_address": "2 River Road",
        },
    )
    assert response["Location"] == reverse("permits:materials", args=[application.pk])
    page = client.get(reverse("permits:materials", args=[application.pk]))
    assert page.content.count(b'class="todo"') == len(REQUIRED_MATERIALS)
    for code in REQUIRED_MATERIALS:
        response = client.post(
            reverse("permits:materials", args=[application.pk]), {"type_code": code, "file": material_file(code)}
        )
        assert response.status_code == 302, response.content[:500]
    page = client.get(reverse("permits:submit", args=[application.pk]))
    assert b'class="todo"' not in page.content and b"Submit the application" in page.content
    assert fresh(application).case.state == "draft"  # looking changes nothing
    response = client.post(reverse("permits:submit", args=[application.pk]))
    assert response.status_code == 302
    assert fresh(application).case.state == "submitted"
    detail = client.get(reverse("permits:detail", args=[application.pk]))
    assert application.case.number.encode() in detail.content


def test_a_bad_mrz_comes_back_with_an_error_summary_naming_the_field(login, employer):
    client = login(employer)
    line1, line2 = mrz_for()
    response = client.post(
        reverse("permits:start"), {"mrz": f"{line1}\n{line2[:-1]}{(int(line2[-1]) + 1) % 10}", "job_title": "X"}
    )
    assert response.status_code == 200
    assert b'class="error-summary"' in response.content
    assert b'href="#id_mrz"' in response.content
    assert not PermitApplication.objects.exists()


def test_employment_errors_are_summarised(login, employer, build):
    application = build("draft", complete=False)
    client = login(employer)
    response = client.post(
        reverse("permits:edit", args=[application.pk]),
        {
            "job_title": "",
            "contract_start": "2031-01-01",
            "contract_end": "2030-01-01",
            "salary_band": "",
            "work_address": "",
        },
    )
    assert response.status_code == 200
    for field in (b"#id_job_title", b"#id_contract_end", b"#id_salary_band", b"#id_work_address"):
        assert field in response.content


def test_submitting_an_incomplete_application_shows_what_is_missing(login, employer, build):
    application = build("draft", complete=False)
    response = login(employer).post(reverse("permits:submit", args=[application.pk]))
    assert response.status_code == 200 and b"error-summary" in response.content
    assert fresh(application).case.state == "draft"


@pytest.mark.parametrize(
    "name",
    [
        "permits:detail",
        "permits:edit",
        "permits:materials",
        "permits:submit",
        "permits:corrections",
        "permits:biometrics",
    ],
)
def test_another_employer_gets_not_found(login, other_employer, build, name):
    application = build("draft")
    assert login(other_employer).get(reverse(name, args=[application.pk])).status_code == 404


def test_another_employer_does_not_see_the_application_in_lists(login, other_employer, build):
    application = build("submitted")
    page = login(other_employer).get(reverse("permits:index"))
    assert application.case.number.encode() not in page.content


def test_officers_do_not_see_drafts(login, permit_officer, build):
    application = build("draft")
    assert login(permit_officer).get(reverse("permits:detail", args=[application.pk])).status_code == 404


def test_officer_takes_and_decides_a_half_through_the_pages(login, permit_officer, build):
    application = build("submitted")
    work, residence = reviews(application)
    client = login(permit_officer)
    queue = client.get(reverse("permits:queue"))
    assert application.case.number.encode() in queue.content
    # the other authority's half is not theirs
    assert client.get(reverse("permits:review", args=[residence.pk])).status_code == 404
    page = client.get(reverse("permits:review", args=[work.pk]))
    assert b"Take this review" in page.content
    assert fresh(application).case.state == "submitted"
    client.post(reverse("permits:review-start", args=[work.pk]))
    assert fresh(application).case.state == "under_review"
    response = client.post(reverse("permits:review-decide", args=[work.pk]), {"verdict": "refused", "note": ""})
    assert response.status_code == 400 and b"error-summary" in response.content
    response = client.post(reverse("permits:review-decide", args=[work.pk]), {"verdict": "approved", "note": ""})
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.status == "approved"


def test_employer_answers_the_combined_request(login, employer, build):
    application = build("correction_requested")
    client = login(employer)
    page = client.get(reverse("permits:corrections", args=[application.pk]))
    assert b"Sign page 3" in page.content
    response = client.post(reverse("permits:corrections", args=[application.pk]), {"response": ""})
    assert b"error-summary" in response.content
    client.post(reverse("permits:corrections", args=[application.pk]), {"response": "Signed and uploaded"})
    assert fresh(application).case.state == "under_review"


def test_manager_dashboard_draws_its_charts_without_scripts(login, supervisor, build):
    build("approved")
    build("submitted")
    page = login(supervisor).get(reverse("permits:dashboard"))
    assert page.status_code == 200
    assert b"<svg" in page.content and b'class="hbar' in page.content
    assert b'<script src="http' not in page.content and b"cdn" not in page.content.lower()


def test_dashboard_chart_coordinates_stay_numbers_in_decimal_comma_languages(login, supervisor, build):
    import re

    build("approved")
    build("submitted")
    content = login(supervisor).get(reverse("permits:dashboard") + "?lang=de").content.decode()
    svg = content[content.index("<svg") : content.index("</svg>")]
    values = re.findall(r'\b(?:x|y|x1|x2|y1|y2|cx|width|height)="([^"]*)"', svg)
    assert values, "the chart has no coordinates"
    assert [v for v in values if not re.fullmatch(r"-?\d+(\.\d+)?", v)] == []


def test_roles_reach_only_their_pages(login, employer, permit_officer, supervisor):
    assert login(employer).get(reverse("permits:dashboard")).status_code == 404
    assert login(employer).get(reverse("permits:queue")).status_code == 404
    assert login(permit_officer).get(reverse("permits:start")).status_code == 404
    assert login(supervisor).get(reverse("permits:index")).status_code == 200


@pytest.mark.parametrize(
    ("lang", "marker", "text"),
    [
        ("ar", 'dir="rtl"', "المراجعتان"),
        ("zh-hans", 'lang="zh-Hans"', "两项审查"),
        ("de", 'lang="de"', "Die beiden Prüfungen"),
        ("ja", 'lang="ja"', "二つの審査"),
    ],
)
def test_pages_render_in_other_languages(login, employer, build, lang, marker, text):
    application = build("submitted")
    client = login(employer)
    page = client.get(reverse("permits:detail", args=[application.pk]) + f"?lang={lang}")
    content = page.content.decode()
    assert page.status_code == 200 and marker in content
    assert text in content


def test_list_pages_use_a_fixed_number_of_queries(login, supervisor, build, django_assert_max_num_queries):
    client = login(supervisor)
    build("submitted")
    client.get(reverse("permits:index"))
    for _ in range(3):
        build("submitted")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("permits:index"))
    assert response.content.count(b"PRM-") >= 4


def test_queue_page_uses_a_fixed_number_of_queries(login, permit_officer, build, django_assert_max_num_queries):
    client = login(permit_officer)
    build("submitted")
    client.get(reverse("permits:queue"))
    for _ in range(3):
        build("submitted")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("permits:queue"))
    assert response.content.count(b"PRM-") == 4


def test_policy_is_edited_in_the_admin_and_audited(login, make_user):
    from django.conf import settings

    from onestop.cases.models import AuditEvent
    from onestop.permits.policies import permit_policy

    admin = make_user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    policy = permit_policy()
    client = login(admin)
    url = f"/{settings.ADMIN_URL}permits/permitpolicy/{policy.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "sla_working_days": 6,
            "warning_working_days": 1,
            "passport_min_valid_days": 180,
            "biometrics_before_residence_approval": "on",
        },
    )
    assert response.status_code == 302
    assert permit_policy().sla_working_days == 6
    event = AuditEvent.objects.get(action="permits.policy.changed")
    assert event.old["sla_working_days"] == 7 and event.new["sla_working_days"] == 6
