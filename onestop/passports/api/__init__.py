"""REST API for passports (mounted under /api/v1/, names in namespace "api").

Everything a page does: the registry (list, detail with custody history, entering a
passport), check-out and return by MRZ or number, loss reports, a trip's reservations,
releasing a reservation, handovers and job changes, passport applications with their
moves and materials, the policy and the organizations blocked now.
"""

from django.urls import path

from .applications import ApplicationActionView, ApplicationDetailView, ApplicationListView, ApplicationMaterialView
from .registry import (
    BlocksView,
    CheckOutView,
    FindView,
    HandoverCompleteView,
    HandoverListView,
    JobChangeView,
    LostView,
    PassportDetailView,
    PassportListView,
    PolicyView,
    ReservationReleaseView,
    ReturnView,
    TripReservationsView,
)

urlpatterns = [
    path("passports/", PassportListView.as_view(), name="passports-list"),
    path("passports/<int:pk>/", PassportDetailView.as_view(), name="passports-detail"),
    path("passports/<int:pk>/lost/", LostView.as_view(), name="passports-lost"),
    path("passports/check-out/", CheckOutView.as_view(), name="passports-check-out"),
    path("passports/return/", ReturnView.as_view(), name="passports-return"),
    path("passports/find/", FindView.as_view(), name="passports-find"),
    path(
        "passports/trips/<int:case_id>/reservations/",
        TripReservationsView.as_view(),
        name="passports-trip-reservations",
    ),
    path(
        "passports/reservations/<int:pk>/release/",
        ReservationReleaseView.as_view(),
        name="passports-reservation-release",
    ),
    path("passports/handovers/", HandoverListView.as_view(), name="passports-handover-list"),
    path("passports/handovers/<int:pk>/complete/", HandoverCompleteView.as_view(), name="passports-handover-complete"),
    path("passports/persons/<int:person_pk>/job-change/", JobChangeView.as_view(), name="passports-job-change"),
    path("passports/applications/", ApplicationListView.as_view(), name="passports-application-list"),
    path("passports/applications/<int:pk>/", ApplicationDetailView.as_view(), name="passports-application-detail"),
    path(
        "passports/applications/<int:pk>/actions/<slug:action>/",
        ApplicationActionView.as_view(),
        name="passports-application-action",
    ),
    path(
        "passports/applications/<int:pk>/materials/",
        ApplicationMaterialView.as_view(),
        name="passports-application-material",
    ),
    path("passports/policy/", PolicyView.as_view(), name="passports-policy"),
    path("passports/blocks/", BlocksView.as_view(), name="passports-blocks"),
]
