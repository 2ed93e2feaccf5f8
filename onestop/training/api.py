"""REST API of the training app, mounted under /api/v1/training/ (names "training-*" in the
"api" namespace). Every view only calls the services and selectors; errors come out as
``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.core.errors import NotFound, ValidationFailed

from . import selectors, services
from . import serializers as s
from .services.common import can_moderate

ERR_PERSON = _("There is no active account with this number.")

# --- programs: public ----------------------------------------------------------------------


class ProgramList(generics.ListAPIView):
    """Published programs with their timetables."""

    serializer_class = s.TrainingProgramSerializer

    def get_queryset(self):
        return selectors.programs_public()


class ProgramDetail(APIView):
    @extend_schema(responses=s.TrainingProgramSerializer)
    def get(self, request, pk: int):
        return Response(s.TrainingProgramSerializer(selectors.access_program(user=request.user, pk=pk)).data)


# --- programs: organizers ---------------------------------------------------------------


class ManageProgramList(generics.ListAPIView):
    """Programs the caller organizes or facilitates; POST creates a program in draft."""

    serializer_class = s.TrainingProgramSerializer

    def get_queryset(self):
        return selectors.programs_managed(user=self.request.user).prefetch_related("sessions")

    @extend_schema(request=s.TrainingProgramWriteSerializer, responses={201: s.TrainingProgramSerializer})
    def post(self, request):
        data = s.TrainingProgramWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        program = services.program_create(by=request.user, **data.validated_data)
        return Response(s.TrainingProgramSerializer(program).data, status=201)


class ManageProgramDetail(APIView):
    @extend_schema(responses=s.TrainingProgramSerializer)
    def get(self, request, pk: int):
        return Response(s.TrainingProgramSerializer(selectors.access_program_manage(user=request.user, pk=pk)).data)

    @extend_schema(request=s.TrainingProgramUpdateSerializer, responses=s.TrainingProgramSerializer)
    def patch(self, request, pk: int):
        program = selectors.access_program_manage(user=request.user, pk=pk)
        data = s.TrainingProgramUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        changes.pop("code", None)
        facilitator_ids = changes.pop("facilitators", None)
        program = services.program_update(program=program, by=request.user, **changes)
        if facilitator_ids is not None:
            people = list(get_user_model().objects.filter(pk__in=facilitator_ids, is_active=True))
            if len(people) != len(set(facilitator_ids)):
                raise ValidationFailed("training.person_unknown", ERR_PERSON, fields={"facilitators": [ERR_PERSON]})
            services.facilitators_set(program=program, users=people, by=request.user)
        program.refresh_from_db()
        return Response(s.TrainingProgramSerializer(program).data)


class ProgramTransition(APIView):
    @extend_schema(request=s.TrainingTransitionSerializer, responses=s.TrainingProgramSerializer)
    def post(self, request, pk: int):
        program = selectors.access_program_manage(user=request.user, pk=pk)
        data = s.TrainingTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.program_transition(program=program, by=request.user, **data.validated_data)
        program.case.refresh_from_db()
        return Response(s.TrainingProgramSerializer(program).data)


class SessionCreate(APIView):
    @extend_schema(request=s.TrainingSessionWriteSerializer, responses={201: s.TrainingSessionSerializer})
    def post(self, request, pk: int):
        program = selectors.access_program_manage(user=request.user, pk=pk)
        data = s.TrainingSessionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.session_create(program=program, by=request.user, **data.validated_data)
        return Response(s.TrainingSessionSerializer(session).data, status=201)


class SessionManage(APIView):
    @extend_schema(request=s.TrainingSessionWriteSerializer, responses=s.TrainingSessionSerializer)
    def patch(self, request, pk: int):
        session = selectors.access_session_manage(user=request.user, pk=pk)
        data = s.TrainingSessionWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        session = services.session_update(session=session, by=request.user, **data.validated_data)
        return Response(s.TrainingSessionSerializer(session).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        session = selectors.access_session_manage(user=request.user, pk=pk)
        services.session_delete(session=session, by=request.user)
        return Response(status=204)


class QuotaList(APIView):
    @extend_schema(responses=s.TrainingQuotaSerializer(many=True))
    def get(self, request, pk: int):
        program = selectors.access_program_manage(user=request.user, pk=pk)
        return Response(s.TrainingQuotaSerializer(program.quotas.select_related("organization"), many=True).data)

    @extend_schema(request=s.TrainingQuotaSerializer, responses=s.TrainingQuotaSerializer)
    def post(self, request, pk: int):
        program = selectors.access_program_manage(user=request.user, pk=pk)
        data = s.TrainingQuotaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quota = services.quota_set(
            program=program,
            organization=data.validated_data["organization"],
            seats=data.validated_data["seats"],
            by=request.user,
        )
        return Response(s.TrainingQuotaSerializer(quota).data)


class QuotaDelete(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.quota_delete(quota=selectors.access_quota_manage(user=request.user, pk=pk), by=request.user)
        return Response(status=204)


class MaterialCreate(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=s.TrainingMaterialWriteSerializer, responses={201: s.TrainingMaterialSerializer})
    def post(self, request, pk: int):
        program = selectors.access_program_manage(user=request.user, pk=pk)
        data = s.TrainingMaterialWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = None
        if data.validated_data.get("session"):
            session = program.sessions.filter(pk=data.validated_data["session"]).first()
            if session is None:
                raise NotFound("training.not_found")
        material = services.material_add(
            program=program,
            by=request.user,
            titles=data.validated_data.get("titles") or {},
            upload=data.validated_data.get("file"),
            url=data.validated_data.get("url") or "",
            session=session,
        )
        return Response(s.TrainingMaterialSerializer(material).data, status=201)


class MaterialDelete(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.material_delete(material=selectors.access_material_manage(user=request.user, pk=pk), by=request.user)
        return Response(status=204)


class QuestionRestore(APIView):
    @extend_schema(request=None, responses=s.TrainingQuestionSerializer)
    def post(self, request, pk: int):
        question = selectors.access_question_moderate(user=request.user, pk=pk)
        return Response(
            s.TrainingQuestionSerializer(services.question_restore(question=question, by=request.user)).data
        )


class EnrolmentList(generics.ListAPIView):
    serializer_class = s.TrainingEnrolmentSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str, description="pending, confirmed, waitlisted…")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        program = selectors.access_program_manage(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.program_enrolments(program=program, status=self.request.query_params.get("status", ""))


class EnrolmentApprove(APIView):
    @extend_schema(request=None, responses=s.TrainingEnrolmentSerializer)
    def post(self, request, pk: int):
        enrolment = selectors.access_enrolment_manage(user=request.user, pk=pk)
        return Response(
            s.TrainingEnrolmentSerializer(services.enrolment_approve(enrolment=enrolment, by=request.user)).data
        )


class EnrolmentReject(APIView):
    @extend_schema(request=s.TrainingReasonSerializer, responses=s.TrainingEnrolmentSerializer)
    def post(self, request, pk: int):
        enrolment = selectors.access_enrolment_manage(user=request.user, pk=pk)
        data = s.TrainingReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment = services.enrolment_reject(
            enrolment=enrolment, by=request.user, reason=data.validated_data.get("reason", "")
        )
        return Response(s.TrainingEnrolmentSerializer(enrolment).data)


class ProgramStats(APIView):
    @extend_schema(responses=s.TrainingStatsSerializer)
    def get(self, request, pk: int):
        program = selectors.access_program_moderate(user=request.user, pk=pk)
        data = selectors.program_stats(program=program)
        data["sessions"] = [
            {
                "session": row["session"].pk,
                "title": row["session"].title,
                **{k: row[k] for k in ("attended", "rate", "asked", "answered", "peak")},
            }
            for row in data["sessions"]
        ]
        return Response(s.TrainingStatsSerializer(data).data)


class Certificates(APIView):
    @extend_schema(request=None, responses=s.TrainingCertificatesResultSerializer)
    def post(self, request, pk: int):
        program = selectors.access_program_manage(user=request.user, pk=pk)
        return Response(services.certificates_request(program=program, by=request.user))


class CheckIn(APIView):
    @extend_schema(request=s.TrainingCheckInSerializer, responses={201: s.TrainingAttendanceSerializer})
    def post(self, request, pk: int):
        session = selectors.access_session_moderate(user=request.user, pk=pk)
        data = s.TrainingCheckInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attendance = services.session_check_in(session=session, code=data.validated_data["code"], by=request.user)
        return Response(s.TrainingAttendanceSerializer(attendance).data, status=201)


class SurveySave(APIView):
    @extend_schema(request=s.TrainingSurveyWriteSerializer, responses=s.TrainingSurveySerializer)
    def put(self, request, pk: int):
        session = selectors.access_session_manage(user=request.user, pk=pk)
        data = s.TrainingSurveyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        survey = services.survey_save(
            session=session,
            by=request.user,
            questions=data.validated_data["questions"],
            titles=data.validated_data.get("titles"),
        )
        survey = services.survey_set_open(survey=survey, by=request.user, open=data.validated_data["is_open"])
        return Response(_survey_data(survey))


class QuestionsPublish(APIView):
    @extend_schema(responses=s.TrainingPublishItemSerializer(many=True))
    def get(self, request, pk: int):
        session = selectors.access_session_moderate(user=request.user, pk=pk)
        return Response(services.questions_for_publication(session=session))

    @extend_schema(request=s.TrainingPublishRequestSerializer, responses=s.TrainingPublishResultSerializer)
    def post(self, request, pk: int):
        session = selectors.access_session_moderate(user=request.user, pk=pk)
        data = s.TrainingPublishRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(services.questions_publish(session=session, by=request.user, **data.validated_data))


class QuestionAnswer(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=s.TrainingAnswerSerializer, responses=s.TrainingQuestionSerializer)
    def post(self, request, pk: int):
        question = selectors.access_question_moderate(user=request.user, pk=pk)
        data = s.TrainingAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_answer(
            question=question,
            by=request.user,
            text=data.validated_data.get("text", ""),
            audio=data.validated_data.get("audio"),
        )
        return Response(s.TrainingQuestionSerializer(question).data)


class QuestionMarkAnswered(APIView):
    @extend_schema(request=None, responses=s.TrainingQuestionSerializer)
    def post(self, request, pk: int):
        question = selectors.access_question_moderate(user=request.user, pk=pk)
        return Response(
            s.TrainingQuestionSerializer(services.question_mark_answered(question=question, by=request.user)).data
        )


class QuestionHide(APIView):
    @extend_schema(request=s.TrainingReasonSerializer, responses=s.TrainingQuestionSerializer)
    def post(self, request, pk: int):
        question = selectors.access_question_moderate(user=request.user, pk=pk)
        data = s.TrainingReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_hide(
            question=question, by=request.user, reason=data.validated_data.get("reason", "")
        )
        return Response(s.TrainingQuestionSerializer(question).data)


class SessionQa(APIView):
    @extend_schema(request=s.TrainingQaOpenSerializer, responses=s.TrainingSessionSerializer)
    def post(self, request, pk: int):
        session = selectors.access_session_moderate(user=request.user, pk=pk)
        data = s.TrainingQaOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            s.TrainingSessionSerializer(
                services.session_set_qa(session=session, by=request.user, open=data.validated_data["open"])
            ).data
        )


# --- participants ------------------------------------------------------------------------


class Enrol(APIView):
    @extend_schema(request=None, responses={201: s.TrainingOwnEnrolmentSerializer})
    def post(self, request, pk: int):
        program = selectors.access_program(user=request.user, pk=pk)
        enrolment = services.enrolment_self_register(program=program, user=request.user)
        return Response(s.TrainingOwnEnrolmentSerializer(enrolment).data, status=201)


class Nominate(APIView):
    @extend_schema(request=s.TrainingNominateSerializer, responses={201: s.TrainingEnrolmentSerializer})
    def post(self, request, pk: int):
        program = selectors.access_program_liaison(user=request.user, pk=pk)
        data = s.TrainingNominateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = get_user_model().objects.filter(pk=data.validated_data["participant"], is_active=True).first()
        if person is None:
            raise ValidationFailed("training.person_unknown", ERR_PERSON, fields={"participant": [ERR_PERSON]})
        enrolment = services.enrolment_nominate(program=program, participant=person, by=request.user)
        return Response(s.TrainingEnrolmentSerializer(enrolment).data, status=201)


class MyEnrolments(generics.ListAPIView):
    serializer_class = s.TrainingOwnEnrolmentSerializer

    def get_queryset(self):
        return selectors.enrolments_of(user=self.request.user)


class LiaisonEnrolments(generics.ListAPIView):
    serializer_class = s.TrainingEnrolmentSerializer

    def get_queryset(self):
        return selectors.enrolments_for_liaison(user=self.request.user)


class _EnrolmentAction(APIView):
    action_name = ""

    @extend_schema(request=s.TrainingReasonSerializer, responses=s.TrainingOwnEnrolmentSerializer)
    def post(self, request, pk: int):
        if self.action_name == "cancel":
            enrolment = selectors.access_enrolment(user=request.user, pk=pk)
            enrolment = services.enrolment_cancel(
                enrolment=enrolment, by=request.user, reason=str(request.data.get("reason", ""))
            )
        else:
            enrolment = selectors.access_enrolment_own(user=request.user, pk=pk)
            action = (
                services.enrolment_accept_offer if self.action_name == "accept" else services.enrolment_decline_offer
            )
            enrolment = action(enrolment=enrolment, by=request.user)
        return Response(s.TrainingEnrolmentSerializer(enrolment).data)


class EnrolmentCancel(_EnrolmentAction):
    action_name = "cancel"


class OfferAccept(_EnrolmentAction):
    action_name = "accept"


class OfferDecline(_EnrolmentAction):
    action_name = "decline"


class SessionCounter(APIView):
    """Live participant count of an online class (cached for a few seconds)."""

    @extend_schema(responses=s.TrainingCounterSerializer)
    def get(self, request, pk: int):
        data = selectors.session_counter(session_id=pk)
        if data is None:
            raise NotFound("training.not_found")
        return Response(data)


class _PresenceAction(APIView):
    action_name = ""

    @extend_schema(request=None, responses=s.TrainingCounterSerializer)
    def post(self, request, pk: int):
        session = selectors.access_session_room(user=request.user, pk=pk)
        action = {
            "join": services.session_join,
            "leave": services.session_leave,
            "heartbeat": services.presence_heartbeat,
        }[self.action_name]
        action(session=session, user=request.user)
        return Response(selectors.session_counter(session_id=session.pk))


class SessionJoin(_PresenceAction):
    action_name = "join"


class SessionLeave(_PresenceAction):
    action_name = "leave"


class SessionHeartbeat(_PresenceAction):
    action_name = "heartbeat"


class QuestionList(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=s.TrainingQuestionSerializer(many=True))
    def get(self, request, pk: int):
        session = selectors.access_session_room(user=request.user, pk=pk)
        board = selectors.question_board(
            session=session, user=request.user, moderator=can_moderate(request.user, session.program)
        )
        return Response(s.TrainingQuestionSerializer(board[:200], many=True).data)

    @extend_schema(request=s.TrainingAskSerializer, responses={201: s.TrainingQuestionSerializer})
    def post(self, request, pk: int):
        session = selectors.access_session_room(user=request.user, pk=pk)
        data = s.TrainingAskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_ask(
            session=session,
            user=request.user,
            text=data.validated_data.get("text", ""),
            audio=data.validated_data.get("audio"),
        )
        return Response(s.TrainingQuestionSerializer(question).data, status=201)


class QuestionUpvote(APIView):
    @extend_schema(request=None, responses=s.TrainingQuestionSerializer)
    def post(self, request, pk: int):
        question = selectors.access_question(user=request.user, pk=pk)
        return Response(
            s.TrainingQuestionSerializer(services.question_upvote(question=question, user=request.user)).data
        )


def _survey_data(survey) -> dict:
    return s.TrainingSurveySerializer(
        {"id": survey.pk, "title": survey.title, "is_open": survey.is_open, "questions": survey.questions.all()}
    ).data


class SurveyDetail(APIView):
    @extend_schema(responses=s.TrainingSurveySerializer)
    def get(self, request, pk: int):
        return Response(_survey_data(selectors.access_survey(user=request.user, pk=pk)))

    @extend_schema(request=s.TrainingSurveyAnswersSerializer, responses={201: s.TrainingOkSerializer})
    def post(self, request, pk: int):
        survey = selectors.access_survey(user=request.user, pk=pk)
        data = s.TrainingSurveyAnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.survey_submit(survey=survey, user=request.user, answers=data.validated_data["answers"])
        return Response({"ok": True}, status=201)


urlpatterns = [
    path("training/programs/", ProgramList.as_view(), name="training-program-list"),
    path("training/programs/<int:pk>/", ProgramDetail.as_view(), name="training-program-detail"),
    path("training/programs/<int:pk>/enrol/", Enrol.as_view(), name="training-enrol"),
    path("training/programs/<int:pk>/nominate/", Nominate.as_view(), name="training-nominate"),
    path("training/enrolments/", MyEnrolments.as_view(), name="training-my-enrolments"),
    path("training/enrolments/<int:pk>/cancel/", EnrolmentCancel.as_view(), name="training-enrolment-cancel"),
    path("training/enrolments/<int:pk>/accept/", OfferAccept.as_view(), name="training-offer-accept"),
    path("training/enrolments/<int:pk>/decline/", OfferDecline.as_view(), name="training-offer-decline"),
    path("training/liaison/enrolments/", LiaisonEnrolments.as_view(), name="training-liaison-enrolments"),
    path("training/sessions/<int:pk>/counter/", SessionCounter.as_view(), name="training-session-counter"),
    path("training/sessions/<int:pk>/join/", SessionJoin.as_view(), name="training-session-join"),
    path("training/sessions/<int:pk>/leave/", SessionLeave.as_view(), name="training-session-leave"),
    path("training/sessions/<int:pk>/heartbeat/", SessionHeartbeat.as_view(), name="training-session-heartbeat"),
    path("training/sessions/<int:pk>/questions/", QuestionList.as_view(), name="training-question-list"),
    path("training/questions/<int:pk>/upvote/", QuestionUpvote.as_view(), name="training-question-upvote"),
    path("training/surveys/<int:pk>/", SurveyDetail.as_view(), name="training-survey"),
    path("training/manage/programs/", ManageProgramList.as_view(), name="training-manage-program-list"),
    path("training/manage/programs/<int:pk>/", ManageProgramDetail.as_view(), name="training-manage-program-detail"),
    path(
        "training/manage/programs/<int:pk>/transition/", ProgramTransition.as_view(), name="training-program-transition"
    ),
    path("training/manage/programs/<int:pk>/sessions/", SessionCreate.as_view(), name="training-session-create"),
    path("training/manage/programs/<int:pk>/quotas/", QuotaList.as_view(), name="training-quota-list"),
    path("training/manage/quotas/<int:pk>/", QuotaDelete.as_view(), name="training-quota-delete"),
    path("training/manage/programs/<int:pk>/materials/", MaterialCreate.as_view(), name="training-material-create"),
    path("training/manage/materials/<int:pk>/", MaterialDelete.as_view(), name="training-material-delete"),
    path("training/manage/programs/<int:pk>/enrolments/", EnrolmentList.as_view(), name="training-enrolment-list"),
    path("training/manage/programs/<int:pk>/stats/", ProgramStats.as_view(), name="training-program-stats"),
    path("training/manage/programs/<int:pk>/certificates/", Certificates.as_view(), name="training-certificates"),
    path("training/manage/sessions/<int:pk>/", SessionManage.as_view(), name="training-session-manage"),
    path("training/manage/sessions/<int:pk>/checkin/", CheckIn.as_view(), name="training-checkin"),
    path("training/manage/sessions/<int:pk>/survey/", SurveySave.as_view(), name="training-survey-save"),
    path("training/manage/sessions/<int:pk>/publish/", QuestionsPublish.as_view(), name="training-questions-publish"),
    path("training/manage/sessions/<int:pk>/qa/", SessionQa.as_view(), name="training-session-qa"),
    path("training/manage/enrolments/<int:pk>/approve/", EnrolmentApprove.as_view(), name="training-enrolment-approve"),
    path("training/manage/enrolments/<int:pk>/reject/", EnrolmentReject.as_view(), name="training-enrolment-reject"),
    path("training/manage/questions/<int:pk>/answer/", QuestionAnswer.as_view(), name="training-question-answer"),
    path(
        "training/manage/questions/<int:pk>/mark-answered/",
        QuestionMarkAnswered.as_view(),
        name="training-question-mark",
    ),
    path("training/manage/questions/<int:pk>/hide/", QuestionHide.as_view(), name="training-question-hide"),
    path("training/manage/questions/<int:pk>/restore/", QuestionRestore.as_view(), name="training-question-restore"),
]
