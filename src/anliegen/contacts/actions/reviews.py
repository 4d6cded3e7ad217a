"""The automatic profile-Z review follow-up (KON-03): at most one open per customer, created,
moved, handed over or cancelled as the review date and contact person change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import record
from anliegen.audit.models import AuditEntry
from anliegen.core import clock
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, User
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import WorkRules
from anliegen.work.actions import DeadlineSpec, NewItem, create_item, create_items
from anliegen.work.models import Deadline, Kind, Status, WorkItem

REVIEW_CODE = "profile_review"
"""The deadline code that marks the automatic profile-Z review follow-up (KON-03)."""


def _open_reviews(customer_ids: Iterable[int]) -> dict[int, WorkItem]:
    """The open review follow-up of each customer (the oldest, if there were ever two), locked."""
    items = (
        WorkItem.objects.select_for_update(of=("self",), no_key=True)  # as work.locking does
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


def review_deadline(item: WorkItem) -> Deadline | None:
    """The review clock of an automatic profile-Z follow-up (KON-03), if it is one."""
    return item.deadlines.filter(code=REVIEW_CODE).first()
