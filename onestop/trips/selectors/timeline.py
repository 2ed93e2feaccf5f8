"""The trip's one timeline: its own lines and those of its passport and visa cases, in time
order. A line of a child case says whom it is about (the traveller, and for a visa the
destination), so a delegation's several "visa issued" lines can be told apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..models import Trip


@dataclass(frozen=True)
class TripTimelineLine:
    at: datetime
    text: str
    note: str
    actor: str
    about: str = ""  # "" for the trip's own lines


def trip_timeline(*, trip: Trip, public_only: bool = True) -> list[TripTimelineLine]:
    from onestop.cases.models import Case
    from onestop.cases.selectors import case_timeline
    from onestop.passports.selectors import application_case_labels
    from onestop.visas.selectors import visa_case_labels

    case = trip.case
    about = {**application_case_labels(trip_case_id=case.pk), **visa_case_labels(trip_case_id=case.pk)}
    groups = [(case, "")] + [
        (child, about.get(child.pk, child.number)) for child in Case.objects.filter(parent_id=case.pk).order_by("pk")
    ]
    lines = [
        TripTimelineLine(at=line.at, text=line.text, note=line.note, actor=line.actor, about=label)
        for owner, label in groups
        for line in case_timeline(case=owner, public_only=public_only, include_children=False)
    ]
    lines.sort(key=lambda line: line.at)  # stable: same instant keeps the trip's line first
    return lines
