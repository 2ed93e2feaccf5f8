"""Who may move a passport application: a liaison officer of the application's organization
or one above it, and the system (when the trip is withdrawn); nobody else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from onestop.cases.services import case_transition
from onestop.core.errors import DomainError
from onestop.passports.models import PassportApplication
from onestop.passports.workflow import ERR_OTHER_ORGANIZATION, guard_own_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def application_case(make_person, make_trip):
    """The draft application the approval opens for a traveller without a passport."""
    person = make_person()
    make_trip([person])
    return PassportApplication.objects.select_related("case__organization").get(person=person).case


def test_the_own_organization_its_parent_and_the_system_may_act(application_case, liaison, make_user, org):
    parent_liaison = make_user("liaison", org=org.parent)
    assert guard_own_organization(application_case, liaison) is None
    assert guard_own_organization(application_case, parent_liaison) is None
    assert guard_own_organization(application_case, None) is None


def test_another_organization_a_child_one_and_anonymous_may_not(
    application_case, other_liaison, make_user, make_org, org
):
    child_liaison = make_user("liaison", org=make_org("Faculty of Physics", parent=org))
    homeless = make_user("liaison")
    for user in (other_liaison, child_liaison, homeless, AnonymousUser()):
        assert guard_own_organization(application_case, user) == ERR_OTHER_ORGANIZATION, user


def test_the_kernel_refuses_a_withdrawal_by_another_organization(application_case, other_liaison, liaison):
    with pytest.raises(DomainError):
        case_transition(case=application_case, name="withdraw", by=other_liaison)
    application_case.refresh_from_db()
    assert application_case.state == "draft"
    case_transition(case=application_case, name="withdraw", by=liaison)
    application_case.refresh_from_db()
    assert application_case.state == "withdrawn"
