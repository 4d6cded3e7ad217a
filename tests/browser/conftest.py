"""Browser tests drive Debian's Chromium through Playwright against pytest-django's live server.

Without /usr/bin/chromium the tests are skipped locally, but fail in CI (``CI`` set), so that a
missing browser never hides a broken UI there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# One Playwright and one Chromium per test process, shared by every module that uses (or
# imports) the ``browser`` fixture: a second sync Playwright in the same thread would fail.
_RUNNING: dict[str, Any] = {}


def _chromium() -> Any:
    if "browser" not in _RUNNING:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _RUNNING["playwright"] = playwright
        _RUNNING["browser"] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    return _RUNNING["browser"]


def _shutdown() -> None:
    chromium, playwright = _RUNNING.pop("browser", None), _RUNNING.pop("playwright", None)
    if chromium is not None:
        chromium.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    yield _chromium()
    _shutdown()


@pytest.fixture
def page(browser, live_server, transactional_db):  # type: ignore[no-untyped-def]
    """A fresh German browser context on the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1366, "height": 900},
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def screenshot():  # type: ignore[no-untyped-def]
    """Save a full-page screenshot when ANLIEGEN_SCREENSHOT_DIR is set (for reviewing the layout)."""
    target = os.environ.get("ANLIEGEN_SCREENSHOT_DIR")

    def _shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(Path(target) / f"{name}.png"), full_page=True)

    return _shot


def log_in(tab, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto("/anmelden/")
    tab.get_by_label("Benutzername").fill(username)
    tab.get_by_label("Passwort").fill(password)
    tab.get_by_role("button", name="Anmelden").click()
    tab.wait_for_url("**/postkorb/")
