"""REST API of the joint permit application (mounted under /api/v1/). Everything a page can
do: employers file, complete, submit, correct and book; officers take and decide their
half; managers read the compliance figures."""

from __future__ import annotations

from django.db import transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from . import integration, services
from .models import VERDICTS, PermitApplication, Review, SalaryBand
from .selectors import (
    access_application,
    access_application_as_employer,
    access_review,
    application_completeness,
    application_list,
    application_sla,
    review_queue,
)
from .selectors.dashboard import compliance_dashboard
from .workflow import PermitState

ERR_PERSON_OR_MRZ = _("Give either an employee already in the dossier (person) or a new passport's MRZ (mrz).")

# --- serializers --------------------------------------------------------------------------


class ReviewSerializer(serializers.ModelSerializer):
    officer = serializers.CharField(source="officer.full_name", default=None)
    application = serializers.IntegerField(source="application_id")
    case_number = serializers.CharField(source="application.case.number")

    class Meta:
        model = Review
        fields = [
            "id",
            "application",
            "case_number",
            "kind",
            "queue",
            "status",
            "officer",
            "note",
            "round",
            "started_at",
            "decided_at",
        ]


class SlaSerializer(serializers.Serializer):
    status = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    remaining = serializers.IntegerField(allow_null=True, help_text="working days left; negative when overdue")
    elapsed = serializers.IntegerField(allow_null=True, help_text="working days on the clock")


class ApplicationSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="case.number")
    state = serializers.CharField(source="case.state")
    state_label = serializers.CharField(source="case.state_label")
    employer = serializers.CharField(source="employer.code")
    employee = serializers.SerializerMethodField()
    passport = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(source="case.submitted_at")
    due_at = serializers.DateTimeField(source="case.due_at")
    sla = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    corrections = serializers.SerializerMethodField()
    biometrics = serializers.SerializerMethodField()

    class Meta:
        model = PermitApplication
        fields = [
            "id",
            "number",
            "state",
            "state_label",
            "employer",
            "employee",
            "passport",
            "job_title",
            "contract_start",
            "contract_end",
            "salary_band",
            "work_address",
            "submitted_at",
            "due_at",
            "sla",
            "reviews",
            "corrections",
            "biometrics",
            "decided_at",
            "decision_working_days",
            "on_time",
            "refusal_reasons",
        ]

    @extend_schema(
        responses=inline_serializer(
            "Employee",
            {
                "id": serializers.IntegerField(),
                "full_name": serializers.CharField(),
                "latin_name": serializers.CharField(),
                "nationality": serializers.CharField(),
            },
        )
    )
    def get_employee(self, obj) -> dict:
        p = obj.person
        return {"id": p.pk, "full_name": p.full_name, "latin_name": p.latin_name, "nationality": p.nationality}

    def get_passport(self, obj) -> dict | None:
        if obj.passport is None:
            return None
        return {"number": obj.passport.number_masked, "expires_on": obj.passport.expires_on}

    @extend_schema(responses=SlaSerializer)
    def get_sla(self, obj) -> dict:
        figures = application_sla(application=obj)
        return SlaSerializer(figures).data

    @extend_schema(responses=ReviewSerializer(many=True))
    def get_reviews(self, obj) -> list:
        return ReviewSerializer(obj.reviews.select_related("officer", "application__case"), many=True).data

    def get_corrections(self, obj) -> list:
        return [
            {
                "round": c.round,
                "points": c.points,
                "sent_at": c.sent_at,
                "answered_at": c.answered_at,
                "response": c.response,
            }
            for c in obj.corrections.all()
        ]

    def get_biometrics(self, obj) -> dict | None:
        if not obj.biometrics_appointment_id:
            return None
        return {"code": obj.biometrics_code, "at": obj.biometrics_at, "place": obj.biometrics_place}


class ApplicationCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, help_text="an employee already in the dossier")
    mrz = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        min_length=2,
        max_length=2,
        help_text="a new employee: the passport's two MRZ lines",
    )
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    job_title = serializers.CharField(max_length=200)
    contract_start = serializers.DateField(required=False, allow_null=True)
    contract_end = serializers.DateField(required=False, allow_null=True)
    salary_band = serializers.ChoiceField(choices=SalaryBand.choices, required=False, allow_blank=True)
    work_address = serializers.CharField(required=False, allow_blank=True, max_length=300)

    def validate(self, attrs):
        if bool(attrs.get("person")) == bool(attrs.get("mrz")):
            raise serializers.ValidationError({"person": [ERR_PERSON_OR_MRZ]})
        return attrs


