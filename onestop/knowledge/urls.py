from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("group/<slug:code>/", views.group, name="group"),
    path("a/<slug:slug>/", views.article, name="article"),
]
