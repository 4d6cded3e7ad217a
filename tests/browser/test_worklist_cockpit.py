"""Issue 9 in a real browser: at 390 px the Postkorb shows its rows as cards without sideways
scrolling; "select all on this page" ticks every row (progressive enhancement); sorting by a
column header is kept for the next visit."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_customer
from tests.web.helpers import make_item

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(world):  # type: ignore[no-untyped-def]
    customer = make_customer(world, customer_number="K4712")
    long_title = "Rückfrage zum Weiterbewilligungsantrag mit sehr langem Titel " * 2
    make_item(world, assignee=world.worker, light="green", title="Grün", priority=1)
    make_item(world, assignee=world.worker, light="red", title=long_title, customer=customer)
    make_item(world, assignee=world.worker, light="amber", title="Gelb", kind="follow_up")


def test_the_postkorb_is_cards_at_390_px_without_sideways_scrolling(page, world, desk):  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, world.worker.username, PASSWORD)
    table = page.locator("table.worklist")
    table.wait_for()
    wrap = page.locator(".worklist-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    box = table.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    first = page.locator("table.worklist tbody tr").first
    assert first.evaluate("e => getComputedStyle(e).display") == "block"
    assert "rot" in first.inner_text()  # the most urgent first


def test_select_all_and_sorting_by_a_header(page, world, desk):  # type: ignore[no-untyped-def]
    log_in(page, world.worker.username, PASSWORD)
    page.get_by_label("Alle Vorgänge dieser Seite auswählen").check()
    boxes = page.locator("tbody input[name='items']")
    assert boxes.count() == 3
    assert all(boxes.nth(i).is_checked() for i in range(3))
    page.get_by_role("link", name="Priorität").first.click()
    page.wait_for_url("**sort=priority**")
    assert "Grün" in page.locator("tbody tr").first.inner_text()
    page.goto(page.url.split("?")[0])
    assert "Grün" in page.locator("tbody tr").first.inner_text()  # the order was kept
