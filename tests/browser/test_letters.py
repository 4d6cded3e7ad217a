"""Letters in the browser (KRM-05, KRM-08): the template page and the letters block of a
reaction's page work and pass axe (nothing serious or critical)."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.core import clock
from anliegen.letters.models import DraftState, ReplyDraft
from anliegen.org.scope import scope_for
from anliegen.reactions.actions import record_reaction
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _blocking
from tests.factories import PASSWORD, make_customer

pytestmark = pytest.mark.browser


def test_template_page_and_reaction_letters(page, world, tmp_path, screenshot):
    customer = make_customer(world, customer_number="K4712")
    reaction = record_reaction(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        channel="letter",
        kind="complaint",
        received_at=clock.now() - dt.timedelta(hours=2),
        team_ids=[world.team.id],
        text="Mein Bescheid ist falsch.",
        customer_number=customer.customer_number,
    )
    violations: list[str] = []

    log_in(page, world.office.username, PASSWORD)
    page.goto(f"/o/{world.org.slug}/briefvorlagen/")
    violations += _blocking(page)
    screenshot(page, "letters-templates")
    bad = tmp_path / "kaputt.docx"
    bad.write_bytes(b"kein Word")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Eingangsbestätigung einer Kundenreaktion")
    )
    section.get_by_label("Word-Dokument (.docx)").set_input_files(str(bad))
    section.get_by_role("button", name="Ersatz hochladen").click()
    page.locator(".field__error").first.wait_for()
    assert "kein lesbares Word-Dokument" in page.locator(".field__error").first.inner_text()
    violations += _blocking(page)
    page.get_by_role("button", name="Abmelden").click()

    log_in(page, world.tl.username, PASSWORD)
    page.goto(f"/o/{world.org.slug}/reaktionen/{reaction.id}/")
    letters = page.locator("#briefe")
    letters.wait_for()
    violations += _blocking(page)
    letters.get_by_role("button", name="Aus der Vorlage erzeugen").click()
    page.get_by_text("Der Antwortentwurf wurde angelegt.").wait_for()
    page.locator("#briefe").get_by_role(
        "button", name="Fassung 1 zur Schlusszeichnung vorlegen"
    ).click()
    page.get_by_text("Der Entwurf wurde zur Schlusszeichnung vorgelegt.").wait_for()
    assert ReplyDraft.objects.get().state == DraftState.SUBMITTED
    violations += _blocking(page)
    page.get_by_role("button", name="Abmelden").click()

    log_in(page, world.gf.username, PASSWORD)
    page.goto(f"/o/{world.org.slug}/reaktionen/{reaction.id}/")
    letters = page.locator("#briefe")
    letters.get_by_label("Kommentar").fill("Bitte den Bescheid vom 01.11. nennen.")
    letters.get_by_role("button", name="Mit Anmerkung zurückgeben").click()
    page.get_by_text("Der Entwurf wurde mit Ihrer Anmerkung zurückgegeben.").wait_for()
    assert ReplyDraft.objects.get().state == DraftState.RETURNED
    violations += _blocking(page)
    screenshot(page, "letters-reaction")
    assert violations == []
