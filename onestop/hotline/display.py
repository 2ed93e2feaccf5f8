"""How hotline values read on a page: department names in the reader's language, language
codes as language names, routing methods as words."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

ROUTED_BY = {
    "catalogue": _("Dispatch catalogue"),
    "router": _("Automatic router"),
    "dispatcher": _("Dispatcher"),
}


def case_reference(number: str) -> SafeString:
    """A case number kept on one line (a phone would break it at a hyphen) and in its own
    direction on right-to-left pages."""
    return format_html('<bdi class="ref">{}</bdi>', number)


def with_reference(message: str, number: str) -> SafeString:
    """A translated ``message`` with ``%(number)s`` filled in by ``case_reference``; the
    message itself is escaped."""
    return mark_safe(escape(message) % {"number": case_reference(number)})  # both parts are escaped


def department_name(department: Any, language: str | None = None) -> str:
    if department is None or department == "":
        return ""
    return department.display_name(language)


def language_name(code: str) -> str:
    """ "de" → "German (Deutsch)" on an English page, "德语 (Deutsch)" on a Chinese one: the
    name in the reader's language and the language's own name; "" for no code."""
    if not code:
        return ""
    try:
        info = translation.get_language_info(code)
    except KeyError:
        return code
    translated, local = str(info.get("name_translated") or code), info.get("name_local") or ""
    return translated if not local or local == translated else f"{translated} ({local})"


def routed_by_label(method: str) -> str:
    return str(ROUTED_BY.get(method, method))
