"""Contention on PostgreSQL: officers deciding both halves at the same moment, officers
racing for one half, agents filing twice for one employee."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from django.db import connection

from onestop.cases.models import TimelineEntry
from onestop.core.errors import Conflict, DomainError
from onestop.permits import services
from onestop.permits.models import PermitApplication, ReviewStatus

from .conftest import fresh, reviews

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("material_catalogue"),
]


def _together(calls):
    """Run the callables at the same moment from separate threads (separate connections)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", calls[index]())
        except DomainError as exc:
            results[index] = (exc.code, None)
        except Exception as exc:  # reported by the test
            results[index] = (f"error:{exc.__class__.__name__}:{exc}", None)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        list(pool.map(run, range(len(calls))))
    return results


@pytest.mark.parametrize("round_", range(3))
def test_both_verdicts_at_the_same_moment_make_exactly_one_joint_decision(round_, build, permit_officer, exit_officer):
    application = build("under_review")
    work, residence = reviews(application)
    with mock.patch("onestop.permits.integration.permits_issue_on_commit") as issue:
        results = _together(
            [
                lambda: services.review_decide(review=work, by=permit_officer, verdict="approved"),
                lambda: services.review_decide(review=residence, by=exit_officer, verdict="approved"),
            ]
        )
    assert [code for code, _r in results] == ["ok", "ok"]
    app = fresh(application)
    assert app.case.state == "approved"
    assert TimelineEntry.objects.filter(case=app.case, code="permit.approve").count() == 1
    assert issue.call_count == 1


def test_officers_racing_for_one_half_leave_it_with_one_of_them(build, make_user):
    application = build("submitted")
    work, _residence = reviews(application)
    officers = [make_user("permit_officer") for _ in range(8)]
    results = _together([lambda o=o: services.review_start(review=work, by=o) for o in officers])
    codes = [code for code, _r in results]
    assert codes.count("ok") == 1
    assert set(codes) == {"ok", "permits.review.taken"}
    work.refresh_from_db()
    assert work.status == ReviewStatus.IN_REVIEW and work.officer in officers
    assert fresh(application).case.state == "under_review"


def test_filing_twice_for_one_employee_at_once_gives_one_application(employer, employee):
    person = employee()

    def file():
        return services.application_create(by=employer, person=person, job_title="Engineer").pk

    results = _together([file for _ in range(6)])
    codes = [code for code, _r in results]
    assert codes.count("ok") == 1, codes
    assert set(codes) == {"ok", "permits.duplicate"}
    assert PermitApplication.objects.filter(person=person).count() == 1
    with pytest.raises(Conflict):
        file()
