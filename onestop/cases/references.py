"""Names in timeline lines, shown in the reader's language.

A timeline line is stored as a message code and params and rendered when it is read (ADR
0012). A param that names something — the purpose of a visit, a document kind, a service
hall — would otherwise show the text of the moment the line was written, in the writer's
language. Instead, the line refers to the thing and the app that owns it resolves the
reference into a name in the active language:

* an app registers a resolver per kind of reference with :func:`register_resolver`;
* a writer stores the reference next to the text with :func:`with_reference`
  (``params={"title": title, **with_reference("title", "documents.kind", kind)}``); the text
  stays as the fallback for a reference nobody resolves;
* where the stored value itself is the key (a visit's purpose code, a hall name written by
  an older version), :func:`register_param_reference` says so once for every line of a code,
  old rows included.

Visit purposes have their own small registry (:func:`register_visit_purpose`,
:func:`register_visit_purpose_prefix`): an unknown purpose reads as a neutral phrase, never
as its code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

REFS_KEY = "_refs"
VISIT_PURPOSE = "cases.visit_purpose"
UNKNOWN_VISIT_PURPOSE = _("Case business")

Resolver = Callable[[str], Any]

_RESOLVERS: dict[str, Resolver] = {}
_PARAM_REFERENCES: dict[str, dict[str, str]] = {}
_VISIT_PURPOSES: dict[str, Any] = {}
_VISIT_PURPOSE_PREFIXES: dict[str, Resolver] = {}


def register_resolver(kind: str, resolve: Resolver) -> None:
    """``resolve(key)`` returns the name of the referenced thing in the active language, or
    None (or "") when it does not know the key; the stored text is then shown."""
    if not kind or not callable(resolve):
        raise ValueError(f"A reference resolver needs a kind and a callable, got {kind!r} and {resolve!r}.")
    _RESOLVERS[kind] = resolve


def register_param_reference(code: str, param: str, kind: str) -> None:
    """In every line ``code``, the stored value of ``param`` is a key of references ``kind``."""
    _PARAM_REFERENCES.setdefault(code, {})[param] = kind


def with_reference(param: str, kind: str, key: Any) -> dict[str, Any]:
    """Params to merge into a line's params: ``param`` refers to ``key`` of ``kind``."""
    return {REFS_KEY: {param: [kind, str(key)]}}


def register_visit_purpose(code: str, label: Any) -> None:
    """``label`` (a lazy translation) is how visits recorded with purpose ``code`` read."""
    if not code:
        raise ValueError("A visit purpose needs a code.")
    _VISIT_PURPOSES[code] = label


def register_visit_purpose_prefix(prefix: str, resolve: Resolver) -> None:
    """Purposes starting with ``prefix`` (e.g. ``"halls."``) are named by ``resolve(rest)``."""
    if not prefix or not callable(resolve):
        raise ValueError(f"A visit purpose prefix needs a prefix and a callable, got {prefix!r}.")
    _VISIT_PURPOSE_PREFIXES[prefix] = resolve


def visit_purpose_label(code: str) -> str:
    """The purpose of a visit in the active language; a neutral phrase when nobody knows it."""
    label = _VISIT_PURPOSES.get(code or "")
    if label is not None:
        return str(label)
    for prefix in sorted(_VISIT_PURPOSE_PREFIXES, key=len, reverse=True):
        if code and code.startswith(prefix):
            name = _resolve(_VISIT_PURPOSE_PREFIXES[prefix], code[len(prefix) :])
            if name:
                return name
    return str(UNKNOWN_VISIT_PURPOSE)


def resolve_params(code: str, params: dict[str, Any]) -> dict[str, Any]:
    """The params of a line with every reference replaced by its name in the active language."""
    refs: dict[str, tuple[str, str]] = {}
    for param, kind in _PARAM_REFERENCES.get(code, {}).items():
        if param in params:
            refs[param] = (kind, str(params[param]))
    stored = params.get(REFS_KEY)
    if isinstance(stored, dict):
        for param, ref in stored.items():
            if isinstance(ref, list | tuple) and len(ref) == 2:
                refs[param] = (str(ref[0]), str(ref[1]))
    shown = {k: v for k, v in params.items() if k != REFS_KEY}
    for param, (kind, key) in refs.items():
        resolver = _RESOLVERS.get(kind)
        name = _resolve(resolver, key) if resolver is not None else None
        if name:
            shown[param] = name
    return shown


def _resolve(resolve: Resolver, key: str) -> str | None:
    name = resolve(key)
    return str(name) if name else None
