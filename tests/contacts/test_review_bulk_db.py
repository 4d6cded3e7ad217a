"""KON-03 in bulk: the periodic recomputation creates, moves, hands over and cancels the profile-Z
review follow-ups in batches (``sync_reviews`` → ``work.actions.create_items``) with exactly the
rows the single path (``sync_review`` → ``work.actions.create_item``) writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from anliegen.audit.models import AuditEntry
from anliegen.contacts.actions import REVIEW_CODE, recompute_all, sync_review, sync_reviews
from anliegen.customers.models import Customer
from anliegen.org.actions import record_absence
from anliegen.org.scope import scope_for
from anliegen.work.models import Deadline, Notification, WorkItem
from tests.factories import make_customer

Rows = dict[str, list[tuple[Any, ...]]]


def _sorted(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=repr)


def _rows() -> Rows:
    """Every row the review paths write, with item ids replaced by their customer numbers."""
    items = {
        item.id: item.customer.customer_number if item.customer else ""
        for item in WorkItem.objects.select_related("customer")
    }
    return {
        "items": _sorted(
            (
                items[i.id],
                i.organisation_id,
                i.kind,
                i.title,
                i.assignee_id,
                i.team_id,
                i.status,
                i.priority,
                i.received_at,
                i.start_date,
                i.due_date,
                i.amber_from,
                i.visible_from,
                i.light_notified,
                i.rule_set_id,
                i.parent_id,
                i.note,
                i.created_by_id,
                i.created_at,
                i.updated_at,
            )
            for i in WorkItem.objects.select_related("customer")
        ),
        "deadlines": _sorted(
            (items[d.item_id], d.code, d.due_date, d.amber_from, d.met_at)
            for d in Deadline.objects.all()
        ),
        "audit": _sorted(
            (
                items.get(int(a.object_id), "deleted"),
                a.organisation_id,
                a.actor_id,
                a.at,
                a.action,
                a.object_type,
                repr(sorted(a.old.items())),
                repr(sorted(a.new.items())),
            )
            for a in AuditEntry.objects.filter(object_type="work.workitem")
        ),
        "notifications": _sorted(
            (
                n.organisation_id,
                n.user_id,
                n.kind,
                items[n.item_id] if n.item_id else None,
                repr(sorted(n.params.items())),
                n.read_at,
            )
            for n in Notification.objects.all()
        ),
    }


def _run(changes: list[tuple[str, dt.date | None]], *, bulk: bool) -> tuple[Rows, list[str], int]:
    """Run one path on fresh customer objects, return the rows, the steps and the number of
    e-mails queued after commit — then roll everything back."""
    with transaction.atomic():
        customers = {
            c.customer_number: c
            for c in Customer.objects.filter(customer_number__in=[n for n, _r in changes])
        }
        pairs = [(customers[number], review) for number, review in changes]
        callbacks = transaction.get_connection().run_on_commit[:]
        if bulk:
            done = sync_reviews(pairs)
            steps = []
        else:
            steps = [sync_review(customer, review) for customer, review in pairs]
            done = sum(1 for step in steps if step)
        queued = len(transaction.get_connection().run_on_commit) - len(callbacks)
        rows = _rows()
        transaction.set_rollback(True)
    return rows, steps, done + 1000 * queued


def test_bulk_review_sync_writes_the_same_rows_as_one_by_one(world, travel):
    """KON-03: for customers whose follow-up must be created (review ahead, review already past —
    due today and announced to the contact person and the deputy of an absent one), moved,
    handed to a new contact person or cancelled, and for one without a contact person, the bulk
    path writes exactly the work items, clocks, audit entries and notifications (and queues the
    same e-mails) as the single path."""
    travel("2026-11-02 10:00")
    record_absence(
        actor=world.worker2,
        scope=scope_for(world.worker2, world.org),
        person=world.worker2,
        start=dt.date(2026, 11, 2),
        end=dt.date(2026, 11, 6),
        deputy=world.worker,
    )
    z = {"profile": "z", "contact_person": world.worker}
    ahead = make_customer(world, last_name="Ahead", profile_since=dt.date(2026, 9, 1), **z)
    past = make_customer(
        world,
        last_name="Past",
        profile="z",
        profile_since=dt.date(2026, 1, 15),
        contact_person=world.worker2,
    )
    nobody = make_customer(
        world, last_name="Nobody", profile="z", profile_since=dt.date(2026, 9, 1)
    )
    moved = make_customer(world, last_name="Moved", profile_since=dt.date(2026, 8, 1), **z)
    handed = make_customer(world, last_name="Handed", profile_since=dt.date(2026, 8, 1), **z)
    gone = make_customer(world, last_name="Gone", profile_since=dt.date(2026, 8, 1), **z)
    # the three with an open follow-up get it the usual way, then their data changes
    assert recompute_all(world.org).reviews == 5
    WorkItem.objects.filter(customer__in=[ahead, past]).delete()
    Customer.objects.filter(id=handed.id).update(contact_person=world.worker2)
    Customer.objects.filter(id=gone.id).update(profile="market")
    travel("2026-11-03 11:00")
    changes = [
        (ahead.customer_number, dt.date(2027, 3, 1)),
        (past.customer_number, dt.date(2026, 7, 15)),
        (nobody.customer_number, dt.date(2027, 3, 1)),
        (moved.customer_number, dt.date(2027, 1, 20)),
        (handed.customer_number, dt.date(2027, 2, 1)),
        (gone.customer_number, None),
    ]

    single, steps, single_done = _run(changes, bulk=False)
    bulk, _steps, bulk_done = _run(changes, bulk=True)

    assert steps == ["created", "created", "", "moved", "", "cancelled"]
    assert bulk == single
    # four steps; two e-mails: the past review to worker2 and to worker, her deputy
    assert bulk_done == single_done == 2004
    by_customer = {row[0]: row for row in bulk["items"]}
    assert by_customer[past.customer_number][10] == dt.date(2026, 11, 3)  # due today
    assert {n[1] for n in bulk["notifications"]} >= {world.worker2.id, world.worker.id}
    assert (handed.customer_number, "work.reassigned") in {(a[0], a[4]) for a in bulk["audit"]}
    assert sum(1 for d in bulk["deadlines"] if d[1] == REVIEW_CODE) == 5
