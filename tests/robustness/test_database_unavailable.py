"""Issue 14 (soak finding): while PostgreSQL restarts, the API answers 503 with Retry-After and a
German problem, and the pages a 503 page that needs no database — not a 500. A lost race stays a
409; any other database error stays a 500."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, OperationalError

from anliegen.core.errors import database_unavailable
from anliegen.tickets import actions
from tests.api.conftest import assert_problem
from tests.robustness.test_lock_conflict import _failing
from tests.robustness.test_lock_conflict import ticket as ticket_fixture

ticket = ticket_fixture


class _Cause(Exception):
    def __init__(self, sqlstate: str | None) -> None:
        super().__init__("boom")
        self.sqlstate = sqlstate


def _error(kind: type[Exception], sqlstate: str | None) -> Exception:
    exc = kind("server closed the connection unexpectedly")
    exc.__cause__ = _Cause(sqlstate)
    return exc


@pytest.mark.parametrize("sqlstate", [None, "08006", "08001", "57P01", "57P03", "53300"])
def test_connection_loss_and_restart_are_unavailable(sqlstate):
    message = database_unavailable(_error(OperationalError, sqlstate))
    assert message is not None
    assert "nicht erreichbar" in message


@pytest.mark.parametrize("sqlstate", ["40P01", "23505", "42P01"])
def test_other_database_errors_are_not(sqlstate):
    assert database_unavailable(_error(OperationalError, sqlstate)) is None


def test_a_plain_database_error_is_not_unavailable():
    assert database_unavailable(_error(DatabaseError, None)) is None


UNAVAILABLE = (
    "Die Datenbank ist im Moment nicht erreichbar. Bitte senden Sie die Anfrage in einigen "
    "Sekunden erneut."
)


def test_api_answers_503_problem_with_retry_after(api, world, ticket, monkeypatch):
    monkeypatch.setattr(actions, "complete_ticket", _failing("57P01"))
    response = api.post(
        f"/orgs/jc-test/tickets/{ticket.id}/complete", {"resolution": "ok"}, world.worker
    )
    assert_problem(response, 503, detail=UNAVAILABLE)
    assert response["Retry-After"] == "5"


def test_page_answers_503_without_asking_the_database(client, world, ticket, monkeypatch):
    monkeypatch.setattr(actions, "complete_ticket", _failing("08006"))
    client.force_login(world.worker)
    response = client.post(
        f"/o/{world.org.slug}/tickets/{ticket.id}/erledigen/", {"complete-resolution": "ok"}
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Kurz nicht erreichbar" in page
    assert UNAVAILABLE in page
