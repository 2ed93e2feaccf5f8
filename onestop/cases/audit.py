"""Append-only audit trail on a hash chain.

Each event's hash covers its content and the previous event's hash, so altering, removing
or reordering any row breaks the chain from that row on. ``audit_verify`` finds the first
broken row. Callers pass identifiers already masked: personal data is not written here in
clear.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from onestop.core.db import insert_statement, mark_saved, statement_cursor

from .models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "old": event.old,
        "new": event.new,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _digest(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str)) if value is not None else None


class _Deferred:
    """An event waiting for the end of its ``audit_deferred`` block.

    It is kept in Django's list of on-commit callbacks (where it does nothing when called)
    because Django drops from that list whatever was registered inside a savepoint that is
    rolled back: an event recorded in a rolled-back savepoint is then never written, exactly
    as its row would have been rolled back had it been written at once.
    """

    __slots__ = ("event", "written")

    def __init__(self, event: AuditEvent) -> None:
        self.event = event
        self.written = False

    def __call__(self) -> None:
        return None


def _lock_head(connection) -> tuple[int, str]:
    """Lock the chain's tip (``SELECT ... FOR UPDATE``; the tip row is created on first use)
    and return its sequence number and hash. The lock is held until the transaction ends."""
    table = connection.ops.quote_name(AuditHead._meta.db_table)  # names from the model; values are parameters
    sql = f"SELECT seq, hash FROM {table} WHERE id = 1"  # noqa: S608
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with statement_cursor(connection) as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
        if row is None:
            AuditHead.objects.using(connection.alias).get_or_create(id=1)
            cursor.execute(sql)
            row = cursor.fetchone()
    return int(row[0]), row[1]


def _append(connection, events: list[AuditEvent]) -> None:
    """Chain ``events`` in order after the current tip and write them with the new tip.
    Runs inside a transaction: the tip stays locked until it commits."""
    seq, prev = _lock_head(connection)
    now = timezone.now()
    at = now.replace(microsecond=(now.microsecond // 1000) * 1000)
    for event in events:
        seq += 1
        event.seq, event.at, event.prev_hash = seq, at, prev
        event.hash = prev = _digest(event)
    _insert(connection, events, tip=(seq, prev))


def _head_update_sql(connection) -> str:
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    return f"UPDATE {table} SET seq = %s, hash = %s WHERE id = 1"  # noqa: S608


def _insert(connection, events: list[AuditEvent], *, tip: tuple[int, str]) -> None:
    """One multi-row INSERT, giving each event its primary key, and the chain's new tip
    ``(seq, hash)`` stored. On PostgreSQL the tip is updated in the same statement (a
    data-modifying WITH), so the append costs two round trips: lock, write."""
    statement = insert_statement(events, connection, returning=["seq"])
    together = connection.vendor == "postgresql"
    qn = connection.ops.quote_name
    with statement_cursor(connection) as cursor:
        if together:
            cursor.execute(
                f"WITH head AS ({_head_update_sql(connection)}), written AS ({statement.sql}) "  # noqa: S608
                f"SELECT {statement.pk_column}, {qn('seq')} FROM written",
                [*tip, *statement.params],
            )
        else:
            cursor.execute(statement.sql, statement.params)
        keys = {seq: key for key, seq in cursor.fetchall()}  # by seq, whatever order the rows come back in
        if not together:
            cursor.execute(_head_update_sql(connection), list(tip))
    mark_saved(events, [keys[event.seq] for event in events], connection)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    old: Any = None,
    new: Any = None,
    data: dict | None = None,
) -> AuditEvent:
    """Append one event, in the caller's transaction.

    Normally the event is chained at once: the chain tip is row-locked, so concurrent
    writers append one after the other, and stays locked until the caller commits. Inside
    ``audit_deferred`` the event is chained with the block's other events when the block
    ends (``seq``, ``at`` and the hashes are filled in then)."""
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id or str(obj.pk)
    event = AuditEvent(
        actor_id=getattr(actor, "pk", None),
        actor_label=(getattr(actor, "username", "") or "system") if actor is not None else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        old=_jsonable(old),
        new=_jsonable(new),
        data=_jsonable(data or {}),
    )
    connection = connections[DEFAULT_DB_ALIAS]
    if getattr(connection, "_audit_deferred", False) and connection.in_atomic_block:
        connection.on_commit(_Deferred(event))
        return event
    # savepoint=False: the event belongs to the caller's transaction; no extra round trips
    with transaction.atomic(savepoint=False):
        _append(connection, [event])
    return event


@contextmanager
def audit_deferred() -> Iterator[None]:
    """A transaction whose audit events are chained together when it ends.

    ``audit_record`` calls inside the block only collect their events; when the block
    finishes without an exception, the chain tip is locked and all of them are written in
    one insert, just before the block's transaction commits (when the block is the
    outermost one). Concurrent writers therefore queue for the tip only for the last
    statements of the transaction instead of from its first event to its commit. Events
    are written in the transaction that made them: none is written if it rolls back, and
    one recorded inside a savepoint that is rolled back is dropped with it. A block inside
    another ``audit_deferred`` block leaves the writing to the outer one.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic():
        if getattr(connection, "_audit_deferred", False):
            yield
            return
        connection._audit_deferred = True
        try:
            yield
            pending = [
                entry[1]
                for entry in connection.run_on_commit
                if isinstance(entry[1], _Deferred) and not entry[1].written
            ]
            if pending:
                _append(connection, [item.event for item in pending])
                for item in pending:
                    item.written = True
        finally:
            connection._audit_deferred = False


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def audit_verify(*, batch: int = 2000) -> VerifyResult:
    """Walk the chain in ``seq`` order and name the first row that does not hold: a gap in
    the numbering, a broken link to the previous row, content that no longer matches its
    hash, or a tip (the last hash the writers recorded) that the rows no longer reach."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch])
        if not rows:
            break
        for event in rows:
            checked += 1
            if event.seq != expected_seq:
                return VerifyResult(False, checked, event.seq, f"sequence gap: expected {expected_seq}")
            if event.prev_hash != expected_prev:
                return VerifyResult(False, checked, event.seq, "previous-hash link does not match")
            if _digest(event) != event.hash:
                return VerifyResult(False, checked, event.seq, "content does not match its hash")
            expected_prev = event.hash
            expected_seq += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.seq != expected_seq - 1:
        return VerifyResult(False, checked, expected_seq, "events missing at the end of the chain")
    if head is not None and head.seq and head.hash != expected_prev:
        return VerifyResult(False, checked, head.seq, "last event does not match the recorded chain tip")
    return VerifyResult(True, checked)
