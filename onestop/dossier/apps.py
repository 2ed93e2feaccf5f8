from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "onestop.dossier"
    label = "dossier"
    verbose_name = _("Dossier: persons and materials")

    def ready(self) -> None:
        from onestop.core.navigation import register

        from .access import ORG_SCOPED_ROLES, SEE_ALL_ROLES, SELF_ROLES

        register(
            "dossier:person-list",
            _("Persons and materials"),
            ORG_SCOPED_ROLES | SEE_ALL_ROLES,
            _("Identity documents and materials, provided once and reused by every case."),
            order=40,
        )
        register(
            "dossier:me",
            _("My documents"),
            SELF_ROLES,
            _("Your identity documents and materials, kept for every later application."),
            order=40,
        )
