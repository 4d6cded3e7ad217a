"""Customer reactions in the browser (KRM-01 … KRM-09): a letter from intake by the TL through
the GF's classification, the acknowledgement, the reply draft's approval (Schlusszeichnung), the
outcome and the office's register entry; and
axe on the list, the detail page, the intake form and the public form (FND-12)."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from anliegen.letters.models import DraftState, ReplyDraft
from anliegen.reactions.models import Reaction, Topic
from anliegen.work import kinds as work_kinds
from anliegen.work.models import WorkItem
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
            found.append(f"{tab.url}: [{violation['impact']}] {violation['id']} → {targets}")
    return found


def _log_out(tab) -> None:
    tab.get_by_role("button", name="Abmelden").click()


def test_letter_from_intake_to_register(page, world, screenshot):
    """KRM-01/02/04/05/08/09 end to end, with axe on every page on the way."""
    customer = make_customer(world, customer_number="K4711")
    Topic.objects.create(organisation=world.org, name="Bescheid")
    slug = world.org.slug
    violations: list[str] = []

    # The TL records a written complaint (letter).
    log_in(page, world.tl.username, PASSWORD)
    page.get_by_role("link", name="Kundenreaktionen").first.click()
    violations += _blocking(page)  # the empty list
    page.get_by_role("link", name="Kundenreaktion erfassen").click()
    violations += _blocking(page)
    page.get_by_label("Eingangsweg").select_option("letter")
    page.get_by_role("group", name="Betroffene Teams").get_by_label(world.team.name).check()
    page.get_by_label("Kundennummer").fill(customer.customer_number)
    page.get_by_label("Text der Kundenreaktion").fill("Mein Antrag liegt seit Wochen unbearbeitet.")
    page.get_by_label("Thema des Anliegens 1").select_option(label="Bescheid")
    page.get_by_role("button", name="Kundenreaktion speichern").click()
    page.wait_for_url(re.compile(r"/reaktionen/\d+/$"))
    screenshot(page, "reaction-detail-tl")
    reaction = Reaction.objects.get()
    assert reaction.item.assignee == world.tl
    violations += _blocking(page)
    page.goto(f"/o/{slug}/reaktionen/")
    assert page.get_by_role("link", name=reaction.reference).is_visible()
    violations += _blocking(page)
    _log_out(page)

    # The GF decides the kind.
    log_in(page, world.gf.username, PASSWORD)
    page.goto(f"/o/{slug}/reaktionen/{reaction.id}/")
    page.get_by_role("group", name="Art").get_by_label("Beschwerde", exact=True).check()
    page.get_by_role("button", name="Art speichern").click()
    page.get_by_text("Die Art wurde entschieden.").wait_for()
    _log_out(page)

    # The TL records the acknowledgement as sent and the outcome.
    log_in(page, world.tl.username, PASSWORD)
    page.goto(f"/o/{slug}/reaktionen/{reaction.id}/")
    letters_form = page.locator("form[action$='eingangsbestaetigung/versandt/']")
    if letters_form.count():
        # The letters block (KRM-05) records the sending; it is the only acknowledgement form.
        letters_form.locator("button[type=submit]").click()
    else:
        page.get_by_role("group", name="Versandt per").get_by_label("Brief").check()
        page.get_by_role("button", name="Eingangsbestätigung erfassen").click()
    page.wait_for_load_state()
    reaction.refresh_from_db()
    assert reaction.acknowledgement_sent_at is not None

    # KRM-08: the TL drafts the reply from the template and submits it for approval …
    letters = page.locator("#briefe")
    letters.get_by_role("button", name="Aus der Vorlage erzeugen").click()
    page.get_by_text("Der Antwortentwurf wurde angelegt.").wait_for()
    page.locator("#briefe").get_by_role(
        "button", name="Fassung 1 zur Schlusszeichnung vorlegen"
    ).click()
    page.get_by_text("Der Entwurf wurde zur Schlusszeichnung vorgelegt.").wait_for()
    _log_out(page)
    # … the GF finds the approval request in the Postkorb (KRM-08, issue 9), opens the page
    # its kind registers (the link the worklist renders from work.kinds) and approves the reply
    # (Schlusszeichnung) …
    log_in(page, world.gf.username, PASSWORD)
    request = WorkItem.objects.get(kind="approval", assignee=world.gf)
    row_link = page.get_by_role(
        "link", name=f"Schreiben {reaction.reference} freigeben (Fassung 1)", exact=True
    )
    assert row_link.get_attribute("href") == work_kinds.url_for(request, slug)
    row_link.click()
    page.get_by_role(
        "heading", name=f"Schlusszeichnung des Schreibens {reaction.reference}"
    ).wait_for()
    violations += _blocking(page)
    page.get_by_role("button", name="Freigeben").click()
    page.get_by_text("Der Entwurf wurde freigegeben.").wait_for()
    request.refresh_from_db()
    assert request.status == "done"
    _log_out(page)
    # … and only then can the TL record it as sent.
    log_in(page, world.tl.username, PASSWORD)
    page.goto(f"/o/{slug}/reaktionen/{reaction.id}/")
    page.get_by_role("group", name="Versand der freigegebenen Antwort erfassen").get_by_role(
        "button", name="Als versandt erfassen"
    ).click()
    page.get_by_text("Der Versand der Antwort wurde erfasst.").wait_for()
    draft = ReplyDraft.objects.get(item=reaction.item)
    assert draft.state == DraftState.SENT
    assert draft.versions.count() == 1

    page.goto(f"/o/{slug}/reaktionen/{reaction.id}/")
    page.get_by_role("group", name="Gesamtergebnis").get_by_label("teilweise berechtigt").check()
    page.get_by_label("Zusammenfassung des Ergebnisses").fill(
        "Bescheid korrigiert, Kunde informiert."
    )
    page.get_by_role("button", name="Ergebnis erfassen und abschließen").click()
    page.get_by_text("Das Ergebnis wurde erfasst").wait_for()
    _log_out(page)

    # The management office makes the register entry.
    log_in(page, world.office.username, PASSWORD)
    page.goto(f"/o/{slug}/reaktionen/{reaction.id}/")
    screenshot(page, "reaction-detail-office")
    page.get_by_role("button", name="Im Register eintragen").click()
    page.get_by_text("Die Kundenreaktion wurde im Register eingetragen.").wait_for()
    violations += _blocking(page)
    reaction.refresh_from_db()
    assert reaction.outcome == "partly_justified"
    assert reaction.register_entry_at is not None
    assert violations == []


def test_public_form_is_accessible_and_shows_errors(page, world, screenshot):
    """KRM-01: the public form without login, also with error messages, passes axe."""
    page.goto(f"/portal/{world.org.slug}/anliegen/")
    violations = _blocking(page)
    page.locator("#id_text").fill("<b>fett</b>")
    page.get_by_role("button", name="Nachricht senden").click()
    page.locator(".field__error").first.wait_for()
    screenshot(page, "reaction-public-form")
    violations += _blocking(page)
    assert violations == []
    assert Reaction.objects.count() == 0
