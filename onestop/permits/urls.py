from django.urls import path

from . import views

app_name = "permits"

urlpatterns = [
    path("", views.application_index, name="index"),
    path("new/", views.application_start, name="start"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/employment/", views.application_edit, name="edit"),
    path("<int:pk>/materials/", views.application_materials, name="materials"),
    path("<int:pk>/submit/", views.application_submit, name="submit"),
    path("<int:pk>/corrections/", views.application_corrections, name="corrections"),
    path("<int:pk>/biometrics/", views.application_biometrics, name="biometrics"),
    path("reviews/", views.officer_queue, name="queue"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/start/", views.review_start, name="review-start"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review-decide"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
