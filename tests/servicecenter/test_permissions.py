"""Permission matrix of the SOC endpoints: SC roles, OS roles, management, and job-centre staff
of another organisation (404, never data)."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api

BASE = "/orgs/sc-test"


@pytest.fixture
def api() -> Api:
    return Api()


def route(api, sc, user):
    return api.post(
        f"{BASE}/calls/route",
        {"call_id": f"p-{getattr(user, 'username', 'anon')}", "dialled": "agency", "topic": "alg"},
        user,
    )


def call(api, sc, user):
    return api.post(
        f"{BASE}/calls",
        {
            "call_id": f"p-{getattr(user, 'username', 'anon')}",
            "agent": "tsb1",
            "topic": "alg",
            "started_at": "2026-12-01T09:00:00+01:00",
            "ended_at": "2026-12-01T09:05:00+01:00",
            "resolved": True,
            "escalation": "none",
        },
        user,
    )


def queue(api, sc, user):
    return api.send(
        "put",
        f"{BASE}/agents/tsb2/queue",
        {
            "queue": "general",
            "from": "2026-12-01T12:00:00+01:00",
            "until": "2026-12-01T13:00:00+01:00",
        },
        user,
    )


def order(api, sc, user):
    return api.post(
        f"{BASE}/processing-orders",
        {"team": sc.os_potsdam.id, "customer_number": sc.customer.customer_number, "concern": "x"},
        user,
    )


def queues(api, sc, user):
    return api.get(f"{BASE}/queues", user)


ENDPOINTS = {"route": route, "call": call, "queue": queue, "order": order, "queues": queues}

#: Expected status per endpoint and role. tsb1 records its own call; tsb2 someone else's (403).
MATRIX = {
    "tsb1": {"route": 200, "call": 201, "queue": 403, "order": 201, "queues": 403},
    "tsb2": {"route": 200, "call": 403, "queue": 403, "order": 201, "queues": 403},
    "fit": {"route": 200, "call": 403, "queue": 403, "order": 201, "queues": 403},
    "tl": {"route": 200, "call": 201, "queue": 200, "order": 201, "queues": 200},
    "rl": {"route": 200, "call": 201, "queue": 200, "order": 201, "queues": 200},
    "os_tl": {"route": 403, "call": 403, "queue": 403, "order": 403, "queues": 403},
    "os1": {"route": 403, "call": 403, "queue": 403, "order": 403, "queues": 403},
}


@pytest.mark.parametrize("who", list(MATRIX))
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_matrix(api, sc, who, endpoint):
    response = ENDPOINTS[endpoint](api, sc, getattr(sc, who))
    assert response.status_code == MATRIX[who][endpoint], response.content


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_job_centre_staff_of_another_organisation_get_404(api, sc, world, endpoint):
    for user in (world.tl, world.worker, world.gf):
        assert ENDPOINTS[endpoint](api, sc, user).status_code == 404


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_no_token_is_401(api, sc, endpoint):
    assert ENDPOINTS[endpoint](api, sc, None).status_code == 401


def test_soc_endpoints_in_a_job_centre_are_403(api, world):
    """A job centre is no service-centre region: its staff cannot route there either."""
    response = api.post(
        "/orgs/jc-test/calls/route", {"call_id": "x", "dialled": "agency", "topic": "alg"}, world.gf
    )
    assert response.status_code == 403


def test_order_of_another_os_is_404(api, sc):
    created = order(api, sc, sc.tsb1).json()
    assert api.get(f"{BASE}/processing-orders/{created['id']}", sc.os_md).status_code == 404
    assert api.get(f"{BASE}/processing-orders/{created['id']}", sc.os_tl).status_code == 200
