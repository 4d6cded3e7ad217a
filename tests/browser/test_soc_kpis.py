"""SOC-08 in the browser: the region's management opens the KPIs from the navigation, reads the
charts and the weekly table, drills down centre → team → agent and back; axe finds nothing
serious or critical on the region and agent pages."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.core import clock
from anliegen.servicecenter.models import CallRecord
from tests.browser.conftest import log_in
from tests.browser.test_tickets_flow import _blocking
from tests.factories import PASSWORD
from tests.servicecenter.conftest import build_sc

pytestmark = pytest.mark.browser


def test_kpis_drill_down_in_the_browser(page, screenshot):  # type: ignore[no-untyped-def]
    sc = build_sc()
    start = clock.now() - dt.timedelta(days=10)
    for n, (agent, resolved) in enumerate(
        [(sc.tsb1, True), (sc.tsb1, False), (sc.tsb2, True), (sc.tsb3, True)]
    ):
        CallRecord.objects.create(
            organisation=sc.org,
            call_id=f"B-{n}",
            agent=agent,
            topic="alg",
            started_at=start + dt.timedelta(hours=n),
            ended_at=start + dt.timedelta(hours=n, minutes=5),
            customer=sc.customer if n == 0 else None,
            resolved=resolved,
            escalation="none",
        )
    violations: list[str] = []

    log_in(page, sc.rl.username, PASSWORD)
    page.get_by_role("link", name="Kennzahlen Service Center").click()
    page.get_by_role("heading", name=f"Kennzahlen: {sc.org.name}").wait_for()
    assert page.locator("svg.chart[role=img]").count() == 3
    page.get_by_role("table", name=f"Kennzahlen von {sc.org.name} je Kalenderwoche").wait_for()
    violations += _blocking(page)
    screenshot(page, "soc-kennzahlen-region")

    page.get_by_role("link", name="SC Berlin", exact=True).click()
    page.get_by_role("heading", name="Kennzahlen: SC Berlin").wait_for()
    page.get_by_role("link", name="SC Berlin – Team 1").click()
    page.get_by_role("heading", name="Kennzahlen: SC Berlin – Team 1").wait_for()
    page.get_by_role("link", name=sc.tsb1.get_full_name()).click()
    page.get_by_role("heading", name=f"Kennzahlen: {sc.tsb1.get_full_name()}").wait_for()
    violations += _blocking(page)
    # The path leads back up to the region.
    page.get_by_role("navigation", name="Pfad der Ebenen").get_by_role(
        "link", name=sc.org.name
    ).click()
    page.get_by_role("heading", name=f"Kennzahlen: {sc.org.name}").wait_for()
    assert violations == [], "\n".join(violations)
