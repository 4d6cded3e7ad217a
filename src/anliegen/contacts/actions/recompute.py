"""Recomputing stored next contacts (KON-02): one customer inside a write path
(:func:`recompute_for`), many with one prepared matcher per organisation (:func:`recompute_all`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from anliegen.contacts.models import ContactSchedule
from anliegen.contacts.schedule import (
    ContactMatcher,
    profile_review_date,
)
from anliegen.core import clock
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, User
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ContactRules

from .facts import _individual, facts_of, last_contacts, schedulable
from .reviews import sync_review, sync_reviews
from .rows import (
    _CUSTOMER_FIELDS,
    _ROW_FIELDS,
    CustomerRow,
    _apply,
    _changed,
    _insert_rows,
    _new_schedule,
    _stored,
    _update_rows,
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


def on_customer_changed(customer: Customer, actor: User) -> None:
    """Subscribed to :func:`anliegen.customers.hooks.customer_changed` (KON-02): the stored
    next contact follows every change of master data and contacts, in the same transaction."""
    recompute_for(customer, actor=actor)


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
