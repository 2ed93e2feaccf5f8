"""Demo entries for the requirement table and the missions (ADR 0522).

Administrators keep both tables in the admin; these rows give a fresh installation and the
demo city something to work with. They are a plausible picture of what holders of the three
kinds of Chinese public-affairs passport need, marked as demo data: check the Ministry of
Foreign Affairs' published list before relying on any of them. Some combinations are left
out on purpose (the selector then answers "unknown — ask the visa officer").

This module holds plain data and a loader that takes the model classes, so the data
migration (historical models) and the demo (current models) load the same rows.
"""

from __future__ import annotations

from datetime import date

VALID_FROM = date(2024, 1, 1)
SOURCE = "演示数据，请以外交部领事司公布的互免签证协定一览表为准 / Demo data: verify against the MFA's list"

VF, OA, EV, EM = "visa_free", "on_arrival", "e_visa", "embassy_visa"
DIP, SVC, ORD = "diplomatic", "service", "ordinary_public_affairs"

# country: {passport type: (requirement, max stay days, processing working days)}
TABLE: dict[str, dict[str, tuple[str, int | None, int | None]]] = {
    "JP": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EM, 90, 5)},
    "KR": {DIP: (VF, 90, None), SVC: (VF, 30, None), ORD: (EM, 90, 7)},
    "SG": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (VF, 30, None)},
    "TH": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (VF, 30, None)},
    "MY": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (VF, 30, None)},
    "ID": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (OA, 30, None)},
    "VN": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EV, 90, 3)},
    "KH": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (OA, 30, None)},
    "LA": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (OA, 30, None)},
    "IN": {DIP: (VF, 90, None), SVC: (EM, 90, 7), ORD: (EV, 30, 4)},
    "LK": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (EV, 30, 3)},
    "NP": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (OA, 30, None)},
    "AE": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (VF, 30, None)},
    "TR": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EV, 30, 2)},
    "EG": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (OA, 30, None)},
    "KE": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EV, 90, 3)},
    "TZ": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EV, 90, 10)},
    "ET": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EV, 30, 3)},
    "ZA": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (EM, 30, 10)},
    "NG": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (EM, 30, 10)},
    "RU": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EM, 30, 10)},
    "KZ": {DIP: (VF, 30, None), SVC: (VF, 30, None), ORD: (VF, 30, None)},
    "DE": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EM, 90, 15)},
    "FR": {DIP: (VF, 90, None), SVC: (EM, 90, 15), ORD: (EM, 90, 15)},
    "IT": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EM, 90, 15)},
    "ES": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EM, 90, 15)},
    "AT": {DIP: (VF, 90, None), SVC: (EM, 90, 15), ORD: (EM, 90, 15)},
    "CH": {DIP: (VF, 90, None), ORD: (EM, 90, 15)},
    "GB": {DIP: (EM, 180, 15), SVC: (EM, 180, 15), ORD: (EM, 180, 15)},
    "US": {DIP: (EM, None, 20), SVC: (EM, None, 20), ORD: (EM, None, 20)},
    "CA": {DIP: (EM, None, 20), SVC: (EM, None, 20), ORD: (EM, 180, 20)},
    "BR": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EM, 90, 10)},
    "AR": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EM, 90, 15)},
    "MX": {DIP: (VF, 90, None), SVC: (VF, 90, None), ORD: (EM, 180, 10)},
    "AU": {DIP: (EM, 90, 15), SVC: (EV, 90, 20), ORD: (EV, 90, 20)},
    "NZ": {ORD: (EV, 90, 20)},
}  # fmt: skip

NOTES = {
    VF: {"zh-hans": "互免签证（演示数据）。停留期限内免办签证。", "en": "Mutual visa exemption (demo data). No visa within the maximum stay."},
    OA: {"zh-hans": "可办理落地签证（演示数据）。请备足现金和往返机票。", "en": "Visa on arrival (demo data). Carry cash for the fee and the return ticket."},
    EV: {"zh-hans": "须在线申请电子签证（演示数据），由签证专员经电子签证平台批量提交。", "en": "Electronic visa (demo data), submitted by the visa officer through the e-visa portal."},
    EM: {"zh-hans": "须向使馆或领馆申请签证（演示数据），由签证专员批量送签。", "en": "Visa from the embassy or consulate (demo data), handed over by the visa officer in a batch."},
}  # fmt: skip
EXTRA_NOTES = {
    ("US", DIP): {"zh-hans": "外交、公务护照申请 A 类或 G 类签证。", "en": "Diplomatic and service passports apply for an A or G visa."},
    ("US", SVC): {"zh-hans": "外交、公务护照申请 A 类或 G 类签证。", "en": "Diplomatic and service passports apply for an A or G visa."},
    ("US", ORD): {"zh-hans": "可能需要面谈，请预留时间。", "en": "An interview may be required: allow time for it."},
    ("GB", ORD): {"zh-hans": "须预约采集生物信息。", "en": "Biometrics are taken by appointment."},
}  # fmt: skip

