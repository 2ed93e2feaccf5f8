"""Demo trips: for several organizations, a trip in every state of the workflow, made through
the services exactly as the pages make them (so timelines, audit, materials and the signed
approval documents are real). Idempotent: nothing is added when the demo trips exist.

The states after the approval (ready for collection, collected, back, report submitted,
closed, cancelled) need passports in the registry and visas issued, which the passports
and visas demos create after this one: ``seed_late`` makes them once every demo has run
(``seed_demo`` calls it after the ordered seeders; ``seed`` calls it too when the registry
already holds passports, e.g. on a second run). Trips that have travelled are filed with
future dates, like every trip, then moved back in time (demo data only, as the passports
demo does for its overdue examples) before their return is recorded."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onestop.accounts.roles import Role
from onestop.core.errors import DomainError
from onestop.dossier.samples import sample_pdf, sample_png

from . import services
from .materials import trip_materials_status
from .models import Trip
from .selectors import access_trip

ORDER = 50
DISTRICT_LIAISON = "liaison3"

# organization code, purpose, inviter, inviter country, [(country, city)], days, target state, exemption
PLANS = [
    ("univ-tech", "参加国际机器人与自动化会议并作学术报告", "IEEE Robotics and Automation Society", "JP",
     [("JP", "Yokohama")], 5, "approved", False),
    ("univ-tech", "与慕尼黑工业大学商谈联合实验室合作协议", "Technische Universität München", "DE",
     [("DE", "Munich"), ("AT", "Vienna")], 7, "in_review", False),
    ("univ-tech", "赴巴西开展热带农业联合野外科研", "Universidade de São Paulo", "BR",
     [("BR", "São Paulo")], 8, "submitted", True),
    ("univ-tech", "参加新加坡国际教育展", "Singapore Ministry of Education", "SG",
     [("SG", "Singapore")], 4, "draft", False),
    ("univ-tech", "赴韩国高校考察交流", "Seoul National University", "KR",
     [("KR", "Seoul")], 4, "correction_requested", False),
    ("soe-trade", "参加中非经贸博览会并洽谈项目", "Kenya Investment Authority", "KE",
     [("KE", "Nairobi"), ("TZ", "Dar es Salaam")], 9, "approved", False),
    ("soe-trade", "赴阿联酋商谈物流合作", "Dubai Chamber of Commerce", "AE",
     [("AE", "Dubai")], 5, "resubmitted", False),
    ("soe-trade", "赴法国参加国际贸易展览会", "Comexposium", "FR",
     [("FR", "Paris")], 5, "rejected", False),
    ("soe-trade", "赴泰国考察供应链项目", "Board of Investment of Thailand", "TH",
     [("TH", "Bangkok")], 4, "withdrawn", False),
    ("ent-robotics", "赴美国参加消费电子展", "Consumer Technology Association", "US",
     [("US", "Las Vegas")], 5, "approved", False),
    ("ent-robotics", "赴日本洽谈零部件采购", "Yaskawa Electric", "JP",
     [("JP", "Kitakyushu")], 4, "submitted", False),
]  # fmt: skip


def _liaison_for(world: dict, code: str):
    users = world["users"]
    for user in users.values():
        if (
            Role.LIAISON in user.role_names
            and user.organization
            and world["orgs"][code].path.startswith(user.organization.path)
        ):
            return user
    return None


def _district_liaison(world: dict):
    from onestop.accounts.models import User
    from onestop.accounts.services import user_create

    user = User.objects.filter(username=DISTRICT_LIAISON).first()
    if user is None:
        user = user_create(
            username=DISTRICT_LIAISON,
            full_name="许静",
            latin_name="Xu Jing",
            password=world["password"],
            email=f"{DISTRICT_LIAISON}@demo.onestop.test",
            roles=[Role.LIAISON],
            organization=world["orgs"]["dist-haidian"],
        )
    world["users"][DISTRICT_LIAISON] = user
    world["logins"].append(f"{DISTRICT_LIAISON:<12} {Role.LIAISON.label} (Haidian District: files for its enterprises)")
    return user


def _upload_missing(trip: Trip, by) -> None:
    for line in trip_materials_status(trip=trip):
        if line.status != "missing":
            continue
        if line.type_code == "photo":
            upload = SimpleUploadedFile("photo.png", sample_png(line.person_name), "image/png")
        else:
            upload = SimpleUploadedFile(f"{line.type_code}.pdf", sample_pdf(line.type_code), "application/pdf")
        services.trip_material_provide(
            trip=trip, by=by, person_id=line.person_id, type_code=line.type_code, upload=upload
        )


def _make(world: dict, plan: tuple, index: int, reviewer) -> None:
    code, purpose, inviter, inviter_country, stops, days, target, exempt = plan
    liaison = _liaison_for(world, code)
    pool = [p for p in world.get("persons_by_org", {}).get(code, []) if not exempt or p.is_teaching_research]
    if liaison is None or len(pool) < 2:
        return
    departs = timezone.localdate() + timedelta(days=21 + 3 * index)
    trip = services.trip_create(
        by=liaison,
        organization=world["orgs"][code],
        purpose=purpose,
        inviter_name=inviter,
        inviter_country=inviter_country,
        departs_on=departs,
        returns_on=departs + timedelta(days=days - 1),
        itinerary="第1天：抵达；第2–3天：会谈与参观；最后一天：返程。",
        funding_source="project" if code.startswith("univ") else "organization",
        is_teaching_research=exempt,
    )
    size = 2 + index % 3
    for position, person in enumerate(pool[index % 3 : index % 3 + size] or pool[:size]):
        services.trip_member_add(trip=trip, by=liaison, person=person, role="leader" if position == 0 else "member")
    span = days - 1
    for order, (country, city) in enumerate(stops):
        start = departs + timedelta(days=span * order // len(stops))
        end = departs + timedelta(days=span * (order + 1) // len(stops))
        services.trip_destination_add(trip=trip, by=liaison, country=country, city=city, arrive_on=start, depart_on=end)
    if target == "draft":
        return
    trip = access_trip(user=liaison, pk=trip.pk)
    services.trip_materials_prepare(trip=trip, by=liaison)
    _upload_missing(trip, liaison)
    if target == "withdrawn":
        services.trip_submit(trip=trip, by=liaison)
        services.trip_withdraw(trip=trip, by=liaison, note="会议延期，撤回申请。")
        return
    reason = "野外采样需在雨季窗口期连续作业，需多一天。" if exempt else ""
    services.trip_submit(trip=trip, by=liaison, soft_reason=reason)
    if target == "submitted" or reviewer is None:
        return
    services.trip_assign(trip=trip, by=reviewer)
    if target == "in_review":
        return
    if target == "approved":
        services.trip_approve(trip=trip, by=reviewer, note="符合年度出访计划。")
    elif target == "rejected":
        services.trip_reject(trip=trip, by=reviewer, reason="本年度该类展会出访已达计划上限。")
    else:
        services.trip_request_correction(trip=trip, by=reviewer, note="请补充详细日程安排。")
        if target == "resubmitted":
            services.trip_update(
                trip=trip,
                by=liaison,
                itinerary="第1天：抵达迪拜；第2天：港务局会谈；第3天：园区考察；第4天：签约；第5天：返程。",
            )
            services.trip_resubmit(trip=trip, by=liaison)


def seed(world: dict) -> None:
    if "dist-haidian" in world.get("orgs", {}):
        _district_liaison(world)
    demo_liaisons = [u for u in world["users"].values() if Role.LIAISON in u.role_names]
    if Trip.objects.filter(created_by__in=demo_liaisons).exists():
        from onestop.passports.selectors import passports_exist

        if passports_exist():  # the passports and visas demos ran before: complete the states
            seed_late(world)
        return
    reviewer = world["users"].get("reviewer")
    for index, plan in enumerate(PLANS):
        _make(world, plan, index, reviewer)
    world["logins"].append(f"(trips: {Trip.objects.count()} demo trips in every state of the workflow)")


# --- after the approval (seed_late) ---------------------------------------------------------

# organization, purpose, inviter, [(country, city)], days, target, (days ago it left, days travelled)
LATE_PLANS = [
    ("univ-tech", "赴新加坡国立大学参加联合学术研讨会", "National University of Singapore",
     [("SG", "Singapore")], 4, "ready_for_collection", None),
    ("soe-trade", "赴泰国洽谈农产品进出口合作", "Thai Chamber of Commerce",
     [("TH", "Bangkok")], 4, "collected", None),
    ("univ-tech", "赴日本参加国际材料科学大会", "Japan Society of Applied Physics",
     [("JP", "Osaka")], 5, "returned", (30, 5)),
    ("soe-trade", "赴马来西亚考察产业园区", "Malaysian Investment Development Authority",
     [("MY", "Kuala Lumpur")], 4, "report_submitted", (25, 4)),
    ("univ-tech", "赴阿联酋参加国际教育论坛", "Abu Dhabi Department of Education",
     [("AE", "Abu Dhabi")], 4, "closed", (60, 6)),
    ("soe-trade", "赴哈萨克斯坦商谈物流通道合作", "KTZ Express",
     [("KZ", "Almaty")], 4, "cancelled", None),
]  # fmt: skip


def _travellers(world: dict, code: str, returns_on, count: int) -> list:
    """Persons of ``code`` in no trip yet who hold a passport valid long enough."""
    from onestop.dossier.models import Person
    from onestop.passports.policies import valid_until_needed
    from onestop.passports.selectors import valid_passports_of

    needed = valid_until_needed(returns_on=returns_on)
    chosen = []
    for person in Person.objects.filter(
        organization=world["orgs"][code], in_public_service=True, trip_memberships__isnull=True
    ).order_by("pk"):
        if valid_passports_of(person=person, needed_until=needed).exists():
            chosen.append(person)
        if len(chosen) == count:
            break
    return chosen


def _signature_png() -> str:
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (480, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(20, 110), (90, 40), (150, 120), (220, 50), (300, 115), (380, 45), (460, 90)], fill=(20, 20, 20, 255),
              width=5)  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _issue_visas(trip, officer) -> None:
    from onestop.visas import services as visas
    from onestop.visas.models import Mission, VisaApplication

    for country in {d.country for d in trip.destinations.all()}:
        prepared = list(VisaApplication.objects.filter(trip_case=trip.case, country=country, case__state="prepared"))
        mission = Mission.objects.filter(country=country, is_active=True).order_by("kind").first()
        if not prepared or mission is None:
            continue
        visas.visa_batch_create(by=officer, mission=mission, application_ids=[a.pk for a in prepared],
                                covering_note="兹送上我市因公出访团组签证申请，请予办理。")  # fmt: skip
        for application in VisaApplication.objects.filter(pk__in=[a.pk for a in prepared]):
            visas.visa_application_issue(
                application=application, by=officer, number=f"V{application.pk + 61000000:08d}",
                valid_from=trip.departs_on - timedelta(days=10), valid_until=trip.returns_on + timedelta(days=60),
            )  # fmt: skip


def _move_back(trip, *, days_ago: int) -> None:
    """Demo only: a trip that has travelled is given dates in the past (the services refuse a
    departure date already passed when filing)."""
    from datetime import datetime, time

    from .models import TripDestination

    shift = (trip.departs_on - (timezone.localdate() - timedelta(days=days_ago))).days
    Trip.objects.filter(pk=trip.pk).update(
        departs_on=trip.departs_on - timedelta(days=shift),
        returns_on=trip.returns_on - timedelta(days=shift),
        approved_at=datetime.combine(trip.departs_on - timedelta(days=shift + 21), time(10),
                                     tzinfo=timezone.get_current_timezone()),
    )  # fmt: skip
    for dest in TripDestination.objects.filter(trip=trip):
        TripDestination.objects.filter(pk=dest.pk).update(
            arrive_on=dest.arrive_on - timedelta(days=shift), depart_on=dest.depart_on - timedelta(days=shift)
        )


def _late_trip(world: dict, plan: tuple, index: int) -> None:
    code, purpose, inviter, stops, days, target, travelled = plan
    users = world["users"]
    reviewer, officer, visa_officer = users.get("reviewer"), users.get("passport"), users.get("visa")
    liaison = _liaison_for(world, code)
    if None in (reviewer, officer, visa_officer, liaison) or code not in world["orgs"]:
        return
    departs = timezone.localdate() + timedelta(days=40 + 2 * index)
    persons = _travellers(world, code, departs + timedelta(days=days - 1), 2)
    if len(persons) < 2:
        return
    trip = services.trip_create(
        by=liaison, organization=world["orgs"][code], purpose=purpose, inviter_name=inviter,
        inviter_country=stops[0][0], departs_on=departs, returns_on=departs + timedelta(days=days - 1),
        itinerary="第1天：抵达；中间：会谈与参观；最后一天：返程。", funding_source="organization",
    )  # fmt: skip
    for position, person in enumerate(persons):
        services.trip_member_add(trip=trip, by=liaison, person=person, role="leader" if position == 0 else "member")
    for country, city in stops:
        services.trip_destination_add(trip=trip, by=liaison, country=country, city=city, arrive_on=departs,
                                      depart_on=departs + timedelta(days=days - 1))  # fmt: skip
    trip = access_trip(user=liaison, pk=trip.pk)
    services.trip_materials_prepare(trip=trip, by=liaison)
    _upload_missing(trip, liaison)
    services.trip_submit(trip=access_trip(user=liaison, pk=trip.pk), by=liaison)
    services.trip_assign(trip=access_trip(user=liaison, pk=trip.pk), by=reviewer)
    services.trip_approve(trip=access_trip(user=liaison, pk=trip.pk), by=reviewer, note="符合年度出访计划。")
    _issue_visas(access_trip(user=liaison, pk=trip.pk), visa_officer)
    trip = services.trip_readiness_refresh(trip=access_trip(user=liaison, pk=trip.pk))
    trip = access_trip(user=liaison, pk=trip.pk)
    if trip.case.state != "ready_for_collection":
        return
    if target in ("ready_for_collection", "cancelled"):
        try:
            services.trip_collection_book(trip=trip, by=liaison)
        except DomainError:  # no collection time open in the demo halls: the page offers none either
            pass
        if target == "cancelled":
            services.trip_cancel(trip=access_trip(user=liaison, pk=trip.pk), by=liaison,
                                 reason="邀请方会议延期至明年，取消本次出访。")  # fmt: skip
        return
    try:
        services.trip_collection_book(trip=trip, by=liaison)
        booked = True
    except DomainError:
        booked = False
    drawn = index % 2 == 0
    # A collection at the booked appointment names the hall (in the reader's language); the
    # other one shows a place typed at the counter, as typed.
    place = "" if drawn and booked else "市外办服务大厅 2号窗口"
    services.trip_collect(
        trip=access_trip(user=liaison, pk=trip.pk), by=officer, signer_name=liaison.full_name,
        signature=_signature_png() if drawn else "", confirmed=not drawn, place=place,
    )  # fmt: skip
    if target == "collected":
        return
    ago, travelled_days = travelled
    trip = access_trip(user=liaison, pk=trip.pk)
    _move_back(trip, days_ago=ago)
    trip = access_trip(user=liaison, pk=trip.pk)
    left = trip.departs_on
    # the closed demo trip stayed longer than approved, for the inspection page
    back = left + timedelta(days=travelled_days - 1)
    services.trip_return_record(trip=trip, by=officer, departed_on=left, returned_on=min(back, timezone.localdate()),
                                hand_back_passports=True)  # fmt: skip
    if target == "returned":
        return
    visited = [s[0] for s in stops] + (["QA"] if target == "closed" else [])
    services.trip_report_submit(
        trip=access_trip(user=liaison, pk=trip.pk), by=liaison,
        summary="代表团按批准日程完成会谈与考察，签署合作备忘录一份，后续将推进联合项目落地。", countries=visited,
        upload=SimpleUploadedFile("trip_report.pdf", sample_pdf("出访报告"), "application/pdf"),
    )  # fmt: skip
    if target == "report_submitted":
        return
    services.trip_close(trip=access_trip(user=liaison, pk=trip.pk), by=reviewer, note="报告完整，准予结项。")
    services.trip_rate(trip=access_trip(user=liaison, pk=trip.pk), by=liaison, score=5,
                       comment="审批、护照、签证一次办完，只跑了一趟。")  # fmt: skip


def seed_late(world: dict) -> None:
    """Trips in the states after the approval, once the passports and visas demos ran.
    Idempotent: nothing is added once these demo trips exist."""
    if "orgs" not in world or "reviewer" not in world.get("users", {}):
        return
    if Trip.objects.filter(purpose__in=[plan[1] for plan in LATE_PLANS]).exists():
        return
    for index, plan in enumerate(LATE_PLANS):
        _late_trip(world, plan, index)
    world["logins"].append("(trips: ready for collection, collected, back, report submitted, closed and cancelled)")
