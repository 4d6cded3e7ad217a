"""The SOC endpoints of CONTRACT.md (SOC-02/03/04/06/07): shapes, status codes, German problems,
and nothing changed on bad input."""

from __future__ import annotations

import json

import pytest

from anliegen.servicecenter.models import CallRecord, ProcessingOrder, QueuePlan, RoutingDecision
from tests.api.conftest import Api, assert_problem

BASE = "/orgs/sc-test"


@pytest.fixture
def api() -> Api:
    return Api()


def body(response):
    return json.loads(response.content)


def call_body(sc, **fields):
    values = {
        "call_id": "c-1",
        "agent": "tsb1",
        "topic": "alg",
        "started_at": "2026-12-01T09:50:00+01:00",
        "ended_at": "2026-12-01T09:56:00+01:00",
        "customer_number": sc.customer.customer_number,
        "resolved": True,
        "escalation": "none",
    }
    values.update(fields)
    return values


def put_queue(api, sc, agent="tsb1", user=None, **fields):
    values = {
        "queue": "soc_l",
        "from": "2026-12-01T08:00:00+01:00",
        "until": "2026-12-01T16:00:00+01:00",
    }
    values.update(fields)
    return api.send("put", f"{BASE}/agents/{agent}/queue", values, user or sc.tl)


def test_put_queue(api, sc):
    """SOC-02: PUT …/agents/{username}/queue → 200."""
    response = put_queue(api, sc)
    assert response.status_code == 200, response.content
    data = body(response)
    assert data["agent"] == "tsb1"
    assert data["queue"] == "soc_l"
    assert data["from"] == "2026-12-01T08:00:00+01:00"
    assert data["until"] == "2026-12-01T16:00:00+01:00"


def test_put_queue_unqualified_is_422(api, sc):
    assert_problem(put_queue(api, sc, agent="tsb3"), 422, fields=("queue",))
    assert not QueuePlan.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"until": "2026-12-01T07:00:00+01:00"}, "until"),
        ({"queue": "vip"}, "queue"),
    ],
)
def test_put_queue_bad_input(api, sc, fields, error):
    assert_problem(put_queue(api, sc, **fields), 422, fields=(error,))
    assert not QueuePlan.objects.exists()


def test_put_queue_overlap_is_422_and_replace_gives_way(api, sc):
    put_queue(api, sc)
    later = {"queue": "general", "from": "2026-12-01T13:00:00+01:00"}
    assert_problem(put_queue(api, sc, **later), 422, fields=("from",))
    assert put_queue(api, sc, replace=True, **later).status_code == 200
    assert QueuePlan.objects.count() == 2


def test_put_queue_unknown_agent_is_404(api, sc):
    assert_problem(put_queue(api, sc, agent="nobody"), 404)


def test_route(api, sc):
    """SOC-03: POST …/calls/route → 200 {decision_id, queue, agents, reason}; same id again."""
    put_queue(api, sc)
    payload = {"call_id": "cti-77", "dialled": "national", "topic": "alg"}
    first = api.post(f"{BASE}/calls/route", payload, sc.tsb2)
    assert first.status_code == 200, first.content
    data = body(first)
    assert data["queue"] == "soc_l"
    assert data["agents"] == ["tsb1"]
    assert data["reason"] == "Frage zum Arbeitslosengeld: qualifizierte TSB im SOC-L-Rufkreis."
    again = body(api.post(f"{BASE}/calls/route", {**payload, "topic": "other"}, sc.tsb2))
    assert again["decision_id"] == data["decision_id"]
    assert again["replayed"]
    assert RoutingDecision.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"topic": "weather"}, "topic"),
        ({"dialled": "fax"}, "dialled"),
        ({"customer_number": "X"}, "customer_number"),
    ],
)
def test_route_bad_input(api, sc, fields, error):
    payload = {"call_id": "cti-1", "dialled": "agency", "topic": "alg", **fields}
    assert_problem(api.post(f"{BASE}/calls/route", payload, sc.tsb1), 422, fields=(error,))
    assert not RoutingDecision.objects.exists()


def test_record_call(api, sc):
    """SOC-04: POST …/calls → 201; second record for the call id → 409."""
    response = api.post(f"{BASE}/calls", call_body(sc), sc.tsb1)
    assert response.status_code == 201, response.content
    data = body(response)
    assert data["id"]
    assert data["escalation"] == "none"
    assert data["resolved"] is True
    history = body(
        api.get(f"/orgs/sc-test/customers/{sc.customer.customer_number}/history", sc.tsb1)
    )
    assert history[0]["text"].startswith("Anruf im Service Center")
    assert_problem(api.post(f"{BASE}/calls", call_body(sc), sc.tsb1), 409)
    assert CallRecord.objects.count() == 1


