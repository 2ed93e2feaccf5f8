from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "onestop.documents"
    label = "documents"
    verbose_name = _("Issued documents")

    def ready(self) -> None:
        from onestop.cases.references import register_resolver
        from onestop.cases.workflow import register_timeline_messages
        from onestop.core import navigation
        from onestop.core.services_catalogue import register_public_service

        from . import checks  # noqa: F401  (registers the system check)
        from .kinds import KIND_REFERENCE, all_kinds, register_defaults, timeline_name

        register_defaults()
        register_timeline_messages(
            {
                "documents.issued": _("Document issued: %(title)s (verification code %(code)s)."),
                "documents.revoked": _("Document revoked: %(title)s (verification code %(code)s)."),
            }
        )
        register_resolver(KIND_REFERENCE, timeline_name)
        staff_roles = frozenset().union(*(kind.staff_roles for kind in all_kinds()))
        navigation.register(
            "documents:register",
            _("Issued documents"),
            staff_roles,
            _("Signed approvals, permits and certificates; revoke one when needed."),
            order=80,
        )
        register_public_service(
            "documents:verify-upload",
            _("Verify a document"),
            _("Check that an approval, permit or certificate is genuine and still valid."),
            order=90,
        )
