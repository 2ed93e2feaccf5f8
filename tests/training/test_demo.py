"""The demo seeder (at a tenth of its size): a program in every state, the passport class
full with a waitlist, questions, survey answers, a certificate; a second run adds nothing."""

import pytest

from onestop.training.models import Certificate, Enrolment, Program, ProgramState, Question, SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small(monkeypatch, settings, tmp_path):
    from onestop.training import demo

    monkeypatch.setattr(demo, "SCALE", 0.1)
    settings.SIGNING_KEY_PATH = tmp_path / "key.pem"
    settings.SIGNING_CERT_PATH = tmp_path / "cert.pem"


def test_demo_has_every_state_and_runs_twice_without_adding(django_capture_on_commit_callbacks):
    from onestop.accounts import demo as accounts_demo
    from onestop.training import demo

    world = {"logins": []}
    accounts_demo.seed(world)
    demo.seed(world)
    assert set(Program.objects.values_list("case__state", flat=True)) == set(ProgramState.values)
    passport = Program.objects.get(code=demo.PASSPORT_CODE)
    assert passport.seats_taken == passport.capacity
    assert Enrolment.objects.filter(program=passport, status="waitlisted").exists()
    assert Question.objects.filter(session__program=passport, status="answered").exclude(answer_audio="").exists()
    assert SurveyResponse.objects.filter(survey__session__program=passport).exists()
    participant = world["users"]["participant"]
    assert Certificate.objects.get(enrolment__participant=participant, enrolment__program=passport).status == "issued"
    assert Enrolment.objects.get(participant=participant, program__code="overseas-trips-practice").status == "offered"
    counts = (Program.objects.count(), Enrolment.objects.count(), Question.objects.count())
    demo.seed(world)
    assert (Program.objects.count(), Enrolment.objects.count(), Question.objects.count()) == counts
