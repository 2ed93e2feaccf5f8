from django.urls import path

from . import views

app_name = "dossier"

urlpatterns = [
    path("persons/", views.person_list, name="person-list"),
    path("persons/new/", views.person_create, name="person-create"),
    path("persons/<int:pk>/", views.person_detail, name="person-detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("persons/<int:pk>/identity/new/", views.identity_add, name="identity-add"),
    path("persons/<int:pk>/materials/new/", views.material_upload, name="material-upload"),
    path("me/", views.my_dossier, name="me"),
    path("identity/<int:pk>/reveal/", views.identity_reveal, name="identity-reveal"),
    path("materials/<int:pk>/file/", views.material_file, name="material-file"),
    path("materials/<int:pk>/verify/", views.material_verify, name="material-verify"),
    path("materials/<int:pk>/reject/", views.material_reject, name="material-reject"),
]
