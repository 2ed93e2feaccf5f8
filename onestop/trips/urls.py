from django.urls import path

from . import views

app_name = "trips"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.create, name="create"),
    path("queue/", views.queue, name="queue"),
    path("inspection/", views.inspection, name="inspection"),
    path("inspection/export.<slug:fmt>", views.inspection_export, name="inspection-export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/<int:step>/", views.step, name="step"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/readiness/", views.refresh, name="refresh"),
    path("<int:pk>/collection/book/", views.book, name="book"),
    path("<int:pk>/collection/", views.collect, name="collect"),
    path("<int:pk>/collection/signature.png", views.signature, name="signature"),
    path("<int:pk>/return/", views.record_return, name="return"),
    path("<int:pk>/report/", views.report, name="report"),
]
