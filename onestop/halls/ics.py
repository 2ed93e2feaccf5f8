"""iCalendar (RFC 5545) file for one appointment, and the QR code of its booking code."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils.translation import gettext as _


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += b
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def appointment_ics(appointment, *, materials: list[str]) -> str:
    hall, service = appointment.hall, appointment.service
    description = _("Booking code: %(code)s") % {"code": appointment.code}
    if materials:
        description += "\n" + _("Bring: %(items)s") % {"items": ", ".join(materials)}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//OneStop//Service halls//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{appointment.code}@{settings.SITE_URL.split('//')[-1].split('/')[0]}",
        f"DTSTAMP:{_utc(appointment.booked_at or datetime.now(UTC))}",
        f"DTSTART:{_utc(appointment.start)}",
        f"DTEND:{_utc(appointment.end)}",
        f"SUMMARY:{_escape(service.display_name + ' · ' + hall.display_name)}",
        f"LOCATION:{_escape(hall.display_address or hall.display_name)}",
        f"GEO:{hall.latitude:.6f};{hall.longitude:.6f}",
        f"DESCRIPTION:{_escape(description)}",
        "STATUS:CONFIRMED" if appointment.status != "cancelled" else "STATUS:CANCELLED",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT1H",
        f"DESCRIPTION:{_escape(service.display_name)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def qr_svg(data: str) -> str:
    """An SVG QR code (no external service, no raster)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")
