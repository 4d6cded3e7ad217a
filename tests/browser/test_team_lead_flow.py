"""A team lead's day in a real browser (FND-05, FND-06, FND-07, FND-12)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_customer
from tests.web.helpers import make_item

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(world):  # type: ignore[no-untyped-def]
    """The TL's worklist: one red, one amber, one green item for Erika Mustermann."""
    customer = make_customer(world, customer_number="K4711")
    make_item(world, assignee=world.tl, light="red", title="Rückfrage Bescheid", customer=customer)
    make_item(world, assignee=world.tl, light="amber", title="Rückruf erbeten", customer=customer)
    make_item(
        world, assignee=world.tl, light="green", title="Unterlagen nachreichen", customer=customer
    )
    return customer


def test_team_lead_logs_in_sees_lights_and_adds_a_note(page, world, desk, screenshot):  # type: ignore[no-untyped-def]
    """FND-07/FND-05: log in through the form, see red/amber/green, open the customer, add a note."""
    # Given the TL with three items, when they log in through the login form
    log_in(page, world.tl.username, PASSWORD)

    # Then the worklist shows the lights as dot plus word, most urgent first
    table = page.get_by_role("table")
    rows = table.locator("tbody tr")
    assert rows.count() == 3
    # (the first cell is the bulk-action checkbox, issue 9)
    assert rows.nth(0).locator("td.col-light").inner_text().startswith("rot")
    assert "gelb" in table.inner_text()
    assert "grün" in table.inner_text()
    screenshot(page, "postkorb")

    # When they open the customer and save a note
    page.get_by_role("link", name="Erika Mustermann").first.click()
    page.wait_for_url(f"**/kunden/{desk.customer_number}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Erika Mustermann"
    page.get_by_label("Text").fill("Telefonat: Unterlagen kommen per Post.")
    page.get_by_role("button", name="Vermerk speichern").click()

    # Then the note appears at the top of the timeline without a page reload
    first_entry = page.locator("#timeline .timeline__entry").first
    first_entry.get_by_text("Telefonat: Unterlagen kommen per Post.").wait_for()
    expect(page.locator("#messages")).to_contain_text("Der Vermerk wurde gespeichert.")
    # and the keyboard focus continues at the fresh form instead of falling back to the page
    expect(page.get_by_role("heading", name="Neuer Vermerk")).to_be_focused()
    screenshot(page, "kunde")


def test_deadline_calculator_skips_christmas_and_closing_days(page, world, screenshot):  # type: ignore[no-untyped-def]
    """FND-06: 23.12.2026 + 5 working days in Brandenburg with closing days 24.12./31.12."""
    log_in(page, world.tl.username, PASSWORD)
    page.get_by_role("link", name="Fristenrechner").click()

    page.get_by_label("Eingangsdatum").fill("2026-12-23")
    page.get_by_label("Anzahl").fill("5")
    page.get_by_label("Arbeitstagen").check()
    page.get_by_label("Bundesland").select_option("BB")
    page.get_by_label("Schließtage").fill("24.12., 31.12.")  # German notation (issue 9)
    page.get_by_role("button", name="Frist berechnen").click()

    result = page.locator("#calc-result")
    result.get_by_text("05.01.2027").wait_for()
    assert "Dienstag, 05.01.2027" in result.inner_text()
    assert "Erster Weihnachtstag" in result.inner_text()
    assert "Neujahr" in result.inner_text()
    screenshot(page, "fristenrechner")
