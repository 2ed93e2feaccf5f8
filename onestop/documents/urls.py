from django.urls import path

from . import views

app_name = "documents"
# Mounted at the site root: the QR code on paper points to /verify/<code>/.
url_prefix = ""

urlpatterns = [
    path("verify/", views.verify_upload, name="verify-upload"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("documents/", views.register, name="register"),
    path("documents/<str:code>/download/", views.download, name="download"),
    path("documents/<str:code>/revoke/", views.revoke, name="revoke"),
]
