"""The service-centre pages (SOC-02/04/06/07): call screen, simulated routed call, queue board,
Sonderpostkorb and order page; German, with the same checks as the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from anliegen.core.clock import BERLIN
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.servicecenter.models import CallRecord, ProcessingOrder, QueuePlan, RoutingDecision
from anliegen.servicecenter.orders import actions as orders
from anliegen.work.models import WorkItem

CALL = "/o/sc-test/servicecenter/gespraech/"
QUEUES = "/o/sc-test/servicecenter/warteschlangen/"
INBOX = "/o/sc-test/servicecenter/sonderpostkorb/"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def test_call_screen_shows_queue_customer_hotline(sc):
    page = text(login(sc.tsb1).get(CALL, {"customer": sc.customer.customer_number}))
    assert "Gesprächserfassung" in page
    assert "Sie sind jetzt in: allgemeine Queue." in page
    assert "Jana Beispiel" in page or "Beispiel" in page
    assert "0331 880-1234" in page
    assert "Heute im Dienst:" in page
    assert "Os1 Test" in page


def test_call_screen_search(sc):
    page = text(login(sc.tsb1).get(CALL, {"q": "Beispiel"}))
    assert sc.customer.customer_number in page


@pytest.mark.parametrize(
    ("who", "status"), [("os1", 403), ("os_tl", 403), ("tsb1", 200), ("fit", 200), ("tl", 200)]
)
def test_call_screen_access(sc, who, status):
    assert login(getattr(sc, who)).get(CALL).status_code == status


def test_call_screen_other_org_is_404(sc, world):
    assert login(world.tl).get(CALL).status_code == 404


def post_call(client, sc, **fields):
    data = {
        "call_id": "web-1",
        "customer_number": sc.customer.customer_number,
        "customer": sc.customer.customer_number,
        "topic": "alg",
        "resolved": "yes",
        "escalation": "none",
        "reason": "",
        "order_team": "",
        "order_concern": "",
    }
    data.update(fields)
    return client.post(CALL, data)


def test_record_call_on_the_screen(sc):
    response = post_call(login(sc.tsb1), sc)
    assert response.status_code == 302
    call = CallRecord.objects.get()
    assert call.agent == sc.tsb1
    assert call.resolved
    assert HistoryEntry.objects.filter(customer=sc.customer).count() == 1


def test_warm_transfer_without_reason_on_the_screen(sc):
    response = post_call(login(sc.tsb1), sc, escalation="warm_transfer", resolved="no")
    assert response.status_code == 200
    assert "Eine warme Übergabe an den OS braucht eine Begründung" in text(response)
    assert not CallRecord.objects.exists()


def test_processing_order_from_the_screen(sc):
    response = post_call(
        login(sc.tsb1),
        sc,
        resolved="no",
        escalation="processing_order",
        order_team=str(sc.os_potsdam.id),
        order_concern="Änderungsmitteilung liegt vor",
    )
    assert response.status_code == 302
    assert ProcessingOrder.objects.get().call.call_id == "web-1"


def test_processing_order_without_team_on_the_screen(sc):
    response = post_call(
        login(sc.tsb1), sc, resolved="no", escalation="processing_order", order_concern="x"
    )
    assert response.status_code == 200
    assert "kein Team eines Operativen Service" in text(response)
    assert not CallRecord.objects.exists()


def test_duplicate_call_on_the_screen(sc):
    client = login(sc.tsb1)
    post_call(client, sc)
    response = post_call(client, sc)
    assert "Dieser Anruf ist bereits erfasst." in text(response)
    assert CallRecord.objects.count() == 1


def test_simulated_call_is_routed_and_opens_the_screen(sc):
    client = login(sc.tsb1)
    response = client.post(
        CALL + "anruf/",
        {"dialled": "national", "topic": "alg", "customer_number": sc.customer.customer_number},
    )
    decision = RoutingDecision.objects.get()
    assert response.status_code == 302
    assert f"call={decision.call_id}" in response["Location"]
    page = text(client.get(response["Location"]))
    assert "Überlauf zu qualifizierten TSB" in page
    assert decision.call_id in page


def test_queue_board_and_move_for_the_afternoon(sc):
    client = login(sc.tl)
    page = text(client.get(QUEUES))
    assert "SOC-L-qualifiziert: 2 von 3 TSB (67 %)" in page
    assert "Richtwert etwa 40 %" in page
    response = client.post(
        QUEUES + "umplanen/", {"agent": "tsb1", "queue": "soc_l", "start": "13:00", "end": "18:00"}
    )
    assert response.status_code == 302
    plan = QueuePlan.objects.get()
    assert plan.queue == "soc_l"
    assert plan.agent == sc.tsb1
    page = text(client.get(QUEUES))
    assert "13:00–18:00 SOC-L-Rufkreis" in page


def test_move_unqualified_agent_is_refused_with_message(sc):
    client = login(sc.tl)
    response = client.post(
        QUEUES + "umplanen/",
        {"agent": "tsb3", "queue": "soc_l", "start": "13:00", "end": "18:00"},
        follow=True,
    )
    assert "keine SOC-L-Qualifikation" in text(response)
    assert not QueuePlan.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("tsb1", 403), ("os1", 403), ("tl", 200), ("rl", 200)])
def test_queue_board_access(sc, who, status):
    assert login(getattr(sc, who)).get(QUEUES).status_code == status


def test_inbox_and_order_page(sc):
    order = orders.create_order(
        actor=sc.tsb1,
        scope=scope_for(sc.tsb1, sc.org),
        team_id=sc.os_potsdam.id,
        customer=sc.customer,
        concern="Nachweis eingereicht",
    )
    client = login(sc.os1)
    page = text(client.get(INBOX))
    assert "Nachweis eingereicht" in page
    assert "08.12.2026" in page
    assert "grün" in page.lower()
    detail = f"{INBOX}{order.item_id}/"
    assert "Auftrag übernehmen" in text(client.get(detail))
    client.post(detail + "zuweisen/", {"assignee": "os1"})
    assert WorkItem.objects.get(id=order.item_id).assignee == sc.os1
    response = client.post(detail + "erledigen/", {"resolution": ""})
    assert response.status_code == 422
    client.post(detail + "erledigen/", {"resolution": "Zahlung freigegeben"})
    assert WorkItem.objects.get(id=order.item_id).status == "done"
    assert "Keine offenen Aufträge." in text(client.get(INBOX))


@pytest.mark.parametrize(
    ("who", "status"), [("tsb1", 403), ("os1", 200), ("os_tl", 200), ("rl", 200)]
)
def test_inbox_access(sc, who, status):
    assert login(getattr(sc, who)).get(INBOX).status_code == status


def test_customer_page_shows_the_service_centre_panel(sc):
    from anliegen.servicecenter import calls

    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)
    calls.record_call(
        actor=sc.tsb1,
        scope=scope_for(sc.tsb1, sc.org),
        data=calls.CallData(
            call_id="p-1",
            agent="tsb1",
            topic="alg",
            started_at=start,
            ended_at=start + dt.timedelta(minutes=3),
            resolved=True,
            escalation="none",
            customer_number=sc.customer.customer_number,
        ),
    )
    page = text(login(sc.tsb1).get(f"/o/sc-test/kunden/{sc.customer.customer_number}/"))
    assert "Letzte Anrufe" in page
    assert "OS-Hotline 0331 880-1234" in page
    assert "Anruf für diese Kundin oder diesen Kunden erfassen" in page


def test_no_service_centre_panel_in_a_job_centre(world, customer):
    page = text(login(world.tl).get(f"/o/jc-test/kunden/{customer.customer_number}/"))
    assert "Letzte Anrufe" not in page
    assert "Record a call" not in page
