"""The demo seeder puts an application in every state, through the services, and is idempotent."""

from onestop.permits.models import PermitApplication
from onestop.permits.workflow import PermitState


def test_demo_has_every_state_and_runs_twice_without_adding(db, biometrics_slot, django_capture_on_commit_callbacks):
    from onestop.accounts import demo as accounts_demo
    from onestop.permits import demo

    world = {"logins": []}
    accounts_demo.seed(world)
    demo.seed(world)
    states = set(PermitApplication.objects.values_list("case__state", flat=True))
    assert states == set(PermitState.values)
    employers = set(PermitApplication.objects.values_list("employer__code", flat=True))
    assert employers == {"ent-robotics", "ent-pharma"}
    assert PermitApplication.objects.filter(
        corrections__answered_at__isnull=False
    ).exists()  # resumed after corrections
    count = PermitApplication.objects.count()
    demo.seed(world)
    assert PermitApplication.objects.count() == count
