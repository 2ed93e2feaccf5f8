from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "onestop.knowledge"
    label = "knowledge"
    verbose_name = _("Guides and answers")

    def ready(self) -> None:
        from onestop.core.services_catalogue import register_public_service

        register_public_service(
            "knowledge:index",
            _("Guides for foreigners"),
            _("Paying, getting around, studying, daily life, travel, business and city services, in ten languages."),
            order=60,
        )
