"""Demo persons: about 200 across the demo organizations, each with a valid resident ID
number, most with a passport entered by its MRZ, and a set of materials in every state
(verified, waiting, rejected, expired, quarantined). Idempotent: persons are recognised by
the keyed hash of their ID number, so a second run adds nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onestop.core import crypto
from onestop.core.errors import ValidationFailed

from .models import IdentityDocument, Material, Person
from .samples import sample_pdf, sample_png
from .services import identity_add, material_reject, material_upload, material_verify, person_create
from .validators import mrz_build, resident_id_build

ORDER = 20
TOTAL = 200

SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"),
    ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"),
    ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("高", "Gao"), ("林", "Lin"), ("罗", "Luo"), ("郑", "Zheng"),
    ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"), ("许", "Xu"), ("韩", "Han"), ("冯", "Feng"),
]  # fmt: skip
GIVEN = [
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("磊", "Lei"), ("强", "Qiang"),
    ("洋", "Yang"), ("艳", "Yan"), ("勇", "Yong"), ("军", "Jun"), ("杰", "Jie"), ("娟", "Juan"), ("涛", "Tao"),
    ("明", "Ming"), ("超", "Chao"), ("秀英", "Xiuying"), ("霞", "Xia"), ("平", "Ping"), ("刚", "Gang"),
    ("桂英", "Guiying"), ("建华", "Jianhua"), ("晓东", "Xiaodong"), ("海燕", "Haiyan"), ("志强", "Zhiqiang"),
    ("文博", "Wenbo"), ("子涵", "Zihan"), ("思远", "Siyuan"), ("雨桐", "Yutong"), ("浩然", "Haoran"),
]  # fmt: skip
REGIONS = ["110101", "110102", "110105", "110108", "110112", "110113", "310104", "440106", "320102", "510104"]
POSITIONS = ["研究员", "教授", "副教授", "处长", "科长", "工程师", "高级经济师", "主任医师", "经理", "专员"]
# Organizations that send more people abroad get more persons.
WEIGHTS = {"univ-tech": 24, "soe-trade": 16, "ent-robotics": 12, "univ-med": 12, "univ-foreign": 12, "hosp-1": 8}


def _file(data: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _existing(number: str) -> Person | None:
    document = (
        IdentityDocument.objects.select_related("person")
        .filter(kind=IdentityDocument.Kind.RESIDENT_ID, number_hash=crypto.keyed_hash(number))
        .first()
    )
    return document.person if document else None


def _slots(orgs: dict) -> list[str]:
    codes = [code for code in orgs if code not in ("city", "fao")]
    slots: list[str] = []
    for code in codes:
        slots.extend([code] * WEIGHTS.get(code, 5))
    while len(slots) < TOTAL:
        slots.extend(codes)
    return slots[:TOTAL]


def _passport_lines(person: Person, number: str, expiry: date) -> tuple[str, str]:
    surname, _sep, given = (person.latin_name or "X").partition(" ")
    return mrz_build(
        surname=surname,
        given_names=given,
        number=number,
        nationality=person.nationality,
        birth_date=person.birth_date,
        sex=person.sex,
        expiry_date=expiry,
    )


def _add_person(*, rng: random.Random, index: int, org, today: date, user=None, name=None) -> Person:
    # Draw every random value first, whether or not the person exists, so a second run
    # walks the same sequence and recognises everybody.
    birth = date(rng.randint(1964, 2001), rng.randint(1, 12), rng.randint(1, 28))
    number = resident_id_build(region=rng.choice(REGIONS), birth_date=birth, sequence=rng.randint(0, 999))
    (sur, sur_latin), (given, given_latin) = rng.choice(SURNAMES), rng.choice(GIVEN)
    position = rng.choice(POSITIONS)
    teaching = rng.random() < 0.6
    phone = f"+86 138 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
    expiry = today + timedelta(days=rng.randint(40, 3400))
    person = _existing(number)
    if person is not None:
        return person
    full_name, latin = name or (f"{sur}{given}", f"{sur_latin} {given_latin}")
    person = person_create(
        by=None,
        full_name=full_name,
        latin_name=latin,
        organization=org,
        position=position,
        is_teaching_research=org is not None and org.kind == "university" and teaching,
        phone=phone,
        user=user,
    )
    identity_add(person=person, kind=IdentityDocument.Kind.RESIDENT_ID, number=number, by=None)
    if index % 5 != 4:  # most staff have a passport
        lines = _passport_lines(person, f"E{20260000 + index:08d}", expiry)
        identity_add(person=person, kind=IdentityDocument.Kind.PASSPORT, mrz=list(lines), by=None)
    return person


def _add_materials(person: Person, *, index: int, reviewer, today: date) -> None:
    if person.materials.exists():
        return
    label = person.latin_name or f"Person {person.pk}"
    photo = material_upload(
        person=person, type_code="photo", file=_file(sample_png(label), "photo.png", "image/png"), by=reviewer
    )
    material_verify(material=photo, by=reviewer)
    if person.identity_documents.filter(kind=IdentityDocument.Kind.PASSPORT).exists():
        page = material_upload(
            person=person,
            type_code="passport_page",
            file=_file(sample_pdf(f"Passport data page\n{label}"), "passport.pdf", "application/pdf"),
            by=reviewer,
        )
        material_verify(material=page, by=reviewer)
    degree = material_upload(
        person=person,
        type_code="degree",
        file=_file(sample_pdf(f"Degree certificate\n{label}"), "degree.pdf", "application/pdf"),
        by=reviewer,
    )
    if index % 10 == 5:
        material_reject(material=degree, by=reviewer, reason="扫描件不清晰，请重新上传。")
    elif index % 3:
        material_verify(material=degree, by=reviewer)
    material_upload(  # waits for verification
        person=person, type_code="cv", file=_file(sample_pdf(f"CV\n{label}"), "cv.pdf", "application/pdf"), by=reviewer
    )
    if index % 10 == 0:
        record = material_upload(
            person=person,
            type_code="criminal_record",
            file=_file(sample_pdf(f"Criminal record certificate\n{label}"), "record.pdf", "application/pdf"),
            by=reviewer,
            valid_from=today - timedelta(days=30),
        )
        material_verify(material=record, by=reviewer)
        if index % 20 == 0:
            # Demo only: age one certificate so the "expired" state can be seen and tried.
            Material.objects.filter(pk=record.pk).update(
                valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=220)
            )


def _quarantine_example(person: Person, reviewer) -> None:
    if person.materials.filter(scan_status=Material.Scan.QUARANTINED).exists():
        return
    hostile = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    try:
        material_upload(
            person=person,
            type_code="employment_contract",
            file=_file(hostile, "contract.pdf", "application/pdf"),
            by=reviewer,
        )
    except ValidationFailed:
        pass  # expected: the file is kept in quarantine and the upload refused


def seed(world: dict) -> None:
    rng = random.Random(20260101)
    today = timezone.localdate()
    orgs, users = world["orgs"], world["users"]
    reviewer = users.get("reviewer")
    persons: list[Person] = []
    by_org: dict[str, list[Person]] = {}

    traveller_user, applicant_user = users.get("traveller"), users.get("applicant")
    traveller_org = traveller_user.organization.code if traveller_user and traveller_user.organization_id else None
    traveller_done = traveller_user is None or Person.objects.filter(user=traveller_user).exists()
    for index, code in enumerate(_slots(orgs)):
        org = orgs[code]
        link = name = None
        if not traveller_done and code == traveller_org:
            link, name = traveller_user, (traveller_user.full_name, traveller_user.latin_name)
            traveller_done = True
        person = _add_person(rng=rng, index=index, org=org, today=today, user=link, name=name)
        persons.append(person)
        by_org.setdefault(code, []).append(person)
        if reviewer is not None and (index % 5 == 0 or person.user_id):
            _add_materials(person, index=index, reviewer=reviewer, today=today)

    if applicant_user is not None:
        applicant = Person.objects.filter(user=applicant_user).first()
        if applicant is None:
            applicant = person_create(
                by=None,
                full_name=applicant_user.full_name,
                latin_name=applicant_user.latin_name,
                nationality="BRA",
                sex=Person.Sex.FEMALE,
                birth_date=date(1990, 3, 14),
                in_public_service=False,
                user=applicant_user,
                email=applicant_user.email,
            )
            lines = mrz_build(
                surname="SOUZA", given_names="MARIA", number="FT5582916", nationality="BRA",
                birth_date=date(1990, 3, 14), sex="F", expiry_date=today + timedelta(days=2400),
            )  # fmt: skip
            identity_add(person=applicant, kind=IdentityDocument.Kind.PASSPORT, mrz=list(lines), by=None)
            if reviewer is not None:
                _add_materials(applicant, index=1, reviewer=reviewer, today=today)
        persons.append(applicant)

    if reviewer is not None and len(persons) > 10:
        _quarantine_example(persons[10], reviewer)

    world["persons"] = persons
    world["persons_by_org"] = by_org
    world["logins"].append(f"(dossier: {len(persons)} persons; ID numbers are masked, reviewers can reveal)")
