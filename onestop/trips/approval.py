"""The approval document: what it says and how it is issued.

The document is bilingual (Chinese and English) whatever the reader's language, as a
task approval shown to embassies and inviting parties is. Its context is plain JSON so the
documents task can render it on another machine; it carries names and positions of the
delegation, never identity or passport numbers.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation

from .countries import get_country
from .models import FundingSource, Trip, TripMember

KIND = "trip_approval"
TEMPLATE = "trips/approval_document.html"


def _both(label: Any) -> dict[str, str]:
    with translation.override("zh-hans"):
        zh = str(label)
    with translation.override("en"):
        en = str(label)
    return {"zh": zh, "en": en}


def _country(code: str) -> dict[str, str]:
    country = get_country(code)
    if country is None:
        return {"zh": code, "en": code, "code": code}
    return {"zh": country.name("zh-hans"), "en": country.name("en"), "code": code}


def approval_context(*, trip: Trip, reviewer: Any = None) -> dict[str, Any]:
    approved_at = trip.approved_at or timezone.now()
    members = sorted(trip.members.all(), key=lambda m: (m.role != TripMember.Role.LEADER, m.pk))
    return {
        "approval_number": trip.approval_number,
        "case_number": trip.case.number,
        "organization": {"zh": trip.organization.display_name("zh-hans"), "en": trip.organization.display_name("en")},
        "purpose": trip.purpose,
        "inviter_name": trip.inviter_name,
        "inviter_country": _country(trip.inviter_country),
        "departs_on": trip.departs_on.isoformat() if trip.departs_on else "",
        "returns_on": trip.returns_on.isoformat() if trip.returns_on else "",
        "days": trip.days or 0,
        "funding": _both(FundingSource(trip.funding_source).label),
        "itinerary": trip.itinerary,
        "teaching_research": trip.is_teaching_research,
        "soft_breach_reason": trip.soft_breach_reason,
        "members": [
            {
                "name": m.person.full_name,
                "latin_name": m.person.latin_name,
                "position": m.person.position,
                "role": _both(TripMember.Role(m.role).label),
                "is_leader": m.role == TripMember.Role.LEADER,
            }
            for m in members
        ],
        "destinations": [
            {
                "country": _country(d.country),
                "city": d.city,
                "arrive_on": d.arrive_on.isoformat(),
                "depart_on": d.depart_on.isoformat(),
            }
            for d in trip.destinations.all()
        ],
        "approved_on": timezone.localtime(approved_at).date().isoformat(),
        "reviewer": getattr(reviewer, "full_name", "") or "",
    }


def _both_names(organization: Any) -> str:
    """The Chinese and the English name on one line (as the destinations are), for the
    verify page, which is read in any language."""
    zh, en = organization.display_name("zh-hans"), organization.display_name("en")
    return zh if en == zh else f"{zh} {en}"


def approval_essentials(*, trip: Trip) -> dict[str, Any]:
    """What the public verify page shows: enough to match the paper, no identifiers."""
    leader = next((m for m in trip.members.all() if m.role == TripMember.Role.LEADER), None)
    countries = []
    for dest in trip.destinations.all():
        country = get_country(dest.country)
        label = f"{country.name('zh-hans')} {country.name('en')}" if country else dest.country
        if label not in countries:
            countries.append(label)
    return {
        "approval_number": trip.approval_number,
        "case_number": trip.case.number,
        "organization": _both_names(trip.organization),
        "leader": leader.person.full_name if leader else "",
        "delegation_size": len(trip.members.all()),
        "destinations": countries,
        "period": f"{trip.departs_on.isoformat()} – {trip.returns_on.isoformat()}"
        if trip.departs_on and trip.returns_on
        else "",
        "days": trip.days or 0,
        "approved_on": timezone.localtime(trip.approved_at or timezone.now()).date().isoformat(),
    }


def approval_title(*, trip: Trip) -> str:
    return f"出访任务批件 Official Trip Approval {trip.approval_number}"


def approval_document_schedule(*, trip: Trip, by: Any) -> str:
    """Have the documents task render, sign and register the approval after this
    transaction commits (a retried job issues it once: the request key is per approval)."""
    from onestop.documents.services import document_issue_later

    return document_issue_later(
        case=trip.case,
        kind=KIND,
        title=approval_title(trip=trip),
        template=TEMPLATE,
        context=approval_context(trip=trip, reviewer=by),
        essentials=approval_essentials(trip=trip),
        by=by,
        language="zh-hans",
        request_key=f"{KIND}:{trip.pk}:{trip.approval_number}",
    )
