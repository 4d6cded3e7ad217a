"""Issue 9, defect 8 (layout of the KRM pages): at 1366 px the KRM register fits the window
(it was 1882 px wide) and "Ergebnis erfassen und abschließen" on the reaction page is not
clipped; at 390 px neither page scrolls sideways; the KRM list shows, under "eingehalten", the
day the acknowledgement was sent, not its due date."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.core import clock
from anliegen.org.scope import scope_for
from anliegen.reactions import actions
from anliegen.reactions.models import Topic
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

WIDE, NARROW = 1366, 390
LONG = (
    "Mein Widerspruch gegen den Bescheid vom Oktober ist seit Wochen unbearbeitet, niemand ruft "
    "zurück und die Hotline ist dauerhaft besetzt."
)


def _reactions(world):
    scope = scope_for(world.office, world.org)
    topics = [
        Topic.objects.create(organisation=world.org, name=name)
        for name in ("Bescheid und Widerspruchsverfahren", "Erreichbarkeit der Hotline")
    ]
    common = {
        "actor": world.office,
        "scope": scope,
        "received_at": clock.now() - dt.timedelta(days=3),
        "team_ids": [world.team.id, world.team_integration.id],
        "text": LONG,
        "sender_name": "Maximilian Alexander Mustermann-Beispielhausen",
    }
    done = actions.record_reaction(
        channel="letter", kind="complaint", concerns=[t.id for t in topics], **common
    )
    open_one = actions.record_reaction(
        channel="email", kind="criticism", concerns=[topics[0].id], **common
    )
    actions.record_outcome(
        actor=world.office, scope=scope, reaction=done, outcome="justified", summary=LONG
    )
    return done, open_one


def _overflow(tab) -> int:
    """How far the page reaches beyond the window (0: no sideways scrolling)."""
    return tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _clipped(tab, selector: str) -> list[str]:
    """Elements matching ``selector`` whose content is cut off or that leave the window."""
    return tab.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].filter((el) => {
            const box = el.getBoundingClientRect();
            return el.scrollWidth > el.clientWidth + 1 || box.right > window.innerWidth + 1
                || box.left < -1;
        }).map((el) => el.outerHTML.slice(0, 120))""",
        selector,
    )


def test_register_fits_the_window(page, world, screenshot):
    """Defect 8: the KRM register fits 1366 px (it was 1882 px) and 390 px."""
    _reactions(world)
    log_in(page, world.office.username, PASSWORD)
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/o/{world.org.slug}/reaktionen/register/")
        page.get_by_role("heading", name="KRM-Register").wait_for()
        screenshot(page, f"krm-register-{width}")
        assert _overflow(page) <= 0, f"register scrolls sideways at {width} px"
        assert not _clipped(page, "main .button:not(.table-wrap .button)"), width
        if width == WIDE:  # the whole register is in view, no scrolling inside its frame
            assert not _clipped(page, "main .table-wrap, main .table-wrap .button"), width


def test_outcome_button_is_not_clipped(page, world, screenshot):
    """Defect 8: "Ergebnis erfassen und abschließen" is fully visible at 1366 and 390 px."""
    _done, open_one = _reactions(world)
    log_in(page, world.gf.username, PASSWORD)
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/o/{world.org.slug}/reaktionen/{open_one.id}/")
        button = page.get_by_role("button", name="Ergebnis erfassen und abschließen")
        button.wait_for()
        screenshot(page, f"krm-detail-{width}")
        assert not _clipped(page, "main .button, main button"), width
        assert _overflow(page) <= 0, f"reaction page scrolls sideways at {width} px"
