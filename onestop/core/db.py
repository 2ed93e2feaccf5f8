"""Writing new rows on hot paths with less work than ``Model.save()``.

``save()`` and ``bulk_create()`` build and compile a query object for every call; on a
path that inserts a few rows per request (a hotline intake, a case with its timeline and
audit events) that costs more processor time than the database spends on the rows. The
functions here write the same row values — each field prepares its value exactly as the
ORM does (``pre_save`` for ``auto_now``/``auto_now_add``, ``get_db_prep_save``) — in one
plain ``INSERT ... RETURNING`` statement, and give each instance its primary key.

They send no ``pre_save``/``post_save`` signals: a model with receivers for those is
written through ``save()`` instead, so no receiver is ever skipped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import NOT_PROVIDED, Model, signals


@dataclass(frozen=True)
class InsertStatement:
    sql: str  # INSERT ... VALUES ... RETURNING <primary key>
    params: list
    pk_column: str


@functools.cache
def _plain_model(model: type[Model]) -> bool:
    """What never changes for a model: no parent tables, an automatic key, and no field
    with a database default or its own placeholder."""
    meta = model._meta
    return (
        not meta.parents
        and meta.auto_field is not None
        and not any(
            f.db_default is not NOT_PROVIDED or hasattr(f, "get_placeholder") for f in meta.local_concrete_fields
        )
    )


def _plain(model: type[Model], connection) -> bool:
    """True when the model's rows can be written by a plain INSERT with the same effect
    as ``save()``: a plain model (``_plain_model``), no save signal receivers (checked on
    each call: receivers may be connected at any time), and a database that returns the
    new keys."""
    return (
        connection.features.can_return_rows_from_bulk_insert
        and _plain_model(model)
        and not signals.pre_save.has_listeners(model)
        and not signals.post_save.has_listeners(model)
    )


def insert_statement(objs: Sequence[Model], connection, *, returning: Sequence[str] = ()) -> InsertStatement:
    """The statement that inserts ``objs`` (new instances of one model, primary keys not
    set) with their values prepared by their fields; it returns the new primary keys,
    followed by the ``returning`` columns."""
    model = type(objs[0])
    meta = model._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    qn = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pk_column = qn(meta.pk.column)
    returned = ", ".join([pk_column, *(qn(meta.get_field(name).column) for name in returning)])
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES {', '.join([row] * len(objs))} RETURNING {returned}"
    )
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in objs for f in fields]
    return InsertStatement(sql, params, pk_column)


def mark_saved(objs: Sequence[Model], keys: Sequence, connection) -> None:
    """Give each instance its primary key and mark it as loaded from the database."""
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias


def statement_cursor(connection):
    """A cursor for a fixed statement that runs on every request of a hot path.

    On PostgreSQL (psycopg 3) the values are sent apart from the statement (server-side
    binding) and the statement is prepared on the connection the first time it runs: later
    runs skip parsing and planning, and the values are converted by psycopg's compiled
    dumpers instead of being quoted into the text. Elsewhere, and when
    ``settings.DB_PREPARE_STATEMENTS`` is off (a transaction-pooling proxy that keeps no
    prepared statements), it is the connection's ordinary cursor; so it is while queries
    are being logged (``DEBUG``, ``CaptureQueriesContext``), because the log reads the
    statement text from the cursor and a prepared statement's run does not carry it.
    Either way it is wrapped like ``connection.cursor()``: execute wrappers see it."""
    if connection.vendor != "postgresql" or not settings.DB_PREPARE_STATEMENTS or connection.queries_logged:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_preparing_cursor_class()(connection.connection))


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)

    return PreparingCursor


_VARCHAR_LENGTH = re.compile(r"\bvarchar\(\d+\)")


def _parent_field(child: Model, parent: Model):
    """The foreign key of ``child`` that holds ``parent`` (an unsaved instance)."""
    for field in child._meta.local_concrete_fields:
        if field.many_to_one and field.is_cached(child) and field.get_cached_value(child) is parent:
            return field
    raise ValueError(f"{type(child).__name__} does not refer to the given {type(parent).__name__}")


_CHILD_PARTS: dict[tuple[type[Model], str, str], tuple[list, str, str, str, str]] = {}


def _child_parts(model: type[Model], link, connection) -> tuple[list, str, str, str, str]:
    """What never changes in the children's part of ``insert_with_children`` for one model
    and database: the fields written (all but the key and ``link``), the VALUES row, the
    column names, the table and the key column (worked out once)."""
    key = (model, link.name, connection.alias)
    if key not in _CHILD_PARTS:
        meta = model._meta
        qn = connection.ops.quote_name
        fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field and f is not link]
        # each value cast to its column's type (in a VALUES list PostgreSQL cannot infer
        # it), without a length: an explicit cast to varchar(n) would cut a long value
        # short where the insert must refuse it
        casts = (f"CAST(%s AS {_VARCHAR_LENGTH.sub('varchar', f.db_type(connection))})" for f in fields)
        _CHILD_PARTS[key] = (
            fields,
            "(" + ", ".join(casts) + ")",
            ", ".join(qn(f.column) for f in fields),
            qn(meta.db_table),
            qn(meta.pk.column),
        )
    return _CHILD_PARTS[key]


def insert_with_children(parent: Model, children: Sequence[Model], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Insert ``parent`` and ``children`` (new instances of one model whose foreign key
    holds ``parent``) as ``insert(parent)`` then ``insert(*children)`` would, in one
    statement on PostgreSQL: a data-modifying WITH inserts the parent, and the children
    take its new key from it. Elsewhere, or for a model ``insert`` writes through
    ``save()``, it is those two calls."""
    connection = connections[using]
    if not children:
        insert(parent, using=using)
        return
    model = type(children[0])
    if any(type(child) is not model or child.pk is not None for child in children):
        raise ValueError("insert_with_children() takes new children (no primary key) of one model")
    link = _parent_field(children[0], parent)
    if parent.pk is not None:
        raise ValueError("insert_with_children() takes a new parent (no primary key)")
    if connection.vendor != "postgresql" or not (_plain(type(parent), connection) and _plain(model, connection)):
        insert(parent, using=using)
        for child in children:
            setattr(child, link.name, parent)  # the key, now that the parent has one
        insert(*children, using=using)
        return
    head = insert_statement([parent], connection)
    fields, row, names, table, pk_column = _child_parts(model, link, connection)
    sql = (
        f"WITH parent AS ({head.sql}), "  # noqa: S608
        f"children AS (INSERT INTO {table} ({connection.ops.quote_name(link.column)}, {names}) "
        f"SELECT parent.{head.pk_column}, v.* FROM parent, (VALUES {', '.join([row] * len(children))}) AS v({names}) "
        f"RETURNING {pk_column}) "
        f"SELECT {head.pk_column}, 0 FROM parent UNION ALL SELECT {pk_column}, 1 FROM children"
    )
    params = [
        *head.params,
        *(f.get_db_prep_save(f.pre_save(child, True), connection) for child in children for f in fields),
    ]
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # keys from the table's sequence rise in the order the rows were inserted, the order
    # of the VALUES list (the order bulk_create relies on too), whatever order RETURNING gives
    keys = sorted(key for key, which in rows if which == 1)
    mark_saved([parent], [key for key, which in rows if which == 0], connection)
    for child in children:
        setattr(child, link.name, parent)
    mark_saved(children, keys, connection)


