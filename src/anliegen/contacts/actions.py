"""Every change to contact schedules (KON-01, KON-02, KON-03).

- :func:`recompute_for` — one customer: facts from the customer and its history, the
  ``contacts`` rules in force, the pure engine (:mod:`.schedule`); upserts the
  :class:`~anliegen.contacts.models.ContactSchedule` and keeps the profile-Z review follow-up
  (KON-03) in step. Called at the end of every customer write path (create, update, consultation
  note) inside the caller's transaction.
- :func:`set_individual_interval` — the case worker's individual interval (KON-01).
- :func:`recompute_all` — many customers with one prepared matcher per organisation (rule
  changes, periodic job).

*Decision:* the schedule is derived data (a cache of the engine's answer, reproducible from the
audited customer data, history and rule versions), so recomputing it writes no audit entry; the
individual interval, which a person enters, is audited, and so is the review follow-up (through
``work.actions``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any, cast

from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Max, Q
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import record
from anliegen.audit.models import AuditEntry
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import Organisation, User
from anliegen.org.scope import Scope
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ContactRules, Interval, WorkRules
from anliegen.work.actions import DeadlineSpec, NewItem, create_item, create_items
from anliegen.work.models import Deadline, Kind, Status, WorkItem

from .matching import ContactFacts
from .models import ContactSchedule
from .schedule import (
    ContactInputError,
    ContactMatcher,
    NextContact,
    profile_review_date,
    validate_individual_interval,
)

CONTACT_KINDS = (HistoryEntry.Kind.CONSULTATION, HistoryEntry.Kind.CONTACT)
"""History entries that count as a documented contact (KON-07)."""
REVIEW_CODE = "profile_review"
"""The deadline code that marks the automatic profile-Z review follow-up (KON-03)."""

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


@dataclass(frozen=True)
class RecomputeResult:
    """Counts of :func:`recompute_all`."""

    customers: int = 0
    created: int = 0
    updated: int = 0
    reviews: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "customers": self.customers,
            "created": self.created,
            "updated": self.updated,
            "reviews": self.reviews,
        }


def schedulable(customer: Customer) -> bool:
    """Contact density applies to jobseekers with a date of birth (not to employers)."""
    return customer.kind == Customer.Kind.PERSON and customer.birth_date is not None


def last_contacts(customer_ids: Iterable[int]) -> dict[int, dt.date]:
    """The last documented contact per customer: the latest consultation or contact entry, by
    its ``contact_date`` or else the Berlin date of its time (KON-02, KON-07). One query."""
    rows = (
        HistoryEntry.objects.filter(customer_id__in=list(customer_ids), kind__in=CONTACT_KINDS)
        .values("customer_id")
        .annotate(
            dated=Max("contact_date"),
            undated=Max("at", filter=Q(contact_date__isnull=True)),
        )
    )
    result: dict[int, dt.date] = {}
    for row in rows:
        candidates = [row["dated"]] if row["dated"] is not None else []
        if row["undated"] is not None:
            candidates.append(clock.local_date(row["undated"]))
        if candidates:
            result[row["customer_id"]] = max(candidates)
    return result


def _individual(schedule: ContactSchedule | None) -> Interval | None:
    if schedule is None or not schedule.individual_interval_unit:
        return None
    if schedule.individual_interval_count is None:
        return None
    return Interval(
        unit=schedule.individual_interval_unit,  # type: ignore[arg-type]
        count=schedule.individual_interval_count,
    )


def facts_of(
    customer: Customer | CustomerRow,
    *,
    last_contact: dt.date | None,
    individual_interval: Interval | None,
) -> ContactFacts:
    """The engine's view of a customer (KON-01)."""
    assert customer.birth_date is not None
    return ContactFacts(
        care_group=customer.care_group,
        status=customer.status,
        profile=customer.profile,
        birth_date=customer.birth_date,
        created_on=clock.local_date(customer.created_at),
        last_contact=last_contact,
        in_retraining=customer.in_retraining,
        measure_until=customer.measure_until,
        parental_leave_until=customer.parental_leave_until,
        profile_since=customer.profile_since,
        individual_interval=individual_interval,
    )


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


