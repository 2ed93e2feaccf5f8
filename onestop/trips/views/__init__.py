"""Trip pages: the liaison officer's dashboard and step-by-step form, the FAO work queue,
the case page with everything after the approval, and the inspection. Views parse input,
call services and selectors, and render; GET never changes anything."""

from .after import book, collect, record_return, refresh, report, signature
from .detail import act, detail, rate
from .inspection import inspection, inspection_export
from .lists import dashboard, queue
from .steps import create, step

__all__ = [
    "act",
    "book",
    "collect",
    "create",
    "dashboard",
    "detail",
    "inspection",
    "inspection_export",
    "queue",
    "rate",
    "record_return",
    "refresh",
    "report",
    "signature",
    "step",
]
