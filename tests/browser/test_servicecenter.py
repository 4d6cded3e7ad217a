"""The service centre in a real browser (SOC-03, SOC-04, SOC-06, issue 11): a TSB receives a
routed Alg call, records it on the call screen and sends a processing order; the OS sees the
order in its Sonderpostkorb. The call screen, the queue board and the Sonderpostkorb pass axe
(nothing serious or critical)."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.core import clock
from anliegen.servicecenter.models import CallRecord, ProcessingOrder, QueuePlan
from tests.browser.conftest import log_in
from tests.browser.test_tickets_flow import _blocking, _log_out
from tests.factories import PASSWORD
from tests.servicecenter.conftest import build_sc

pytestmark = pytest.mark.browser


def test_routed_alg_call_recorded_and_sent_to_the_os(page, screenshot):  # type: ignore[no-untyped-def]
    sc = build_sc()
    now = clock.now()
    QueuePlan.objects.create(
        organisation=sc.org,
        agent=sc.tsb1,
        queue="soc_l",
        start=now - dt.timedelta(hours=1),
        end=now + dt.timedelta(hours=2),
    )
    violations: list[str] = []

    # Given the qualified TSB on the call screen, in the SOC-L call group
    log_in(page, sc.tsb1.username, PASSWORD)
    page.goto("/o/sc-test/servicecenter/gespraech/")
    page.get_by_text("Sie sind jetzt in: SOC-L-Rufkreis.").wait_for()
    violations += _blocking(page)
    # When an Alg call for the customer comes in through the national number
    incoming = page.locator(
        "section", has=page.get_by_role("heading", name="Eingehenden Anruf simulieren")
    )
    incoming.get_by_label("Gewählte Rufnummer").select_option("national")
    incoming.get_by_label("Thema im Sprachmenü").select_option("alg")
    incoming.get_by_label("Kundennummer").fill(sc.customer.customer_number)
    incoming.get_by_role("button", name="Anruf routen").click()
    # Then it is routed to them and the screen opens with the customer and the OS hotline
    page.locator("#messages").get_by_text("angeboten an tsb1").wait_for()
    page.get_by_text("Frage zum Arbeitslosengeld: qualifizierte TSB im SOC-L-Rufkreis.").wait_for()
    page.get_by_text("0331 880-1234").wait_for()
    violations += _blocking(page)
    screenshot(page, "soc-gespraechserfassung")
    # When they record it as not resolved, with a processing order to OS Potsdam
    form = page.locator("form", has=page.get_by_role("heading", name="Anruf erfassen"))
    form.get_by_label("Nein").check()
    form.get_by_label("Bearbeitungsauftrag", exact=True).check()
    form.get_by_label("OS-Team (Bearbeitungsauftrag)").select_option(label="OS Potsdam – Alg Plus")
    form.get_by_label("Anliegen für den Bearbeitungsauftrag").fill(
        "Kundin hat die Arbeitsbescheinigung nachgereicht, bitte Bewilligung prüfen."
    )
    form.get_by_role("button", name="Gesprächserfassung speichern").click()
    page.locator("#messages").get_by_text("ist erfasst").wait_for()
    call = CallRecord.objects.get()
    assert call.agent == sc.tsb1
    assert call.topic == "alg"
    assert not call.resolved
    assert call.decision is not None
    assert call.decision.agents[0] == "tsb1"
    order = ProcessingOrder.objects.get()
    assert order.call == call
    _log_out(page)

    # Then the OS sees the order in its Sonderpostkorb, with its deadline
    log_in(page, sc.os1.username, PASSWORD)
    page.goto("/o/sc-test/servicecenter/sonderpostkorb/")
    row = page.get_by_role("row", name="Arbeitsbescheinigung")
    row.wait_for()
    assert order.item.due_date.strftime("%d.%m.%Y") in row.inner_text()
    violations += _blocking(page)
    row.get_by_role("link").click()
    page.get_by_role("button", name="Auftrag übernehmen").click()
    page.get_by_label("Erledigung").fill("Bewilligung geprüft, Zahlung angewiesen.")
    page.get_by_role("button", name="Auftrag erledigen").click()
    page.locator("#messages").get_by_text("Der Auftrag ist erledigt.").wait_for()
    _log_out(page)

    # And the team lead's queue board passes axe too
    log_in(page, sc.tl.username, PASSWORD)
    page.goto("/o/sc-test/servicecenter/warteschlangen/")
    page.get_by_text("SOC-L-qualifiziert: 2 von 3 TSB").wait_for()
    violations += _blocking(page)
    assert violations == []
