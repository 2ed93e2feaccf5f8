"""Reads for the joint permit application: who may see what, the completeness list, the
officers' review queues and the SLA figures of one case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.calendar.services import working_days_between
from onestop.core.errors import NotFound

from ..models import (
    CorrectionRequest,
    PermitApplication,
    Review,
    ReviewKind,
    ReviewStatus,
)
from ..policies import REQUIRED_MATERIALS, permit_policy
from ..workflow import PermitState

# Roles that see every submitted application (never another organization's drafts).
STAFF_VIEWERS = frozenset({"permit_officer", "exit_entry_officer", "supervisor", "admin"})
MANAGERS = frozenset({"supervisor", "admin"})
OFFICER_ROLES = frozenset({"permit_officer", "exit_entry_officer"})

LABEL_JOB_TITLE = _("Job title")
LABEL_CONTRACT = _("Contract start and end dates")
LABEL_SALARY = _("Monthly salary band")
LABEL_ADDRESS = _("Work address")
LABEL_PASSPORT = _("Passport entered from its machine-readable zone")
DETAIL_PASSPORT_MISSING = _("No passport on file for this employee.")
DETAIL_PASSPORT_EXPIRES = _("The passport expires on %(date)s; it must stay valid until at least %(needed)s.")
DETAIL_CONTRACT_ORDER = _("The contract must end after it starts.")
DETAIL_MATERIAL_MISSING = _("Not in the dossier yet, or not usable (expired, rejected or still being checked).")


def _applications() -> QuerySet[PermitApplication]:
    return PermitApplication.objects.select_related(
        "case", "employer", "person", "passport", "case__applicant", "case__assigned_to"
    )


def applications_visible_to(*, user: Any) -> QuerySet[PermitApplication]:
    """Employers see their own organization's applications (drafts included); officers and
    managers see every application once it has been submitted."""
    if not getattr(user, "is_authenticated", False):
        return PermitApplication.objects.none()
    roles = user.role_names
    condition = Q(pk__in=[])
    if roles & STAFF_VIEWERS:
        condition |= ~Q(case__state=PermitState.DRAFT)
    if "employer" in roles and user.organization_id:
        condition |= Q(employer_id=user.organization_id)
    return _applications().filter(condition)


def access_application(*, user: Any, pk: int) -> PermitApplication:
    """The application ``pk`` if ``user`` may see it; ``NotFound`` for missing and forbidden alike."""
    application = applications_visible_to(user=user).filter(pk=pk).first()
    if application is None:
        raise NotFound("permits.not_found")
    return application


def access_application_as_employer(*, user: Any, pk: int) -> PermitApplication:
    """For the employer's own actions (edit, materials, submit, corrections, booking)."""
    if "employer" not in user.role_names or not user.organization_id:
        raise NotFound("permits.not_found")
    application = _applications().filter(pk=pk, employer_id=user.organization_id).first()
    if application is None:
        raise NotFound("permits.not_found")
    return application


def access_review(*, user: Any, pk: int) -> Review:
    """A review half in one of ``user``'s queues (work permit officer or exit-entry officer)."""
    review = (
        Review.objects.select_related("application__case", "application__person", "application__employer", "officer")
        .filter(pk=pk, queue__in=list(user.role_names))
        .exclude(application__case__state=PermitState.DRAFT)
        .first()
    )
    if review is None:
        raise NotFound("permits.not_found")
    return review


def application_list(*, user: Any, state: str = "", query: str = "") -> QuerySet[PermitApplication]:
    qs = applications_visible_to(user=user)
    if state:
        qs = qs.filter(case__state=state)
    if query:
        qs = qs.filter(
            Q(case__number__icontains=query)
            | Q(person__full_name__icontains=query)
            | Q(person__latin_name__icontains=query)
            | Q(job_title__icontains=query)
        )
    return qs.order_by("-created_at", "-pk")


def review_queue(*, user: Any, mine_only: bool = False) -> QuerySet[Review]:
    """Open review halves in the user's queues, the most urgent case first. The case's own
    ``queue`` stays empty for permits: each half is queued on its ``Review`` row."""
    qs = (
        Review.objects.select_related("application__case", "application__person", "application__employer", "officer")
        .filter(
            queue__in=list(user.role_names & OFFICER_ROLES),
            status__in=[ReviewStatus.PENDING, ReviewStatus.IN_REVIEW],
            application__case__is_open=True,
            application__case__state__in=[PermitState.SUBMITTED, PermitState.UNDER_REVIEW],
        )
        .order_by("application__case__due_at", "application__case__submitted_at", "pk")
    )
    if mine_only:
        qs = qs.filter(officer=user)
    return qs


def reviews_of(*, application: PermitApplication) -> dict[str, Review]:
    return {r.kind: r for r in application.reviews.select_related("officer")}


def open_correction(*, application: PermitApplication) -> CorrectionRequest | None:
    return application.corrections.filter(answered_at__isnull=True).order_by("-round").first()


