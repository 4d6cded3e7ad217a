"""TKT-06 (callback and appointment wishes) and TKT-07 (walk-ins)."""

import datetime as dt

import pytest

from anliegen.core.errors import InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import create_ticket, record_appointment, record_callback
from anliegen.work.queries import worklist_for_user
from tests.tickets.conftest import at


def test_callback_is_recorded_in_ticket_and_history(world, new_ticket, travel):
    travel("2026-11-23 09:00")
    ticket = new_ticket(kind="callback")
    record_callback(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        note="Kunde erreicht, Unterlagen nachgereicht",
    )
    ticket.refresh_from_db()
    assert ticket.callback_at is not None
    assert HistoryEntry.objects.filter(kind="callback").count() == 1


def test_appointment_wish_tracks_customer_information_within_5_working_days(
    world, new_ticket, travel
):
    travel("2026-12-23 09:00")
    ticket = new_ticket(kind="appointment", area="integration")
    assert ticket.customer_informed_due == dt.date(2026, 12, 31)  # BE: 25./26.12. holidays
    record_appointment(
        actor=world.tl_integration,
        scope=scope_for(world.tl_integration, world.org),
        ticket=ticket,
        appointment_at=at("2027-01-07 10:30"),
        place="Raum 2.14",
    )
    ticket.refresh_from_db()
    assert ticket.appointment_place == "Raum 2.14"
    assert ticket.customer_informed_at is not None
    assert "07.01.2027 10:30" in HistoryEntry.objects.get(kind="letter").text


def test_appointment_in_the_past_rejected(world, new_ticket, travel):
    travel("2026-12-23 09:00")
    ticket = new_ticket(kind="appointment")
    with pytest.raises(InvalidInput):
        record_appointment(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            ticket=ticket,
            appointment_at=at("2026-12-01 10:00"),
            place="Raum 1",
        )
    ticket.refresh_from_db()
    assert ticket.appointment_at is None


def test_walk_in_goes_to_the_team_lead_the_same_day(world, sc_customer, travel):
    travel("2026-11-23 11:00")
    ticket, _ = create_ticket(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        area="benefits",
        customer_number=sc_customer.customer_number,
        kind="walk_in",
        concern="Vorsprache: Weiterbewilligungsantrag abgegeben",
    )
    assert ticket.item.assignee == world.tl
    assert ticket.item.team == world.team
    assert [i.id for i in worklist_for_user(scope_for(world.tl, world.org))] == [ticket.item.id]
    notification = world.tl.notifications.get(item=ticket.item)
    assert notification.created_at.date() == dt.date(2026, 11, 23)
