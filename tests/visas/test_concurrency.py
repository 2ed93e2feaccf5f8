"""Two visa officers batch the same application at the same moment: exactly one batch gets
it (row locks on the cases plus the conditional claim), on PostgreSQL."""

import threading

import pytest
from django.db import close_old_connections, connection

from onestop.core.errors import DomainError
from onestop.visas import services
from onestop.visas.models import VisaApplication, VisaBatch

from .conftest import applications_of


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_batch_the_same_applications(trip_factory, table, officer, officer2):
    applications = applications_of(trip_factory())
    ids = [a.pk for a in applications]
    mission = table["missions"]["JP"]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(user):
        close_old_connections()
        try:
            barrier.wait(timeout=10)
            batch = services.visa_batch_create(by=user, mission=mission, application_ids=ids, covering_note="n")
            outcomes.append(f"ok:{batch.pk}")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in (officer, officer2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "visas.batch_not_prepared"], outcomes
    assert VisaBatch.objects.count() == 1
    batch = VisaBatch.objects.get()
    assert set(VisaApplication.objects.values_list("batch_id", flat=True)) == {batch.pk}
    assert set(VisaApplication.objects.values_list("case__state", flat=True)) == {"submitted"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_outcome_and_a_withdrawal_at_once_leave_one_result(submitted, officer, officer2):
    _trip, _batch, applications = submitted()
    application = applications[0]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def issue():
        close_old_connections()
        try:
            barrier.wait(timeout=10)
            services.visa_application_issue(
                application=application, by=officer, number="JP9990001",
                valid_from=application.arrive_on, valid_until=application.depart_on,
            )  # fmt: skip
            outcomes.append("issued")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    def withdraw():
        close_old_connections()
        try:
            barrier.wait(timeout=10)
            services.visa_application_withdraw(application=application, by=officer2, reason="Not travelling")
            outcomes.append("withdrawn")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue), threading.Thread(target=withdraw)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    final = VisaApplication.objects.select_related("case").get(pk=application.pk).case.state
    assert final in ("issued", "withdrawn")
    assert sorted(outcomes) in (["issued", "visas.not_open"], ["visas.not_submitted", "withdrawn"]), outcomes
    from onestop.visas.models import Visa

    assert Visa.objects.filter(application=application).exists() == (final == "issued")
