from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("<int:pk>/read/", views.mark_read_view, name="read"),
    path("read-all/", views.mark_all_read_view, name="read-all"),
]
