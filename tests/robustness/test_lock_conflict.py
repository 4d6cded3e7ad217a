"""Issue 14, fault 1, the safety net: should a database still report a deadlock or a
serialisation failure, the API answers a German 409 problem and the pages a German 409 page —
never a 500 (``core.errors.lock_conflict``). Any other database error stays a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError

from anliegen.org.roles import Role
from anliegen.org.scope import scope_for
from anliegen.tickets import actions
from anliegen.tickets.actions import create_ticket
from tests.api.conftest import assert_problem
from tests.factories import make_customer, make_user

RETRY = (
    "Jemand anderes hat dies im selben Moment geändert; es wurde nichts gespeichert. "
    "Bitte laden Sie neu und versuchen Sie es noch einmal."
)


class _DriverError(Exception):
    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _failing(sqlstate: str) -> Any:
    def fail(**_kwargs: Any) -> None:
        try:
            raise _DriverError("deadlock detected", sqlstate)
        except _DriverError as cause:
            raise OperationalError("deadlock detected") from cause

    return fail


@pytest.fixture
def ticket(world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    agent = make_user("agent", org=world.org, role=Role.PHONE_AGENT)
    customer = make_customer(world, contact_person=world.worker)
    created, _new = create_ticket(
        actor=agent,
        scope=scope_for(agent, world.org),
        area="benefits",
        customer_number=customer.customer_number,
        concern="Frage",
    )
    return created


@pytest.mark.parametrize("sqlstate", ["40P01", "40001", "55P03"])
def test_api_answers_a_lost_race_with_a_german_409(api, world, ticket, monkeypatch, sqlstate):
    monkeypatch.setattr(actions, "complete_ticket", _failing(sqlstate))
    response = api.post(
        f"/orgs/jc-test/tickets/{ticket.id}/complete", {"resolution": "ok"}, world.worker
    )
    assert_problem(response, 409, detail=RETRY)


def test_api_keeps_other_database_errors_a_500(api, world, ticket, monkeypatch):
    monkeypatch.setattr(actions, "complete_ticket", _failing("23505"))
    response = api.post(
        f"/orgs/jc-test/tickets/{ticket.id}/complete", {"resolution": "ok"}, world.worker
    )
    assert_problem(response, 500)


def test_page_answers_a_lost_race_with_a_german_409_page(client, world, ticket, monkeypatch):
    monkeypatch.setattr(actions, "complete_ticket", _failing("40P01"))
    client.force_login(world.worker)
    response = client.post(
        f"/o/{world.org.slug}/tickets/{ticket.id}/erledigen/", {"complete-resolution": "ok"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Gleichzeitig geändert" in page
    assert RETRY in page
