"""Writing many schedule rows fast (KON-02): the plain customer rows recomputation reads, the
batched ``INSERT`` and ``UPDATE`` of the changed schedules, without model instances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any, cast

from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field

from anliegen.contacts.models import ContactSchedule
from anliegen.contacts.schedule import (
    NextContact,
)
from anliegen.customers.models import Customer
from anliegen.rules.models import RuleSet

_SCHEDULE_FIELDS = (
    "contact_person",
    "last_contact",
    "due_date",
    "reason",
    "rule_label",
    "interval_unit",
    "interval_count",
    "rule_set",
    "review_date",
    "recompute_on",
    "computed_at",
)


def _update_rows(changes: list[tuple[ContactSchedule, tuple[str, ...]]]) -> None:
    """Write the changed computed fields (and ``computed_at``) of many schedules, per set of
    changed fields: on PostgreSQL one ``UPDATE … FROM UNNEST(…)`` (one array parameter per
    column), elsewhere one ``UPDATE … WHERE id = %s`` run with ``executemany`` (SQLite: no
    round trips to save). *Decision:* not ``bulk_update``, whose
    ``CASE … WHEN`` per field and row made a recomputation of 100,000 changed schedules take
    minutes (benchmark KON, ``docs/benchmarks.md``); values are prepared by the model fields, as
    the ORM would."""
    groups: dict[tuple[str, ...], list[ContactSchedule]] = {}
    for schedule, names in changes:
        groups.setdefault(names, []).append(schedule)
    connection = connections[ContactSchedule.objects.db]
    quote = connection.ops.quote_name
    table = quote(ContactSchedule._meta.db_table)
    for names, schedules in groups.items():
        fields = [_field(name) for name in (*names, "computed_at")]
        rows = [
            [s.pk, *values]
            for s, values in zip(schedules, _values(schedules, fields, connection), strict=True)
        ]
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                columns = ", ".join(f"{quote(f.column)} = %s" for f in fields)
                cursor.executemany(
                    f"UPDATE {table} SET {columns} WHERE id = %s", [r[1:] + r[:1] for r in rows]
                )
                continue
            # one array per column: a handful of parameters whatever the number of rows
            arrays = ", ".join(
                ["%s::bigint[]"] + [f"%s::{f.db_type(connection)}[]" for f in fields]
            )
            names_sql = ", ".join(["id"] + [quote(f.column) for f in fields])
            columns = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
            cursor.execute(
                f"UPDATE {table} AS t SET {columns} FROM UNNEST({arrays}) "
                f"AS v({names_sql}) WHERE t.id = v.id",
                [list(column) for column in zip(*rows, strict=True)],
            )


def _text(value: object) -> str | None:
    return value if value is None or type(value) is str else str(value)


def _iso_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _preparer(field: Field[Any, Any], connection: BaseDatabaseWrapper) -> Any:
    """How one column's values go to the database, as ``field.get_db_prep_save`` would send
    them — but without its per-value overhead (half a million calls in a first recomputation of
    100,000 customers) for the plain columns: integers, foreign keys, text and dates pass as they
    are (SQLite: dates as ISO text, like Django's ``adapt_datefield_value``). Anything else keeps
    the field's own preparation."""
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return None
    if isinstance(field, models.CharField):
        return _text  # lazy translations and choices become plain text, as in get_prep_value
    if type(field) is models.DateField:
        return None if connection.vendor == "postgresql" else _iso_date
    return lambda value: field.get_db_prep_save(value, connection)


def _values(
    schedules: list[ContactSchedule], fields: list[Field[Any, Any]], connection: BaseDatabaseWrapper
) -> list[list[Any]]:
    """The database values of ``fields`` per schedule, prepared as the ORM would
    (:func:`_preparer`)."""
    columns = [(f.attname, _preparer(f, connection)) for f in fields]
    return [
        [
            getattr(s, attname) if prepare is None else prepare(getattr(s, attname))
            for attname, prepare in columns
        ]
        for s in schedules
    ]


def _insert_rows(schedules: list[ContactSchedule]) -> None:
    """Insert new schedules (their ids are not needed): ``executemany`` on SQLite, ``COPY … FROM
    STDIN`` on PostgreSQL. *Decision:* not ``bulk_create``, which spent most of a first
    recomputation of 100,000 customers compiling its SQL value by value; on PostgreSQL
    ``COPY`` took 1.9 s for 100,000 rows where ``INSERT … SELECT FROM UNNEST(…)`` took 3.3 s
    and ``executemany`` 5.8 s (benchmark KON). Values as in :func:`_values`.
    ``ContactSchedule`` has no automatic values to fill in (every field is set by
    :func:`_apply` or keeps the default the constructor gave it)."""
    if not schedules:
        return
    connection = connections[ContactSchedule.objects.db]
    quote = connection.ops.quote_name
    table = quote(ContactSchedule._meta.db_table)
    fields = [
        cast("Field[Any, Any]", f)
        for f in ContactSchedule._meta.concrete_fields
        if not f.primary_key
    ]
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    rows = _values(schedules, fields, connection)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {placeholders}", rows)
            return
        # psycopg's COPY: the rows are streamed, no SQL per row or parameter per value
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


_CUSTOMER_FIELDS = (
    "id",
    "organisation_id",
    "kind",
    "customer_number",
    "first_name",
    "last_name",
    "company_name",
    "birth_date",
    "status",
    "profile",
    "profile_since",
    "care_group",
    "in_retraining",
    "measure_until",
    "parental_leave_until",
    "contact_person_id",
    "created_at",
)
"""What :func:`recompute_all` reads of a customer (anything else is loaded on access)."""


@dataclass(slots=True)
class CustomerRow:
    """What the engine reads of a customer, as plain values: :func:`recompute_all` reads its
    batches with ``values_list`` into these instead of model instances (a fifth of a first
    recomputation's time went into building 100,000 ``Customer`` objects). Field names as on
    :class:`Customer`."""

    id: int
    organisation_id: int
    birth_date: dt.date | None
    status: str
    profile: str
    profile_since: dt.date | None
    care_group: str
    in_retraining: bool
    measure_until: dt.date | None
    parental_leave_until: dt.date | None
    contact_person_id: int | None
    created_at: dt.datetime


_ROW_FIELDS = tuple(CustomerRow.__dataclass_fields__)

_COMPARED = tuple(name for name in _SCHEDULE_FIELDS if name != "computed_at")


def _changed(before: tuple[object, ...], after: tuple[object, ...]) -> tuple[str, ...]:
    return tuple(
        name for name, old, new in zip(_COMPARED, before, after, strict=True) if old != new
    )


def _field(name: str) -> Field[Any, Any]:
    return cast("Field[Any, Any]", ContactSchedule._meta.get_field(name))


@cache
def _compared_attnames() -> tuple[str, ...]:
    return tuple(_field(name).attname for name in _COMPARED)


def _stored(schedule: ContactSchedule) -> tuple[object, ...]:
    """The computed values of a schedule (everything :func:`_apply` sets but the time)."""
    return tuple(getattr(schedule, attname) for attname in _compared_attnames())


@cache
def _schedule_defaults() -> dict[str, Any]:
    return {
        f.attname: f.get_default()
        for f in ContactSchedule._meta.concrete_fields
        if not f.primary_key
    }


def _new_schedule(customer_id: int, organisation_id: int) -> ContactSchedule:
    """A new row for :func:`_insert_rows`: the model's column defaults as plain attributes,
    without building a model instance (a sixth of a first recomputation of 100,000 customers
    went into ``Model.__init__``). Only :func:`_apply` and :func:`_values` touch it."""
    row = SimpleNamespace(**_schedule_defaults())
    row.customer_id = customer_id
    row.organisation_id = organisation_id
    return cast("ContactSchedule", row)


def _apply(
    schedule: ContactSchedule,
    customer: Customer | CustomerRow,
    result: NextContact,
    *,
    last_contact: dt.date | None,
    review: dt.date | None,
    rule_set: RuleSet | None,
    now: dt.datetime,
) -> None:
    schedule.contact_person_id = customer.contact_person_id
    schedule.last_contact = last_contact
    schedule.due_date = result.due_date
    schedule.reason = result.reason
    schedule.rule_label = result.rule_label[:200]
    schedule.interval_unit = result.interval.unit if result.interval else ""
    schedule.interval_count = result.interval.count if result.interval else None
    schedule.rule_set_id = rule_set.pk if rule_set is not None else None
    schedule.review_date = review
    schedule.recompute_on = result.recompute_on
    schedule.computed_at = now
