"""KRM-09/KRM-10 in the browser: the office opens the register from the navigation, makes the
final entry, reads the reports; axe finds nothing serious or critical on either page."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from anliegen.core import clock
from anliegen.org.scope import scope_for
from anliegen.reactions import actions
from anliegen.reactions.models import Topic
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

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


def test_register_and_reports_in_the_browser(page, world, screenshot):
    """KRM-09/KRM-10: navigation → register → final entry → reports, all accessible."""
    scope = scope_for(world.office, world.org)
    topic = Topic.objects.create(organisation=world.org, name="Bescheid")
    common = {
        "actor": world.office,
        "scope": scope,
        "received_at": clock.now() - dt.timedelta(days=3),
        "team_ids": [world.team.id],
        "text": "Mein Antrag liegt seit Wochen unbearbeitet.",
    }
    done = actions.record_reaction(
        channel="letter", kind="complaint", concerns=[topic.id], **common
    )
    actions.record_reaction(channel="phone", kind="praise", **common)
    actions.record_outcome(
        actor=world.office, scope=scope, reaction=done, outcome="justified", summary="Korrigiert."
    )
    violations: list[str] = []

    log_in(page, world.office.username, PASSWORD)
    page.get_by_role("link", name="KRM-Register und -Berichte").click()
    page.wait_for_url("**/reaktionen/register/")
    page.get_by_role("heading", name="KRM-Register").wait_for()
    violations += _blocking(page)
    screenshot(page, "krm-register")

    page.get_by_role("button", name=f"Im Register eintragen KRM-{done.id}").click()
    page.get_by_text(f"KRM-{done.id} wurde im KRM-Register eingetragen.").wait_for()
    done.refresh_from_db()
    assert done.register_entry_at is not None

    page.get_by_label("Stand").select_option("awaiting")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_text("Keine Kundenreaktionen entsprechen diesen Filtern.").wait_for()
    violations += _blocking(page)

    page.get_by_role("link", name="KRM-Berichte").click()
    page.get_by_role("heading", name="KRM-Berichte").wait_for()
    assert page.locator("svg.chart").count() == 8
    violations += _blocking(page)
    screenshot(page, "krm-reports")

    page.get_by_label("Eingang ab").fill("2027-02-01")
    page.get_by_label("Eingang bis").fill("2027-01-01")
    page.get_by_role("button", name="Anzeigen").click()
    page.locator(".field__error").first.wait_for()
    violations += _blocking(page)

    assert not violations, "\n".join(violations)
