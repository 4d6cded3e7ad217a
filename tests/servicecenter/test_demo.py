"""Issue 11 "done when": in the demo region sc-region-ost a TSB of SC Berlin sees their queue,
a simulated Alg call is routed to a qualified agent, the OS team sees processing orders with
deadlines, and the team lead can move agents. Loads only that organisation (small)."""

from __future__ import annotations

import pytest
from django.test import Client

from anliegen.demo import data
from anliegen.demo.loader import DemoLoader
from anliegen.demo.servicecenter import add_demo_servicecenter
from anliegen.org.models import Membership, Organisation, User
from anliegen.org.roles import Role
from anliegen.org.scope import scope_for
from anliegen.servicecenter import routing
from anliegen.servicecenter.models import (
    CallRecord,
    OperativeService,
    ProcessingOrder,
    Qualification,
)


@pytest.fixture
def region(db, travel, monkeypatch):  # type: ignore[no-untyped-def]
    travel("2026-12-01 10:00")
    monkeypatch.setattr(data, "ORGANISATIONS", (data.SC_OST,))
    DemoLoader(password="Demo-Passwort-1", customers_per_org=40, log=lambda _text: None).load()
    return Organisation.objects.get(slug="sc-region-ost")


def test_demo_region_is_complete_and_idempotent(region):
    assert OperativeService.objects.filter(organisation=region).count() == 3
    assert Qualification.objects.filter(organisation=region).exists()
    assert ProcessingOrder.objects.filter(organisation=region).exists()
    assert CallRecord.objects.filter(organisation=region, escalation="warm_transfer").count() == 2
    before = CallRecord.objects.count()
    assert add_demo_servicecenter(region) == 0
    assert CallRecord.objects.count() == before


def test_demo_alg_call_goes_to_a_qualified_agent(region):
    tsb = User.objects.get(username="tsb.sc-ost")
    decision, _new = routing.route(
        actor=tsb, scope=scope_for(tsb, region), call_id="demo-1", dialled="agency", topic="alg"
    )
    assert decision.queue == "soc_l"
    assert decision.agents
    qualified = set(
        Qualification.objects.filter(organisation=region).values_list("agent__username", flat=True)
    )
    assert set(decision.agents) <= qualified


def test_demo_pages_for_tsb_os_and_lead(region):
    for username, path, expected in (
        ("tsb.sc-ost", "gespraech/", "Sie sind jetzt in: SOC-L-Rufkreis."),
        ("os.sc-ost", "sonderpostkorb/", "Bearbeitungsaufträge aus dem Service Center"),
        ("tl.sc-ost", "warteschlangen/", "SOC-L-qualifiziert"),
    ):
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get(f"/o/sc-region-ost/servicecenter/{path}")
        assert response.status_code == 200
        assert expected in response.content.decode()


def test_demo_region_lead_sees_kpis(region):
    """SOC-08 in the demo: the SC team lead opens the KPIs; the region's management sees all of
    the demo's Alg calls (the last six weeks) in the default period."""
    lead = Client()
    lead.force_login(User.objects.get(username="tl.sc-ost"))
    page = "/o/sc-region-ost/servicecenter/kennzahlen/"
    assert lead.get(page).status_code == 200
    management = Membership.objects.filter(organisation=region, role=Role.MANAGEMENT).first()
    assert management is not None
    client = Client()
    client.force_login(management.user)
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Erstkontaktlösung der Alg-Anrufe je Woche" in html
    alg = CallRecord.objects.filter(organisation=region, topic="alg").count()
    assert alg > 0
    assert f"<dd>{alg}</dd>" in html


def test_demo_staffing_page_forecasts_from_recorded_calls(region, travel):
    """SOC-09 in the demo: the SC team lead opens the staffing page and, without uploading a
    forecast, sees the need per interval derived from the calls of the past weeks — also on a
    Saturday, when the page proposes Monday (the next working day), not Sunday."""
    travel("2026-12-05 10:00")
    lead = Client()
    lead.force_login(User.objects.get(username="tl.sc-ost"))
    response = lead.get("/o/sc-region-ost/servicecenter/personalbedarf/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "keine Anrufe erfasst" not in html
    assert "Noch keine Anrufe erfasst" not in html
    assert "<svg" in html
