"""KON-04 in the browser: a case worker's invitation list with more customers than one page —
the section headings count the whole list, the pages link to each other, and both pages pass
axe (WCAG 2.1 AA, FND-12)."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from anliegen.contacts.actions import recompute_all
from anliegen.contacts.models import ContactSchedule
from anliegen.core import clock
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_customer

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _blocking(tab) -> list[str]:
    results = Axe().run(tab)
    return [
        f"{tab.url}: [{v['impact']}] {v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]


def test_paged_invitation_list(page, world):
    """KON-04: 52 overdue customers and one due next week: page 1 shows 50 overdue, says where
    next week's customer is listed; page 2 shows the rest."""
    customers = [
        make_customer(world, contact_person=world.worker, last_name=f"Kunde{n:02d}")
        for n in range(53)
    ]
    recompute_all(world.org)
    today = clock.today()
    ContactSchedule.objects.filter(customer__in=customers[:52]).update(
        due_date=today - dt.timedelta(days=10)
    )
    ContactSchedule.objects.filter(customer=customers[52]).update(
        due_date=today + dt.timedelta(days=7)
    )
    violations: list[str] = []

    log_in(page, world.worker.username, PASSWORD)
    page.goto(f"/o/{world.org.slug}/kontakte/")
    page.get_by_role("heading", level=2, name="Überfällig (52)").wait_for()
    assert page.get_by_role("heading", level=2, name="Fällig nächste Woche (1)").is_visible()
    assert page.locator("table.worklist tbody tr").count() == 50
    assert page.get_by_text("Seite 1 von 2").first.is_visible()
    violations += _blocking(page)

    page.get_by_role("link", name="Zu Seite 2").click()
    page.get_by_role("heading", level=2, name="Überfällig (52)").wait_for()
    assert page.locator("table.worklist tbody tr").count() == 3
    violations += _blocking(page)
    assert violations == []
