import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from onestop.cases.audit import audit_record, audit_verify
from onestop.cases.models import AuditEvent


def _raw_update(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # bypass the append-only trigger
        cursor.execute(sql, params)


@pytest.fixture
def chain(db, make_user):
    user = make_user("admin")
    return [
        audit_record(actor=user, action=f"test.thing.step{i}", object_type="t", object_id=str(i), new={"i": i})
        for i in range(5)
    ]


def test_intact_chain_verifies(chain):
    result = audit_verify()
    assert result.ok and result.checked >= 5
    call_command("audit_verify")


def test_altered_row_is_named(chain):
    target = chain[2]
    _raw_update(f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s", ["test.thing.forged", target.pk])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == target.seq
    with pytest.raises(CommandError, match=f"seq {target.seq}"):
        call_command("audit_verify")


def test_deleted_row_breaks_the_chain(chain):
    target = chain[1]
    _raw_update(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [target.pk])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == chain[2].seq


def test_events_cannot_be_changed_through_the_orm(chain):
    event = AuditEvent.objects.get(pk=chain[0].pk)
    event.action = "x"
    with pytest.raises(ImproperlyConfigured):
        event.save()
    with pytest.raises(ImproperlyConfigured):
        event.delete()


@pytest.mark.postgres
def test_database_refuses_update_on_postgresql(chain):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET action = 'x' WHERE id = %s", [chain[0].pk])


def test_recorded_events_read_back_as_written(chain, make_user):
    user = make_user("admin")
    event = audit_record(
        actor=user, action="test.thing.values", object_type="t", object_id="9", old=None, new={"ü": [1]}
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    previous = AuditEvent.objects.get(seq=event.seq - 1)
    assert (stored.seq, stored.hash, stored.prev_hash) == (event.seq, event.hash, previous.hash)
    assert stored.old is None and AuditEvent.objects.filter(pk=event.pk, old__isnull=True).exists()
    assert stored.new == {"ü": [1]} and stored.data == {} and stored.actor_id == user.pk
    assert stored.at == event.at


def test_rewritten_last_row_with_a_recomputed_hash_is_caught_at_the_tip(chain):
    """The last row has no successor whose link would break; the recorded tip catches it."""
    from onestop.cases.audit import _digest

    last = AuditEvent.objects.get(pk=chain[-1].pk)
    last.new = {"i": 999}
    forged_hash = _digest(last)
    table = AuditEvent._meta.db_table
    _raw_update(f"UPDATE {table} SET new = %s, hash = %s WHERE id = %s", ['{"i": 999}', forged_hash, last.pk])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == last.seq
    assert "tip" in result.reason
    with pytest.raises(CommandError, match=f"seq {last.seq}"):
        call_command("audit_verify")


def test_removed_last_row_is_caught(chain):
    _raw_update(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [chain[-1].pk])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == chain[-1].seq
    assert "missing at the end" in result.reason
