"""Materials: safe upload with versions and quarantine, verification by staff."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, ValidationFailed

from ..access import VERIFY_ROLES
from ..models import Material, MaterialType, Person
from ..scanning import scan
from ..uploads import safe_original_name, sniff, storage_name, upload_inspect, upload_read

ERR_TYPE_UNKNOWN = _("Unknown material type “%(code)s”.")
ERR_CASE_REQUIRED = _("This material belongs to one case; provide it from that case.")
ERR_VALID_ORDER = _("“Valid until” must not be earlier than “valid from”.")
ERR_ALREADY_EXPIRED = _("This material expired on %(date)s; upload a valid one.")
ERR_QUARANTINED = _("The file was put in quarantine and not added: %(reason)s.")
ERR_VERIFY_NOT_PERMITTED = _("You may not verify or reject materials.")
ERR_NOT_CURRENT = _("Only the current version of a material can be verified or rejected.")
ERR_NOT_CLEAN = _("A material that has not passed the malware scan cannot be verified.")
ERR_ALREADY_VERIFIED = _("This material is already verified.")
ERR_ALREADY_REJECTED = _("This material is already rejected.")
ERR_REASON_REQUIRED = _("Give the reason for rejecting the material.")


def material_type_get(*, code: str, field: str = "type_code") -> MaterialType:
    mtype = MaterialType.objects.filter(code=code).first()
    if mtype is None:
        message = ERR_TYPE_UNKNOWN % {"code": code}
        raise ValidationFailed("dossier.material_type.unknown", message, fields={field: [message]})
    return mtype


def _validity(mtype: MaterialType, valid_from: date | None, valid_until: date | None, today: date):
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationFailed(
            "dossier.material.validity_order", ERR_VALID_ORDER, fields={"valid_until": [ERR_VALID_ORDER]}
        )
    if valid_until is None and mtype.validity_days:
        valid_until = (valid_from or today) + timedelta(days=mtype.validity_days)
    if valid_until is not None and valid_until < today:
        message = ERR_ALREADY_EXPIRED % {"date": valid_until.isoformat()}
        raise ValidationFailed("dossier.material.expired", message, fields={"valid_until": [message]})
    return valid_from, valid_until


def _quarantine(*, person, mtype, case, file, data: bytes, reason: str, by, valid_from, valid_until) -> Material:
    """Keep the offending file out of the vault, under a quarantine name, for security staff."""
    name = default_storage.save(storage_name(extension="bin", quarantine=True), ContentFile(data))
    with transaction.atomic():
        material = Material.objects.create(
            person=person,
            type=mtype,
            case=case,
            version=0,
            file=name,
            original_name=safe_original_name(getattr(file, "name", "")),
            content_type=sniff(data) or "application/octet-stream",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            valid_from=valid_from,
            valid_until=valid_until,
            scan_status=Material.Scan.QUARANTINED,
            scan_detail=reason[:300],
            uploaded_by=by if getattr(by, "pk", None) else None,
        )
        audit_record(
            actor=by,
            action="dossier.material.quarantined",
            obj=material,
            new={"scan_status": material.scan_status},
            data={"person_id": person.pk, "type": mtype.code, "sha256": material.sha256, "reason": reason},
        )
    return material


def material_upload(
    *,
    person: Person,
    type_code: str,
    file: Any,
    by: Any,
    valid_from: date | None = None,
    valid_until: date | None = None,
    case: Any = None,
) -> Material:
    """Check, scan and store a file as the newest version of the person's material.

    Refusals raise ``ValidationFailed`` naming the rule; the person's existing materials
    are left as they were. A file the scanner flags is kept in quarantine (a ``Material``
    with scan status "quarantined" and version 0, audited) and the upload is refused. A
    clean upload supersedes the current version of the same type (for per-case types:
    of the same type in the same case). Per-case types need ``case``.
    """
    today = timezone.localdate()
    mtype = material_type_get(code=type_code)
    if mtype.per_case and case is None:
        raise ValidationFailed(
            "dossier.material.case_required", ERR_CASE_REQUIRED, fields={"type_code": [ERR_CASE_REQUIRED]}
        )
    if not mtype.per_case:
        case = None  # reusable materials live in the vault, not in one case
    valid_from, valid_until = _validity(mtype, valid_from, valid_until, today)
    limit = min(settings.UPLOAD_MAX_BYTES, mtype.max_bytes)
    data = upload_read(file=file, limit=limit)

    verdict = scan(data)
    if not verdict.clean:
        _quarantine(
            person=person, mtype=mtype, case=case, file=file, data=data, reason=verdict.reason, by=by,
            valid_from=valid_from, valid_until=valid_until,
        )  # fmt: skip
        message = ERR_QUARANTINED % {"reason": verdict.reason}
        raise ValidationFailed("dossier.upload.quarantined", message, fields={"file": [message]})

    accepted = [t.strip() for t in mtype.accepted_types.split(",") if t.strip()]
    checked = upload_inspect(
        data=data, name=getattr(file, "name", "") or "", content_type=getattr(file, "content_type", "") or "",
        accepted=accepted,
    )  # fmt: skip
    name = default_storage.save(storage_name(extension=checked.extension), ContentFile(checked.data))
    try:
        with transaction.atomic():
            # One upload at a time per person: versions are numbered without gaps or twins.
            Person.objects.select_for_update().filter(pk=person.pk).first()
            versions = Material.objects.filter(person=person, type=mtype).exclude(scan_status=Material.Scan.QUARANTINED)
            last = versions.aggregate(last=Max("version"))["last"] or 0
            current = versions.filter(superseded_by__isnull=True)
            if mtype.per_case:
                current = current.filter(case=case)
            replaced = list(current.values_list("pk", flat=True))
            material = Material.objects.create(
                person=person,
                type=mtype,
                case=case,
                version=last + 1,
                file=name,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                valid_from=valid_from,
                valid_until=valid_until,
                scan_status=Material.Scan.CLEAN,
                scan_detail=verdict.reason[:300],
                uploaded_by=by if getattr(by, "pk", None) else None,
            )
            Material.objects.filter(pk__in=replaced).update(superseded_by=material)
            audit_record(
                actor=by,
                action="dossier.material.uploaded",
                obj=material,
                new={"version": material.version, "sha256": material.sha256, "content_type": material.content_type},
                data={
                    "person_id": person.pk,
                    "type": mtype.code,
                    "case_id": getattr(case, "pk", None),
                    "superseded": replaced,
                },
            )
    except BaseException:
        default_storage.delete(name)
        raise
    return material


def _lock_for_decision(*, material: Material, by: Any) -> Material:
    if not (getattr(by, "is_authenticated", False) and by.role_names & VERIFY_ROLES):
        raise NotPermitted("dossier.material.verify_not_permitted", ERR_VERIFY_NOT_PERMITTED)
    locked = Material.objects.select_for_update().get(pk=material.pk)
    if locked.scan_status != Material.Scan.CLEAN:
        raise Conflict("dossier.material.not_clean", ERR_NOT_CLEAN)
    if locked.superseded_by_id is not None:
        raise Conflict("dossier.material.not_current", ERR_NOT_CURRENT)
    return locked


def _copy_decision(target: Material, source: Material) -> Material:
    for name in ("verification", "verified_by_id", "verified_at", "rejection_reason"):
        setattr(target, name, getattr(source, name))
    return target


def material_verify(*, material: Material, by: Any) -> Material:
    """Mark the current version as checked against the original; it can now be reused."""
    with transaction.atomic():
        locked = _lock_for_decision(material=material, by=by)
        if locked.verification == Material.Verification.VERIFIED:
            raise Conflict("dossier.material.already_verified", ERR_ALREADY_VERIFIED)
        old = locked.verification
        locked.verification = Material.Verification.VERIFIED
        locked.verified_by = by
        locked.verified_at = timezone.now()
        locked.rejection_reason = ""
        locked.save(update_fields=["verification", "verified_by", "verified_at", "rejection_reason"])
        audit_record(
            actor=by, action="dossier.material.verified", obj=locked, old={"verification": old},
            new={"verification": locked.verification},
        )  # fmt: skip
    return _copy_decision(material, locked)


def material_reject(*, material: Material, by: Any, reason: str) -> Material:
    """Refuse a material (also one verified earlier, when a problem comes to light); cases
    holding it ask the applicant for a new one."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "dossier.material.reason_required", ERR_REASON_REQUIRED, fields={"reason": [ERR_REASON_REQUIRED]}
        )
    with transaction.atomic():
        locked = _lock_for_decision(material=material, by=by)
        if locked.verification == Material.Verification.REJECTED:
            raise Conflict("dossier.material.already_rejected", ERR_ALREADY_REJECTED)
        old = locked.verification
        locked.verification = Material.Verification.REJECTED
        locked.verified_by = by
        locked.verified_at = timezone.now()
        locked.rejection_reason = reason[:300]
        locked.save(update_fields=["verification", "verified_by", "verified_at", "rejection_reason"])
        audit_record(
            actor=by, action="dossier.material.rejected", obj=locked, old={"verification": old},
            new={"verification": locked.verification}, data={"reason": locked.rejection_reason},
        )  # fmt: skip
    return _copy_decision(material, locked)
