"""What the pages say on a phone: readable things to bring, an honest headline of waits,
one hall's counters at a time, labels that mean the queue and not a case."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from onestop.halls.models import BookingPolicy, Counter, Slot, StaffingPlan, TicketStatus
from onestop.halls.services import ticket_issue
from onestop.halls.views.common import material_names

from .conftest import DAY, local


@pytest.fixture
def open_hall(hall, at):
    at(local(DAY, 9, 30))
    return hall


def test_things_to_bring_are_named_never_shown_as_codes(services):
    service = services["biometrics"]
    service.required_materials = ["passport", "identity_card", "some_new_item"]
    service.save()
    with translation.override("zh-hans"):
        names = material_names(service)
    assert names == ["护照（原件）", "居民身份证", "Some new item"]


def test_the_headline_contrasts_the_quickest_and_the_busiest_hall(client, make_hall, services, at):
    at(local(DAY, 9, 30))
    quiet = make_hall("tongzhou", area="suburban")
    busy = make_hall("chaoyang")
    for _i in range(6):
        ticket_issue(hall=busy, services=[services["visa_extension"]])
    closed = make_hall("shunyi", area="suburban", hours=((13, 17),))
    response = client.get(reverse("halls:waits") + "?lang=en&service=visa_extension")
    headline = response.context["headline"]
    assert [e.hall for e in headline] == [quiet, busy]
    assert closed not in [e.hall for e in headline]
    hero = response.content.decode().split('class="hero">')[1].split("</p>")[0]
    assert "Tongzhou Hall" in hero and "Chaoyang Hall" in hero
    assert not hero.rstrip().endswith(";")


def test_a_single_known_wait_makes_a_headline_without_a_dangling_separator(client, open_hall, make_hall):
    make_hall("shunyi", area="suburban", hours=((13, 17),))
    response = client.get(reverse("halls:waits") + "?lang=en&service=biometrics")
    assert [e.hall for e in response.context["headline"]] == [open_hall]
    hero = response.content.decode().split('class="hero">')[1].split("</p>")[0]
    assert ";" not in hero


def test_a_clerk_of_several_halls_sees_one_halls_counters_at_a_time(login, make_hall, clerk, at):
    at(local(DAY, 9, 30))
    first = make_hall("chaoyang")
    second = make_hall("haidian")
    client = login(clerk)
    chooser = client.get(reverse("halls:counter-select") + "?lang=en")
    assert chooser.context["hall"] is None
    assert list(chooser.context["counters"]) == []
    assert "Choose the hall you work in today." in chooser.content.decode()

    picked = client.get(reverse("halls:counter-select") + "?lang=en&hall=haidian")
    assert {c.hall for c in picked.context["counters"]} == {second}

    counter = Counter.objects.get(hall=first, number=2)
    client.post(reverse("halls:counter-act", args=[counter.pk]), {"action": "sign_in"})
    back = client.get(reverse("halls:counter-select") + "?lang=en")
    assert back.context["hall"] == first  # the hall of the counter they sit at


def test_a_hall_the_clerk_does_not_work_in_cannot_be_picked(login, make_hall, make_org, clerk, at):
    at(local(DAY, 9, 30))
    make_hall("chaoyang")
    make_hall("elsewhere", org=make_org("Other bureau"))
    client = login(clerk)
    response = client.get(reverse("halls:counter-select") + "?hall=elsewhere")
    assert response.context["hall"].code == "chaoyang"  # falls back to the only hall they work in
    assert all(c.hall.code == "chaoyang" for c in response.context["counters"])


def test_queue_labels_are_the_halls_own_not_another_apps(services):
    with translation.override("zh-hans"):
        assert str(TicketStatus.WAITING.label) == "等候中"
    with translation.override("ar"):
        assert str(TicketStatus.WAITING.label) == "في الانتظار"


def test_booking_searches_as_far_ahead_as_the_policy_allows(login, make_hall, services, applicant, at):
    at(local(DAY, 8, 0))
    hall = make_hall("chaoyang", days=1)
    BookingPolicy.objects.update_or_create(service=None, defaults={"max_days_ahead": 30})
    later = DAY + timedelta(days=20)
    counter = hall.counters.get(number=1)
    StaffingPlan.objects.create(hall=hall, counter=counter, date=later, opens=time(9), closes=time(12))
    from onestop.halls.services import slots_generate

    slots_generate(hall=hall, date=later)
    Slot.objects.filter(start__lt=local(later, 0, 0)).update(booked=0, capacity=0)
    client = login(applicant)
    response = client.get(reverse("halls:book") + "?lang=en&service=visa_extension")
    assert response.context["proposal"] is not None
    assert response.context["proposal"].start.astimezone(hall.tz).date() == later
    assert response.context["booking_days"] == 30


def test_the_ticket_page_offers_a_phone_alert_at_the_halls_threshold(client, open_hall, services):
    ticket = ticket_issue(hall=open_hall, services=[services["biometrics"]])
    body = client.get(reverse("halls:ticket", args=[ticket.token]) + "?lang=en").content.decode()
    assert 'id="notify-me"' in body
    assert f"when {open_hall.notify_ahead} people are ahead" in body
    assert "halls/halls.js" in body


def test_chart_labels_are_shortened_to_fit_and_keep_the_full_name_as_a_tooltip():
    from onestop.halls.charts import fit_label, grouped_bars

    assert fit_label("Chaoyang · Urban", 140) == "Chaoyang · Urban"
    short = fit_label("Chaoyang Exit-Entry Service Hall for Foreigners", 140)
    assert short.endswith("…") and short.startswith("Chaoyang") and len(short) < 22
    assert fit_label("朝阳区外国人出入境服务大厅", 140) == "朝阳区外国人出入境服务…"
    svg = str(
        grouped_bars(
            title="Visitors",
            rows=[("Chaoyang Exit-Entry Service Hall for Foreigners", [3.0])],
            series=["Working day"],
            width=440,
            label_w=150,
        )
    )
    assert 'direction="ltr"' in svg  # an Arabic page does not mirror the bars onto the labels
    assert "<title>Chaoyang Exit-Entry Service Hall for Foreigners</title>" in svg


def test_dashboard_labels_halls_by_district_and_area(login, make_hall, manager, at):
    at(local(DAY, 9, 30))
    make_hall("chaoyang")
    make_hall("tongzhou", area="suburban")
    body = login(manager).get(reverse("halls:dashboard") + "?lang=en").content.decode()
    assert "chaoyang · Urban" in body and "tongzhou · Suburban" in body


def test_the_counter_page_explains_its_calling_policy_with_the_rules_in_force(login, open_hall, clerk):
    from onestop.halls.policy import DEFAULT_RULES

    counter = open_hall.counters.get(number=1)
    body = login(clerk).get(reverse("halls:counter", args=[counter.pk]) + "?lang=en").content.decode()
    assert 'id="calling-policy"' in body
    assert f"due {DEFAULT_RULES.due_window_minutes} minutes before the booked time" in body
    assert f"after waiting {DEFAULT_RULES.starvation_minutes} minutes" in body


def test_the_kiosk_gives_walk_ins_no_number_after_the_last_opening_period(login, hall, services, clerk, at):
    from onestop.core.errors import Conflict
    from onestop.halls.models import Ticket, TriageNode
    from onestop.halls.services import ticket_issue_walk_in

    at(local(DAY, 8, 30))  # before opening: the visitor may queue up
    early = ticket_issue_walk_in(hall=hall, services=[services["biometrics"]])
    assert early.status == "waiting"
    at(local(DAY, 12, 30))  # the lunch break: the afternoon is still to come
    ticket_issue_walk_in(hall=hall, services=[services["biometrics"]])
    at(local(DAY, 17, 5))
    with pytest.raises(Conflict) as err:
        ticket_issue_walk_in(hall=hall, services=[services["biometrics"]])
    assert err.value.code == "halls.closed_for_today"

    TriageNode.objects.create(key="bio", answer={"en": "Fingerprints"}, service=services["biometrics"])
    response = login(clerk).post(reverse("halls:kiosk-issue", args=[hall.code]) + "?lang=en", {"node": "bio"})
    assert response.status_code == 400
    assert "The hall has closed for today." in response.content.decode()
    assert Ticket.objects.filter(hall=hall).count() == 2
