"""TKT-01, TKT-06, TKT-07: recording tickets in the web UI — the service centre's intake form
and the case workers' walk-in form."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from anliegen.tickets.models import Ticket
from anliegen.work.models import WorkItem
from tests.web.helpers import heading, html


@pytest.fixture
def url(world):
    return f"/o/{world.org.slug}/tickets/neu/"


@pytest.fixture
def walk_in_url(world):
    return f"/o/{world.org.slug}/tickets/vorsprache/"


def _post(client, url, **data):
    return client.post(url, data, follow=True)


def test_intake_form_is_german(client, agent, url):
    """TKT-01: the SC agent's form asks for area, customer number, kind and concern."""
    client.force_login(agent)
    response = client.get(url)
    assert response.status_code == 200
    page = html(response)
    assert heading(response) == "Neues Ticket"
    for label in ("Bereich", "Kundennummer", "Art des Tickets", "Anliegen"):
        assert label in page
    for choice in ("Leistung", "Integration", "Rückrufwunsch", "Terminwunsch"):
        assert choice in page
    form = page.split("<main", 1)[1]  # the navigation may link other procedures' pages
    assert "Vorsprache" not in form  # walk-ins have their own form


def test_agent_creates_a_ticket_and_sees_the_due_date(
    client, world, agent, sc_customer, url, travel
):
    """TKT-01/TKT-02: Monday 23.11.2026 + 5 working days → Monday 30.11.2026, for the contact
    person. The agent cannot open the ticket afterwards, so the form comes back empty."""
    travel("2026-11-23 09:00")
    client.force_login(agent)
    response = _post(
        client,
        url,
        area="benefits",
        customer_number=sc_customer.customer_number,
        kind="concern",
        concern="Frage zum Bewilligungsbescheid",
    )
    ticket = Ticket.objects.get()
    assert ticket.item.assignee == world.worker
    assert ticket.item.due_date == dt.date(2026, 11, 30)
    assert ticket.created_by == agent
    assert ticket.source == "ui"
    assert response.redirect_chain[-1][0] == f"/o/jc-test/tickets/{ticket.id}/"
    assert f"Ticket {ticket.id} für Erika Mustermann wurde erfasst." in html(response)
    assert "Fällig am Montag, 30.11.2026." in html(response)


def test_staff_member_goes_to_the_new_ticket(client, world, sc_customer, url, travel):
    """A case worker who records a ticket for their own customer lands on the ticket page."""
    travel("2026-11-23 09:00")
    client.force_login(world.worker)
    response = _post(
        client,
        url,
        area="benefits",
        customer_number=sc_customer.customer_number,
        kind="callback",
        concern="Bitte um Rückruf",
    )
    ticket = Ticket.objects.get()
    assert ticket.kind == "callback"
    assert ticket.item.assignee == world.worker
    assert response.redirect_chain[-1][0] == f"/o/{world.org.slug}/tickets/{ticket.id}/"
    assert "Fällig am Montag, 30.11.2026." in html(response)
    assert heading(response) == f"Ticket {ticket.id}: Erika Mustermann"


def test_integration_ticket_goes_to_the_team_inbox(client, world, agent, sc_customer, url, travel):
    """TKT-02: Integration, 2 working days; without a contact person there → the team inbox."""
    travel("2026-11-23 09:00")
    client.force_login(agent)
    _post(
        client,
        url,
        area="integration",
        customer_number=sc_customer.customer_number,
        kind="concern",
        concern="Frage zur Maßnahme",
    )
    ticket = Ticket.objects.get()
    assert ticket.item.due_date == dt.date(2026, 11, 25)
    assert ticket.item.team == world.team_integration
    assert ticket.item.assignee is None


