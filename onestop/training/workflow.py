"""A training program's life cycle, as a case workflow.

draft ─publish─► open ─close_enrolment─► closed ─complete─► completed
                  ▲ └──────reopen◄───────┘  │
                  └─(open also completes)───┘
draft/open/closed ─cancel (reason)─► cancelled

Enrolments themselves are not cases (there can be a thousand in a minute); their moves are
declared in ``services.enrolment.ENROLMENT_MOVES``. See docs/adr/0400.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.workflow import Transition, Workflow, register

from .models import ProgramState

KIND = "training_program"
MANAGERS = frozenset({str(Role.TRAINING_ORGANIZER), str(Role.ADMIN)})

ERR_NO_SESSIONS = _("Add at least one session before publishing the program.")
ERR_NO_NAME = _("Give the program a name in Chinese or English before publishing it.")


def _program(case):
    from .models import Program

    return Program.objects.get(case=case)


def guard_publishable(case, by):
    program = _program(case)
    if not (program.names.get("zh-hans") or program.names.get("en")):
        return ERR_NO_NAME
    if not program.sessions.exists():
        return ERR_NO_SESSIONS
    return None


def effect_cancel_enrolments(case, by, data):
    from .services.enrolment import enrolments_cancel_all

    enrolments_cancel_all(program=_program(case), by=by)


def effect_end_presence(case, by, data):
    from .services.presence import presence_close_program

    presence_close_program(program=_program(case))


def effect_withdraw_offers(case, by, data):
    from .services.enrolment import offers_withdraw

    offers_withdraw(program=_program(case))


WORKFLOW = register(
    Workflow(
        kind=KIND,
        prefix="TRN",
        states=ProgramState,
        initial=ProgramState.DRAFT,
        final_states=frozenset({ProgramState.COMPLETED, ProgramState.CANCELLED}),
        verbose_name=_("Training program"),
        transitions=[
            Transition(
                name="publish",
                source=(ProgramState.DRAFT,),
                target=ProgramState.OPEN,
                label=_("Publish and open enrolment"),
                timeline=_("The program was published; enrolment is open."),
                roles=MANAGERS,
                guards=(guard_publishable,),
                notify_applicant=False,
            ),
            Transition(
                name="close_enrolment",
                source=(ProgramState.OPEN,),
                target=ProgramState.CLOSED,
                label=_("Close enrolment"),
                timeline=_("Enrolment was closed."),
                roles=MANAGERS,
                notify_applicant=False,
                style="secondary",
            ),
            Transition(
                name="reopen",
                source=(ProgramState.CLOSED,),
                target=ProgramState.OPEN,
                label=_("Reopen enrolment"),
                timeline=_("Enrolment was reopened."),
                roles=MANAGERS,
                notify_applicant=False,
                style="secondary",
            ),
            Transition(
                name="complete",
                source=(ProgramState.OPEN, ProgramState.CLOSED),
                target=ProgramState.COMPLETED,
                label=_("Mark as completed"),
                timeline=_("The program was completed."),
                roles=MANAGERS,
                effects=(effect_end_presence, effect_withdraw_offers),
                notify_applicant=False,
            ),
            Transition(
                name="cancel",
                source=(ProgramState.DRAFT, ProgramState.OPEN, ProgramState.CLOSED),
                target=ProgramState.CANCELLED,
                label=_("Cancel the program"),
                timeline=_("The program was cancelled."),
                roles=MANAGERS,
                requires_note=True,
                effects=(effect_cancel_enrolments, effect_end_presence),
                notify_applicant=False,
                style="danger",
            ),
        ],
    )
)
