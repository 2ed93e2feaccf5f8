"""onestop.core.db.insert writes the rows save() would write, in one statement."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onestop.cases.models import AuditEvent, Case, TimelineEntry
from onestop.core.db import insert

pytestmark = pytest.mark.django_db

SKIP = {"id", "number", "created_at", "updated_at", "at"}


def _case(number: str) -> Case:
    return Case(kind="test.kind", state="draft", title="Water", number=number, sla_unit="hours", sla_budget=4)


def _row(model, pk) -> dict:
    return {k: v for k, v in model.objects.filter(pk=pk).values().get().items() if k not in SKIP}


def test_the_row_is_the_one_save_writes():
    saved, inserted = _case("T-1"), _case("T-2")
    saved.save()
    before = timezone.now()
    insert(inserted)
    assert inserted.pk is not None and inserted.pk != saved.pk
    assert not inserted._state.adding and inserted._state.db == "default"
    assert _row(Case, inserted.pk) == _row(Case, saved.pk)
    stored = Case.objects.get(pk=inserted.pk)
    assert stored.number == "T-2"
    # auto_now_add and auto_now are filled in by the fields, as save() does
    assert before - timedelta(seconds=1) <= stored.created_at <= timezone.now()
    assert stored.created_at == inserted.created_at and stored.updated_at == inserted.updated_at
    assert abs(stored.updated_at - stored.created_at) < timedelta(seconds=1)


def test_several_rows_in_one_statement_each_get_its_own_key():
    case = _case("T-3")
    insert(case)
    lines = [TimelineEntry(case=case, code=f"test.line{i}", params={"i": i}) for i in range(3)]
    with CaptureQueriesContext(connection) as queries:
        insert(*lines)
    assert len(queries) == 1
    for i, line in enumerate(lines):
        stored = TimelineEntry.objects.get(pk=line.pk)
        assert stored.code == f"test.line{i}" and stored.params == {"i": i} and stored.public is True


def test_a_model_with_save_receivers_is_written_through_save():
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.code, created))

    signals.post_save.connect(receiver, sender=TimelineEntry)
    try:
        case = _case("T-4")
        insert(case)
        line = TimelineEntry(case=case, code="test.heard")
        insert(line)
    finally:
        signals.post_save.disconnect(receiver, sender=TimelineEntry)
    assert heard == [("test.heard", True)]
    assert TimelineEntry.objects.filter(pk=line.pk, code="test.heard").exists()


def test_only_new_instances_of_one_model():
    case = _case("T-5")
    insert(case)
    with pytest.raises(ValueError, match="new instances"):
        insert(case)
    with pytest.raises(ValueError, match="one model"):
        insert(_case("T-6"), TimelineEntry(case=case, code="x"))
    insert()  # nothing to do
    assert not Case.objects.filter(number="T-6").exists()


def test_the_audit_chain_written_this_way_verifies():
    from onestop.cases.audit import audit_deferred, audit_record, audit_verify

    with audit_deferred():
        for i in range(3):
            audit_record(actor=None, action="test.event", object_type="test", object_id=str(i), new={"i": i})
    assert AuditEvent.objects.filter(action="test.event").count() == 3
    assert audit_verify().ok


def test_a_row_read_from_the_cursor_equals_the_orm_instance():
    from onestop.core.db import from_row, select_list

    case = _case("T-7")
    insert(case)
    line = TimelineEntry(case=case, code="test.read", params={"a": [1, 2]}, note="n")
    insert(line)
    for model, pk in ((Case, case.pk), (TimelineEntry, line.pk)):
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT {select_list(model, 'x', connection)} FROM {table} x WHERE x.id = %s", [pk])
            read = from_row(model, cursor.fetchone(), connection)
        expected = model.objects.get(pk=pk)
        assert not read._state.adding
        for field in model._meta.concrete_fields:
            assert getattr(read, field.attname) == getattr(expected, field.attname), field.name


def test_a_parent_and_its_children_are_written_as_save_would_write_them():
    from onestop.core.db import insert_with_children

    saved = _case("T-8")
    saved.save()
    saved_lines = [TimelineEntry.objects.create(case=saved, code=f"test.child{i}", params={"i": i}) for i in range(2)]
    case = _case("T-9")
    lines = [TimelineEntry(case=case, code=f"test.child{i}", params={"i": i}) for i in range(2)]
    with CaptureQueriesContext(connection) as queries:
        insert_with_children(case, lines)
    # one statement on PostgreSQL (a data-modifying WITH), the parent then the children elsewhere
    assert len(queries) == (1 if connection.vendor == "postgresql" else 2)
    assert case.pk is not None and not case._state.adding
    assert _row(Case, case.pk) == _row(Case, saved.pk)
    assert [line.case_id for line in lines] == [case.pk, case.pk]
    assert len({line.pk for line in lines}) == 2
    for line, twin in zip(lines, saved_lines, strict=True):
        assert not line._state.adding
        row, expected = _row(TimelineEntry, line.pk), _row(TimelineEntry, twin.pk)
        assert row.pop("case_id") == case.pk and expected.pop("case_id") == saved.pk
        assert row == expected


def test_children_must_refer_to_the_new_parent():
    from onestop.core.db import insert_with_children

    other = _case("T-10")
    insert(other)
    with pytest.raises(ValueError, match="does not refer"):
        insert_with_children(_case("T-11"), [TimelineEntry(case=other, code="x")])
    with pytest.raises(ValueError, match="new parent"):
        insert_with_children(other, [TimelineEntry(case=other, code="x")])
    assert not Case.objects.filter(number="T-11").exists()
    assert not TimelineEntry.objects.filter(code="x").exists()


def test_children_with_save_receivers_are_written_through_save():
    from onestop.core.db import insert_with_children

    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.case_id, instance.code))

    signals.post_save.connect(receiver, sender=TimelineEntry)
    try:
        case = _case("T-12")
        insert_with_children(case, [TimelineEntry(case=case, code="test.heard")])
    finally:
        signals.post_save.disconnect(receiver, sender=TimelineEntry)
    assert heard == [(case.pk, "test.heard")]


@pytest.mark.postgres
def test_hot_path_statements_are_prepared_on_postgresql(settings):
    from onestop.core.db import statement_cursor

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    before = prepared()
    insert(_case("T-13"))
    insert(_case("T-14"))
    new = [sql for sql in prepared() if sql not in before]
    assert any(sql.startswith('INSERT INTO "cases_case"') for sql in new), new
    assert Case.objects.filter(number__in=["T-13", "T-14"]).count() == 2

    for setting, query in (
        (True, "SELECT count(*) FROM cases_case WHERE kind = %s"),
        (False, "SELECT count(*) FROM cases_case WHERE number = %s"),
    ):
        settings.DB_PREPARE_STATEMENTS = setting  # off: e.g. behind a transaction-pooling proxy
        with statement_cursor(connection) as cursor:
            cursor.execute(query, ["T-13" if "number" in query else "test.kind"])
            assert cursor.fetchone()[0] >= 1
        assert any(sql == query.replace("%s", "$1") for sql in prepared()) is setting


@pytest.mark.postgres
def test_a_child_value_too_long_for_its_column_is_refused_not_cut():
    from django.db import DataError, transaction

    from onestop.core.db import insert_with_children

    case = _case("T-15")
    too_long = "x" * (TimelineEntry._meta.get_field("code").max_length + 1)
    with pytest.raises(DataError), transaction.atomic():
        insert_with_children(case, [TimelineEntry(case=case, code=too_long)])
    assert not Case.objects.filter(number="T-15").exists()
