"""The web shell in the browser (issue 9): keyboard shortcuts on lists, the global search, and
the navigation folding away at 390 px (defect 8) — also without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_customer

pytestmark = pytest.mark.browser


def _customers(world):  # type: ignore[no-untyped-def]
    return [
        make_customer(world, customer_number=f"K77{i}", last_name=name)
        for i, name in enumerate(["Albers", "Brandt", "Conrad"])
    ]


def test_keyboard_moves_through_a_list_and_opens_a_row(page, world, screenshot):  # type: ignore[no-untyped-def]
    _customers(world)
    log_in(page, world.tl.username, PASSWORD)
    page.goto(f"/o/{world.org.slug}/kunden/")
    page.locator("h1").click()  # the focus is on the page, not in a field
    page.keyboard.press("j")
    rows = page.locator("#main table tbody tr")
    assert "is-kbd-current" in (rows.nth(0).get_attribute("class") or "")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert "is-kbd-current" in (rows.nth(1).get_attribute("class") or "")
    assert "is-kbd-current" not in (rows.nth(0).get_attribute("class") or "")
    focused = page.evaluate(
        "document.activeElement.closest('tr') === document.querySelectorAll('#main table tbody tr')[1]"
    )
    assert focused
    screenshot(page, "keyboard-list")
    page.keyboard.press("o")
    page.wait_for_url("**/kunden/K771/")


def test_slash_goes_to_the_search_and_question_mark_shows_the_help(page, world):  # type: ignore[no-untyped-def]
    customers = _customers(world)
    log_in(page, world.tl.username, PASSWORD)
    page.locator("h1").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type("j")  # typing in the field is no shortcut
    assert page.locator("#site-search").input_value() == "j"
    page.locator("#site-search").fill(customers[2].customer_number)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/kunden/{customers[2].customer_number}/")
    page.locator("h1").click()
    page.keyboard.press("?")
    dialog = page.locator("#shortcut-help")
    assert dialog.is_visible()
    assert "Tastenkürzel" in dialog.inner_text()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


def _nav_height(tab) -> float:  # type: ignore[no-untyped-def]
    return tab.evaluate("document.getElementById('main').getBoundingClientRect().top")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_navigation_folds_away_on_a_phone(browser, live_server, world, screenshot, javascript):  # type: ignore[no-untyped-def]
    """Defect 8: at 390 px the navigation took 470 px before any content."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 390, "height": 844},
        java_script_enabled=javascript,
    )
    tab = context.new_page()
    try:
        log_in(tab, world.tl.username, PASSWORD)
        assert _nav_height(tab) < 200
        worklist_link = tab.locator(".main-nav__list a", has_text="Mein Postkorb")
        assert not worklist_link.is_visible()
        toggle = tab.locator(".main-nav__toggle")
        assert toggle.is_visible()
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(tab, f"nav-390-closed-js{int(javascript)}")
        toggle.click()
        assert worklist_link.is_visible()
        screenshot(tab, f"nav-390-open-js{int(javascript)}")
    finally:
        context.close()


def test_the_navigation_is_open_on_a_wide_screen(page, world, screenshot):  # type: ignore[no-untyped-def]
    log_in(page, world.tl.username, PASSWORD)
    assert page.locator(".main-nav__list a", has_text="Mein Postkorb").is_visible()
    assert not page.locator(".main-nav__toggle").is_visible()
    page.locator(".main-nav__list a", has_text="Fristenrechner").click()
    page.wait_for_url("**/fristenrechner/")
    screenshot(page, "nav-1366")


def test_form_errors_are_brought_into_view(page, world):  # type: ignore[no-untyped-def]
    """Defect 7: after sending a form with errors, the focus is at the form's errors, which are
    inside the visible part of the page (also when the form sits below the fold)."""
    log_in(page, world.tl.username, PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 500})
    page.goto(f"/o/{world.org.slug}/fristenrechner/?received=&unit=working_days&n=0&state=BE")
    focused = page.evaluate(
        "(() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
        " return [e.hasAttribute('data-error-summary') || e.getAttribute('aria-invalid') === 'true',"
        " r.top >= 0 && r.bottom <= window.innerHeight + 1]; })()"
    )
    assert focused == [True, True]


def test_tables_do_not_push_the_page_sideways_on_a_phone(browser, live_server, world):  # type: ignore[no-untyped-def]
    """Defect 8: a table scrolls in its own box; its visually hidden texts stay inside it."""
    import datetime as dt

    from anliegen.core import clock
    from anliegen.org.models import Absence

    today = clock.today()
    for person in (world.tl, world.worker, world.worker2):
        Absence.objects.create(
            user=person,
            organisation=world.org,
            start=today,
            end=today + dt.timedelta(days=14),
            deputy=world.deputy,
            note="Urlaub mit einem recht langen Vermerk zur Vertretung",
        )
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 390, "height": 844}
    )
    tab = context.new_page()
    try:
        log_in(tab, world.tl.username, PASSWORD)
        tab.goto(f"/o/{world.org.slug}/abwesenheiten/")
        assert tab.locator("#main table").count() >= 1
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
