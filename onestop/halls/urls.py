from django.urls import path

from .views import booking, counter, kiosk, manage, public

app_name = "halls"

urlpatterns = [
    path("waits/", public.waits, name="waits"),
    path("board/<slug:code>/", public.board, name="board"),
    path("ticket/<uuid:token>/", public.ticket, name="ticket"),
    path("kiosk/<slug:code>/", kiosk.home, name="kiosk"),
    path("kiosk/<slug:code>/check-in/", kiosk.check_in, name="kiosk-check-in"),
    path("kiosk/<slug:code>/triage/", kiosk.triage, name="kiosk-triage"),
    path("kiosk/<slug:code>/issue/", kiosk.issue, name="kiosk-issue"),
    path("kiosk/<slug:code>/ticket/<uuid:token>/", kiosk.ticket, name="kiosk-ticket"),
    path("book/", booking.book, name="book"),
    path("appointments/", booking.appointment_list, name="appointment-list"),
    path("appointments/<str:code>/", booking.appointment_detail, name="appointment-detail"),
    path("appointments/<str:code>/calendar.ics", booking.appointment_ics, name="appointment-ics"),
    path("appointments/<str:code>/qr.svg", booking.appointment_qr, name="appointment-qr"),
    path("appointments/<str:code>/cancel/", booking.appointment_cancel_view, name="appointment-cancel"),
    path("appointments/<str:code>/reschedule/", booking.appointment_reschedule_view, name="appointment-reschedule"),
    path("counter/", counter.select, name="counter-select"),
    path("counter/<int:pk>/", counter.desk, name="counter"),
    path("counter/<int:pk>/act/", counter.act, name="counter-act"),
    path("manage/", manage.index, name="manage"),
    path("manage/dashboard/", manage.dashboard, name="dashboard"),
    path("manage/<int:pk>/", manage.plan, name="plan"),
    path("manage/<int:pk>/kiosk/", manage.kiosk_enrol, name="kiosk-enrol"),
    path("manage/<int:pk>/service-day/", manage.plan_service_day, name="plan-service-day"),
    path("manage/<int:pk>/staffing/", manage.plan_staffing_add, name="plan-staffing-add"),
    path("manage/<int:pk>/staffing/<int:row>/remove/", manage.plan_staffing_remove, name="plan-staffing-remove"),
    path("manage/<int:pk>/closure/", manage.plan_closure, name="plan-closure"),
    path("manage/<int:pk>/generate/", manage.plan_generate, name="plan-generate"),
]
