"""WCAG 2.1 AA / BITV 2.0 (FND-12): axe-core finds nothing serious or critical on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_customer
from tests.web.helpers import make_item

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _blocking(tab) -> list[str]:  # type: ignore[no-untyped-def]
    results = Axe().run(tab)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            found.append(
                f"{tab.url}: [{violation['impact']}] {violation['id']}: {violation['help']} → {targets}"
            )
    return found


def test_main_pages_have_no_serious_violations(page, world):  # type: ignore[no-untyped-def]
    """FND-12: login, Postkorb, customer page (with a form error) and Fristenrechner pass axe."""
    customer = make_customer(world, customer_number="K4711")
    for light in ("red", "amber", "green"):
        make_item(world, assignee=world.tl, light=light, customer=customer)
    make_item(
        world,
        assignee=world.tl,
        light="green",
        kind="follow_up",
        title="Wiedervorlage",
        customer=customer,
        note="Unterlagen prüfen",
    )
    violations: list[str] = []

    page.goto("/anmelden/")
    violations += _blocking(page)

    log_in(page, world.tl.username, PASSWORD)
    violations += _blocking(page)

    page.goto(f"/o/{world.org.slug}/kunden/{customer.customer_number}/")
    violations += _blocking(page)
    # A form with an error message must stay accessible too.
    page.get_by_label("Wiedervorlage am").fill("2000-01-01")
    page.get_by_label("Notiz").fill("Unterlagen prüfen")
    page.get_by_role("button", name="Wiedervorlage setzen").click()
    page.locator(".field__error").first.wait_for()
    violations += _blocking(page)

    page.goto(
        f"/o/{world.org.slug}/fristenrechner/?received=2026-12-23&unit=working_days&n=5&state=BB&closing_days=12-24"
    )
    violations += _blocking(page)

    print("\n".join(violations))
    assert violations == []
