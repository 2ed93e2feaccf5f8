from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.8734 → "87.3%"; None (nothing to divide by) → "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.filter
def bar_width(value) -> str:
    """A rate as a CSS length for a bar (0–100%)."""
    if value is None:
        return "0%"
    return f"{max(0.0, min(1.0, float(value))) * 100:.1f}%"


@register.filter
def reference(number) -> str:
    """A case number that does not break across lines."""
    from ..display import case_reference

    return case_reference(number or "")


@register.filter
def department(value) -> str:
    """A department (Organization) named in the reader's language."""
    from ..display import department_name

    return department_name(value)


@register.filter
def language_name(code) -> str:
    from ..display import language_name as name

    return name(code or "")


@register.filter
def routed_by(method) -> str:
    from ..display import routed_by_label

    return routed_by_label(method or "")
