"""The REST API: intake by anyone, scoped reads, actions, feedback, the agent's helpers."""

import pytest

from onestop.hotline.models import HotlineRequest


def test_anyone_can_send_a_request_and_gets_a_tracking_url(world, api):
    response = api().post(
        "/api/v1/hotline/requests/",
        {"description": "Der Bus Nummer 52 ist immer zu spät.", "category": "public_transport"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "assigned"
    assert body["language"] == "de"
    assert body["department"] == "t-transport"
    assert body["tracking_url"].startswith("/hotline/track/")
    assert HotlineRequest.objects.get(case__number=body["number"]).channel == "api"


def test_bad_input_gets_the_field_named(world, api):
    response = api().post(
        "/api/v1/hotline/requests/", {"description": "ok ok ok", "district": "atlantis"}, format="json"
    )
    assert response.status_code == 400
    assert "district" in response.json()["error"]["fields"]
    response = api().post("/api/v1/hotline/requests/", {"request_type": "rumour"}, format="json")
    assert response.status_code == 400
    assert {"description", "request_type"} <= set(response.json()["error"]["fields"])


def test_an_agent_may_file_a_phone_request_through_the_api(world, api):
    response = api(world.users["agent"]).post(
        "/api/v1/hotline/requests/",
        {
            "description": "No tap water since this morning.",
            "category": "water_supply",
            "channel": "phone",
            "contact_phone": "138 0000 1111",
        },
        format="json",
    )
    assert response.status_code == 201
    created = HotlineRequest.objects.get(case__number=response.json()["number"])
    assert created.channel == "phone"
    assert created.case.applicant_id is None


def test_the_list_is_scoped(world, submit, api):
    water = submit(category="water_supply")
    noise = submit("Karaoke every night.", category="noise", district="west")
    mine = (
        api(world.users["citizen"])
        .post(
            "/api/v1/hotline/requests/",
            {"description": "Le bus 52 est en retard.", "category": "public_transport"},
            format="json",
        )
        .json()
    )

    def numbers(user):
        response = api(user).get("/api/v1/hotline/requests/")
        assert response.status_code == 200
        return {r["number"] for r in response.json()["results"]}

    assert numbers(world.users["water_handler"]) == {water.number}
    assert numbers(world.users["ecology_handler"]) == {noise.number}
    assert numbers(world.users["citizen"]) == {mine["number"]}
    assert numbers(world.users["other_citizen"]) == set()
    assert numbers(world.users["supervisor"]) == {water.number, noise.number, mine["number"]}
    assert api().get("/api/v1/hotline/requests/").status_code in (401, 403)


def test_detail_is_not_found_for_someone_who_may_not_see_it(world, submit, api):
    water = submit(category="water_supply")
    assert api(world.users["water_handler"]).get(f"/api/v1/hotline/requests/{water.number}/").status_code == 200
    assert api(world.users["ecology_handler"]).get(f"/api/v1/hotline/requests/{water.number}/").status_code == 404
    assert api(world.users["water_handler"]).get("/api/v1/hotline/requests/HL-1999-000009/").status_code == 404


def test_actions_through_the_api(world, submit, api):
    request = submit(category="water_supply")
    handler = api(world.users["water_handler"])
    response = handler.post(f"/api/v1/hotline/requests/{request.number}/actions/return/", {"note": ""}, format="json")
    assert response.status_code == 400
    response = handler.post(
        f"/api/v1/hotline/requests/{request.number}/actions/return/", {"note": "This is about noise."}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "dispatching"
    dispatcher = api(world.users["dispatcher"])
    response = dispatcher.post(
        f"/api/v1/hotline/requests/{request.number}/actions/dispatch/", {"category": "noise"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["department"] == "t-ecology"
    response = dispatcher.post(f"/api/v1/hotline/requests/{request.number}/actions/dispatch/", {}, format="json")
    assert response.status_code == 409
    response = dispatcher.post(f"/api/v1/hotline/requests/{request.number}/actions/fly/", {}, format="json")
    assert response.status_code == 404


def test_the_owner_rates_through_the_api_and_a_stranger_cannot(world, api):
    owner = api(world.users["citizen"])
    number = owner.post(
        "/api/v1/hotline/requests/",
        {"description": "Le bus 52 est en retard.", "category": "public_transport"},
        format="json",
    ).json()["number"]
    request = HotlineRequest.objects.get(case__number=number)
    from onestop.hotline.services import request_reply

    request_reply(request=request, by=world.users["transport_handler"], body="Nous avons parlé au chauffeur.")
    assert (
        api(world.users["other_citizen"])
        .post(
            f"/api/v1/hotline/requests/{number}/feedback/",
            {"satisfaction": "satisfied", "resolved": True},
            format="json",
        )
        .status_code
        == 404
    )
    response = owner.post(
        f"/api/v1/hotline/requests/{number}/feedback/", {"satisfaction": "satisfied", "resolved": True}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "closed"


def test_tracking_by_code_and_rating_without_an_account(world, api):
    created = (
        api()
        .post(
            "/api/v1/hotline/requests/",
            {"description": "No tap water since this morning.", "category": "water_supply"},
            format="json",
        )
        .json()
    )
    code = created["tracking_url"].rstrip("/").rsplit("/", 1)[-1]
    assert api().get(f"/api/v1/hotline/track/{code}/").json()["number"] == created["number"]
    assert api().get("/api/v1/hotline/track/wrong-code/").status_code == 404
    assert (
        api()
        .post(f"/api/v1/hotline/track/{code}/", {"satisfaction": "satisfied", "resolved": True}, format="json")
        .status_code
        == 409
    )


def test_route_preview_and_caller_history_for_the_agent(world, trained_router, submit, api):
    submit(category="water_supply", contact_phone="+86 138-0000-3333")
    agent = api(world.users["agent"])
    preview = agent.post(
        "/api/v1/hotline/route-preview/", {"text": "从今天早上开始停水了，请尽快处理。"}, format="json"
    )
    assert preview.status_code == 200
    assert preview.json()["category"] == "water_supply"
    assert preview.json()["language"] == "zh-hans"
    history = agent.post("/api/v1/hotline/callers/", {"phone": "8613800003333"}, format="json")
    assert len(history.json()) == 1
    assert (
        api(world.users["water_handler"])
        .post("/api/v1/hotline/callers/", {"phone": "8613800003333"}, format="json")
        .status_code
        == 404
    )


def test_public_reference_lists(world, api):
    assert {c["code"] for c in api().get("/api/v1/hotline/categories/").json()} == set(world.categories)
    assert {d["code"] for d in api().get("/api/v1/hotline/districts/").json()} == {"east", "west"}


def test_corrections_and_alerts_for_supervisors(world, submit, api):
    from onestop.hotline.services import request_dispatch

    request = submit(district="west")
    request_dispatch(request=request, by=world.users["dispatcher"], category=world.categories["noise"])
    rows = api(world.users["supervisor"]).get("/api/v1/hotline/corrections/").json()["results"]
    assert rows[0]["label"] == "noise"
    assert api(world.users["supervisor"]).get("/api/v1/hotline/alerts/").status_code == 200
    assert api(world.users["citizen"]).get("/api/v1/hotline/corrections/").status_code == 404


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_schema_builds(world, api, lang):
    response = api().get(f"/api/schema/?lang={lang}")
    assert response.status_code == 200
    assert b"/api/v1/hotline/requests/" in response.content


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_written_out_representation_equals_the_field_by_field_one(world, trained_router, submit, language):
    from django.utils import translation
    from rest_framework import serializers

    from onestop.hotline.serializers import RequestSerializer

    routed = submit("您好，我们小区从今天早上开始停水了，请尽快处理。", district="west")
    queued = submit("Hello, something odd happened, can you help me?")
    answered = submit("How do I extend my tourist visa?", answered_on_call="Go to the exit-entry hall.")
    HotlineRequest.objects.filter(pk=answered.pk).update(satisfaction="satisfied", resolved=False)
    requests = HotlineRequest.objects.select_related("case", "category", "district", "department")
    assert {r.case.due_at is None for r in requests} == {False, True}  # with and without a deadline
    with translation.override(language):
        for item in requests.filter(pk__in=[routed.pk, queued.pk, answered.pk]):
            for context in ({}, {"show_tracking": True}):
                serializer = RequestSerializer(item, context=context)
                assert serializer.data == serializers.Serializer.to_representation(serializer, item)
        listed = RequestSerializer(list(requests), many=True).data
        assert [row["number"] for row in listed] == [r.case.number for r in requests]