def _open_reviews(customer_ids: Iterable[int]) -> dict[int, WorkItem]:
    """The open review follow-up of each customer (the oldest, if there were ever two), locked."""
    items = (
        WorkItem.objects.select_for_update()
        .filter(
            customer_id__in=list(customer_ids),
            kind=Kind.FOLLOW_UP,
            status=Status.OPEN,
            deadlines__code=REVIEW_CODE,
        )
        .order_by("-id")
    )
    return {item.customer_id: item for item in items if item.customer_id is not None}


@dataclass(frozen=True)
class ReviewStep:
    """What :func:`review_step` decided for one customer's review follow-up (KON-03)."""

    action: str = ""
    """``created``, ``moved``, ``cancelled`` or ``""`` (nothing, or only a reassignment)."""
    due: dt.date | None = None
    """The review clock's due date (``created``, ``moved``)."""
    reassign: bool = False
    """The open item goes to the customer's new contact person."""


def review_step(
    customer: Customer,
    review: dt.date | None,
    item: WorkItem | None,
    deadline: Deadline | None,
    *,
    today: dt.date,
) -> ReviewStep:
    """KON-03, the one set of rules for both :func:`sync_review` and :func:`sync_reviews`: keep
    at most one open review follow-up per customer of profile Z.

    Created when a review date exists and none is open (assigned to the contact person, in their
    worklist from the review date; skipped without a contact person), moved when the date
    changed, handed to the new contact person when that changed, cancelled when the customer is
    no longer Z. *Decision:* a review date that already lies in the past is due today (a clock
    cannot lie before the day of receipt)."""
    if review is None:
        return ReviewStep("cancelled") if item is not None else ReviewStep()
    due = max(review, today)
    if item is None:
        if customer.contact_person_id is None:
            return ReviewStep()
        return ReviewStep("created", due)
    reassign = customer.contact_person_id not in (None, item.assignee_id)
    assert deadline is not None
    if deadline.due_date == due and item.visible_from == review:
        return ReviewStep("", None, reassign)
    return ReviewStep("moved", due, reassign)


def _review_item(
    customer: Customer, contact_person: User, review: dt.date, due: dt.date
) -> NewItem:
    return NewItem(
        kind=Kind.FOLLOW_UP,
        title=_("Review profile Z: %(name)s") % {"name": customer.display_name},
        customer=customer,
        assignee=contact_person,
        deadlines=[DeadlineSpec(REVIEW_CODE, due)],
        note=_("Review the profile Z assignment by %(date)s.")
        % {"date": review.strftime("%d.%m.%Y")},
        visible_from=review,
    )


def _cancel_audit(customer: Customer, item: WorkItem, actor: User | None) -> AuditEntry:
    return AuditEntry(
        organisation=customer.organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=clock.now(),
        action="work.cancelled",
        object_type=item._meta.label_lower,
        object_id=str(item.pk),
        old={"status": item.status},
        new={"status": Status.CANCELLED, "reason": "contacts.review_obsolete"},
    )


def _reassign(customer: Customer, item: WorkItem, actor: User | None) -> None:
    old_assignee = item.assignee_id
    item.assignee_id = customer.contact_person_id
    item.save(update_fields=["assignee", "updated_at"])
    record(
        actor=actor,
        organisation=customer.organisation,
        action="work.reassigned",
        obj=item,
        old={"assignee": old_assignee},
        new={"assignee": item.assignee_id, "reason": "contacts.contact_person_changed"},
    )


