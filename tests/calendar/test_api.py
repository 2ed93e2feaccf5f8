import pytest

pytestmark = pytest.mark.usefixtures("calendar_data")
URL = "/api/v1/calendar/working-days/"


def test_due_date_across_national_day_anonymous(api):
    response = api().get(URL, {"start": "2025-09-30", "days": 3})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2025-09-30",
        "days": 3,
        "due": "2025-10-11",
        "start_is_working_day": True,
        "years_without_data": [],
    }


def test_due_date_in_a_year_without_data(api):
    body = api().get(URL, {"start": "2030-09-30", "days": 5}).json()
    assert body["due"] == "2030-10-07" and body["years_without_data"] == [2030]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"days": 3}, "start"),
        ({"start": "2025-02-30", "days": 1}, "start"),
        ({"start": "2025-01-01"}, "days"),
        ({"start": "2025-01-01", "days": -1}, "days"),
        ({"start": "2025-01-01", "days": 100000}, "days"),
    ],
)
def test_bad_query_gets_the_error_shape(api, params, field):
    response = api().get(URL, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]


def test_schema_builds_for_calendar_and_notify():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/calendar/working-days/" in schema["paths"]
    assert "/api/v1/notify/notifications/" in schema["paths"]
