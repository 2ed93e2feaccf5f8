"""The hotline request's life, declared for the case kernel.

received ──route──────────► assigned ──contact──► in_progress ──reply──► replied ──close──► closed
    │                          ▲  │  ▲                 │                    │
    └─queue─► dispatching ─────┘  │  └──────reassign───┘                    └─reopen─► assigned
                  ▲  │            │
                  │  └─reject─► rejected
                  └────return─────┘   (a department returns a misrouted request once)

received ──answer_on_call──► closed   (an agent answered the caller from the knowledge base)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onestop.accounts.roles import Role
from onestop.cases.workflow import Clock, Transition, Workflow, register

KIND = "hotline"
MAX_RETURNS = 1

ERR_RETURNED_ALREADY = _("This request was already returned once; only the dispatcher can move it now.")


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    DISPATCHING = "dispatching", _("Waiting for a dispatcher")
    ASSIGNED = "assigned", _("With the department")
    IN_PROGRESS = "in_progress", _("Being handled")
    REPLIED = "replied", _("Answered")
    CLOSED = "closed", pgettext_lazy("hotline request status", "Closed")
    REJECTED = "rejected", pgettext_lazy("hotline request status", "Not accepted")


OPEN_HANDLING = (State.ASSIGNED, State.IN_PROGRESS)
DEPARTMENT = frozenset({Role.DEPARTMENT_HANDLER})
DISPATCH = frozenset({Role.DISPATCHER, Role.SUPERVISOR})
FOLLOW_UP = frozenset({Role.HOTLINE_AGENT, Role.SUPERVISOR})


def _not_returned_before(case, by) -> str | None:
    detail = case.hotline_request
    return ERR_RETURNED_ALREADY if detail.returned_count >= MAX_RETURNS else None


WORKFLOW = register(
    Workflow(
        kind=KIND,
        prefix="HL",
        states=State,
        initial=State.RECEIVED,
        final_states=frozenset({State.CLOSED, State.REJECTED}),
        sla_unit="working_days",
        sla_budget=7,
        verbose_name=_("hotline request"),
        notify_organization=False,  # the case's organization is the handling department
        transitions=[
            Transition(
                "route",
                (State.RECEIVED,),
                State.ASSIGNED,
                _("Send to the department"),
                _("Your request was sent to the responsible department."),
                clock=Clock.START,
                queue=Role.DEPARTMENT_HANDLER,
            ),
            Transition(
                "queue",
                (State.RECEIVED,),
                State.DISPATCHING,
                _("Send to a dispatcher"),
                _("Your request was received and is being sent to the right department."),
                clock=Clock.START,
                queue=Role.DISPATCHER,
                notify_applicant=False,
            ),
            Transition(
                "answer_on_call",
                (State.RECEIVED,),
                State.CLOSED,
                _("Answered on the call"),
                _("Your question was answered on the call."),
                roles=frozenset({Role.HOTLINE_AGENT}),
                clock=Clock.STOP,
                requires_note=True,
            ),
            Transition(
                "dispatch",
                (State.DISPATCHING,),
                State.ASSIGNED,
                _("Dispatch"),
                _("Your request was sent to the responsible department."),
                roles=DISPATCH,
                queue=Role.DEPARTMENT_HANDLER,
            ),
            Transition(
                "reassign",
                OPEN_HANDLING,
                State.ASSIGNED,
                _("Send to another department"),
                _("Your request was sent to another department."),
                roles=DISPATCH,
                queue=Role.DEPARTMENT_HANDLER,
                requires_note=True,
                style="secondary",
            ),
            Transition(
                "return",
                (State.ASSIGNED,),
                State.DISPATCHING,
                _("Return as not ours"),
                _("The department returned the request to the dispatcher."),
                roles=DEPARTMENT,
                guards=(_not_returned_before,),
                queue=Role.DISPATCHER,
                requires_note=True,
                notify_applicant=False,
                style="secondary",
            ),
            Transition(
                "reject",
                (State.DISPATCHING,),
                State.REJECTED,
                _("Do not accept"),
                _("Your request could not be accepted."),
                roles=DISPATCH,
                clock=Clock.STOP,
                requires_note=True,
                style="danger",
            ),
            Transition(
                "contact",
                (State.ASSIGNED,),
                State.IN_PROGRESS,
                _("Citizen contacted"),
                _("The department contacted you and is working on your request."),
                roles=DEPARTMENT,
            ),
            Transition(
                "reply",
                OPEN_HANDLING,
                State.REPLIED,
                _("Send the answer"),
                _("The department answered your request."),
                roles=DEPARTMENT,
                clock=Clock.STOP,
                queue="",
                requires_note=True,
            ),
            Transition(
                "close",
                (State.REPLIED,),
                State.CLOSED,
                _("Close"),
                _("The request is closed."),
                roles=FOLLOW_UP,
                notify_applicant=False,
                style="secondary",
            ),
            Transition(
                "reopen",
                (State.REPLIED, State.CLOSED),
                State.ASSIGNED,
                _("Reopen"),
                _("The request was reopened and sent back to the department."),
                roles=frozenset({Role.SUPERVISOR}),
                clock=Clock.START,
                queue=Role.DEPARTMENT_HANDLER,
                requires_note=True,
                style="secondary",
            ),
        ],
    )
)
