"""FND-07: work items with deadlines, amber from 80 % of the time, responsible person and team."""

import datetime as dt

import pytest
from django.core import mail

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import InvalidInput
from anliegen.org.scope import scope_for
from anliegen.rules.actions import create_rule_version
from anliegen.work.actions import DeadlineSpec, create_item
from anliegen.work.models import Notification, WorkItem
from anliegen.work.queries import light_counts, worklist_for_team, worklist_for_user


def _item(world, customer, due, *, assignee=None, priority=5, title="Anliegen"):
    return create_item(
        actor=world.tl,
        organisation=world.org,
        kind="ticket",
        title=title,
        customer=customer,
        team=world.team,
        assignee=assignee if assignee is not None else world.worker,
        priority=priority,
        deadlines=[DeadlineSpec("main", due)],
    )


def test_amber_from_80_percent_of_the_time(world, customer, travel):
    """Given a 10-day item, when it is created, then it turns amber on day 8 and red after day 10."""
    travel("2026-11-02 09:00")
    item = _item(world, customer, dt.date(2026, 11, 12))
    assert item.amber_from == dt.date(2026, 11, 10)
    scope = scope_for(world.worker, world.org)
    for day, light in [
        (dt.date(2026, 11, 9), "green"),
        (dt.date(2026, 11, 10), "amber"),
        (dt.date(2026, 11, 12), "amber"),
        (dt.date(2026, 11, 13), "red"),
    ]:
        assert worklist_for_user(scope, today=day).get().light == light, day  # type: ignore[attr-defined]


def test_amber_share_comes_from_the_rules_in_force(world, customer, travel):
    """FND-09: the amber share is a rule of the organisation, not a constant."""
    travel("2026-11-02 09:00")
    create_rule_version(
        actor=world.admin,
        scope=scope_for(world.admin, world.org),
        organisation=world.org,
        key="work",
        data={"amber_share": 0.5},
        valid_from=dt.date(2026, 11, 1),
    )
    item = _item(world, customer, dt.date(2026, 11, 12))
    assert item.amber_from == dt.date(2026, 11, 7)


def test_worklist_sorted_by_priority_then_deadline(world, customer, travel):
    travel("2026-11-02 09:00")
    late = _item(world, customer, dt.date(2026, 11, 20), priority=1, title="Leistung")
    early = _item(world, customer, dt.date(2026, 11, 4), priority=2, title="Integration")
    earlier = _item(world, customer, dt.date(2026, 11, 3), priority=2, title="Integration 2")
    ids = [i.id for i in worklist_for_user(scope_for(world.worker, world.org))]
    assert ids == [late.id, earlier.id, early.id]


def test_team_worklist_and_light_counts(world, customer, travel):
    travel("2026-11-02 09:00")
    _item(world, customer, dt.date(2026, 11, 20))
    _item(world, customer, dt.date(2026, 11, 3), assignee=world.worker2)
    travel("2026-11-04 09:00")
    items = worklist_for_team(scope_for(world.tl, world.org), world.team)
    assert light_counts(items) == {"green": 1, "amber": 0, "red": 1}


def test_new_item_notifies_assignee_and_audits(
    world, customer, travel, django_capture_on_commit_callbacks
):
    """FND-10/FND-11: the creation is audited; the assignee is notified and e-mailed after commit."""
    travel("2026-11-02 09:00")
    with django_capture_on_commit_callbacks(execute=True):
        item = _item(world, customer, dt.date(2026, 11, 9))
    assert AuditEntry.objects.filter(action="work.created", object_id=str(item.id)).exists()
    notification = Notification.objects.get(user=world.worker, item=item)
    assert notification.kind == "item_assigned"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.worker.email]
    assert "Anliegen" in mail.outbox[0].subject


def test_deadline_before_receipt_is_rejected(world, customer, travel):
    travel("2026-11-02 09:00")
    before = WorkItem.objects.count()
    with pytest.raises(InvalidInput):
        _item(world, customer, dt.date(2026, 10, 30))
    assert WorkItem.objects.count() == before
