from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onestop.accounts.roles import Role
from onestop.calendar.models import CalendarDay, CalendarYear
from onestop.calendar.services import is_working_day

pytestmark = pytest.mark.usefixtures("calendar_data")


def test_admin_sees_the_years_holidays_and_make_up_days(make_user, login):
    client = login(make_user(Role.ADMIN))
    response = client.get(reverse("calendar:year"), {"year": 2026, "lang": "en"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Working-day calendar 2026" in text
    assert "2026-02-14" in text and "Make-up working day" in text and "Spring Festival" in text
    assert "2026-10-07" in text and "National Day" in text
    assert text.count('id="id_year"') == 1 and text.count('id="pick-year"') == 1  # two forms, no duplicate ids


def test_year_without_data_shows_missing(make_user, login):
    client = login(make_user(Role.ADMIN))
    response = client.get(reverse("calendar:year"), {"year": 2030, "lang": "en"})
    assert response.status_code == 200
    assert "No official schedule is recorded for 2030" in response.content.decode()
    assert "No holidays or make-up working days are listed for this year." in response.content.decode()


@pytest.mark.parametrize("role", [Role.LIAISON, Role.FAO_REVIEWER, Role.APPLICANT])
def test_other_roles_get_not_found(make_user, login, role):
    client = login(make_user(role))
    assert client.get(reverse("calendar:year")).status_code == 404
    assert client.post(reverse("calendar:import")).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("calendar:year"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_import_through_the_page(make_user, login):
    client = login(make_user(Role.ADMIN))
    upload = SimpleUploadedFile(
        "2027.csv", b"date,kind,name\n2027-10-01,holiday,National Day\n2027-10-09,workday,National Day\n"
    )
    response = client.post(reverse("calendar:import"), {"year": 2027, "file": upload})
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")
    assert CalendarYear.objects.filter(year=2027).exists()
    assert is_working_day(date(2027, 10, 9)) is True


def test_import_with_bad_rows_shows_them_and_changes_nothing(make_user, login):
    client = login(make_user(Role.ADMIN))
    before = CalendarDay.objects.filter(date__year=2026).count()
    upload = SimpleUploadedFile("bad.csv", b"date,kind,name\n2026-10-01,holiday,ok\n2026-10-05,workday,monday\n")
    response = client.post(reverse("calendar:import"), {"year": 2026, "file": upload, "lang": "en"})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'class="error-summary"' in text
    assert "Row 2, kind: 2026-10-05 is a weekday" in text
    assert CalendarDay.objects.filter(date__year=2026).count() == before


def test_import_form_requires_a_file(make_user, login):
    client = login(make_user(Role.ADMIN))
    response = client.post(reverse("calendar:import"), {"year": 2027})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


def test_get_does_not_import(make_user, login):
    client = login(make_user(Role.ADMIN))
    assert client.get(reverse("calendar:import")).status_code == 405


def test_admin_workspace_tile(make_user, login):
    from onestop.core.navigation import workspaces_for

    admin = make_user(Role.ADMIN)
    assert "calendar:year" in [w.url_name for w in workspaces_for(admin)]
    assert "calendar:year" not in [w.url_name for w in workspaces_for(make_user(Role.LIAISON))]