def _move(
    customer: Customer,
    item: WorkItem,
    deadline: Deadline,
    review: dt.date,
    due: dt.date,
    actor: User | None,
) -> None:
    old_due = deadline.due_date
    deadline.due_date = due
    work_rules, _version = rules_in_force(customer.organisation, WorkRules)
    deadline.amber_from = fristen.amber_date(clock.today(), due, work_rules.amber_share)
    deadline.save(update_fields=["due_date", "amber_from"])
    first = item.deadlines.filter(met_at__isnull=True).order_by("due_date").first()
    item.due_date = first.due_date if first else None
    item.amber_from = first.amber_from if first else None
    item.visible_from = review
    item.light_notified = ""
    item.save(
        update_fields=["due_date", "amber_from", "visible_from", "light_notified", "updated_at"]
    )
    record(
        actor=actor,
        organisation=customer.organisation,
        action="work.deadline_moved",
        obj=item,
        old={"due_date": old_due.isoformat()},
        new={"due_date": due.isoformat(), "deadline": REVIEW_CODE},
    )


def sync_review(customer: Customer, review: dt.date | None, *, actor: User | None = None) -> str:
    """KON-03 for one customer (after a single change), by the rules of :func:`review_step`; a
    new follow-up goes through :func:`~anliegen.work.actions.create_item`. Returns
    ``created``, ``moved``, ``cancelled`` or ``""``."""
    steps = _sync_reviews([(customer, review)], actor=actor, bulk=False)
    return steps[0].action


def sync_reviews(changes: list[tuple[Customer, dt.date | None]]) -> int:
    """KON-03 for many customers (periodic recomputation, no actor): the same rules and the same
    resulting rows as :func:`sync_review` for each, but new follow-ups through
    :func:`~anliegen.work.actions.create_items` (per organisation one ``bulk_create`` per table,
    notifications included) and cancellations in one ``UPDATE``. Returns how many follow-ups
    were created, moved or cancelled."""
    return sum(1 for step in _sync_reviews(changes, actor=None, bulk=True) if step.action)


def _sync_reviews(
    changes: list[tuple[Customer, dt.date | None]], *, actor: User | None, bulk: bool
) -> list[ReviewStep]:
    """Decide (:func:`review_step`) and carry out the review follow-up of each customer: one
    query for the open follow-ups, one for their clocks, one for the contact persons; moves and
    reassignments (rare: a review date or contact person changed) item by item. Inside the
    caller's transaction."""
    if not changes:
        return []
    items = _open_reviews(customer.id for customer, _review in changes)
    deadlines = {
        d.item_id: d for d in Deadline.objects.filter(item__in=items.values(), code=REVIEW_CODE)
    }
    people = User.objects.in_bulk(
        {c.contact_person_id for c, _review in changes if c.contact_person_id is not None}
    )
    today = clock.today()
    steps: list[ReviewStep] = []
    new: dict[int, tuple[Organisation, list[NewItem]]] = {}
    cancelled: list[tuple[Customer, WorkItem]] = []
    for customer, review in changes:
        item = items.get(customer.id)
        deadline = deadlines.get(item.id) if item is not None else None
        step = review_step(customer, review, item, deadline, today=today)
        steps.append(step)
        if item is not None and step.action == "cancelled":
            cancelled.append((customer, item))
        if item is not None and step.reassign:
            _reassign(customer, item, actor)
        if review is None or step.due is None:
            continue
        if item is not None and deadline is not None and step.action == "moved":
            _move(customer, item, deadline, review, step.due, actor)
        elif step.action == "created" and customer.contact_person_id is not None:
            spec = _review_item(customer, people[customer.contact_person_id], review, step.due)
            _org, specs = new.setdefault(customer.organisation_id, (customer.organisation, []))
            specs.append(spec)
    if cancelled:
        WorkItem.objects.filter(id__in=[item.id for _c, item in cancelled]).update(
            status=Status.CANCELLED, updated_at=clock.now()
        )
        AuditEntry.objects.bulk_create(
            _cancel_audit(customer, item, actor) for customer, item in cancelled
        )
    for organisation, specs in new.values():
        if bulk:
            create_items(actor=actor, organisation=organisation, items=specs)
            continue
        for spec in specs:
            create_item(
                actor=actor,
                organisation=organisation,
                kind=spec.kind,
                title=spec.title,
                customer=spec.customer,
                assignee=spec.assignee,
                deadlines=spec.deadlines,
                note=spec.note,
                visible_from=spec.visible_from,
            )
    return steps


