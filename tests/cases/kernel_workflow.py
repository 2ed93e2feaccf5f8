"""A small workflow used only by the kernel tests."""

from django.db import models

from onestop.cases.workflow import Clock, Transition, Workflow, register


class S(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WAITING = "waiting", "Waiting for the applicant"
    ACCEPTED = "accepted", "Accepted, later steps open"
    DONE = "done", "Done"
    REJECTED = "rejected", "Rejected"


def _must_have_title(case, by):
    return None if case.title else "A title is required."


WORKFLOW = register(
    Workflow(
        kind="kerneltest",
        prefix="KT",
        states=S,
        initial=S.DRAFT,
        sla_budget=5,
        final_states=frozenset({S.DONE, S.REJECTED}),
        transitions=[
            Transition(
                "submit",
                (S.DRAFT,),
                S.SUBMITTED,
                "Submit",
                "Submitted",
                roles=frozenset({"liaison"}),
                guards=(_must_have_title,),
                clock=Clock.START,
                queue="fao_reviewer",
            ),
            Transition(
                "ask",
                (S.SUBMITTED,),
                S.WAITING,
                "Ask",
                "Asked",
                roles=frozenset({"fao_reviewer"}),
                clock=Clock.PAUSE,
                queue="liaison",
                requires_note=True,
            ),
            Transition(
                "answer",
                (S.WAITING,),
                S.SUBMITTED,
                "Answer",
                "Answered",
                roles=frozenset({"liaison"}),
                clock=Clock.RESUME,
                queue="fao_reviewer",
            ),
            Transition(
                "approve",
                (S.SUBMITTED,),
                S.DONE,
                "Approve",
                "Approved",
                roles=frozenset({"fao_reviewer"}),
                clock=Clock.STOP,
            ),
            Transition(
                "accept",
                (S.SUBMITTED,),
                S.ACCEPTED,
                "Accept",
                "Accepted",
                roles=frozenset({"fao_reviewer"}),
                clock=Clock.STOP,
            ),
            Transition(
                "finish",
                (S.ACCEPTED,),
                S.DONE,
                "Finish",
                "Finished",
                roles=frozenset({"fao_reviewer"}),
            ),
            Transition(
                "reject",
                (S.SUBMITTED, S.WAITING),
                S.REJECTED,
                "Reject",
                "Rejected",
                roles=frozenset({"fao_reviewer"}),
                clock=Clock.STOP,
                requires_note=True,
            ),
        ],
    )
)
