"""Ticket endpoints (CONTRACT "Tickets"; TKT-01 … TKT-04, TKT-09, TKT-11, TKT-12)."""

import json

import pytest

from anliegen.org.roles import Role
from anliegen.tickets.models import Completion, Ticket
from tests.api.conftest import assert_problem
from tests.factories import make_customer, make_user


@pytest.fixture
def agent(world):
    return make_user("agent", org=world.org, role=Role.PHONE_AGENT)


@pytest.fixture
def cust(world):
    return make_customer(world, contact_person=world.worker)


def _create(api, agent, cust, **overrides):
    body = {
        "area": "benefits",
        "customer_number": cust.customer_number,
        "concern": "Frage zum Bescheid",
        "kind": "concern",
        "received_at": "2026-11-23T09:15:00+01:00",
    }
    body.update(overrides)
    return api.post("/orgs/jc-test/tickets", body, user=agent)


def test_create_returns_contract_fields(api, world, agent, cust, travel):
    travel("2026-11-23 10:00")
    response = _create(api, agent, cust)
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert body["due_date"] == "2026-11-30"
    assert body["priority"] == 1
    assert body["status"] == "open"
    assert body["assignee"] == "worker"
    assert isinstance(body["id"], int)
    again = api.get(f"/orgs/jc-test/tickets/{body['id']}", user=world.worker)
    assert json.loads(again.content)["concern"] == "Frage zum Bescheid"


def test_integration_is_two_working_days(api, agent, cust, travel):
    travel("2027-03-05 10:00")
    response = _create(
        api, agent, cust, area="integration", received_at="2027-03-05T09:00:00+01:00"
    )
    body = json.loads(response.content)
    assert body["due_date"] == "2027-03-10"  # Berlin: Frauentag on Monday 8 March
    assert body["priority"] == 2


def test_idempotency_key_returns_the_same_ticket(api, agent, cust, travel):
    travel("2026-11-23 10:00")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.token(agent)}", "HTTP_IDEMPOTENCY_KEY": "sc-1"}
    body = json.dumps({"area": "benefits", "customer_number": cust.customer_number, "concern": "x"})
    first = api.client.post(
        "/api/v1/orgs/jc-test/tickets", body, content_type="application/json", **headers
    )
    second = api.client.post(
        "/api/v1/orgs/jc-test/tickets", body, content_type="application/json", **headers
    )
    assert first.status_code == second.status_code == 201
    assert json.loads(first.content)["id"] == json.loads(second.content)["id"]
    assert second["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"area": "kasse"}, "area"),
        ({"kind": "brief"}, "kind"),
        ({"concern": "  "}, "concern"),
        ({"customer_number": "UNBEKANNT"}, "customer_number"),
        ({"received_at": "gestern"}, "received_at"),
    ],
)
def test_bad_input_is_rejected_and_changes_nothing(
    api, agent, cust, unchanged, travel, overrides, field
):
    travel("2026-11-23 10:00")
    with unchanged():
        response = _create(api, agent, cust, **overrides)
    assert_problem(response, 422, fields=(field,))
    assert not Ticket.objects.exists()


def test_commitment_and_completion(api, world, agent, cust, travel):
    travel("2026-11-23 10:00")
    ticket_id = json.loads(_create(api, agent, cust).content)["id"]
    travel("2026-11-27 10:00")
    response = api.post(
        f"/orgs/jc-test/tickets/{ticket_id}/commitment",
        {"promised_date": "2026-12-04", "note": "Bescheid folgt"},
        user=world.worker,
    )
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["due_date"] == "2026-12-04"
    past = api.post(
        f"/orgs/jc-test/tickets/{ticket_id}/commitment",
        {"promised_date": "2026-11-01", "note": "x"},
        user=world.worker,
    )
    assert_problem(past, 422, fields=("promised_date",))
    blank = api.post(
        f"/orgs/jc-test/tickets/{ticket_id}/complete", {"resolution": " "}, user=world.worker
    )
    assert_problem(blank, 422, fields=("resolution",))
    done = api.post(
        f"/orgs/jc-test/tickets/{ticket_id}/complete",
        {"resolution": "Bescheid erläutert"},
        user=world.worker,
    )
    assert done.status_code == 200
    assert json.loads(done.content)["status"] == "completed"
    twice = api.post(
        f"/orgs/jc-test/tickets/{ticket_id}/complete", {"resolution": "nochmal"}, user=world.worker
    )
    assert_problem(twice, 409)
    assert Completion.objects.count() == 1


def test_other_organisation_sees_nothing(api, world, other, agent, cust, travel):
    travel("2026-11-23 10:00")
    ticket_id = json.loads(_create(api, agent, cust).content)["id"]
    assert_problem(api.get(f"/orgs/jc-test/tickets/{ticket_id}", user=other.tl), 404)
    assert_problem(api.get(f"/orgs/jc-other/tickets/{ticket_id}", user=other.tl), 404)
    response = api.post(
        f"/orgs/jc-other/tickets/{ticket_id}/complete", {"resolution": "x"}, user=other.tl
    )
    assert_problem(response, 404)


def test_colleague_sees_no_ticket_and_provider_may_not_create(api, world, agent, cust, travel):
    travel("2026-11-23 10:00")
    ticket_id = json.loads(_create(api, agent, cust).content)["id"]
    assert_problem(api.get(f"/orgs/jc-test/tickets/{ticket_id}", user=world.worker2), 404)
    assert_problem(_create(api, world.provider, cust), 403)


def test_team_controlling_for_leads_only(api, world, agent, cust, travel):
    travel("2026-11-23 10:00")
    _create(api, agent, cust)
    response = api.get(f"/orgs/jc-test/teams/{world.team.id}/ticket-controlling", user=world.tl)
    rows = {r["username"]: r for r in json.loads(response.content)}
    assert rows["worker"]["open"] == 1
    assert_problem(
        api.get(f"/orgs/jc-test/teams/{world.team.id}/ticket-controlling", user=world.worker), 403
    )
