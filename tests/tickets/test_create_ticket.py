"""TKT-01/TKT-02: intake, routing, deadlines (5 / 2 working days), Leistung first."""

import datetime as dt

import pytest

from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import create_ticket
from anliegen.tickets.models import Ticket
from anliegen.work.models import WorkItem
from anliegen.work.queries import worklist_for_user
from tests.factories import make_customer
from tests.tickets.conftest import at


@pytest.mark.parametrize(
    ("state", "received", "area", "due"),
    [
        # Berlin: Frauentag 8 March 2027 is a holiday in BE only.
        ("BE", "2027-03-05 10:00", "integration", dt.date(2027, 3, 10)),
        ("BB", "2027-03-05 10:00", "integration", dt.date(2027, 3, 9)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        ("BB", "2027-03-25 10:00", "benefits", dt.date(2027, 4, 5)),
        # Christmas: 24.12. is a working day unless closed; 25./26.12. holidays.
        ("BB", "2026-12-23 10:00", "benefits", dt.date(2026, 12, 31)),
        ("BE", "2026-11-21 10:00", "benefits", dt.date(2026, 11, 27)),
    ],
)
def test_deadline_in_working_days_across_holidays(world, agent, state, received, area, due, travel):
    """TKT-02: Leistung 5 working days, Integration 2, counted from the day after receipt."""
    world.site.state = state
    world.site.save()
    travel("2027-06-01 09:00")
    customer = make_customer(world)
    ticket, created = create_ticket(
        actor=agent,
        scope=scope_for(agent, world.org),
        area=area,
        customer_number=customer.customer_number,
        concern="Anliegen",
        received_at=at(received),
    )
    assert created
    assert ticket.item.due_date == due
    assert ticket.rule_due_date == due


def test_goes_to_customers_case_worker_in_that_area(world, new_ticket, travel):
    travel("2026-11-23 09:00")
    ticket = new_ticket(area="benefits")
    assert ticket.item.assignee == world.worker
    assert ticket.item.team == world.team
    assert [i.id for i in worklist_for_user(scope_for(world.worker, world.org))] == [ticket.item.id]


def test_without_case_worker_in_area_goes_to_team_inbox_and_tl_is_notified(
    world, new_ticket, travel
):
    travel("2026-11-23 09:00")
    ticket = new_ticket(area="integration")
    assert ticket.item.assignee is None
    assert ticket.item.team == world.team_integration
    assert world.tl_integration.notifications.filter(item=ticket.item).exists()


def test_benefits_before_integration_in_worklist(world, new_ticket, travel):
    """TKT-02: Leistung tickets have first priority in every worklist."""
    travel("2026-11-23 09:00")
    from anliegen.org.models import Membership

    Membership.objects.create(
        user=world.worker,
        organisation=world.org,
        team=world.team_integration,
        role="placement_officer",
    )
    integration = new_ticket(area="integration")
    benefits = new_ticket(area="benefits")
    assert integration.item.due_date < benefits.item.due_date
    ids = [i.id for i in worklist_for_user(scope_for(world.worker, world.org))]
    assert ids == [benefits.item.id, integration.item.id]


def test_history_entry_written(world, new_ticket, sc_customer):
    ticket = new_ticket()
    entry = HistoryEntry.objects.get(customer=sc_customer, kind="ticket")
    assert entry.ref_id == ticket.id
    assert "Frage zum Bewilligungsbescheid" in entry.text


def test_idempotency_key_returns_the_same_ticket(world, agent, sc_customer):
    scope = scope_for(agent, world.org)
    args = {
        "actor": agent,
        "scope": scope,
        "area": "benefits",
        "customer_number": sc_customer.customer_number,
        "concern": "x",
        "idempotency_key": "sc-4711",
    }
    first, created_first = create_ticket(**args)
    second, created_second = create_ticket(**args)
    assert (created_first, created_second) == (True, False)
    assert first.id == second.id
    assert Ticket.objects.count() == 1
    assert WorkItem.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"area": "kasse"}, "area"),
        ({"kind": "fax"}, "kind"),
        ({"concern": "   "}, "concern"),
        ({"customer_number": "GIBTSNICHT"}, "customer_number"),
        ({"received_at": at("2030-01-01 10:00")}, "received_at"),
    ],
)
def test_bad_input_changes_nothing(world, agent, sc_customer, overrides, field):
    args = {
        "actor": agent,
        "scope": scope_for(agent, world.org),
        "area": "benefits",
        "customer_number": sc_customer.customer_number,
        "concern": "Anliegen",
    }
    args.update(overrides)
    with pytest.raises(InvalidInput) as exc:
        create_ticket(**args)
    assert field in exc.value.errors
    assert not Ticket.objects.exists()
    assert not WorkItem.objects.exists()
    assert not HistoryEntry.objects.exists()


def test_customer_of_other_org_is_unknown(world, other, agent):
    foreign = make_customer(other)
    with pytest.raises(InvalidInput):
        create_ticket(
            actor=agent,
            scope=scope_for(agent, world.org),
            area="benefits",
            customer_number=foreign.customer_number,
            concern="x",
        )


def test_provider_may_not_create(world, sc_customer):
    with pytest.raises(Forbidden):
        create_ticket(
            actor=world.provider,
            scope=scope_for(world.provider, world.org),
            area="benefits",
            customer_number=sc_customer.customer_number,
            concern="x",
        )


def test_sc_agent_follows_the_tickets_they_sent_but_cannot_act(world, agent, new_ticket):
    """TKT-01: the agent sees the ticket they recorded; handling it stays with the case worker."""
    from anliegen.core.errors import Forbidden as _Forbidden
    from anliegen.tickets.actions import complete_ticket
    from anliegen.tickets.queries import get_ticket_for

    ticket = new_ticket()
    scope = scope_for(agent, world.org)
    assert get_ticket_for(scope, ticket.id) == ticket
    with pytest.raises(_Forbidden):
        complete_ticket(actor=agent, scope=scope, ticket=ticket, resolution="x")