def insert(*objs: Model, using: str = DEFAULT_DB_ALIAS) -> None:
    """Insert new instances of one model in one statement, as ``save()`` would write each.

    The keys are given out in the order the database returns the rows, which is the order
    of the VALUES list on PostgreSQL and SQLite (``bulk_create`` relies on the same).
    Falls back to ``save()`` for a model that ``_plain`` rejects (it has save signal
    receivers, for example). Runs in the caller's transaction, if any."""
    if not objs:
        return
    model = type(objs[0])
    if any(type(obj) is not model or obj.pk is not None for obj in objs):
        raise ValueError("insert() takes new instances (no primary key) of one model")
    connection = connections[using]
    if not _plain(model, connection):
        for obj in objs:
            obj.save(using=using, force_insert=True)
        return
    statement = insert_statement(objs, connection)
    with statement_cursor(connection) as cursor:
        cursor.execute(statement.sql, statement.params)
        keys = [row[0] for row in cursor.fetchall()]
    mark_saved(objs, keys, connection)


# --- reading -------------------------------------------------------------------------

_READERS: dict[tuple[type[Model], str], tuple[list[str], list[tuple[int, list, object]]]] = {}


def _reader(model: type[Model], connection) -> tuple[list[str], list[tuple[int, list, object]]]:
    """The model's concrete field names (in column order) and, per column, the converters
    the ORM applies to a value read from this database."""
    key = (model, connection.alias)
    if key not in _READERS:
        fields = list(model._meta.concrete_fields)
        converters = []
        for index, field in enumerate(fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
        _READERS[key] = ([f.attname for f in fields], converters)
    return _READERS[key]


def select_list(model: type[Model], table_alias: str, connection) -> str:
    """``alias.col, alias.col, ...``: the model's concrete columns, in the order ``from_row`` reads."""
    qn = connection.ops.quote_name
    return ", ".join(f"{table_alias}.{qn(f.column)}" for f in model._meta.concrete_fields)


def from_row(model: type[Model], row: Sequence, connection) -> Model:
    """An instance of ``model`` from the first columns of ``row`` (as written by
    ``select_list``), converted as a queryset converts them, marked as loaded."""
    names, converters = _reader(model, connection)
    values = list(row[: len(names)])
    for index, functions, column in converters:
        for convert in functions:
            values[index] = convert(values[index], column, connection)
    return model.from_db(connection.alias, names, values)
