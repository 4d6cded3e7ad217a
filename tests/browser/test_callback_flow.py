"""Callbacks in a real browser (SOC-05, issue 12): a TSB books a callback from the call screen in
three clicks, a customer books one in the portal, the OS sees both in its calendar and records
the outcomes. axe finds nothing serious or critical on these pages, also at 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from anliegen.core import clock
from anliegen.servicecenter.callbacks import portal as portal_views
from anliegen.servicecenter.callbacks.models import Callback, PlaceWindow, ServicePlace
from anliegen.web.public_forms import FormGuard
from tests.browser.conftest import log_in
from tests.browser.test_tickets_flow import _blocking, _log_out
from tests.factories import PASSWORD
from tests.servicecenter.conftest import build_sc

pytestmark = pytest.mark.browser


def test_tsb_and_customer_book_the_os_works_both(page, screenshot, monkeypatch, request):  # type: ignore[no-untyped-def]
    # A shared, busy machine: generous waits (no timing is asserted).
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    # The portal's minimum fill time would make the test wait; everything else stays.
    guard = portal_views.GUARD
    monkeypatch.setattr(
        portal_views,
        "GUARD",
        FormGuard(salt=guard.salt, group=guard.group, rate=guard.rate, min_seconds=0),
    )
    sc = build_sc()
    sc.customer.phone = "0331 998877"
    sc.customer.save()
    place = ServicePlace.objects.create(
        organisation=sc.org,
        team=sc.os_potsdam,
        name="Platz 1",
        person=sc.os1,
        valid_from=clock.today(),
    )
    for weekday in range(5):
        PlaceWindow.objects.create(place=place, weekday=weekday, start=dt.time(8), end=dt.time(16))
    violations: list[str] = []

    # Given a TSB on the call screen with the customer
    log_in(page, sc.tsb1.username, PASSWORD)
    page.goto(f"/o/sc-test/servicecenter/gespraech/?customer={sc.customer.customer_number}")
    block = page.locator("#rueckruf")
    # When they choose the purpose, the first free time and confirm: three clicks
    block.get_by_role("link", name="Leistungsberatung (30 Min.)").click()
    block.locator(".callback-book__times a").first.click()
    page.locator("#rueckruf").get_by_label("Telefonnummer für den Rückruf").wait_for()
    assert (
        page.locator("#rueckruf").get_by_label("Telefonnummer für den Rückruf").input_value()
        == "0331 998877"
    )
    violations += _blocking(page)
    screenshot(page, "soc-rueckruf-vereinbaren")
    page.locator("#rueckruf").get_by_role("button", name="Rückruf buchen").click()
    # Then the booked time shows with a link to the callback
    page.locator("#rueckruf-booked").wait_for()
    agent_booking = Callback.objects.get(source="agent")
    assert (
        agent_booking.local_start.strftime("%H:%M") in page.locator("#rueckruf-booked").inner_text()
    )
    violations += _blocking(page)
    _log_out(page)

    # Given the customer in the portal, without a login, on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/portal/sc-test/rueckruf/")
    violations += _blocking(page)
    page.get_by_label("Ihr Vor- und Nachname").fill("Jana Beispiel")
    page.get_by_label("Ihre Kundennummer").fill(sc.customer.customer_number)
    page.get_by_label("Ihre Telefonnummer").fill("0331 445566")
    page.get_by_label("Sonstiges Anliegen").check()
    page.get_by_role("button", name="Freie Zeiten anzeigen").click()
    page.get_by_role("heading", name="Zeit wählen").wait_for()
    violations += _blocking(page)
    page.locator("input[name=start]").first.check()
    page.get_by_role("button", name="Diese Zeit buchen").click()
    page.get_by_role("heading", name="Vielen Dank, Ihr Rückruf ist gebucht").wait_for()
    violations += _blocking(page)
    screenshot(page, "soc-rueckruf-portal")
    portal_booking = Callback.objects.get(source="portal")
    assert page.locator("a", has_text="Abmelden").count() == 0
    page.set_viewport_size({"width": 1366, "height": 900})

    # Then, on the day of the callbacks, the OS sees both in its calendar
    day_of = clock.local_date(agent_booking.starts_at)
    traveller = time_machine.travel(
        dt.datetime.combine(day_of, dt.time(16, 30), tzinfo=clock.BERLIN), tick=True
    )
    traveller.start()
    request.addfinalizer(traveller.stop)
    log_in(page, sc.os1.username, PASSWORD)
    day = clock.local_date(agent_booking.starts_at).isoformat()
    page.goto(f"/o/sc-test/servicecenter/rueckrufe/?team={sc.os_potsdam.id}&day={day}")
    grid = page.locator(".callback-grid")
    agent_link = grid.locator(f"a[href$='/rueckrufe/{agent_booking.item_id}/']")
    agent_link.wait_for()
    if clock.local_date(portal_booking.starts_at).isoformat() == day:
        grid.locator(f"a[href$='/rueckrufe/{portal_booking.item_id}/']").wait_for()
    violations += _blocking(page)
    screenshot(page, "soc-rueckrufe-kalender")
    # And records the outcomes: the TSB's booking reached, the portal's not reached
    agent_link.click()
    page.get_by_label("erreicht", exact=True).check()
    page.get_by_role("button", name="Ergebnis speichern").click()
    page.locator("#messages").get_by_text("Der Versuch wurde erfasst.").wait_for()
    violations += _blocking(page)
    page.goto(f"/o/sc-test/servicecenter/rueckrufe/{portal_booking.item_id}/")
    page.get_by_label("nicht erreicht").check()
    page.get_by_label("Notiz").fill("Mailbox")
    page.get_by_role("button", name="Ergebnis speichern").click()
    page.locator("#messages").get_by_text("Der Versuch wurde erfasst.").wait_for()
    agent_booking.refresh_from_db()
    portal_booking.refresh_from_db()
    assert agent_booking.outcome == "reached_first"
    assert portal_booking.attempts.get().result == "not_reached"
    # The calendar at 390 px is a list
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/o/sc-test/servicecenter/rueckrufe/?team={sc.os_potsdam.id}&day={day}")
    page.locator(".callback-list").get_by_role("link").first.wait_for()
    assert not page.locator(".callback-grid").is_visible()
    violations += _blocking(page)
    assert violations == []
