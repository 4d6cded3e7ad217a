"""KON-08 in a real browser: a management user opens the contact-density overview from the
navigation, narrows it to a team, sorts, and the page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from anliegen.contacts.actions import recompute_for
from anliegen.contacts.models import ContactSchedule
from anliegen.core import clock
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_customer

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _blocking(tab) -> list[str]:
    results = Axe().run(tab)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            found.append(
                f"[{violation['impact']}] {violation['id']}: {violation['help']} {targets}"
            )
    return found


def test_dashboard_flow_and_accessibility(page, world):
    """KON-08: per team, then per case worker, overdue sorted first; no serious axe findings."""
    today = clock.today()
    for n, worker in enumerate((world.worker, world.worker, world.worker2)):
        customer = make_customer(world, contact_person=worker, customer_number=f"K-D{n}")
        recompute_for(customer)
        ContactSchedule.objects.filter(customer=customer).update(
            due_date=today - dt.timedelta(days=n + 1)
        )
    violations: list[str] = []
    log_in(page, world.gf.username, PASSWORD)
    page.get_by_role("link", name="Kontaktdichte").click()
    page.get_by_role("heading", level=1, name="Kontaktdichte-Übersicht").wait_for()
    table = page.get_by_role("table", name="Kontaktdichte je Team")
    assert table.get_by_role("rowheader", name="Leistung 1").is_visible()
    violations += _blocking(page)

    page.get_by_label("Team", exact=True).select_option(label="Leistung 1")
    page.get_by_role("button", name="Anzeigen").click()
    page.get_by_role("heading", level=1, name="Kontaktdichte-Übersicht: Leistung 1").wait_for()
    page.get_by_role("link", name="Überfällig", exact=True).click()
    page.get_by_role("link", name="Überfällig", exact=True).click()  # now descending
    rows = page.get_by_role("table", name="Kontaktdichte je Fachkraft").locator("tbody tr")
    assert rows.first.locator("th").inner_text().startswith("Worker Test")
    assert page.locator("th[aria-sort='descending']").count() == 1
    assert page.locator("svg.chart").count() == 2
    violations += _blocking(page)
    assert violations == [], "\n".join(violations)
