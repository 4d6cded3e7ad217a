"""Issue 9 (FND-07, FND-08): every item can be finished — a follow-up is completed with a note,
postponed to a date (a non-working day is warned about with the next working day, defect 7),
reprioritised; bulk actions change all selected items or none; the kind registry gives every
kind its page and label; the default order puts overdue items first."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Conflict, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.work import item_actions, kinds
from anliegen.work.actions import add_follow_up
from anliegen.work.models import Kind, Status, WorkItem
from anliegen.work.queries import worklist_for_team, worklist_for_user
from tests.web.helpers import make_item


@pytest.fixture
def red_follow_up(world, customer, travel):  # type: ignore[no-untyped-def]
    """A follow-up set for Tuesday 03.11.2026, looked at on Thursday 05.11.: red."""
    travel("2026-11-02 09:00")
    item = add_follow_up(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        on=dt.date(2026, 11, 3),
        note="Unterlagen anfordern",
        customer=customer,
    )
    travel("2026-11-05 09:00")
    return item


def test_every_kind_is_registered_with_a_page_and_a_german_label(world):  # type: ignore[no-untyped-def]
    """Issue 9: every kind of the core and the first procedures opens somewhere."""
    for code in Kind.values:
        kind = kinds.get(code)
        assert kind is not None, code
        assert str(kind.label)
        assert str(kind.label) != code
    item = WorkItem(id=7, organisation=world.org, kind=Kind.FOLLOW_UP)
    assert kinds.url_for(item, world.org.slug) == f"/o/{world.org.slug}/vorgaenge/7/"
    assert item.get_kind_display() == "Wiedervorlage"
    assert WorkItem._meta.get_field("kind").choices is None  # new kinds need no core change


def test_a_default_kind_is_replaced_by_a_procedure_but_a_real_one_is_not():  # type: ignore[no-untyped-def]
    """Issue 9: the core's default page for processing orders and callbacks gives way to the
    procedure that registers them later; registering another kind twice is an error."""
    code = "test_default_kind"
    default = kinds.WorkKind(code=code, label="x", url=lambda item, org: "/a/")
    own = kinds.WorkKind(code=code, label="y", url=lambda item, org: "/b/")
    try:
        kinds.register_default(default)
        kinds.register(own)
        assert kinds.get(code) is own
        with pytest.raises(ValueError, match="already registered"):
            kinds.register(kinds.WorkKind(code=code, label="z", url=lambda item, org: "/c/"))
    finally:
        kinds._KINDS.pop(code, None)
        kinds._DEFAULTS.discard(code)


def test_completing_a_red_follow_up_removes_it_from_the_worklist(world, red_follow_up):  # type: ignore[no-untyped-def]
    """Issue 9: today a red follow-up stays red forever; completing it with a note ends it."""
    scope = scope_for(world.worker, world.org)
    (listed,) = worklist_for_user(scope)
    assert listed.light == "red"  # type: ignore[attr-defined]
    done = item_actions.finish_item(
        actor=world.worker, scope=scope, item=red_follow_up, note="Unterlagen liegen vor."
    )
    assert done.status == Status.DONE
    assert list(worklist_for_user(scope)) == []
    audit = AuditEntry.objects.get(action="work.completed", object_id=str(red_follow_up.id))
    assert audit.new["note"] == "Unterlagen liegen vor."
    assert HistoryEntry.objects.filter(
        customer=red_follow_up.customer, text__contains="Unterlagen liegen vor."
    ).exists()
    with pytest.raises(Conflict):
        item_actions.finish_item(actor=world.worker, scope=scope, item=red_follow_up, note="x")


def test_completing_needs_a_note_and_changes_nothing_without_one(world, red_follow_up):  # type: ignore[no-untyped-def]
    scope = scope_for(world.worker, world.org)
    with pytest.raises(InvalidInput) as caught:
        item_actions.finish_item(actor=world.worker, scope=scope, item=red_follow_up, note="  ")
    assert caught.value.errors == {"note": "Bitte notieren Sie, was erledigt wurde."}
    red_follow_up.refresh_from_db()
    assert red_follow_up.status == Status.OPEN


def test_a_ticket_is_finished_on_its_own_page_not_generically(world, travel):  # type: ignore[no-untyped-def]
    """TKT-03: a ticket needs its resolution; the generic completion refuses it."""
    travel("2026-11-02 09:00")
    ticket = make_item(world, assignee=world.worker, kind="ticket")
    with pytest.raises(InvalidInput, match="Ticket"):
        item_actions.finish_item(
            actor=world.worker, scope=scope_for(world.worker, world.org), item=ticket, note="x"
        )


def test_postponing_moves_the_follow_up_out_of_the_worklist_until_its_day(world, red_follow_up):  # type: ignore[no-untyped-def]
    scope = scope_for(world.worker, world.org)
    moved = item_actions.postpone_follow_up(
        actor=world.worker, scope=scope, item=red_follow_up, on=dt.date(2026, 11, 12), note="Urlaub"
    )
    assert moved.due_date == moved.visible_from == dt.date(2026, 11, 12)
    assert moved.deadlines.get().due_date == dt.date(2026, 11, 12)
    assert list(worklist_for_user(scope)) == []
    assert AuditEntry.objects.filter(action="work.postponed").count() == 1


def test_a_follow_up_on_a_saturday_is_warned_about_with_the_next_working_day(  # type: ignore[no-untyped-def]
    world, customer, travel
):
    """Defect 7: a follow-up on a Saturday was accepted silently."""
    travel("2026-11-02 09:00")
    scope = scope_for(world.worker, world.org)
    with pytest.raises(InvalidInput) as caught:
        add_follow_up(
            actor=world.worker,
            scope=scope,
            on=dt.date(2026, 11, 7),
            note="Rückruf",
            customer=customer,
        )
    assert "07.11.2026 ist kein Arbeitstag (Samstag)" in caught.value.message
    assert "Montag, 09.11.2026" in caught.value.message
    assert "on" in caught.value.errors
    assert not WorkItem.objects.filter(kind=Kind.FOLLOW_UP).exists()
    confirmed = add_follow_up(
        actor=world.worker,
        scope=scope,
        on=dt.date(2026, 11, 7),
        note="Rückruf",
        customer=customer,
        allow_non_working_day=True,
    )
    assert confirmed.due_date == dt.date(2026, 11, 7)


def test_postponing_to_a_holiday_is_warned_about(world, red_follow_up):  # type: ignore[no-untyped-def]
    """Defect 7: 25.12.2026 is a holiday in Berlin; the next working day is 28.12."""
    with pytest.raises(InvalidInput, match=r"Erster Weihnachtstag.*28\.12\.2026"):
        item_actions.postpone_follow_up(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            item=red_follow_up,
            on=dt.date(2026, 12, 25),
        )


def test_bulk_completion_is_all_or_nothing_with_reasons_per_item(world, travel):  # type: ignore[no-untyped-def]
    """Issue 9: partial failures are reported per item; nothing is half-done."""
    travel("2026-11-02 09:00")
    follow_up = make_item(world, assignee=world.worker, kind="follow_up", title="WV")
    # A kind with the generic actions (the service centre registers its own processing orders).
    order = make_item(world, assignee=world.worker, kind="callback", title="RR")
    ticket = make_item(world, assignee=world.worker, kind="ticket", title="Ticket")
    scope = scope_for(world.worker, world.org)
    with pytest.raises(item_actions.BulkRejected) as caught:
        item_actions.bulk_complete(
            actor=world.worker, scope=scope, items=[follow_up, order, ticket], note="erledigt"
        )
    assert [r.item.id for r in caught.value.refusals] == [ticket.id]
    assert "Nichts wurde geändert" in caught.value.message
    assert WorkItem.objects.filter(status=Status.OPEN).count() == 3
    assert not AuditEntry.objects.filter(action="work.completed").exists()
    done = item_actions.bulk_complete(
        actor=world.worker, scope=scope, items=[follow_up, order], note="erledigt"
    )
    assert {i.status for i in done} == {Status.DONE}


def test_bulk_priority_and_reassign(world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-02 09:00")
    a = make_item(world, assignee=world.worker, kind="follow_up")
    b = make_item(world, assignee=world.worker, kind="callback")
    lead = scope_for(world.tl, world.org)
    item_actions.bulk_priority(actor=world.tl, scope=lead, items=[a, b], priority=1)
    assert set(WorkItem.objects.values_list("priority", flat=True)) == {1}
    with pytest.raises(InvalidInput, match="zwischen 1 und 9"):
        item_actions.bulk_priority(actor=world.tl, scope=lead, items=[a], priority=12)
    worker = scope_for(world.worker, world.org)
    with pytest.raises(item_actions.BulkRejected):
        item_actions.bulk_reassign(actor=world.worker, scope=worker, items=[a], assignee=world.tl)
    item_actions.bulk_reassign(actor=world.tl, scope=lead, items=[a, b], assignee=world.worker2)
    assert set(WorkItem.objects.values_list("assignee_id", flat=True)) == {world.worker2.id}
    assert world.worker2.notifications.filter(kind="item_assigned").count() == 1


def test_default_order_is_red_then_amber_then_green_then_priority(world, travel):  # type: ignore[no-untyped-def]
    """Issue 9, FND-07: a red follow-up (priority 5) comes before five green priority-1 items;
    Leistung tickets keep their priority within each band."""
    travel("2026-11-23 09:00")
    greens = [make_item(world, assignee=world.worker, priority=1) for _ in range(5)]
    red = make_item(world, assignee=world.worker, light="red", kind="follow_up", priority=5)
    amber_low = make_item(world, assignee=world.worker, light="amber", priority=3)
    amber_high = make_item(world, assignee=world.worker, light="amber", priority=1)
    order = [i.id for i in worklist_for_user(scope_for(world.worker, world.org))]
    assert order == [red.id, amber_high.id, amber_low.id, *[g.id for g in greens]]
    team_order = [i.id for i in worklist_for_team(scope_for(world.tl, world.org), world.team)]
    assert team_order[:3] == [red.id, amber_high.id, amber_low.id]
