"""One clock of 7 working days (the real 2026 calendar, holidays and make-up days), paused
while the employer corrects; warnings before the deadline; the compliance dashboard."""

from datetime import date

from django.utils import timezone

from onestop.cases.models import Case
from onestop.cases.tasks import sla_scan
from onestop.permits import services
from onestop.permits.selectors import application_sla
from onestop.permits.selectors.dashboard import compliance_dashboard

from .conftest import at, fresh, frozen, reviews


def _due(application) -> date:
    return timezone.localtime(fresh(application).case.due_at).date()


def _decide(application, permit_officer, exit_officer, when, work="approved", residence="approved"):
    with frozen(when):
        work_review, residence_review = reviews(application)
        for review, officer in ((work_review, permit_officer), (residence_review, exit_officer)):
            if review.status == "pending":
                services.review_start(review=review, by=officer)
        services.review_decide(review=work_review, by=permit_officer, verdict=work, note="n")
        services.review_decide(review=residence_review, by=exit_officer, verdict=residence, note="n")


def test_the_deadline_skips_national_day_and_counts_the_make_up_saturday(build):
    with frozen(at(2026, 9, 29)):  # Tuesday
        application = build("submitted")
    # Sep 30 (1); Oct 1-7 holiday; Oct 8 (2), 9 (3), Sat 10 make-up day (4), 12 (5), 13 (6), 14 (7)
    assert _due(application) == date(2026, 10, 14)


def test_corrections_pause_the_clock_and_the_decision_counts_only_clock_days(
    build, employer, permit_officer, exit_officer
):
    with frozen(at(2026, 9, 28)):  # Monday: due Oct 13 (Sep 29, 30, Oct 8, 9, 10, 12, 13)
        application = build("under_review")
    assert _due(application) == date(2026, 10, 13)
    with frozen(at(2026, 9, 30)):
        work, residence = reviews(application)
        services.review_decide(review=work, by=permit_officer, verdict="correction_requested", note="Sign it")
        services.review_decide(review=residence, by=exit_officer, verdict="approved")
    assert application_sla(application=fresh(application), today=date(2026, 10, 9)).status == "paused"
    with frozen(at(2026, 10, 9)):  # waited Oct 8 and Oct 9: two working days (the holiday does not count)
        services.application_resubmit(application=application, by=employer, response="Signed")
    app = fresh(application)
    assert app.paused_working_days == 2
    assert _due(application) == date(2026, 10, 15)
    with frozen(at(2026, 10, 15)):
        work, _residence = reviews(application)
        services.review_start(review=work, by=permit_officer)
        services.review_decide(review=work, by=permit_officer, verdict="approved")
    app = fresh(application)
    assert app.case.state == "approved"
    # Sep 29 .. Oct 15 holds 9 working days, 2 of them spent on corrections
    assert app.decision_working_days == 7
    assert app.on_time is True


def test_a_late_decision_is_recorded_as_a_breach(build, permit_officer, exit_officer):
    with frozen(at(2026, 11, 2)):  # Monday: due Wed Nov 11
        application = build("submitted")
    _decide(application, permit_officer, exit_officer, at(2026, 11, 13))
    app = fresh(application)
    assert app.decision_working_days == 9
    assert app.on_time is False


def test_officers_are_warned_before_the_deadline_then_the_breach_is_marked_once(build, permit_officer):
    with frozen(at(2026, 11, 2)):  # due Wed Nov 11; warning threshold 2 working days
        application = build("submitted")
        work, _residence = reviews(application)
        services.review_start(review=work, by=permit_officer)
    with frozen(at(2026, 11, 6)):  # 3 working days left
        assert services.permits_sla_warn() == {"warned": 0}
    with frozen(at(2026, 11, 9)):  # 2 working days left
        assert services.permits_sla_warn() == {"warned": 1}
        assert services.permits_sla_warn() == {"warned": 0}
        assert sla_scan()["warned"] == 0  # the kernel does not warn a second time
    assert Case.objects.get(pk=application.case_id).warned_at is not None
    with frozen(at(2026, 11, 12)):
        assert sla_scan()["breached"] == 1
        assert sla_scan()["breached"] == 0
        assert application_sla(application=fresh(application), today=date(2026, 11, 12)).overdue == 1


def test_the_warning_goes_to_the_officers_holding_each_half(
    build, permit_officer, make_user, django_capture_on_commit_callbacks
):
    from onestop.notify.models import Notification

    waiting = make_user("exit_entry_officer")
    with frozen(at(2026, 11, 2)):
        application = build("submitted")
        work, _residence = reviews(application)
        services.review_start(review=work, by=permit_officer)
    with frozen(at(2026, 11, 9)), django_capture_on_commit_callbacks(execute=True):
        services.permits_sla_warn()
    warned = set(
        Notification.objects.filter(code="permits.sla_warning", channel="inapp").values_list("recipient", flat=True)
    )
    assert permit_officer.pk in warned  # took the work half
    assert waiting.pk in warned  # the residence half is still in the exit-entry queue


def test_compliance_dashboard_figures(build, permit_officer, exit_officer):
    with frozen(at(2026, 11, 2)):
        quick = build("submitted")
        slow = build("submitted")
        refused = build("submitted")
    _decide(quick, permit_officer, exit_officer, at(2026, 11, 4))  # 2 working days
    _decide(slow, permit_officer, exit_officer, at(2026, 11, 13))  # 9 working days: late
    _decide(refused, permit_officer, exit_officer, at(2026, 11, 5), work="refused")  # 3 working days
    with frozen(at(2026, 11, 16)):
        open_case = build("submitted")  # due Nov 25
    with frozen(at(2026, 11, 17)):
        report = compliance_dashboard(days=30, today=date(2026, 11, 17))
    assert report.decided == 3 and report.on_time == 2 and report.on_time_rate == 66.7
    assert report.approved == 2 and report.refused == 1
    assert report.average_days == round((2 + 9 + 3) / 3, 1)
    assert report.median_days == 3.0
    remaining = {bar.key: bar.value for bar in report.remaining}
    assert remaining["6"] == 1 and report.open_cases == 1  # Nov 18..25 holds 6 working days
    assert [a.pk for a in report.breaches] == [slow.pk]
    histogram = {bar.key: bar.value for bar in report.distribution}
    assert histogram["2"] == 1 and histogram["3"] == 1 and histogram["9"] == 1
    assert {bar.key: bar.status for bar in report.distribution}["9"] == "breached"
    assert open_case.case.number not in [a.case.number for a in report.breaches]
