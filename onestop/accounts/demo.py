"""Demo organizations and one user per role."""

from __future__ import annotations

import binascii

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Organization, RoleGrant, User
from .roles import STAFF_ROLES, Role

ORDER = 10
PASSWORD = "onestop-demo-2026"
# A fixed demo secret so the printed key works in any authenticator app. Demo data only.
DEMO_TOTP_HEX = binascii.hexlify(b"onestop-demo-totp!!!").decode()

ORGS = [
    # code, name, English name, kind, parent code
    ("city", "市人民政府", "City Government", "government", None),
    ("fao", "市人民政府外事办公室", "Foreign Affairs Office", "fao", "city"),
    ("psb-eeb", "市公安局出入境管理局", "Exit-Entry Administration Bureau", "government", "city"),
    ("hrss", "市人力资源和社会保障局", "Human Resources and Social Security Bureau", "commission", "city"),
    ("dist-chaoyang", "朝阳区人民政府", "Chaoyang District", "district", "city"),
    ("dist-haidian", "海淀区人民政府", "Haidian District", "district", "city"),
    ("dist-tongzhou", "通州区人民政府", "Tongzhou District", "district", "city"),
    ("dist-shunyi", "顺义区人民政府", "Shunyi District", "district", "city"),
    ("edu", "市教育委员会", "Education Commission", "commission", "city"),
    ("commerce", "市商务局", "Commerce Bureau", "commission", "city"),
    ("culture", "市文化和旅游局", "Culture and Tourism Bureau", "commission", "city"),
    ("health", "市卫生健康委员会", "Health Commission", "commission", "city"),
    ("sci", "市科学技术委员会", "Science and Technology Commission", "commission", "city"),
    ("univ-tech", "城市理工大学", "City University of Technology", "university", "edu"),
    ("univ-med", "城市医科大学", "City Medical University", "university", "edu"),
    ("univ-foreign", "城市外国语大学", "City Foreign Studies University", "university", "edu"),
    ("hosp-1", "市第一人民医院", "First People's Hospital", "hospital", "health"),
    ("soe-metro", "市地铁集团有限公司", "City Metro Group", "soe", "city"),
    ("soe-trade", "市对外经贸集团", "Foreign Trade Group", "soe", "commerce"),
    ("soe-energy", "市能源投资集团", "Energy Investment Group", "soe", "city"),
    ("ent-robotics", "星河机器人科技有限公司", "Galaxy Robotics Co., Ltd.", "enterprise", "dist-haidian"),
    ("ent-pharma", "康泰医药有限公司", "Kangtai Pharmaceuticals", "enterprise", "dist-chaoyang"),
    ("dept-transport", "市交通委员会", "Transport Commission", "department", "city"),
    ("dept-water", "市水务局", "Water Authority", "department", "city"),
    ("dept-market", "市市场监督管理局", "Market Regulation Administration", "department", "city"),
]

# username, full name, latin name, roles, organization code, language
USERS = [
    ("liaison", "王丽", "Wang Li", [Role.LIAISON], "univ-tech", "zh-hans"),
    ("liaison2", "陈刚", "Chen Gang", [Role.LIAISON], "soe-trade", "zh-hans"),
    ("employer", "李娜", "Li Na", [Role.EMPLOYER], "ent-robotics", "zh-hans"),
    ("traveller", "张伟", "Zhang Wei", [Role.TRAVELLER], "univ-tech", "zh-hans"),
    ("applicant", "Maria Souza", "Maria Souza", [Role.APPLICANT], None, "pt"),
    ("participant", "刘洋", "Liu Yang", [Role.PARTICIPANT], "dist-chaoyang", "zh-hans"),
    ("reviewer", "赵敏", "Zhao Min", [Role.FAO_REVIEWER], "fao", "zh-hans"),
    ("passport", "孙磊", "Sun Lei", [Role.PASSPORT_OFFICER], "fao", "zh-hans"),
    ("visa", "周婷", "Zhou Ting", [Role.VISA_OFFICER], "fao", "zh-hans"),
    ("permit", "吴昊", "Wu Hao", [Role.PERMIT_OFFICER], "hrss", "zh-hans"),
    ("exitentry", "郑洁", "Zheng Jie", [Role.EXIT_ENTRY_OFFICER], "psb-eeb", "zh-hans"),
    ("hallmanager", "冯涛", "Feng Tao", [Role.HALL_MANAGER], "psb-eeb", "zh-hans"),
    ("clerk", "何静", "He Jing", [Role.COUNTER_CLERK], "psb-eeb", "zh-hans"),
    ("agent", "高峰", "Gao Feng", [Role.HOTLINE_AGENT], "city", "zh-hans"),
    ("dispatcher", "林芳", "Lin Fang", [Role.DISPATCHER], "city", "zh-hans"),
    ("handler", "马超", "Ma Chao", [Role.DEPARTMENT_HANDLER], "dept-transport", "zh-hans"),
    ("supervisor", "胡军", "Hu Jun", [Role.SUPERVISOR], "city", "zh-hans"),
    ("organizer", "郭蕾", "Guo Lei", [Role.TRAINING_ORGANIZER], "fao", "zh-hans"),
    ("facilitator", "Anna Müller", "Anna Muller", [Role.FACILITATOR], "fao", "de"),
    ("admin", "系统管理员", "Administrator", [Role.ADMIN], "fao", "en"),
]


def seed(world: dict) -> None:
    orgs: dict[str, Organization] = {}
    for code, name, name_en, kind, parent in ORGS:
        org, _ = Organization.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "parent": orgs.get(parent)}
        )
        orgs[code] = org
    users: dict[str, User] = {}
    for username, full_name, latin, roles, org_code, lang in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                latin_name=latin,
                preferred_language=lang,
                organization=orgs.get(org_code) if org_code else None,
                email=f"{username}@demo.onestop.test",
            )
            user.set_password(PASSWORD)
            if Role.ADMIN in roles:
                user.is_staff = user.is_superuser = True
            user.save()
        for role in roles:
            RoleGrant.objects.get_or_create(user=user, role=role)
        if set(map(str, roles)) & STAFF_ROLES:
            TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"key": DEMO_TOTP_HEX, "confirmed": True})
        users[username] = user
        world["logins"].append(f"{username:<12} {', '.join(str(r.label) for r in roles)}")
    world.update(orgs=orgs, users=users, password=PASSWORD)
    import base64

    world["logins"].append(
        "(TOTP secret for every demo staff account: "
        + base64.b32encode(binascii.unhexlify(DEMO_TOTP_HEX)).decode()
        + ")"
    )
