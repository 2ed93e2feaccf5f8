"""Demo documents: a valid one and a revoked one, so the verify page can be tried at once.
Trip approvals are issued by the trips demo when it approves its trips."""

from __future__ import annotations

from .models import IssuedDocument
from .services import document_issue_keyed, document_revoke

ORDER = 40

DEMO = [
    # request key, title, essentials, revoke reason
    (
        "demo:documents:valid",
        "因公出国（境）人员备案证明",
        {"holder": "张伟", "organization": "城市理工大学", "valid_until": "2027-12-31"},
        "",
    ),
    (
        "demo:documents:revoked",
        "因公出国（境）人员备案证明",
        {"holder": "王丽", "organization": "城市理工大学", "valid_until": "2026-12-31"},
        "人员工作调动，备案已注销。",
    ),
]


def seed(world: dict) -> None:
    admin = world.get("users", {}).get("admin")
    codes = {}
    for key, title, essentials, revoke_reason in DEMO:
        document = document_issue_keyed(
            request_key=key,
            case=None,
            kind="generic",
            title=title,
            template="documents/generic.html",
            context={"intro": "兹证明下列人员已按规定完成因公出国（境）人员备案。"},
            essentials=essentials,
            by=admin,
            language="zh-hans",
        )
        if revoke_reason and document.status != IssuedDocument.Status.REVOKED:
            document_revoke(document=document, by=admin, reason=revoke_reason)
        codes[key] = document.code
    world["documents"] = codes
