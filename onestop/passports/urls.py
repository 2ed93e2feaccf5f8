from django.urls import path

from . import views

app_name = "passports"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("new/", views.register, name="register"),
    path("desk/", views.desk, name="desk"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/lost/", views.lost, name="lost"),
    path("reservations/<int:pk>/release/", views.release, name="release"),
    path("trips/<int:case_id>/", views.trip, name="trip"),
    path("handovers/", views.handovers, name="handovers"),
    path("handovers/<int:pk>/", views.handover_complete, name="handover-complete"),
    path("people/<int:person_pk>/job-change/", views.job_change, name="job-change"),
    path("applications/", views.applications, name="applications"),
    path("applications/new/", views.application_create, name="application-create"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("applications/<int:pk>/act/<slug:action>/", views.application_act, name="application-act"),
    path("applications/<int:pk>/issue/", views.application_issue, name="application-issue"),
]
