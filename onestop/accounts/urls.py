from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.otp_view, name="otp"),
    path("login/set-up-code/", views.otp_enrol_view, name="otp-enrol"),
    path("logout/", views.logout_view, name="logout"),
]
