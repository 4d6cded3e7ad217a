"""TKT-01, TKT-04, TKT-05: the ticket list — what each person sees, filters, paging, the amber
reminder, and the CSV/XLSX export (FND-12)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from anliegen.org.actions import record_absence
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import complete_ticket
from tests.factories import make_customer
from tests.web.helpers import heading, html, read_csv, read_xlsx


@pytest.fixture
def url(world):
    return f"/o/{world.org.slug}/tickets/"


@pytest.fixture
def tickets(world, new_ticket, travel):
    """Monday 23.11.2026: two Leistung tickets of world.worker (one completed), one Integration
    ticket in the integration team's inbox, one Leistung ticket for worker2."""
    travel("2026-11-23 09:00")
    open_benefits = new_ticket(area="benefits")
    done = new_ticket(area="benefits", kind="callback")
    complete_ticket(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=done,
        resolution="Rückruf erledigt",
    )
    integration = new_ticket(area="integration")
    other_customer = make_customer(world, last_name="Schulze", contact_person=world.worker2)
    of_worker2 = new_ticket(area="benefits", customer=other_customer)
    return {
        "open": open_benefits,
        "done": done,
        "integration": integration,
        "worker2": of_worker2,
    }


def _ids(response) -> set[int]:
    return {int(n) for n in re.findall(r'href="/o/[^/]+/tickets/(\d+)/"', html(response))}


def test_list_is_german_and_shows_my_open_tickets(client, world, tickets, url):
    client.force_login(world.worker)
    response = client.get(url)
    assert response.status_code == 200
    assert heading(response) == "Tickets"
    page = html(response)
    assert "Offene Tickets" in page
    assert "Neues Ticket" in page
    assert "Vorsprache erfassen" in page
    assert _ids(response) == {tickets["open"].id}


def test_lead_sees_the_team_and_management_everything(client, world, tickets, url):
    client.force_login(world.tl)
    assert _ids(client.get(url)) == {tickets["open"].id, tickets["worker2"].id}
    client.force_login(world.gf)
    assert _ids(client.get(url)) == {
        tickets["open"].id,
        tickets["worker2"].id,
        tickets["integration"].id,
    }


def test_filters(client, world, tickets, url):
    client.force_login(world.gf)
    assert _ids(client.get(url, {"status": "completed"})) == {tickets["done"].id}
    assert len(_ids(client.get(url, {"status": "all"}))) == 4
    assert _ids(client.get(url, {"area": "integration"})) == {tickets["integration"].id}
    assert _ids(client.get(url, {"kind": "callback", "status": "all"})) == {tickets["done"].id}
    assert _ids(client.get(url, {"q": "Schulze"})) == {tickets["worker2"].id}
    assert _ids(client.get(url, {"light": "red"})) == set()
    response = client.get(url, {"light": "red"})
    assert "Keine Tickets entsprechen diesen Filtern." in html(response)


def test_light_filter_and_amber_reminder(client, world, tickets, url, travel):
    """TKT-04: on Wednesday the Integration ticket is amber-or-red, the Leistung tickets green;
    an amber ticket without commitment carries the reminder in the list."""
    travel("2026-11-25 09:00")  # Integration due today → amber
    client.force_login(world.gf)
    response = client.get(url, {"light": "amber"})
    assert _ids(response) == {tickets["integration"].id}
    assert "Zusage nötig, falls nicht fristgerecht erledigt" in html(response)
    assert _ids(client.get(url, {"light": "green"})) == {tickets["open"].id, tickets["worker2"].id}
    travel("2026-11-26 09:00")
    client.force_login(world.gf)
    assert _ids(client.get(url, {"light": "red"})) == {tickets["integration"].id}


def test_deputy_sees_the_absent_colleagues_tickets(client, world, tickets, url):
    """TKT-05/FND-03: the deputy's list shows the absent colleague's tickets, marked as such."""
    record_absence(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        person=world.worker,
        start=dt.date(2026, 11, 23),
        end=dt.date(2026, 11, 27),
        deputy=world.worker2,
    )
    client.force_login(world.worker2)
    response = client.get(url)
    assert _ids(response) == {tickets["open"].id, tickets["worker2"].id}
    assert "Vertretung für Worker Test" in html(response)


def test_paging(client, world, new_ticket, url, travel, settings):
    settings.ANLIEGEN_PAGE_SIZE = 2
    travel("2026-11-23 09:00")
    for _ in range(5):
        new_ticket()
    client.force_login(world.worker)
    first = client.get(url)
    assert len(_ids(first)) == 2
    assert "Seite 1 von 3" in html(first)
    assert len(_ids(client.get(url, {"page": 3}))) == 1


def test_csv_export(client, world, tickets, url):
    """FND-12: the filtered list as CSV for German spreadsheets."""
    client.force_login(world.gf)
    response = client.get(url, {"export": "csv", "status": "all"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="tickets-2026-11-23.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:6] == ["Ticket", "Ampel", "Bereich", "Art des Tickets", "Kundennummer", "Kunde"]
    assert len(rows) == 5
    done = next(r for r in rows if r[0] == str(tickets["done"].id))
    assert done[1] == "erledigt"
    assert done[2] == "Leistung"
    assert done[3] == "Rückrufwunsch"
    assert done[8] == "30.11.2026"  # the deadline under the rules
    assert done[-1] == "Worker Test"  # completed by


def test_xlsx_export_of_a_filtered_list(client, world, tickets, url):
    client.force_login(world.gf)
    response = client.get(url, {"export": "xlsx", "area": "integration"})
    rows = read_xlsx(response)
    assert rows[0][0] == "Ticket"
    assert len(rows) == 2
    assert rows[1][0] == tickets["integration"].id
    assert rows[1][2] == "Integration"
    assert rows[1][9].date() == dt.date(2026, 11, 25)  # due: a real date


def test_provider_and_other_organisation_get_404(client, world, other, tickets, url):
    for user in (world.provider, other.gf):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(url, {"export": "csv"}).status_code == 404


def test_sc_agent_sees_only_the_tickets_they_recorded(client, world, agent, tickets, url):
    """The SC agent follows the tickets they sent, and no others of the job centre."""
    from anliegen.tickets.models import Ticket

    client.force_login(agent)
    response = client.get(url)
    assert response.status_code == 200
    own = set(
        Ticket.objects.filter(created_by=agent, item__status="open").values_list("id", flat=True)
    )
    assert _ids(response) == own
    assert not Ticket.objects.filter(id__in=_ids(response)).exclude(created_by=agent).exists()
