"""TKT-03/TKT-08: done means done (resolution required); the TL is notified; history written;
two people completing at once: exactly one succeeds."""

import datetime as dt
import threading

import pytest
from django.db import connections

from anliegen.core.errors import Conflict, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import complete_ticket
from anliegen.tickets.models import Completion, Ticket, Violation


@pytest.fixture
def ticket(new_ticket, travel):
    travel("2026-11-23 09:00")
    return new_ticket(area="benefits")


def test_completion_records_resolution_history_and_notifies_tl(world, ticket, sc_customer):
    completion = complete_ticket(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        resolution="Bescheid erläutert, Kunde zufrieden",
    )
    assert completion.on_time
    ticket.item.refresh_from_db()
    assert ticket.item.status == "done"
    assert HistoryEntry.objects.filter(
        customer=sc_customer, text__contains="Bescheid erläutert"
    ).exists()
    assert world.tl.notifications.filter(kind="item_completed", item=ticket.item).exists()


def test_deputy_lead_is_notified_while_tl_absent(world, ticket):
    from anliegen.org.actions import record_absence

    record_absence(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        person=world.tl,
        start=dt.date(2026, 11, 23),
        end=dt.date(2026, 11, 27),
    )
    complete_ticket(
        actor=world.worker, scope=scope_for(world.worker, world.org), ticket=ticket, resolution="ok"
    )
    assert world.deputy.notifications.filter(kind="item_completed").exists()


def test_late_completion_counts_violation(world, ticket, travel):
    travel("2026-12-01 10:00")
    completion = complete_ticket(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        resolution="erledigt",
    )
    assert not completion.on_time
    assert Violation.objects.filter(ticket=ticket).count() == 1


@pytest.mark.parametrize("resolution", ["", "   "])
def test_blank_resolution_rejected(world, ticket, resolution):
    with pytest.raises(InvalidInput) as exc:
        complete_ticket(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            ticket=ticket,
            resolution=resolution,
        )
    assert "resolution" in exc.value.errors
    ticket.item.refresh_from_db()
    assert ticket.item.status == "open"
    assert not Completion.objects.exists()


def test_completing_completed_ticket_is_a_conflict(world, ticket):
    scope = scope_for(world.worker, world.org)
    complete_ticket(actor=world.worker, scope=scope, ticket=ticket, resolution="ok")
    with pytest.raises(Conflict):
        complete_ticket(actor=world.worker, scope=scope, ticket=ticket, resolution="nochmal")
    assert Completion.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_complete_at_once_exactly_one_succeeds(world, ticket):
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(user):
        try:
            fresh = Ticket.objects.select_related("item").get(id=ticket.id)
            scope = scope_for(user, world.org)
            barrier.wait()
            complete_ticket(
                actor=user, scope=scope, ticket=fresh, resolution=f"erledigt von {user}"
            )
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
    assert Completion.objects.count() == 1
    assert (
        HistoryEntry.objects.filter(kind="ticket", ref_id=ticket.id).count() == 2
    )  # intake + completion
