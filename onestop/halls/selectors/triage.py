"""The kiosk's walk-in questions (a small tree staff edit in the admin)."""

from __future__ import annotations

from onestop.core.errors import NotFound
from onestop.halls.models import Hall, HallService, Service, TriageNode


def triage_root() -> TriageNode | None:
    return TriageNode.objects.filter(parent__isnull=True).order_by("order", "key").first()


def triage_node(*, key: str) -> TriageNode:
    node = TriageNode.objects.select_related("service").filter(key=key).first()
    if node is None:
        raise NotFound("halls.triage_not_found")
    return node


def triage_options(*, node: TriageNode, hall: Hall) -> list[TriageNode]:
    """The answers to ``node``'s question that lead somewhere this hall can help with."""
    offered = set(HallService.objects.filter(hall=hall, is_active=True).values_list("service_id", flat=True))
    out = []
    for child in node.children.select_related("service").order_by("order", "key"):
        if _reachable(child, offered):
            out.append(child)
    return out


def _reachable(node: TriageNode, offered: set[int]) -> bool:
    if node.service_id:
        return node.service_id in offered
    return any(_reachable(child, offered) for child in node.children.all())


def triage_services(*, node: TriageNode) -> list[Service]:
    """The services a leaf picks: its service first, then those also needed in the same visit."""
    if not node.service_id:
        return []
    extra = [s for s in node.extra_services.filter(is_active=True).order_by("order") if s.pk != node.service_id]
    return [node.service, *extra]


def triage_path(*, node: TriageNode) -> list[TriageNode]:
    path = []
    current: TriageNode | None = node
    while current is not None and len(path) < 20:
        path.append(current)
        current = current.parent
    return list(reversed(path))
