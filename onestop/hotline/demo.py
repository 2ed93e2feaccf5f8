"""The demo hotline: departments, the dispatch catalogue with area rules, a router trained
on the shipped multilingual set, requests in every state a request rests in, return
visits, a month of history for the dashboard and an early-warning burst.

``received`` is not seeded: intake leaves it in the same transaction (to a department or
a dispatcher), so no request rests there. To spread the demo over past days, creation
times and deadlines of demo rows are moved back after they are made (demo data only).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from onestop.accounts.models import Organization, RoleGrant, User
from onestop.accounts.roles import Role
from onestop.cases.models import Case

from . import classifier, dataset, services
from .models import Category, DeadlineClass, HotlineRequest, HotspotAlert, ReturnVisit

ORDER = 70
MARK = "demo"

DEPARTMENTS = [
    # code, name, English name, kind
    ("dept-ecology", "市生态环境局", "Ecology and Environment Bureau", "department"),
    ("dept-urban", "市城市管理委员会", "Urban Management Commission", "department"),
    ("dept-parks", "市公园管理中心", "Parks Administration Centre", "department"),
    ("dept-finance", "市地方金融管理局", "Local Financial Administration", "department"),
    ("dist-dongcheng", "东城区人民政府", "Dongcheng District", "district"),
    ("dist-xicheng", "西城区人民政府", "Xicheng District", "district"),
]
DISTRICT_NAMES = {
    "chaoyang": {
        "zh-hans": "朝阳区",
        "en": "Chaoyang",
        "ko": "차오양구",
        "ja": "朝陽区",
        "de": "Chaoyang",
        "fr": "Chaoyang",
        "ru": "Чаоян",
        "es": "Chaoyang",
        "ar": "تشاويانغ",
        "pt": "Chaoyang",
    },
    "haidian": {
        "zh-hans": "海淀区",
        "en": "Haidian",
        "ko": "하이뎬구",
        "ja": "海淀区",
        "de": "Haidian",
        "fr": "Haidian",
        "ru": "Хайдянь",
        "es": "Haidian",
        "ar": "هايديان",
        "pt": "Haidian",
    },
    "tongzhou": {
        "zh-hans": "通州区",
        "en": "Tongzhou",
        "ko": "퉁저우구",
        "ja": "通州区",
        "de": "Tongzhou",
        "fr": "Tongzhou",
        "ru": "Тунчжоу",
        "es": "Tongzhou",
        "ar": "تونغتشو",
        "pt": "Tongzhou",
    },
    "shunyi": {
        "zh-hans": "顺义区",
        "en": "Shunyi",
        "ko": "순이구",
        "ja": "順義区",
        "de": "Shunyi",
        "fr": "Shunyi",
        "ru": "Шуньи",
        "es": "Shunyi",
        "ar": "شونيي",
        "pt": "Shunyi",
    },
    "dongcheng": {
        "zh-hans": "东城区",
        "en": "Dongcheng",
        "ko": "둥청구",
        "ja": "東城区",
        "de": "Dongcheng",
        "fr": "Dongcheng",
        "ru": "Дунчэн",
        "es": "Dongcheng",
        "ar": "دونغتشنغ",
        "pt": "Dongcheng",
    },
    "xicheng": {
        "zh-hans": "西城区",
        "en": "Xicheng",
        "ko": "시청구",
        "ja": "西城区",
        "de": "Xicheng",
        "fr": "Xicheng",
        "ru": "Сичэн",
        "es": "Xicheng",
        "ar": "شيتشنغ",
        "pt": "Xicheng",
    },
}
# category: (deadline class, citywide department, {district: department} area rules)
CATALOGUE = {
    "noise": (DeadlineClass.ORDINARY, "dept-ecology", {"chaoyang": "dist-chaoyang", "haidian": "dist-haidian"}),
    "water_supply": (DeadlineClass.UTILITIES, "dept-water", {}),
    "heating": (DeadlineClass.UTILITIES, "dept-urban", {}),
    "sanitation": (DeadlineClass.ORDINARY, "dept-urban", {"dongcheng": "dist-dongcheng", "xicheng": "dist-xicheng"}),
    "road_facilities": (DeadlineClass.ORDINARY, "dept-urban", {}),
    "traffic_parking": (DeadlineClass.ORDINARY, "dept-transport", {}),
    "public_transport": (DeadlineClass.ORDINARY, "dept-transport", {}),
    "visa_residence": (DeadlineClass.COMPLEX, "psb-eeb", {}),
    "work_permit": (DeadlineClass.COMPLEX, "hrss", {}),
    "consumer_rights": (DeadlineClass.ORDINARY, "dept-market", {}),
    "tourism_parks": (DeadlineClass.ORDINARY, "dept-parks", {}),
    "mobile_payment": (DeadlineClass.ORDINARY, "dept-finance", {}),
}


def _catalogue(world: dict) -> dict[str, Category]:
    orgs: dict[str, Organization] = world["orgs"]
    city = orgs.get("city")
    for code, name, name_en, kind in DEPARTMENTS:
        if code not in orgs:
            orgs[code], _ = Organization.objects.get_or_create(
                code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "parent": city}
            )
    districts = {
        code: services.district_upsert(code=code, name=names["en"], names=names, organization=orgs.get(f"dist-{code}"))
        for code, names in DISTRICT_NAMES.items()
    }
    phrases = dataset.phrases()
    names = phrases["category_names"]
    categories = {}
    for order, (code, (deadline_class, department, areas)) in enumerate(CATALOGUE.items()):
        categories[code] = services.category_upsert(
            code=code,
            name=names[code]["en"],
            names=names[code],
            descriptions=phrases["category_descriptions"][code],
            keywords=phrases["category_keywords"][code],
            deadline_class=deadline_class,
            order=order * 10,
            group=str(deadline_class),
        )
        services.dispatch_rule_set(category=categories[code], department=orgs[department])
        for district, area_department in areas.items():
            services.dispatch_rule_set(
                category=categories[code], district=districts[district], department=orgs[area_department]
            )
    return categories


def _handlers(world: dict) -> None:
    """One department handler for every department in the catalogue that has none yet
    (the accounts demo already has "handler" at the Transport Commission)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from onestop.accounts.demo import DEMO_TOTP_HEX

    codes = sorted({code for _c, (_d, citywide, areas) in CATALOGUE.items() for code in (citywide, *areas.values())})
    made = []
    for code in codes:
        org = world["orgs"][code]
        if User.objects.filter(organization=org, role_grants__role=Role.DEPARTMENT_HANDLER).exists():
            continue
        username = f"h-{code}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=f"{org.name}承办人",
                latin_name=f"{org.name_en} handler",
                organization=org,
                email=f"{username}@demo.onestop.test",
                preferred_language="zh-hans",
            )
            user.set_password(world["password"])
            user.save()
        RoleGrant.objects.get_or_create(user=user, role=Role.DEPARTMENT_HANDLER)
        TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"key": DEMO_TOTP_HEX, "confirmed": True})
        world["users"][username] = user
        made.append(username)
    if made:
        world["logins"].append("(hotline department handlers: " + ", ".join(made) + ")")


