"""Demo training: the public-affairs passport online class (300 seats taken by people from
many organizations, a waitlist, live questions answered by text and voice, a survey,
certificates), the multi-session officials' program (lectures, site visits, discussion) for
about a hundred officials, and a program in every other state of the workflow.

Everything goes through the services, except the attendance of classes held in the past
(written directly: the join service only admits people while a class is running).
Idempotent: a second run finds the passport class and stops.
"""

from __future__ import annotations

import io
import random
import wave
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onestop.accounts.models import Organization, RoleGrant, User
from onestop.accounts.roles import Role

from . import demo_data as data
from . import services
from .models import Attendance, Enrolment, Program, Question, Session

ORDER = 80
PASSPORT_CODE = "passport-online-class"
# 1.0 is the story as the source documents tell it; tests seed a tenth of it.
SCALE = 1.0


def _n(count: int) -> int:
    return max(2, round(count * SCALE))


def _wav(seconds: float = 0.6) -> SimpleUploadedFile:
    """A short silent recording, standing in for a voice question or answer."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return SimpleUploadedFile("voice.wav", buffer.getvalue(), content_type="audio/wav")


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _organizations(world: dict) -> list[Organization]:
    """About 170 organizations under the demo city: district offices, commissions,
    universities, state-owned enterprises, hospitals.

    An organization that already exists under the same name (the district governments and
    bureaus the accounts and hotline demos create, under their own codes) is reused rather
    than created a second time. The sixteen district governments, reused or made, are left
    in ``world["training_districts"]`` in the order of ``demo_data.DISTRICTS``."""
    orgs = world["orgs"]
    city = orgs["city"]
    made: list[Organization] = []
    by_name: dict[str, Organization] = {}
    for org in Organization.objects.order_by("pk"):
        by_name.setdefault(org.name, org)

    def add(code, name, name_en, kind, parent):
        org = by_name.get(name)
        if org is None:
            org, _created = Organization.objects.get_or_create(
                code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "parent": parent}
            )
            by_name.setdefault(org.name, org)
        if org not in made:
            made.append(org)
        return org

    districts = []
    for i, (district, district_en) in enumerate(zip(data.DISTRICTS, data.DISTRICTS_EN, strict=True)):
        parent = add(f"trn-d{i:02d}", f"{district}人民政府", f"{district_en} District", "district", city)
        districts.append(parent)
        for j, (unit, unit_en, kind) in enumerate(data.DISTRICT_UNITS):
            add(f"trn-d{i:02d}-{j}", f"{district}{unit}", f"{district_en} {unit_en}", kind, parent)
    for i, (name, name_en) in enumerate(data.COMMISSIONS):
        add(f"trn-c{i:02d}", name, name_en, "commission", city)
    for i, (name, name_en) in enumerate(data.UNIVERSITIES):
        add(f"trn-u{i:02d}", name, name_en, "university", orgs["edu"])
    for i, (name, name_en, kind) in enumerate(data.ENTERPRISES):
        add(f"trn-e{i:02d}", name, name_en, kind, city)
    for i, (name, name_en) in enumerate(data.HOSPITALS):
        add(f"trn-h{i:02d}", name, name_en, "hospital", orgs["health"])
    world["training_districts"] = districts
    existing = [o for code, o in orgs.items() if code not in ("city", "fao") and o not in made]
    return made + existing


def _trainees(orgs: list[Organization], password: str, n: int) -> list[User]:
    """``n`` participant accounts spread over the organizations (they can log in with the
    demo password)."""
    rng = random.Random(2024)
    hashed = make_password(password)
    prefix = "trainee"
    have = set(User.objects.filter(username__startswith=prefix).values_list("username", flat=True))
    new = []
    for i in range(n):
        username = f"{prefix}{i + 1:03d}"
        if username in have:
            continue
        name = rng.choice(data.SURNAMES) + rng.choice(data.GIVEN)
        new.append(
            User(
                username=username,
                full_name=name,
                password=hashed,
                organization=orgs[i % len(orgs)],
                preferred_language="zh-hans",
            )
        )
    User.objects.bulk_create(new)
    users = list(User.objects.filter(username__startswith=prefix).order_by("username"))
    granted = set(RoleGrant.objects.filter(user__in=users, role=Role.PARTICIPANT).values_list("user_id", flat=True))
    RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.PARTICIPANT) for u in users if u.pk not in granted])
    return users


def _past_attendance(session: Session, enrolments: list[Enrolment], rng: random.Random, share: float) -> int:
    rows = []
    for enrolment in enrolments:
        if rng.random() > share:
            continue
        joined = session.starts_at + timedelta(minutes=rng.randint(-10, 15))
        left = session.ends_at - timedelta(minutes=rng.randint(0, 20))
        method = Attendance.Method.ONLINE if session.is_online else Attendance.Method.QR
        rows.append(
            Attendance(
                session=session,
                enrolment=enrolment,
                participant_id=enrolment.participant_id,
                method=method,
                joined_at=joined,
                last_seen_at=left,
                left_at=left if session.is_online else None,
            )
        )
    Attendance.objects.bulk_create(rows)
    return len(rows)


def seed(world: dict) -> None:
    users = world["users"]
    organizer, facilitator, participant = users["organizer"], users["facilitator"], users["participant"]
    if Program.objects.filter(code=PASSPORT_CODE).exists():
        world["logins"].append("trainee001…trainee420 training participants (demo password)")
        return
    rng = random.Random(729)
    orgs = _organizations(world)
    trainees = _trainees(orgs, world["password"], _n(420))
    world["training_trainees"] = trainees

    _passport_class(organizer, facilitator, participant, trainees[: _n(345)], rng)
    _competence_program(organizer, facilitator, users, trainees[_n(300) :], rng, world["training_districts"][:4])
    _live_class(organizer, facilitator, participant, trainees[: _n(130)])
    _full_program_with_offer(organizer, participant, trainees[_n(200) : _n(200) + 36])
    _draft_and_cancelled(organizer)
    world["logins"].append("trainee001…trainee420 training participants (demo password)")


def _passport_class(organizer, facilitator, participant, people, rng) -> Program:
    """Held three weeks ago: 300 seats taken within minutes, a waitlist, questions answered
    in voice and text, a survey, answers published, certificates."""
    program = services.program_create(
        by=organizer,
        code=PASSPORT_CODE,
        names=data.PASSPORT_CLASS_NAMES,
        descriptions=data.PASSPORT_CLASS_DESCRIPTIONS,
        capacity=_n(300),
        offer_hours=12,
        certificate_min_attendance=100,
    )
    services.facilitators_set(program=program, users=[facilitator], by=organizer)
    session = services.session_create(
        program=program,
        by=organizer,
        kind="online_class",
        titles=data.PASSPORT_SESSION_TITLES,
        instructors="市外办护照处",
        starts_at=_at(-21, 14, 30),
        ends_at=_at(-21, 16, 30),
        online_url="https://meeting.example.gov/fao-passport-2024",
    )
    services.material_add(
        program=program,
        by=organizer,
        titles={"zh-hans": "因公护照管理规定", "en": "Rules"},
        url="https://fao.example.gov/rules/public-affairs-passports",
    )
    try:
        from onestop.dossier.samples import sample_pdf

        services.material_add(
            program=program,
            by=organizer,
            titles={"zh-hans": "培训课件", "en": "Slides"},
            upload=SimpleUploadedFile("slides.pdf", sample_pdf("因公护照业务培训课件")),
            session=session,
        )
    except ImportError:  # pragma: no cover - the dossier samples are part of the platform
        pass
    services.program_transition(program=program, name="publish", by=organizer)
    everyone = [participant, *people]
    for person in everyone:
        services.enrolment_self_register(program=program, user=person)
    # One confirmed person withdrew; the first on the waitlist was offered the seat and took it.
    leaver = Enrolment.objects.filter(program=program, status="confirmed").exclude(participant=participant).last()
    services.enrolment_cancel(enrolment=leaver, by=leaver.participant, reason="出差冲突")
    offered = Enrolment.objects.get(program=program, status="offered")
    services.enrolment_accept_offer(enrolment=offered, by=offered.participant)

    confirmed = list(Enrolment.objects.filter(program=program, status="confirmed").select_related("participant"))
    _past_attendance(session, [e for e in confirmed if e.participant_id != participant.pk], rng, share=0.97)
    _past_attendance(session, [e for e in confirmed if e.participant_id == participant.pk], rng, share=1)

    Session.objects.filter(pk=session.pk).update(qa_open=True)
    session.refresh_from_db()
    askers = [e.participant for e in confirmed]
    rng.shuffle(askers)
    for n, (text, answer, voice) in enumerate(data.PASSPORT_QUESTIONS):
        asker = askers[n]
        question = services.question_ask(session=session, user=asker, text=text, audio=_wav() if n % 7 == 3 else None)
        pool = askers[len(data.PASSPORT_QUESTIONS) :]
        for voter in rng.sample(pool, min(len(pool), rng.randint(0, 25))):
            services.question_upvote(question=question, user=voter)
        if answer:
            services.question_answer(
                question=question, by=facilitator, text=answer, audio=_wav(1.0) if n % 5 == 0 else None
            )
        elif voice:
            services.question_answer(question=question, by=facilitator, audio=_wav(1.2))
        Question.objects.filter(pk=question.pk).update(created_at=session.starts_at + timedelta(minutes=3 + 4 * n))
    spam = services.question_ask(session=session, user=askers[-1], text="代办护照加急，联系电话 138****0000")
    services.question_hide(question=spam, by=facilitator, reason="广告")
    Session.objects.filter(pk=session.pk).update(qa_open=False)

    survey = services.survey_save(
        session=session,
        by=organizer,
        questions=data.SURVEY_QUESTIONS,
        titles={"zh-hans": "培训效果调查", "en": "Feedback"},
    )
    keys = [f"q{q.pk}" for q in survey.questions.all()]
    for enrolment in [e for e in confirmed if e.participant_id != participant.pk][: _n(190)]:
        answers = {keys[0]: str(rng.choices([5, 4, 3, 2], weights=[62, 28, 8, 2])[0]), keys[1]: str(rng.randrange(4))}
        if rng.random() < 0.3:
            answers[keys[2]] = rng.choice(data.SURVEY_COMMENTS)
        services.survey_submit(survey=survey, user=enrolment.participant, answers=answers)

    services.program_transition(program=program, name="close_enrolment", by=organizer)
    services.program_transition(program=program, name="complete", by=organizer)
    services.questions_publish(session=session, by=facilitator, language="zh-hans")
    chosen = [e.pk for e in confirmed if e.participant_id == participant.pk] + [e.pk for e in confirmed[1 : _n(5)]]
    services.certificates_request(program=program, by=organizer, enrolment_ids=chosen)
    from .models import Certificate

    for certificate in Certificate.objects.filter(enrolment__program=program):
        services.certificate_issue(certificate_id=certificate.pk)
    return program


def _competence_program(organizer, facilitator, users, people, rng, quota_orgs) -> Program:
    """The multi-session officials' program, half-way through: enrolment closed, past
    sessions with check-ins, future ones on the timetable; ``quota_orgs`` (district
    governments) get six seats each."""
    program = services.program_create(
        by=organizer,
        code="international-competence-2024",
        names=data.COMPETENCE_NAMES,
        descriptions=data.COMPETENCE_DESCRIPTIONS,
        capacity=_n(101),
        requires_approval=True,
        certificate_min_attendance=80,
    )
    services.facilitators_set(program=program, users=[facilitator], by=organizer)
    plan = [
        (
            "lecture",
            "中国特色大国外交",
            "Major-country diplomacy with Chinese characteristics",
            -6,
            "市委党校报告厅",
            "外交学院 教授",
        ),
        (
            "lecture",
            "国际形势与外交理论",
            "The international landscape and diplomatic theory",
            -5,
            "市委党校报告厅",
            "国际问题研究院 研究员",
        ),
        (
            "site_visit",
            "雁栖湖国际会都现场教学",
            "Site visit: Yanqi Lake International Conference Resort",
            -4,
            "雁栖湖国际会都",
            "会都运营团队",
        ),
        ("lecture", "国际传播能力建设", "Building international communication", 1, "市委党校报告厅", "资深外交官"),
        (
            "site_visit",
            "“一带一路”国际合作高峰论坛场馆参观",
            "Site visit: the Belt and Road Forum venue",
            2,
            "国家会议中心",
            "论坛筹办人员",
        ),
        (
            "discussion",
            "分组研讨：提升国际交往中心功能",
            "Group discussion: the centre for international exchanges",
            3,
            "市委党校研讨室",
            "各组组长",
        ),
        ("lecture", "结业式与学员交流", "Closing ceremony", 4, "市委党校报告厅", "市外办领导"),
    ]
    sessions = []
    for kind, zh, en, days, venue, instructors in plan:
        sessions.append(
            services.session_create(
                program=program,
                by=organizer,
                kind=kind,
                titles={"zh-hans": zh, "en": en},
                instructors=instructors,
                venues={"zh-hans": venue},
                starts_at=_at(days, 9),
                ends_at=_at(days, 12 if kind != "site_visit" else 16),
            )
        )
    services.program_transition(program=program, name="publish", by=organizer)
    for org in quota_orgs:
        services.quota_set(program=program, organization=org, seats=6, by=organizer)
    liaison, liaison2 = users["liaison"], users["liaison2"]
    for liaison_user in (liaison, liaison2):
        colleagues = User.objects.filter(organization=liaison_user.organization, role_grants__role=Role.TRAVELLER)
        for colleague in colleagues[:2]:
            services.enrolment_nominate(program=program, participant=colleague, by=liaison_user)
    for person in people:
        services.enrolment_self_register(program=program, user=person)
    pending = list(Enrolment.objects.filter(program=program, status="pending").order_by("created_at"))
    for n, enrolment in enumerate(pending):
        if n < len(pending) - 2:
            services.enrolment_approve(enrolment=enrolment, by=organizer)
        else:
            services.enrolment_reject(enrolment=enrolment, by=organizer, reason="不属于本期培训对象")
    confirmed = list(Enrolment.objects.filter(program=program, status="confirmed"))
    for session in sessions[:3]:
        for enrolment in confirmed:
            if rng.random() < 0.94:
                services.session_check_in(session=session, code=enrolment.checkin_code, by=organizer)
        Attendance.objects.filter(session=session).update(
            joined_at=session.starts_at - timedelta(minutes=10), last_seen_at=session.starts_at
        )
    services.session_set_qa(session=sessions[1], by=facilitator, open=True)
    for n, (text, answer, _voice) in enumerate(data.COMPETENCE_QUESTIONS):
        question = services.question_ask(session=sessions[1], user=confirmed[n].participant, text=text)
        services.question_answer(question=question, by=facilitator, text=answer)
    services.session_set_qa(session=sessions[1], by=facilitator, open=False)
    services.program_transition(program=program, name="close_enrolment", by=organizer)
    return program


def _live_class(organizer, facilitator, participant, people) -> Program:
    """Open for enrolment, its online class running right now, questions coming in."""
    program = services.program_create(by=organizer, code="abtc-online-class", names=data.ABTC_NAMES, capacity=_n(300))
    services.facilitators_set(program=program, users=[facilitator], by=organizer)
    now = timezone.now()
    session = services.session_create(
        program=program,
        by=organizer,
        kind="online_class",
        titles=data.ABTC_SESSION_TITLES,
        instructors="市外办",
        starts_at=now - timedelta(minutes=15),
        ends_at=now + timedelta(hours=3),
        online_url="https://meeting.example.gov/fao-abtc",
    )
    services.program_transition(program=program, name="publish", by=organizer)
    for person in [participant, *people[: _n(120)]]:
        services.enrolment_self_register(program=program, user=person)
    services.session_set_qa(session=session, by=facilitator, open=True)
    first = services.question_ask(session=session, user=people[0], text="商务旅行卡的有效期是几年？")
    services.question_ask(session=session, user=people[1], text="哪些企业人员可以申请？")
    services.question_upvote(question=first, user=people[2])
    services.question_answer(question=first, by=facilitator, text="有效期5年，期满前可申请换发。")
    return program


def _full_program_with_offer(organizer, participant, people) -> Program:
    """Full, with a waitlist; the demo participant has just been offered a freed seat."""
    seats = min(30, len(people) - 4)
    program = services.program_create(
        by=organizer, code="overseas-trips-practice", names=data.TRIPS_NAMES, capacity=seats, offer_hours=48
    )
    services.session_create(
        program=program,
        by=organizer,
        kind="lecture",
        titles={"zh-hans": "出访全流程实务", "en": "Trips end to end"},
        venues={"zh-hans": "市外办三层会议室"},
        starts_at=_at(10, 14),
        ends_at=_at(10, 17),
        instructors="因公出国处",
    )
    services.session_create(
        program=program,
        by=organizer,
        kind="discussion",
        titles={"zh-hans": "案例研讨", "en": "Case discussion"},
        venues={"zh-hans": "市外办三层会议室"},
        starts_at=_at(11, 9),
        ends_at=_at(11, 11, 30),
    )
    services.program_transition(program=program, name="publish", by=organizer)
    for person in people[:seats]:
        services.enrolment_self_register(program=program, user=person)
    services.enrolment_self_register(program=program, user=participant)
    for person in people[seats : seats + 4]:
        services.enrolment_self_register(program=program, user=person)
    leaver = Enrolment.objects.filter(program=program, status="confirmed").first()
    services.enrolment_cancel(enrolment=leaver, by=leaver.participant, reason="工作安排冲突")
    return program


def _draft_and_cancelled(organizer) -> None:
    draft = services.program_create(by=organizer, code="policy-briefing-2027", names=data.BRIEFING_NAMES, capacity=200)
    services.session_create(
        program=draft,
        by=organizer,
        kind="lecture",
        titles={"zh-hans": "政策解读", "en": "Policy briefing"},
        venues={"zh-hans": "市外办报告厅"},
        starts_at=_at(40, 9),
        ends_at=_at(40, 11),
    )
    cancelled = services.program_create(by=organizer, code="reception-english", names=data.LANGUAGE_NAMES, capacity=40)
    services.session_create(
        program=cancelled,
        by=organizer,
        kind="lecture",
        titles={"zh-hans": "接待英语", "en": "Reception English"},
        venues={"zh-hans": "市外办培训室"},
        starts_at=_at(20, 14),
        ends_at=_at(20, 16),
    )
    services.program_transition(program=cancelled, name="publish", by=organizer)
    services.program_transition(program=cancelled, name="cancel", by=organizer, note="授课教师临时出访，改期另行通知")