class ApplicationUpdateSerializer(serializers.Serializer):
    job_title = serializers.CharField(max_length=200, required=False)
    contract_start = serializers.DateField(required=False, allow_null=True)
    contract_end = serializers.DateField(required=False, allow_null=True)
    salary_band = serializers.ChoiceField(choices=SalaryBand.choices, required=False, allow_blank=True)
    work_address = serializers.CharField(required=False, allow_blank=True, max_length=300)


class CompletenessItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    group = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()
    detail = serializers.CharField()


class CompletenessSerializer(serializers.Serializer):
    complete = serializers.BooleanField()
    items = CompletenessItemSerializer(many=True)


class MaterialSerializer(serializers.Serializer):
    type_code = serializers.CharField()
    file = serializers.FileField()


class ResubmitSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=4000)


class BiometricsSerializer(serializers.Serializer):
    slot = serializers.IntegerField(required=False, help_text="a slot id; leave out for the best hall and time")


class BookingSerializer(serializers.Serializer):
    code = serializers.CharField()
    start = serializers.DateTimeField(allow_null=True)
    place = serializers.CharField()


class DecideSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=[str(v) for v in VERDICTS])
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class BarSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.FloatField()


class DashboardSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    sla_days = serializers.IntegerField()
    decided = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    average_days = serializers.FloatField(allow_null=True)
    median_days = serializers.FloatField(allow_null=True)
    p95_days = serializers.FloatField(allow_null=True)
    correction_rate = serializers.FloatField(allow_null=True)
    open_cases = serializers.IntegerField()
    breached_open = serializers.IntegerField()
    remaining = BarSerializer(many=True)
    distribution = BarSerializer(many=True)
    monthly = BarSerializer(many=True)
    review_days = BarSerializer(many=True)
    breaches = serializers.SerializerMethodField()

    def get_breaches(self, obj) -> list[str]:
        return [a.case.number for a in obj.breaches]


# --- views --------------------------------------------------------------------------------


def _fresh(pk: int, user) -> dict:
    return ApplicationSerializer(access_application(user=user, pk=pk)).data


class ApplicationListView(ListAPIView):
    """Applications the caller may see (an employer: their organization's; staff: all
    submitted ones). POST (employers): open a draft for an employee."""

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        state = self.request.query_params.get("state", "")
        return application_list(
            user=self.request.user,
            state=state if state in PermitState.values else "",
            query=self.request.query_params.get("q", "")[:100],
        )

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationSerializer})
    def post(self, request):
        if "employer" not in request.user.role_names:
            from rest_framework.exceptions import NotFound

            raise NotFound()
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with transaction.atomic():
            if values.get("person"):
                person = integration.person_for(user=request.user, pk=values["person"])
            else:
                person = services.employee_register(
                    by=request.user, mrz=values["mrz"], full_name=values.get("full_name", "")
                )
            application = services.application_create(
                by=request.user,
                person=person,
                job_title=values["job_title"],
                contract_start=values.get("contract_start"),
                contract_end=values.get("contract_end"),
                salary_band=values.get("salary_band", ""),
                work_address=values.get("work_address", ""),
            )
        return Response(_fresh(application.pk, request.user), status=status.HTTP_201_CREATED)


class ApplicationDetailView(APIView):
    @extend_schema(responses=ApplicationSerializer)
    def get(self, request, pk: int):
        return Response(_fresh(pk, request.user))

    @extend_schema(request=ApplicationUpdateSerializer, responses=ApplicationSerializer)
    def patch(self, request, pk: int):
        application = access_application_as_employer(user=request.user, pk=pk)
        data = ApplicationUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.application_update(application=application, by=request.user, **data.validated_data)
        return Response(_fresh(pk, request.user))


class CompletenessView(APIView):
    @extend_schema(responses=CompletenessSerializer)
    def get(self, request, pk: int):
        report = application_completeness(application=access_application(user=request.user, pk=pk))
        return Response(CompletenessSerializer({"complete": report.complete, "items": report.items}).data)


class MaterialView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": MaterialSerializer}, responses=CompletenessSerializer)
    def post(self, request, pk: int):
        application = access_application_as_employer(user=request.user, pk=pk)
        data = MaterialSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_material_provide(
            application=application,
            by=request.user,
            type_code=data.validated_data["type_code"],
            file=data.validated_data["file"],
        )
        report = application_completeness(application=application)
        return Response(
            CompletenessSerializer({"complete": report.complete, "items": report.items}).data,
            status=status.HTTP_201_CREATED,
        )


