from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ..models import Material, MaterialType

register = template.Library()


@register.simple_tag
def localized_name(material_type: MaterialType, language: str | None = None) -> str:
    return material_type.localized_name(language)


@register.simple_tag
def material_badges(material: Material) -> str:
    """Verification, scan and validity of a material as badges (text, not colour alone)."""
    badges: list[tuple[str, str]] = []
    if material.scan_status == Material.Scan.QUARANTINED:
        badges.append(("danger", _("Quarantined")))
    elif material.verification == Material.Verification.VERIFIED:
        badges.append(("ok", _("Verified")))
    elif material.verification == Material.Verification.REJECTED:
        badges.append(("danger", _("Rejected")))
    else:
        badges.append(("warning", _("Waiting for verification")))
    if material.scan_status != Material.Scan.QUARANTINED and material.is_expired():
        badges.append(("breached", _("Expired")))
    if material.superseded_by_id:
        badges.append(("", _("Replaced")))
    return format_html_join(" ", '<span class="badge {}">{}</span>', badges) or format_html("")
