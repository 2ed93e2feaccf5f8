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


def test_demo_reuses_organizations_of_the_same_name_and_never_duplicates_one():
    """The district governments and bureaus that earlier demos made (the accounts demo's
    dist-chaoyang..., the hotline demo's dist-dongcheng and 市生态环境局) are reused, not made
    a second time under a training code; the program quotas go to the reused districts."""
    from django.db.models import Count

    from onestop.accounts import demo as accounts_demo
    from onestop.accounts.models import Organization
    from onestop.training import demo
    from onestop.training.models import Quota

    world = {"logins": []}
    accounts_demo.seed(world)
    city = world["orgs"]["city"]
    for code, name, kind in (
        ("dist-dongcheng", "东城区人民政府", "district"),
        ("dist-xicheng", "西城区人民政府", "district"),
        ("dept-ecology", "市生态环境局", "department"),
    ):
        world["orgs"][code] = Organization.objects.create(code=code, name=name, kind=kind, parent=city)
    before = set(Organization.objects.values_list("pk", flat=True))
    demo.seed(world)

    duplicated = Organization.objects.values("name").annotate(n=Count("pk")).filter(n__gt=1)
    assert list(duplicated.values_list("name", flat=True)) == []
    assert Organization.objects.count() > len(before) + 100  # the training organizations were made
    districts = [org.code for org in world["training_districts"][:6]]
    assert districts == ["dist-dongcheng", "dist-xicheng", "dist-chaoyang", "dist-haidian", "trn-d04", "trn-d05"]
    assert Organization.objects.get(name="东城区外事办公室").parent.code == "dist-dongcheng"
    assert not Organization.objects.filter(code__in=["trn-d00", "trn-d01", "trn-d02", "trn-d03", "trn-c09"]).exists()
    quotas = Quota.objects.filter(program__code="international-competence-2024")
    assert set(quotas.values_list("organization__code", flat=True)) == set(districts[:4])
