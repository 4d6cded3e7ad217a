"""SOC-09 in a real browser: a team lead of the service centre opens the staffing page from the
navigation, uploads a forecast, reads the need per interval and the queue-move table, and
exports the table. The page passes axe (nothing serious or critical) before and after."""

from __future__ import annotations

import pytest

from anliegen.servicecenter.models import DefaultQueue
from tests.browser.conftest import log_in
from tests.browser.test_tickets_flow import _blocking
from tests.factories import PASSWORD
from tests.servicecenter.conftest import build_sc

pytestmark = pytest.mark.browser

CSV = b"weekday;time;calls;other_calls\nMi;08:00;100;20\nMi;08:30;40;10\n"


def test_team_lead_plans_staffing(page, screenshot, tmp_path):  # type: ignore[no-untyped-def]
    sc = build_sc()
    DefaultQueue.objects.create(organisation=sc.org, agent=sc.tsb1, queue="soc_l")
    forecast = tmp_path / "prognose.csv"
    forecast.write_bytes(CSV)
    violations: list[str] = []

    log_in(page, sc.tl.username, PASSWORD)
    page.goto("/o/sc-test/servicecenter/warteschlangen/")
    page.get_by_role("link", name="Personalbedarf").first.click()
    page.get_by_role("heading", level=1, name="Personalbedarf").wait_for()
    violations += _blocking(page)

    page.get_by_label("eine Prognose hochladen (CSV)").check()
    page.get_by_label("Prognosedatei (CSV)").set_input_files(str(forecast))
    page.get_by_role("textbox", name="Tag").fill("2026-12-02")
    page.get_by_role("button", name="Berechnen").click()
    page.get_by_role("heading", name="Bedarf je Intervall am Mittwoch, 02.12.2026").wait_for()
    table = page.get_by_role("table", name="SOC-L-Anrufgruppe (Alg-Anrufe) und allgemeine Queue")
    assert table.get_by_role("row").count() == 3
    assert page.get_by_role("img", name="Bedarf und Planung qualifizierter Kräfte").is_visible()
    page.get_by_role("heading", name="Umverteilung zwischen den Queues um 08:00").wait_for()
    violations += _blocking(page)
    screenshot(page, "soc-personalbedarf")

    with page.expect_download() as download:
        page.get_by_role("button", name="Als CSV exportieren").click()
    content = download.value.path().read_bytes().decode("utf-8-sig")
    assert content.splitlines()[1].startswith("08:00;100,0;180,0;14;14;")
    assert violations == []
