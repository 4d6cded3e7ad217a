"""TKT-04: a dated commitment becomes the deadline; after the deadline it still counts the
violation; the worklist warns (amber) before the deadline."""

import datetime as dt

import pytest

from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import complete_ticket, record_commitment
from anliegen.tickets.controlling import detect_violations
from anliegen.tickets.models import Commitment, Violation
from anliegen.work.queries import worklist_for_user


@pytest.fixture
def ticket(new_ticket, travel):
    travel("2026-11-23 09:00")  # Monday; Leistung due Monday 30 November
    return new_ticket(area="benefits")


def _commit(world, ticket, promised, note="Bescheid kommt bis dahin"):
    return record_commitment(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        promised_date=promised,
        note=note,
    )


def test_worklist_turns_amber_before_the_deadline(world, ticket, travel):
    assert ticket.item.due_date == dt.date(2026, 11, 30)
    travel("2026-11-26 09:00")
    assert worklist_for_user(scope_for(world.worker, world.org)).get().light == "green"
    travel("2026-11-29 09:00")
    assert worklist_for_user(scope_for(world.worker, world.org)).get().light == "amber"


def test_commitment_date_becomes_deadline_without_violation(world, ticket, travel):
    travel("2026-11-27 10:00")
    commitment = _commit(world, ticket, dt.date(2026, 12, 4))
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == dt.date(2026, 12, 4)
    assert not commitment.late
    travel("2026-12-02 10:00")
    assert detect_violations() == 0
    assert HistoryEntry.objects.filter(kind="commitment").count() == 1


def test_commitment_after_the_deadline_still_counts_the_violation(world, ticket, travel):
    travel("2026-12-01 10:00")
    commitment = _commit(world, ticket, dt.date(2026, 12, 4))
    assert commitment.late
    assert (
        Violation.objects.filter(
            ticket=ticket, due_date=dt.date(2026, 11, 30), user=world.worker
        ).count()
        == 1
    )
    assert detect_violations() == 0  # counted once


def test_missed_deadline_without_commitment_is_a_violation(world, ticket, travel):
    travel("2026-12-01 06:00")
    assert detect_violations() == 1
    assert detect_violations() == 0


def test_missing_the_promised_date_is_another_violation(world, ticket, travel):
    travel("2026-11-27 10:00")
    _commit(world, ticket, dt.date(2026, 12, 2))
    travel("2026-12-03 06:00")
    assert detect_violations() == 1
    assert Violation.objects.get().due_date == dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("promised", "note", "field"),
    [(dt.date(2026, 11, 20), "x", "promised_date"), (dt.date(2026, 12, 4), "  ", "note")],
)
def test_bad_commitment_changes_nothing(world, ticket, promised, note, field):
    with pytest.raises(InvalidInput) as exc:
        _commit(world, ticket, promised, note)
    assert field in exc.value.errors
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == dt.date(2026, 11, 30)
    assert not Commitment.objects.exists()


def test_commitment_on_completed_ticket_is_rejected(world, ticket):
    complete_ticket(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        resolution="erledigt",
    )
    with pytest.raises(Conflict):
        _commit(world, ticket, dt.date(2026, 12, 4))


def test_colleague_may_not_commit(world, ticket):
    with pytest.raises(Forbidden):
        record_commitment(
            actor=world.worker2,
            scope=scope_for(world.worker2, world.org),
            ticket=ticket,
            promised_date=dt.date(2026, 12, 4),
            note="x",
        )
