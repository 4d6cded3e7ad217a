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

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import Organisation, User
from anliegen.org.scope import Scope
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ContactRules, Interval, WorkRules
from anliegen.work.actions import DeadlineSpec, create_item
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
    customer: Customer,
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


def _apply(
    schedule: ContactSchedule,
    customer: Customer,
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
    schedule.rule_set = rule_set
    schedule.review_date = review
    schedule.recompute_on = result.recompute_on
    schedule.computed_at = now


def _open_review(customer: Customer) -> WorkItem | None:
    return (
        WorkItem.objects.select_for_update()
        .filter(
            customer=customer,
            kind=Kind.FOLLOW_UP,
            status=Status.OPEN,
            deadlines__code=REVIEW_CODE,
        )
        .order_by("id")
        .first()
    )


def sync_review(customer: Customer, review: dt.date | None, *, actor: User | None = None) -> str:
    """KON-03: keep at most one open review follow-up per customer of profile Z.

    Created when a review date exists and none is open (assigned to the contact person, in their
    worklist from the review date; skipped without a contact person), moved when the date
    changed, handed to the new contact person when that changed, cancelled when the customer is no longer Z. *Decision:* a review date that already
    lies in the past is due today (a clock cannot lie before the day of receipt).
    Returns ``created``, ``moved``, ``cancelled`` or ``""``.
    """
    item = _open_review(customer)
    if review is None:
        if item is None:
            return ""
        old = {"status": item.status}
        WorkItem.objects.filter(id=item.id).update(status=Status.CANCELLED, updated_at=clock.now())
        record(
            actor=actor,
            organisation=customer.organisation,
            action="work.cancelled",
            obj=item,
            old=old,
            new={"status": Status.CANCELLED, "reason": "contacts.review_obsolete"},
        )
        return "cancelled"
    due = max(review, clock.today())
    if item is not None and customer.contact_person_id not in (None, item.assignee_id):
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
    if item is not None:
        deadline = item.deadlines.get(code=REVIEW_CODE)
        if deadline.due_date == due and item.visible_from == review:
            return ""
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
        return "moved"
    if customer.contact_person is None:
        return ""
    create_item(
        actor=actor,
        organisation=customer.organisation,
        kind=Kind.FOLLOW_UP,
        title=_("Review profile Z: %(name)s") % {"name": customer.display_name},
        customer=customer,
        assignee=customer.contact_person,
        deadlines=[DeadlineSpec(REVIEW_CODE, due)],
        note=_("Review the profile Z assignment by %(date)s.")
        % {"date": review.strftime("%d.%m.%Y")},
        visible_from=review,
    )
    return "created"


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
    contacts, one for their schedules, then ``bulk_create``/``bulk_update``. Review follow-ups
    (KON-03) are synchronised only for customers whose review date changed."""
    today = today or clock.today()
    now = clock.now()
    customers = Customer.objects.filter(kind=Customer.Kind.PERSON, birth_date__isnull=False)
    if organisation is not None:
        customers = customers.filter(organisation=organisation)
    if customer_ids is not None:
        customers = customers.filter(id__in=list(customer_ids))
    matchers: dict[int, tuple[ContactMatcher, RuleSet | None]] = {}
    total = created = updated = reviews = 0
    last_id = 0
    while True:
        chunk = list(
            customers.filter(id__gt=last_id)
            .select_related("organisation", "contact_person")
            .order_by("id")[:batch]
        )
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
            to_update: list[ContactSchedule] = []
            review_changes: list[tuple[Customer, dt.date | None]] = []
            for customer in chunk:
                prepared = matchers.get(customer.organisation_id)
                if prepared is None:
                    rules, rule_set = rules_in_force(customer.organisation, ContactRules, on=today)
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
                    schedule = ContactSchedule(
                        customer=customer, organisation_id=customer.organisation_id
                    )
                    to_create.append(schedule)
                    if review is not None:
                        review_changes.append((customer, review))
                else:
                    if schedule.review_date != review:
                        review_changes.append((customer, review))
                    to_update.append(schedule)
                _apply(
                    schedule,
                    customer,
                    result,
                    last_contact=last,
                    review=review,
                    rule_set=rule_set,
                    now=now,
                )
            ContactSchedule.objects.bulk_create(to_create)
            ContactSchedule.objects.bulk_update(to_update, _SCHEDULE_FIELDS)
            for customer, review in review_changes:
                if sync_review(customer, review):
                    reviews += 1
        total += len(chunk)
        created += len(to_create)
        updated += len(to_update)
    return RecomputeResult(total, created, updated, reviews)


def review_deadline(item: WorkItem) -> Deadline | None:
    """The review clock of an automatic profile-Z follow-up (KON-03), if it is one."""
    return item.deadlines.filter(code=REVIEW_CODE).first()
