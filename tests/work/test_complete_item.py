"""FND-07/NFR-03: completing an item; of two people completing it at once, exactly one succeeds."""

import datetime as dt
import threading

import pytest
from django.db import connections

from anliegen.core.errors import Conflict, Forbidden
from anliegen.org.scope import scope_for
from anliegen.work.actions import DeadlineSpec, complete_item, create_item
from anliegen.work.models import WorkItem


@pytest.fixture
def item(world, customer, travel):
    travel("2026-11-02 09:00")
    return create_item(
        actor=world.tl,
        organisation=world.org,
        kind="ticket",
        title="Rückfrage",
        customer=customer,
        team=world.team,
        assignee=world.worker,
        deadlines=[DeadlineSpec("main", dt.date(2026, 11, 9))],
    )


def test_assignee_completes(world, item):
    done = complete_item(actor=world.worker, scope=scope_for(world.worker, world.org), item=item)
    assert done.status == "done"
    assert done.completed_by == world.worker
    assert done.deadlines.get().met_at is not None


def test_completing_twice_is_a_conflict(world, item):
    scope = scope_for(world.worker, world.org)
    complete_item(actor=world.worker, scope=scope, item=item)
    with pytest.raises(Conflict):
        complete_item(actor=world.worker, scope=scope, item=item)


def test_colleague_without_responsibility_may_not_complete(world, item):
    with pytest.raises(Forbidden):
        complete_item(actor=world.worker2, scope=scope_for(world.worker2, world.org), item=item)
    item.refresh_from_db()
    assert item.status == "open"


def test_team_lead_may_complete(world, item):
    complete_item(actor=world.tl, scope=scope_for(world.tl, world.org), item=item)


@pytest.mark.django_db(transaction=True)
def test_two_people_complete_at_once_exactly_one_succeeds(world, item):
    """NFR-03: concurrent completions never double. Real threads, real database connections."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(user):
        try:
            scope = scope_for(user, world.org)
            fresh = WorkItem.objects.get(id=item.id)
            barrier.wait()
            complete_item(actor=user, scope=scope, item=fresh)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (world.worker, world.tl)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert WorkItem.objects.get(id=item.id).status == "done"
