"""Server-rendered pages: the public form and tracking, the agent's intake, the work
list, the request page and its actions, return visits; scoping and query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onestop.hotline.models import HotlineRequest, ReturnVisit
from onestop.hotline.services import request_reply


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["en", "ar", "zh-hans"])
def test_the_public_form_renders_in_each_language(world, client, lang):
    response = client.get(f"/hotline/?lang={lang}")
    assert response.status_code == 200
    assert b'name="description"' in response.content
    if lang == "ar":
        assert b'dir="rtl"' in response.content


def test_an_anonymous_citizen_sends_a_request_with_a_photo(world, client):
    response = client.post(
        "/hotline/?lang=en",
        {
            "request_type": "complaint",
            "description": "A deep pothole in the road near the school.",
            "district": "west",
            "address": "Jianguo Road",
            "anonymous": "on",
            "contact_email": "me@example.test",
            "attachments": SimpleUploadedFile("hole.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    created = HotlineRequest.objects.get()
    assert response["Location"] == f"/hotline/track/{created.tracking_code}/"
    assert created.channel == "web" and created.anonymous
    assert created.attachments.count() == 1
    page = client.get(response["Location"])
    # the number, in the heading and in the thank-you message, does not break at its hyphens
    reference = f'<bdi class="ref">{created.number}</bdi>'
    assert page.content.decode().count(reference) == 2
    assert f"Thank you. Your request {reference} was received." in page.content.decode()


def test_the_form_shows_errors_and_keeps_the_input(world, client):
    response = client.post(
        "/hotline/?lang=en", {"request_type": "inquiry", "description": "hey", "contact_email": "nope"}
    )
    assert response.status_code == 200
    assert b'id="error-summary"' in response.content
    assert b"hey" in response.content
    assert HotlineRequest.objects.count() == 0


def test_the_citizen_rates_on_the_tracking_page(world, client, submit):
    request = submit(category="water_supply")
    url = f"/hotline/track/{request.tracking_code}/"
    assert b'name="satisfaction"' not in client.get(url).content
    request_reply(request=request, by=world.users["water_handler"], body="Repaired.")
    page = client.get(url)
    assert b"Repaired." in page.content and b'name="satisfaction"' in page.content
    assert client.post(url, {"satisfaction": "basic", "resolved": "yes"}).status_code == 302
    request.refresh_from_db()
    assert (request.satisfaction, request.resolved, request.case.state) == ("basic", True, "closed")
    assert client.get("/hotline/track/not-a-code/").status_code == 404


def test_my_requests(world, login, client):
    citizen = world.users["citizen"]
    login(citizen, client)
    client.post("/hotline/", {"request_type": "inquiry", "description": "Comment prolonger mon visa de tourisme ?"})
    page = client.get("/hotline/mine/")
    assert page.status_code == 200
    assert HotlineRequest.objects.get().number.encode() in page.content


def test_the_agent_takes_a_call(world, login, submit):
    submit(category="water_supply", contact_phone="13800004444")
    client = login(world.users["agent"])
    page = client.get("/hotline/agent/?lang=en")
    assert page.status_code == 200
    assert b"autofocus" in page.content and b"Ctrl+Enter" in page.content
    response = client.post(
        "/hotline/agent/",
        {
            "contact_phone": "13800004444",
            "request_type": "complaint",
            "description": "Still no water on the third floor.",
            "category": "water_supply",
        },
    )
    assert response.status_code == 302
    assert "last=HL-" in response["Location"]
    assert HotlineRequest.objects.filter(phone_digits="13800004444").count() == 2


def test_the_agent_page_is_for_agents(world, login):
    assert login(world.users["water_handler"]).get("/hotline/agent/").status_code == 404


def test_queue_query_count_does_not_grow_with_the_list(world, login, submit):
    client = login(world.users["supervisor"])
    submit(category="water_supply")
    client.get("/hotline/queue/?scope=all")  # warm the session and per-process caches
    with CaptureQueriesContext(connection) as small:
        assert client.get("/hotline/queue/?scope=all").status_code == 200
    for _ in range(5):
        submit(category="water_supply")
    with CaptureQueriesContext(connection) as large:
        assert client.get("/hotline/queue/?scope=all").status_code == 200
    assert len(large) == len(small)


def test_a_handler_sees_only_the_department_queue(world, login, submit):
    water = submit(category="water_supply")
    noise = submit("Karaoke every night.", category="noise", district="west")
    client = login(world.users["water_handler"])
    page = client.get("/hotline/queue/").content
    assert water.number.encode() in page and noise.number.encode() not in page
    assert client.get(f"/hotline/r/{noise.number}/").status_code == 404
    assert client.get(f"/hotline/r/{water.number}/").status_code == 200


def test_actions_from_the_request_page(world, login, submit):
    request = submit(category="water_supply")
    client = login(world.users["water_handler"])
    page = client.get(f"/hotline/r/{request.number}/?lang=en").content.decode()
    assert f"/hotline/r/{request.number}/act/reply/" in page
    assert f"/hotline/r/{request.number}/act/dispatch/" not in page
    assert client.get(f"/hotline/r/{request.number}/act/reply/").status_code == 405
    client.post(f"/hotline/r/{request.number}/act/reply/", {"note": "The pipe is repaired."})
    request.refresh_from_db()
    assert request.case.state == "replied"
    client.post(f"/hotline/r/{request.number}/note/", {"note": "Checked again at 18:00."})
    assert request.replies.filter(kind="note").count() == 1


def test_a_refused_action_is_explained_and_changes_nothing(world, login, submit):
    request = submit(category="water_supply")
    client = login(world.users["water_handler"])
    response = client.post(f"/hotline/r/{request.number}/act/return/?lang=en", {"note": ""}, follow=True)
    assert b"reason" in response.content.lower()
    request.refresh_from_db()
    assert request.case.state == "assigned"


def test_a_department_return_goes_back_to_the_queue_page(world, login, submit):
    request = submit(category="water_supply")
    client = login(world.users["water_handler"])
    response = client.post(f"/hotline/r/{request.number}/act/return/", {"note": "Heating, not water."})
    assert response["Location"] == "/hotline/queue/"


def test_attachments_download_only_for_those_who_see_the_request(world, login, submit):
    request = submit(category="water_supply", files=[SimpleUploadedFile("a.png", _png(), content_type="image/png")])
    attachment = request.attachments.get()
    url = f"/hotline/r/{request.number}/files/{attachment.pk}/"
    response = login(world.users["water_handler"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert login(world.users["ecology_handler"]).get(url).status_code == 404


def test_return_visits_page(world, login, submit):
    request = submit(category="water_supply", contact_phone="13800005555")
    request_reply(request=request, by=world.users["water_handler"], body="Done.")
    visit = ReturnVisit.objects.get()
    client = login(world.users["agent"])
    assert request.number.encode() in client.get("/hotline/visits/").content
    client.post(f"/hotline/visits/{visit.pk}/", {"reached": "yes", "satisfaction": "satisfied", "resolved": "yes"})
    visit.refresh_from_db()
    assert visit.status == "done"
    request.refresh_from_db()
    assert request.case.state == "closed"
