import pytest
from django.db import models
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.workflow import Clock, Transition, Workflow, register

KIND = "notifytest"


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


WORKFLOW = register(
    Workflow(
        kind=KIND,
        prefix="NTT",
        states=State,
        initial=State.DRAFT,
        transitions=[
            Transition(
                "submit",
                (State.DRAFT,),
                State.SUBMITTED,
                "Submit",
                "Submitted",
                roles=frozenset({Role.LIAISON}),
                clock=Clock.START,
                queue=Role.FAO_REVIEWER,
            ),
            Transition(
                "approve",
                (State.SUBMITTED,),
                State.APPROVED,
                "Approve",
                "Approved",
                roles=frozenset({Role.FAO_REVIEWER}),
                clock=Clock.STOP,
            ),
        ],
        final_states=frozenset({State.APPROVED}),
        sla_budget=5,
    )
)


@pytest.fixture
def make_case(db):
    from onestop.cases.services import case_create

    def _make(*, by, organization=None, applicant=None):
        return case_create(kind=KIND, by=by, title="Test case", organization=organization, applicant=applicant)

    return _make


@pytest.fixture(autouse=True)
def _reset_gateways():
    from onestop.notify.channels import LogSmsGateway, LogWeChatGateway

    from .gateways import FlakyGateway

    FlakyGateway.failures_left = 0
    FlakyGateway.delivered = []
    LogSmsGateway.outbox.clear()
    LogWeChatGateway.outbox.clear()
    yield
