"""The REST API: the whole joint application, end to end, with scoping and error bodies."""

import pytest

from onestop.permits.models import PermitApplication
from onestop.permits.policies import REQUIRED_MATERIALS

from .conftest import fresh, material_file, mrz_for, reviews

BASE = "/api/v1/permits"


def test_employer_files_an_application_and_officers_decide_it(api, employer, permit_officer, exit_officer):
    client = api(employer)
    response = client.post(
        f"{BASE}/applications/",
        {
            "mrz": list(mrz_for(surname="KIM", given="MINJI", nationality="KOR")),
            "job_title": "Chemist",
            "contract_start": "2031-02-01",
            "contract_end": "2033-02-01",
            "salary_band": "20k_35k",
            "work_address": "5 Lab Street",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    pk = body["id"]
    assert body["state"] == "draft" and body["employee"]["nationality"] == "KOR"
    assert "*" in body["passport"]["number"] or "•" in body["passport"]["number"]
    completeness = client.get(f"{BASE}/applications/{pk}/completeness/").json()
    assert completeness["complete"] is False
    assert {i["code"] for i in completeness["items"] if not i["ok"]} == set(REQUIRED_MATERIALS)
    for code in REQUIRED_MATERIALS:
        response = client.post(
            f"{BASE}/applications/{pk}/materials/",
            {"type_code": code, "file": material_file(code)},
            format="multipart",
        )
        assert response.status_code == 201, response.json()
    assert response.json()["complete"] is True
    response = client.post(f"{BASE}/applications/{pk}/submit/")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert response.json()["sla"]["remaining"] is not None

    for officer in (permit_officer, exit_officer):
        officer_client = api(officer)
        queue = officer_client.get(f"{BASE}/reviews/").json()["results"]
        assert [r["case_number"] for r in queue] == [body["number"]]
        review_id = queue[0]["id"]
        assert officer_client.post(f"{BASE}/reviews/{review_id}/start/").json()["status"] == "in_review"
        response = officer_client.post(
            f"{BASE}/reviews/{review_id}/decide/", {"verdict": "correction_requested", "note": "Fix it"}, format="json"
        )
        assert response.status_code == 200 and response.json()["status"] == "correction_requested"

    detail = client.get(f"{BASE}/applications/{pk}/").json()
    assert detail["state"] == "correction_requested"
    assert len(detail["corrections"]) == 1 and len(detail["corrections"][0]["points"]) == 2
    response = client.post(f"{BASE}/applications/{pk}/resubmit/", {"response": "Fixed both"}, format="json")
    assert response.json()["state"] == "under_review"


def test_error_bodies_name_the_code_and_the_field(api, employer, build):
    application = build("draft", complete=False)
    client = api(employer)
    response = client.post(f"{BASE}/applications/{application.pk}/submit/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "permit.submit.guard"
    response = client.patch(f"{BASE}/applications/{application.pk}/", {"salary_band": "lots"}, format="json")
    assert response.status_code == 400 and "salary_band" in response.json()["error"]["fields"]
    line1, line2 = mrz_for()
    response = client.post(
        f"{BASE}/employees/", {"mrz": [line1, line2[:-1] + str((int(line2[-1]) + 1) % 10)]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"].startswith("dossier.mrz.check_digit")
    assert "mrz" in response.json()["error"]["fields"]


def test_update_a_draft(api, employer, build):
    application = build("draft", complete=False)
    response = api(employer).patch(f"{BASE}/applications/{application.pk}/", {"job_title": "Lead"}, format="json")
    assert response.status_code == 200 and response.json()["job_title"] == "Lead"


def test_another_employer_gets_404_everywhere(api, other_employer, build):
    application = build("submitted")
    client = api(other_employer)
    for method, path in [
        ("get", f"{BASE}/applications/{application.pk}/"),
        ("get", f"{BASE}/applications/{application.pk}/completeness/"),
        ("patch", f"{BASE}/applications/{application.pk}/"),
        ("post", f"{BASE}/applications/{application.pk}/submit/"),
        ("post", f"{BASE}/applications/{application.pk}/resubmit/"),
        ("post", f"{BASE}/applications/{application.pk}/biometrics/"),
    ]:
        assert getattr(client, method)(path, {}, format="json").status_code == 404, path
    assert client.get(f"{BASE}/applications/").json()["count"] == 0


def test_officer_cannot_decide_the_other_authoritys_half(api, permit_officer, build):
    application = build("under_review")
    _work, residence = reviews(application)
    client = api(permit_officer)
    assert (
        client.post(f"{BASE}/reviews/{residence.pk}/decide/", {"verdict": "approved"}, format="json").status_code == 404
    )
    assert client.post(f"{BASE}/reviews/{residence.pk}/start/").status_code == 404


def test_employers_cannot_use_officer_or_manager_endpoints(api, employer, build):
    application = build("under_review")
    work, _residence = reviews(application)
    client = api(employer)
    assert client.post(f"{BASE}/reviews/{work.pk}/decide/", {"verdict": "approved"}, format="json").status_code == 404
    assert client.get(f"{BASE}/dashboard/").status_code == 404
    assert fresh(application).case.state == "under_review"


def test_officers_cannot_file(api, permit_officer):
    response = api(permit_officer).post(f"{BASE}/applications/", {"job_title": "x", "person": 1}, format="json")
    assert response.status_code == 404
    assert not PermitApplication.objects.exists()


def test_dashboard_for_managers(api, supervisor, build):
    build("approved")
    body = api(supervisor).get(f"{BASE}/dashboard/?days=30").json()
    assert body["decided"] == 1 and body["on_time"] == 1 and body["sla_days"] == 7
    assert {b["key"] for b in body["review_days"]} == {"work_permit", "residence_permit"}


def test_anonymous_callers_are_refused(api):
    assert api().get(f"{BASE}/applications/").status_code in (401, 403)


@pytest.mark.parametrize("state", ["", "submitted"])
def test_list_filters_by_state(api, supervisor, build, state):
    build("submitted")
    build("approved")
    body = api(supervisor).get(f"{BASE}/applications/?state={state}").json()
    assert body["count"] == (1 if state else 2)


def test_schema_builds_for_the_permit_endpoints(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/permits/applications/" in response.content
