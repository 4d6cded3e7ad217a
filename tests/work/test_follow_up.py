"""FND-08: a follow-up on a customer or item appears in the owner's worklist on its date."""

import datetime as dt

import pytest

from anliegen.core.errors import InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.work.actions import add_follow_up
from anliegen.work.models import WorkItem
from anliegen.work.periodic import notify_light_changes
from anliegen.work.queries import worklist_for_user


def test_follow_up_appears_on_its_date(world, customer, travel):
    travel("2026-11-02 09:00")
    scope = scope_for(world.worker, world.org)
    follow_up = add_follow_up(
        actor=world.worker,
        scope=scope,
        on=dt.date(2026, 11, 10),
        note="Unterlagen prüfen",
        customer=customer,
    )
    assert list(worklist_for_user(scope)) == []
    travel("2026-11-10 08:00")
    items = list(worklist_for_user(scope_for(world.worker, world.org)))
    assert [i.id for i in items] == [follow_up.id]
    assert items[0].light == "amber"  # type: ignore[attr-defined]
    assert HistoryEntry.objects.filter(customer=customer, kind="follow_up").exists()


def test_follow_up_due_is_notified_once(world, customer, travel):
    travel("2026-11-02 09:00")
    add_follow_up(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        on=dt.date(2026, 11, 3),
        note="Rückruf",
        customer=customer,
    )
    travel("2026-11-03 07:00")
    assert notify_light_changes()["follow_up"] == 1
    assert notify_light_changes()["follow_up"] == 0
    assert world.worker.notifications.filter(kind="follow_up_due").count() == 1


@pytest.mark.parametrize(
    ("on", "note", "field"),
    [(dt.date(2026, 11, 1), "x", "on"), (dt.date(2026, 11, 5), "   ", "note")],
)
def test_bad_follow_up_rejected(world, customer, travel, on, note, field):
    travel("2026-11-02 09:00")
    with pytest.raises(InvalidInput) as exc:
        add_follow_up(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            on=on,
            note=note,
            customer=customer,
        )
    assert field in exc.value.errors
    assert not WorkItem.objects.exists()


def test_future_follow_up_for_someone_else_is_announced_on_its_day_only(world, customer, travel):
    """FND-11: a follow-up set for a colleague notifies them when it enters their worklist."""
    travel("2026-11-02 09:00")
    add_follow_up(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        on=dt.date(2026, 11, 10),
        note="Nachweise anfordern",
        customer=customer,
        assignee=world.worker,
    )
    assert not world.worker.notifications.exists()
    travel("2026-11-10 07:00")
    notify_light_changes()
    assert list(world.worker.notifications.values_list("kind", flat=True)) == ["follow_up_due"]
