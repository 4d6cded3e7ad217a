"""The Potsdam ticket procedure in a real browser (TKT-01, TKT-03, TKT-04, TKT-08, TKT-09):
an SC agent records a ticket, the case worker records a commitment and completes it, the team
lead sees the completion on the controlling page. Both pages pass axe (FND-12)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from anliegen.core import clock
from anliegen.org.roles import Role
from anliegen.tickets.models import Ticket
from anliegen.work.calendars import calendar_for
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_customer, make_user
from tests.tickets.conftest import sc  # noqa: F401  (a service-centre region serving world.org)

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _blocking(tab) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core violations of impact serious or critical on the current page."""
    found = []
    for violation in Axe().run(tab).response["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            found.append(f"{tab.url}: [{violation['impact']}] {violation['id']} → {targets}")
    return found


def _log_out(tab) -> None:  # type: ignore[no-untyped-def]
    tab.get_by_role("button", name="Abmelden").click()
    tab.wait_for_url("**/anmelden/**")


def test_ticket_from_the_service_centre_to_the_team_lead(page, world, screenshot):  # type: ignore[no-untyped-def]
    agent = make_user("agent", org=world.org, role=Role.PHONE_AGENT)
    customer = make_customer(world, customer_number="K4711", contact_person=world.worker)
    org = world.org.slug
    violations: list[str] = []

    # Given the SC agent on the intake form
    log_in(page, agent.username, PASSWORD)
    page.goto(f"/o/{org}/tickets/neu/")
    # When they send a Leistung ticket for the customer
    page.get_by_role("radio", name="Leistung").check()
    page.get_by_label("Kundennummer").fill(customer.customer_number)
    page.get_by_role("radio", name="Anliegen").check()
    page.get_by_role("textbox", name="Anliegen des Kunden").fill(
        "Fragt nach dem Stand seines Weiterbewilligungsantrags"
    )
    screenshot(page, "ticket-neu")
    page.get_by_role("button", name="Ticket senden").click()
    # Then the form confirms it with the due date
    message = page.locator("#messages")
    message.get_by_text("wurde erfasst").wait_for()
    assert re.search(r"Fällig am \w+, \d\d\.\d\d\.\d{4}\.", message.inner_text())
    ticket = Ticket.objects.get()
    assert ticket.item.assignee == world.worker
    _log_out(page)

    # When the case worker opens the ticket from the ticket list
    log_in(page, world.worker.username, PASSWORD)
    page.goto(f"/o/{org}/tickets/")
    page.get_by_role("link", name=f"Ticket {ticket.id}").click()
    page.wait_for_url(f"**/tickets/{ticket.id}/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Ticket {ticket.id}: Erika Mustermann"
    )
    violations += _blocking(page)

    # and records a dated commitment after phoning the customer
    # a working day: a weekend or holiday would first be refused with a suggestion (defect 7)
    calendar, _rules = calendar_for(world.org)
    promised = calendar.next_working_day(clock.today() + dt.timedelta(days=10))
    page.get_by_label("Erledigung bis (zugesagtes Datum)").fill(promised.isoformat())
    page.get_by_label("Was zugesagt wurde").fill("Bescheid wird bis dahin erlassen")
    page.get_by_role("button", name="Zusage speichern").click()
    page.locator("#messages").get_by_text("Zusage gespeichert").wait_for()
    assert promised.strftime("%d.%m.%Y") in page.locator("#zusage").inner_text()
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == promised

    # and completes it with the resolution
    page.get_by_role("textbox", name="Erledigung", exact=True).fill(
        "Bescheid erlassen und erläutert"
    )
    page.get_by_role("button", name="Ticket erledigen").click()
    page.locator("#messages").get_by_text("fristgerecht erledigt").wait_for()
    screenshot(page, "ticket-erledigt")
    _log_out(page)

    # Then the team lead sees the completion on the controlling page
    log_in(page, world.tl.username, PASSWORD)
    page.goto(f"/o/{org}/tickets/controlling/")
    page.wait_for_url(f"**/tickets/controlling/{world.team.id}/")
    completions = page.locator("#erledigungen")
    assert f"Ticket {ticket.id}: Erika Mustermann" in completions.inner_text()
    assert "Bescheid erlassen und erläutert" in completions.inner_text()
    worker_row = page.get_by_role("row", name=re.compile(r"^Worker Test"))
    cells = worker_row.get_by_role("cell").all_inner_texts()
    assert cells[-2:] == ["1", "1"]  # completed this week, this month
    screenshot(page, "ticket-controlling")
    violations += _blocking(page)

    print("\n".join(violations))
    assert violations == []


def test_service_centre_agent_sends_into_the_served_job_centre(page, world, sc, screenshot):  # type: ignore[no-untyped-def]  # noqa: F811
    """Issue 9, defect 1 (TKT-01): an agent of a service-centre region sends a ticket to the
    job centre it serves, found by customer number, and follows it on the sent page."""
    customer = make_customer(world, customer_number="K4712", contact_person=world.worker)
    region = sc.org.slug
    violations: list[str] = []
    log_in(page, sc.agent.username, PASSWORD)
    page.goto(f"/o/{region}/tickets/neu/")
    assert "Wohin das Ticket geht" in page.locator("main").inner_text()
    violations += _blocking(page)
    page.get_by_label("Kundennummer").fill(customer.customer_number)
    page.get_by_role("radio", name="Leistung").check()
    page.get_by_role("radio", name="Anliegen").check()
    page.get_by_role("textbox", name="Anliegen des Kunden").fill("Fragt nach dem Bescheid")
    screenshot(page, "sc-ticket-neu")
    page.get_by_role("button", name="Ticket senden").click()
    message = page.locator("#messages")
    message.get_by_text(f"an {world.org.name} gesendet").wait_for()
    ticket = Ticket.objects.get()
    assert ticket.organisation == world.org
    assert ticket.item.assignee == world.worker
    page.wait_for_url(f"**/{region}/tickets/gesendet/{ticket.id}/")
    violations += _blocking(page)
    page.get_by_role("link", name="Zurück zu Ihren gesendeten Tickets").click()
    page.get_by_role("link", name=f"Ticket {ticket.id}").wait_for()
    violations += _blocking(page)
    print("\n".join(violations))
    assert violations == []
