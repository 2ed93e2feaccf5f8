"""Surveys, reminders, calendar files and statistics."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from onestop.accounts.models import Organization
from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.training import selectors, services
from onestop.training.charts import bar_chart
from onestop.training.models import Session, SurveyAnswer

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"kind": "rating", "prompts": {"zh-hans": "总体评价", "en": "Overall"}},
    {"kind": "choice", "prompts": {"en": "Most useful"}, "choices": [{"en": "Parallel approval"}, {"en": "Handover"}]},
    {"kind": "text", "prompts": {"en": "Suggestions"}, "required": False},
]


@pytest.fixture
def survey(make_program, organizer):
    program = make_program(capacity=10)
    session = program.sessions.get(kind="online_class")
    return services.survey_save(session=session, by=organizer, questions=QUESTIONS)


def _key(survey, n):
    return f"q{survey.questions.all()[n].pk}"


def test_participant_answers_once(survey, enrolled):
    user, _e = enrolled(survey.session.program)
    answers = {_key(survey, 0): "5", _key(survey, 1): "1", _key(survey, 2): "More examples"}
    services.survey_submit(survey=survey, user=user, answers=answers)
    assert set(SurveyAnswer.objects.values_list("rating", "choice", "text")) == {
        (5, None, ""),
        (None, 1, ""),
        (None, None, "More examples"),
    }
    with pytest.raises(Conflict) as exc:
        services.survey_submit(survey=survey, user=user, answers=answers)
    assert exc.value.code == "training.survey_twice"


def test_bad_answers_are_reported_per_question(survey, enrolled):
    user, _e = enrolled(survey.session.program)
    with pytest.raises(ValidationFailed) as exc:
        services.survey_submit(survey=survey, user=user, answers={_key(survey, 0): "6", _key(survey, 1): "7"})
    assert set(exc.value.fields) == {_key(survey, 0), _key(survey, 1)}
    with pytest.raises(ValidationFailed) as exc:
        services.survey_submit(survey=survey, user=user, answers={_key(survey, 2): "only text"})
    assert set(exc.value.fields) == {_key(survey, 0), _key(survey, 1)}  # the required ones are missing
    assert not SurveyAnswer.objects.exists()


def test_outsiders_and_closed_surveys_are_refused(survey, enrolled, make_participant):
    with pytest.raises(Conflict):
        services.survey_submit(survey=survey, user=make_participant(), answers={})
    services.survey_set_open(survey=survey, by=survey.session.program.organizer, open=False)
    user, _e = enrolled(survey.session.program)
    with pytest.raises(Conflict) as exc:
        services.survey_submit(survey=survey, user=user, answers={})
    assert exc.value.code == "training.survey_closed"


def test_survey_opens_when_the_session_starts(make_program, organizer, enrolled):
    program = make_program(capacity=5)
    lecture = program.sessions.get(kind="lecture")  # next week
    survey = services.survey_save(session=lecture, by=organizer, questions=QUESTIONS[:1])
    user, _e = enrolled(program)
    with pytest.raises(Conflict) as exc:
        services.survey_submit(survey=survey, user=user, answers={_key(survey, 0): "4"})
    assert exc.value.code == "training.survey_not_yet"


def test_survey_questions_freeze_after_the_first_answer(survey, enrolled, organizer):
    services.survey_save(session=survey.session, by=organizer, questions=QUESTIONS[:2])
    assert survey.questions.count() == 2
    user, _e = enrolled(survey.session.program)
    services.survey_submit(survey=survey, user=user, answers={_key(survey, 0): "4", _key(survey, 1): "0"})
    with pytest.raises(Conflict):
        services.survey_save(session=survey.session, by=organizer, questions=QUESTIONS)


@pytest.mark.parametrize(
    "question",
    [
        {"kind": "choice", "prompts": {"en": "x"}, "choices": [{"en": "only one"}]},
        {"kind": "rating", "prompts": {}},
        {"kind": "poll", "prompts": {"en": "x"}},
    ],
)
def test_bad_survey_questions_are_refused(make_program, organizer, question):
    program = make_program()
    with pytest.raises(ValidationFailed):
        services.survey_save(session=program.sessions.first(), by=organizer, questions=[question])


def test_only_managers_build_surveys(make_program, facilitator):
    program = make_program()
    with pytest.raises(NotFound):
        services.survey_save(session=program.sessions.first(), by=facilitator, questions=QUESTIONS)


# --- reminders and calendar files ----------------------------------------------------------


def test_reminders_go_once_to_confirmed_participants(
    make_program, enrolled, make_participant, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr("onestop.notify.services.notify_user", lambda **kw: sent.append(kw))
    program = make_program(capacity=1)
    lecture = program.sessions.get(kind="lecture")
    Session.objects.filter(pk=lecture.pk).update(
        starts_at=timezone.now() + timedelta(hours=3), ends_at=timezone.now() + timedelta(hours=5)
    )
    user, _e = enrolled(program)
    services.enrolment_self_register(program=program, user=make_participant())  # waitlisted: no reminder
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 1
    assert [kw["user"] for kw in sent] == [user]
    assert sent[0]["code"] == "training.session_reminder"
    assert sent[0]["context"]["place"] == "Hall 1"
    assert services.reminders_send() == 0


def test_program_calendar_file(make_program):
    program = make_program()
    text = selectors.calendar_ics(program=program, sessions=program.sessions.all())
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 2
    lecture = program.sessions.get(kind="lecture")
    assert f"DTSTART:{lecture.starts_at.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}" in text
    assert "LOCATION:Hall 1" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_calendar_escapes_and_folds_long_chinese_names(make_program, organizer):
    program = make_program()
    services.program_update(program=program, by=organizer, names={"zh-hans": "因公护照管理培训; 出入境, 签证" * 6})
    program.refresh_from_db()
    text = selectors.calendar_ics(program=program, sessions=program.sessions.all())
    assert "\\;" in text and "\\," in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


# --- statistics ----------------------------------------------------------------------------


def test_statistics_cover_organizations_attendance_and_questions(make_program, enrolled, make_org, organizer):
    program = make_program(capacity=10)
    online = program.sessions.get(kind="online_class")
    lecture = program.sessions.get(kind="lecture")
    univ = make_org("University", kind="university")
    a, ea = enrolled(program, univ)
    b, _eb = enrolled(program, univ)
    c, ec = enrolled(program, make_org("District", kind="district"))
    services.session_join(session=online, user=a)
    services.session_join(session=online, user=b)
    services.session_check_in(session=lecture, code=ea.checkin_code, by=organizer)
    services.session_set_qa(session=online, by=organizer, open=True)
    q = services.question_ask(session=online, user=c, text="Q")
    services.question_ask(session=online, user=a, text="Q2")
    services.question_answer(question=q, by=organizer, text="A")

    stats = selectors.program_stats(program=program)
    assert stats["confirmed"] == 3
    assert stats["organizations"] == 2
    assert dict(stats["organization_kinds"]) == {
        str(Organization.Kind.UNIVERSITY.label): 2,
        str(Organization.Kind.DISTRICT.label): 1,
    }
    rows = {row["session"].pk: row for row in stats["sessions"]}
    assert (rows[online.pk]["attended"], rows[online.pk]["rate"], rows[online.pk]["peak"]) == (2, 67, 2)
    assert (rows[lecture.pk]["attended"], rows[lecture.pk]["peak"]) == (1, None)
    assert stats["attendance_rate"] == 50  # 3 of 6 expected attendances
    assert (stats["questions_asked"], stats["questions_answered"], stats["answered_rate"]) == (2, 1, 50)


def test_peak_presence_counts_overlaps():
    t = timezone.now()
    m = timedelta(minutes=1)
    assert selectors.peak_presence([(t, t + 10 * m), (t + m, t + 12 * m), (t + 5 * m, None), (t + 20 * m, None)]) == 3
    assert selectors.peak_presence([(t, t + m), (t + m, t + 2 * m)]) == 1  # one leaves as the next joins


def test_bar_chart_is_accessible_svg_with_escaped_labels():
    svg = str(bar_chart([("<script>", 3), ("Lecture", 1)], title="Attendance", unit="%"))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="Attendance"' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "3%" in svg
    assert str(bar_chart([], title="x")) == ""


def _geometry(svg: str) -> list[dict[str, float]]:
    """Per bar: the label's x and anchor, the bar's left and right edges, the value's x."""
    import re

    rows = []
    for group in re.findall(r"<g>(.*?)</g>", svg):
        label, value = re.findall(r'<text x="([\d.]+)"[^>]*text-anchor="(\w+)"', group)
        left, width = map(float, re.search(r'<rect x="([\d.-]+)"[^>]*width="([\d.]+)"', group).groups())
        rows.append(
            {
                "label": float(label[0]),
                "anchor": label[1],
                "left": left,
                "right": left + width,
                "value": float(value[0]),
            }
        )
    return rows


