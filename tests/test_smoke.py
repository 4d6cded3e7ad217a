"""The foundation's models fit together (FND-01, FND-07)."""

from anliegen.org.scope import scope_for
from anliegen.work.actions import DeadlineSpec, create_item
from anliegen.work.queries import worklist_for_user


def test_item_in_worklist_of_assignee(world, customer, travel):
    travel("2026-11-23 09:00")
    import datetime as dt

    item = create_item(
        actor=world.tl,
        organisation=world.org,
        kind="ticket",
        title="Rückfrage Bescheid",
        customer=customer,
        team=world.team,
        assignee=world.worker,
        deadlines=[DeadlineSpec("main", dt.date(2026, 11, 30))],
    )
    items = list(worklist_for_user(scope_for(world.worker, world.org)))
    assert [i.id for i in items] == [item.id]
    assert items[0].light == "green"
    assert list(worklist_for_user(scope_for(world.worker2, world.org))) == []
