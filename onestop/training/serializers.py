"""API shapes of the training app."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from .models import Attendance, Enrolment, Material, Program, Question, Quota, Session, SurveyQuestion

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class NamesField(serializers.DictField):
    """Text per language: ``{"zh-hans": "...", "en": "..."}``."""

    child = serializers.CharField(allow_blank=True)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        unknown = sorted(set(value) - set(LANGUAGE_CODES))
        if unknown:
            raise serializers.ValidationError(f"Unknown language codes: {', '.join(unknown)}.")
        return value


class TrainingSessionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    venue = serializers.CharField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "kind",
            "title",
            "titles",
            "summaries",
            "instructors",
            "venue",
            "venues",
            "online_url",
            "starts_at",
            "ends_at",
            "presence_capacity",
            "present_count",
            "qa_open",
        ]
        read_only_fields = ["present_count", "qa_open"]


class TrainingSessionWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Session.Kind.choices)
    titles = NamesField()
    summaries = NamesField(required=False)
    instructors = serializers.CharField(required=False, allow_blank=True, max_length=300)
    venues = NamesField(required=False)
    online_url = serializers.URLField(required=False, allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    presence_capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class TrainingProgramSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True)
    seats_left = serializers.IntegerField(read_only=True)
    sessions = TrainingSessionSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "code",
            "case_number",
            "state",
            "name",
            "names",
            "description",
            "descriptions",
            "organization",
            "capacity",
            "seats_taken",
            "seats_left",
            "self_registration",
            "nomination",
            "requires_approval",
            "waitlist_enabled",
            "offer_hours",
            "quota_only",
            "certificate_min_attendance",
            "sessions",
        ]


class TrainingProgramWriteSerializer(serializers.Serializer):
    names = NamesField()
    descriptions = NamesField(required=False)
    code = serializers.SlugField(required=False, allow_blank=True, max_length=60)
    capacity = serializers.IntegerField(min_value=1)
    self_registration = serializers.BooleanField(required=False, default=True)
    nomination = serializers.BooleanField(required=False, default=True)
    requires_approval = serializers.BooleanField(required=False, default=False)
    waitlist_enabled = serializers.BooleanField(required=False, default=True)
    offer_hours = serializers.IntegerField(required=False, default=24, min_value=1, max_value=168)
    quota_only = serializers.BooleanField(required=False, default=False)
    certificate_min_attendance = serializers.IntegerField(required=False, default=80, min_value=0, max_value=100)


class TrainingProgramUpdateSerializer(TrainingProgramWriteSerializer):
    names = NamesField(required=False)
    facilitators = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="User ids of the program's facilitators"
    )
    capacity = serializers.IntegerField(min_value=1, required=False)
    self_registration = serializers.BooleanField(required=False)
    nomination = serializers.BooleanField(required=False)
    requires_approval = serializers.BooleanField(required=False)
    waitlist_enabled = serializers.BooleanField(required=False)
    offer_hours = serializers.IntegerField(required=False, min_value=1, max_value=168)
    quota_only = serializers.BooleanField(required=False)
    certificate_min_attendance = serializers.IntegerField(required=False, min_value=0, max_value=100)


class TrainingTransitionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=["publish", "close_enrolment", "reopen", "complete", "cancel"])
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class TrainingEnrolmentSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", read_only=True)
    participant_name = serializers.CharField(source="participant.full_name", read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "program",
            "program_name",
            "participant_name",
            "organization",
            "status",
            "status_label",
            "source",
            "created_at",
            "confirmed_at",
            "offer_expires_at",
            "note",
        ]


class TrainingOwnEnrolmentSerializer(TrainingEnrolmentSerializer):
    class Meta(TrainingEnrolmentSerializer.Meta):
        fields = [*TrainingEnrolmentSerializer.Meta.fields, "checkin_code"]


class TrainingNominateSerializer(serializers.Serializer):
    participant = serializers.IntegerField(help_text="User id of a person of your organization")


class TrainingReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class TrainingQuotaSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Quota
        fields = ["id", "organization", "organization_name", "seats", "seats_taken"]
        read_only_fields = ["seats_taken"]


class TrainingCounterSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
    full = serializers.BooleanField()


class TrainingAttendanceSerializer(serializers.ModelSerializer):
    participant_name = serializers.CharField(source="participant.full_name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "session", "participant_name", "method", "joined_at", "left_at"]


class TrainingCheckInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)


class TrainingQuestionSerializer(serializers.ModelSerializer):
    has_audio = serializers.SerializerMethodField()
    has_answer_audio = serializers.SerializerMethodField()
    voted = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Question
        fields = [
            "id",
            "session",
            "text",
            "has_audio",
            "status",
            "upvotes",
            "voted",
            "created_at",
            "answer_text",
            "has_answer_audio",
            "answered_at",
        ]

    def get_has_audio(self, obj) -> bool:
        return bool(obj.audio)

    def get_has_answer_audio(self, obj) -> bool:
        return bool(obj.answer_audio)


class TrainingAskSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    audio = serializers.FileField(required=False, help_text="Voice recording (WebM, Ogg, MP4/M4A, MP3, WAV)")


class TrainingAnswerSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    audio = serializers.FileField(required=False)


class TrainingQaOpenSerializer(serializers.Serializer):
    open = serializers.BooleanField()


class TrainingSurveyQuestionSerializer(serializers.ModelSerializer):
    prompt = serializers.CharField(read_only=True)
    options = serializers.SerializerMethodField()

    class Meta:
        model = SurveyQuestion
        fields = ["id", "kind", "prompt", "prompts", "options", "choices", "required"]

    def get_options(self, obj) -> list[str]:
        return obj.option_labels()


class TrainingSurveySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    is_open = serializers.BooleanField()
    questions = TrainingSurveyQuestionSerializer(many=True)


class TrainingSurveyQuestionWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SurveyQuestion.Kind.choices)
    prompts = NamesField()
    choices = serializers.ListField(child=NamesField(), required=False)
    required = serializers.BooleanField(required=False, default=True)


class TrainingSurveyWriteSerializer(serializers.Serializer):
    titles = NamesField(required=False)
    questions = TrainingSurveyQuestionWriteSerializer(many=True)
    is_open = serializers.BooleanField(required=False, default=True)


class TrainingSurveyAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text='{"q<question id>": rating 1-5, option index or text}'
    )


class TrainingCertificatesResultSerializer(serializers.Serializer):
    requested = serializers.IntegerField()
    already = serializers.IntegerField()
    not_eligible = serializers.IntegerField()


class TrainingPublishItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.CharField()
    upvotes = serializers.IntegerField()
    asked_at = serializers.CharField()
    answered_at = serializers.CharField(allow_null=True)
    published_ref = serializers.CharField()


class TrainingPublishResultSerializer(serializers.Serializer):
    published = serializers.ListField(child=serializers.CharField())
    items = TrainingPublishItemSerializer(many=True)


class TrainingPublishRequestSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False, default="zh-hans")


class TrainingStatsSessionSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    title = serializers.CharField()
    attended = serializers.IntegerField()
    rate = serializers.IntegerField()
    asked = serializers.IntegerField()
    answered = serializers.IntegerField()
    peak = serializers.IntegerField(allow_null=True)


class TrainingStatsSerializer(serializers.Serializer):
    capacity = serializers.IntegerField()
    seats_taken = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    organizations = serializers.IntegerField()
    attendance_rate = serializers.IntegerField()
    questions_asked = serializers.IntegerField()
    questions_answered = serializers.IntegerField()
    answered_rate = serializers.IntegerField()
    certificates = serializers.IntegerField()
    sessions = TrainingStatsSessionSerializer(many=True)


class TrainingOkSerializer(serializers.Serializer):
    ok = serializers.BooleanField()


class TrainingMaterialSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Material
        fields = ["id", "session", "title", "titles", "url", "original_name", "content_type", "size", "uploaded_at"]
        read_only_fields = ["original_name", "content_type", "size", "uploaded_at"]


class TrainingMaterialWriteSerializer(serializers.Serializer):
    titles = NamesField(required=False)
    file = serializers.FileField(required=False)
    url = serializers.URLField(required=False, allow_blank=True)
    session = serializers.IntegerField(required=False, allow_null=True)
