"""Pages: the visa officer's queue, batch creation and outcome forms, the application page
with its assembled data and reused materials; the liaison officer's read-only view of their
organization's trips; no state change on GET; pinned query counts on list pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onestop.visas.models import VisaApplication, VisaBatch

from .conftest import ORD, applications_of, today

pytestmark = pytest.mark.django_db


def _state(application) -> str:
    return VisaApplication.objects.select_related("case").get(pk=application.pk).case.state


def test_queue_groups_prepared_applications_by_country(login, officer, trip_factory, table):
    trip_factory(stops=(("JP", "Tokyo", 0, 2), ("KE", "Nairobi", 3, 5)), passports=(ORD, None))
    response = login(officer).get(reverse("visas:queue") + "?lang=en")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="group-JP"') < html.index('id="group-KE"')
    assert "2 applications prepared, 1 ready." in html
    assert "No passport is reserved for the traveller on this trip yet." in html
    assert 'data-batch="JP"' in html


def test_queue_is_empty_with_a_message(login, officer, table):
    response = login(officer).get(reverse("visas:queue") + "?lang=en")
    assert "No application is waiting to be submitted." in response.content.decode()


def test_batch_creation_through_the_page(login, officer, trip_factory, table):
    applications = applications_of(trip_factory())
    client = login(officer)
    url = reverse("visas:batch-create") + "?country=JP&lang=en"
    page = client.get(url)
    assert page.status_code == 200
    assert all(a.case.number in page.content.decode() for a in applications)
    response = client.post(
        url,
        {
            "country": "JP",
            "mission": table["missions"]["JP"].pk,
            "applications": [str(a.pk) for a in applications],
            "covering_note": "Two members of the university's delegation.",
            "submitted_on": today().isoformat(),
        },
    )
    batch = VisaBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("visas:batch-detail", args=[batch.pk])
    assert {_state(a) for a in applications} == {"submitted"}


def test_batch_form_shows_errors_in_a_summary(login, officer, trip_factory, table):
    applications = applications_of(trip_factory())
    response = login(officer).post(
        reverse("visas:batch-create") + "?lang=en",
        {"country": "JP", "mission": table["missions"]["KE"].pk, "applications": [str(applications[0].pk)],
         "covering_note": "", "submitted_on": today().isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "Covering note" in html
    assert {_state(a) for a in applications} == {"prepared"}


def test_outcomes_are_recorded_from_the_batch_page(login, officer, submitted):
    _trip, batch, applications = submitted()
    client = login(officer)
    detail = client.get(reverse("visas:batch-detail", args=[batch.pk]) + "?lang=en")
    assert detail.status_code == 200 and b"Record the issued visa" in detail.content
    first, second = applications
    prefix = f"issue-{first.pk}"
    response = client.post(
        reverse("visas:application-issue", args=[first.pk]),
        {"back": "batch", f"{prefix}-number": "JP7777777", f"{prefix}-entries": "single",
         f"{prefix}-valid_from": first.arrive_on.isoformat(), f"{prefix}-valid_until": first.depart_on.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith(f"/batches/{batch.pk}/")
    assert _state(first) == "issued"
    bad = client.post(
        reverse("visas:application-refuse", args=[second.pk]) + "?lang=en",
        {"back": "batch", f"refuse-{second.pk}-reason": ""},
    )
    assert bad.status_code == 400 and b"error-summary" in bad.content and _state(second) == "submitted"
    client.post(reverse("visas:application-refuse", args=[second.pk]), {f"refuse-{second.pk}-reason": "Refused"})
    assert _state(second) == "refused"


def test_application_page_shows_the_assembled_data_and_the_reused_materials(login, officer, trip_factory, table):
    application = applications_of(trip_factory())[0]
    response = login(officer).get(reverse("visas:application-detail", args=[application.pk]) + "?lang=en")
    html = response.content.decode()
    assert application.person.full_name in html and application.passport.number_masked in html
    assert application.passport.reveal_number() not in html
    assert html.count(reverse("dossier:material-file", args=[1]).rsplit("/", 3)[0]) >= 3  # three material links
    assert "reused" in html and "from the trip" in html
    assert "Prepared from trip" in html  # the timeline


def test_revealing_a_visa_number_is_a_post_and_not_cached(login, officer, submitted):
    from onestop.visas import services

    application = submitted()[2][0]
    services.visa_application_issue(
        application=application, by=officer, number="JP5550001", valid_from=application.arrive_on,
        valid_until=application.depart_on,
    )  # fmt: skip
    client = login(officer)
    page = client.get(reverse("visas:application-detail", args=[application.pk]))
    assert b"JP5550001" not in page.content
    revealed = client.post(reverse("visas:visa-reveal", args=[application.pk]))
    assert b"JP5550001" in revealed.content and revealed["Cache-Control"] == "no-store"


def test_liaison_officer_reads_own_organization_only(login, liaison, other_liaison, submitted):
    trip, _batch, applications = submitted()
    own = login(liaison)
    status = own.get(reverse("visas:trip-status", args=[trip.case_id]) + "?lang=en")
    assert status.status_code == 200 and applications[0].case.number.encode() in status.content
    detail = own.get(reverse("visas:application-detail", args=[applications[0].pk]) + "?lang=en")
    assert detail.status_code == 200
    assert b"Record the issued visa" not in detail.content and b"visa/reveal" not in detail.content
    listing = own.get(reverse("visas:trip-list"))
    assert trip.case.number.encode() in listing.content
    other = login(other_liaison)
    assert other.get(reverse("visas:trip-status", args=[trip.case_id])).status_code == 404
    assert other.get(reverse("visas:application-detail", args=[applications[0].pk])).status_code == 404
    assert trip.case.number.encode() not in other.get(reverse("visas:trip-list")).content
    # Officer-only pages and moves are closed to the liaison officer.
    assert own.get(reverse("visas:queue")).status_code == 404
    assert own.get(reverse("visas:batch-list")).status_code == 404
    response = own.post(reverse("visas:application-withdraw", args=[applications[0].pk]), {"withdraw-x-reason": "x"})
    assert response.status_code == 404 and _state(applications[0]) == "submitted"


def test_no_page_changes_state_on_get(login, officer, submitted):
    _trip, batch, applications = submitted()
    client = login(officer)
    for name, args in [
        ("visas:queue-refresh", []),
        ("visas:application-withdraw", [applications[0].pk]),
        ("visas:application-refresh", [applications[0].pk]),
        ("visas:application-issue", [applications[0].pk]),
        ("visas:visa-reveal", [applications[0].pk]),
        ("visas:trip-prepare", [applications[0].trip_case_id]),
        ("visas:batch-letter", [batch.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 405, name
    assert {_state(a) for a in applications} == {"submitted"}


def test_requirement_table_page_filters(login, liaison, table):
    response = login(liaison).get(reverse("visas:requirement-list") + "?country=JP&lang=en")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-label="Country">Japan' in html and 'data-label="Country">Kenya' not in html
    assert "Visa from an embassy or consulate" in html


def test_pages_in_chinese(login, officer, submitted):
    _trip, batch, _applications = submitted()
    client = login(officer)
    html = client.get(reverse("visas:batch-detail", args=[batch.pk]) + "?lang=zh-hans").content.decode()
    assert 'lang="zh-hans"' in html
    assert "Record the issued visa" not in html and "Covering note" not in html


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session also saves the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_cost_a_fixed_number_of_queries(login, officer, liaison, trip_factory, table):
    from onestop.visas import services

    def grow(**kwargs):
        trip = trip_factory(**kwargs)
        applications = applications_of(trip)
        services.visa_batch_create(
            by=officer, mission=table["missions"]["JP"], covering_note="n", application_ids=[applications[0].pk]
        )

    officer_client, liaison_client = login(officer), login(liaison)
    grow(passports=(ORD, ORD))
    urls = [reverse(n) for n in ("visas:queue", "visas:application-list", "visas:batch-list", "visas:trip-list")]
    before = {url: _queries(officer_client, url) for url in urls}
    before_liaison = _queries(liaison_client, reverse("visas:trip-list"))
    grow(passports=(ORD, ORD, ORD))
    grow(passports=(ORD, ORD), start=60)
    after = {url: _queries(officer_client, url) for url in urls}
    assert after == before
    assert _queries(liaison_client, reverse("visas:trip-list")) == before_liaison


def test_workspace_tiles(login, officer, liaison):
    home = login(officer).get(reverse("core:home") + "?lang=en").content.decode()
    assert re.search(r'href="/visas/"', home)
    home = login(liaison).get(reverse("core:home") + "?lang=en").content.decode()
    assert 'href="/visas/trips/"' in home