def test_warm_transfer_without_reason_is_422(api, sc):
    response = api.post(f"{BASE}/calls", call_body(sc, escalation="warm_transfer"), sc.tsb1)
    assert_problem(response, 422, fields=("reason",))
    ok = api.post(
        f"{BASE}/calls", call_body(sc, escalation="warm_transfer", reason="Dringend"), sc.tsb1
    )
    assert ok.status_code == 201


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"agent": "ghost"}, "agent"),
        ({"topic": "weather"}, "topic"),
        ({"customer_number": "NOPE"}, "customer_number"),
        ({"escalation": "pigeon"}, "escalation"),
    ],
)
def test_call_bad_input(api, sc, fields, error):
    assert_problem(
        api.post(f"{BASE}/calls", call_body(sc, **fields), sc.tsb1), 422, fields=(error,)
    )
    assert not CallRecord.objects.exists()


def test_processing_order(api, sc):
    """SOC-06: POST …/processing-orders → 201 {id, due_date, status}."""
    payload = {
        "team": sc.os_potsdam.id,
        "customer_number": sc.customer.customer_number,
        "concern": "Bitte Bescheid prüfen",
        "call_id": "c-9",
    }
    response = api.post(f"{BASE}/processing-orders", payload, sc.tsb1)
    assert response.status_code == 201, response.content
    data = body(response)
    assert data["due_date"] == "2026-12-08"
    assert data["status"] == "open"
    assert data["traffic_light"] == "green"
    assert data["call_id"] == "c-9"
    order_id = data["id"]
    got = api.get(f"{BASE}/processing-orders/{order_id}", sc.os1)
    assert body(got)["concern"] == "Bitte Bescheid prüfen"
    taken = api.post(f"{BASE}/processing-orders/{order_id}/assign", {"assignee": "os1"}, sc.os1)
    assert body(taken)["assignee"] == "os1"
    assert_problem(
        api.post(f"{BASE}/processing-orders/{order_id}/complete", {"resolution": " "}, sc.os1), 422
    )
    done = api.post(
        f"{BASE}/processing-orders/{order_id}/complete", {"resolution": "Erledigt"}, sc.os1
    )
    assert body(done)["status"] == "done"
    assert_problem(
        api.post(f"{BASE}/processing-orders/{order_id}/complete", {"resolution": "x"}, sc.os1), 409
    )


def test_processing_order_to_foreign_team_is_422(api, sc, other):
    payload = {
        "team": other.team.id,
        "customer_number": sc.customer.customer_number,
        "concern": "x",
    }
    assert_problem(api.post(f"{BASE}/processing-orders", payload, sc.tsb1), 422, fields=("team",))
    assert not ProcessingOrder.objects.exists()


def test_hotlines(api, sc):
    """SOC-07: number, hours and who is on duty."""
    data = body(api.get(f"{BASE}/os-hotlines", sc.tsb1))
    potsdam = next(h for h in data if h["service"] == "OS Potsdam")
    assert potsdam["number"] == "0331 880-1234"
    assert potsdam["open_now"] is True
    assert potsdam["on_duty_today"] == ["os1"]
    assert len(potsdam["hours"]) == 5


def test_queues_extension(api, sc):
    put_queue(api, sc)
    data = body(api.get(f"{BASE}/queues", sc.tl))
    assert {(a["agent"], a["queue"]) for a in data} == {
        ("tsb1", "soc_l"),
        ("tsb2", "general"),
        ("tsb3", "general"),
    }


def test_warm_transfers_for_leads(api, sc):
    body_ = call_body(sc, escalation="warm_transfer", reason="Dringend: Zahlung fehlt")
    api.post(f"{BASE}/calls", body_, sc.tsb1)
    data = body(api.get(f"{BASE}/warm-transfers", sc.tl))
    assert [(c["call_id"], c["reason"]) for c in data] == [("c-1", "Dringend: Zahlung fehlt")]
    assert_problem(api.get(f"{BASE}/warm-transfers", sc.tsb1), 403)


def test_processing_order_for_unknown_customer_is_422(api, sc):
    payload = {"team": sc.os_potsdam.id, "customer_number": "NOPE", "concern": "x"}
    assert_problem(
        api.post(f"{BASE}/processing-orders", payload, sc.tsb1), 422, fields=("customer_number",)
    )
    assert not ProcessingOrder.objects.exists()