@transaction.atomic
def recompute_for(
    customer: Customer, *, actor: User | None = None, today: dt.date | None = None
) -> ContactSchedule | None:
    """KON-02/KON-03: recompute and store the next contact of one customer.

    Returns the schedule, or None for customers contact density does not apply to (employers,
    no date of birth; a stale schedule is removed).
    """
    today = today or clock.today()
    if not schedulable(customer):
        ContactSchedule.objects.filter(customer_id=customer.id).delete()
        return None
    rules, rule_set = rules_in_force(customer.organisation, ContactRules, on=today)
    schedule = ContactSchedule.objects.select_for_update().filter(customer_id=customer.id).first()
    last = last_contacts([customer.id]).get(customer.id)
    facts = facts_of(customer, last_contact=last, individual_interval=_individual(schedule))
    result = ContactMatcher(rules).next_contact(facts, today)
    review = profile_review_date(facts, rules)
    if schedule is None:
        schedule = ContactSchedule(customer=customer, organisation_id=customer.organisation_id)
    _apply(
        schedule,
        customer,
        result,
        last_contact=last,
        review=review,
        rule_set=rule_set,
        now=clock.now(),
    )
    schedule.save()
    sync_review(customer, review, actor=actor)
    return schedule


def _ensure_may_edit(scope: Scope) -> None:
    if not scope.may_see_customers:
        raise Forbidden(_("You may not change customer records."))


@transaction.atomic
def set_individual_interval(
    *, actor: User, scope: Scope, customer: Customer, unit: str | None, count: int | None
) -> ContactSchedule:
    """KON-01: the case worker sets (or, with ``unit`` None, clears) the individual contact
    interval; rejected with German messages above the cap (6 months for seeking customers,
    24 months otherwise). Nothing is changed on invalid input."""
    _ensure_may_edit(scope)
    if customer.organisation_id != scope.organisation.id:  # pragma: no cover - scoped getter
        raise Forbidden()
    if not schedulable(customer):
        raise InvalidInput(
            _("Contact density applies only to jobseekers with a date of birth."),
            errors={"individual_interval": _("Not applicable to this customer.")},
        )
    today = clock.today()
    rules, _version = rules_in_force(customer.organisation, ContactRules, on=today)
    interval: Interval | None = None
    if unit is not None or count is not None:
        if unit not in ("weeks", "months") or count is None or count < 1:
            message = _("Please enter a number of weeks or months (at least 1).")
            raise InvalidInput(message, errors={"individual_interval": message})
        # Not validated by pydantic (its bound would raise before the German message below).
        interval = Interval.model_construct(unit=unit, count=count)
        last = last_contacts([customer.id]).get(customer.id)
        facts = facts_of(customer, last_contact=last, individual_interval=interval)
        try:
            validate_individual_interval(facts, interval, rules)
        except ContactInputError as error:
            raise InvalidInput(
                error.errors["individual_interval"], errors=dict(error.errors)
            ) from None
    schedule = ContactSchedule.objects.select_for_update().filter(
        customer_id=customer.id
    ).first() or recompute_for(customer, actor=actor, today=today)
    assert schedule is not None
    old = {
        "unit": schedule.individual_interval_unit or None,
        "count": schedule.individual_interval_count,
    }
    schedule.individual_interval_unit = interval.unit if interval else ""
    schedule.individual_interval_count = interval.count if interval else None
    schedule.save(update_fields=["individual_interval_unit", "individual_interval_count"])
    new = {
        "unit": interval.unit if interval else None,
        "count": interval.count if interval else None,
    }
    if old != new:
        record(
            actor=actor,
            organisation=scope.organisation,
            action="contacts.interval_set",
            obj=customer,
            old=old,
            new=new,
        )
    result = recompute_for(customer, actor=actor, today=today)
    assert result is not None
    return result


