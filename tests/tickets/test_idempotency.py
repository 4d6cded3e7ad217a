"""Issue 14, fault 5 (TKT-01): an ``Idempotency-Key`` belongs to one request. The same key with
the same body returns the first ticket; with another body it is refused (422, German) and
nothing changes, also when both requests arrive at the same moment."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connections

from anliegen.core.errors import InvalidInput
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import create_ticket
from anliegen.tickets.models import Ticket
from anliegen.work.models import WorkItem
from tests.api.conftest import assert_problem


def _args(world, agent, customer, **overrides):
    args = {
        "actor": agent,
        "scope": scope_for(agent, world.org),
        "area": "benefits",
        "customer_number": customer.customer_number,
        "concern": "Frage zum Bescheid",
        "idempotency_key": "sc-4711",
    }
    args.update(overrides)
    return args


def test_same_key_same_request_returns_the_first_ticket(world, agent, sc_customer):
    first, created = create_ticket(**_args(world, agent, sc_customer))
    again, created_again = create_ticket(
        **_args(world, agent, sc_customer, concern=" Frage zum Bescheid ")
    )
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    assert len(first.idempotency_hash) == 64


@pytest.mark.parametrize(
    "overrides",
    [
        {"concern": "Eine ganz andere Frage"},
        {"area": "integration"},
        {"kind": "callback"},
    ],
)
def test_same_key_with_another_request_is_refused(world, agent, sc_customer, overrides):
    """Fault 5: before the fix the first ticket came back silently."""
    create_ticket(**_args(world, agent, sc_customer))
    with pytest.raises(InvalidInput) as exc:
        create_ticket(**_args(world, agent, sc_customer, **overrides))
    assert "idempotency_key" in exc.value.errors
    assert Ticket.objects.count() == 1
    assert WorkItem.objects.count() == 1


def test_another_customer_under_the_same_key_is_refused(world, agent, sc_customer):
    from tests.factories import make_customer

    create_ticket(**_args(world, agent, sc_customer))
    second = make_customer(world, contact_person=world.worker)
    with pytest.raises(InvalidInput):
        create_ticket(**_args(world, agent, second))
    assert Ticket.objects.get().customer == sc_customer


def test_old_tickets_without_hash_are_replayed(world, agent, sc_customer):
    """Tickets stored before the hash was kept are returned as before."""
    first, _created = create_ticket(**_args(world, agent, sc_customer))
    Ticket.objects.filter(id=first.id).update(idempotency_hash="")
    again, created = create_ticket(**_args(world, agent, sc_customer, concern="anders"))
    assert (again.id, created) == (first.id, False)


def _post(api, agent, key, body):
    return api.client.post(
        "/api/v1/orgs/jc-test/tickets",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.token(agent)}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_api_answers_422_in_german(api, world, agent, sc_customer, travel):
    travel("2026-11-23 10:00")
    body = {"area": "benefits", "customer_number": sc_customer.customer_number, "concern": "x"}
    assert _post(api, agent, "k-1", body).status_code == 201
    replay = _post(api, agent, "k-1", body)
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    problem = assert_problem(
        _post(api, agent, "k-1", {**body, "concern": "y"}), 422, fields=("idempotency_key",)
    )
    assert "Idempotency-Key" in problem["detail"]
    assert "bereits" in problem["detail"]
    assert Ticket.objects.count() == 1


def _race(world, agent, customer, concerns):
    barrier = threading.Barrier(len(concerns))
    outcomes: list[object] = []

    def attempt(concern):
        try:
            scope = scope_for(agent, world.org)
            barrier.wait()
            ticket, _created = create_ticket(
                **_args(world, agent, customer, concern=concern, scope=scope)
            )
            outcomes.append(ticket.id)
        except InvalidInput:
            outcomes.append("422")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in concerns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_same_key_same_body_makes_one_ticket(world, agent, sc_customer):
    outcomes = _race(world, agent, sc_customer, ["gleich"] * 4)
    assert len(set(outcomes)) == 1
    assert Ticket.objects.count() == 1
    assert WorkItem.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_same_key_different_bodies_one_wins(world, agent, sc_customer):
    """Of two different requests under one key exactly one creates the ticket; the other
    gets the 422, never the wrong ticket (PostgreSQL: the unique constraint decides)."""
    outcomes = _race(world, agent, sc_customer, ["erste Frage", "zweite Frage"])
    assert outcomes.count("422") == 1
    ticket = Ticket.objects.get()
    assert ticket.id in outcomes
    assert WorkItem.objects.count() == 1