class SubmitView(APIView):
    @extend_schema(request=None, responses=ApplicationSerializer)
    def post(self, request, pk: int):
        application = access_application_as_employer(user=request.user, pk=pk)
        services.application_submit(application=application, by=request.user)
        return Response(_fresh(pk, request.user))


class ResubmitView(APIView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(request=ResubmitSerializer, responses=ApplicationSerializer)
    def post(self, request, pk: int):
        application = access_application_as_employer(user=request.user, pk=pk)
        data = ResubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_resubmit(
            application=application, by=request.user, response=data.validated_data["response"]
        )
        return Response(_fresh(pk, request.user))


class BiometricsView(APIView):
    @extend_schema(request=BiometricsSerializer, responses={201: BookingSerializer})
    def post(self, request, pk: int):
        application = access_application_as_employer(user=request.user, pk=pk)
        data = BiometricsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = integration.slot_by_id(pk=data.validated_data["slot"]) if data.validated_data.get("slot") else None
        booking = services.application_biometrics_book(application=application, by=request.user, slot=slot)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class EmployeeCreateView(APIView):
    @extend_schema(
        request=inline_serializer(
            "EmployeeCreate",
            {
                "mrz": serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
                "full_name": serializers.CharField(required=False),
            },
        ),
        responses={
            201: inline_serializer(
                "EmployeeCreated",
                {
                    "id": serializers.IntegerField(),
                    "latin_name": serializers.CharField(),
                    "nationality": serializers.CharField(),
                },
            )
        },
    )
    def post(self, request):
        mrz = request.data.get("mrz")
        person = services.employee_register(
            by=request.user, mrz=mrz, full_name=str(request.data.get("full_name") or "")
        )
        return Response(
            {"id": person.pk, "latin_name": person.latin_name, "nationality": person.nationality},
            status=status.HTTP_201_CREATED,
        )


class ReviewListView(ListAPIView):
    """Open review halves in the caller's queues, most urgent first (``?mine=1``: taken by me)."""

    serializer_class = ReviewSerializer

    def get_queryset(self):
        return review_queue(user=self.request.user, mine_only=self.request.query_params.get("mine") == "1")


class ReviewStartView(APIView):
    @extend_schema(request=None, responses=ReviewSerializer)
    def post(self, request, pk: int):
        review = services.review_start(review=access_review(user=request.user, pk=pk), by=request.user)
        return Response(ReviewSerializer(review).data)


class ReviewDecideView(APIView):
    @extend_schema(request=DecideSerializer, responses=ReviewSerializer)
    def post(self, request, pk: int):
        review = access_review(user=request.user, pk=pk)
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_decide(review=review, by=request.user, **data.validated_data)
        return Response(ReviewSerializer(review).data)


class DashboardView(APIView):
    @extend_schema(responses=DashboardSerializer)
    def get(self, request):
        try:
            days = min(max(int(request.query_params.get("days", 90)), 1), 730)
        except ValueError:
            days = 90
        return Response(DashboardSerializer(compliance_dashboard(days=days)).data)


urlpatterns = [
    path("permits/applications/", ApplicationListView.as_view(), name="permits-application-list"),
    path("permits/applications/<int:pk>/", ApplicationDetailView.as_view(), name="permits-application-detail"),
    path(
        "permits/applications/<int:pk>/completeness/",
        CompletenessView.as_view(),
        name="permits-application-completeness",
    ),
    path("permits/applications/<int:pk>/materials/", MaterialView.as_view(), name="permits-application-materials"),
    path("permits/applications/<int:pk>/submit/", SubmitView.as_view(), name="permits-application-submit"),
    path("permits/applications/<int:pk>/resubmit/", ResubmitView.as_view(), name="permits-application-resubmit"),
    path("permits/applications/<int:pk>/biometrics/", BiometricsView.as_view(), name="permits-application-biometrics"),
    path("permits/employees/", EmployeeCreateView.as_view(), name="permits-employee-create"),
    path("permits/reviews/", ReviewListView.as_view(), name="permits-review-list"),
    path("permits/reviews/<int:pk>/start/", ReviewStartView.as_view(), name="permits-review-start"),
    path("permits/reviews/<int:pk>/decide/", ReviewDecideView.as_view(), name="permits-review-decide"),
    path("permits/dashboard/", DashboardView.as_view(), name="permits-dashboard"),
]
