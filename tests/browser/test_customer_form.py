"""Issue 9, defect 7 in the browser (FND-04, NFR-04): a case worker enters a phone "abc", a
postcode "ABCDEFG" and an e-mail address without "@" and sees every error at its field in one
round, in German; after correcting them the customer is created. The form passes axe (WCAG 2.1
AA)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from anliegen.customers.models import Customer
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def test_every_error_in_one_round_then_created(page, world, screenshot):
    log_in(page, world.worker.username, PASSWORD)
    page.goto(f"/o/{world.org.slug}/kunden/neu/")
    page.get_by_label("Kundennummer").fill("K9001")
    page.get_by_label("Vorname").fill("Jana")
    page.get_by_label("Nachname").fill("Schulz")
    page.get_by_label("Geburtsdatum").fill("1990-03-04")
    page.get_by_label("E-Mail").fill("jana.example.org")
    page.get_by_label("Telefon").fill("abc")
    page.get_by_label("PLZ").fill("ABCDEFG")
    page.locator("form.form-card button[type=submit]").click()

    page.locator("#id_phone-error").wait_for()
    assert "Ziffern" in page.locator("#id_phone-error").inner_text()
    assert "fünf Ziffern" in page.locator("#id_postcode-error").inner_text()
    assert page.locator("#id_email-error").is_visible()
    assert page.locator("#id_birth_date-error").count() == 0
    screenshot(page, "customer-form-errors")
    violations = [
        f"[{v['impact']}] {v['id']}: {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v.get("impact") in BLOCKING
    ]
    assert violations == []
    assert not Customer.objects.exists()

    page.get_by_label("E-Mail").fill("jana@example.org")
    page.get_by_label("Telefon").fill("030 1234567")
    page.get_by_label("PLZ").fill("10247")
    page.locator("form.form-card button[type=submit]").click()
    page.wait_for_url(f"**/o/{world.org.slug}/kunden/K9001/")
    customer = Customer.objects.get(customer_number="K9001")
    assert (customer.phone, customer.postcode) == ("030 1234567", "10247")
