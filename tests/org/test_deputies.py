"""FND-03: while someone is absent, their open items appear in the deputy's worklist and the
deputy may act on them; nothing is lost when the absence ends."""

import datetime as dt

import pytest

from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.actions import record_absence, set_standing_deputy
from anliegen.org.models import Absence
from anliegen.org.scope import deputy_of, scope_for, team_lead_of
from anliegen.work.actions import DeadlineSpec, complete_item, create_item
from anliegen.work.queries import worklist_for_user


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


def _absent(world, person, start, end, deputy=None):
    return record_absence(
        actor=person,
        scope=scope_for(person, world.org),
        person=person,
        start=start,
        end=end,
        deputy=deputy,
    )


def test_absent_persons_items_appear_for_the_deputy(world, item, travel):
    _absent(world, world.worker, dt.date(2026, 11, 3), dt.date(2026, 11, 6), deputy=world.worker2)
    deputy_scope = scope_for(world.worker2, world.org)
    assert list(worklist_for_user(deputy_scope, today=dt.date(2026, 11, 2))) == []
    travel("2026-11-04 09:00")
    assert [i.id for i in worklist_for_user(scope_for(world.worker2, world.org))] == [item.id]
    complete_item(actor=world.worker2, scope=scope_for(world.worker2, world.org), item=item)


def test_nothing_is_lost_when_the_absence_ends(world, item, travel):
    _absent(world, world.worker, dt.date(2026, 11, 3), dt.date(2026, 11, 4), deputy=world.worker2)
    travel("2026-11-05 09:00")
    assert list(worklist_for_user(scope_for(world.worker2, world.org))) == []
    assert [i.id for i in worklist_for_user(scope_for(world.worker, world.org))] == [item.id]


def test_standing_deputy_used_when_absence_names_none(world, travel):
    travel("2026-11-02 09:00")
    set_standing_deputy(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        person=world.worker,
        deputy=world.worker2,
    )
    _absent(world, world.worker, dt.date(2026, 11, 2), dt.date(2026, 11, 3))
    assert deputy_of(world.worker, world.org) == world.worker2


def test_team_leads_deputy_is_the_deputy_lead(world, travel):
    travel("2026-11-02 09:00")
    assert team_lead_of(world.team) == world.tl
    _absent(world, world.tl, dt.date(2026, 11, 2), dt.date(2026, 11, 20))
    assert deputy_of(world.tl, world.org) == world.deputy
    assert team_lead_of(world.team) == world.deputy


def test_deputy_without_absence_may_not_act(world, item):
    with pytest.raises(Forbidden):
        complete_item(actor=world.worker2, scope=scope_for(world.worker2, world.org), item=item)


@pytest.mark.parametrize(
    ("start", "end", "deputy_name", "field"),
    [
        (dt.date(2026, 11, 10), dt.date(2026, 11, 9), None, "end"),
        (dt.date(2026, 11, 10), dt.date(2027, 12, 9), None, "end"),
        (dt.date(2026, 11, 10), dt.date(2026, 11, 12), "worker", "deputy"),
        (dt.date(2026, 11, 10), dt.date(2026, 11, 12), "other_worker", "deputy"),
    ],
)
def test_bad_absences_are_rejected_and_change_nothing(
    world, other, travel, start, end, deputy_name, field
):
    travel("2026-11-02 09:00")
    deputy = (
        (world.users.get(deputy_name) or other.users.get(deputy_name.removeprefix("other_")))
        if deputy_name
        else None
    )
    with pytest.raises(InvalidInput) as exc:
        _absent(world, world.worker, start, end, deputy=deputy)
    assert field in exc.value.errors
    assert not Absence.objects.exists()


def test_overlapping_absence_rejected(world, travel):
    travel("2026-11-02 09:00")
    _absent(world, world.worker, dt.date(2026, 11, 10), dt.date(2026, 11, 12))
    with pytest.raises(InvalidInput):
        _absent(world, world.worker, dt.date(2026, 11, 12), dt.date(2026, 11, 14))
    assert Absence.objects.count() == 1


def test_colleague_may_not_record_someone_elses_absence(world):
    with pytest.raises(Forbidden):
        record_absence(
            actor=world.worker2,
            scope=scope_for(world.worker2, world.org),
            person=world.worker,
            start=dt.date(2026, 11, 10),
            end=dt.date(2026, 11, 12),
        )


def test_team_lead_records_absence_of_member(world):
    record_absence(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        person=world.worker,
        start=dt.date(2026, 11, 10),
        end=dt.date(2026, 11, 12),
        deputy=world.worker2,
    )
