"""TKT-05/FND-07: the team lead reassigns one or many items."""

import datetime as dt

import pytest

from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.scope import scope_for
from anliegen.work.actions import DeadlineSpec, create_item, reassign_items
from anliegen.work.models import WorkItem


@pytest.fixture
def items(world, customer, travel):
    travel("2026-11-02 09:00")
    return [
        create_item(
            actor=world.tl,
            organisation=world.org,
            kind="ticket",
            title=f"Ticket {n}",
            customer=customer,
            team=world.team,
            assignee=world.worker,
            deadlines=[DeadlineSpec("main", dt.date(2026, 11, 9))],
        )
        for n in range(3)
    ]


def test_lead_reassigns_many(world, items):
    reassign_items(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        items=items[:2],
        assignee=world.worker2,
    )
    assert WorkItem.objects.filter(assignee=world.worker2).count() == 2
    assert world.worker2.notifications.filter(kind="item_assigned").exists()


def test_worker_may_not_reassign(world, items):
    with pytest.raises(Forbidden):
        reassign_items(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            items=items,
            assignee=world.worker2,
        )
    assert WorkItem.objects.filter(assignee=world.worker).count() == 3


def test_reassign_to_other_organisation_rejected(world, other, items):
    with pytest.raises(InvalidInput):
        reassign_items(
            actor=world.tl, scope=scope_for(world.tl, world.org), items=items, assignee=other.worker
        )
    assert WorkItem.objects.filter(assignee=world.worker).count() == 3