# --- completeness ------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletenessItem:
    code: str
    group: str  # "details" | "passport" | "materials"
    label: str
    ok: bool
    detail: str = ""


@dataclass
class CompletenessReport:
    items: list[CompletenessItem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(item.ok for item in self.items)

    @property
    def missing(self) -> list[CompletenessItem]:
        return [item for item in self.items if not item.ok]

    @property
    def missing_labels(self) -> list[str]:
        return [item.label for item in self.missing]

    def group(self, name: str) -> list[CompletenessItem]:
        return [item for item in self.items if item.group == name]


def _material_items(application: PermitApplication) -> list[CompletenessItem]:
    from onestop.dossier.services import case_materials_missing

    from ..integration import material_labels

    labels = material_labels(REQUIRED_MATERIALS)
    missing_codes = {_type_code(m) for m in case_materials_missing(case=application.case)}
    return [
        CompletenessItem(
            code=code,
            group="materials",
            label=labels.get(code, code),
            ok=code not in missing_codes,
            detail="" if code not in missing_codes else str(DETAIL_MATERIAL_MISSING),
        )
        for code in REQUIRED_MATERIALS
    ]


def _type_code(item: Any) -> str:
    """``case_materials_missing`` answers with case-material rows or material types."""
    if isinstance(item, str):
        return item
    material_type = getattr(item, "type", None)
    if material_type is not None and hasattr(material_type, "code"):
        return material_type.code
    return getattr(item, "code", str(item))


def application_completeness(*, application: PermitApplication, today: date | None = None) -> CompletenessReport:
    """Everything a complete submission needs, each line ok or not, with the reason."""
    today = today or timezone.localdate()
    policy = permit_policy()
    items = [
        CompletenessItem("job_title", "details", str(LABEL_JOB_TITLE), bool(application.job_title.strip())),
    ]
    dates_ok = bool(application.contract_start and application.contract_end)
    order_ok = not dates_ok or application.contract_end > application.contract_start
    items.append(
        CompletenessItem(
            "contract",
            "details",
            str(LABEL_CONTRACT),
            dates_ok and order_ok,
            "" if order_ok else str(DETAIL_CONTRACT_ORDER),
        )
    )
    items.append(CompletenessItem("salary_band", "details", str(LABEL_SALARY), bool(application.salary_band)))
    items.append(
        CompletenessItem("work_address", "details", str(LABEL_ADDRESS), bool(application.work_address.strip()))
    )
    passport = application.passport
    if passport is None:
        items.append(CompletenessItem("passport", "passport", str(LABEL_PASSPORT), False, str(DETAIL_PASSPORT_MISSING)))
    else:
        needed = today + timedelta(days=policy.passport_min_valid_days)
        valid = passport.expires_on is not None and passport.expires_on >= needed
        detail = "" if valid else str(DETAIL_PASSPORT_EXPIRES % {"date": passport.expires_on, "needed": needed})
        items.append(CompletenessItem("passport", "passport", str(LABEL_PASSPORT), valid, detail))
    items.extend(_material_items(application))
    return CompletenessReport(items)


# --- the SLA of one case -----------------------------------------------------------------


@dataclass(frozen=True)
class SlaFigures:
    status: str  # none | paused | ok | warning | breached (as onestop.cases.selectors.sla_status)
    due_on: date | None
    remaining: int | None  # working days left (negative: days over)
    elapsed: int | None  # working days on the clock so far (or until the decision)

    @property
    def overdue(self) -> int:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0


def remaining_working_days(*, due_on: date, today: date) -> int:
    if due_on >= today:
        return working_days_between(today, due_on)
    return -working_days_between(due_on, today)


def application_sla(
    *, application: PermitApplication, today: date | None = None, warning_days: int | None = None
) -> SlaFigures:
    """Where the single 7-working-day clock stands for this application. List pages pass
    ``warning_days`` (the policy's threshold) once for all rows."""
    from onestop.cases.selectors import sla_status

    case = application.case
    today = today or timezone.localdate()
    if not case.due_at or not case.submitted_at:
        return SlaFigures("none", None, None, None)
    due_on = timezone.localtime(case.due_at).date()
    started = timezone.localtime(case.submitted_at).date()
    if application.decision_working_days is not None:
        return SlaFigures("none", due_on, None, application.decision_working_days)
    reference = timezone.localtime(case.paused_at).date() if case.paused_at else today
    elapsed = max(working_days_between(started, reference) - application.paused_working_days, 0)
    status = sla_status(case)
    if (
        status == "ok"
        and remaining_working_days(due_on=due_on, today=reference) <= permit_policy().warning_working_days
    ):
        status = "warning"
    return SlaFigures(status, due_on, remaining_working_days(due_on=due_on, today=reference), elapsed)


def review_kinds() -> list[tuple[str, str]]:
    return [(k.value, str(k.label)) for k in ReviewKind]