def _back(request: HotlineRequest, days: float) -> None:
    """Move a demo request's clock back by ``days`` (creation, deadlines, contact, answer)."""
    delta = timedelta(days=days)
    fields = {"created_at": request.created_at - delta}
    for name in ("contact_due_at", "contacted_at", "replied_at"):
        value = getattr(request, name)
        if value is not None:
            fields[name] = value - delta
    HotlineRequest.objects.filter(pk=request.pk).update(**fields)
    case = Case.objects.get(pk=request.case_id)
    case_fields = {
        name: getattr(case, name) - delta
        for name in ("created_at", "submitted_at", "due_at", "closed_at")
        if getattr(case, name) is not None
    }
    Case.objects.filter(pk=case.pk).update(**case_fields)


def _text(rng: random.Random, category: str, language: str) -> str:
    return dataset.make_text(language=language, category=category, rng=rng, slip=0.0)


def seed(world: dict) -> None:
    categories = _catalogue(world)
    _handlers(world)
    users = world["users"]
    if not RouterModelExists():
        texts, labels = classifier.read_csv(dataset.DEMO_CSV, text_column="text", label_column="category")
        services.router_train(texts=texts, labels=labels, by=users.get("admin"), source="demo_requests.csv")
    if HotlineRequest.objects.filter(external_account=MARK).exists():
        return
    _key, raw = services.api_key_create(name="Demo city app", by=users.get("admin"))
    world["logins"].append(f"(Open311 demo api_key: {raw})")
    rng = random.Random(12345)
    agent, dispatcher = users["agent"], users["dispatcher"]
    handler = users["handler"]  # Transport Commission
    langs = dataset.languages()

    def submit(category: str | None, language: str, **kwargs):
        kwargs.setdefault("by", agent)
        kwargs.setdefault("channel", "phone")
        kwargs.setdefault("district", rng.choice(list(DISTRICT_NAMES)))
        text = kwargs.pop("text", None) or _text(rng, category or rng.choice(list(CATALOGUE)), language)
        return services.request_submit(description=text, category=category, external_account=MARK, **kwargs)

    # A month of history for the dashboard: answered, rated, some late.
    satisfactions = ["satisfied", "satisfied", "satisfied", "basic", "basic", "unsatisfied"]

    def answered(request: HotlineRequest, category: str, day: int) -> None:
        if request.case.state == "dispatching":
            request = services.request_dispatch(request=request, by=dispatcher, category=categories[category])
        department_users = list(
            User.objects.filter(organization=request.department, role_grants__role=Role.DEPARTMENT_HANDLER)[:1]
        )
        answerer = department_users[0] if department_users else None
        if answerer is None:
            _back(request, day)
            return
        if rng.random() < 0.8:
            services.request_contact(request=request, by=answerer, note="")
        services.request_reply(request=request, by=answerer, body="已处理。/ Handled.")
        satisfaction = rng.choice(satisfactions)
        services.request_rate(
            request=request,
            satisfaction=satisfaction,
            resolved=satisfaction != "unsatisfied",
            source="return_visit",
        )
        _back(request, day)

    for day in range(30, 1, -1):
        for _n in range(rng.randint(1, 3)):
            category = rng.choice(list(CATALOGUE))
            answered(submit(None, rng.choice(langs), text=_text(rng, category, rng.choice(langs))), category, day)

    # Two earlier bursts, found by the scan of their day and since dealt with, so the
    # early-warning page has a history to show.
    supervisor = users.get("supervisor")
    for day, category, district, count in ((20, "heating", "dongcheng", 6), (9, "water_supply", "haidian", 5)):
        for _n in range(count):
            language = rng.choice(langs)
            answered(submit(category, language, district=district, text=_text(rng, category, language)), category, day)
        services.hotspot_scan(day=timezone.localdate() - timedelta(days=day))
    for alert in HotspotAlert.objects.filter(status=HotspotAlert.Status.OPEN):
        services.alert_acknowledge(
            alert=alert, by=supervisor, close=alert.day < timezone.localdate() - timedelta(days=10)
        )

    # Every state a request rests in.
    waiting = submit(None, "en", text="Hello, something strange is going on near our building, who can help?")
    services.request_submit(
        by=None,
        channel="web",
        description="买一送一的广告是假的，商家不退钱。请问怎么办？",
        external_account=MARK,
        contact_email="citizen@example.test",
    )
    assigned = submit("public_transport", "fr", contact_phone="13800138000")
    in_progress = submit("traffic_parking", "zh-hans", contact_phone="13900139000")
    services.request_contact(request=in_progress, by=handler, note="已电话联系市民，明天派人查看。")
    replied = submit("public_transport", "de", contact_phone="13700137000")
    services.request_reply(request=replied, by=handler, body="Die Linie 52 fährt ab Montag alle 8 Minuten.")
    closed = submit("public_transport", "es")
    services.request_reply(request=closed, by=handler, body="Hemos hablado con la empresa de autobuses.")
    services.request_rate(request=closed, satisfaction="satisfied", resolved=True, source="phone")
    reopened = submit("traffic_parking", "ko")
    services.request_reply(request=reopened, by=handler, body="단속했습니다.")
    services.request_rate(
        request=reopened, satisfaction="unsatisfied", resolved=False, comment="아직도 주차되어 있습니다."
    )
    services.request_submit(
        by=agent,
        channel="phone",
        description="How do I extend my tourist visa?",
        category="visa_residence",
        external_account=MARK,
        answered_on_call="Apply at the exit-entry hall at least 7 days before it expires.",
        article_slug="visa-extension",
    )
    rejected = submit(None, "en", text="Test test test, please ignore this call.")
    if rejected.case.state == "dispatching":
        services.request_reject(request=rejected, by=dispatcher, reason="Test call.")
    emergency = submit(
        "water_supply",
        "zh-hans",
        request_type="emergency",
        district="chaoyang",
        text="建国路上水管爆了，路面全是水，很危险！",
    )
    overdue = submit("public_transport", "ru")
    _back(overdue, 10)
    returned = submit("public_transport", "en", text="The heating in our flat has not started yet.")
    if returned.case.state == "dispatching":  # the router disputed the agent's category
        services.request_dispatch(request=returned, by=dispatcher, category=categories["public_transport"])
    services.request_return(request=returned, by=handler, reason="供暖问题，不属于交通委。")

    # An early-warning burst: noise in Chaoyang today, well above the usual one a week.
    for day in (14, 7):
        _back(submit("noise", "zh-hans", district="chaoyang"), day)
    for _n in range(7):
        submit("noise", rng.choice(["zh-hans", "en"]), district="chaoyang")
    for suffix in ("", "！", "，请尽快处理。"):
        submit("road_facilities", "zh-hans", district="haidian", text="中关村大街和北四环路口的红绿灯坏了" + suffix)
    services.hotspot_scan()
    world["hotline"] = {
        "waiting": waiting,
        "assigned": assigned,
        "in_progress": in_progress,
        "replied": replied,
        "closed": closed,
        "reopened": reopened,
        "emergency": emergency,
        "returned": returned,
        "open_visits": ReturnVisit.objects.filter(status="open").count(),
    }


def RouterModelExists() -> bool:
    from .models import RouterModel

    return RouterModel.objects.filter(is_active=True).exists()