def test_bar_chart_is_mirrored_on_right_to_left_pages():
    from django.utils import translation

    from onestop.training import charts

    items = [("محاضرة", 80), ("Lecture", 30), ("研讨", 0)]
    ltr = bar_chart(items, maximum=100, title="x")
    with translation.override("ar"):
        rtl = bar_chart(items, maximum=100, title="x")  # follows the active language
    assert 'class="chart"' in ltr and 'direction="ltr"' in ltr
    assert 'class="chart chart-rtl"' in rtl and 'direction="rtl"' in rtl
    edge = charts.WIDTH * charts.LABEL_WIDTH / 100
    for bar in _geometry(ltr):  # bars grow rightwards from the labels' edge; labels on the left
        assert bar["left"] == pytest.approx(edge) and bar["label"] < bar["left"] < bar["value"]
    for bar in _geometry(rtl):  # bars grow leftwards from one right edge; labels on the right
        assert bar["right"] == pytest.approx(charts.WIDTH - edge)
        assert bar["value"] < bar["left"] <= bar["right"] < bar["label"]
    widths = [b["right"] - b["left"] for b in _geometry(ltr)]
    assert [b["right"] - b["left"] for b in _geometry(rtl)] == pytest.approx(widths) and widths[0] > widths[1] > 0
    assert bar_chart(items, title="x", rtl=False) == bar_chart(items, title="x")
