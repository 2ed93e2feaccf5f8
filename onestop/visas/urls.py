from django.urls import path

from . import views

app_name = "visas"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("refresh/", views.queue_refresh, name="queue-refresh"),
    path("batches/", views.batch_list, name="batch-list"),
    path("batches/new/", views.batch_create, name="batch-create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/letter/", views.batch_letter, name="batch-letter"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/issue/", views.application_issue, name="application-issue"),
    path("applications/<int:pk>/refuse/", views.application_refuse, name="application-refuse"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/refresh/", views.application_refresh, name="application-refresh"),
    path("applications/<int:pk>/visa/reveal/", views.visa_reveal, name="visa-reveal"),
    path("trips/", views.trip_list, name="trip-list"),
    path("trips/<int:case_id>/", views.trip_status, name="trip-status"),
    path("trips/<int:case_id>/prepare/", views.trip_prepare, name="trip-prepare"),
    path("requirements/", views.requirement_list, name="requirement-list"),
]
