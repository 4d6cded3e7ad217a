"""QS-01/QS-07 in a real browser: management sees a broken standard, the site's team lead
proposes a deviation, both consent, and the overview turns it to "agreed"; axe finds nothing
serious or critical on the overview, the survey and report pages and the public pages."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from anliegen.appointments.models import OpeningHours
from anliegen.org.scope import scope_for
from anliegen.quality.models import Deviation
from anliegen.quality.survey_actions import create_survey
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _blocking(tab) -> list[str]:  # type: ignore[no-untyped-def]
    results = Axe().run(tab)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            found.append(
                f"[{violation['impact']}] {violation['id']}: {violation['help']} {targets}"
            )
    return found


def _site_cell(tab, site: str):  # type: ignore[no-untyped-def]
    table = tab.get_by_role("table", name="Standards je Standort")
    return table.get_by_role("row").filter(has_text=site).locator("td[data-standard='QS-01']")


def test_broken_standard_deviation_agreed_by_both_sides(page, world, browser):  # type: ignore[no-untyped-def]
    """QS-01, QS-07: broken → proposed by the site → consented by GF and site → agreed."""
    for day in range(5):  # every morning, 22.5 h, but no afternoon until 18:00
        OpeningHours.objects.create(
            site=world.site, weekday=day, opens=dt.time(8), closes=dt.time(12, 30)
        )
    violations: list[str] = []

    log_in(page, world.gf.username, PASSWORD)
    page.get_by_role("link", name="Qualitätsstandards").click()
    page.get_by_role("heading", level=1, name="Qualitätsstandards").wait_for()
    assert "verletzt" in _site_cell(page, "Hauptsitz").inner_text()
    assert page.get_by_text("Kein Nachmittag mit Öffnung bis mindestens 18:00 Uhr").is_visible()
    violations += _blocking(page)

    # The site's team lead proposes the deviation and consents for the site.
    lead = browser.new_context(base_url=page.url.split("/o/")[0], locale="de-DE")
    tab = lead.new_page()
    tab.set_default_timeout(10_000)
    log_in(tab, world.tl.username, PASSWORD)
    tab.goto(f"/o/{world.org.slug}/qualitaet/")
    form = tab.locator("form[aria-labelledby='propose-heading']")
    form.get_by_label("Standort").select_option(label="Hauptsitz")
    form.get_by_label("Regel").select_option(label="Ein Nachmittag bis mindestens 18:00 Uhr")
    form.get_by_label("Grund").fill("Berufstätige nutzen die Samstagstermine")
    form.get_by_label("Gültig ab").fill("2020-01-01")
    form.get_by_role("button", name="Abweichung vorschlagen").click()
    tab.get_by_text("Die Abweichung wurde vorgeschlagen").wait_for()
    tab.get_by_role("button", name="Zustimmen").click()
    tab.get_by_text("Ihre Zustimmung wurde gespeichert").wait_for()
    assert tab.get_by_role("button", name="Zustimmen").count() == 0
    lead.close()

    # Management sees the proposal, still broken, and consents: agreed.
    page.reload()
    assert "verletzt" in _site_cell(page, "Hauptsitz").inner_text()
    page.get_by_role("button", name="Zustimmen").click()
    page.get_by_text("Beide Seiten haben zugestimmt").wait_for()
    assert "vereinbart" in _site_cell(page, "Hauptsitz").inner_text()
    assert Deviation.objects.get().status == "agreed"
    violations += _blocking(page)

    _survey, tokens = create_survey(
        actor=world.gf,
        scope=scope_for(world.gf, world.org),
        title="Kundenbefragung",
        audience="customers",
        questions=["Wie zufrieden sind Sie?"],
        tokens=1,
    )
    for path in (
        f"/o/{world.org.slug}/qualitaet/befragungen/",
        f"/o/{world.org.slug}/qualitaet/befragungen/{_survey.pk}/",
        f"/o/{world.org.slug}/qualitaet/berichte/",
        f"/o/{world.org.slug}/qualitaet/dringend/",
        f"/portal/{world.org.slug}/standorte/",
        f"/portal/befragung/{tokens[0]}/",
    ):
        page.goto(path)
        page.get_by_role("heading", level=1).wait_for()
        violations += _blocking(page)
    assert violations == []