def test_unknown_customer_number_is_a_clear_german_error(client, agent, url):
    """NFR-04: an unknown number is named next to the field; nothing is recorded."""
    client.force_login(agent)
    response = client.post(
        url, {"area": "benefits", "customer_number": "K0000", "kind": "concern", "concern": "x"}
    )
    assert response.status_code == 200
    page = html(response)
    assert "Bitte korrigieren Sie die markierten Angaben." in page
    assert 'id="id_customer_number-error"' in page
    assert "Unbekannte Kundennummer." in page
    assert 'value="K0000"' in page  # the input is kept
    assert not Ticket.objects.exists()
    assert not WorkItem.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("concern", "   ", "Dieses Feld ist zwingend erforderlich."),
        ("concern", "x" * 10001, "höchstens 10000 Zeichen"),
        ("customer_number", "", "Dieses Feld ist zwingend erforderlich."),
        ("area", "jobcenter", "Bitte eine gültige Auswahl treffen."),
        ("kind", "walk_in", "Bitte eine gültige Auswahl treffen."),
    ],
)
def test_bad_input_is_rejected_in_german(client, agent, sc_customer, url, field, value, message):
    client.force_login(agent)
    data = {
        "area": "benefits",
        "customer_number": sc_customer.customer_number,
        "kind": "concern",
        "concern": "Frage",
        field: value,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in html(response)
    assert f'id="id_{field}-error"' in html(response)
    assert not Ticket.objects.exists()


def test_appointment_wish_via_the_form(client, agent, sc_customer, url, travel):
    """TKT-06: the appointment wish carries the date by which the customer is to be informed."""
    travel("2026-11-23 09:00")
    client.force_login(agent)
    _post(
        client,
        url,
        area="benefits",
        customer_number=sc_customer.customer_number,
        kind="appointment",
        concern="Möchte einen Termin",
    )
    ticket = Ticket.objects.get()
    assert ticket.kind == "appointment"
    assert ticket.customer_informed_due == dt.date(2026, 11, 30)


def test_walk_in_form_records_a_walk_in_for_the_team_lead(
    client, world, sc_customer, walk_in_url, travel
):
    """TKT-07: the case worker records the visit; the TL receives it the same day."""
    travel("2026-11-23 15:00")
    client.force_login(world.worker)
    page = html(client.get(walk_in_url))
    assert "Vorsprache erfassen" in page
    # the worker's own area is preselected
    assert re.search(r'value="benefits" id="id_area_0"[^>]* checked', page)
    assert "Art des Tickets" not in page  # the short form has no kind
    response = _post(
        client,
        walk_in_url,
        area="benefits",
        customer_number=sc_customer.customer_number,
        concern="Kunde fragt nach dem Stand seines Antrags",
    )
    ticket = Ticket.objects.get()
    assert ticket.kind == "walk_in"
    assert ticket.item.assignee == world.tl
    assert world.tl.notifications.filter(item=ticket.item).exists()
    assert "wurde erfasst" in html(response)


@pytest.mark.parametrize("path", ["neu/", "vorsprache/"])
def test_provider_and_other_organisations_get_404(client, world, other, path):
    """NFR-05: providers record no tickets; other organisations do not even see the page."""
    for user in (world.provider, other.gf):
        client.force_login(user)
        assert client.get(f"/o/{world.org.slug}/tickets/{path}").status_code == 404


def test_anonymous_users_are_sent_to_the_login(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/anmelden/")


def test_form_says_what_routing_does_and_marks_required_fields(client, world):
    """Issue 9, defect 7 (TKT-01): the routing text matches tickets.routing (contact person in a
    team of the area, else the inbox of the area's first team whose lead assigns it), and every
    required field, radio groups included, carries the marker."""
    import re

    from tests.factories import make_user

    agent = make_user("agent_form", org=world.org, role="phone_agent")
    client.force_login(agent)
    page = client.get(f"/o/{world.org.slug}/tickets/neu/").content.decode()
    assert "Wohin das Ticket geht" in page
    assert "Postkorb des ersten Teams dieses Bereichs" in page
    assert "Teamleitung wird benachrichtigt" in page
    for label in ("Bereich", "Kundennummer", "Art des Tickets"):
        assert re.search(rf"{label}\s*<span class=\"required\"", page), label
