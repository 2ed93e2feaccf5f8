"""iCalendar (RFC 5545) files for a program's timetable."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from ..models import Program, Session


def _escape(text: str) -> str:
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (continuation lines start with a space)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # the leading space counts
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "onestop"


def calendar_ics(*, program: Program, sessions: Iterable[Session]) -> str:
    """A VCALENDAR with one VEVENT per session, times in UTC, texts in the active language."""
    now = _stamp(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//OneStop//Training//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(program.name)}",
    ]
    for session in sessions:
        location = session.online_url if session.is_online else session.venue
        description = "\n".join(part for part in (session.summary, session.instructors, session.online_url) if part)
        lines += [
            "BEGIN:VEVENT",
            f"UID:training-session-{session.pk}@{_host()}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(session.starts_at)}",
            f"DTEND:{_stamp(session.ends_at)}",
            f"SUMMARY:{_escape(f'{program.name}: {session.title}')}",
            f"LOCATION:{_escape(location)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{settings.SITE_URL}/training/sessions/{session.pk}/",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-PT30M",
            f"DESCRIPTION:{_escape(session.title)}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
