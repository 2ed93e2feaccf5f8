"""URLconf. Each OneStop app's ``urls.py`` (pages, namespace = app label) is mounted at
``/<label>/`` unless it sets ``url_prefix``; each app's ``api.py`` contributes
``urlpatterns`` to ``/api/v1/`` (namespace ``api``). Every name must be in the permission map."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path


def _optional(module_name: str):
    try:
        return import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None


page_patterns = []
api_patterns = []
for config in apps.get_app_configs():
    if not config.name.startswith("onestop.") or config.label == "core":
        continue
    pages = _optional(f"{config.name}.urls")
    if pages is not None:
        prefix = getattr(pages, "url_prefix", f"{config.label}/")
        page_patterns.append(path(prefix, include(pages)))
    api = _optional(f"{config.name}.api")
    if api is not None and hasattr(api, "urlpatterns"):
        api_patterns.extend(api.urlpatterns)

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include((api_patterns, "api"), namespace="api")),
    *page_patterns,
    path("", include("onestop.core.urls")),
]
