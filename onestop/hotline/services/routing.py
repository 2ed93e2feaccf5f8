"""Where a request goes: the dispatch catalogue and the trained router.

``request_route`` decides; it writes nothing. The intake and dispatch services record the
decision (``RoutingEvent``) and move the case.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import NotFound

from .. import catalogue_cache, classifier, policies
from ..models import Category, District, RouterModel

REASON_CATALOGUE = _("The category was chosen and the catalogue names the department.")
REASON_ROUTER = _("The router recognised the category with confidence %(confidence)s.")
REASON_LOW_CONFIDENCE = _("The router was not sure enough (%(confidence)s); a dispatcher decides.")
REASON_DISAGREES = _("The chosen category and the router disagree; a dispatcher decides.")
REASON_NO_RULE = _("No department is set for this category and district; a dispatcher decides.")
REASON_NO_MODEL = _("No router is trained yet and no category was chosen; a dispatcher decides.")

# Routing events store the code; the reason is put into words when it is read, in the
# reader's language (the citizen's page language at intake is not the dispatcher's).
REASONS = {
    "catalogue": REASON_CATALOGUE,
    "router": REASON_ROUTER,
    "low_confidence": REASON_LOW_CONFIDENCE,
    "disagrees": REASON_DISAGREES,
    "no_rule": REASON_NO_RULE,
    "no_model": REASON_NO_MODEL,
}
WITH_CONFIDENCE = {"router", "low_confidence"}

ERR_NO_ACTIVE_MODEL = _("No router model has been trained yet.")


@dataclass(frozen=True)
class RoutingDecision:
    category: Category | None
    department: Any  # Organization or None
    method: str  # "catalogue" | "router" | "dispatcher"
    confidence: float | None
    reason: str
    suggested: Category | None = None  # the router's guess, also when it was not trusted
    reason_code: str = ""  # a key of REASONS

    @property
    def automatic(self) -> bool:
        return self.department is not None and self.method != "dispatcher"


def department_for(*, category: Category | None, district: District | None):
    """The catalogue's department: an area rule for the district first, then the
    category's citywide rule; None when the catalogue has no rule."""
    if category is None:
        return None
    rules = catalogue_cache.snapshot().rules
    if district is not None and (category.pk, district.pk) in rules:
        return rules[(category.pk, district.pk)]
    return rules.get((category.pk, None))


# --- the trained router, shared by the threads of a process ---------------------------

_CACHE_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {"router": None, "checked": 0.0, "id": None}
_CHECK_EVERY = 30.0  # seconds between looks for a newly activated model


def active_router() -> classifier.Router | None:
    now = time.monotonic()
    if now - _CACHE["checked"] < _CHECK_EVERY:
        return _CACHE["router"]
    with _CACHE_LOCK:
        if now - _CACHE["checked"] < _CHECK_EVERY:
            return _CACHE["router"]
        active_id = RouterModel.objects.filter(is_active=True).values_list("pk", flat=True).first()
        if active_id != _CACHE["id"]:
            router = None
            if active_id is not None:
                blob = RouterModel.objects.filter(pk=active_id).values_list("blob", flat=True).first()
                router = classifier.Router(classifier.loads(blob), model_id=active_id)
            _CACHE.update(router=router, id=active_id)
        _CACHE["checked"] = now
        return _CACHE["router"]


def router_forget() -> None:
    """Drop this process's cached model (after training, and between tests)."""
    with _CACHE_LOCK:
        _CACHE.update(router=None, checked=0.0, id=None)


def router_predict(*, text: str) -> classifier.Prediction | None:
    router = active_router()
    if router is None or not text.strip():
        return None
    return router.predict(text)


def _percent(value: float) -> str:
    return f"{value:.0%}"


def routing_reason(*, code: str, confidence: float | None) -> str:
    """The reason for a routing decision, in the active language."""
    message = REASONS.get(code)
    if message is None:
        return ""
    if code in WITH_CONFIDENCE:
        return str(message) % {"confidence": _percent(confidence or 0.0)}
    return str(message)


def _decision(category, department, method, confidence, code, suggested=None) -> RoutingDecision:
    return RoutingDecision(
        category, department, method, confidence, routing_reason(code=code, confidence=confidence), suggested, code
    )


def request_route(*, text: str, category: Category | None, district: District | None) -> RoutingDecision:
    """Decide the category and department for a new request.

    A category chosen by the citizen or the agent is trusted through the catalogue unless
    the router is very sure of another one. Without a chosen category the router's guess
    is used when its confidence reaches the threshold; otherwise a dispatcher decides.
    """
    prediction = router_predict(text=text)
    suggested = None
    if prediction is not None:
        suggested = catalogue_cache.snapshot().categories.get(prediction.label)
    if category is not None:
        if (
            prediction is not None
            and suggested is not None
            and suggested.pk != category.pk
            and prediction.confidence >= policies.router_override_threshold()
        ):
            return _decision(category, None, "dispatcher", prediction.confidence, "disagrees", suggested)
        department = department_for(category=category, district=district)
        if department is None:
            return _decision(category, None, "dispatcher", None, "no_rule", suggested)
        confidence = prediction.confidence if prediction and suggested == category else None
        return _decision(category, department, "catalogue", confidence, "catalogue", suggested)
    if prediction is None:
        return _decision(None, None, "dispatcher", None, "no_model")
    if suggested is None or prediction.confidence < policies.router_threshold():
        return _decision(None, None, "dispatcher", prediction.confidence, "low_confidence", suggested)
    department = department_for(category=suggested, district=district)
    if department is None:
        return _decision(suggested, None, "dispatcher", prediction.confidence, "no_rule", suggested)
    return _decision(suggested, department, "router", prediction.confidence, "router", suggested)


def router_train(
    *, texts: list[str], labels: list[str], by: Any = None, source: str = "", activate: bool = True
) -> RouterModel:
    """Fit the router on ``texts``/``labels`` and store it; the new model becomes the
    active one (every process picks it up within half a minute)."""
    pipeline = classifier.fit(texts, labels)
    blob = classifier.dumps(pipeline)
    with transaction.atomic():
        if activate:
            RouterModel.objects.filter(is_active=True).update(is_active=False)
        model = RouterModel.objects.create(
            source=source[:255],
            n=len(texts),
            labels=sorted(set(labels)),
            blob=blob,
            sha256=classifier.digest(blob),
            is_active=activate,
            metrics={"bytes": len(blob)},
        )
        audit_record(
            actor=by, action="hotline.router.trained", obj=model, new={"n": model.n, "labels": len(model.labels)}
        )
    router_forget()
    return model


def router_activate(*, model_id: int, by: Any = None) -> RouterModel:
    with transaction.atomic():
        model = RouterModel.objects.select_for_update().filter(pk=model_id).first()
        if model is None:
            raise NotFound("hotline.router.not_found")
        RouterModel.objects.filter(is_active=True).exclude(pk=model.pk).update(is_active=False)
        model.is_active = True
        model.save(update_fields=["is_active"])
        audit_record(actor=by, action="hotline.router.activated", obj=model)
    router_forget()
    return model
