from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def essential_value(value) -> str:
    """Lists in essentials (destinations, members) print as one comma-separated line."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value)
