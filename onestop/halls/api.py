"""REST API of the halls (mounted under /api/v1/; names in namespace "api")."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.core.errors import NotFound, ValidationFailed

from . import serializers as s
from .models import Counter, DemandForecast, Hall, PriorityGroup, Service, Slot, TicketStatus
from .selectors.access import (
    access_counter,
    access_hall,
    access_ticket,
    halls_operated_by,
    public_hall,
    ticket_by_token,
)
from .selectors.booking import access_appointment, appointments_of
from .selectors.queue import QueueSnapshot, all_waits, board_lines, open_tickets
from .selectors.recommend import slot_recommend
from .services import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_reschedule,
    ticket_add_service,
    ticket_call_next,
    ticket_complete,
    ticket_issue,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)

ERR_SERVICE_REQUIRED = _("Give a service code.")
ERR_SERVICE_UNKNOWN = _("Unknown service code.")
ERR_SLOT_UNKNOWN = _("There is no slot with this id.")
ERR_PRIORITY_UNKNOWN = _("Unknown priority group.")
ERR_COUNTER_UNKNOWN = _("This hall has no counter with this number.")
ERR_NUMBERS = _("lat, lon, days and limit must be numbers.")


class HallList(generics.ListAPIView):
    """Service halls open to the public."""

    serializer_class = s.HallSerializer
    queryset = Hall.objects.filter(is_active=True).order_by("code")


class ServiceList(generics.ListAPIView):
    serializer_class = s.ServiceSerializer
    queryset = Service.objects.filter(is_active=True)


class WaitList(APIView):
    """Estimated wait now per hall (for one service, or averaged over the hall's services)."""

    @extend_schema(parameters=[OpenApiParameter("service", str, required=False)], responses=s.WaitSerializer(many=True))
    def get(self, request):
        data = all_waits(service_code=request.query_params.get("service") or None)
        return Response(s.WaitSerializer(data, many=True).data)


class SlotList(generics.ListAPIView):
    """Free slots of a service (``service`` required; ``hall`` and ``date`` narrow it)."""

    serializer_class = s.SlotSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("service", str, required=True),
            OpenApiParameter("hall", str, required=False),
            OpenApiParameter("date", OpenApiTypes.DATE, required=False),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        from django.db.models import F

        from . import clock

        params = self.request.query_params
        if not params.get("service"):
            raise ValidationFailed(
                "halls.service_required", ERR_SERVICE_REQUIRED, fields={"service": [ERR_SERVICE_REQUIRED]}
            )
        qs = Slot.objects.filter(
            service__code=params["service"], start__gte=clock.now(), booked__lt=F("capacity"), hall__is_active=True
        ).select_related("hall", "service")
        if params.get("hall"):
            qs = qs.filter(hall__code=params["hall"])
        if params.get("date"):
            field = serializers.DateField()
            day = field.to_internal_value(params["date"])
            qs = qs.filter(start__date=day)
        return qs.order_by("start", "hall__code")


class RecommendationList(APIView):
    """The proposal (first) and alternatives for booking a service."""

    @extend_schema(
        parameters=[
            OpenApiParameter("service", str, required=True),
            OpenApiParameter("lat", float, required=False),
            OpenApiParameter("lon", float, required=False),
            OpenApiParameter("days", int, required=False),
            OpenApiParameter("limit", int, required=False),
        ],
        responses=s.RecommendationSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        try:
            near = (float(params["lat"]), float(params["lon"])) if params.get("lat") and params.get("lon") else None
            days = min(max(int(params.get("days", 14)), 1), 90)
            limit = min(max(int(params.get("limit", 5)), 1), 20)
        except ValueError:
            raise ValidationFailed("halls.bad_number", ERR_NUMBERS, fields={"lat": [ERR_NUMBERS], "lon": [ERR_NUMBERS]})
        recs = slot_recommend(service_code=params.get("service", ""), near=near, days=days, limit=limit)
        return Response(s.RecommendationSerializer(recs, many=True).data)


class AppointmentListCreate(generics.ListAPIView):
    """Your bookings; POST books (one click: omit ``slot`` to take the proposal)."""

    serializer_class = s.AppointmentSerializer

    def get_queryset(self):
        return appointments_of(user=self.request.user)

    @extend_schema(request=s.BookRequest, responses={201: s.AppointmentSerializer})
    def post(self, request):
        data = s.BookRequest(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        slot = hall = None
        if v.get("slot"):
            slot = Slot.objects.filter(pk=v["slot"]).first()
            if slot is None:
                raise ValidationFailed("halls.slot_unknown", ERR_SLOT_UNKNOWN, fields={"slot": [ERR_SLOT_UNKNOWN]})
        if v.get("hall"):
            hall = public_hall(code=v["hall"])
        appointment = appointment_book(
            user=request.user, service_code=v["service"], slot=slot, hall=hall, start=v.get("start"), channel="api"
        )
        return Response(s.AppointmentSerializer(appointment).data, status=201)


class AppointmentDetail(APIView):
    @extend_schema(responses=s.AppointmentSerializer)
    def get(self, request, code: str):
        return Response(s.AppointmentSerializer(access_appointment(user=request.user, code=code)).data)


class AppointmentCancel(APIView):
    @extend_schema(request=s.CancelRequest, responses=s.AppointmentSerializer)
    def post(self, request, code: str):
        appointment = access_appointment(user=request.user, code=code)
        data = s.CancelRequest(data=request.data)
        data.is_valid(raise_exception=True)
        appointment_cancel(appointment=appointment, by=request.user, reason=data.validated_data.get("reason", ""))
        return Response(s.AppointmentSerializer(appointment).data)


class AppointmentReschedule(APIView):
    @extend_schema(request=s.RescheduleRequest, responses=s.AppointmentSerializer)
    def post(self, request, code: str):
        appointment = access_appointment(user=request.user, code=code)
        data = s.RescheduleRequest(data=request.data)
        data.is_valid(raise_exception=True)
        slot = Slot.objects.filter(pk=data.validated_data["slot"]).first()
        if slot is None:
            raise ValidationFailed("halls.slot_unknown", ERR_SLOT_UNKNOWN, fields={"slot": [ERR_SLOT_UNKNOWN]})
        new = appointment_reschedule(appointment=appointment, by=request.user, slot=slot)
        return Response(s.AppointmentSerializer(new).data)


def _staff_hall(request, code: str) -> Hall:
    hall = halls_operated_by(user=request.user).filter(code=code).first()
    if hall is None:
        raise NotFound("halls.hall_not_found")
    return hall


def _priority(code: str | None) -> PriorityGroup | None:
    if not code:
        return None
    group = PriorityGroup.objects.filter(code=code, is_active=True).first()
    if group is None:
        raise ValidationFailed(
            "halls.priority_unknown", ERR_PRIORITY_UNKNOWN, fields={"priority": [ERR_PRIORITY_UNKNOWN]}
        )
    return group


class KioskCheckIn(APIView):
    """Check a booking in at a hall (a kiosk device authenticates as hall staff)."""

    @extend_schema(request=s.CheckInRequest, responses={201: s.TicketSerializer})
    def post(self, request):
        data = s.CheckInRequest(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        hall = _staff_hall(request, v["hall"])
        ticket = appointment_check_in(
            code=v["code"], hall=hall, by=request.user, priority_group=_priority(v.get("priority"))
        )
        return Response(s.TicketSerializer(ticket).data, status=201)


class TicketIssue(APIView):
    """Issue a walk-in ticket for one or more services of one visit."""

    @extend_schema(operation_id="halls_ticket_issue", request=s.IssueRequest, responses={201: s.TicketSerializer})
    def post(self, request):
        data = s.IssueRequest(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        hall = _staff_hall(request, v["hall"])
        by_code = {svc.code: svc for svc in Service.objects.filter(code__in=v["services"], is_active=True)}
        missing = [c for c in v["services"] if c not in by_code]
        if missing:
            raise ValidationFailed(
                "halls.service_unknown", ERR_SERVICE_UNKNOWN, fields={"services": [ERR_SERVICE_UNKNOWN, *missing]}
            )
        ticket = ticket_issue(
            hall=hall,
            services=[by_code[c] for c in v["services"]],
            by=request.user,
            priority_group=_priority(v.get("priority")),
        )
        return Response(s.TicketSerializer(ticket).data, status=201)


class TicketStatusView(APIView):
    """A visitor's ticket by its token: status, people ahead, expected wait."""

    @extend_schema(responses=s.TicketStatusSerializer)
    def get(self, request, token):
        ticket = ticket_by_token(token=token)
        ahead, minutes = 0, None
        if ticket.status in (TicketStatus.WAITING, TicketStatus.TRANSFERRED):
            ahead, minutes = QueueSnapshot.build(hall=ticket.hall).ticket_wait(ticket)
        return Response(
            s.TicketStatusSerializer(
                {
                    "number": ticket.number,
                    "hall": ticket.hall.code,
                    "status": ticket.status,
                    "counter": ticket.counter.number if ticket.counter_id else None,
                    "ahead": ahead,
                    "minutes": minutes,
                }
            ).data
        )


class CounterCallNext(APIView):
    """Call the next visitor for a counter (204 when nobody it can serve waits)."""

    @extend_schema(request=None, responses={200: s.TicketSerializer, 204: None})
    def post(self, request, pk: int):
        counter = access_counter(user=request.user, pk=pk)
        ticket = ticket_call_next(counter=counter, by=request.user)
        if ticket is None:
            return Response(status=204)
        return Response(s.TicketSerializer(ticket).data)


class TicketAction(APIView):
    """recall | start | no-show | complete | transfer | add-service on a ticket."""

    @extend_schema(operation_id="halls_ticket_action", request=s.TicketActionRequest, responses=s.TicketSerializer)
    def post(self, request, pk: int, action: str):
        ticket = access_ticket(user=request.user, pk=pk)
        data = s.TicketActionRequest(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        by = request.user
        service = None
        if v.get("service"):
            service = Service.objects.filter(code=v["service"], is_active=True).first()
            if service is None:
                raise ValidationFailed(
                    "halls.service_unknown", ERR_SERVICE_UNKNOWN, fields={"service": [ERR_SERVICE_UNKNOWN]}
                )
        if action == "recall":
            ticket = ticket_recall(ticket=ticket, by=by)
        elif action == "start":
            ticket = ticket_start(ticket=ticket, by=by)
        elif action == "no-show":
            ticket = ticket_no_show(ticket=ticket, by=by)
        elif action == "complete":
            ticket = ticket_complete(ticket=ticket, by=by)
        elif action == "transfer":
            counter = None
            if v.get("counter") is not None:
                counter = Counter.objects.filter(hall=ticket.hall, number=v["counter"]).first()
                if counter is None:
                    raise ValidationFailed(
                        "halls.counter_unknown", ERR_COUNTER_UNKNOWN, fields={"counter": [ERR_COUNTER_UNKNOWN]}
                    )
            ticket = ticket_transfer(ticket=ticket, by=by, service=service, counter=counter)
        elif action == "add-service":
            if service is None:
                raise ValidationFailed(
                    "halls.service_required", ERR_SERVICE_REQUIRED, fields={"service": [ERR_SERVICE_REQUIRED]}
                )
            ticket_add_service(ticket=ticket, service=service, by=by)
        else:
            raise NotFound("halls.action_unknown")
        return Response(s.TicketSerializer(ticket).data)


class HallQueue(APIView):
    """Open tickets of a hall today (staff)."""

    @extend_schema(responses=s.TicketSerializer(many=True))
    def get(self, request, pk: int):
        hall = access_hall(user=request.user, pk=pk)
        tickets = open_tickets(hall=hall).prefetch_related("items__service")[:200]
        return Response(s.TicketSerializer(tickets, many=True).data)


class Board(APIView):
    """The numbers called last at a hall, newest first."""

    @extend_schema(responses=s.BoardLineSerializer(many=True))
    def get(self, request, code: str):
        return Response(s.BoardLineSerializer(board_lines(hall=public_hall(code=code)), many=True).data)


class Forecast(APIView):
    """The demand forecast of a hall: expected arrivals per weekday and hour."""

    @extend_schema(responses=s.ForecastCellSerializer(many=True))
    def get(self, request, pk: int):
        hall = access_hall(user=request.user, pk=pk, manager=True)
        cells = DemandForecast.objects.filter(hall=hall).order_by("weekday", "hour")
        return Response(s.ForecastCellSerializer(cells, many=True).data)


urlpatterns = [
    path("halls/", HallList.as_view(), name="halls-hall-list"),
    path("halls/services/", ServiceList.as_view(), name="halls-service-list"),
    path("halls/waits/", WaitList.as_view(), name="halls-wait-list"),
    path("halls/slots/", SlotList.as_view(), name="halls-slot-list"),
    path("halls/recommendations/", RecommendationList.as_view(), name="halls-recommendation-list"),
    path("halls/appointments/", AppointmentListCreate.as_view(), name="halls-appointment-list"),
    path("halls/appointments/<str:code>/", AppointmentDetail.as_view(), name="halls-appointment-detail"),
    path("halls/appointments/<str:code>/cancel/", AppointmentCancel.as_view(), name="halls-appointment-cancel"),
    path(
        "halls/appointments/<str:code>/reschedule/",
        AppointmentReschedule.as_view(),
        name="halls-appointment-reschedule",
    ),
    path("halls/kiosk/check-in/", KioskCheckIn.as_view(), name="halls-kiosk-check-in"),
    path("halls/tickets/", TicketIssue.as_view(), name="halls-ticket-issue"),
    path("halls/tickets/<uuid:token>/", TicketStatusView.as_view(), name="halls-ticket-status"),
    path("halls/tickets/<int:pk>/<slug:action>/", TicketAction.as_view(), name="halls-ticket-action"),
    path("halls/counters/<int:pk>/call-next/", CounterCallNext.as_view(), name="halls-counter-call-next"),
    path("halls/<int:pk>/queue/", HallQueue.as_view(), name="halls-queue"),
    path("halls/<int:pk>/forecast/", Forecast.as_view(), name="halls-forecast"),
    path("halls/board/<slug:code>/", Board.as_view(), name="halls-board"),
]