def recompute_all(
    organisation: Organisation | None = None,
    *,
    customer_ids: Iterable[int] | None = None,
    batch: int = 2000,
    today: dt.date | None = None,
) -> RecomputeResult:
    """KON-02: recompute many customers (rule changes, periodic job) — per organisation one
    prepared :class:`ContactMatcher`, per batch one query for customers, one for their last
    contacts, one for their schedules, then ``bulk_create`` and batched updates of the changed
    rows (:func:`_update_rows`). Review follow-ups (KON-03) are synchronised only for customers
    whose review date changed, per batch in bulk (:func:`sync_reviews`)."""
    today = today or clock.today()
    now = clock.now()
    customers = Customer.objects.filter(kind=Customer.Kind.PERSON, birth_date__isnull=False)
    if organisation is not None:
        customers = customers.filter(organisation=organisation)
    if customer_ids is not None:
        customers = customers.filter(id__in=list(customer_ids))
    matchers: dict[int, tuple[ContactMatcher, RuleSet | None]] = {}
    organisations: dict[int, Organisation] = {}
    total = created = updated = reviews = 0
    last_id = 0
    while True:
        chunk = [
            CustomerRow(*row)
            for row in customers.filter(id__gt=last_id)
            .order_by("id")
            .values_list(*_ROW_FIELDS)[:batch]
        ]
        if not chunk:
            break
        last_id = chunk[-1].id
        ids = [c.id for c in chunk]
        with transaction.atomic():
            lasts = last_contacts(ids)
            existing = {
                s.customer_id: s
                for s in ContactSchedule.objects.select_for_update().filter(customer_id__in=ids)
            }
            to_create: list[ContactSchedule] = []
            to_update: list[tuple[ContactSchedule, tuple[str, ...]]] = []
            unchanged = 0
            review_changes: list[tuple[int, dt.date | None]] = []
            for customer in chunk:
                prepared = matchers.get(customer.organisation_id)
                if prepared is None:
                    # one organisation object and one matcher per organisation
                    organisations[customer.organisation_id] = Organisation.objects.get(
                        pk=customer.organisation_id
                    )
                    rules, rule_set = rules_in_force(
                        organisations[customer.organisation_id], ContactRules, on=today
                    )
                    prepared = matchers[customer.organisation_id] = (
                        ContactMatcher(rules),
                        rule_set,
                    )
                matcher, rule_set = prepared
                schedule = existing.get(customer.id)
                last = lasts.get(customer.id)
                facts = facts_of(
                    customer, last_contact=last, individual_interval=_individual(schedule)
                )
                result = matcher.next_contact(facts, today)
                review = profile_review_date(facts, matcher.rules)
                if schedule is None:
                    schedule = _new_schedule(customer.id, customer.organisation_id)
                    to_create.append(schedule)
                    if review is not None:
                        review_changes.append((customer.id, review))
                    before = None
                else:
                    if schedule.review_date != review:
                        review_changes.append((customer.id, review))
                    before = _stored(schedule)
                _apply(
                    schedule,
                    customer,
                    result,
                    last_contact=last,
                    review=review,
                    rule_set=rule_set,
                    now=now,
                )
                if before is not None:
                    changed = _changed(before, _stored(schedule))
                    if changed:
                        to_update.append((schedule, changed))
                    else:
                        unchanged += 1
            _insert_rows(to_create)
            # Only changed results are written: ``computed_at`` is when the stored result was
            # last written, an unchanged one is left as it is.
            _update_rows(to_update)
            if review_changes:
                # the few customers whose review date changed, as model instances for the items
                full = (
                    Customer.objects.select_related("organisation")
                    .only(*_CUSTOMER_FIELDS, "organisation")
                    .in_bulk([customer_id for customer_id, _review in review_changes])
                )
                reviews += sync_reviews([(full[cid], review) for cid, review in review_changes])
        total += len(chunk)
        created += len(to_create)
        updated += len(to_update) + unchanged
    return RecomputeResult(total, created, updated, reviews)


def review_deadline(item: WorkItem) -> Deadline | None:
    """The review clock of an automatic profile-Z follow-up (KON-03), if it is one."""
    return item.deadlines.filter(code=REVIEW_CODE).first()