# country, kind, city, address, names
MISSIONS = [
    ("JP", "embassy", "北京", "亮马桥东街1号", {"zh-hans": "日本国驻华大使馆", "en": "Embassy of Japan in China"}),
    ("KR", "embassy", "北京", "亮马桥北小街20号", {"zh-hans": "大韩民国驻华大使馆", "en": "Embassy of the Republic of Korea"}),
    ("IN", "embassy", "北京", "亮马桥北街5号", {"zh-hans": "印度驻华大使馆", "en": "Embassy of India"}),
    ("IN", "online", "", "https://indianvisaonline.gov.in/", {"zh-hans": "印度电子签证平台", "en": "India e-Visa portal"}),
    ("VN", "online", "", "https://evisa.gov.vn/", {"zh-hans": "越南电子签证平台", "en": "Viet Nam e-Visa portal"}),
    ("LK", "online", "", "https://eta.gov.lk/", {"zh-hans": "斯里兰卡电子旅行许可平台", "en": "Sri Lanka ETA portal"}),
    ("TR", "online", "", "https://www.evisa.gov.tr/", {"zh-hans": "土耳其电子签证平台", "en": "Türkiye e-Visa portal"}),
    ("KE", "online", "", "https://www.etakenya.go.ke/", {"zh-hans": "肯尼亚电子旅行授权平台", "en": "Kenya eTA portal"}),
    ("TZ", "online", "", "https://visa.immigration.go.tz/", {"zh-hans": "坦桑尼亚电子签证平台", "en": "Tanzania e-Visa portal"}),
    ("ET", "online", "", "https://www.evisa.gov.et/", {"zh-hans": "埃塞俄比亚电子签证平台", "en": "Ethiopia e-Visa portal"}),
    ("ZA", "embassy", "北京", "东直门外大街5号", {"zh-hans": "南非驻华大使馆", "en": "Embassy of South Africa"}),
    ("NG", "embassy", "北京", "三里屯东五街2号", {"zh-hans": "尼日利亚驻华大使馆", "en": "Embassy of Nigeria"}),
    ("RU", "embassy", "北京", "东直门北中街4号", {"zh-hans": "俄罗斯联邦驻华大使馆", "en": "Embassy of the Russian Federation"}),
    ("DE", "embassy", "北京", "东直门外大街17号", {"zh-hans": "德意志联邦共和国驻华大使馆", "en": "Embassy of the Federal Republic of Germany"}),
    ("FR", "embassy", "北京", "天泽路60号", {"zh-hans": "法国驻华大使馆", "en": "Embassy of France"}),
    ("IT", "embassy", "北京", "三里屯东二街2号", {"zh-hans": "意大利驻华大使馆", "en": "Embassy of Italy"}),
    ("ES", "embassy", "北京", "三里屯路9号", {"zh-hans": "西班牙驻华大使馆", "en": "Embassy of Spain"}),
    ("AT", "embassy", "北京", "秀水南街5号", {"zh-hans": "奥地利驻华大使馆", "en": "Embassy of Austria"}),
    ("CH", "embassy", "北京", "三里屯东五街3号", {"zh-hans": "瑞士驻华大使馆", "en": "Embassy of Switzerland"}),
    ("GB", "embassy", "北京", "光华路11号", {"zh-hans": "英国驻华大使馆", "en": "British Embassy"}),
    ("US", "embassy", "北京", "安家楼路55号", {"zh-hans": "美国驻华大使馆", "en": "Embassy of the United States"}),
    ("CA", "embassy", "北京", "东直门外大街19号", {"zh-hans": "加拿大驻华大使馆", "en": "Embassy of Canada"}),
    ("BR", "embassy", "北京", "光华路27号", {"zh-hans": "巴西驻华大使馆", "en": "Embassy of Brazil"}),
    ("AR", "embassy", "北京", "三里屯东五街11号", {"zh-hans": "阿根廷驻华大使馆", "en": "Embassy of Argentina"}),
    ("MX", "embassy", "北京", "三里屯东五街5号", {"zh-hans": "墨西哥驻华大使馆", "en": "Embassy of Mexico"}),
    ("AU", "embassy", "北京", "东直门外大街21号", {"zh-hans": "澳大利亚驻华大使馆", "en": "Embassy of Australia"}),
    ("AU", "online", "", "https://immi.homeaffairs.gov.au/", {"zh-hans": "澳大利亚在线签证平台", "en": "Australia ImmiAccount"}),
    ("NZ", "online", "", "https://www.immigration.govt.nz/", {"zh-hans": "新西兰在线签证平台", "en": "New Zealand online visa"}),
]  # fmt: skip


def requirement_rows():
    """(country, passport type, kind, max stay, processing days, notes) for every entry."""
    for country, by_type in TABLE.items():
        for passport_type, (kind, max_stay, processing) in by_type.items():
            notes = dict(NOTES[kind])
            extra = EXTRA_NOTES.get((country, passport_type))
            if extra:
                notes = {lang: f"{notes[lang]} {text}" for lang, text in extra.items()}
            yield country, passport_type, kind, max_stay, processing, notes


def load(requirement_model, mission_model) -> tuple[int, int]:
    """Add the rows that are missing (an administrator's changes are kept). Returns how many
    requirements and missions were added."""
    added_requirements = added_missions = 0
    for country, passport_type, kind, max_stay, processing, notes in requirement_rows():
        _row, created = requirement_model.objects.get_or_create(
            country=country,
            passport_type=passport_type,
            valid_from=VALID_FROM,
            defaults={
                "kind": kind,
                "max_stay_days": max_stay,
                "processing_days": processing,
                "notes": notes,
                "source": SOURCE,
            },
        )
        added_requirements += created
    for country, kind, city, address, names in MISSIONS:
        _row, created = mission_model.objects.get_or_create(
            country=country, kind=kind, defaults={"names": names, "city": city, "address": address}
        )
        added_missions += created
    return added_requirements, added_missions
