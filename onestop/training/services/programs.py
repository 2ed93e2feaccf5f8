"""Programs, sessions and materials: what organizers set up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.audit import audit_record
from onestop.cases.services import NotPermitted, case_create, case_transition
from onestop.core.errors import Conflict, ValidationFailed

from ..i18n import clean_names
from ..models import Material, Program, ProgramState, Session
from ..workflow import KIND
from .common import require_manager
from .enrolment import program_set_capacity
from .uploads import check_material_file

ERR_NAME_REQUIRED = _("Give a name in at least one language.")
ERR_TITLE_REQUIRED = _("Give a title in at least one language.")
ERR_CODE_TAKEN = _("Another program already uses this code.")
ERR_CAPACITY = _("The number of seats must be at least 1.")
ERR_OFFER_HOURS = _("The time to accept an offer must be between 1 and 168 hours.")
ERR_PERCENT = _("The attendance for a certificate is a percentage from 0 to 100.")
ERR_TIMES = _("A session must end after it starts.")
ERR_ONLINE_LINK = _("An online class needs its online link.")
ERR_VENUE = _("A session held in person needs a venue.")
ERR_PRESENCE = _("The number of people present at once must be at least 1.")
ERR_FINISHED = _("The program is finished; its timetable can no longer change.")
ERR_FILE_OR_LINK = _("Upload a file or give a link, not both.")
ERR_FACILITATOR_ROLE = _("%(name)s does not have the facilitator role.")
ERR_NOT_ORGANIZER = _("Only training organizers can create programs.")
ERR_HAS_ATTENDANCE = _("This session already has attendance or questions; it cannot be deleted.")

EDITABLE = (ProgramState.DRAFT, ProgramState.OPEN, ProgramState.CLOSED)


def _invalid(code: str, field: str, message: Any) -> ValidationFailed:
    return ValidationFailed(code, message, fields={field: [message]})


def _check_settings(*, capacity: int, offer_hours: int, certificate_min_attendance: int) -> None:
    if capacity < 1:
        raise _invalid("training.capacity", "capacity", ERR_CAPACITY)
    if not 1 <= offer_hours <= 168:
        raise _invalid("training.offer_hours", "offer_hours", ERR_OFFER_HOURS)
    if not 0 <= certificate_min_attendance <= 100:
        raise _invalid("training.attendance_percent", "certificate_min_attendance", ERR_PERCENT)


def _unique_code(base: str) -> str:
    base = slugify(base)[:50] or "program"
    code, n = base, 1
    while Program.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def program_create(
    *,
    by: Any,
    names: dict,
    capacity: int,
    descriptions: dict | None = None,
    code: str = "",
    organization: Any = None,
    self_registration: bool = True,
    nomination: bool = True,
    requires_approval: bool = False,
    waitlist_enabled: bool = True,
    offer_hours: int = 24,
    quota_only: bool = False,
    certificate_min_attendance: int = 80,
) -> Program:
    """Create a program in draft, with its case (number TRN-yyyy-nnnnnn) and timeline."""
    if not by.role_names & {Role.TRAINING_ORGANIZER, Role.ADMIN}:
        raise NotPermitted("training.not_organizer", ERR_NOT_ORGANIZER)
    names = clean_names(names)
    if not names:
        raise _invalid("training.name_required", "names", ERR_NAME_REQUIRED)
    _check_settings(capacity=capacity, offer_hours=offer_hours, certificate_min_attendance=certificate_min_attendance)
    organization = organization or by.organization
    if organization is None:
        raise _invalid("training.organization_required", "organization", _("The organizer's organization is needed."))
    if code:
        code = slugify(code)[:60]
        if Program.objects.filter(code=code).exists():
            raise _invalid("training.code_taken", "code", ERR_CODE_TAKEN)
    else:
        code = _unique_code(names.get("en") or names.get("zh-hans") or next(iter(names.values())))
    title = names.get("zh-hans") or names.get("en") or next(iter(names.values()))
    with transaction.atomic():
        case = case_create(kind=KIND, by=by, title=title, organization=organization, applicant=by)
        program = Program.objects.create(
            case=case,
            code=code,
            names=names,
            descriptions=clean_names(descriptions),
            organizer=by,
            organization=organization,
            capacity=capacity,
            self_registration=self_registration,
            nomination=nomination,
            requires_approval=requires_approval,
            waitlist_enabled=waitlist_enabled,
            offer_hours=offer_hours,
            quota_only=quota_only,
            certificate_min_attendance=certificate_min_attendance,
        )
        audit_record(actor=by, action="training.program.created", obj=program, new={"code": code, "capacity": capacity})
    return program


PROGRAM_FLAGS = ("self_registration", "nomination", "requires_approval", "waitlist_enabled", "quota_only")


def program_update(*, program: Program, by: Any, **changes: Any) -> Program:
    """Change names, descriptions, settings or the capacity of a program that is not finished.
    A larger capacity offers the new seats to the waitlist at once."""
    require_manager(by, program)
    if program.case.state not in EDITABLE:
        raise Conflict("training.program_finished", ERR_FINISHED)
    capacity = changes.pop("capacity", None)
    _check_settings(
        capacity=capacity if capacity is not None else program.capacity,
        offer_hours=changes.get("offer_hours", program.offer_hours),
        certificate_min_attendance=changes.get("certificate_min_attendance", program.certificate_min_attendance),
    )
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    if "names" in changes:
        names = clean_names(changes.pop("names"))
        if not names:
            raise _invalid("training.name_required", "names", ERR_NAME_REQUIRED)
        changes["names"] = names
    if "descriptions" in changes:
        changes["descriptions"] = clean_names(changes.pop("descriptions"))
    allowed = {"names", "descriptions", "offer_hours", "certificate_min_attendance", *PROGRAM_FLAGS}
    for field, value in changes.items():
        if field not in allowed:
            raise _invalid("training.field_unknown", field, _("This field cannot be changed."))
        if getattr(program, field) != value:
            old[field], new[field] = getattr(program, field), value
            setattr(program, field, value)
    with transaction.atomic():
        if new:
            program.save(update_fields=[*new.keys(), "updated_at"])
            audit_record(actor=by, action="training.program.updated", obj=program, old=old, new=new)
    if capacity is not None and capacity != program.capacity:
        program_set_capacity(program=program, capacity=capacity, by=by)
    return program


def program_transition(*, program: Program, name: str, by: Any, note: str = "") -> Program:
    """Publish, close or reopen enrolment, complete or cancel the program (its case moves)."""
    require_manager(by, program)
    with transaction.atomic():
        # The program row first (see ``services.enrolment._move``): cancelling or completing
        # frees seats in the transition's effects, after the case's audit event is appended.
        # A full ``FOR UPDATE`` also holds back enrolments being inserted at this moment
        # (their foreign-key check waits), so they see the new state before they commit.
        Program.objects.select_for_update().get(pk=program.pk)
        case_transition(case=program.case, name=name, by=by, note=note)
    return program


def facilitators_set(*, program: Program, users: list[Any], by: Any) -> Program:
    require_manager(by, program)
    for user in users:
        if Role.FACILITATOR not in user.role_names and Role.TRAINING_ORGANIZER not in user.role_names:
            message = ERR_FACILITATOR_ROLE % {"name": user.full_name or user.username}
            raise _invalid("training.facilitator_role", "facilitators", message)
    with transaction.atomic():
        old = sorted(program.facilitators.values_list("pk", flat=True))
        program.facilitators.set(users)
        audit_record(
            actor=by,
            action="training.program.facilitators",
            obj=program,
            old={"ids": old},
            new={"ids": sorted(u.pk for u in users)},
        )
    return program


# --- sessions ----------------------------------------------------------------------------


def _check_session(
    *, kind: str, starts_at: datetime, ends_at: datetime, online_url: str, venues: dict, presence_capacity: int | None
) -> None:
    if kind not in Session.Kind.values:
        raise _invalid("training.session_kind", "kind", _("Choose a kind of session."))
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise _invalid("training.session_times", "ends_at", ERR_TIMES)
    if kind == Session.Kind.ONLINE_CLASS and not online_url:
        raise _invalid("training.online_link", "online_url", ERR_ONLINE_LINK)
    if kind != Session.Kind.ONLINE_CLASS and not venues:
        raise _invalid("training.venue", "venues", ERR_VENUE)
    if presence_capacity is not None and presence_capacity < 1:
        raise _invalid("training.presence_capacity", "presence_capacity", ERR_PRESENCE)


def session_create(
    *,
    program: Program,
    by: Any,
    kind: str,
    titles: dict,
    starts_at: datetime,
    ends_at: datetime,
    summaries: dict | None = None,
    instructors: str = "",
    venues: dict | None = None,
    online_url: str = "",
    presence_capacity: int | None = None,
) -> Session:
    """Add a session to the timetable. An online class admits at most ``presence_capacity``
    people at once (the program's seats unless given)."""
    require_manager(by, program)
    if program.case.state not in EDITABLE:
        raise Conflict("training.program_finished", ERR_FINISHED)
    titles = clean_names(titles)
    venues = clean_names(venues)
    if not titles:
        raise _invalid("training.title_required", "titles", ERR_TITLE_REQUIRED)
    _check_session(
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        online_url=online_url,
        venues=venues,
        presence_capacity=presence_capacity,
    )
    if kind == Session.Kind.ONLINE_CLASS and presence_capacity is None:
        presence_capacity = program.capacity
    with transaction.atomic():
        session = Session.objects.create(
            program=program,
            kind=kind,
            titles=titles,
            summaries=clean_names(summaries),
            instructors=instructors.strip()[:300],
            venues=venues,
            online_url=online_url,
            starts_at=starts_at,
            ends_at=ends_at,
            presence_capacity=presence_capacity if kind == Session.Kind.ONLINE_CLASS else None,
        )
        audit_record(
            actor=by, action="training.session.created", obj=session, new={"program": program.pk, "kind": kind}
        )
    return session


SESSION_FIELDS = (
    "kind",
    "titles",
    "summaries",
    "instructors",
    "venues",
    "online_url",
    "starts_at",
    "ends_at",
    "presence_capacity",
)


def session_update(*, session: Session, by: Any, **changes: Any) -> Session:
    program = session.program
    require_manager(by, program)
    if program.case.state not in EDITABLE:
        raise Conflict("training.program_finished", ERR_FINISHED)
    for field in changes:
        if field not in SESSION_FIELDS:
            raise _invalid("training.field_unknown", field, _("This field cannot be changed."))
    for field in ("titles", "summaries", "venues"):
        if field in changes:
            changes[field] = clean_names(changes[field])
    if "titles" in changes and not changes["titles"]:
        raise _invalid("training.title_required", "titles", ERR_TITLE_REQUIRED)
    merged = {field: changes.get(field, getattr(session, field)) for field in SESSION_FIELDS}
    _check_session(
        kind=merged["kind"],
        starts_at=merged["starts_at"],
        ends_at=merged["ends_at"],
        online_url=merged["online_url"],
        venues=merged["venues"],
        presence_capacity=merged["presence_capacity"],
    )
    if merged["kind"] == Session.Kind.ONLINE_CLASS:
        if merged["presence_capacity"] is None:
            merged["presence_capacity"] = program.capacity
        if merged["presence_capacity"] < session.present_count:
            raise _invalid("training.presence_capacity", "presence_capacity", ERR_PRESENCE)
    else:
        merged["presence_capacity"] = None
    old = {f: str(getattr(session, f)) for f in changes}
    with transaction.atomic():
        for field, value in merged.items():
            setattr(session, field, value)
        if "starts_at" in changes:
            session.reminded_at = None
        session.save()
        audit_record(
            actor=by,
            action="training.session.updated",
            obj=session,
            old=old,
            new={f: str(getattr(session, f)) for f in changes},
        )
    return session


def session_delete(*, session: Session, by: Any) -> None:
    require_manager(by, session.program)
    if session.program.case.state not in EDITABLE:
        raise Conflict("training.program_finished", ERR_FINISHED)
    if session.attendances.exists() or session.questions.exists():
        raise Conflict("training.session_in_use", ERR_HAS_ATTENDANCE)
    with transaction.atomic():
        audit_record(actor=by, action="training.session.deleted", obj=session, old={"program": session.program_id})
        session.delete()


def session_set_qa(*, session: Session, by: Any, open: bool) -> Session:
    """Open or close the question board of a session (managers and facilitators)."""
    from .common import require_moderator

    require_moderator(by, session.program)
    with transaction.atomic():
        Session.objects.filter(pk=session.pk).update(qa_open=open)
        audit_record(actor=by, action="training.session.qa_open" if open else "training.session.qa_closed", obj=session)
    session.qa_open = open
    return session


# --- materials ---------------------------------------------------------------------------


def material_add(
    *,
    program: Program,
    by: Any,
    titles: dict,
    upload: File | None = None,
    url: str = "",
    session: Session | None = None,
) -> Material:
    """Attach a handout: an uploaded file (type checked from its content, size-limited,
    scanned) or a link."""
    require_manager(by, program)
    titles = clean_names(titles)
    if (upload is None) == (not url):
        raise _invalid("training.file_or_link", "file", ERR_FILE_OR_LINK)
    if session is not None and session.program_id != program.pk:
        raise _invalid("training.session_other_program", "session", _("Choose a session of this program."))
    material = Material(program=program, session=session, titles=titles, url=url, uploaded_by=by)
    if upload is not None:
        checked = check_material_file(upload=upload)
        material.original_name = (getattr(upload, "name", "") or "")[-255:]
        material.content_type = checked.content_type
        material.size = checked.size
        material.sha256 = checked.sha256
        if not titles:
            material.titles = {"en": material.original_name}
        material.file.save(f"{checked.sha256[:16]}{checked.extension}", upload, save=False)
    elif not titles:
        material.titles = {"en": url}
    try:
        with transaction.atomic():
            material.save()
            audit_record(
                actor=by,
                action="training.material.added",
                obj=material,
                new={"program": program.pk, "sha256": material.sha256, "url": url},
            )
    except BaseException:
        if material.file:
            material.file.storage.delete(material.file.name)
        raise
    return material


def material_delete(*, material: Material, by: Any) -> None:
    require_manager(by, material.program)
    with transaction.atomic():
        audit_record(actor=by, action="training.material.deleted", obj=material, old={"sha256": material.sha256})
        name = material.file.name if material.file else ""
        storage = material.file.storage if material.file else None
        material.delete()
        if storage and name:
            transaction.on_commit(lambda: storage.delete(name))
