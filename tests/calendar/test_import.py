import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from onestop.calendar.models import CalendarDay, CalendarYear
from onestop.calendar.services import ImportRejected, calendar_import_file, is_working_day, year_has_data
from onestop.cases.models import AuditEvent
from onestop.core.errors import ValidationFailed

pytestmark = pytest.mark.usefixtures("calendar_data")

# A made-up 2027 schedule in the State Council's shape (Friday 1 Oct 2027 is National Day).
GOOD_CSV = """date,kind,name,name_zh-hans
2027-01-01,holiday,New Year's Day,元旦
2027-10-01,holiday,National Day,国庆节
2027-10-04,holiday,National Day,国庆节
2027-10-09,workday,National Day,国庆节
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_csv_adds_a_year(tmp_path, capsys):
    assert year_has_data(2027) is False
    call_command("calendar_import", "--year", "2027", "--file", write(tmp_path, "2027.csv", GOOD_CSV))
    assert "Imported 2027: 3 holidays, 1 make-up working days." in capsys.readouterr().out
    assert year_has_data(2027) is True
    assert is_working_day(date(2027, 10, 4)) is False  # a Monday holiday
    assert is_working_day(date(2027, 10, 9)) is True  # a Saturday make-up day
    day = CalendarDay.objects.get(date=date(2027, 10, 1))
    assert day.names == {"zh-hans": "国庆节"} and day.name == "National Day"
    record = CalendarYear.objects.get(year=2027)
    assert record.source == "file 2027.csv"
    event = AuditEvent.objects.get(action="calendar.year.imported", object_id=str(record.pk))
    assert event.old["holidays"] == 0 and event.new == {"holidays": 3, "workdays": 1, "source": "file 2027.csv"}


def test_import_json_with_names(tmp_path):
    rows = {
        "days": [
            {
                "date": "2027-02-06",
                "kind": "holiday",
                "name": "Spring Festival",
                "names": {"zh-hans": "春节", "de": "Frühlingsfest"},
            },
            {"date": "2027-02-20", "kind": "workday", "name": "Spring Festival"},
        ]
    }
    call_command("calendar_import", "--year", "2027", "--file", write(tmp_path, "days.json", json.dumps(rows)))
    assert CalendarDay.objects.get(date=date(2027, 2, 6)).names["de"] == "Frühlingsfest"
    assert is_working_day(date(2027, 2, 20)) is True


def test_import_replaces_the_year(tmp_path):
    call_command(
        "calendar_import",
        "--year",
        "2026",
        "--file",
        write(tmp_path, "new.csv", "date,kind,name\n2026-10-01,holiday,National Day\n"),
    )
    assert CalendarDay.objects.filter(date__year=2026).count() == 1
    assert is_working_day(date(2026, 10, 2)) is True  # no longer listed: an ordinary Friday


BAD_CSV = """date,kind,name
2026-13-01,holiday,bad month
2026-10-01,vacation,bad kind
2026-10-08,workday,a Thursday cannot be a make-up day
2025-10-01,holiday,wrong year
2026-10-02,holiday,fine
2026-10-02,holiday,twice
"""


def test_bad_rows_name_the_row_and_change_nothing(tmp_path):
    before = list(CalendarDay.objects.filter(date__year=2026).values_list("date", "kind", "name"))
    source = CalendarYear.objects.get(year=2026).source
    audits = AuditEvent.objects.count()
    with pytest.raises(CommandError) as err:
        call_command("calendar_import", "--year", "2026", "--file", write(tmp_path, "bad.csv", BAD_CSV))
    text = str(err.value)
    assert "Nothing was changed" in text
    assert "Row 1, date: “2026-13-01” is not a date in the form YYYY-MM-DD." in text
    assert "Row 2, kind: The kind must be “holiday” or “workday”, not “vacation”." in text
    assert "Row 3, kind: 2026-10-08 is a weekday: a make-up working day must fall on a Saturday or Sunday." in text
    assert "Row 4, date: 2025-10-01 is not in 2026." in text
    assert "Row 6, date: 2026-10-02 is listed more than once (first in row 5)." in text
    assert "Row 5" not in text
    assert list(CalendarDay.objects.filter(date__year=2026).values_list("date", "kind", "name")) == before
    assert CalendarYear.objects.get(year=2026).source == source
    assert AuditEvent.objects.count() == audits


def test_service_error_lists_problems_by_field():
    with pytest.raises(ImportRejected) as err:
        calendar_import_file(year=2027, content=b"date,kind,name\n2027-01-01,,x\n", filename="x.csv", by=None)
    assert err.value.code == "calendar.import_invalid"
    assert "rows.1.kind" in err.value.fields
    assert err.value.problems[0].row == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", "day,kind\n2027-01-01,holiday\n", "missing: date, name"),
        ("a.csv", "date,kind,name\n", "The file has no rows."),
        ("a.json", "{not json", "could not be read as JSON"),
        ("a.json", '{"days": 3}', "expected a list of days"),
        ("a.txt", "date,kind,name\n", "Give a .csv or .json file."),
    ],
)
def test_unreadable_files_get_a_clear_error(tmp_path, name, content, message):
    with pytest.raises(CommandError, match=message):
        call_command("calendar_import", "--year", "2027", "--file", write(tmp_path, name, content))
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_json_entries_that_are_not_objects_are_named(tmp_path):
    with pytest.raises(CommandError, match="Row 2, row: Each entry must be an object"):
        call_command(
            "calendar_import",
            "--year",
            "2027",
            "--file",
            write(tmp_path, "a.json", '[{"date": "2027-01-01", "kind": "holiday", "name": "x"}, 5]'),
        )


def test_unknown_language_in_names_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Row 1, name_xx: “xx” is not a language of this platform."):
        call_command(
            "calendar_import",
            "--year",
            "2027",
            "--file",
            write(tmp_path, "a.csv", "date,kind,name,name_xx\n2027-01-01,holiday,x,y\n"),
        )


def test_year_out_of_range_and_missing_file(tmp_path):
    with pytest.raises(ValidationFailed) as err:
        calendar_import_file(year=1800, content=GOOD_CSV.encode(), filename="a.csv", by=None)
    assert "year" in err.value.fields
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("calendar_import", "--year", "2027", "--file", str(tmp_path / "absent.csv"))


def test_csv_with_excel_bom_and_blank_lines(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffdate,kind,name\r\n2027-01-01,holiday,元旦\r\n,,\r\n".encode())
    call_command("calendar_import", "--year", "2027", "--file", str(path))
    assert CalendarDay.objects.get(date=date(2027, 1, 1)).name == "元旦"


def test_errors_in_another_language(tmp_path):
    with pytest.raises(CommandError, match="第 1 行，kind："):
        call_command(
            "calendar_import",
            "--year",
            "2027",
            "--language",
            "zh-hans",
            "--file",
            write(tmp_path, "a.csv", "date,kind,name\n2027-01-01,rest,x\n"),
        )
