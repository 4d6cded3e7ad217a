"""KON-06 in the browser: a case worker books one appointment by hand from the customer page,
gets the invitation letter, and management maintains the opening hours of a site (QS-01);
the booking pages and the opening-hours pages pass axe (WCAG 2.1 AA, FND-12)."""

from __future__ import annotations

import io

import docx
import pytest
from axe_playwright_python.sync_playwright import Axe

from anliegen.appointments.models import Appointment, OpeningHours
from anliegen.customers.models import HistoryEntry
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_customer

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _blocking(tab) -> list[str]:
    results = Axe().run(tab)
    return [
        f"{tab.url}: [{v['impact']}] {v['id']}: {v['help']} → "
        f"{[', '.join(n['target']) for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]


def test_case_worker_books_an_appointment_from_the_customer_page(page, world, screenshot):
    """KON-06: customer page → Termin vereinbaren → a free slot → booked, letter downloaded."""
    customer = make_customer(
        world, contact_person=world.worker, first_name="Eva", last_name="Albers"
    )
    violations: list[str] = []
    log_in(page, world.worker.username, PASSWORD)
    page.goto(f"/o/{world.org.slug}/kunden/{customer.customer_number}/")
    page.get_by_role("link", name="Termin vereinbaren").click()
    page.get_by_role("heading", level=1, name="Termin vereinbaren").wait_for()
    assert page.get_by_label("Fachkraft", exact=True).input_value() == world.worker.username
    screenshot(page, "appointment-book")
    violations += _blocking(page)

    chooser = page.get_by_label("Freier Termin")
    first = chooser.locator("option").nth(1)
    value = first.get_attribute("value")
    chooser.select_option(value)
    page.get_by_label("Notiz").fill("Bitte Lebenslauf mitbringen")
    page.get_by_role("button", name="Termin buchen").click()
    page.get_by_role("heading", level=1, name="Termin gebucht").wait_for()
    screenshot(page, "appointment-booked")
    violations += _blocking(page)

    appointment = Appointment.objects.get()
    assert appointment.local_start.isoformat() == value
    assert appointment.note == "Bitte Lebenslauf mitbringen"
    assert HistoryEntry.objects.filter(customer=customer, kind="invitation").count() == 1
    with page.expect_download() as info:
        page.get_by_role("link", name="Einladungsschreiben (Word)").click()
    with open(info.value.path(), "rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Eva Albers" in text
    assert appointment.local_start.strftime("%d.%m.%Y") in text

    # the slot is gone from the offer
    page.goto(f"/o/{world.org.slug}/termine/vereinbaren/?kunde={customer.customer_number}")
    assert page.locator(f'option[value="{value}"]').count() == 0
    assert violations == []


def test_management_maintains_opening_hours(page, world, screenshot):
    """QS-01: add an interval, see a German validation error, delete after confirmation."""
    violations: list[str] = []
    log_in(page, world.gf.username, PASSWORD)
    page.goto(f"/o/{world.org.slug}/")
    page.get_by_role("link", name="Standorte").click()
    page.get_by_role("heading", level=1, name="Standorte").wait_for()
    violations += _blocking(page)
    page.get_by_role("link", name=f"Öffnungszeiten {world.site.name}").click()
    page.get_by_role("heading", level=1, name="Öffnungszeiten").wait_for()
    violations += _blocking(page)

    page.get_by_label("Wochentag").select_option("0")
    page.get_by_label("Öffnet um").fill("08:00")
    page.get_by_label("Schließt um").fill("12:30")
    page.get_by_role("button", name="Zeitraum hinzufügen").click()
    page.get_by_text("Der Öffnungszeitraum wurde hinzugefügt.").wait_for()
    page.get_by_label("Wochentag").select_option("0")
    page.get_by_label("Öffnet um").fill("12:00")
    page.get_by_label("Schließt um").fill("14:00")
    page.get_by_role("button", name="Zeitraum hinzufügen").click()
    page.get_by_text(
        "Dieser Zeitraum überschneidet sich mit 08:00–12:30 am Montag."
    ).first.wait_for()
    screenshot(page, "opening-hours")
    violations += _blocking(page)
    assert OpeningHours.objects.count() == 1

    page.get_by_role("link", name="Löschen Montag 08:00–12:30").click()
    page.get_by_role("heading", level=1, name="Öffnungszeitraum löschen").wait_for()
    violations += _blocking(page)
    page.get_by_role("button", name="Ja, Zeitraum löschen").click()
    page.get_by_text("Der Öffnungszeitraum wurde gelöscht.").wait_for()
    assert not OpeningHours.objects.exists()
    assert violations == []
